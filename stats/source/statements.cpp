#include "stats/source/statements.hpp"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace covermap::stats::source {
namespace sql {
const std::vector<std::pair<std::string_view, std::string_view>>& sql_files();
}  // namespace sql

void prepare_statements(pqxx::connection& conn) {
    for (const auto& [name, text] : sql::sql_files()) conn.prepare(std::string(name), std::string(text));
}

}  // namespace covermap::stats::source
