#pragma once
// Small text helpers shared by the parsers (registry cells, column maps, address lists).
#include <cctype>
#include <string>
#include <string_view>
#include <vector>
#include <algorithm>

namespace covermap::core {

// Without leading and trailing white space (ASCII: space, tab, CR, LF, VT, FF).
// ASCII letters in lower case, other bytes as they are (header names and values, file extensions).
inline std::string ascii_lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

inline std::string trim(std::string_view text) {
    std::size_t b = 0, e = text.size();
    while (b < e && std::isspace(static_cast<unsigned char>(text[b]))) ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(text[e - 1]))) --e;
    return std::string(text.substr(b, e - b));
}

// The non-empty pieces of `text` between `separator`s ("20,01" → {"20", "01"}), trimmed.
inline std::vector<std::string> split_list(std::string_view text, char separator = ',') {
    std::vector<std::string> out;
    std::size_t at = 0;
    while (at <= text.size()) {
        const auto end = std::min(text.find(separator, at), text.size());
        std::string piece = trim(text.substr(at, end - at));
        if (!piece.empty()) out.push_back(std::move(piece));
        at = end + 1;
    }
    return out;
}

// The items with `separator` between them ({"20", "01"} → "20, 01"): the inverse of split_list.
inline std::string join_list(const std::vector<std::string>& items, std::string_view separator = ", ") {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i) out += separator;
        out += items[i];
    }
    return out;
}

}  // namespace covermap::core
