#pragma once
// The boundaries library's SQL, from boundaries/sql/*.sql, embedded at build time.
#include <string>
#include <string_view>

namespace covermap::boundaries::sql {
std::string_view sql_text(std::string_view stem);
inline std::string get(std::string_view stem) { return std::string(sql_text(stem)); }
}  // namespace covermap::boundaries::sql
