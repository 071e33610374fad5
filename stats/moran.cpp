#include "stats/moran.hpp"

#include <thread>

#include <algorithm>
#include <cmath>
#include <utility>

#include "core/error.hpp"
#include "stats/input.hpp"
#include "stats/random.hpp"

namespace covermap::stats {
namespace {

// Σ_i z_i · lag(z)_i — with S0 = n, I = this / Σ z².
double cross_product(const std::vector<double>& z, const row_weights& w) {
    double sum = 0.0;
    for (std::size_t i = 0; i < w.size(); ++i) {
        double lag = 0.0;
        for (auto k = w.row_start[i]; k < w.row_start[i + 1]; ++k) lag += z[w.neighbours[k]];
        sum += z[i] * lag / static_cast<double>(w.degree(i));
    }
    return sum;
}

double sum_of_squares(const std::vector<double>& z) {
    double s = 0.0;
    for (double v : z) s += v * v;
    return s;
}

// spdep spweights.constants: S1 = ½ Σ_ij (w_ij + w_ji)², S2 = Σ_i (w_i. + w_.i)².
std::pair<double, double> s1_s2(const row_weights& w) {
    const auto n = w.size();
    std::vector<double> column_sum(n, 0.0);
    double s1 = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        const double wij = 1.0 / static_cast<double>(w.degree(i));
        for (auto k = w.row_start[i]; k < w.row_start[i + 1]; ++k) {
            const auto j = static_cast<std::size_t>(w.neighbours[k]);
            column_sum[j] += wij;
            const auto first = w.neighbours.begin() + static_cast<std::ptrdiff_t>(w.row_start[j]);
            const auto last = w.neighbours.begin() + static_cast<std::ptrdiff_t>(w.row_start[j + 1]);
            const bool back = std::binary_search(first, last, static_cast<int>(i));
            const double wji = back ? 1.0 / static_cast<double>(w.degree(j)) : 0.0;
            s1 += wij * wij + wij * wji;
        }
    }
    double s2 = 0.0;
    for (std::size_t i = 0; i < n; ++i) s2 += (1.0 + column_sum[i]) * (1.0 + column_sum[i]);
    return {s1, s2};
}

}  // namespace

double moran_i(const std::vector<double>& x, const row_weights& w) {
    detail::check_values(x, w, 2);
    const auto z = detail::centred(x);
    return cross_product(z, w) / sum_of_squares(z);
}

moran_test_result moran_test(const std::vector<double>& x, const row_weights& w) {
    detail::check_values(x, w, 4);
    const auto z = detail::centred(x);
    const double n = static_cast<double>(x.size());
    const double zz = sum_of_squares(z);
    double z4 = 0.0;
    for (double v : z) z4 += v * v * v * v;
    const double kurtosis = n * z4 / (zz * zz);
    const auto [s1, s2] = s1_s2(w);
    const double s0 = n;  // every row sums to 1
    const double s02 = s0 * s0;

    moran_test_result r{};
    r.statistic = cross_product(z, w) / zz;
    r.expectation = -1.0 / (n - 1.0);
    const double a = n * (s1 * (n * n - 3.0 * n + 3.0) - n * s2 + 3.0 * s02);
    const double b = kurtosis * (s1 * (n * n - n) - 2.0 * n * s2 + 6.0 * s02);
    r.variance = (a - b) / ((n - 1.0) * (n - 2.0) * (n - 3.0) * s02) - r.expectation * r.expectation;
    r.z = (r.statistic - r.expectation) / std::sqrt(r.variance);
    r.p_value = 0.5 * std::erfc(r.z / std::sqrt(2.0));
    return r;
}

moran_permutation_result moran_permutation(const std::vector<double>& x, const row_weights& w, int nsim,
                                           std::uint64_t seed) {
    if (nsim < 1) throw input_error("nsim must be at least 1 (got " + std::to_string(nsim) + ")");
    detail::check_values(x, w, 2);
    auto z = detail::centred(x);
    const double zz = sum_of_squares(z);
    const double observed = cross_product(z, w) / zz;
    // Two fixed blocks of simulations, each with its own stream, run on two threads: the result
    // depends on the seed only.
    auto run_block = [&](int block, std::vector<double> values) {
        detail::bounded_draws draws;
        draws.seed(detail::stream_seed(seed, static_cast<std::uint64_t>(block)));
        const int first = block * nsim / 2, last = (block + 1) * nsim / 2;
        int count = 0;
        for (int s = first; s < last; ++s) {
            for (auto i = values.size() - 1; i > 0; --i)
                std::swap(values[i], values[draws.below(static_cast<std::uint32_t>(i + 1))]);
            if (cross_product(values, w) / zz >= observed) ++count;
        }
        return count;
    };
    int second = 0;
    std::thread helper([&] { second = run_block(1, z); });
    const int first = run_block(0, z);
    helper.join();
    const int at_least = first + second;
    return {observed, (at_least + 1.0) / (nsim + 1.0), nsim};
}

}  // namespace covermap::stats
