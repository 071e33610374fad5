#pragma once
// OGC API – Features (Part 1 core, GeoJSON, OpenAPI 3.0; Part 2 CRS) over the boundaries, the
// teams and the coverage figures: landing page, conformance, API description, collections and
// their items. Items pages are streamed from PostGIS in chunks, never built whole.
#include <algorithm>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "api/http.hpp"
#include "api/services.hpp"

namespace covermap::api {

// What the collections documents describe, read once per data version.
struct features_catalogue {
    struct level {
        std::string name;
        long long units = 0;
        std::optional<std::vector<double>> bbox;  // CRS84 min x, min y, max x, max y
    };
    struct snapshot {
        std::string as_of;
        long long teams = 0;
        std::optional<std::string> first_founded, last_founded;
        // Another edition's snapshot carried onto this one's units (issue 17): from where, how, and
        // the levels with figures.
        std::optional<std::string> converted_from;
        std::string method;
        std::vector<std::string> levels;

        bool has_level(const std::string& level) const {
            return !converted_from || std::find(levels.begin(), levels.end(), level) != levels.end();
        }
    };
    struct edition {
        long long id = 0;
        std::string name, title;
        std::optional<std::string> valid_from, valid_to;
        std::vector<level> levels;
        std::vector<snapshot> snapshots;  // oldest first

        // The newest of the edition's own snapshots, else (unless own_only) the newest converted
        // one; null without any.
        const snapshot* latest(bool own_only = false) const;
        const snapshot* find(const std::string& as_of) const;
    };
    long long version = -1;
    std::string default_edition;
    std::vector<edition> editions;
};

class features_catalogue_cache {
public:
    std::shared_ptr<const features_catalogue> get(pqxx::transaction_base& tx);
    void clear();

private:
    std::mutex mutex_;
    std::shared_ptr<const features_catalogue> current_;
};

response landing_page(const request& req, services& svc);
response conformance(const request& req, services& svc);
response openapi_document(const request& req, services& svc);
response api_html(const request& req, services& svc);
response list_collections(const request& req, services& svc);
response get_collection(const request& req, services& svc);
response collection_queryables(const request& req, services& svc);
response collection_schema(const request& req, services& svc);
response collection_items(const request& req, services& svc);
response collection_item(const request& req, services& svc);

// Whether a request for "/" wants the web map (a browser) rather than the landing page (JSON).
bool wants_html(const request& req);

}  // namespace covermap::api
