#pragma once
// Coverage figures from the materialised roll-ups: GET /api/stats/coverage (JSON, CSV or XLSX with
// Vietnamese or English headers), /api/stats/summary (national and per province) and
// /api/stats/timeseries (month by month from founding dates, and the snapshots).
#include "api/http.hpp"
#include "api/services.hpp"

namespace covermap::api {

response coverage_table(const request& req, services& svc);
response coverage_summary(const request& req, services& svc);
response coverage_timeseries(const request& req, services& svc);
// GET /api/stats/monthly: the months of a snapshot (first founding month to its as-of) and, with
// month=YYYY-MM, every unit of a level as it stood at that month's end (teams founded by then).
response coverage_by_month(const request& req, services& svc);

}  // namespace covermap::api
