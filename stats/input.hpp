#pragma once
// Internal to covermap_stats: checks shared by the statistics and the centred values they start from.
#include <vector>

#include "stats/weights.hpp"

namespace covermap::stats::detail {

// Throws covermap::input_error unless x has one finite value per unit, at least min_units units,
// and is not constant (every statistic divides by the variance of x).
void check_values(const std::vector<double>& x, const row_weights& w, std::size_t min_units);

double mean(const std::vector<double>& x);

// z = x − mean(x).
std::vector<double> centred(const std::vector<double>& x);

// R's scale(): (x − mean) / sd with the n − 1 denominator (x not constant, at least 2 values).
std::vector<double> scaled(const std::vector<double>& x);
// The sample standard deviation (n − 1 denominator).
double sample_sd(const std::vector<double>& x);

// The values sorted ascending, after the checks every class-break method shares. Throws
// covermap::input_error for empty values, a non-finite value, classes < 2, or more classes than
// distinct values.
std::vector<double> sorted_for_breaks(const std::vector<double>& values, int classes);

}  // namespace covermap::stats::detail
