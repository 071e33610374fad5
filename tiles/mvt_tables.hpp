#pragma once
// The key and value tables of one vector tile layer: each distinct key and value is written once,
// features refer to them by index (MVT 2.1 §4.4).
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "tiles/mvt_wire.hpp"

namespace covermap::tiles {

class key_table {
public:
    // The index of `key`, the property at `position` in its feature's list.
    std::uint32_t index(std::size_t position, const std::string& key);
    // Keys in index order.
    const std::vector<const std::string*>& keys() const { return keys_; }

private:
    static constexpr std::uint32_t no_hint = std::numeric_limits<std::uint32_t>::max();
    // They point at the map keys (nodes of an unordered_map do not move).
    std::vector<const std::string*> keys_;
    std::unordered_map<std::string, std::uint32_t> indices_;
    // Which key index the property at position i had last time: features of a layer mostly share
    // their keys in the same order, so a string compare usually replaces a hash lookup.
    std::vector<std::uint32_t> hints_;
};

// Values are mostly distinct (names, codes, counts), so they get a table without a heap node per
// entry: the encoded `Layer.values` fields back to back (value i spans offsets_[i] to
// offsets_[i + 1]), their hashes, and an open-addressing table of index + 1 (0 = empty). The
// encoding is the deduplication key: exact per type and bit pattern.
class value_table {
public:
    // The index of `value` (not NULL).
    std::uint32_t index(const property_value& value);
    std::size_t size() const { return hashes_.size(); }
    // The Layer.values fields, in index order.
    std::string_view fields() const { return bytes_; }

private:
    std::string_view field(std::uint32_t index) const {
        return std::string_view(bytes_).substr(offsets_[index], offsets_[index + 1] - offsets_[index]);
    }
    void grow_slots();

    std::string bytes_;
    std::vector<std::size_t> offsets_{0};
    std::vector<std::size_t> hashes_;
    std::vector<std::uint32_t> slots_;
};

}  // namespace covermap::tiles
