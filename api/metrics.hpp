#pragma once
// The figures moved to the statistics source (stats/source/metrics.hpp). This header stays only for
// api/spatial_endpoint.cpp, split on another branch at the same time: include
// stats/source/metrics.hpp there and delete this file when the two meet.
#include "api/scope.hpp"
#include "stats/source/metrics.hpp"

namespace covermap::api {

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

}  // namespace covermap::api
