#include "stats/local.hpp"

#include <cmath>

#include "stats/input.hpp"

namespace covermap::stats {

local_moran_result local_moran(const std::vector<double>& x, const row_weights& w) {
    detail::check_values(x, w, 3);
    const auto z = detail::centred(x);
    const auto lag = spatial_lag(w, z);
    const auto count = z.size();
    const double n = static_cast<double>(count);
    double zz = 0.0;
    for (double v : z) zz += v * v;
    const double m2 = zz / n;

    local_moran_result r;
    for (auto* column : {&r.statistic, &r.expectation, &r.variance, &r.z, &r.p_value}) column->resize(count);
    for (std::size_t i = 0; i < count; ++i) {
        const double zi2 = z[i] * z[i];
        const double sum_w2 = 1.0 / static_cast<double>(w.degree(i));  // Σ_j w_ij², row sum Wi = 1
        r.statistic[i] = z[i] / m2 * lag[i];
        r.expectation[i] = -zi2 / ((n - 1.0) * m2);
        const double scaled = z[i] / m2;
        r.variance[i] = scaled * scaled * (n / (n - 2.0)) * (sum_w2 - 1.0 / (n - 1.0)) * (m2 - zi2 / (n - 1.0));
        r.z[i] = (r.statistic[i] - r.expectation[i]) / std::sqrt(r.variance[i]);
        r.p_value[i] = std::erfc(std::fabs(r.z[i]) / std::sqrt(2.0));
    }
    return r;
}

std::vector<quadrant> moran_quadrants(const std::vector<double>& x, const row_weights& w) {
    detail::check_values(x, w, 1);
    return quadrants_of(x, spatial_lag(w, x));
}

std::vector<quadrant> quadrants_of(const std::vector<double>& x, const std::vector<double>& lag) {
    double x_sum = 0.0, lag_sum = 0.0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        x_sum += x[i];
        lag_sum += lag[i];
    }
    const double x_mean = x_sum / static_cast<double>(x.size());
    const double lag_mean = lag_sum / static_cast<double>(x.size());
    std::vector<quadrant> q(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) {
        const bool high = x[i] > x_mean, lag_high = lag[i] > lag_mean;
        q[i] = high ? (lag_high ? quadrant::high_high : quadrant::high_low)
                    : (lag_high ? quadrant::low_high : quadrant::low_low);
    }
    return q;
}

}  // namespace covermap::stats
