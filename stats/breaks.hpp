#pragma once
// Class breaks for choropleth maps. Each method returns breaks b_0 = min ≤ … ≤ b_k = max; class c
// holds the values in (b_{c−1}, b_c], the first class also b_0. Every method throws
// covermap::input_error for empty values, a NaN or infinite value, classes < 2, or more classes
// than distinct values.
#include <cstddef>
#include <string>
#include <vector>

namespace covermap::stats {

enum class break_method { quantile, equal, stddev, jenks };

// "quantile", "equal", "stddev" or "jenks"; anything else throws covermap::input_error.
break_method parse_break_method(const std::string& name);

std::vector<double> class_breaks(const std::vector<double>& values, int classes, break_method method);

// R quantile type 7 (classInt's style "quantile") at probabilities 0, 1/k, …, 1: k + 1 breaks.
// Heavily tied data can give equal consecutive breaks, as in R.
std::vector<double> quantile_breaks(const std::vector<double>& values, int classes);

// classInt style "equal": min + c·(max − min)/k for c = 0…k.
std::vector<double> equal_breaks(const std::vector<double>& values, int classes);

// Standard-deviation classes centred on the mean (sd with n − 1, like classInt style "sd"): the
// inner breaks are mean + (c − k/2)·sd for c = 1…k−1 — for even k the mean is a break, for odd k
// the middle class is mean ± sd/2. Inner breaks outside (min, max) are dropped, so data that do not
// reach that far get fewer than k classes (fewer than k + 1 breaks).
std::vector<double> stddev_breaks(const std::vector<double>& values, int classes);

// Values beyond this many distinct values are classified on a sample (see jenks_breaks).
constexpr std::size_t jenks_exact_limit = 3000;

// Fisher–Jenks natural breaks: the partition of the sorted values into k contiguous classes with
// the least total within-class sum of squared deviations, exactly, by Fisher's (1958) dynamic
// programme over the distinct values weighted by their counts: O(k·m²) for m distinct values.
// As classInt style "jenks", b_c is the largest value of class c, so b_1 = b_0 when the lowest
// class holds only the minimum; b_1 < … < b_k. When m > exact_limit the programme runs on
// exact_limit evenly spaced order statistics of the sorted data (positions
// round(j·(n−1)/(exact_limit−1)), which include the min and the max), and the resulting classes
// are refined on all the values by Lloyd (1-D k-means) steps, which never increase the
// within-class squares: near-optimal and deterministic. Always k + 1 breaks.
std::vector<double> jenks_breaks(const std::vector<double>& values, int classes,
                                 std::size_t exact_limit = jenks_exact_limit);

}  // namespace covermap::stats
