#pragma once
// COPY rows written as ready-made lines of COPY's text format. libpqxx's `stream_to << tuple`
// escapes every field byte by byte; numbers need no escaping, so the loader assembles each line
// itself and escapes only the text fields (`append_copy_text`). Used for unit_neighbour; the
// geometries (admin_unit, unit_shape) go in COPY's binary format (boundaries/binary_copy.hpp).
#include <string>
#include <string_view>

#include <pqxx/stream_to>

namespace covermap::boundaries {

// One row: fields separated by tabs, no trailing newline (libpqxx adds it).
struct copy_line {
    std::string text;
};

// `value` escaped for COPY's text format (backslash, tab, newline and carriage return).
inline void append_copy_text(std::string& line, std::string_view value) {
    for (const char c : value) {
        switch (c) {
            case '\\': line += "\\\\"; break;
            case '\t': line += "\\t"; break;
            case '\n': line += "\\n"; break;
            case '\r': line += "\\r"; break;
            default: line += c;
        }
    }
}

// COPY's NULL.
inline void append_copy_null(std::string& line) { line += "\\N"; }

}  // namespace covermap::boundaries

// libpqxx 6 keeps stream_to's raw line writer private; this specialisation of its (template) row
// operator for copy_line hands the line over as it is.
template <>
inline pqxx::stream_to& pqxx::stream_to::operator<< <covermap::boundaries::copy_line>(
    const covermap::boundaries::copy_line& line) {
    write_raw_line(line.text);
    return *this;
}
