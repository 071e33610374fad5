#pragma once
// Getis–Ord Gi* hot-spot z-scores, as spdep 1.2-7 localG(x, nb2listw(include.self(nb), style = "W")).
#include <vector>

#include "stats/weights.hpp"

namespace covermap::stats {

// With the unit itself added to its neighbours and row-standardised weights (w_ij = 1/(|N_i|+1),
// so Σ_j w_ij = 1 and Σ_j w_ij² = 1/(|N_i|+1)), spdep's Gi* z-score is
//   (lag_i − mean(x)) / √( s² · (n/(|N_i|+1) − 1)/(n−1) ),   s² = Σ(x − mean)²/n,
// where lag_i is the mean of x over i and its neighbours. `w` holds the neighbours WITHOUT self.
// Throws covermap::input_error for fewer than 2 units, non-finite or constant x, or a size mismatch.
std::vector<double> getis_ord_g_star(const std::vector<double>& x, const row_weights& w);

}  // namespace covermap::stats
