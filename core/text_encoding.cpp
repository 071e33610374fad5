#include "core/text_encoding.hpp"

#include <iconv.h>

#include <cerrno>
#include <cstdio>

#include "core/error.hpp"

namespace covermap::core {
namespace {

// "line 3, column 12" (1-based; columns in bytes) of byte `offset`.
std::string where(std::string_view text, std::size_t offset) {
    std::size_t line = 1, line_start = 0;
    for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            line_start = i + 1;
        }
    }
    return "line " + std::to_string(line) + ", column " + std::to_string(offset - line_start + 1);
}

std::string hex_byte(unsigned char c) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "0x%02X", c);
    return buf;
}

std::string convert(std::string_view bytes, const std::string& from, const std::string& file) {
    iconv_t cd = iconv_open("UTF-8", from.c_str());
    if (cd == reinterpret_cast<iconv_t>(-1)) throw config_error("unknown text encoding '" + from + "'");
    std::string out(bytes.size() * 3 + 16, '\0');
    char* in_ptr = const_cast<char*>(bytes.data());
    std::size_t in_left = bytes.size();
    char* out_ptr = out.data();
    std::size_t out_left = out.size();
    while (in_left > 0) {
        if (iconv(cd, &in_ptr, &in_left, &out_ptr, &out_left) != static_cast<std::size_t>(-1)) continue;
        if (errno == E2BIG) {
            const std::size_t used = out.size() - out_left;
            out.resize(out.size() * 2);
            out_ptr = out.data() + used;
            out_left = out.size() - used;
            continue;
        }
        const std::size_t at = bytes.size() - in_left;
        iconv_close(cd);
        throw data_error(file + ": byte " + std::to_string(at) + " (" + hex_byte(static_cast<unsigned char>(bytes[at])) +
                          ") is not valid " + from + " text");
    }
    iconv_close(cd);
    out.resize(out.size() - out_left);
    return out;
}

}  // namespace

std::size_t invalid_utf8_at(std::string_view t) {
    std::size_t i = 0;
    const std::size_t n = t.size();
    while (i < n) {
        const auto c = static_cast<unsigned char>(t[i]);
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t len = 0;
        unsigned min = 0;
        if (c >= 0xC2 && c <= 0xDF) len = 2, min = 0x80;
        else if (c >= 0xE0 && c <= 0xEF) len = 3, min = 0x800;
        else if (c >= 0xF0 && c <= 0xF4) len = 4, min = 0x10000;
        else return i;
        if (i + len > n) return i;
        unsigned cp = c & (0xFF >> (len + 1));
        for (std::size_t k = 1; k < len; ++k) {
            const auto cc = static_cast<unsigned char>(t[i + k]);
            if ((cc & 0xC0) != 0x80) return i;
            cp = (cp << 6) | (cc & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
        i += len;
    }
    return std::string_view::npos;
}

decoded_text decode_text(std::string_view bytes, const std::string& file, const std::string& encoding) {
    auto starts = [&](std::string_view mark) { return bytes.substr(0, mark.size()) == mark; };
    if (encoding.empty() || encoding == "auto") {
        if (starts("\xEF\xBB\xBF")) {
            bytes.remove_prefix(3);
            if (const auto bad = invalid_utf8_at(bytes); bad != std::string_view::npos) {
                throw data_error(file + ": " + where(bytes, bad) + ": byte " +
                                  hex_byte(static_cast<unsigned char>(bytes[bad])) +
                                  " is not valid UTF-8 although the file starts with a UTF-8 byte-order mark");
            }
            return {std::string(bytes), "UTF-8 (BOM)"};
        }
        if (starts("\xFF\xFE")) return {convert(bytes.substr(2), "UTF-16LE", file), "UTF-16LE"};
        if (starts("\xFE\xFF")) return {convert(bytes.substr(2), "UTF-16BE", file), "UTF-16BE"};
        if (const auto nul = bytes.find('\0'); nul != std::string_view::npos) {
            throw data_error(file + ": " + where(bytes, nul) +
                              ": NUL byte: this is binary data, not a text table (CSV); spreadsheets must be XLSX or ODS");
        }
        if (const auto bad = invalid_utf8_at(bytes); bad != std::string_view::npos) {
            throw data_error(file + ": " + where(bytes, bad) + ": byte " + hex_byte(static_cast<unsigned char>(bytes[bad])) +
                              " is not valid UTF-8; if the file uses a legacy Vietnamese encoding, name it "
                              "(e.g. --encoding windows-1258)");
        }
        return {std::string(bytes), "UTF-8"};
    }
    std::string text = convert(bytes, encoding, file);
    if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.erase(0, 3);
    return {std::move(text), encoding};
}

}  // namespace covermap::core
