#include "stats/breaks.hpp"

#include <cmath>

#include "core/error.hpp"
#include "stats/input.hpp"

namespace covermap::stats {

break_method parse_break_method(const std::string& name) {
    if (name == "quantile") return break_method::quantile;
    if (name == "equal") return break_method::equal;
    if (name == "stddev") return break_method::stddev;
    if (name == "jenks") return break_method::jenks;
    throw input_error("method must be quantile, equal, stddev or jenks (got \"" + name + "\")");
}

std::vector<double> class_breaks(const std::vector<double>& values, int classes, break_method method) {
    switch (method) {
        case break_method::quantile: return quantile_breaks(values, classes);
        case break_method::equal: return equal_breaks(values, classes);
        case break_method::stddev: return stddev_breaks(values, classes);
        case break_method::jenks: break;
    }
    return jenks_breaks(values, classes);
}

std::vector<double> quantile_breaks(const std::vector<double>& values, int classes) {
    const auto sorted = detail::sorted_for_breaks(values, classes);
    const double last = static_cast<double>(sorted.size() - 1);
    const double step = 1.0 / classes;  // R: seq(0, 1, 1/k)
    std::vector<double> breaks{sorted.front()};
    for (int c = 1; c < classes; ++c) {
        const double index = last * (c * step);
        const auto lo = static_cast<std::size_t>(std::floor(index));
        const double h = index - static_cast<double>(lo);
        const bool between = h > 0.0 && sorted[lo + 1] != sorted[lo];
        breaks.push_back(between ? (1.0 - h) * sorted[lo] + h * sorted[lo + 1] : sorted[lo]);
    }
    breaks.push_back(sorted.back());
    return breaks;
}

std::vector<double> equal_breaks(const std::vector<double>& values, int classes) {
    const auto sorted = detail::sorted_for_breaks(values, classes);
    const double width = (sorted.back() - sorted.front()) / classes;
    std::vector<double> breaks{sorted.front()};
    for (int c = 1; c < classes; ++c) breaks.push_back(sorted.front() + c * width);
    breaks.push_back(sorted.back());
    return breaks;
}

std::vector<double> stddev_breaks(const std::vector<double>& values, int classes) {
    const auto sorted = detail::sorted_for_breaks(values, classes);
    const double mean = detail::mean(sorted);
    double squares = 0.0;
    for (double v : sorted) squares += (v - mean) * (v - mean);
    const double sd = std::sqrt(squares / static_cast<double>(sorted.size() - 1));
    std::vector<double> breaks{sorted.front()};
    for (int c = 1; c < classes; ++c) {
        const double b = mean + (c - classes / 2.0) * sd;
        if (b > sorted.front() && b < sorted.back()) breaks.push_back(b);
    }
    breaks.push_back(sorted.back());
    return breaks;
}

}  // namespace covermap::stats
