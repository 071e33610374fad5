// Fisher–Jenks natural breaks (declared in stats/breaks.hpp).
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <utility>

#include "core/error.hpp"
#include "stats/breaks.hpp"
#include "stats/input.hpp"

namespace covermap::stats {
namespace {

struct weighted_values {
    std::vector<double> value;  // distinct, ascending
    std::vector<double> count;
};

weighted_values group(const std::vector<double>& sorted) {
    weighted_values g;
    for (double v : sorted) {
        if (!g.value.empty() && g.value.back() == v) {
            g.count.back() += 1.0;
        } else {
            g.value.push_back(v);
            g.count.push_back(1.0);
        }
    }
    return g;
}

// exact_limit order statistics at evenly spaced positions, the first and last included.
std::vector<double> even_sample(const std::vector<double>& sorted, std::size_t size) {
    std::vector<double> sample(size);
    const double span = static_cast<double>(sorted.size() - 1) / static_cast<double>(size - 1);
    for (std::size_t j = 0; j < size; ++j)
        sample[j] = sorted[static_cast<std::size_t>(std::llround(static_cast<double>(j) * span))];
    return sample;
}

// Index of the last value of each class but the last, by Fisher's dynamic programme.
std::vector<std::size_t> optimal_class_ends(const weighted_values& g, std::size_t classes) {
    const auto m = g.value.size();
    double total = 0.0, weight = 0.0;
    for (std::size_t i = 0; i < m; ++i) {
        total += g.value[i] * g.count[i];
        weight += g.count[i];
    }
    const double centre = total / weight;  // centring keeps the prefix sums well conditioned
    std::vector<double> w(m + 1, 0.0), s(m + 1, 0.0), q(m + 1, 0.0);
    for (std::size_t i = 0; i < m; ++i) {
        const double d = g.value[i] - centre;
        w[i + 1] = w[i] + g.count[i];
        s[i + 1] = s[i] + g.count[i] * d;
        q[i + 1] = q[i] + g.count[i] * d * d;
    }
    auto cost = [&](std::size_t first, std::size_t last) {  // values first..last inclusive
        const double sw = w[last + 1] - w[first], ss = s[last + 1] - s[first];
        return q[last + 1] - q[first] - ss * ss / sw;
    };
    // best[j]: least cost of the values 0..j in c classes; start[c][j]: first value of the last class.
    std::vector<double> best(m), next(m);
    std::vector<std::vector<std::size_t>> start(classes, std::vector<std::size_t>(m, 0));
    for (std::size_t j = 0; j < m; ++j) best[j] = cost(0, j);
    for (std::size_t c = 1; c < classes; ++c) {
        for (std::size_t j = c; j < m; ++j) {
            double least = std::numeric_limits<double>::infinity();
            for (std::size_t a = c; a <= j; ++a) {
                const double candidate = best[a - 1] + cost(a, j);
                if (candidate < least) {
                    least = candidate;
                    start[c][j] = a;
                }
            }
            next[j] = least;
        }
        best.swap(next);
    }
    std::vector<std::size_t> ends(classes - 1);
    std::size_t last = m - 1;
    for (std::size_t c = classes - 1; c > 0; --c) {
        last = start[c][last] - 1;
        ends[c - 1] = last;
    }
    return ends;
}

// Lloyd (k-means) steps on all the sorted values from a partition given by the index of each class's
// last value: each boundary moves to the midpoint of the adjacent class means. None increases the
// within-class squares; stops when stable, after 100 steps, or if a class would empty.
std::vector<std::size_t> refine(const std::vector<double>& sorted, std::vector<std::size_t> ends) {
    std::vector<double> prefix(sorted.size() + 1, 0.0);
    for (std::size_t i = 0; i < sorted.size(); ++i) prefix[i + 1] = prefix[i] + (sorted[i] - sorted.front());
    auto class_mean = [&](std::size_t first, std::size_t last) {
        return sorted.front() + (prefix[last + 1] - prefix[first]) / static_cast<double>(last + 1 - first);
    };
    for (int step = 0; step < 100; ++step) {
        std::vector<std::size_t> moved(ends.size());
        for (std::size_t c = 0; c < ends.size(); ++c) {
            const double below = class_mean(c == 0 ? 0 : ends[c - 1] + 1, ends[c]);
            const double above = class_mean(ends[c] + 1, c + 1 == ends.size() ? sorted.size() - 1 : ends[c + 1]);
            const double midpoint = below + (above - below) / 2.0;
            const auto after = std::upper_bound(sorted.begin(), sorted.end(), midpoint) - sorted.begin();
            moved[c] = static_cast<std::size_t>(after) - 1;
        }
        bool empty = moved.back() + 1 >= sorted.size();
        for (std::size_t c = 0; c < moved.size() && !empty; ++c) empty = c > 0 && moved[c] <= moved[c - 1];
        if (empty || moved == ends) break;
        ends = std::move(moved);
    }
    return ends;
}

// The class ends (indices into sorted) for more than `limit` distinct values: the programme on an
// even sample, refined on all values.
std::vector<std::size_t> sampled_class_ends(const std::vector<double>& sorted, const weighted_values& all,
                                            std::size_t classes, std::size_t limit) {
    auto sample = group(even_sample(sorted, limit));
    if (sample.value.size() < classes) {  // so tied that the sample lost classes: sample the distinct values
        sample = {};
        const auto span = static_cast<double>(all.value.size() - 1) / static_cast<double>(limit - 1);
        for (std::size_t j = 0; j < limit; ++j) {
            const auto i = static_cast<std::size_t>(std::llround(static_cast<double>(j) * span));
            sample.value.push_back(all.value[i]);
            sample.count.push_back(all.count[i]);
        }
    }
    std::vector<std::size_t> ends;
    for (auto end : optimal_class_ends(sample, classes)) {
        const auto after = std::upper_bound(sorted.begin(), sorted.end(), sample.value[end]) - sorted.begin();
        ends.push_back(static_cast<std::size_t>(after) - 1);
    }
    return refine(sorted, ends);
}

}  // namespace

std::vector<double> jenks_breaks(const std::vector<double>& values, int classes, std::size_t exact_limit) {
    const auto sorted = detail::sorted_for_breaks(values, classes);
    const auto k = static_cast<std::size_t>(classes);
    if (exact_limit < 2 || exact_limit < k)
        throw input_error("exact_limit must be at least 2 and at least classes (got " + std::to_string(exact_limit) +
                           ")");
    const auto all = group(sorted);
    std::vector<double> breaks{sorted.front()};
    if (all.value.size() > exact_limit) {
        for (auto end : sampled_class_ends(sorted, all, k, exact_limit)) breaks.push_back(sorted[end]);
    } else {
        for (auto end : optimal_class_ends(all, k)) breaks.push_back(all.value[end]);
    }
    breaks.push_back(sorted.back());
    return breaks;
}

}  // namespace covermap::stats
