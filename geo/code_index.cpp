#include "geo/code_index.hpp"

namespace covermap::geo {

std::string without_leading_zeros(const std::string& code) {
    const auto first = code.find_first_not_of('0');
    return first == std::string::npos ? "0" : code.substr(first);
}

void code_index::add(const std::string& code, long long id) {
    exact_[code] = id;
    const std::string bare = without_leading_zeros(code);
    if (++unpadded_count_[bare] == 1) {
        unpadded_[bare] = id;
    } else {
        unpadded_.erase(bare);  // ambiguous: never guess between two
    }
}

std::optional<long long> code_index::find(const std::string& code) const {
    if (const auto it = exact_.find(code); it != exact_.end()) return it->second;
    if (without_leading_zeros(code) != code) return std::nullopt;  // only codes that lost their zeros
    if (const auto it = unpadded_.find(code); it != unpadded_.end()) return it->second;
    return std::nullopt;
}

}  // namespace covermap::geo
