#include "api/spatial_data.hpp"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "core/error.hpp"
#include "stats/breaks.hpp"
#include "stats/rates.hpp"

namespace covermap::api {
namespace {

using nlohmann::json;

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

spatial_input load_spatial_input(pqxx::read_transaction& tx, const spatial_params& p, level_cache& cache) {
    spatial_input in;
    in.edition = resolve_edition(tx, p.edition);
    in.level = p.level;
    require_level(tx, in.edition, in.level);
    in.metric = p.metric;
    in.eb_standardised = p.eb_standardised;
    const metric m = resolve_metric(tx, in.edition, in.metric);
    in.snapshot = resolve_snapshot(tx, in.edition, p.as_of, "as_of", in.level);
    in.as_of = in.snapshot.as_of;
    unit_values all = load_values(tx, cache, in.edition, in.level, in.as_of, m);
    // A second metric: the units with both values (both lists are ordered by unit id).
    std::vector<double> all_with;
    in.with = p.with;
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

breaks_input load_breaks_input(pqxx::read_transaction& tx, const spatial_params& p, level_cache& cache) {
    breaks_input in;
    in.edition = resolve_edition(tx, p.edition);
    require_level(tx, in.edition, p.level);
    const metric m = resolve_metric(tx, in.edition, p.metric);
    in.snapshot = resolve_snapshot(tx, in.edition, p.as_of, "as_of", p.level);
    if (p.compare) in.compare = resolve_snapshot(tx, in.edition, p.compare, "compare", p.level);
    unit_values v = load_values(tx, cache, in.edition, p.level, in.snapshot.as_of, m);
    if (p.parent_code) v = within(tx, in.edition, p.level, *p.parent_code, v);
    // With compare, the values classed are the changes: value at as_of minus value at compare.
    in.values = in.compare ? change_values(v, load_values(tx, cache, in.edition, p.level, in.compare->as_of, m)) : std::move(v.values);
    return in;
}

std::vector<double> change_values(const unit_values& now, const unit_values& before) {
    std::vector<double> out;
    std::size_t j = 0;
    for (std::size_t i = 0; i < now.ids.size(); ++i) {
        while (j < before.ids.size() && before.ids[j] < now.ids[i]) ++j;
        if (j < before.ids.size() && before.ids[j] == now.ids[i]) out.push_back(now.values[i] - before.values[j]);
    }
    return out;
}

classes classify(const std::vector<double>& values, int k, const std::string& method, bool changes) {
    classes out;
    std::vector<double> distinct = values;
    std::sort(distinct.begin(), distinct.end());
    distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
    out.note = method == "jenks" && distinct.size() > stats::jenks_exact_limit
                   ? "Fisher-Jenks on an evenly spaced sample of 3,000 order statistics, refined on all values"
                   : "";
    out.breaks = changes ? change_breaks(values, distinct, k, method, out.note)
                         : stats::class_breaks(values, k, stats::parse_break_method(method));
    // Per class (right-closed); a change of 0 counts apart, as `unchanged`.
    out.counts.assign(out.breaks.size() > 1 ? out.breaks.size() - 1 : 0, 0);
    for (double x : values) {
        if (changes && x == 0) {
            ++out.unchanged;
            continue;
        }
        std::size_t c = 0;
        while (c + 1 < out.counts.size() && x > out.breaks[c + 1]) ++c;
        if (!out.counts.empty()) ++out.counts[c];
    }
    return out;
}

}  // namespace covermap::api
