#include "stats/bivariate.hpp"

#include <cmath>
#include <numeric>
#include <string>
#include <utility>

#include "core/error.hpp"
#include "stats/input.hpp"
#include "stats/random.hpp"

namespace covermap::stats {
namespace {

using detail::scaled;

double statistic(const std::vector<double>& x, const std::vector<double>& y, const row_weights& w) {
    double cross = 0.0, xx = 0.0;
    for (std::size_t i = 0; i < w.size(); ++i) {
        double lag = 0.0;
        for (auto k = w.row_start[i]; k < w.row_start[i + 1]; ++k) lag += y[w.neighbours[k]];
        cross += x[i] * lag / static_cast<double>(w.degree(i));
        xx += x[i] * x[i];
    }
    return cross / xx;
}

void check(const std::vector<double>& x, const std::vector<double>& y, const row_weights& w) {
    detail::check_values(x, w, 3);
    detail::check_values(y, w, 3);
}

}  // namespace

double bivariate_moran(const std::vector<double>& x, const std::vector<double>& y, const row_weights& w) {
    check(x, y, w);
    return statistic(scaled(x), scaled(y), w);
}

bivariate_permutation_result bivariate_moran_permutation(const std::vector<double>& x, const std::vector<double>& y,
                                                         const row_weights& w, int nsim, std::uint64_t seed) {
    if (nsim < 1) throw input_error("nsim must be at least 1 (got " + std::to_string(nsim) + ")");
    check(x, y, w);
    auto xs = scaled(x), ys = scaled(y);
    const double observed = statistic(xs, ys, w);
    detail::bounded_draws draws;
    draws.seed(detail::stream_seed(seed, 0));
    int at_least = 0;
    for (int s = 0; s < nsim; ++s) {
        for (auto i = xs.size() - 1; i > 0; --i) {
            const auto j = draws.below(static_cast<std::uint32_t>(i + 1));
            std::swap(xs[i], xs[j]);
            std::swap(ys[i], ys[j]);
        }
        if (statistic(xs, ys, w) >= observed) ++at_least;
    }
    return {observed, (at_least + 1.0) / (nsim + 1.0), nsim};
}

}  // namespace covermap::stats
