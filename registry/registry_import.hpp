#pragma once
// Importing a team registry: read the table, place every row on its hamlet, and store the import
// (file, sha256, counts), every row with its outcome, the teams and their contacts, in one
// transaction. A snapshot (edition + as-of date) is the union of its uploads: a new upload replaces
// the teams of its scope only (by default the provinces its rows are placed in; see snapshot.hpp).
#include <functional>
#include <map>
#include <optional>
#include <string>

#include <pqxx/pqxx>

#include "registry/matcher.hpp"
#include "geo/table_source.hpp"
#include "registry/columns.hpp"
#include "registry/snapshot.hpp"

namespace covermap::registry {

struct registry_import_options {
    std::string path;       // the file read
    std::string file_name;  // recorded and shown (default: the path's base name)
    std::string edition;
    std::string as_of;      // YYYY-MM-DD
    geo::table_options table;
    std::vector<std::string> sheets;          // workbook sheets to read (empty: every sheet with the header)
    std::vector<std::string> set;             // "province=Lạng Sơn": a field given one value for every row
    std::optional<std::string> columns_file;  // mapping `field = Column header`
    std::string imported_by;                  // "cli", "api:<key name>", ...
    // What the upload replaces: empty for the provinces its rows are placed in, else "national"
    // or provinces ("province:20", "20", a name); rows placed outside an explicit scope are
    // out_of_scope, not teams.
    std::vector<std::string> scope;
    // The API key's provinces (nullopt: any): a scope or a placed row outside them refuses the upload.
    std::optional<std::vector<std::string>> allowed_provinces;
};

// Every row ends in exactly one of these (stored as registry_row.outcome).
const std::vector<std::string>& outcomes();
bool places_a_team(const std::string& outcome);  // exact, normalised, fuzzy, alias, resolved

struct registry_import_result {
    long long import_id = 0;
    std::string file_name, sha256, format, encoding, edition, as_of;
    long long bytes = 0, rows = 0, teams = 0, rows_with_field_issues = 0, data_version = 0;
    std::map<std::string, long long> counts;  // outcome → rows (every outcome present)
    std::optional<long long> replaced;        // the first import this one replaced whole (retired)
    std::vector<long long> retired;           // every import this one left supplying nothing
    std::string scope_kind;                   // placed, explicit, national
    std::vector<province_ref> scope;          // the provinces it replaced, each with its teams
    std::map<std::string, long long> scope_teams;  // province code → teams placed there
    std::vector<std::string> layout;          // how the file was read: header rows, groups, skipped rows
    std::map<std::string, long long> skipped; // rows that are not teams, by reason (title, totals, …)
    std::vector<std::string> sheets;          // the sheets read
    double read_seconds = 0, match_seconds = 0, write_seconds = 0, total_seconds = 0;
};

// The team fields of a row (members, dates, households…) parsed as the import parses them, for
// a row a steward places later; field_issues as the import would report them.
struct team_values {
    std::vector<std::string> field_issues;
    std::optional<long long> members, households, supported, ecommerce, cashless;
    std::optional<std::string> founded;  // ISO date
};
team_values parse_team_cells(const column_map& columns, const std::vector<std::string>& headers,
                             const std::vector<std::string>& cells, const std::string& as_of);

// Loads the units of an edition into a gazetteer, parents before children.
registry::gazetteer load_gazetteer(pqxx::transaction_base& tx, int edition_id);

// Throws config_error (unknown edition, bad as-of, bad mapping or scope), data_error (unreadable
// file, missing columns, no data rows), scope_refused (outside the key's provinces) or pqxx
// errors; nothing is written unless it returns.
registry_import_result import_registry(pqxx::connection& conn, const registry_import_options& options,
                                       const std::function<void(long long)>& progress = {});

}  // namespace covermap::registry
