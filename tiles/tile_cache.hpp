#pragma once
// An in-memory LRU of finished tiles (gzip bytes and their ETag), capped in bytes. Keys carry the
// data version the tile was built from; when the version moves on, the stale entries are dropped.
#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace covermap::tiles {

struct cached_tile {
    std::shared_ptr<const std::string> gzip;  // the gzip-compressed tile; null for an empty tile (204)
    std::string etag;      // strong validator of the uncompressed bytes, quoted, without encoding suffix
    std::size_t raw_size = 0;
    long long version = 0;  // data version it was built from
};

struct cache_stats {
    long long hits = 0, misses = 0, evictions = 0, entries = 0;
    std::size_t bytes = 0, capacity = 0;
};

class tile_cache {
public:
    explicit tile_cache(std::size_t capacity_bytes) : capacity_(capacity_bytes) {}

    bool enabled() const { return capacity_ > 0; }
    // The entry for `key` if present (and marks it recently used); counts a hit or a miss.
    std::shared_ptr<const cached_tile> get(const std::string& key);
    // Stores (or replaces) the entry, evicting the least recently used beyond the capacity. An
    // entry larger than the whole capacity is not kept.
    void put(const std::string& key, std::shared_ptr<const cached_tile> tile);
    // Drops every entry built from a version other than `version`; returns how many.
    std::size_t drop_stale(long long version);
    void clear();
    cache_stats stats() const;

private:
    struct entry {
        std::string key;
        std::shared_ptr<const cached_tile> tile;
        std::size_t cost;
    };
    static std::size_t cost_of(const std::string& key, const cached_tile& tile);
    void erase(std::list<entry>::iterator it);

    std::size_t capacity_;
    mutable std::mutex mutex_;
    std::list<entry> order_;  // most recently used first
    std::unordered_map<std::string, std::list<entry>::iterator> index_;
    std::size_t bytes_ = 0;
    long long hits_ = 0, misses_ = 0, evictions_ = 0;
};

}  // namespace covermap::tiles
