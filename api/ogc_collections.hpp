#pragma once
// What the OGC API – Features endpoints share (api/ogc_documents.* and api/features_endpoint.*): the
// collections
// resolved against it, their JSON documents, and the read transaction a request holds while its
// answer streams.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "api/features.hpp"
#include "api/http.hpp"
#include "api/services.hpp"
#include "catalog/catalogue.hpp"
#include "db/pool.hpp"
#include "db/session.hpp"

namespace covermap::api {

inline const char* const geojson_type = "application/geo+json";
inline const char* const json_type = "application/json";
inline const char* const schema_type = "application/schema+json";

// The kind's name in the OpenAPI and filter tables (api/openapi.cpp).
const char* kind_name(ogc::collection_kind kind);

// One collection, resolved against the catalogue (catalog/catalogue.hpp: services::catalogue).
struct collection {
    ogc::collection_ref ref;
    const catalog::edition* edition = nullptr;
    const catalog::level* level = nullptr;  // teams: the hamlet level (its extent)
    bool is_default = false;
    std::string id;
};

std::vector<collection> all_collections(const catalog::catalogue& cat);
// The collection an id names ("communes", "communes_2025"); a 404 for no collection.
collection resolve_collection(const catalog::catalogue& cat, const std::string& id);
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
