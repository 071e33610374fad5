#pragma once
// Coverage figures from the materialised roll-ups: GET /api/stats/coverage (JSON, CSV or XLSX with
// Vietnamese or English headers), /api/stats/summary (national and per province) and
// /api/stats/timeseries (month by month from founding dates, and the snapshots).
#include <map>
#include <string>
#include <vector>

#include "api/http.hpp"
#include "api/services.hpp"
#include "geo/table_writer.hpp"

namespace covermap::api {

response coverage_table(const request& req, services& svc);
response coverage_summary(const request& req, services& svc);
response coverage_timeseries(const request& req, services& svc);
// GET /api/stats/monthly: the months of a snapshot (first founding month to its as-of) and, with
// month=YYYY-MM, every unit of a level as it stood at that month's end (teams founded by then).
response coverage_by_month(const request& req, services& svc);

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

}  // namespace covermap::api
