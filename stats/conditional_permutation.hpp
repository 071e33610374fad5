#pragma once
// Internal to covermap_stats: the conditional permutation shared by the univariate and the
// bivariate LISA. Unit i stays fixed; its |N_i| neighbours are replaced nsim times by |N_i|
// distinct other units (without replacement), and the simulated statistic is
//   I_sim = factor_i · (Σ drawn over the sampled units / |N_i| − offset).
#include <vector>

#include "stats/lisa.hpp"

namespace covermap::stats::detail {

struct conditional_draw {
    const std::vector<double>& drawn;  // the values sampled for the neighbours (raw: integer data tie exactly)
    std::vector<double> factor;        // per unit
    double offset;
};

// Throws covermap::input_error for nsim < 1 or threads < 1.
local_moran_permutation_result conditional_permutation(const conditional_draw& d, const row_weights& w,
                                                       const permutation_options& options);

}  // namespace covermap::stats::detail
