#pragma once
// Numbered SQL migrations (db/migrations/NNNN_name.sql, embedded at build time), each applied in
// its own transaction and recorded in covermap_schema.
#include <string>
#include <vector>

#include <pqxx/pqxx>

namespace covermap::db {

struct migration {
    int version;
    std::string name;
    std::string sql;
};

// The migrations this binary carries, in version order.
const std::vector<migration>& migrations();

// The newest version this binary knows.
int latest_version();

// The database's schema version: 0 when covermap never migrated it.
int current_version(pqxx::transaction_base& tx);
int current_version(pqxx::connection& conn);

// Apply every pending migration; returns the versions applied (empty when up to date).
// Throws db_error, changing nothing, when the database is newer than this binary.
std::vector<int> migrate(pqxx::connection& conn);

// Throws db_error unless the database is at exactly latest_version().
void require_current(pqxx::connection& conn);

}  // namespace covermap::db
