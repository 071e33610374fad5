#include "boundaries/crosswalk.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <sstream>
#include <utility>

#include "boundaries/editions.hpp"
#include "boundaries/sql.hpp"
#include "core/error.hpp"

namespace covermap::boundaries {
namespace {

// A PostgreSQL text[] literal of plain level names (letters only, from admin_level).
std::string text_array(const std::vector<std::string>& items) {
    std::string out = "{";
    for (std::size_t i = 0; i < items.size(); ++i) out += (i ? "," : "") + items[i];
    return out + "}";
}

std::vector<std::string> split_levels(const std::string& joined) {
    std::vector<std::string> out;
    std::stringstream in(joined);
    for (std::string level; std::getline(in, level, ',');) out.push_back(level);
    return out;
}

int require_edition(pqxx::transaction_base& tx, const std::string& name, const char* option) {
    const auto edition = find_edition(tx, name);
    if (!edition) {
        std::string known;
        for (const auto& e : list_editions(tx)) known += (known.empty() ? "" : ", ") + e.name;
        throw config_error(std::string(option) + ": no edition '" + name + "' (editions: " +
                           (known.empty() ? "none" : known) + ")");
    }
    return edition->id;
}

// The ids of --from and --to, two different editions.
std::pair<int, int> require_editions(pqxx::transaction_base& tx, const std::string& from, const std::string& to) {
    const int from_id = require_edition(tx, from, "--from");
    const int to_id = require_edition(tx, to, "--to");
    if (from_id == to_id) throw config_error("--from and --to name the same edition " + from);
    return {from_id, to_id};
}

}  // namespace

crosswalk_build_result build_crosswalk(pqxx::work& tx, const std::string& from, const std::string& to,
                                       double sliver_tolerance, const std::string& built_by) {
    const auto start = std::chrono::steady_clock::now();
    if (!(sliver_tolerance >= 0 && sliver_tolerance < 1)) {
        throw config_error("--sliver: " + std::to_string(sliver_tolerance) + " is not a share of the old unit's area in [0, 1)");
    }
    const auto [from_id, to_id] = require_editions(tx, from, to);

    crosswalk_build_result result;
    result.from = from;
    result.to = to;
    result.sliver_tolerance = sliver_tolerance;
    for (const auto& r : tx.exec_params(sql::get("crosswalk_families"), from_id, to_id)) {
        result.levels.push_back(r[0].as<std::string>());
    }
    if (result.levels.empty()) {
        throw config_error("editions " + from + " and " + to + " share no polygon level: nothing to cross");
    }
    const std::string levels = text_array(result.levels);
    // One build at a time: two at once would replace each other's pairs.
    tx.exec("LOCK TABLE crosswalk_build IN SHARE ROW EXCLUSIVE MODE");
    tx.exec(sql::get("crosswalk_drop_stage"));
    tx.exec(sql::get("crosswalk_planner"));
    tx.exec_params(sql::get("crosswalk_stage_old"), from_id, levels);
    tx.exec(sql::get("crosswalk_stage_new_table"));
    tx.exec_params(sql::get("crosswalk_stage_new"), to_id, levels);
    tx.exec(sql::get("crosswalk_index_stage"));
    tx.exec(sql::get("crosswalk_intersect"));
    tx.exec_params(sql::get("crosswalk_hamlets"), from_id, levels);
    tx.exec(sql::get("crosswalk_place_hamlets"));
    tx.exec_params(sql::get("crosswalk_area_shares"), sliver_tolerance);
    result.build_id = tx.exec_params1(sql::get("crosswalk_new_build"), from_id, to_id, "spatial", levels,
                                      std::optional<std::string>(), sliver_tolerance, built_by)[0]
                          .as<long long>();
    tx.exec_params(sql::get("crosswalk_store_pairs"), result.build_id, from_id, to_id);
    tx.exec_params(sql::get("crosswalk_clear_hamlets"), from_id, to_id);
    tx.exec_params(sql::get("crosswalk_store_hamlets"), result.build_id, from_id, to_id);
    const auto counts = tx.exec1(sql::get("crosswalk_build_counts"));
    result.old_units = counts[0].as<long long>();
    result.slivers_dropped = counts[1].as<long long>();
    result.by_nearest = counts[2].as<long long>();
    result.hamlets = counts[3].as<long long>();
    result.hamlets_outside = counts[4].as<long long>();
    tx.exec(sql::get("crosswalk_drop_stage"));
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    result.pairs = tx.exec_params1(sql::get("crosswalk_finish_build"), result.build_id, result.old_units,
                                   result.slivers_dropped, result.by_nearest, result.hamlets, result.hamlets_outside,
                                   result.seconds)[0]
                       .as<long long>();
    // The old edition's snapshots on the new units, from the placements just stored: a step of its
    // own, timed apart from the build.
    const auto convert_start = std::chrono::steady_clock::now();
    const auto converted = tx.exec_params1(sql::get("crosswalk_refresh_converted"), from_id, to_id);
    result.converted_rows = converted[0].as<long long>();
    result.converted_indicator_values = converted[1].as<long long>();
    result.convert_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - convert_start).count();
    return result;
}

crosswalk_build_result build_crosswalk(pqxx::connection& conn, const std::string& from, const std::string& to,
                                       double sliver_tolerance, const std::string& built_by) {
    pqxx::work tx(conn, "crosswalk build");
    auto result = build_crosswalk(tx, from, to, sliver_tolerance, built_by);
    tx.commit();
    return result;
}

crosswalk_refresh refresh_crosswalks(pqxx::work& tx, int edition_id, const std::string& built_by) {
    crosswalk_refresh out;
    struct pending {
        std::string from, to;
        double tolerance;
    };
    std::vector<pending> builds;
    for (const auto& r : tx.exec_params(sql::get("crosswalk_builds_of_edition"), edition_id)) {
        builds.push_back({r[0].as<std::string>(), r[1].as<std::string>(),
                          r[2].is_null() ? default_sliver_tolerance : r[2].as<double>()});
    }
    for (const auto& b : builds) out.rebuilt.push_back(build_crosswalk(tx, b.from, b.to, b.tolerance, built_by));
    const auto official = tx.exec_params1(sql::get("crosswalk_official_units_gone"), edition_id);
    out.official_pairs_dropped = official[0].as<long long>();
    out.official_marked_stale = official[1].as<long long>();
    return out;
}

std::vector<crosswalk_unit> find_crosswalk_units(pqxx::transaction_base& tx, int edition_id, const std::string& code,
                                                 const std::optional<std::string>& level) {
    std::vector<crosswalk_unit> exact, unpadded;
    for (const auto& r : tx.exec_params(sql::get("crosswalk_find_units"), edition_id, code, level)) {
        crosswalk_unit u{r[0].as<long long>(), r[1].as<std::string>(), r[2].as<std::string>(), r[3].as<std::string>(),
                         r[4].as<std::string>()};
        (u.code == code ? exact : unpadded).push_back(std::move(u));
    }
    return exact.empty() ? unpadded : exact;
}

std::vector<crosswalk_link> crosswalk_links(pqxx::transaction_base& tx, int from_edition_id, int to_edition_id,
                                            long long unit_id, bool forward) {
    std::vector<crosswalk_link> out;
    for (const auto& r : tx.exec_params(sql::get("crosswalk_links"), from_edition_id, to_edition_id, unit_id, forward)) {
        crosswalk_link l;
        l.unit_id = r[0].as<long long>();
        l.code = r[1].as<std::string>();
        l.name = r[2].as<std::string>();
        l.level = r[3].as<std::string>();
        l.method = r[4].as<std::string>();
        l.area_share = r[5].as<double>();
        l.population_share = r[6].as<double>();
        if (!r[7].is_null()) l.hamlet_share = r[7].as<double>();
        l.hamlets = r[8].as<long long>();
        l.intersection_m2 = r[9].as<double>();
        out.push_back(std::move(l));
    }
    return out;
}

std::vector<crosswalk_build_info> current_crosswalk_builds(pqxx::transaction_base& tx, int from_edition_id,
                                                           int to_edition_id) {
    std::vector<crosswalk_build_info> out;
    for (const auto& r : tx.exec_params(sql::get("crosswalk_current_builds"), from_edition_id, to_edition_id)) {
        crosswalk_build_info b;
        b.id = r[0].as<long long>();
        b.method = r[1].as<std::string>();
        b.levels = split_levels(r[2].as<std::string>());
        b.built_at = r[3].as<std::string>();
        if (!r[4].is_null()) b.stale_since = r[4].as<std::string>();
        if (!r[5].is_null()) b.source = r[5].as<std::string>();
        if (!r[6].is_null()) b.sliver_tolerance = r[6].as<double>();
        out.push_back(std::move(b));
    }
    return out;
}

converted_figures convert_snapshot(pqxx::transaction_base& tx, const std::string& from, const std::string& to,
                                   const std::string& as_of, const std::string& level) {
    const auto [from_id, to_id] = require_editions(tx, from, to);
    const auto snapshots = tx.exec_params1(sql::get("crosswalk_snapshot_dates"), from_id)[0];
    const std::string list = snapshots.is_null() ? std::string() : snapshots.as<std::string>();
    if (as_of.size() != 10 || list.find(as_of) == std::string::npos) {
        throw config_error("--as-of " + as_of + ": edition " + from + " has no snapshot of that date (snapshots: " +
                           (list.empty() ? "none" : list) + ")");
    }
    converted_figures out;
    out.from = from;
    out.to = to;
    out.as_of = as_of;
    out.level = level;
    for (const auto& b : current_crosswalk_builds(tx, from_id, to_id)) {
        if (b.method == "spatial" && std::find(b.levels.begin(), b.levels.end(), level) != b.levels.end()) out.build_id = b.id;
    }
    if (out.build_id == 0) {
        throw config_error("no spatial crosswalk " + from + " -> " + to + " of level " + level + " (covermap crosswalk build --from " +
                           from + " --to " + to + ")");
    }
    for (const auto& r : tx.exec_params(sql::get("crosswalk_converted_coverage"), from_id, to_id, as_of, level)) {
        converted_unit u;
        u.code = r[0].as<std::string>();
        u.name = r[1].as<std::string>();
        u.hamlets = r[2].as<long long>();
        u.covered_hamlets = r[3].as<long long>();
        if (!r[4].is_null()) u.coverage_rate = r[4].as<double>();
        u.teams = r[5].as<long long>();
        u.members = r[6].as<long long>();
        if (!r[7].is_null()) u.households = r[7].as<long long>();
        u.households_supported = r[8].as<long long>();
        u.ecommerce_households = r[9].as<long long>();
        u.cashless_households = r[10].as<long long>();
        out.units.push_back(std::move(u));
    }
    return out;
}

}  // namespace covermap::boundaries
