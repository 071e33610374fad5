#pragma once
// A steward's corrections: rows to review (ambiguous, unknown unit, fuzzy) resolved to a hamlet or
// to "not a unit", in one transaction with the snapshot's roll-ups, each becoming an alias that
// later imports of the edition apply (aliases.hpp) — unless the same names as written were
// resolved to two places at once (two hamlets of one name), which no alias can tell apart.
#include <optional>
#include <string>
#include <vector>

#include <pqxx/pqxx>

namespace covermap::registry {

struct resolution {
    long long line = 0;                      // the import's line (see covermap registry report)
    std::optional<std::string> hamlet_code;  // nullopt: not a unit
    std::string where;                       // "FILE line N": where the steward wrote it, for errors
};

// CSV with a header naming `line` and `hamlet_code` (or `hamlet`), any order; "not a unit",
// "not_a_unit" or "-" for rows that are no unit. data_error naming the file, line and column.
std::vector<resolution> read_resolutions(const std::string& text, const std::string& file);

struct resolve_options {
    long long import_id = 0;
    std::vector<resolution> items;
    std::optional<std::vector<std::string>> allowed;  // the API key's provinces (nullopt: any)
    std::string resolved_by;
};

struct resolve_result {
    long long import_id = 0;
    std::string edition, as_of;
    long long placed = 0, not_units = 0, aliases = 0, teams = 0, data_version = 0;
    std::vector<std::string> provinces;  // whose roll-ups were recomputed
    std::vector<long long> not_aliased;  // lines whose names, as written, were resolved to two places: no alias
};

// One transaction; nothing changes unless it returns. config_error: no such import, or it is no
// longer current; data_error: a line or hamlet that cannot be resolved so (naming `where`);
// scope_refused: a hamlet outside the key's provinces.
resolve_result resolve_rows(pqxx::connection& conn, const resolve_options& options);

}  // namespace covermap::registry
