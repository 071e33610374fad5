#include "api/spatial_endpoint.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "api/metrics.hpp"
#include "api/params.hpp"
#include "api/scope.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "stats/bivariate.hpp"
#include "stats/breaks.hpp"
#include "stats/getis_ord.hpp"
#include "stats/lisa.hpp"
#include "stats/local.hpp"
#include "stats/local_bivariate.hpp"
#include "stats/moran.hpp"
#include "stats/p_adjust.hpp"
#include "stats/rates.hpp"

namespace covermap::api {
namespace {

using nlohmann::json;

json finite_or_null(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

// A metric's values on a level, with the weights among the units that have one.
struct spatial_input {
    edition_ref edition{0, {}};
    std::string level, as_of, metric;
    bool eb_standardised = false;  // values are Assunção–Reis EB-standardised coverage rates
    snapshot_ref snapshot;
    unit_values units;           // only units with neighbours
    std::optional<std::string> with;  // a second metric (bivariate statistics)
    std::vector<double> with_values;  // its value per unit of `units`
    stats::row_weights weights;
    json islands = json::array();  // units left out: no neighbour with a value
    long long without_value = 0;
};

spatial_input load_input(pqxx::read_transaction& tx, const query_params& params, level_cache& cache) {
    spatial_input in;
    in.edition = resolve_edition(tx, params.text("edition"));
    in.level = params.text("level").value_or("commune");
    require_level(tx, in.edition, in.level);
    in.metric = params.text("metric").value_or("coverage_rate");
    const std::string standardise = params.text("standardise").value_or("none");
    if (standardise != "none" && standardise != "eb")
        throw bad_request("parameter 'standardise': '" + standardise + "' is not known; values: none, eb");
    in.eb_standardised = standardise == "eb";
    if (in.eb_standardised && in.metric != "coverage_rate")
        throw bad_request("parameter 'standardise': eb standardises the coverage rate (metric coverage_rate), not '" +
                          in.metric + "'");
    const metric m = resolve_metric(tx, in.edition, in.metric);
    in.snapshot = resolve_snapshot(tx, in.edition, params.text("as_of"), "as_of", in.level);
    in.as_of = in.snapshot.as_of;
    unit_values all = load_values(tx, cache, in.edition, in.level, in.as_of, m);
    // A second metric: the units with both values (both lists are ordered by unit id).
    std::vector<double> all_with;
    in.with = params.text("with");
    if (in.with) {
        const unit_values second = load_values(tx, cache, in.edition, in.level, in.as_of, resolve_metric(tx, in.edition, *in.with));
        unit_values both;
        std::size_t j = 0;
        for (std::size_t i = 0; i < all.ids.size(); ++i) {
            while (j < second.ids.size() && second.ids[j] < all.ids[i]) ++j;
            if (j == second.ids.size() || second.ids[j] != all.ids[i]) continue;
            both.ids.push_back(all.ids[i]);
            both.codes.push_back(all.codes[i]);
            both.names.push_back(all.names[i]);
            both.values.push_back(all.values[i]);
            all_with.push_back(second.values[j]);
        }
        all = std::move(both);
    }
    in.without_value = static_cast<long long>(cache.units(tx, in.edition.id, in.level)->size()) -
                       static_cast<long long>(all.ids.size());
    std::unordered_map<long long, std::size_t> index;
    for (std::size_t i = 0; i < all.ids.size(); ++i) index.emplace(all.ids[i], i);
    std::vector<std::vector<int>> neighbours(all.ids.size());
    for (const auto& [unit, neighbour] : *cache.neighbours(tx, in.edition.id, in.level)) {
        const auto a = index.find(unit), b = index.find(neighbour);
        if (a != index.end() && b != index.end()) neighbours[a->second].push_back(static_cast<int>(b->second));
    }
    // Keep the units with neighbours, renumbered.
    std::vector<int> kept(all.ids.size(), -1);
    for (std::size_t i = 0; i < all.ids.size(); ++i) {
        if (neighbours[i].empty()) {
            in.islands.push_back({{"id", all.ids[i]}, {"code", all.codes[i]}, {"name", all.names[i]}});
            continue;
        }
        kept[i] = static_cast<int>(in.units.ids.size());
        in.units.ids.push_back(all.ids[i]);
        in.units.codes.push_back(all.codes[i]);
        in.units.names.push_back(all.names[i]);
        in.units.values.push_back(all.values[i]);
        if (in.with) in.with_values.push_back(all_with[i]);
    }
    std::vector<std::vector<int>> lists;
    for (std::size_t i = 0; i < all.ids.size(); ++i) {
        if (kept[i] < 0) continue;
        std::vector<int> renumbered;
        for (int j : neighbours[i]) renumbered.push_back(kept[static_cast<std::size_t>(j)]);
        std::sort(renumbered.begin(), renumbered.end());
        lists.push_back(std::move(renumbered));
    }
    if (lists.size() < 3) throw bad_request("too few units with a value and neighbours (" + std::to_string(lists.size()) + ") for statistics");
    in.weights = stats::make_row_weights(lists);
    if (in.eb_standardised) {
        // The units' counts, EB-standardised over the units of the statistic, as spdep EBImoran.mc.
        const rate_counts counts = load_rate_counts(tx, cache, in.edition, in.level, in.as_of);
        std::unordered_map<long long, std::size_t> position;
        for (std::size_t i = 0; i < counts.units.ids.size(); ++i) position.emplace(counts.units.ids[i], i);
        std::vector<double> cases, population;
        for (long long id : in.units.ids) {
            const std::size_t i = position.at(id);
            cases.push_back(counts.cases[i]);
            population.push_back(counts.population[i]);
        }
        in.units.values = stats::eb_standardised(cases, population);
    }
    return in;
}

json envelope(const spatial_input& in) {
    json doc{{"edition", in.edition.name}, {"level", in.level}, {"metric", in.metric}, {"as_of", in.as_of},
            {"n", in.units.ids.size()}, {"islands", in.islands}, {"units_without_value", in.without_value},
            {"weights", "queen contiguity (spdep poly2nb snap), row-standardised"}};
    if (in.with) doc["with"] = *in.with;
    if (in.eb_standardised) {
        doc["standardise"] = "eb";
        doc["values"] = "EB-standardised coverage rates (Assunção & Reis 1999, as spdep EBImoran.mc): (p - b) / sqrt(a + b/hamlets)";
    }
    return doc;
}

// alpha (0, 1] and p_adjust (none, fdr, bonferroni) of a local statistic's significance.
double parse_alpha(const query_params& params) {
    double alpha = 0.05;
    if (const auto a = params.text("alpha")) {
        char* end = nullptr;
        alpha = std::strtod(a->c_str(), &end);
        if (*end != '\0' || !(alpha > 0 && alpha <= 1)) throw bad_request("parameter 'alpha': '" + *a + "' is not within (0, 1]");
    }
    return alpha;
}
stats::p_adjustment parse_adjustment(const query_params& params) {
    const std::string name = params.text("p_adjust").value_or("none");
    try {
        return stats::parse_p_adjustment(name);
    } catch (const input_error&) {  // the statistics' message, said of the parameter
        throw input_error("parameter 'p_adjust': '" + name + "' is not known; values: none, fdr, bonferroni");
    }
}

// The answer: the document, marked when the snapshot was converted from another edition.
response answer(const spatial_input& in, json doc) {
    response r;
    mark_conversion(r, in.snapshot, in.edition.name, &doc);
    r.body = doc.dump();
    return r;
}

// The figures a change map can show: those the tiles carry as <metric>_change.
const std::vector<std::string>& change_metrics() {
    static const std::vector<std::string> metrics{"coverage_rate", "covered_hamlets", "teams", "members"};
    return metrics;
}
bool is_change_metric(const std::string& name) {
    const auto& all = change_metrics();
    return std::find(all.begin(), all.end(), name) != all.end();
}

// The units of `all` within the unit of code `parent_code` (a province, a district): an embedded
// province's map is classed on its own units. 400 when there are none.
unit_values within(pqxx::transaction_base& tx, const edition_ref& edition, const std::string& level,
                   const std::string& parent_code, const unit_values& all) {
    std::unordered_set<long long> ids;
    for (const auto& r : tx.exec_prepared("units_within", edition.id, level, parent_code)) ids.insert(r[0].as<long long>());
    if (ids.empty()) {
        throw bad_request("parameter 'parent_code': edition " + edition.name + " has no " + level + " within a unit of code '" +
                          parent_code + "'");
    }
    unit_values out;
    for (std::size_t i = 0; i < all.ids.size(); ++i) {
        if (!ids.count(all.ids[i])) continue;
        out.ids.push_back(all.ids[i]);
        out.codes.push_back(all.codes[i]);
        out.names.push_back(all.names[i]);
        out.values.push_back(all.values[i]);
    }
    return out;
}

// now − before per unit that has a value at both dates (both lists are ordered by unit id).
std::vector<double> change_values(const unit_values& now, const unit_values& before) {
    std::vector<double> out;
    std::size_t j = 0;
    for (std::size_t i = 0; i < now.ids.size(); ++i) {
        while (j < before.ids.size() && before.ids[j] < now.ids[i]) ++j;
        if (j < before.ids.size() && before.ids[j] == now.ids[i]) out.push_back(now.values[i] - before.values[j]);
    }
    return out;
}

// Breaks of the changes for a diverging map: at most as many classes as distinct changes (a
// change map often has few), and 0 a break whenever there are gains and losses, so that no class
// holds both.
std::vector<double> change_breaks(const std::vector<double>& values, const std::vector<double>& distinct, int k,
                                  const std::string& method, std::string& note) {
    const auto parsed = stats::parse_break_method(method);
    if (distinct.size() == 1) return {distinct.front(), distinct.front()};
    const int classes = std::min<int>(k, static_cast<int>(distinct.size()));
    if (classes < k) {
        note = "k lowered to the " + std::to_string(classes) + " distinct changes";
    }
    auto breaks = stats::class_breaks(values, classes, parsed);
    if (!breaks.empty() && breaks.front() < 0 && breaks.back() > 0 && std::find(breaks.begin(), breaks.end(), 0.0) == breaks.end()) {
        breaks.insert(std::upper_bound(breaks.begin(), breaks.end(), 0.0), 0.0);
        note += std::string(note.empty() ? "" : "; ") + "0 added as a break between losses and gains";
    }
    return breaks;
}

}  // namespace

response class_breaks(const request& req, services& svc) {
    const query_params params(req, {"edition", "level", "metric", "as_of", "compare", "parent_code", "method", "k"});
    const std::string method = params.text("method").value_or("quantile");
    const int k = static_cast<int>(params.integer("k", 2, 20).value_or(5));
    return svc.read([&](pqxx::read_transaction& tx) {
        const edition_ref edition = resolve_edition(tx, params.text("edition"));
        const std::string level = params.text("level").value_or("commune");
        require_level(tx, edition, level);
        const std::string metric_name = params.text("metric").value_or("coverage_rate");
        const metric m = resolve_metric(tx, edition, metric_name);
        const auto compare_param = params.text("compare");
        if (compare_param && !is_change_metric(metric_name)) {
            throw bad_request("parameter 'compare': a change is mapped for " + core::join_list(change_metrics()) +
                              ", not for metric '" + metric_name + "'");
        }
        const snapshot_ref snapshot = resolve_snapshot(tx, edition, params.text("as_of"), "as_of", level);
        const std::string& as_of = snapshot.as_of;
        const std::optional<snapshot_ref> compare =
            compare_param ? std::optional<snapshot_ref>(resolve_snapshot(tx, edition, compare_param, "compare", level)) : std::nullopt;
        const auto parent_code = params.text("parent_code");
        unit_values v = load_values(tx, svc.levels, edition, level, as_of, m);
        if (parent_code) v = within(tx, edition, level, *parent_code, v);
        // With compare, the values classed are the changes: value at as_of minus value at compare.
        const std::vector<double> values =
            compare ? change_values(v, load_values(tx, svc.levels, edition, level, compare->as_of, m)) : v.values;
        std::vector<double> distinct = values;
        std::sort(distinct.begin(), distinct.end());
        distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
        std::string note = method == "jenks" && distinct.size() > stats::jenks_exact_limit
                               ? "Fisher-Jenks on an evenly spaced sample of 3,000 order statistics, refined on all values"
                               : "";
        std::vector<double> breaks;
        if (!compare) {
            breaks = stats::class_breaks(values, k, stats::parse_break_method(method));
        } else {
            breaks = change_breaks(values, distinct, k, method, note);
        }
        // Per class (right-closed); a change of 0 counts apart, as `unchanged`.
        std::vector<long long> counts(breaks.size() > 1 ? breaks.size() - 1 : 0, 0);
        long long unchanged = 0;
        for (double x : values) {
            if (compare && x == 0) {
                ++unchanged;
                continue;
            }
            std::size_t c = 0;
            while (c + 1 < counts.size() && x > breaks[c + 1]) ++c;
            if (!counts.empty()) ++counts[c];
        }
        response r;
        json doc{{"edition", edition.name}, {"level", level}, {"metric", metric_name}, {"as_of", as_of},
                 {"method", method},        {"k", k},         {"n", values.size()},    {"breaks", breaks},
                 {"counts", counts},        {"note", note}};
        if (parent_code) doc["parent_code"] = *parent_code;
        if (compare) {
            doc["compare"] = compare->as_of;
            doc["values"] = "change: " + metric_name + " as of " + as_of + " minus as of " + compare->as_of;
            doc["unchanged"] = unchanged;
        }
        mark_conversion(r, snapshot, compare, edition.name, &doc);
        r.body = doc.dump();
        return r;
    });
}

response autocorrelation(const request& req, services& svc) {
    const query_params params(req, {"edition", "level", "metric", "as_of", "permutations", "seed", "standardise", "with"});
    const int permutations = static_cast<int>(params.integer("permutations", 0, 99999).value_or(999));
    const auto seed = static_cast<std::uint64_t>(params.integer("seed", 0, std::numeric_limits<long long>::max()).value_or(1));
    return svc.read([&](pqxx::read_transaction& tx) {
        const spatial_input in = load_input(tx, params, svc.levels);
        return [&] {
            const auto test = stats::moran_test(in.units.values, in.weights);
            json moran{{"I", test.statistic},     {"expectation", test.expectation}, {"variance", test.variance},
                       {"z", test.z},             {"p_value", test.p_value},         {"permutations", permutations}};
            if (permutations > 0) {
                const auto mc = stats::moran_permutation(in.units.values, in.weights, permutations, seed);
                moran["p_value_permutation"] = mc.p_value;
                moran["seed"] = seed;
            }
            json doc = envelope(in);
            doc["moran"] = moran;
            if (in.with) {
                // Bivariate Moran (spdep moran_bv): the metric at a unit against `with` around it.
                json bivariate{{"I", stats::bivariate_moran(in.units.values, in.with_values, in.weights)},
                               {"with", *in.with}, {"permutations", permutations}};
                if (permutations > 0) {
                    bivariate["p_value_permutation"] =
                        stats::bivariate_moran_permutation(in.units.values, in.with_values, in.weights, permutations, seed).p_value;
                }
                doc["bivariate"] = std::move(bivariate);
            }
            return answer(in, std::move(doc));
        }();
    });
}

response local_clusters(const request& req, services& svc) {
    const query_params params(req, {"edition", "level", "metric", "as_of", "permutations", "seed", "alpha", "p_adjust", "standardise", "with"});
    const int permutations = static_cast<int>(params.integer("permutations", 1, 99999).value_or(999));
    const auto seed = static_cast<std::uint64_t>(params.integer("seed", 0, std::numeric_limits<long long>::max()).value_or(1));
    const double alpha = parse_alpha(params);
    const stats::p_adjustment adjustment = parse_adjustment(params);
    return svc.read([&](pqxx::read_transaction& tx) {
        const spatial_input in = load_input(tx, params, svc.levels);
        return [&] {
            const stats::permutation_options options{permutations, seed, 2};
            // Univariate: local Moran of the metric. Bivariate (with=): the metric at a unit against
            // `with` around it, as spdep localmoran_bv; its moments are the permutations' (spdep has
            // no analytical ones), so z and p are left out.
            const bool bivariate = in.with.has_value();
            const auto local = bivariate ? stats::local_moran_result{} : stats::local_moran(in.units.values, in.weights);
            const auto ibv = bivariate ? stats::bivariate_local_moran(in.units.values, in.with_values, in.weights) : std::vector<double>{};
            const auto perm = bivariate ? stats::bivariate_local_moran_permutation(in.units.values, in.with_values, in.weights, options)
                                        : stats::local_moran_permutation(in.units.values, in.weights, options);
            const auto adjusted = stats::p_adjust(perm.p_folded, adjustment);
            const auto quadrants = bivariate ? stats::bivariate_quadrants(in.units.values, in.with_values, in.weights)
                                             : stats::moran_quadrants(in.units.values, in.weights);
            const auto clusters = stats::lisa_clusters(quadrants, adjusted, alpha);
            json units = json::array();
            for (std::size_t i = 0; i < in.units.ids.size(); ++i) {
                json unit{{"id", in.units.ids[i]}, {"code", in.units.codes[i]}, {"name", in.units.names[i]}, {"value", in.units.values[i]}};
                if (bivariate) {
                    unit["with_value"] = in.with_values[i];
                    unit["Ibv"] = ibv[i];
                    unit["expectation_permutation"] = perm.mean[i];
                    unit["variance_permutation"] = perm.variance[i];
                } else {
                    unit["Ii"] = local.statistic[i];
                    unit["expectation"] = local.expectation[i];
                    unit["variance"] = local.variance[i];
                    unit["z"] = finite_or_null(local.z[i]);
                    unit["p_value"] = finite_or_null(local.p_value[i]);
                }
                unit["p_value_permutation"] = perm.p_folded[i];
                unit["p_value_adjusted"] = adjusted[i];
                unit["cluster"] = stats::cluster_label(clusters[i]);
                units.push_back(std::move(unit));
            }
            json doc = envelope(in);
            if (bivariate) {
                doc["bivariate"] = "Ibv = scale(" + in.metric + ")_i * lag(scale(" + *in.with +
                                   "))_i, as spdep localmoran_bv; clusters: " + in.metric + " at the unit (first letter) against " +
                                   *in.with + " around it (second letter)";
            }
            doc["permutations"] = permutations;
            doc["seed"] = seed;
            doc["alpha"] = alpha;
            doc["p_adjust"] = stats::p_adjustment_name(adjustment);
            doc["units"] = std::move(units);
            return answer(in, std::move(doc));
        }();
    });
}

response hotspots(const request& req, services& svc) {
    const query_params params(req, {"edition", "level", "metric", "as_of", "alpha", "p_adjust", "standardise"});
    const double alpha = parse_alpha(params);
    const stats::p_adjustment adjustment = parse_adjustment(params);
    return svc.read([&](pqxx::read_transaction& tx) {
        const spatial_input in = load_input(tx, params, svc.levels);
        return [&] {
            const auto g = stats::getis_ord_g_star(in.units.values, in.weights);
            // spdep localG's "Pr(z != E(G*i))": two-sided, standard normal.
            std::vector<double> p(g.size());
            for (std::size_t i = 0; i < g.size(); ++i) p[i] = std::erfc(std::fabs(g[i]) / std::sqrt(2.0));
            const auto adjusted = stats::p_adjust(p, adjustment);
            json units = json::array();
            for (std::size_t i = 0; i < in.units.ids.size(); ++i) {
                const bool significant = adjusted[i] < alpha;
                const char* spot = !significant ? "not significant" : g[i] > 0 ? "hot spot" : "cold spot";
                units.push_back({{"id", in.units.ids[i]},           {"code", in.units.codes[i]},
                                 {"name", in.units.names[i]},       {"value", in.units.values[i]},
                                 {"gi_star_z", finite_or_null(g[i])}, {"p_value", finite_or_null(p[i])},
                                 {"p_value_adjusted", finite_or_null(adjusted[i])}, {"cluster", spot}});
            }
            json doc = envelope(in);
            doc["alpha"] = alpha;
            doc["p_adjust"] = stats::p_adjustment_name(adjustment);
            doc["units"] = std::move(units);
            return answer(in, std::move(doc));
        }();
    });
}

}  // namespace covermap::api
