#pragma once
// The query parameters of the spatial statistics (/api/stats/breaks, autocorrelation, lisa, hotspots;
// api/spatial_endpoint.*) as one struct, each endpoint's parsed and validated by its own function
// without a database: every bad value is a 400 naming the parameter. What needs the data (the
// edition, level, metric and snapshots exist) is checked when they are loaded (api/spatial_data.*).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "api/http.hpp"
#include "stats/breaks.hpp"
#include "stats/p_adjust.hpp"

namespace covermap::api {

struct spatial_params {
    std::optional<std::string> edition;  // its name; nullopt: the default edition
    std::string level = "commune";
    std::string metric = "coverage_rate";
    std::optional<std::string> as_of;
    // autocorrelation, lisa, hotspots
    bool eb_standardised = false;     // standardise=eb: Assunção–Reis EB-standardised coverage rates
    std::optional<std::string> with;  // a second metric: the bivariate statistics (autocorrelation, lisa)
    int permutations = 999;
    std::uint64_t seed = 1;
    double alpha = 0.05;  // lisa, hotspots: significance after adjustment
    stats::p_adjustment adjustment = stats::p_adjustment::none;
    // breaks
    std::optional<std::string> compare;      // a second as-of: the changes are classed
    std::optional<std::string> parent_code;  // only the units within this one
    std::string method = "quantile";
    stats::break_method break_method = stats::break_method::quantile;
    int k = 5;
};

spatial_params parse_breaks_params(const request& req);
spatial_params parse_autocorrelation_params(const request& req);
spatial_params parse_lisa_params(const request& req);
spatial_params parse_hotspots_params(const request& req);

// The figures a change map can show (breaks with compare): those the tiles carry as <metric>_change.
const std::vector<std::string>& change_metrics();

}  // namespace covermap::api
