#pragma once
// An in-memory LRU of finished tiles (gzip bytes and their ETag), capped in bytes: the one versioned
// LRU of core/lru_cache.hpp, keyed by tile and scope. An entry built from another data version than
// the one asked for is never returned; when the version moves on, the server drops the stale ones.
#include <cstddef>
#include <memory>
#include <string>

#include "core/lru_cache.hpp"

namespace covermap::tiles {

struct cached_tile {
    std::shared_ptr<const std::string> gzip;  // the gzip-compressed tile; null for an empty tile (204)
    std::string etag;      // strong validator of the uncompressed bytes, quoted, without encoding suffix
    std::size_t raw_size = 0;
    long long version = 0;  // data version it was built from
};

using cache_stats = core::lru_stats;

class tile_cache {
public:
    explicit tile_cache(std::size_t capacity_bytes) : lru_(capacity_bytes) {}

    bool enabled() const { return lru_.enabled(); }
    // The entry for `key` built from `version`, if present (and marks it recently used); counts a
    // hit or a miss.
    std::shared_ptr<const cached_tile> get(const std::string& key, long long version) { return lru_.get(key, version); }
    // Stores (or replaces) the entry, evicting the least recently used beyond the capacity. An
    // entry larger than the whole capacity is not kept.
    void put(const std::string& key, std::shared_ptr<const cached_tile> tile) {
        if (!tile) return;
        const std::size_t cost = cost_of(key, *tile);
        const long long version = tile->version;
        lru_.put(key, std::move(tile), cost, version);
    }
    // Drops every entry built from a version other than `version`; returns how many.
    std::size_t drop_stale(long long version) { return lru_.drop_other_versions(version); }
    void clear() { lru_.clear(); }
    cache_stats stats() const { return lru_.stats(); }

    // The bytes held plus a rough allowance for the list node, map slot and strings' headers.
    static std::size_t cost_of(const std::string& key, const cached_tile& tile) {
        return key.size() * 2 + (tile.gzip ? tile.gzip->size() : 0) + tile.etag.size() + 160;
    }

private:
    core::lru_cache<std::string, cached_tile> lru_;
};

}  // namespace covermap::tiles
