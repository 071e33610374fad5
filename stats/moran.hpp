#pragma once
// Global Moran's I with row-standardised weights, numbers as spdep 1.2-7 computes them.
#include <cstdint>
#include <vector>

#include "stats/weights.hpp"

namespace covermap::stats {

// spdep moran.test(x, listw, randomisation = TRUE, alternative = "greater").
struct moran_test_result {
    double statistic;    // Moran's I
    double expectation;  // E[I] = −1/(n−1)
    double variance;     // Var[I] under randomisation (kurtosis-corrected, EI² subtracted)
    double z;            // (I − E[I]) / √Var[I], the "standard deviate"
    double p_value;      // upper tail of the standard normal at z
};

// Throws covermap::input_error for fewer than 4 units, non-finite or constant x, or a size mismatch.
moran_test_result moran_test(const std::vector<double>& x, const row_weights& w);

struct moran_permutation_result {
    double statistic;  // Moran's I of x
    double p_value;    // (#{I_sim ≥ I} + 1) / (nsim + 1), alternative "greater"
    int nsim;
};

// Permutation test like spdep moran.mc(x, listw, nsim, alternative = "greater"): x is shuffled
// nsim times, in two blocks on two threads, each on its own std::mt19937_64 stream derived from
// `seed` (deterministic for a seed). spdep ranks with average ties
// instead, which for "greater" gives max(#{I_sim > I}, 1)/(nsim+1): at most 1/(nsim+1) apart.
// Throws covermap::input_error for nsim < 1, input_error as moran_test.
moran_permutation_result moran_permutation(const std::vector<double>& x, const row_weights& w, int nsim,
                                           std::uint64_t seed);

// Moran's I alone: n/S0 · Σ z_i lag(z)_i / Σ z_i² with S0 = n for row-standardised weights.
double moran_i(const std::vector<double>& x, const row_weights& w);

}  // namespace covermap::stats
