#include "api/services.hpp"

#include "stats/source/statements.hpp"

namespace covermap::api::sql {
const std::vector<std::pair<std::string_view, std::string_view>>& sql_files();
}

namespace covermap::api {

void prepare_statements(pqxx::connection& conn) {
    for (const auto& [name, text] : sql::sql_files()) conn.prepare(std::string(name), std::string(text));
    stats::source::prepare_statements(conn);
}

}  // namespace covermap::api
