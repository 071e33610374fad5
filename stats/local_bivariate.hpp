#pragma once
// Bivariate local Moran's I (bivariate LISA, Anselin, Syabri & Smirnov 2002), as spdep 1.2-7
// localmoran_bv(x, y, listw, nsim) and GeoDa's bivariate LISA: how x at a unit goes with y
// around it, e.g. the coverage rate of a commune against an indicator of its neighbours.
#include <vector>

#include "stats/lisa.hpp"
#include "stats/local.hpp"
#include "stats/weights.hpp"

namespace covermap::stats {

// With x and y scaled as R's scale() (mean 0, sample sd 1): Ibv_i = x_i · lag(y)_i (row-standardised
// weights), spdep's "Ibvi". Throws covermap::input_error for sizes that differ, fewer than 3 units,
// a non-finite value or a constant x or y.
std::vector<double> bivariate_local_moran(const std::vector<double>& x, const std::vector<double>& y,
                                          const row_weights& w);

// Conditional permutation inference: x_i fixed, the y of its |N_i| neighbours replaced nsim times by
// the y of |N_i| distinct other units, drawn without replacement as the univariate LISA here
// (spdep 1.2-7 draws with replacement). p_folded is spdep's "Pr(folded) Sim"; mean and variance
// of the simulated Ibv_i are spdep's E.Ibvi and Var.Ibvi (spdep has no analytical moments for it).
local_moran_permutation_result bivariate_local_moran_permutation(const std::vector<double>& x,
                                                                 const std::vector<double>& y, const row_weights& w,
                                                                 const permutation_options& options = {});

// The quadrant of (x_i, lag(y)_i): "high" when x_i > mean(x) (first letter) and when
// lag(y)_i > mean(lag(y)) (second letter), the "mean" rule of the univariate moran_quadrants.
std::vector<quadrant> bivariate_quadrants(const std::vector<double>& x, const std::vector<double>& y,
                                          const row_weights& w);

}  // namespace covermap::stats
