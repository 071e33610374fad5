#include "tiles/tile_cache.hpp"

namespace covermap::tiles {

std::size_t tile_cache::cost_of(const std::string& key, const cached_tile& tile) {
    // The bytes held plus a rough allowance for the list node, map slot and strings' headers.
    return key.size() * 2 + (tile.gzip ? tile.gzip->size() : 0) + tile.etag.size() + 160;
}

std::shared_ptr<const cached_tile> tile_cache::get(const std::string& key) {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto it = index_.find(key);
    if (it == index_.end()) {
        ++misses_;
        return nullptr;
    }
    ++hits_;
    order_.splice(order_.begin(), order_, it->second);
    return it->second->tile;
}

void tile_cache::erase(std::list<entry>::iterator it) {
    bytes_ -= it->cost;
    index_.erase(it->key);
    order_.erase(it);
}

void tile_cache::put(const std::string& key, std::shared_ptr<const cached_tile> tile) {
    if (!enabled() || !tile) return;
    const std::size_t cost = cost_of(key, *tile);
    std::lock_guard<std::mutex> lock(mutex_);
    if (const auto it = index_.find(key); it != index_.end()) erase(it->second);
    if (cost > capacity_) return;
    while (bytes_ + cost > capacity_ && !order_.empty()) {
        erase(std::prev(order_.end()));
        ++evictions_;
    }
    order_.push_front(entry{key, std::move(tile), cost});
    index_.emplace(key, order_.begin());
    bytes_ += cost;
}

std::size_t tile_cache::drop_stale(long long version) {
    std::lock_guard<std::mutex> lock(mutex_);
    std::size_t dropped = 0;
    for (auto it = order_.begin(); it != order_.end();) {
        const auto next = std::next(it);
        if (it->tile->version != version) {
            erase(it);
            ++dropped;
        }
        it = next;
    }
    return dropped;
}

void tile_cache::clear() {
    std::lock_guard<std::mutex> lock(mutex_);
    order_.clear();
    index_.clear();
    bytes_ = 0;
}

cache_stats tile_cache::stats() const {
    std::lock_guard<std::mutex> lock(mutex_);
    cache_stats s;
    s.hits = hits_;
    s.misses = misses_;
    s.evictions = evictions_;
    s.entries = static_cast<long long>(index_.size());
    s.bytes = bytes_;
    s.capacity = capacity_;
    return s;
}

}  // namespace covermap::tiles
