#pragma once
// Where each row of a team registry goes, without a database: its cells checked and cleaned, the
// units it names matched to a hamlet of the gazetteer (registry/matcher.hpp) or a steward's alias
// applied, the rows that repeat an earlier one marked, the team fields of placed rows parsed with
// an issue per field (named by field and column), and the rows outside an upload's scope marked.
// registry/registry_import.* reads the file, loads the gazetteer and aliases, and writes the result.
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "registry/aliases.hpp"
#include "registry/columns.hpp"
#include "registry/layout.hpp"
#include "registry/matcher.hpp"
#include "registry/registry_fields.hpp"
#include "registry/snapshot.hpp"

namespace covermap::registry {

// Longer cells are typing accidents (a pasted paragraph, a 1 MB line), never names or counts.
constexpr std::size_t max_cell_bytes = 1000;

struct team_fields {
    std::optional<long long> members, households, supported, ecommerce, cashless;
    std::optional<registry::civil_date> founded;
};

// A row of the registry and where it went: outcome (registry_import.hpp's outcomes()), reason, the
// hamlet, commune and province (root) it is placed on, the candidates of an ambiguous match.
struct placed_row {
    long long line = 0;
    std::string sheet;        // empty for CSV
    long long sheet_row = 0;  // the sheet row (CSV: the file line)
    std::string row_no, outcome, hamlet_code, commune_code, reason;
    long long hamlet_id = 0, commune_id = 0, root_id = 0;  // root: the top-level unit (province)
    std::vector<std::string> candidates, field_issues, cells;
    team_fields team;
    // What is left once the row is located (in file order): nothing, the repeat checks of a placed
    // row, or those of an ambiguous one. none on every row place_rows returns.
    enum class pending { none, placed, ambiguous } next = pending::none;
};

// Every row of `layout` placed on the gazetteer's hamlets, in file order (the rows are moved out of
// the layout). `aliases` (by written place, registry/aliases.hpp) may be null. Rows are located on two
// threads where there are enough; `progress` hears of the rows located.
std::vector<placed_row> place_rows(const gazetteer& g, const column_map& columns, table_layout& layout,
                                   const civil_date& as_of,
                                   const std::unordered_map<std::string, alias_target>* aliases = nullptr,
                                   const std::function<void(long long)>& progress = {});

// The team fields of a row placed by other means (a steward's resolution), with their issues.
void parse_team_fields(placed_row& row, const column_map& columns, const std::vector<std::string>& headers,
                       const civil_date& as_of);

// Rows placed in a province outside an explicit scope become out_of_scope (no team).
void mark_out_of_scope(std::vector<placed_row>& rows, const upload_scope& scope, const gazetteer& g);

// The first three rows placed outside the `allowed` provinces (codes), as "line 12 (Tỉnh Lạng Sơn), …";
// empty when there are none.
std::string rows_outside(const std::vector<placed_row>& rows, const std::vector<std::string>& allowed, const gazetteer& g);

}  // namespace covermap::registry
