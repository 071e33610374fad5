#pragma once
// Turning the bytes of a hand-made text file into UTF-8: a UTF-8 or UTF-16 byte-order mark is
// honoured, anything else must be valid UTF-8 unless a legacy encoding (Windows-1258, TCVN, ...)
// is named. Errors say where the first bad byte is (line and column) and what to do.
#include <string>
#include <string_view>

namespace covermap::core {

struct decoded_text {
    std::string text;      // UTF-8, without a byte-order mark
    std::string encoding;  // what it was read as: "UTF-8", "UTF-8 (BOM)", "UTF-16LE", ...
};

// `file` only names the source in errors. `encoding` empty or "auto": detect (BOM, else UTF-8);
// otherwise any iconv name, e.g. "windows-1258". Throws data_error for binary data (NUL bytes
// without a UTF-16 mark), invalid UTF-8, or bytes the named encoding cannot convert.
decoded_text decode_text(std::string_view bytes, const std::string& file, const std::string& encoding = "auto");

// Offset of the first byte that is not valid UTF-8, or npos.
std::size_t invalid_utf8_at(std::string_view text);

}  // namespace covermap::core
