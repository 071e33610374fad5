#pragma once
// The figures a map or a statistic can be about: the coverage roll-ups (per unit and snapshot) and
// imported indicators (`<indicator>@<period>`, e.g. ecommerce_household_share@2023-Q4).
#include <optional>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "stats/source/level_cache.hpp"
#include "stats/source/scope.hpp"
#include "stats/weights.hpp"

namespace covermap::stats::source {

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

// A metric by name; an unknown name is an input_error listing every valid one (indicators of the edition included).
metric resolve_metric(pqxx::transaction_base& tx, const edition_ref& edition, const std::string& name);

// One value per unit of a level (units without a value, e.g. no hamlets, are left out).
struct unit_values {
    std::vector<long long> ids;
    std::vector<std::string> codes, names;
    std::vector<double> values;
};
// Besides the coverage columns and indicators, the Empirical-Bayes smoothed coverage rates
// (covered_hamlets / hamlets, stats/rates.hpp) are metrics: coverage_rate_eb (global EB, spdep EBest)
// and coverage_rate_ebl (spatial EB over the unit and its queen neighbours, spdep EBlocal), over the
// level's units with hamlets. Breaks, Moran, LISA and Gi* take them like any other metric.
unit_values load_values(pqxx::transaction_base& tx, level_cache& cache, const edition_ref& edition,
                        const std::string& level, const std::string& as_of, const metric& m);
const std::vector<std::string>& smoothed_rate_metrics();

// The rate's counts per unit of a level with hamlets (values = the raw coverage rate), and the
// queen neighbours among those units (indices into units).
struct rate_counts {
    unit_values units;
    std::vector<double> cases, population;  // covered_hamlets, hamlets
    stats::neighbour_lists neighbours;
};
rate_counts load_rate_counts(pqxx::transaction_base& tx, level_cache& cache, const edition_ref& edition,
                             const std::string& level, const std::string& as_of);

}  // namespace covermap::stats::source
