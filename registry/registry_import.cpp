#include "registry/registry_import.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <set>
#include <tuple>
#include <unordered_map>

#include "core/digest.hpp"
#include "core/error.hpp"
#include "geo/names.hpp"
#include "registry/registry_fields.hpp"
#include "registry/aliases.hpp"
#include "registry/columns.hpp"
#include "registry/layout.hpp"
#include "registry/row_placer.hpp"
#include "registry/sql.hpp"

namespace covermap::registry {
namespace {

using registry::registry_field;
using clock_type = std::chrono::steady_clock;

double seconds_since(clock_type::time_point start) {
    return std::chrono::duration<double>(clock_type::now() - start).count();
}

std::string base_name(const std::string& path) {
    const auto slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string json_array(const std::vector<std::string>& items) { return nlohmann::json(items).dump(); }

// COPY writes a null `const char*` as NULL.
const char* or_null(const std::string& s) { return s.empty() ? nullptr : s.c_str(); }

std::string number(const std::optional<long long>& v) { return v ? std::to_string(*v) : std::string(); }

void write_rows(pqxx::work& tx, long long import_id, const std::vector<placed_row>& rows, const column_map& columns) {
    const std::string import_text = std::to_string(import_id);
    {
        pqxx::stream_to out(tx, "registry_row",
                            std::vector<std::string>{"import_id", "line", "row_no", "outcome", "hamlet_code",
                                                     "commune_code", "reason", "candidates", "field_issues", "cells",
                                                     "sheet", "sheet_row"});
        for (const auto& r : rows) {
            const std::string line = std::to_string(r.line), sheet_row = std::to_string(r.sheet_row);
            const std::string candidates = json_array(r.candidates), issues = json_array(r.field_issues),
                              cells = json_array(r.cells);
            out << std::make_tuple(import_text.c_str(), line.c_str(), or_null(r.row_no), r.outcome.c_str(),
                                   or_null(r.hamlet_code), or_null(r.commune_code), or_null(r.reason),
                                   candidates.c_str(), issues.c_str(), cells.c_str(), or_null(r.sheet), sheet_row.c_str());
        }
        out.complete();
    }
    long long teams = 0;
    for (const auto& r : rows) teams += places_a_team(r.outcome);
    if (teams == 0) return;
    std::vector<std::string> ids;
    ids.reserve(static_cast<std::size_t>(teams));
    for (const auto& r : tx.exec_params(sql::get("reserve_team_ids"), teams)) ids.push_back(r[0].as<std::string>());
    {
        pqxx::stream_to out(tx, "team",
                            std::vector<std::string>{"id", "import_id", "line", "hamlet_id", "commune_id", "province_id", "match", "name",
                                                     "members", "founded", "households", "households_supported",
                                                     "ecommerce_households", "cashless_households", "note"});
        std::size_t next = 0;
        for (const auto& r : rows) {
            if (!places_a_team(r.outcome)) continue;
            const auto& t = r.team;
            const std::string line = std::to_string(r.line), hamlet = std::to_string(r.hamlet_id),
                              commune = r.commune_id ? std::to_string(r.commune_id) : std::string(),
                              root = r.root_id ? std::to_string(r.root_id) : std::string(),
                              members = number(t.members), founded = t.founded ? t.founded->iso() : std::string(),
                              households = number(t.households), supported = number(t.supported),
                              ecommerce = number(t.ecommerce), cashless = number(t.cashless);
            out << std::make_tuple(ids[next++].c_str(), import_text.c_str(), line.c_str(), hamlet.c_str(), or_null(commune),
                                   or_null(root), r.outcome.c_str(), or_null(columns.cell(r.cells, registry_field::team_name)),
                                   or_null(members), or_null(founded), or_null(households), or_null(supported),
                                   or_null(ecommerce), or_null(cashless), or_null(columns.cell(r.cells, registry_field::note)));
        }
        out.complete();
    }
    pqxx::stream_to out(tx, "team_contact", std::vector<std::string>{"team_id", "leader", "phone"});
    std::size_t next = 0;
    for (const auto& r : rows) {
        if (!places_a_team(r.outcome)) continue;
        const auto& id = ids[next++];
        const auto& leader = columns.cell(r.cells, registry_field::leader);
        const auto& phone = columns.cell(r.cells, registry_field::phone);
        if (!leader.empty() || !phone.empty()) out << std::make_tuple(id.c_str(), or_null(leader), or_null(phone));
    }
    out.complete();
}

}  // namespace

const std::vector<std::string>& outcomes() {
    static const std::vector<std::string> all{"exact",      "normalised", "fuzzy",    "alias",        "resolved",
                                              "ambiguous",  "unknown_unit", "not_a_unit", "duplicate", "conflict",
                                              "out_of_scope", "invalid"};
    return all;
}

bool places_a_team(const std::string& outcome) {
    return outcome == "exact" || outcome == "normalised" || outcome == "fuzzy" || outcome == "alias" || outcome == "resolved";
}

team_values parse_team_cells(const column_map& columns, const std::vector<std::string>& headers,
                             const std::vector<std::string>& cells, const std::string& as_of) {
    const auto date = registry::parse_date(as_of);
    if (!date.value) throw input_error("as-of '" + as_of + "': not a date");
    placed_row row;
    row.cells = cells;
    parse_team_fields(row, columns, headers, *date.value);
    team_values v;
    v.field_issues = row.field_issues;
    v.members = row.team.members;
    v.households = row.team.households;
    v.supported = row.team.supported;
    v.ecommerce = row.team.ecommerce;
    v.cashless = row.team.cashless;
    if (row.team.founded) v.founded = row.team.founded->iso();
    return v;
}

registry::gazetteer load_gazetteer(pqxx::transaction_base& tx, int edition_id) {
    registry::gazetteer g;
    for (const auto& r : tx.exec_params(sql::get("gazetteer_units"), edition_id)) {
        g.add({r[0].as<long long>(), r[1].as<std::string>(), r[2].as<std::string>(), r[3].as<std::string>(),
               r[4].as<long long>(), r[5].as<long long>()});
    }
    return g;
}

registry_import_result import_registry(pqxx::connection& conn, const registry_import_options& o,
                                       const std::function<void(long long)>& progress) {
    const auto start = clock_type::now();
    const auto as_of = registry::parse_date(o.as_of);
    if (!as_of.value || o.as_of.size() != 10 || o.as_of[4] != '-') {
        throw input_error("--as-of '" + o.as_of + "': expected a date YYYY-MM-DD");
    }
    registry_import_result result;
    result.file_name = o.file_name.empty() ? base_name(o.path) : o.file_name;
    result.edition = o.edition;
    result.as_of = as_of.value->iso();
    result.sha256 = core::sha256_file(o.path, &result.bytes);

    // Read: the whole table (tens of thousands of rows fit easily), so a bad file fails before any write.
    // Workbooks go through the layout reader (official forms); CSV is a plain table.
    std::vector<constant_field> constants;
    for (const auto& s : o.set) constants.push_back(parse_set(s));
    table_layout layout;
    std::optional<std::string> sheet_recorded;
    if (geo::is_workbook(o.path)) {
        std::vector<std::string> wanted = o.sheets;
        if (o.table.sheet) wanted.push_back(*o.table.sheet);
        layout = read_layout(geo::read_workbook(o.path, wanted, &result.format), constants, result.file_name);
        result.encoding = "UTF-8";
        sheet_recorded = layout.sheets_read.size() == 1 ? layout.sheets_read.front() : std::string();
        if (layout.sheets_read.size() > 1) {
            std::string all;
            for (const auto& name : layout.sheets_read) all += (all.empty() ? "" : ", ") + name;
            sheet_recorded = all;
        }
    } else {
        if (!o.sheets.empty()) throw input_error("--sheet " + o.sheets.front() + ": " + o.path + " is a CSV file, not a workbook");
        geo::table_source table(o.path, o.table);
        result.format = table.format();
        result.encoding = table.encoding();
        if (table.headers().empty()) throw data_error(result.file_name + ": no header row");
        std::vector<core::table_row> rows;
        for (core::table_row row; table.next(row);) rows.push_back(std::move(row));
        layout = plain_layout(table.headers(), std::move(rows), constants);
    }
    const auto& headers = layout.headers;
    const column_map columns = resolve_columns(headers, o.columns_file, result.file_name, layout.fixed);
    if (layout.rows.empty()) throw data_error(result.file_name + ": no data rows below the header");
    result.layout = layout.notes;
    result.skipped = layout.skipped_counts;
    result.sheets = layout.sheets_read;
    nlohmann::json layout_json = {{"form", layout.form}, {"notes", layout.notes}, {"sheets", layout.sheets_read},
                                  {"skipped_counts", layout.skipped_counts}, {"group_rows", layout.group_rows},
                                  {"row_no_restarts", layout.row_no_restarts}};
    nlohmann::json skipped = nlohmann::json::array();
    for (const auto& k : layout.skipped) skipped.push_back({{"sheet", k.sheet}, {"row", k.row}, {"reason", k.reason}, {"text", k.text}});
    layout_json["skipped"] = std::move(skipped);
    nlohmann::json sheets_skipped = nlohmann::json::array();
    for (const auto& [name, why] : layout.sheets_skipped) sheets_skipped.push_back({{"sheet", name}, {"reason", why}});
    layout_json["sheets_skipped"] = std::move(sheets_skipped);
    result.read_seconds = seconds_since(start);

    pqxx::work tx(conn, "covermap import registry");
    const auto edition = tx.exec_params(sql::get("edition_for_registry"), o.edition);
    if (edition.empty()) throw input_error("unknown edition '" + o.edition + "' (see covermap db status)");
    const int edition_id = edition[0][0].as<int>();
    if (!edition[0][1].as<bool>()) {
        throw config_error("edition " + o.edition + " has no hamlets loaded: import them before a registry");
    }
    tx.exec_params(sql::get("lock_snapshot"), edition_id, result.as_of);

    // Match.
    const auto match_start = clock_type::now();
    const registry::gazetteer g = load_gazetteer(tx, edition_id);
    const auto aliases = load_aliases(tx, edition_id);
    std::vector<placed_row> rows = place_rows(g, columns, layout, *as_of.value, &aliases, progress);
    result.match_seconds = seconds_since(match_start);

    // Scope: what the upload replaces. Rows placed outside an explicit scope are not teams.
    const auto roots = edition_roots(tx, edition_id);
    upload_scope scope;
    if (o.scope.empty()) {
        std::set<long long> placed;
        for (const auto& r : rows) {
            if (r.root_id != 0) placed.insert(r.root_id);
        }
        scope = placed_scope(roots, placed);
        if (o.allowed_provinces) {
            // Name the first rows that land outside the key's provinces: the steward sees why.
            if (const auto sample = rows_outside(rows, *o.allowed_provinces, g); !sample.empty()) {
                require_allowed(scope.provinces, o.allowed_provinces, result.file_name + ": rows placed in " + sample + "; the upload covers");
            }
        }
    } else {
        scope = explicit_scope(roots, o.scope);
        require_allowed(scope.provinces, o.allowed_provinces, "--scope names");
        mark_out_of_scope(rows, scope, g);
    }
    result.scope_kind = scope.kind;
    result.scope = scope.provinces;
    for (const auto& p : scope.provinces) result.scope_teams[p.code] = 0;

    // Write.
    const auto write_start = clock_type::now();
    for (const auto& name : outcomes()) result.counts[name] = 0;
    for (const auto& r : rows) {
        ++result.counts[r.outcome];
        result.teams += places_a_team(r.outcome);
        result.rows_with_field_issues += !r.field_issues.empty();
        if (places_a_team(r.outcome)) ++result.scope_teams[g.by_id(r.root_id)->code];
    }
    result.rows = static_cast<long long>(rows.size());
    const bool had_coverage = take_snapshot_date(tx, edition_id, result.as_of);
    nlohmann::json used = nlohmann::json::object();
    for (const auto& [field, header] : columns.used(headers)) used[field] = header;
    result.import_id = tx.exec_params1(sql::get("insert_import"), edition_id, result.as_of, result.file_name,
                                       result.sha256, result.bytes, sheet_recorded, result.encoding,
                                       nlohmann::json(headers).dump(), used.dump(), o.imported_by, layout_json.dump())[0]
                           .as<long long>();
    nlohmann::json scope_codes = nlohmann::json::array();
    for (const auto& p : scope.provinces) scope_codes.push_back(p.code);
    tx.exec_params(sql::get("set_import_scope"), result.import_id, scope.kind, scope_codes.dump());
    result.retired = take_scope(tx, edition_id, result.as_of, result.import_id, scope);
    if (!result.retired.empty()) result.replaced = result.retired.front();
    write_rows(tx, result.import_id, rows, columns);
    // An upload that supplies no province (nothing placed) is kept as a report only.
    tx.exec_params(sql::get("retire_unsupplied"), "{" + std::to_string(result.import_id) + "}", std::optional<long long>());
    refresh_snapshot(tx, edition_id, result.as_of, scope, had_coverage);
    tx.exec(sql::get("analyze_snapshot_tables"));
    result.data_version = tx.exec_params1(sql::get("finish_import"), result.import_id, result.rows,
                                          nlohmann::json(result.counts).dump(), result.teams,
                                          result.rows_with_field_issues)[0]
                              .as<long long>();
    tx.commit();
    result.write_seconds = seconds_since(write_start);
    result.total_seconds = seconds_since(start);
    return result;
}

}  // namespace covermap::registry
