#pragma once
// What endpoints may use: the connection pool, the caches and the tile engine. Database failures become 503s
// here, once, rather than in every endpoint.
#include <string>

#include <pqxx/pqxx>

#include "api/api_keys.hpp"
#include "api/geometry_cache.hpp"
#include "api/level_cache.hpp"
#include "db/pool.hpp"
#include "tiles/tile_cache.hpp"
#include "tiles/tile_engine.hpp"

namespace covermap::api {

// The prepared statements every pooled connection carries (api/sql/*.sql, by file stem).
void prepare_statements(pqxx::connection& conn);

// What the web map needs from the configuration.
struct web_settings {
    std::string web_dir;             // public/ and MapLibre (api/web_files.hpp); empty: API only, no map
    std::string frame_ancestors = "*";  // Content-Security-Policy frame-ancestors of the pages
    std::string basemap_style;       // optional MapLibre style URL under the boundaries
};

class features_catalogue_cache;

struct services {
    db::pool& pool;
    api_keys& keys;
    std::size_t max_upload_bytes;
    level_cache& levels;
    tiles::tile_engine& tiles;
    tiles::tile_cache& tile_cache;
    std::string tile_cache_control;  // Cache-Control of tiles and TileJSON
    int tile_gzip_level;
    const web_settings& web;
    features_catalogue_cache& features;
    geometry_cache& geometries;
    int statement_timeout_ms;  // what pooled connections have; imports lift it for their own work
    double max_bbox_deg2;      // largest items bbox (square degrees); 0: no limit

    // Run `work` in a read-only transaction on a pooled connection. A lost connection is dropped
    // from the pool and reported as api_error 503; SQL errors propagate.
    template <typename Fn>
    auto read(Fn&& work) -> decltype(work(std::declval<pqxx::read_transaction&>()));
};

// Pool connections for work of its own (a write transaction, an import).
template <typename Fn>
auto with_connection(db::pool& pool, Fn&& work) -> decltype(work(std::declval<pqxx::connection&>()));

[[noreturn]] void throw_unavailable(const std::string& what);

// A pooled connection; none free in time or the database unreachable is a 503.
db::pool::lease lease_connection(db::pool& pool);

template <typename Fn>
auto with_connection(db::pool& pool, Fn&& work) -> decltype(work(std::declval<pqxx::connection&>())) {
    auto lease = lease_connection(pool);
    try {
        return work(*lease);
    } catch (const pqxx::broken_connection& e) {
        lease.discard();
        throw_unavailable(std::string("database connection lost: ") + e.what());
    }
}

template <typename Fn>
auto services::read(Fn&& work) -> decltype(work(std::declval<pqxx::read_transaction&>())) {
    return with_connection(pool, [&](pqxx::connection& conn) {
        pqxx::read_transaction tx(conn);
        return work(tx);
    });
}

}  // namespace covermap::api
