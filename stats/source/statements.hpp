#pragma once
// The statistics source's prepared statements (stats/source/sql/*.sql, by file stem): every pooled
// connection of the server carries them (api::prepare_statements), a command's own connection too.
#include <pqxx/pqxx>

namespace covermap::stats::source {

void prepare_statements(pqxx::connection& conn);

}  // namespace covermap::stats::source
