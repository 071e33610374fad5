#pragma once
// What endpoints may use: the connection pool, the caches and the tile engine. Database failures become 503s
// here, once, rather than in every endpoint.
#include <string>

#include <pqxx/pqxx>

#include "api/api_keys.hpp"
#include "api/geometry_cache.hpp"
#include "catalog/catalogue_cache.hpp"
#include "db/pool.hpp"
#include "db/session.hpp"
#include "tiles/tile_cache.hpp"
#include "stats/source/level_cache.hpp"
#include "tiles/tile_engine.hpp"

namespace covermap::api {

using stats::source::level_cache;

// The prepared statements every pooled connection carries (api/sql/*.sql and the statistics
// source's, by file stem).
void prepare_statements(pqxx::connection& conn);

// What the web map needs from the configuration.
struct web_settings {
    std::string web_dir;             // public/ and MapLibre (api/web_files.hpp); empty: API only, no map
    std::string frame_ancestors = "*";  // Content-Security-Policy frame-ancestors of the pages
    std::string basemap_style;       // optional MapLibre style URL under the boundaries
};

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
    catalog::catalogue_cache& catalogue;  // editions, levels, snapshots: one per data version
    geometry_cache& geometries;
    int statement_timeout_ms;  // what pooled connections have; imports lift it for their own work
    double max_bbox_deg2;      // largest items bbox (square degrees); 0: no limit

    // Run `work` in a read-only transaction on a pooled connection (db/session.hpp: a lost or
    // unavailable connection is a db_error, 503; SQL errors propagate). The transaction knows the
    // catalogue at its version (catalog::catalogued_read), read from the cache when first asked for.
    template <typename Fn>
    auto read(Fn&& work) -> decltype(work(std::declval<pqxx::read_transaction&>())) {
        return db::with_connection(pool, [&](pqxx::connection& conn) {
            catalog::catalogued_read tx(conn, &catalogue);
            return work(tx);
        });
    }
};

// Pool connections for work of its own (a write transaction, an import): db/session.hpp's.
using db::with_connection;

}  // namespace covermap::api
