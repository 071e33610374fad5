#pragma once
// The data of the spatial statistics (api/spatial_endpoint.*): a metric's values on a level with the
// queen weights among the units that have one, or the values (or changes) a map's classes are cut
// from; and what is derived from them without a database (the changes, the classes and their counts).
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "api/scope.hpp"
#include "api/spatial_params.hpp"
#include "stats/source/level_cache.hpp"
#include "stats/source/metrics.hpp"
#include "stats/weights.hpp"

namespace covermap::api {

// The figures, from the statistics source.
using stats::source::coverage_column;
using stats::source::coverage_columns;
using stats::source::level_cache;
using stats::source::load_rate_counts;
using stats::source::load_values;
using stats::source::metric;
using stats::source::rate_counts;
using stats::source::resolve_metric;
using stats::source::smoothed_rate_metrics;
using stats::source::unit_values;

// A metric's values on a level, with the weights among the units that have one.
struct spatial_input {
    edition_ref edition{0, {}};
    std::string level, as_of, metric;
    bool eb_standardised = false;  // values are Assunção–Reis EB-standardised coverage rates
    snapshot_ref snapshot;
    unit_values units;                // only units with neighbours
    std::optional<std::string> with;  // a second metric (bivariate statistics)
    std::vector<double> with_values;  // its value per unit of `units`
    stats::row_weights weights;
    nlohmann::json islands = nlohmann::json::array();  // units left out: no neighbour with a value
    long long without_value = 0;
};
// 400 when fewer than three units have a value and neighbours.
spatial_input load_spatial_input(pqxx::read_transaction& tx, const spatial_params& p, level_cache& cache);

// The values a choropleth's classes are cut from: per unit (within parent_code), or with compare the
// change per unit between the two snapshots.
struct breaks_input {
    edition_ref edition{0, {}};
    snapshot_ref snapshot;
    std::optional<snapshot_ref> compare;
    std::vector<double> values;
};
breaks_input load_breaks_input(pqxx::read_transaction& tx, const spatial_params& p, level_cache& cache);

// now − before per unit that has a value at both dates (both lists are ordered by unit id).
std::vector<double> change_values(const unit_values& now, const unit_values& before);

// The classes of `values` (right-closed) and the values in each. For changes (`changes`): at most
// as many classes as distinct changes, 0 a break whenever there are gains and losses, and a change
// of 0 counted apart as unchanged.
struct classes {
    std::vector<double> breaks;
    std::vector<long long> counts;
    long long unchanged = 0;
    std::string note;
};
classes classify(const std::vector<double>& values, int k, const std::string& method, bool changes);

}  // namespace covermap::api
