#pragma once
// Join count statistics for a binary map (a hamlet has a team: black, B; or not: white, W), as
// spdep 1.2-7 joincount.test / joincount.multi (non-free sampling, i.e. randomisation, with
// adjust.n = TRUE and no unit without neighbours) and joincount.mc, on binary weights (style "B",
// w_ij = 1 for each neighbour j of i; the lists may be asymmetric, as k-nearest neighbours are).
#include <cstdint>
#include <vector>

#include "stats/weights.hpp"

namespace covermap::stats {

// spdep spweights.constants of binary weights: S0 = Σ w_ij, S1 = ½ Σ (w_ij + w_ji)², S2 = Σ_i (w_i. + w_.i)².
struct binary_weight_constants {
    double n, s0, s1, s2;
};
binary_weight_constants binary_constants(const neighbour_lists& neighbours);

struct join_count {
    double observed;     // ½ Σ_ij w_ij [colours of i and j]
    double expected;     // under non-free sampling
    double variance;
    double z;            // (observed − expected) / √variance; NaN when the variance is 0
    double p_value;      // BB, WW: Pr(Z > z) (spdep's alternative "greater"); BW: Pr(Z < z) (fewer
                         // mixed joins than by chance means clustering)
    double p_value_permutation = -1;  // −1 unless permutations were run
};

struct join_count_result {
    long long n = 0, black = 0, white = 0;  // units, B and W units
    binary_weight_constants constants{};
    join_count bb{}, ww{}, bw{};  // BB and WW as joincount.test (and the diagonal of joincount.multi), BW as
                                  // joincount.multi's "2:1" row
    int permutations = 0;
};

// Throws covermap::input_error for fewer than 4 units, sizes that differ, a unit without
// neighbours (remove islands first), a bad index, or a map of one colour only.
join_count_result join_count_test(const std::vector<bool>& black, const neighbour_lists& neighbours);

// As join_count_test, plus permutation p-values: the colours shuffled over the units nsim times
// (two seeded std::mt19937_64 streams of nsim/2 draws each, on two threads: the same result for a
// seed). BB, WW as joincount.mc(alternative = "greater"): with r the
// average rank of the observed count among the nsim + 1, (max(nsim − r, 0) + 1) / (nsim + 1);
// BW: (#{BW_sim ≤ BW} + 1) / (nsim + 1). Throws covermap::input_error for nsim < 1.
join_count_result join_count_permutation(const std::vector<bool>& black, const neighbour_lists& neighbours, int nsim,
                                         std::uint64_t seed);

}  // namespace covermap::stats
