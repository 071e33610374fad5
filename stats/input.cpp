#include "stats/input.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/error.hpp"

namespace covermap::stats::detail {

void check_values(const std::vector<double>& x, const row_weights& w, std::size_t min_units) {
    if (x.size() != w.size())
        throw input_error("x has " + std::to_string(x.size()) + " values but the weights have " +
                          std::to_string(w.size()) + " units");
    if (x.size() < min_units) throw input_error("x: at least " + std::to_string(min_units) + " units are needed");
    for (std::size_t i = 0; i < x.size(); ++i)
        if (!std::isfinite(x[i])) throw input_error("x[" + std::to_string(i) + "] is not a finite number");
    for (double v : x)
        if (v != x.front()) return;
    throw input_error("x is constant: spatial autocorrelation is undefined");
}

double mean(const std::vector<double>& x) {
    double sum = 0.0;
    for (double v : x) sum += v;
    return sum / static_cast<double>(x.size());
}

std::vector<double> centred(const std::vector<double>& x) {
    const double m = mean(x);
    std::vector<double> z(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) z[i] = x[i] - m;
    return z;
}

double sample_sd(const std::vector<double>& x) {
    double ss = 0.0;
    for (double d : centred(x)) ss += d * d;
    return std::sqrt(ss / static_cast<double>(x.size() - 1));
}

std::vector<double> scaled(const std::vector<double>& x) {
    auto z = centred(x);
    const double sd = sample_sd(x);
    for (double& d : z) d /= sd;
    return z;
}

std::vector<double> sorted_for_breaks(const std::vector<double>& values, int classes) {
    if (values.empty()) throw input_error("values: no values to classify");
    for (std::size_t i = 0; i < values.size(); ++i)
        if (!std::isfinite(values[i]))
            throw input_error("values[" + std::to_string(i) + "] is not a finite number");
    if (classes < 2) throw input_error("classes must be at least 2 (got " + std::to_string(classes) + ")");
    auto sorted = values;
    std::sort(sorted.begin(), sorted.end());
    std::size_t distinct = 1;
    for (std::size_t i = 1; i < sorted.size(); ++i) distinct += sorted[i] != sorted[i - 1];
    if (static_cast<std::size_t>(classes) > distinct)
        throw input_error("classes (" + std::to_string(classes) + ") exceeds the number of distinct values (" +
                           std::to_string(distinct) + ")");
    return sorted;
}

}  // namespace covermap::stats::detail
