#pragma once
// Local Moran's I (LISA) with its analytical moments, as spdep 1.2-7 localmoran(x, listw) with the
// defaults conditional = TRUE, mlvar = TRUE, adjust.x = FALSE, alternative = "two.sided".
#include <vector>

#include "stats/weights.hpp"

namespace covermap::stats {

// One entry per unit (the columns of spdep's result). With z = x − mean(x), m2 = Σz²/n:
//   Ii = z_i/m2 · lag(z)_i                       E.Ii = −z_i² / ((n−1) m2)
//   Var.Ii = (z_i/m2)² · n/(n−2) · (1/|N_i| − 1/(n−1)) · (m2 − z_i²/(n−1))
//   Z.Ii = (Ii − E.Ii)/√Var.Ii                   p = 2 Φ(−|Z.Ii|)
// A unit with x_i = mean(x) has Var.Ii = 0 and, as in spdep, Z.Ii and p NaN.
struct local_moran_result {
    std::vector<double> statistic;    // Ii
    std::vector<double> expectation;  // E.Ii
    std::vector<double> variance;     // Var.Ii
    std::vector<double> z;            // Z.Ii
    std::vector<double> p_value;      // Pr(z != E(Ii))
};

// Throws covermap::input_error for fewer than 3 units, non-finite or constant x, or a size mismatch.
local_moran_result local_moran(const std::vector<double>& x, const row_weights& w);

enum class quadrant { high_high, low_low, high_low, low_high };

// spdep attr(localmoran(...), "quadr")$mean: "high" when x_i > mean(x) (first letter) and when
// lag(x)_i > mean(lag(x)) (second letter); equality counts as low, as R's cut() does.
std::vector<quadrant> moran_quadrants(const std::vector<double>& x, const row_weights& w);
// The quadrant of each unit from its value and its neighbours' (the lag): above or below the mean
// of each. The univariate and the bivariate LISA both class this way.
std::vector<quadrant> quadrants_of(const std::vector<double>& x, const std::vector<double>& lag);

}  // namespace covermap::stats
