#include "api/joincount_endpoint.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdlib>
#include <limits>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "api/params.hpp"
#include "api/scope.hpp"
#include "stats/source/metrics.hpp"
#include "core/error.hpp"
#include "stats/join_counts.hpp"
#include "stats/point_neighbours.hpp"

namespace covermap::api {
using namespace stats::source;
namespace {

using nlohmann::json;

json finite_or_null(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

json as_json(const stats::join_count& j, bool permuted) {
    json out{{"observed", j.observed}, {"expected", j.expected}, {"variance", j.variance},
             {"z", finite_or_null(j.z)}, {"p_value", finite_or_null(j.p_value)}};
    if (permuted) out["p_value_permutation"] = j.p_value_permutation;
    return out;
}

// How a point level's units are joined: k nearest (default 6) or a distance band.
struct point_weights {
    std::optional<int> k;
    std::optional<double> distance_km;
    bool symmetric = false;
};

point_weights parse_point_weights(const query_params& params) {
    point_weights pw;
    if (const auto d = params.text("distance_km")) {
        if (params.text("k")) throw bad_request("parameter 'distance_km': give k or distance_km, not both");
        char* end = nullptr;
        const double km = std::strtod(d->c_str(), &end);
        if (d->empty() || *end != '\0' || !(km > 0) || km > 100)
            throw bad_request("parameter 'distance_km': '" + *d + "' is not a distance in km within (0, 100]");
        pw.distance_km = km;
    } else {
        pw.k = static_cast<int>(params.integer("k", 1, 50).value_or(6));
    }
    const std::string symmetric = params.text("symmetric").value_or("false");
    if (symmetric != "true" && symmetric != "false")
        throw bad_request("parameter 'symmetric': '" + symmetric + "' is not true or false");
    pw.symmetric = symmetric == "true";
    return pw;
}

}  // namespace

response join_counts(const request& req, services& svc) {
    const query_params params(req, {"edition", "level", "as_of", "parent_code", "k", "distance_km", "symmetric",
                                    "permutations", "seed"});
    const int permutations = static_cast<int>(params.integer("permutations", 0, 9999).value_or(0));
    const auto seed = static_cast<std::uint64_t>(params.integer("seed", 0, std::numeric_limits<long long>::max()).value_or(1));
    const point_weights pw = parse_point_weights(params);
    return svc.read([&](pqxx::read_transaction& tx) {
        const edition_ref edition = resolve_edition(tx, params.text("edition"));
        const std::string level = params.text("level").value_or("hamlet");
        require_level(tx, edition, level);
        const bool points = level == "hamlet";
        if (!points && (params.text("k") || params.text("distance_km") || params.text("symmetric")))
            throw bad_request("parameter '" + std::string(params.text("k") ? "k" : params.text("distance_km") ? "distance_km" : "symmetric") +
                              "': " + level + "s are joined by queen contiguity; k, distance_km and symmetric are for hamlets");
        const snapshot_ref snapshot = resolve_snapshot(tx, edition, params.text("as_of"), "as_of", level);
        unit_values covered = load_values(tx, svc.levels, edition, level, snapshot.as_of, {"covered_hamlets", std::nullopt, std::nullopt});
        const auto parent_code = params.text("parent_code");
        std::optional<std::unordered_set<long long>> inside;
        if (parent_code) {
            inside.emplace();
            for (const auto& r : tx.exec_prepared("units_within", edition.id, level, *parent_code)) inside->insert(r[0].as<long long>());
            if (inside->empty())
                throw bad_request("parameter 'parent_code': edition " + edition.name + " has no " + level +
                                  " within a unit of code '" + *parent_code + "'");
        }
        // The units: with a coverage value, within the parent.
        std::vector<long long> ids;
        std::vector<bool> black;
        std::unordered_map<long long, int> index;
        for (std::size_t i = 0; i < covered.ids.size(); ++i) {
            if (inside && !inside->count(covered.ids[i])) continue;
            index.emplace(covered.ids[i], static_cast<int>(ids.size()));
            ids.push_back(covered.ids[i]);
            black.push_back(covered.values[i] > 0);
        }
        stats::neighbour_lists neighbours(ids.size());
        std::string weights;
        if (points) {
            std::vector<stats::lon_lat> xy(ids.size());
            for (const auto& r : tx.exec_prepared("level_points", edition.id, level)) {
                const auto it = index.find(r[0].as<long long>());
                if (it != index.end()) xy[static_cast<std::size_t>(it->second)] = {r[1].as<double>(), r[2].as<double>()};
            }
            if (pw.k && static_cast<std::size_t>(*pw.k) >= ids.size())
                throw bad_request("parameter 'k': " + std::to_string(*pw.k) + " neighbours need more than " +
                                  std::to_string(ids.size()) + " " + level + "s");
            neighbours = pw.k ? stats::k_nearest_neighbours(xy, *pw.k) : stats::distance_band_neighbours(xy, *pw.distance_km);
            if (pw.symmetric) neighbours = stats::symmetrised(neighbours);
            weights = pw.k ? std::to_string(*pw.k) + " nearest neighbours (spdep knn2nb(knearneigh(lonlat, k, longlat = TRUE)" +
                                 std::string(pw.symmetric ? ", sym = TRUE" : "") + "))"
                           : "distance band 0 to " + params.text("distance_km").value() +
                                 " km (spdep dnearneigh(lonlat, 0, d, longlat = TRUE))";
            weights += ", binary (nb2listw style \"B\"); great-circle distances on the WGS 84 ellipsoid";
        } else {
            for (const auto& [unit, neighbour] : *svc.levels.neighbours(tx, edition.id, level)) {
                const auto a = index.find(unit), b = index.find(neighbour);
                if (a != index.end() && b != index.end()) neighbours[static_cast<std::size_t>(a->second)].push_back(b->second);
            }
            weights = "queen contiguity (spdep poly2nb snap), binary (nb2listw style \"B\")";
        }
        // Units without a neighbour (a distance band's isolated hamlets, a level's islands) are left out.
        json islands = json::array();
        std::vector<int> kept(ids.size(), -1);
        std::vector<bool> kept_black;
        std::vector<long long> kept_ids;
        for (std::size_t i = 0; i < ids.size(); ++i) {
            if (neighbours[i].empty()) {
                islands.push_back(ids[i]);
                continue;
            }
            kept[i] = static_cast<int>(kept_ids.size());
            kept_ids.push_back(ids[i]);
            kept_black.push_back(black[i]);
        }
        stats::neighbour_lists lists;
        for (std::size_t i = 0; i < ids.size(); ++i) {
            if (kept[i] < 0) continue;
            std::vector<int> row;
            for (int j : neighbours[i])
                if (kept[static_cast<std::size_t>(j)] >= 0) row.push_back(kept[static_cast<std::size_t>(j)]);
            lists.push_back(std::move(row));
        }
        stats::join_count_result r;
        try {
            r = permutations > 0 ? stats::join_count_permutation(kept_black, lists, permutations, seed)
                                 : stats::join_count_test(kept_black, lists);
        } catch (const input_error& e) {  // with the units it was about
            throw input_error(std::string(e.what()) + " (" + std::to_string(kept_ids.size()) + " " + level + "s)");
        }
        json doc{{"edition", edition.name},
                 {"level", level},
                 {"as_of", snapshot.as_of},
                 {"colour", level == "hamlet" ? "B: the hamlet has a team; W: it has none"
                                              : "B: the unit has a hamlet with a team; W: it has none"},
                 {"n", r.n},
                 {"black", r.black},
                 {"white", r.white},
                 {"weights", weights},
                 {"S0", r.constants.s0},
                 {"S1", r.constants.s1},
                 {"S2", r.constants.s2},
                 {"sampling", "nonfree (randomisation), as spdep joincount.test / joincount.multi"},
                 {"BB", as_json(r.bb, permutations > 0)},
                 {"WW", as_json(r.ww, permutations > 0)},
                 {"BW", as_json(r.bw, permutations > 0)},
                 {"alternative", "BB, WW: greater (more same-colour joins than by chance); BW: less"},
                 {"permutations", permutations},
                 {"islands", islands}};
        if (pw.k && points) doc["k"] = *pw.k;
        if (pw.distance_km && points) doc["distance_km"] = *pw.distance_km;
        if (points) doc["symmetric"] = pw.symmetric;
        if (permutations > 0) doc["seed"] = seed;
        if (parent_code) doc["parent_code"] = *parent_code;
        response resp;
        mark_conversion(resp, snapshot, edition.name, &doc);
        resp.body = doc.dump();
        return resp;
    });
}

}  // namespace covermap::api
