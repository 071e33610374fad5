#include "api/services.hpp"

#include "api/http.hpp"

namespace covermap::api::sql {
const std::vector<std::pair<std::string_view, std::string_view>>& sql_files();
}

namespace covermap::api {

void prepare_statements(pqxx::connection& conn) {
    for (const auto& [name, text] : sql::sql_files()) conn.prepare(std::string(name), std::string(text));
}

db::pool::lease lease_connection(db::pool& pool) {
    try {
        return pool.acquire();
    } catch (const std::exception& e) {
        throw_unavailable(e.what());
    }
}

void throw_unavailable(const std::string& what) { throw unavailable("database unavailable: " + what); }

}  // namespace covermap::api
