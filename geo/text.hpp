#pragma once
// Small text helpers shared by the parsers (registry cells, column maps, address lists).
#include <cctype>
#include <string>
#include <string_view>

namespace covermap::geo {

// Without leading and trailing white space (ASCII: space, tab, CR, LF, VT, FF).
inline std::string trim(std::string_view text) {
    std::size_t b = 0, e = text.size();
    while (b < e && std::isspace(static_cast<unsigned char>(text[b]))) ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(text[e - 1]))) --e;
    return std::string(text.substr(b, e - b));
}

}  // namespace covermap::geo
