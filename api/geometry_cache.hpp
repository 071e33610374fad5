#pragma once
// GeoJSON geometries already written, by unit and CRS, for the data version they were read in:
// a page of 1,000 communes is ~24 MB of coordinates that PostGIS would otherwise detoast and send
// and the server format again for every request. The one versioned LRU of core/lru_cache.hpp:
// least recently used first out beyond the budget; everything out when a newer data version is
// seen. Budget 0 keeps nothing.
#include <atomic>
#include <cstddef>
#include <memory>
#include <string>

#include "core/lru_cache.hpp"

namespace covermap::api {

class geometry_cache {
public:
    explicit geometry_cache(std::size_t budget_bytes) : lru_(budget_bytes) {}

    std::shared_ptr<const std::string> find(long long version, long long id, int crs);
    void put(long long version, long long id, int crs, std::shared_ptr<const std::string> geometry);

    struct stats {
        std::size_t entries, bytes, hits, misses;
    };
    stats statistics() const;
    void clear() { lru_.clear(); }

private:
    struct key {
        long long id;
        int crs;
        bool operator==(const key& o) const { return id == o.id && crs == o.crs; }
    };
    struct key_hash {
        std::size_t operator()(const key& k) const { return std::hash<long long>()(k.id * 31 + k.crs); }
    };
    // A newer version than any seen: the older versions' geometries go at once (they are never
    // returned again, and would only hold memory until evicted).
    void see(long long version);

    core::lru_cache<key, std::string, key_hash> lru_;
    std::atomic<long long> newest_{-1};
};

}  // namespace covermap::api
