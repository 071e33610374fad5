#include "api/spatial_endpoint.hpp"

#include <cmath>

#include "api/spatial_data.hpp"
#include "api/spatial_json.hpp"
#include "api/spatial_params.hpp"
#include "stats/bivariate.hpp"
#include "stats/getis_ord.hpp"
#include "stats/lisa.hpp"
#include "stats/local.hpp"
#include "stats/local_bivariate.hpp"
#include "stats/moran.hpp"
#include "stats/p_adjust.hpp"

// Each endpoint: its parameters (api/spatial_params.*), its data (api/spatial_data.*), the
// statistic, its answer (api/spatial_json.*).
namespace covermap::api {

response class_breaks(const request& req, services& svc) {
    const spatial_params p = parse_breaks_params(req);
    return svc.read([&](pqxx::read_transaction& tx) {
        const breaks_input in = load_breaks_input(tx, p, svc.levels);
        return breaks_answer(p, in, classify(in.values, p.k, p.method, in.compare.has_value()));
    });
}

response autocorrelation(const request& req, services& svc) {
    const spatial_params p = parse_autocorrelation_params(req);
    return svc.read([&](pqxx::read_transaction& tx) {
        const spatial_input in = load_spatial_input(tx, p, svc.levels);
        moran_figures f;
        f.test = stats::moran_test(in.units.values, in.weights);
        if (p.permutations > 0) f.p_permutation = stats::moran_permutation(in.units.values, in.weights, p.permutations, p.seed).p_value;
        if (in.with) {
            f.bivariate_i = stats::bivariate_moran(in.units.values, in.with_values, in.weights);
            if (p.permutations > 0) {
                f.bivariate_p_permutation =
                    stats::bivariate_moran_permutation(in.units.values, in.with_values, in.weights, p.permutations, p.seed).p_value;
            }
        }
        return autocorrelation_answer(p, in, f);
    });
}

response local_clusters(const request& req, services& svc) {
    const spatial_params p = parse_lisa_params(req);
    return svc.read([&](pqxx::read_transaction& tx) {
        const spatial_input in = load_spatial_input(tx, p, svc.levels);
        const stats::permutation_options options{p.permutations, p.seed, 2};
        // Univariate: local Moran of the metric. Bivariate (with=): the metric at a unit against
        // `with` around it, as spdep localmoran_bv; its moments are the permutations' (spdep has
        // no analytical ones), so z and p are left out.
        const bool bivariate = in.with.has_value();
        lisa_figures f;
        if (bivariate) {
            f.ibv = stats::bivariate_local_moran(in.units.values, in.with_values, in.weights);
            f.perm = stats::bivariate_local_moran_permutation(in.units.values, in.with_values, in.weights, options);
        } else {
            f.local = stats::local_moran(in.units.values, in.weights);
            f.perm = stats::local_moran_permutation(in.units.values, in.weights, options);
        }
        f.adjusted = stats::p_adjust(f.perm.p_folded, p.adjustment);
        const auto quadrants = bivariate ? stats::bivariate_quadrants(in.units.values, in.with_values, in.weights)
                                         : stats::moran_quadrants(in.units.values, in.weights);
        f.clusters = stats::lisa_clusters(quadrants, f.adjusted, p.alpha);
        return lisa_answer(p, in, f);
    });
}

response hotspots(const request& req, services& svc) {
    const spatial_params p = parse_hotspots_params(req);
    return svc.read([&](pqxx::read_transaction& tx) {
        const spatial_input in = load_spatial_input(tx, p, svc.levels);
        const auto g = stats::getis_ord_g_star(in.units.values, in.weights);
        // spdep localG's "Pr(z != E(G*i))": two-sided, standard normal.
        std::vector<double> p_values(g.size());
        for (std::size_t i = 0; i < g.size(); ++i) p_values[i] = std::erfc(std::fabs(g[i]) / std::sqrt(2.0));
        return hotspots_answer(p, in, g, p_values, stats::p_adjust(p_values, p.adjustment));
    });
}

}  // namespace covermap::api
