#include "geo/names.hpp"

#include <algorithm>

#include <utf8proc.h>

#include <array>
#include <cctype>
#include <cstdlib>
#include <memory>
#include <vector>

#include "core/error.hpp"

namespace covermap::geo {
namespace {

std::string utf8_map(std::string_view text, int options) {
    utf8proc_uint8_t* out = nullptr;
    const auto len = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
                                  static_cast<utf8proc_ssize_t>(text.size()), &out,
                                  static_cast<utf8proc_option_t>(options));
    if (len < 0) {
        throw data_error("invalid UTF-8 text: " + std::string(utf8proc_errmsg(len)));
    }
    std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owner(out, &std::free);
    return std::string(reinterpret_cast<const char*>(out), static_cast<std::size_t>(len));
}

std::vector<std::string> split_spaces(std::string_view text) {
    std::vector<std::string> tokens;
    std::string current;
    for (char c : text) {
        if (c == ' ') {
            if (!current.empty()) tokens.push_back(std::move(current));
            current.clear();
        } else {
            current.push_back(c);
        }
    }
    if (!current.empty()) tokens.push_back(std::move(current));
    return tokens;
}

int roman_value(char c) {
    switch (c) {
        case 'I': return 1;
        case 'V': return 5;
        case 'X': return 10;
        case 'L': return 50;
        case 'C': return 100;
        default: return 0;
    }
}

// Value of a canonical Roman numeral (I..CCCXCIX), or 0 when the token is not one.
int roman_to_int(const std::string& token) {
    if (token.empty() || token.size() > 9) return 0;
    int total = 0;
    for (std::size_t i = 0; i < token.size(); ++i) {
        const int v = roman_value(token[i]);
        if (v == 0) return 0;
        const int next = i + 1 < token.size() ? roman_value(token[i + 1]) : 0;
        total += v < next ? -v : v;
    }
    static const std::array<std::pair<int, const char*>, 9> parts{{{100, "C"}, {90, "XC"}, {50, "L"},
        {40, "XL"}, {10, "X"}, {9, "IX"}, {5, "V"}, {4, "IV"}, {1, "I"}}};
    std::string canonical;
    int rest = total;
    for (const auto& [value, symbol] : parts) {
        while (rest >= value) {
            canonical += symbol;
            rest -= value;
        }
    }
    return canonical == token ? total : 0;
}

bool all_digits(const std::string& s) {
    for (char c : s) {
        if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    }
    return !s.empty();
}

struct prefix_rule {
    const char* folded;     // folded spelling as written
    const char* canonical;  // the unit type it means
    bool needs_dot;         // abbreviations of one letter only count with their dot ("P.", "X.")
    bool kept_in_key;       // hamlet types stay part of the name: "Thôn 1" is not "Tổ dân phố 1"
};

// Longest spellings first, so "thi tran" wins over "thi". Hamlet types that also begin real
// place names ("Sóc Trăng", "Buôn Ma Thuột", "Lạng Sơn", "Bản Lầu") are deliberately absent.
const std::array<prefix_rule, 27> prefix_rules{{
    {"to dan pho", "to dan pho", false, true}, {"thanh pho", "thanh pho", false, false},
    {"thi tran", "thi tran", false, false},    {"thi xa", "thi xa", false, false},
    {"dac khu", "dac khu", false, false},      {"khu pho", "khu pho", false, true},
    {"tinh", "tinh", false, false},            {"huyen", "huyen", false, false},
    {"quan", "quan", false, false},            {"phuong", "phuong", false, false},
    {"xa", "xa", false, false},                {"thon", "thon", false, true},
    {"plei", "plei", false, true},             {"khoi", "khoi", false, true},
    {"xom", "xom", false, true},               {"ap", "ap", false, true},
    {"tdp", "to dan pho", false, true},        {"kp", "khu pho", false, true},
    {"tp", "thanh pho", false, false},         {"tt", "thi tran", false, false},
    {"tx", "thi xa", false, false},            {"h", "huyen", true, false},
    {"q", "quan", true, false},                {"p", "phuong", true, false},
    {"x", "xa", true, false},                  {"t", "tinh", true, false},
    {"to", "to dan pho", false, true},
}};

}  // namespace

std::string clean_text(std::string_view text) {
    // ASCII is already NFC (most cells: counts, dates, codes, phone numbers): skip utf8proc.
    const bool ascii = std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    const std::string nfc = ascii ? std::string(text) : utf8_map(text, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    std::string out;
    out.reserve(nfc.size());
    bool pending_space = false;
    for (char c : nfc) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') {
            pending_space = !out.empty();
        } else {
            if (pending_space) out.push_back(' ');
            pending_space = false;
            out.push_back(c);
        }
    }
    // U+00A0 no-break space shows up in pasted spreadsheets: treat it like a space.
    std::string result;
    for (std::size_t i = 0; i < out.size(); ++i) {
        if (static_cast<unsigned char>(out[i]) == 0xC2 && i + 1 < out.size() &&
            static_cast<unsigned char>(out[i + 1]) == 0xA0) {
            if (!result.empty() && result.back() != ' ') result.push_back(' ');
            ++i;
        } else {
            result.push_back(out[i]);
        }
    }
    while (!result.empty() && result.back() == ' ') result.pop_back();
    return result;
}

std::string fold(std::string_view text) {
    const std::string cleaned = clean_text(text);
    // Roman numerals are recognised on the text as written (upper case), before case folding.
    std::string converted;
    for (const auto& token : split_spaces(cleaned)) {
        if (!converted.empty()) converted.push_back(' ');
        const int roman = token.size() >= 2 || token == "I" || token == "V" || token == "X"
                              ? roman_to_int(token)
                              : 0;
        converted += roman > 0 ? std::to_string(roman) : token;
    }
    std::string stripped = utf8_map(converted, UTF8PROC_STABLE | UTF8PROC_DECOMPOSE |
                                                   UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD);
    std::string ascii;
    ascii.reserve(stripped.size());
    for (std::size_t i = 0; i < stripped.size(); ++i) {
        const auto c = static_cast<unsigned char>(stripped[i]);
        if (c == 0xC4 && i + 1 < stripped.size() &&
            (static_cast<unsigned char>(stripped[i + 1]) == 0x91 ||
             static_cast<unsigned char>(stripped[i + 1]) == 0x90)) {  // đ / Đ
            ascii.push_back('d');
            ++i;
        } else if (std::isalnum(c)) {
            ascii.push_back(static_cast<char>(c));
        } else if (c < 0x80) {
            ascii.push_back(' ');
        } else {
            ascii.push_back(static_cast<char>(c));  // other letters stay (rare scripts)
        }
    }
    std::string out;
    for (auto token : split_spaces(ascii)) {
        if (all_digits(token)) {
            const auto first = token.find_first_not_of('0');
            token = first == std::string::npos ? "0" : token.substr(first);
        }
        if (!out.empty()) out.push_back(' ');
        out += token;
    }
    return out;
}

split_name split_type(std::string_view name) {
    const std::string cleaned = clean_text(name);
    std::vector<std::string> tokens = split_spaces(cleaned);
    // "T.P", "T.X": dotted two-letter abbreviations read as "TP.", "TX.".
    if (!tokens.empty() && tokens[0].find('.') != std::string::npos) {
        std::string letters;
        for (char c : tokens[0]) {
            if (c != '.') letters.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
        }
        if (letters == "tp" || letters == "tx" || letters == "tt") tokens[0] = letters + ".";
    }
    // "P.Bến Nghé", "TT.Đồng Đăng": an abbreviation glued to the name by its dot.
    if (!tokens.empty()) {
        const auto dot = tokens[0].find('.');
        if (dot != std::string::npos && dot + 1 < tokens[0].size() && dot <= 3) {
            std::string rest = tokens[0].substr(dot + 1);
            tokens[0].resize(dot + 1);
            tokens.insert(tokens.begin() + 1, rest);
        }
    }
    // The first one, two or three words, and their folded spelling, made once for all the rules.
    static const std::array<std::size_t, prefix_rules.size()> rule_words = [] {
        std::array<std::size_t, prefix_rules.size()> out{};
        for (std::size_t r = 0; r < prefix_rules.size(); ++r) out[r] = split_spaces(prefix_rules[r].folded).size();
        return out;
    }();
    std::array<std::string, 4> heads, folded_heads;
    std::array<bool, 4> folded{};
    for (std::size_t r = 0; r < prefix_rules.size(); ++r) {
        const prefix_rule& rule = prefix_rules[r];
        const std::size_t words = rule_words[r];
        if (tokens.size() <= words || words >= heads.size()) continue;
        std::string& head = heads[words];
        if (head.empty()) {
            for (std::size_t i = 0; i < words; ++i) head += (i ? " " : "") + tokens[i];
        }
        const bool has_dot = !head.empty() && head.back() == '.';
        if (rule.needs_dot && !has_dot) continue;
        if (!folded[words]) {
            folded_heads[words] = fold(head);
            folded[words] = true;
        }
        if (folded_heads[words] != rule.folded) continue;
        std::string bare;
        for (std::size_t i = words; i < tokens.size(); ++i) bare += (i > words ? " " : "") + tokens[i];
        // "Tỉnh Tỉnh Điện Biên": a prefix typed twice is one prefix.
        if (!rule.kept_in_key) {
            const split_name again = split_type(bare);
            if (again.unit_type == rule.canonical) bare = again.bare;
        }
        return {rule.canonical, bare, rule.kept_in_key};
    }
    return {"", cleaned, false};
}

std::string toned_key(std::string_view name) {
    const split_name parts = split_type(name);
    const std::string decomposed =
        utf8_map(parts.bare, UTF8PROC_STABLE | UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD);
    std::string out;
    std::string tones;  // the tone marks of the current syllable, appended at its end
    const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(decomposed.data());
    utf8proc_ssize_t pos = 0;
    const auto size = static_cast<utf8proc_ssize_t>(decomposed.size());
    while (pos < size) {
        utf8proc_int32_t cp = 0;
        const utf8proc_ssize_t n = utf8proc_iterate(bytes + pos, size - pos, &cp);
        if (n <= 0) break;
        const std::string text = decomposed.substr(static_cast<std::size_t>(pos), static_cast<std::size_t>(n));
        pos += n;
        const bool tone = cp == 0x0300 || cp == 0x0301 || cp == 0x0303 || cp == 0x0309 || cp == 0x0323;
        if (tone) {
            tones += text;
        } else if (cp == ' ') {
            out += tones + " ";
            tones.clear();
        } else {
            out += text;
        }
    }
    out += tones;
    const std::string key = fold(parts.bare).empty() ? std::string() : out;
    return parts.type_in_key ? parts.unit_type + " " + key : key;
}

std::string name_key(std::string_view name) { return name_key(split_type(name)); }

std::string name_key(const split_name& parts) {
    const std::string bare = fold(parts.bare);
    // "Thôn `" (a type and nothing a key keeps) is "thon", not "thon " (found by fuzz/names_fuzz).
    if (!parts.type_in_key || bare.empty()) return parts.type_in_key ? parts.unit_type : bare;
    return parts.unit_type + " " + bare;
}

}  // namespace covermap::geo
