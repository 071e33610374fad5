#include "stats/p_adjust.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "core/error.hpp"

namespace covermap::stats {

p_adjustment parse_p_adjustment(const std::string& name) {
    if (name == "none") return p_adjustment::none;
    if (name == "fdr" || name == "BH") return p_adjustment::fdr;
    if (name == "bonferroni") return p_adjustment::bonferroni;
    throw input_error("unknown p-value adjustment '" + name + "'; adjustments: none, fdr, bonferroni");
}

const char* p_adjustment_name(p_adjustment method) {
    switch (method) {
        case p_adjustment::fdr: return "fdr";
        case p_adjustment::bonferroni: return "bonferroni";
        case p_adjustment::none: break;
    }
    return "none";
}

std::vector<double> p_adjust(const std::vector<double>& p, p_adjustment method) {
    std::vector<std::size_t> tested;  // the finite p-values, by position
    for (std::size_t i = 0; i < p.size(); ++i) {
        if (!std::isfinite(p[i])) continue;
        if (p[i] < 0 || p[i] > 1) throw input_error("p[" + std::to_string(i) + "] is not within [0, 1]");
        tested.push_back(i);
    }
    std::vector<double> out(p.size(), std::numeric_limits<double>::quiet_NaN());
    for (auto i : tested) out[i] = p[i];
    const double n = static_cast<double>(tested.size());
    if (method == p_adjustment::bonferroni) {
        for (auto i : tested) out[i] = std::min(1.0, n * p[i]);
    } else if (method == p_adjustment::fdr) {
        // R: i <- n:1; o <- order(p, decreasing = TRUE); pmin(1, cummin(n/i * p[o]))[order(o)]
        std::stable_sort(tested.begin(), tested.end(), [&](std::size_t a, std::size_t b) { return p[a] > p[b]; });
        double running = std::numeric_limits<double>::infinity();
        for (std::size_t k = 0; k < tested.size(); ++k) {
            const double rank = n - static_cast<double>(k);  // n, n−1, …, 1
            running = std::min(running, n / rank * p[tested[k]]);
            out[tested[k]] = std::min(1.0, running);
        }
    }
    return out;
}

}  // namespace covermap::stats
