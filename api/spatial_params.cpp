#include "api/spatial_params.hpp"

#include <algorithm>
#include <cstdlib>
#include <limits>

#include "api/params.hpp"
#include "core/error.hpp"
#include "core/text.hpp"

namespace covermap::api {
namespace {

// edition, level, metric and as_of: every statistic's.
spatial_params common(const query_params& params) {
    spatial_params p;
    p.edition = params.text("edition");
    p.level = params.text("level").value_or("commune");
    p.metric = params.text("metric").value_or("coverage_rate");
    p.as_of = params.text("as_of");
    return p;
}

void parse_permutations(const query_params& params, spatial_params& p, long long min) {
    p.permutations = static_cast<int>(params.integer("permutations", min, 99999).value_or(999));
    p.seed = static_cast<std::uint64_t>(params.integer("seed", 0, std::numeric_limits<long long>::max()).value_or(1));
}

void parse_standardise(const query_params& params, spatial_params& p) {
    const std::string standardise = params.text("standardise").value_or("none");
    if (standardise != "none" && standardise != "eb")
        throw bad_request("parameter 'standardise': '" + standardise + "' is not known; values: none, eb");
    p.eb_standardised = standardise == "eb";
    if (p.eb_standardised && p.metric != "coverage_rate")
        throw bad_request("parameter 'standardise': eb standardises the coverage rate (metric coverage_rate), not '" + p.metric + "'");
}

// alpha (0, 1] and p_adjust (none, fdr, bonferroni) of a local statistic's significance.
void parse_significance(const query_params& params, spatial_params& p) {
    if (const auto a = params.text("alpha")) {
        char* end = nullptr;
        p.alpha = std::strtod(a->c_str(), &end);
        if (*end != '\0' || !(p.alpha > 0 && p.alpha <= 1)) throw bad_request("parameter 'alpha': '" + *a + "' is not within (0, 1]");
    }
    const std::string name = params.text("p_adjust").value_or("none");
    try {
        p.adjustment = stats::parse_p_adjustment(name);
    } catch (const input_error&) {  // the statistics' message, said of the parameter
        throw input_error("parameter 'p_adjust': '" + name + "' is not known; values: none, fdr, bonferroni");
    }
}

}  // namespace

const std::vector<std::string>& change_metrics() {
    static const std::vector<std::string> metrics{"coverage_rate", "covered_hamlets", "teams", "members"};
    return metrics;
}

spatial_params parse_breaks_params(const request& req) {
    const query_params params(req, {"edition", "level", "metric", "as_of", "compare", "parent_code", "method", "k"});
    spatial_params p = common(params);
    p.method = params.text("method").value_or("quantile");
    p.k = static_cast<int>(params.integer("k", 2, 20).value_or(5));
    p.compare = params.text("compare");
    p.parent_code = params.text("parent_code");
    p.break_method = stats::parse_break_method(p.method);
    const auto& changes = change_metrics();
    if (p.compare && std::find(changes.begin(), changes.end(), p.metric) == changes.end()) {
        throw bad_request("parameter 'compare': a change is mapped for " + core::join_list(changes) + ", not for metric '" +
                          p.metric + "'");
    }
    return p;
}

spatial_params parse_autocorrelation_params(const request& req) {
    const query_params params(req, {"edition", "level", "metric", "as_of", "permutations", "seed", "standardise", "with"});
    spatial_params p = common(params);
    parse_permutations(params, p, 0);
    parse_standardise(params, p);
    p.with = params.text("with");
    return p;
}

spatial_params parse_lisa_params(const request& req) {
    const query_params params(req, {"edition", "level", "metric", "as_of", "permutations", "seed", "alpha", "p_adjust", "standardise", "with"});
    spatial_params p = common(params);
    parse_permutations(params, p, 1);
    parse_significance(params, p);
    parse_standardise(params, p);
    p.with = params.text("with");
    return p;
}

spatial_params parse_hotspots_params(const request& req) {
    const query_params params(req, {"edition", "level", "metric", "as_of", "alpha", "p_adjust", "standardise"});
    spatial_params p = common(params);
    parse_significance(params, p);
    parse_standardise(params, p);
    return p;
}

}  // namespace covermap::api
