#include "stats/getis_ord.hpp"

#include <cmath>

#include "stats/input.hpp"

namespace covermap::stats {

std::vector<double> getis_ord_g_star(const std::vector<double>& x, const row_weights& w) {
    detail::check_values(x, w, 2);
    const auto z = detail::centred(x);
    const double n = static_cast<double>(x.size());
    const double mean = detail::mean(x);
    double zz = 0.0;
    for (double v : z) zz += v * v;
    const double s2 = zz / n;
    std::vector<double> g(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) {
        const double members = static_cast<double>(w.degree(i)) + 1.0;  // include.self
        double sum = x[i];
        for (auto k = w.row_start[i]; k < w.row_start[i + 1]; ++k) sum += x[w.neighbours[k]];
        const double variance = s2 * (n / members - 1.0) / (n - 1.0);
        g[i] = (sum / members - mean) / std::sqrt(variance);
    }
    return g;
}

}  // namespace covermap::stats
