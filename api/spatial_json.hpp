#pragma once
// The JSON answers of the spatial statistics (api/spatial_endpoint.*): what was computed, written
// with the envelope every statistic shares (edition, level, metric, as-of, islands, weights) and
// marked when the snapshot was converted from another edition.
#include <cstdint>
#include <optional>
#include <vector>

#include "api/http.hpp"
#include "api/spatial_data.hpp"
#include "api/spatial_params.hpp"
#include "stats/lisa.hpp"
#include "stats/local.hpp"
#include "stats/moran.hpp"

namespace covermap::api {

// GET /api/stats/breaks.
response breaks_answer(const spatial_params& p, const breaks_input& in, const classes& c);

// GET /api/stats/autocorrelation: the test, its permutation p-value (permutations > 0), and with
// `with` the bivariate Moran's I and its permutation p-value.
struct moran_figures {
    stats::moran_test_result test;
    std::optional<double> p_permutation;
    double bivariate_i = 0;
    std::optional<double> bivariate_p_permutation;
};
response autocorrelation_answer(const spatial_params& p, const spatial_input& in, const moran_figures& f);

// GET /api/stats/lisa: per unit, the local Moran (univariate) or Ibv with the permutations' moments
// (bivariate), the p-values and the cluster.
struct lisa_figures {
    stats::local_moran_result local;  // univariate
    std::vector<double> ibv;          // bivariate
    stats::local_moran_permutation_result perm;
    std::vector<double> adjusted;
    std::vector<stats::cluster> clusters;
};
response lisa_answer(const spatial_params& p, const spatial_input& in, const lisa_figures& f);

// GET /api/stats/hotspots: Gi* z per unit, its two-sided p-value before and after adjustment.
response hotspots_answer(const spatial_params& p, const spatial_input& in, const std::vector<double>& g,
                         const std::vector<double>& p_values, const std::vector<double>& adjusted);

}  // namespace covermap::api
