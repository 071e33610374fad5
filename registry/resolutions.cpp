#include "registry/resolutions.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <set>

#include "core/csv_table.hpp"
#include "core/error.hpp"
#include "geo/names.hpp"
#include "core/text.hpp"
#include "registry/aliases.hpp"
#include "registry/columns.hpp"
#include "registry/registry_import.hpp"
#include "registry/snapshot.hpp"
#include "registry/sql.hpp"

namespace covermap::registry {
namespace {

// Outcomes a steward may settle: what the import could not place with certainty, and what a
// steward (or an alias) settled before.
bool reviewable(const std::string& outcome) {
    return outcome == "ambiguous" || outcome == "unknown_unit" || outcome == "fuzzy" || outcome == "resolved" ||
           outcome == "alias" || outcome == "not_a_unit";
}

bool means_not_a_unit(const std::string& value) {
    const std::string f = geo::fold(value);
    return f == "not a unit" || f == "not_a_unit" || f == "-" || f.empty() || f == "khong phai don vi";
}

struct hamlet_ref {
    long long id = 0, commune_id = 0, province_id = 0;
    std::string code, commune_code, province_code;
};

template <typename T>
std::string pg_array(const std::vector<T>& items) {
    std::string out = "{";
    for (std::size_t i = 0; i < items.size(); ++i) {
        if constexpr (std::is_same_v<T, std::string>) {
            std::string quoted = "\"";
            for (const char c : items[i]) {
                if (c == '"' || c == '\\') quoted += '\\';
                quoted += c;
            }
            out += (i ? "," : "") + quoted + "\"";
        } else {
            out += (i ? "," : "") + std::to_string(items[i]);
        }
    }
    return out + "}";
}

std::optional<long long> opt(const std::optional<long long>& v) { return v; }

}  // namespace

std::vector<resolution> read_resolutions(const std::string& text, const std::string& file) {
    core::csv_table table(text, file);
    std::optional<std::size_t> line_col, hamlet_col;
    for (std::size_t i = 0; i < table.headers().size(); ++i) {
        const std::string h = geo::fold(table.headers()[i]);
        if (h == "line" || h == "dong") line_col = i;
        if (h == "hamlet code" || h == "hamlet" || h == "ma thon") hamlet_col = i;
    }
    if (!line_col || !hamlet_col) {
        throw data_error(file + ": expected a header with the columns `line` and `hamlet_code` (a hamlet code, or \"not a unit\")");
    }
    std::vector<resolution> out;
    std::set<long long> seen;
    for (core::table_row row; table.next(row);) {
        const std::string where = file + " line " + std::to_string(row.line);
        if (!row.problem.empty()) throw data_error(where + ": " + row.problem);
        const std::string line = core::trim(row.cells[*line_col]), hamlet = core::trim(row.cells[*hamlet_col]);
        resolution r;
        r.where = where;
        try {
            std::size_t used = 0;
            r.line = std::stoll(line, &used);
            if (used != line.size() || r.line <= 0) throw std::invalid_argument(line);
        } catch (const std::exception&) {
            throw data_error(where + ", column `line`: '" + line + "' is not a line number of the import");
        }
        if (!seen.insert(r.line).second) throw data_error(where + ": line " + line + " is resolved twice");
        if (!means_not_a_unit(hamlet)) r.hamlet_code = hamlet;
        out.push_back(std::move(r));
    }
    if (out.empty()) throw data_error(file + ": no resolutions below the header");
    return out;
}

resolve_result resolve_rows(pqxx::connection& conn, const resolve_options& o) {
    if (o.items.empty()) throw data_error("no resolutions given");
    pqxx::work tx(conn, "covermap registry resolve");
    const auto imp = tx.exec_params(sql::get("resolution_import"), o.import_id);
    if (imp.empty()) throw not_found_error("no registry import " + std::to_string(o.import_id));
    const int edition_id = imp[0][0].as<int>();
    resolve_result result;
    result.import_id = o.import_id;
    result.edition = imp[0][1].c_str();
    result.as_of = imp[0][2].c_str();
    const std::string file = imp[0][3].c_str();
    if (!imp[0][6].as<bool>()) {
        throw config_error("import " + std::to_string(o.import_id) + " is no longer current (replaced or withdrawn): resolve the rows of the import that supplies its provinces now");
    }
    const std::vector<std::string> supplied = core::split_list(imp[0][7].c_str());
    tx.exec_params(sql::get("lock_snapshot"), edition_id, result.as_of);

    // The columns as the import read them.
    const auto headers = nlohmann::json::parse(imp[0][4].c_str()).get<std::vector<std::string>>();
    std::vector<std::pair<registry::registry_field, std::size_t>> fixed;
    const nlohmann::json used = nlohmann::json::parse(imp[0][5].c_str());
    for (auto it = used.begin(); it != used.end(); ++it) {
        const auto field = field_from_key(it.key());
        const auto at = std::find(headers.begin(), headers.end(), it.value().get<std::string>());
        if (field && at != headers.end()) fixed.emplace_back(*field, static_cast<std::size_t>(at - headers.begin()));
    }
    const column_map columns = resolve_columns(headers, std::nullopt, file, fixed);

    std::vector<long long> lines;
    std::vector<std::string> codes;
    for (const auto& r : o.items) {
        lines.push_back(r.line);
        if (r.hamlet_code) codes.push_back(*r.hamlet_code);
    }
    std::map<long long, std::pair<std::string, std::vector<std::string>>> rows;  // line → outcome, cells
    for (const auto& r : tx.exec_params(sql::get("resolution_rows"), o.import_id, pg_array(lines))) {
        rows[r[0].as<long long>()] = {r[1].c_str(), nlohmann::json::parse(r[2].c_str()).get<std::vector<std::string>>()};
    }
    std::map<std::string, hamlet_ref> hamlets;
    for (const auto& r : tx.exec_params(sql::get("resolution_hamlets"), edition_id, pg_array(codes))) {
        hamlets[r[0].c_str()] = {r[1].as<long long>(), r[2].as<long long>(), r[5].as<long long>(), r[0].c_str(), r[3].c_str(),
                                 r[4].c_str()};
    }
    std::map<long long, long long> team_line_of_hamlet;
    for (const auto& r : tx.exec_params(sql::get("import_team_hamlets"), o.import_id)) {
        team_line_of_hamlet[r[0].as<long long>()] = r[1].as<long long>();
    }
    const std::set<long long> resolving(lines.begin(), lines.end());
    // Check everything before writing anything.
    std::set<long long> new_hamlets;
    for (const auto& r : o.items) {
        const auto row = rows.find(r.line);
        if (row == rows.end()) throw data_error(r.where + ": import " + std::to_string(o.import_id) + " has no line " + std::to_string(r.line));
        if (!reviewable(row->second.first)) {
            throw data_error(r.where + ": line " + std::to_string(r.line) + " is " + row->second.first +
                              ", not a row to review (ambiguous, unknown_unit, fuzzy, or resolved before)");
        }
        if (!r.hamlet_code) continue;
        const auto h = hamlets.find(*r.hamlet_code);
        if (h == hamlets.end()) throw data_error(r.where + ": no hamlet with code '" + *r.hamlet_code + "' in edition " + result.edition);
        if (std::find(supplied.begin(), supplied.end(), h->second.province_code) == supplied.end()) {
            throw data_error(r.where + ": hamlet " + h->second.code + " is in province " + h->second.province_code + ", which import " +
                              std::to_string(o.import_id) + " does not supply (it supplies " + core::join_list(supplied, ",") + ")");
        }
        if (o.allowed && std::find(o.allowed->begin(), o.allowed->end(), h->second.province_code) == o.allowed->end()) {
            throw scope_refused(r.where + ": hamlet " + h->second.code + " is in province " + h->second.province_code +
                                ", outside the key's provinces (" + core::join_list(*o.allowed, ",") + ")");
        }
        const auto taken = team_line_of_hamlet.find(h->second.id);
        if ((taken != team_line_of_hamlet.end() && !resolving.count(taken->second)) || !new_hamlets.insert(h->second.id).second) {
            throw data_error(r.where + ": hamlet " + h->second.code + " already has a team in this import" +
                              (taken != team_line_of_hamlet.end() ? " (line " + std::to_string(taken->second) + ")" : std::string()) +
                              "; a second team for a hamlet is a conflict");
        }
    }

    // Names as written that the steward resolved to two different places in one go (two hamlets of
    // one name in a commune): no alias can tell them apart, so none is kept for them.
    std::map<std::string, std::set<std::string>> targets_by_key;
    for (const auto& r : o.items) {
        targets_by_key[written_place_of(columns, rows.at(r.line).second).key()].insert(r.hamlet_code.value_or(""));
    }

    // Write: the old teams of these lines go, the resolved ones come, each row says so, aliases follow.
    std::set<long long> provinces;
    for (const auto& r : tx.exec_params(sql::get("delete_team_lines"), o.import_id, pg_array(lines))) {
        if (!r[0].is_null()) provinces.insert(r[0].as<long long>());
    }
    for (const auto& r : o.items) {
        const auto& cells = rows.at(r.line).second;
        const written_place place = written_place_of(columns, cells);
        std::optional<std::string> alias_code;
        if (r.hamlet_code) {
            const auto& h = hamlets.at(*r.hamlet_code);
            const auto team = parse_team_cells(columns, headers, cells, result.as_of);
            tx.exec_params(sql::get("insert_resolved_team"), o.import_id, r.line, h.id, h.commune_id, h.province_id,
                           columns.cell(cells, registry::registry_field::team_name), opt(team.members), team.founded,
                           opt(team.households), opt(team.supported), opt(team.ecommerce), opt(team.cashless),
                           columns.cell(cells, registry::registry_field::note), columns.cell(cells, registry::registry_field::leader),
                           columns.cell(cells, registry::registry_field::phone));
            tx.exec_params(sql::get("update_resolved_row"), o.import_id, r.line, "resolved", h.code, h.commune_code,
                           "resolved by " + o.resolved_by, nlohmann::json(team.field_issues).dump());
            provinces.insert(h.province_id);
            alias_code = h.code;
            ++result.placed;
        } else {
            tx.exec_params(sql::get("update_resolved_row"), o.import_id, r.line, "not_a_unit", std::optional<std::string>(),
                           std::optional<std::string>(), "not a unit, by " + o.resolved_by, "[]");
            ++result.not_units;
        }
        if (targets_by_key.at(place.key()).size() > 1) {
            result.not_aliased.push_back(r.line);
            continue;
        }
        tx.exec_params(sql::get("upsert_alias"), edition_id, place.key(), place.province, place.district, place.commune,
                       place.hamlet, alias_code, o.import_id, r.line, o.resolved_by);
        ++result.aliases;
    }
    if (!provinces.empty()) {
        tx.exec_params(sql::get("refresh_coverage_scope"), edition_id, result.as_of,
                       pg_array(std::vector<long long>(provinces.begin(), provinces.end())));
        refresh_conversions(tx, edition_id, result.as_of);
        for (const auto& r : tx.exec_params(sql::get("unit_codes"),
                                            pg_array(std::vector<long long>(provinces.begin(), provinces.end())))) {
            result.provinces.push_back(r[0].c_str());
        }
    }
    // The import's counts as they are now.
    const auto counted = tx.exec_params1(sql::get("import_outcome_counts"), o.import_id);
    nlohmann::json counts = nlohmann::json::object();
    for (const auto& name : outcomes()) counts[name] = 0;
    const nlohmann::json now = nlohmann::json::parse(counted[0].c_str());
    for (auto it = now.begin(); it != now.end(); ++it) counts[it.key()] = it.value();
    result.teams = counted[3].as<long long>();
    result.data_version = tx.exec_params1(sql::get("finish_import"), o.import_id, counted[1].as<long long>(), counts.dump(),
                                          result.teams, counted[2].as<long long>())[0]
                              .as<long long>();
    tx.commit();
    return result;
}

}  // namespace covermap::registry
