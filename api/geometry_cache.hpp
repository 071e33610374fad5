#pragma once
// GeoJSON geometries already written, by unit and CRS, for the data version they were read in:
// a page of 1,000 communes is ~24 MB of coordinates that PostGIS would otherwise detoast and send
// and the server format again for every request. Least recently used first out beyond the budget;
// everything out when the data version changes. Budget 0 keeps nothing.
#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace covermap::api {

class geometry_cache {
public:
    explicit geometry_cache(std::size_t budget_bytes) : budget_(budget_bytes) {}

    std::shared_ptr<const std::string> find(long long version, long long id, int crs);
    void put(long long version, long long id, int crs, std::shared_ptr<const std::string> geometry);

    struct stats {
        std::size_t entries, bytes, hits, misses;
    };
    stats statistics();
    void clear();

private:
    struct key {
        long long id;
        int crs;
        bool operator==(const key& o) const { return id == o.id && crs == o.crs; }
    };
    struct key_hash {
        std::size_t operator()(const key& k) const { return std::hash<long long>()(k.id * 31 + k.crs); }
    };
    struct entry {
        key k;
        std::shared_ptr<const std::string> geometry;
    };
    void reset_for(long long version);  // with the lock held

    std::mutex mutex_;
    std::size_t budget_;
    std::size_t bytes_ = 0, hits_ = 0, misses_ = 0;
    long long version_ = -1;
    std::list<entry> order_;  // most recently used first
    std::unordered_map<key, std::list<entry>::iterator, key_hash> index_;
};

}  // namespace covermap::api
