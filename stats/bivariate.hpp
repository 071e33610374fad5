#pragma once
// Bivariate Moran's I (Anselin, Syabri & Smirnov 2002), as spdep 1.2-7 moran_bv(x, y, listw, scale = TRUE):
// how x at a unit goes with y around it, e.g. coverage against an indicator.
#include <cstdint>
#include <vector>

#include "stats/weights.hpp"

namespace covermap::stats {

// With x and y standardised (mean 0, sample standard deviation 1, as R's scale()):
// I_B = Σ_i x_i lag(y)_i / Σ_i x_i². Throws covermap::input_error for sizes that differ, fewer than
// 3 units, a non-finite value or a constant x or y.
double bivariate_moran(const std::vector<double>& x, const std::vector<double>& y, const row_weights& w);

struct bivariate_permutation_result {
    double statistic;
    double p_value;  // (#{I_sim ≥ I_B} + 1) / (nsim + 1), alternative "greater"
    int nsim;
};

// The (x_i, y_i) pairs shuffled over the units nsim times, as moran_bv's boot(sim = "permutation"),
// from a std::mt19937_64 stream of `seed`. Throws covermap::input_error for nsim < 1.
bivariate_permutation_result bivariate_moran_permutation(const std::vector<double>& x, const std::vector<double>& y,
                                                         const row_weights& w, int nsim, std::uint64_t seed);

}  // namespace covermap::stats
