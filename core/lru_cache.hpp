#pragma once
// One least-recently-used cache for what the server keeps between requests (finished tiles, GeoJSON
// geometries): capped in bytes (each entry says what it costs), thread-safe, and versioned — every
// entry remembers the data version it was built from, and an entry of another version is never
// returned. A capacity of 0 keeps nothing.
#include <cstddef>
#include <functional>
#include <iterator>
#include <list>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <utility>

namespace covermap::core {

struct lru_stats {
    long long hits = 0, misses = 0, evictions = 0, entries = 0;
    std::size_t bytes = 0, capacity = 0;
};

template <class Key, class Value, class Hash = std::hash<Key>>
class lru_cache {
public:
    explicit lru_cache(std::size_t capacity_bytes) : capacity_(capacity_bytes) {}

    bool enabled() const { return capacity_ > 0; }

    // The entry for `key` built from `version`, marked recently used; null (a miss) when absent
    // or built from another version. That entry stays: a request still reading an older version
    // must not throw out what the newer ones use; drop_other_versions or a put replaces it.
    std::shared_ptr<const Value> get(const Key& key, long long version) {
        std::lock_guard<std::mutex> lock(mutex_);
        const auto it = index_.find(key);
        if (it == index_.end() || it->second->version != version) {
            ++misses_;
            return nullptr;
        }
        ++hits_;
        order_.splice(order_.begin(), order_, it->second);
        return it->second->value;
    }

    // Stores (or replaces) the entry, evicting the least recently used beyond the capacity. An
    // entry costing more than the whole capacity is not kept.
    void put(const Key& key, std::shared_ptr<const Value> value, std::size_t cost, long long version) {
        if (!enabled() || !value) return;
        std::lock_guard<std::mutex> lock(mutex_);
        if (const auto it = index_.find(key); it != index_.end()) erase(it->second);
        if (cost > capacity_) return;
        while (bytes_ + cost > capacity_ && !order_.empty()) {
            erase(std::prev(order_.end()));
            ++evictions_;
        }
        order_.push_front(entry{key, std::move(value), cost, version});
        index_.emplace(key, order_.begin());
        bytes_ += cost;
    }

    // Drops every entry built from a version other than `version`; returns how many.
    std::size_t drop_other_versions(long long version) {
        std::lock_guard<std::mutex> lock(mutex_);
        std::size_t dropped = 0;
        for (auto it = order_.begin(); it != order_.end();) {
            const auto next = std::next(it);
            if (it->version != version) {
                erase(it);
                ++dropped;
            }
            it = next;
        }
        return dropped;
    }

    void clear() {
        std::lock_guard<std::mutex> lock(mutex_);
        order_.clear();
        index_.clear();
        bytes_ = 0;
    }

    lru_stats stats() const {
        std::lock_guard<std::mutex> lock(mutex_);
        lru_stats s;
        s.hits = hits_;
        s.misses = misses_;
        s.evictions = evictions_;
        s.entries = static_cast<long long>(index_.size());
        s.bytes = bytes_;
        s.capacity = capacity_;
        return s;
    }

private:
    struct entry {
        Key key;
        std::shared_ptr<const Value> value;
        std::size_t cost;
        long long version;
    };
    using position = typename std::list<entry>::iterator;

    void erase(position it) {  // with the lock held
        bytes_ -= it->cost;
        index_.erase(it->key);
        order_.erase(it);
    }

    std::size_t capacity_;
    mutable std::mutex mutex_;
    std::list<entry> order_;  // most recently used first
    std::unordered_map<Key, position, Hash> index_;
    std::size_t bytes_ = 0;
    long long hits_ = 0, misses_ = 0, evictions_ = 0;
};

}  // namespace covermap::core
