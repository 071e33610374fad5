#include "stats/local_bivariate.hpp"

#include "stats/conditional_permutation.hpp"
#include "stats/input.hpp"

namespace covermap::stats {
namespace {

void check(const std::vector<double>& x, const std::vector<double>& y, const row_weights& w) {
    detail::check_values(x, w, 3);
    detail::check_values(y, w, 3);
}

}  // namespace

std::vector<double> bivariate_local_moran(const std::vector<double>& x, const std::vector<double>& y,
                                          const row_weights& w) {
    check(x, y, w);
    const auto zx = detail::scaled(x);
    const auto lag = spatial_lag(w, detail::scaled(y));
    std::vector<double> out(zx.size());
    for (std::size_t i = 0; i < zx.size(); ++i) out[i] = zx[i] * lag[i];
    return out;
}

local_moran_permutation_result bivariate_local_moran_permutation(const std::vector<double>& x,
                                                                 const std::vector<double>& y, const row_weights& w,
                                                                 const permutation_options& options) {
    check(x, y, w);
    // Ibv_sim = zx_i · mean of scale(y) over the drawn = zx_i / sd(y) · (mean of y over the drawn − mean(y)).
    const double sd_y = detail::sample_sd(y);
    detail::conditional_draw d{y, detail::scaled(x), detail::mean(y)};
    for (double& f : d.factor) f /= sd_y;
    return detail::conditional_permutation(d, w, options);
}

std::vector<quadrant> bivariate_quadrants(const std::vector<double>& x, const std::vector<double>& y,
                                          const row_weights& w) {
    check(x, y, w);
    return quadrants_of(x, spatial_lag(w, y));
}

}  // namespace covermap::stats
