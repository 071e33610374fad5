#pragma once
// The coverage table for officials (GET /api/stats/coverage?format=csv|xlsx, `covermap export
// coverage`): the rows of api/sql/coverage_rows.sql with the level's indicator values beside them.
#include <map>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "geo/table_writer.hpp"

namespace covermap::stats::source {

// Columns 1–5 of coverage_rows are code, name, type, parent code and name; the coverage figures
// start here, in coverage_columns() order (stats/source/metrics.hpp).
constexpr int first_figure = 6;

// Indicator values of a level's units: unit id → metric (`indicator@period`) → value.
struct level_indicators {
    std::map<long long, std::map<std::string, double>> values;
    std::vector<std::string> names;  // sorted
};
level_indicators load_level_indicators(pqxx::transaction_base& tx, long long edition_id, const std::string& level);

// The rows of the coverage_rows statement as a table for officials (headers in `lang`, vi or en):
// code, name, type, parent, every coverage figure, every indicator. `numeric` flags number columns.
geo::text_table coverage_text_table(const pqxx::result& rows,
                                    const std::map<long long, std::map<std::string, double>>& indicators,
                                    const std::vector<std::string>& indicator_names, const std::string& lang,
                                    std::vector<bool>& numeric);

}  // namespace covermap::stats::source
