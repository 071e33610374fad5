#pragma once
// Distinct keys numbered in the order first seen: open addressing over a flat table of ids into a
// vector of the keys, because std::unordered_map would allocate a node per key (millions of
// vertices for a national coverage, millions of repeats of a few thousand neighbour pairs).
// `Hash` gives a well-mixed 64-bit hash (its low bits pick the slot). Grows at a load of 2/3.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include "core/error.hpp"

namespace covermap::geo {

template <typename Key, typename Hash>
class distinct_keys {
public:
    // `expected` keys fit without growing.
    explicit distinct_keys(std::size_t expected = 0) {
        rehash(capacity_for(expected));
        keys_.reserve(expected);
    }
    // The id of `key`, a new one (the next number) the first time.
    std::uint32_t id(const Key& key) { return id(key, Hash()(key)); }
    // The ids of n keys: their slots are fetched ahead (a large table is far larger than the caches).
    void ids(const Key* keys, std::size_t n, std::uint32_t* out) {
        constexpr std::size_t ahead = 16;
        std::uint64_t hashes[ahead];
        for (std::size_t first = 0; first < n; first += ahead) {
            const std::size_t count = std::min(ahead, n - first);
            for (std::size_t k = 0; k < count; ++k) {
                hashes[k] = Hash()(keys[first + k]);
                __builtin_prefetch(&slots_[hashes[k] & mask_]);
            }
            for (std::size_t k = 0; k < count; ++k) out[first + k] = id(keys[first + k], hashes[k]);
        }
    }
    const Key& operator[](std::uint32_t id) const { return keys_[id]; }
    std::size_t size() const { return keys_.size(); }
    // The keys by id; the table is empty afterwards.
    std::vector<Key> take() {
        slots_.assign(slots_.size(), none);
        return std::move(keys_);
    }

private:
    static constexpr std::uint32_t none = std::numeric_limits<std::uint32_t>::max();
    static std::size_t capacity_for(std::size_t keys) {
        std::size_t capacity = 16;
        while (capacity < keys + keys / 2) capacity *= 2;
        return capacity;
    }
    std::uint32_t id(const Key& key, std::uint64_t h) {
        if (3 * (keys_.size() + 1) > 2 * slots_.size()) rehash(slots_.size() * 2);
        for (std::size_t slot = h & mask_;; slot = (slot + 1) & mask_) {
            const std::uint32_t id = slots_[slot];
            if (id == none) {
                if (keys_.size() >= none) throw error("distinct_keys: more than 4 billion keys");
                slots_[slot] = static_cast<std::uint32_t>(keys_.size());
                keys_.push_back(key);
                return slots_[slot];
            }
            if (keys_[id] == key) return id;
        }
    }
    void rehash(std::size_t capacity) {
        slots_.assign(capacity, none);
        mask_ = capacity - 1;
        for (std::uint32_t id = 0; id < keys_.size(); ++id) {
            std::size_t slot = Hash()(keys_[id]) & mask_;
            while (slots_[slot] != none) slot = (slot + 1) & mask_;
            slots_[slot] = id;
        }
    }
    std::vector<std::uint32_t> slots_;
    std::vector<Key> keys_;
    std::size_t mask_ = 0;
};

}  // namespace covermap::geo
