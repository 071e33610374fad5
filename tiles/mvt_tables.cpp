#include "tiles/mvt_tables.hpp"

#include <algorithm>
#include <functional>

namespace covermap::tiles {

std::uint32_t key_table::index(std::size_t position, const std::string& key) {
    if (position >= hints_.size()) hints_.resize(position + 1, no_hint);
    const std::uint32_t hint = hints_[position];
    if (hint != no_hint && *keys_[hint] == key) return hint;
    auto found = indices_.find(key);
    if (found == indices_.end()) {
        found = indices_.emplace(key, static_cast<std::uint32_t>(keys_.size())).first;
        keys_.push_back(&found->first);
    }
    hints_[position] = found->second;
    return found->second;
}

std::uint32_t value_table::index(const property_value& value) {
    // Encode the value at the end of the arena; if it is already known, take it back off.
    const std::size_t start = bytes_.size();
    mvt_wire::append_value_field(bytes_, value);
    const std::string_view encoded = std::string_view(bytes_).substr(start);
    const std::size_t hash = std::hash<std::string_view>{}(encoded);

    const std::size_t count = hashes_.size();
    if (2 * (count + 1) > slots_.size()) grow_slots();  // keep the table at most half full
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t slot = hash & mask;; slot = (slot + 1) & mask) {
        const std::uint32_t entry = slots_[slot];
        if (entry == 0) {
            slots_[slot] = static_cast<std::uint32_t>(count + 1);
            hashes_.push_back(hash);
            offsets_.push_back(bytes_.size());
            return static_cast<std::uint32_t>(count);
        }
        const std::uint32_t index = entry - 1;
        if (hashes_[index] == hash && field(index) == encoded) {
            bytes_.resize(start);
            return index;
        }
    }
}

void value_table::grow_slots() {
    slots_.assign(std::max<std::size_t>(64, 2 * slots_.size()), 0);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t index = 0; index < hashes_.size(); ++index) {
        std::size_t slot = hashes_[index] & mask;
        while (slots_[slot] != 0) slot = (slot + 1) & mask;
        slots_[slot] = static_cast<std::uint32_t>(index + 1);
    }
}

}  // namespace covermap::tiles
