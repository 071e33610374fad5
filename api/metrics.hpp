#pragma once
// The figures a map or a statistic can be about: the coverage roll-ups (per unit and snapshot) and
// imported indicators (`<indicator>@<period>`, e.g. ecommerce_household_share@2023-Q4).
#include <optional>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "api/level_cache.hpp"
#include "api/scope.hpp"

namespace covermap::api {

struct coverage_column {
    const char* name;      // metric name = column of the coverage table
    const char* label_vi;  // table headers for officials
    const char* label_en;
    bool ratio;            // a share or a rate (0..1)
};
const std::vector<coverage_column>& coverage_columns();

struct metric {
    std::string name;
    std::optional<std::string> indicator, period;  // set for indicator metrics
};

// A metric by name; unknown names are a 400 listing every valid one (indicators of the edition included).
metric resolve_metric(pqxx::transaction_base& tx, const edition_ref& edition, const std::string& name);

// One value per unit of a level (units without a value, e.g. no hamlets, are left out).
struct unit_values {
    std::vector<long long> ids;
    std::vector<std::string> codes, names;
    std::vector<double> values;
};
unit_values load_values(pqxx::transaction_base& tx, level_cache& cache, const edition_ref& edition,
                        const std::string& level, const std::string& as_of, const metric& m);

}  // namespace covermap::api
