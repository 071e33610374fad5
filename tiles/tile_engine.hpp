#pragma once
// Builds vector tiles in memory. Per data version it reads, once and on first use, each level's
// generalised polygons per zoom band (or points), indexed on a grid, and each level's feature
// attributes per registry snapshot; a tile is then clipped and encoded without a database round
// trip. The server's tile cache sits in front of it; `covermap tiles seed|export` drive it too.
#include <atomic>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "catalog/catalogue_cache.hpp"
#include "db/pool.hpp"
#include "geo/geometry.hpp"
#include "tiles/mvt.hpp"
#include "tiles/tile_grid.hpp"
#include "tiles/tilesets.hpp"

namespace covermap::tiles {

// Editions, their levels and snapshots: the one catalogue (catalog/catalogue.hpp).
using catalogue = catalog::catalogue;

// What a tile shows: an edition and a registry snapshot (none when the edition has no registry);
// with `compare`, a second snapshot of the edition: features then also carry the change since it
// (coverage_rate_change, covered_hamlets_change, teams_change, members_change = value at as_of
// minus value at compare) on the levels both snapshots have figures for.
struct tile_scope {
    const catalog::edition* edition = nullptr;
    std::optional<std::string> as_of;
    std::optional<std::string> compare;
    long long version = 0;
};

// A field of a layer, for TileJSON's vector_layers.
struct field_spec {
    std::string name;
    std::string type;  // "Number" or "String"
};

class tile_engine {
public:
    // Sharing the server's catalogue, or (the command line, tests) with one of its own.
    tile_engine(db::pool& pool, catalog::catalogue_cache& catalogues);
    explicit tile_engine(db::pool& pool);

    // The data version the engine serves. The server's change listener moves it on NOTIFY (and the
    // catalogue's); data read for an older version is dropped. Until set, the first catalogue read sets it.
    void set_version(long long version);
    long long version() const { return version_.load(); }

    // The catalogue at the current version (catalog::catalogue_cache::current: no database round
    // trip while it is kept).
    std::shared_ptr<const catalogue> current_catalogue();
    // The scope of `edition` / `as_of` / `compare` (defaults: newest edition, latest snapshot, no
    // comparison): catalog::resolve in the tiles' wording, an unknown name or date an input_error
    // naming the parameter and the valid values.
    static tile_scope resolve(const catalogue& cat, const std::optional<std::string>& edition,
                              const std::optional<std::string>& as_of,
                              const std::optional<std::string>& compare = std::nullopt);

    // The tile's MVT bytes (uncompressed); empty when no layer has a feature in it.
    std::string render(const tileset_spec& tileset, const tile_id& tile, const tile_scope& scope);

    // The attributes features of a level carry (for TileJSON).
    std::vector<field_spec> fields(const tile_scope& scope, const std::string& level);
    // The attributes the features of a tileset's layer carry (a label layer: name and province_code).
    std::vector<field_spec> fields(const tile_scope& scope, const layer_spec& layer);

    struct shape {
        long long id;
        geo::box bbox;
        geo::multipolygon geom;
        std::vector<geo::box> parts;  // each part's box, so the encoder skips parts off the tile unread
    };
    struct point {
        long long id;
        geo::xy at;
    };
    // A level's geometry for one zoom band, with a uniform grid over its extent.
    class shape_set;
    struct attribute_set;

private:
    template <typename T>
    struct slot {
        long long version;
        std::shared_future<std::shared_ptr<const T>> value;
    };
    template <typename T, typename Load>
    std::shared_ptr<const T> get_or_load(std::map<std::string, slot<T>>& slots, const std::string& key, long long version,
                                         Load&& load);
    std::shared_ptr<const shape_set> shapes(const tile_scope& scope, const std::string& level, int zoom);
    // The level's label points (points only).
    std::shared_ptr<const shape_set> label_points(const tile_scope& scope, const std::string& level);
    std::shared_ptr<const attribute_set> attributes(const tile_scope& scope, const std::string& level);
    // Runs `work` in a read-only transaction; a lost connection becomes a db_error.
    template <typename Fn>
    auto read(Fn&& work);

    db::pool& pool_;
    std::unique_ptr<catalog::catalogue_cache> own_catalogues_;
    catalog::catalogue_cache& catalogues_;
    std::atomic<long long> version_{-1};
    std::mutex mutex_;
    std::map<std::string, slot<shape_set>> shapes_;
    std::map<std::string, slot<attribute_set>> attributes_;
};

}  // namespace covermap::tiles
