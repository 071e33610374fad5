#include "api/rates_endpoint.hpp"

#include <nlohmann/json.hpp>

#include <cmath>

#include "api/params.hpp"
#include "api/scope.hpp"
#include "stats/source/metrics.hpp"
#include "core/error.hpp"
#include "stats/rates.hpp"

namespace covermap::api {
using namespace stats::source;

using nlohmann::json;

response smoothed_rates(const request& req, services& svc) {
    const query_params params(req, {"edition", "level", "as_of", "method"});
    const std::string method = params.text("method").value_or("global");
    if (method != "global" && method != "local")
        throw bad_request("parameter 'method': '" + method + "' is not a smoothing method; methods: global, local");
    return svc.read([&](pqxx::read_transaction& tx) {
        const edition_ref edition = resolve_edition(tx, params.text("edition"));
        const std::string level = params.text("level").value_or("commune");
        require_level(tx, edition, level);
        const snapshot_ref snapshot = resolve_snapshot(tx, edition, params.text("as_of"), "as_of", level);
        const rate_counts counts = load_rate_counts(tx, svc.levels, edition, level, snapshot.as_of);
        if (counts.units.ids.empty()) throw bad_request("no " + level + " of edition " + edition.name + " has hamlets");
        const auto units_count = static_cast<long long>(svc.levels.units(tx, edition.id, level)->size());
        json doc{{"edition", edition.name},
                 {"level", level},
                 {"as_of", snapshot.as_of},
                 {"method", method},
                 {"rate", "covered_hamlets / hamlets"},
                 {"n", counts.units.ids.size()},
                 {"units_without_hamlets", units_count - static_cast<long long>(counts.units.ids.size())}};
        json units = json::array();
        const auto add_unit = [&](std::size_t i, double smoothed) {
            units.push_back({{"id", counts.units.ids[i]},
                             {"code", counts.units.codes[i]},
                             {"name", counts.units.names[i]},
                             {"covered_hamlets", counts.cases[i]},
                             {"hamlets", counts.population[i]},
                             {"raw_rate", counts.units.values[i]},
                             {"smoothed_rate", smoothed}});
        };
        if (method == "global") {
            const auto eb = stats::eb_global(counts.cases, counts.population);
            doc["reference"] = "spdep EBest (Poisson, Marshall 1991): every unit shrunk towards the pooled rate";
            doc["prior_mean"] = eb.b;
            doc["prior_variance"] = eb.a;
            for (std::size_t i = 0; i < eb.smoothed.size(); ++i) add_unit(i, eb.smoothed[i]);
        } else {
            const auto eb = stats::eb_local(counts.cases, counts.population, counts.neighbours);
            doc["reference"] =
                "spdep EBlocal: each unit shrunk towards the pooled rate of itself and its queen neighbours";
            long long islands = 0;
            for (std::size_t i = 0; i < eb.smoothed.size(); ++i) {
                add_unit(i, eb.smoothed[i]);
                units.back()["prior_mean"] = eb.m[i];
                units.back()["prior_variance"] = eb.a[i];
                units.back()["neighbours"] = counts.neighbours[i].size();
                islands += counts.neighbours[i].empty();
            }
            doc["units_without_neighbours"] = islands;  // their group is themselves: smoothed = raw
        }
        doc["units"] = std::move(units);
        response r;
        mark_conversion(r, snapshot, edition.name, &doc);
        r.body = doc.dump();
        return r;
    });
}

}  // namespace covermap::api
