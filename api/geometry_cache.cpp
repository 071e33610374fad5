#include "api/geometry_cache.hpp"

namespace covermap::api {

void geometry_cache::see(long long version) {
    long long newest = newest_.load();
    while (version > newest) {
        if (newest_.compare_exchange_weak(newest, version)) {
            lru_.drop_other_versions(version);
            return;
        }
    }
}

std::shared_ptr<const std::string> geometry_cache::find(long long version, long long id, int crs) {
    see(version);
    return lru_.get({id, crs}, version);
}

void geometry_cache::put(long long version, long long id, int crs, std::shared_ptr<const std::string> geometry) {
    if (!geometry) return;
    see(version);
    const std::size_t cost = geometry->size() + 96;  // the text plus the list node, map slot and key
    lru_.put({id, crs}, std::move(geometry), cost, version);
}

geometry_cache::stats geometry_cache::statistics() const {
    const auto s = lru_.stats();
    return {static_cast<std::size_t>(s.entries), s.bytes, static_cast<std::size_t>(s.hits), static_cast<std::size_t>(s.misses)};
}

}  // namespace covermap::api
