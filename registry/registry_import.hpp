#pragma once
// Importing a team registry: read the table, place every row on its hamlet, and store the import
// (file, sha256, counts), every row with its outcome, the teams and their contacts, in one
// transaction. A new import of an edition's as-of date replaces that snapshot's teams.
#include <functional>
#include <map>
#include <optional>
#include <string>

#include <pqxx/pqxx>

#include "geo/matcher.hpp"
#include "geo/table_source.hpp"

namespace covermap::registry {

struct registry_import_options {
    std::string path;       // the file read
    std::string file_name;  // recorded and shown (default: the path's base name)
    std::string edition;
    std::string as_of;      // YYYY-MM-DD
    geo::table_options table;
    std::optional<std::string> columns_file;  // mapping `field = Column header`
    std::string imported_by;                  // "cli", "api:<key name>", ...
};

// Every row ends in exactly one of these (stored as registry_row.outcome).
const std::vector<std::string>& outcomes();
bool places_a_team(const std::string& outcome);  // exact, normalised, fuzzy

struct registry_import_result {
    long long import_id = 0;
    std::string file_name, sha256, format, encoding, edition, as_of;
    long long bytes = 0, rows = 0, teams = 0, rows_with_field_issues = 0, data_version = 0;
    std::map<std::string, long long> counts;  // outcome → rows (every outcome present)
    std::optional<long long> replaced;        // the import this one replaced
    double read_seconds = 0, match_seconds = 0, write_seconds = 0, total_seconds = 0;
};

// Loads the units of an edition into a gazetteer, parents before children.
geo::gazetteer load_gazetteer(pqxx::transaction_base& tx, int edition_id);

// Throws config_error (unknown edition, bad as-of, bad mapping), input_error (unreadable file,
// missing columns, no data rows) or pqxx errors; nothing is written unless it returns.
registry_import_result import_registry(pqxx::connection& conn, const registry_import_options& options,
                                       const std::function<void(long long)>& progress = {});

}  // namespace covermap::registry
