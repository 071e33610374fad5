#pragma once
// What the OGC API – Features endpoints share (api/ogc_documents.* and api/features_endpoint.*): the
// catalogue the collections are described from (read once per data version), the collections
// resolved against it, their JSON documents, and the read transaction a request holds while its
// answer streams.
#include <algorithm>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "api/features.hpp"
#include "api/http.hpp"
#include "api/services.hpp"
#include "db/pool.hpp"
#include "db/session.hpp"

namespace covermap::api {

inline const char* const geojson_type = "application/geo+json";
inline const char* const json_type = "application/json";
inline const char* const schema_type = "application/schema+json";

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

// The kind's name in the OpenAPI and filter tables (api/openapi.cpp).
const char* kind_name(ogc::collection_kind kind);

// One collection, resolved against the catalogue.
struct collection {
    ogc::collection_ref ref;
    const features_catalogue::edition* edition = nullptr;
    const features_catalogue::level* level = nullptr;  // teams: the hamlet level (its extent)
    bool is_default = false;
    std::string id;
};

std::vector<collection> all_collections(const features_catalogue& cat);
// The collection an id names ("communes", "communes_2025"); a 404 for no collection.
collection resolve_collection(const features_catalogue& cat, const std::string& id);
std::string title_of(const collection& c);
nlohmann::json crs_list();
nlohmann::json collection_json(const request& req, const collection& c);

// A JSON document as the answer.
response json_response(const nlohmann::json& body, const std::string& type = json_type);

// The database work of one request, kept open while a page streams (one snapshot of the data).
struct held_read {
    db::pool::lease lease;
    pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> tx;
    explicit held_read(db::pool::lease l) : lease(std::move(l)), tx(*lease) {}
};

std::shared_ptr<held_read> open_read(services& svc);

// Runs `work` on a held read (db/session.hpp: a connection lost on the way is a db_error, 503).
template <typename Fn>
auto guarded(held_read& read, Fn&& work) -> decltype(work()) {
    return db::guarded(read.lease, std::forward<Fn>(work));
}

}  // namespace covermap::api
