#pragma once
// Conditional permutation inference for local Moran's I and the LISA cluster map, like spdep 1.2-7
// localmoran_perm(x, listw, nsim = 999) and hotspot(): for each unit i, x_i stays fixed and its
// |N_i| neighbours are replaced nsim times by |N_i| distinct other units, drawn uniformly WITHOUT
// replacement (as pysal/GeoDa; spdep 1.2-7 draws with replacement, which inflates Var(Ii_sim) by
// about (n−2)/(n−1−|N_i|)). Its moments then equal localmoran's analytical E.Ii and Var.Ii.
#include <cstdint>
#include <vector>

#include "stats/local.hpp"
#include "stats/weights.hpp"

namespace covermap::stats {

struct permutation_options {
    int nsim = 999;
    std::uint64_t seed = 1;  // unit i draws from std::mt19937_64 seeded from (seed, i): same result for any thread count
    int threads = 2;
};

// Per unit, with ge = #{Ii_sim ≥ Ii}:
struct local_moran_permutation_result {
    // spdep "Pr(folded) Sim" (pysal's p_sim): (min(ge, nsim − ge) + 1) / (nsim + 1). The cluster map uses it.
    std::vector<double> p_folded;
    // spdep "Pr(z != E(Ii)) Sim": with r the rank of Ii among the nsim + 1 values (ties averaged,
    // then truncated as spdep does), 2 · min(r, nsim + 2 − r) / (nsim + 1).
    std::vector<double> p_rank;
    std::vector<double> mean;      // mean of Ii_sim (spdep's E.Ii with sample_Ei = TRUE)
    std::vector<double> variance;  // sample variance of Ii_sim (spdep's Var.Ii)
};

// Throws covermap::input_error for nsim < 1 or threads < 1, input_error as local_moran.
local_moran_permutation_result local_moran_permutation(const std::vector<double>& x, const row_weights& w,
                                                       const permutation_options& options = {});

enum class cluster { not_significant, high_high, low_low, high_low, low_high };

// The unit's quadrant when its p-value is below alpha, else not_significant (spdep hotspot()
// with p.adjust = "none"). Throws covermap::input_error unless 0 < alpha ≤ 1 and the sizes match.
std::vector<cluster> lisa_clusters(const std::vector<quadrant>& quadrants, const std::vector<double>& p_values,
                                   double alpha = 0.05);

// "HH", "LL", "HL", "LH" or "not significant".
const char* cluster_label(cluster c);

}  // namespace covermap::stats
