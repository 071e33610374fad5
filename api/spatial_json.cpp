#include "api/spatial_json.hpp"

#include <cmath>

namespace covermap::api {
namespace {

using nlohmann::json;

json finite_or_null(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

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

// The answer: the document, marked when the snapshot was converted from another edition.
response answer(const spatial_input& in, json doc) {
    response r;
    mark_conversion(r, in.snapshot, in.edition.name, &doc);
    r.body = doc.dump();
    return r;
}

// A unit's id, code, name and value.
json unit_json(const spatial_input& in, std::size_t i) {
    return {{"id", in.units.ids[i]}, {"code", in.units.codes[i]}, {"name", in.units.names[i]}, {"value", in.units.values[i]}};
}

}  // namespace

response breaks_answer(const spatial_params& p, const breaks_input& in, const classes& c) {
    const std::string& as_of = in.snapshot.as_of;
    response r;
    json doc{{"edition", in.edition.name}, {"level", p.level},     {"metric", p.metric},       {"as_of", as_of},
             {"method", p.method},         {"k", p.k},             {"n", in.values.size()},    {"breaks", c.breaks},
             {"counts", c.counts},         {"note", c.note}};
    if (p.parent_code) doc["parent_code"] = *p.parent_code;
    if (in.compare) {
        doc["compare"] = in.compare->as_of;
        doc["values"] = "change: " + p.metric + " as of " + as_of + " minus as of " + in.compare->as_of;
        doc["unchanged"] = c.unchanged;
    }
    mark_conversion(r, in.snapshot, in.compare, in.edition.name, &doc);
    r.body = doc.dump();
    return r;
}

response autocorrelation_answer(const spatial_params& p, const spatial_input& in, const moran_figures& f) {
    json moran{{"I", f.test.statistic}, {"expectation", f.test.expectation}, {"variance", f.test.variance},
               {"z", f.test.z},         {"p_value", f.test.p_value},         {"permutations", p.permutations}};
    if (f.p_permutation) {
        moran["p_value_permutation"] = *f.p_permutation;
        moran["seed"] = p.seed;
    }
    json doc = envelope(in);
    doc["moran"] = moran;
    if (in.with) {
        // Bivariate Moran (spdep moran_bv): the metric at a unit against `with` around it.
        json bivariate{{"I", f.bivariate_i}, {"with", *in.with}, {"permutations", p.permutations}};
        if (f.bivariate_p_permutation) bivariate["p_value_permutation"] = *f.bivariate_p_permutation;
        doc["bivariate"] = std::move(bivariate);
    }
    return answer(in, std::move(doc));
}

response lisa_answer(const spatial_params& p, const spatial_input& in, const lisa_figures& f) {
    const bool bivariate = in.with.has_value();
    json units = json::array();
    for (std::size_t i = 0; i < in.units.ids.size(); ++i) {
        json unit = unit_json(in, i);
        if (bivariate) {
            unit["with_value"] = in.with_values[i];
            unit["Ibv"] = f.ibv[i];
            unit["expectation_permutation"] = f.perm.mean[i];
            unit["variance_permutation"] = f.perm.variance[i];
        } else {
            unit["Ii"] = f.local.statistic[i];
            unit["expectation"] = f.local.expectation[i];
            unit["variance"] = f.local.variance[i];
            unit["z"] = finite_or_null(f.local.z[i]);
            unit["p_value"] = finite_or_null(f.local.p_value[i]);
        }
        unit["p_value_permutation"] = f.perm.p_folded[i];
        unit["p_value_adjusted"] = f.adjusted[i];
        unit["cluster"] = stats::cluster_label(f.clusters[i]);
        units.push_back(std::move(unit));
    }
    json doc = envelope(in);
    if (bivariate) {
        doc["bivariate"] = "Ibv = scale(" + in.metric + ")_i * lag(scale(" + *in.with + "))_i, as spdep localmoran_bv; clusters: " +
                           in.metric + " at the unit (first letter) against " + *in.with + " around it (second letter)";
    }
    doc["permutations"] = p.permutations;
    doc["seed"] = p.seed;
    doc["alpha"] = p.alpha;
    doc["p_adjust"] = stats::p_adjustment_name(p.adjustment);
    doc["units"] = std::move(units);
    return answer(in, std::move(doc));
}

response hotspots_answer(const spatial_params& p, const spatial_input& in, const std::vector<double>& g,
                         const std::vector<double>& p_values, const std::vector<double>& adjusted) {
    json units = json::array();
    for (std::size_t i = 0; i < in.units.ids.size(); ++i) {
        const bool significant = adjusted[i] < p.alpha;
        const char* spot = !significant ? "not significant" : g[i] > 0 ? "hot spot" : "cold spot";
        json unit = unit_json(in, i);
        unit["gi_star_z"] = finite_or_null(g[i]);
        unit["p_value"] = finite_or_null(p_values[i]);
        unit["p_value_adjusted"] = finite_or_null(adjusted[i]);
        unit["cluster"] = spot;
        units.push_back(std::move(unit));
    }
    json doc = envelope(in);
    doc["alpha"] = p.alpha;
    doc["p_adjust"] = stats::p_adjustment_name(p.adjustment);
    doc["units"] = std::move(units);
    return answer(in, std::move(doc));
}

}  // namespace covermap::api
