#pragma once
// The tiles library's SQL, from tiles/sql/*.sql, embedded at build time.
#include <string>
#include <string_view>

namespace covermap::tiles::sql {
std::string_view sql_text(std::string_view stem);
inline std::string get(std::string_view stem) { return std::string(sql_text(stem)); }
}  // namespace covermap::tiles::sql
