#include "registry/registry_import.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <climits>
#include <future>
#include <set>
#include <thread>
#include <tuple>
#include <unordered_map>

#include "core/digest.hpp"
#include "core/error.hpp"
#include "geo/names.hpp"
#include "registry/registry_fields.hpp"
#include "registry/aliases.hpp"
#include "registry/columns.hpp"
#include "registry/layout.hpp"
#include "registry/sql.hpp"

namespace covermap::registry {
namespace {

using registry::registry_field;
using clock_type = std::chrono::steady_clock;

// Longer cells are typing accidents (a pasted paragraph, a 1 MB line), never names or counts.
constexpr std::size_t max_cell_bytes = 1000;

double seconds_since(clock_type::time_point start) {
    return std::chrono::duration<double>(clock_type::now() - start).count();
}

struct team_fields {
    std::optional<long long> members, households, supported, ecommerce, cashless;
    std::optional<registry::civil_date> founded;
};

struct placed_row {
    long long line = 0;
    std::string sheet;        // empty for CSV
    long long sheet_row = 0;  // the sheet row (CSV: the file line)
    std::string row_no, outcome, hamlet_code, commune_code, reason;
    long long hamlet_id = 0, commune_id = 0, root_id = 0;  // root: the top-level unit (province)
    std::vector<std::string> candidates, field_issues, cells;
    team_fields team;
    // What is left once the row is located (row_placer::settle, in file order): nothing, the
    // repeat checks of a placed row, or those of an ambiguous one.
    enum class pending { none, placed, ambiguous } next = pending::none;
};

std::string base_name(const std::string& path) {
    const auto slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

class row_placer {
public:
    row_placer(const registry::gazetteer& g, const column_map& columns, const std::vector<std::string>& headers,
               const registry::civil_date& as_of, const std::unordered_map<std::string, alias_target>* aliases = nullptr)
        : g_(g), columns_(columns), headers_(headers), as_of_(as_of), aliases_(aliases) {}

    // The team fields of a row placed by other means (a steward's resolution).
    void parse_fields(placed_row& row) const { parse_team(row); }

    // Where a row is: its cells cleaned, the units it names matched, an alias applied. Reads only
    // the gazetteer and the aliases (the name memo is per thread), so rows may be located on
    // several threads at once.
    placed_row locate(core::table_row&& in) const {
        placed_row row;
        row.line = in.line;
        row.cells = std::move(in.cells);
        if (!in.problem.empty()) return invalid(std::move(row), in.problem);
        for (std::size_t i = 0; i < row.cells.size(); ++i) {
            if (row.cells[i].size() > max_cell_bytes) {
                const auto size = row.cells[i].size();
                row.cells[i] = row.cells[i].substr(0, 200) + "…";
                return invalid(std::move(row), "column '" + headers_[i] + "': a value of " + std::to_string(size) +
                                                   " bytes (at most " + std::to_string(max_cell_bytes) + ")");
            }
            try {
                row.cells[i] = geo::clean_text(row.cells[i]);
            } catch (const data_error&) {
                return invalid(std::move(row), "column '" + headers_[i] + "': not valid UTF-8 text");
            }
        }
        row.row_no = cell(row, registry_field::row_no);
        const registry::registry_place place{cell(row, registry_field::province), cell(row, registry_field::district),
                                        cell(row, registry_field::commune), cell(row, registry_field::commune_code),
                                        cell(row, registry_field::hamlet), cell(row, registry_field::households)};
        const registry::match_result m = registry::match_place(g_, place);
        row.outcome = registry::match_kind_name(m.kind);
        row.reason = m.reason;
        row.candidates = m.candidates;
        row.hamlet_id = m.hamlet_id;
        row.commune_id = m.commune_id;
        if (m.hamlet_id != 0) row.hamlet_code = g_.by_id(m.hamlet_id)->code;
        if (m.commune_id != 0) row.commune_code = g_.by_id(m.commune_id)->code;
        if (m.hamlet_id != 0) row.root_id = root_of(m.hamlet_id);
        // A row that does not match cleanly, written as a steward resolved it before: the alias says.
        if (aliases_ != nullptr && !aliases_->empty() &&
            (m.kind == registry::match_kind::ambiguous || m.kind == registry::match_kind::unknown_unit || m.kind == registry::match_kind::fuzzy)) {
            if (const auto it = aliases_->find(written_place_of(columns_, row.cells).key()); it != aliases_->end()) {
                const auto* hamlet = it->second.hamlet_code ? g_.by_code("hamlet", *it->second.hamlet_code) : nullptr;
                if (!it->second.hamlet_code) {
                    row.outcome = "not_a_unit";
                    row.reason = "not a unit (alias " + std::to_string(it->second.id) + ")";
                    row.hamlet_id = row.commune_id = row.root_id = 0;
                    row.hamlet_code.clear();
                    row.commune_code.clear();
                    row.candidates.clear();
                    return row;
                }
                if (hamlet != nullptr) {
                    row.outcome = "alias";
                    row.reason = "placed by alias " + std::to_string(it->second.id) + " (" + m.reason + ")";
                    row.candidates.clear();
                    row.hamlet_id = hamlet->id;
                    row.commune_id = hamlet->parent_id;
                    row.hamlet_code = hamlet->code;
                    row.commune_code = g_.by_id(hamlet->parent_id) ? g_.by_id(hamlet->parent_id)->code : std::string();
                    row.root_id = root_of(hamlet->id);
                    return placed(std::move(row));
                }
            }
        }
        if (m.kind == registry::match_kind::ambiguous) row.next = placed_row::pending::ambiguous;
        return m.hamlet_id != 0 ? placed(std::move(row)) : row;
    }

    // What depends on the rows before it, so in file order: the same team again, a second team for
    // a hamlet, a repeated ambiguous row.
    placed_row settle(placed_row row) {
        const auto next = row.next;
        row.next = placed_row::pending::none;
        if (next == placed_row::pending::placed) return after_placement(std::move(row));
        if (next == placed_row::pending::ambiguous) return repeat_of_ambiguous(std::move(row));
        return row;
    }

private:
    // A row on a hamlet: its team's fields are parsed here, on the locating threads (settle drops
    // them again when the row repeats another).
    placed_row placed(placed_row row) const {
        row.next = placed_row::pending::placed;
        parse_team(row);
        return row;
    }

    // A placed row (its fields parsed already): the same team again, a second team for its hamlet
    // (neither is a team: their fields go), or a team.
    placed_row after_placement(placed_row row) {
        const auto repeat = repeats_.check(row.hamlet_id, cell(row, registry_field::team_name),
                                           cell(row, registry_field::leader), cell(row, registry_field::phone));
        const auto [first, fresh] = first_line_.emplace(row.hamlet_id, row.line);
        if (repeat == registry::repeat_kind::duplicate) {
            row.outcome = "duplicate";
            row.reason = "the same team as line " + std::to_string(first->second) + " (listed twice)";
        } else if (repeat == registry::repeat_kind::conflict) {
            row.outcome = "conflict";
            row.reason = "a second, different team for a hamlet whose team is on line " + std::to_string(first->second);
        }
        if (repeat != registry::repeat_kind::first) {
            row.team = {};
            row.field_issues.clear();
        }
        return row;
    }

    const std::string& cell(const placed_row& row, registry_field f) const { return columns_.cell(row.cells, f); }

    long long root_of(long long id) const {
        const registry::gazetteer_unit* u = g_.by_id(id);
        while (u != nullptr && u->parent_id != 0) u = g_.by_id(u->parent_id);
        return u != nullptr ? u->id : 0;
    }

    // An ambiguous row (it names existing units, just not one hamlet) may repeat an earlier one
    // word for word, place and team: it is that row's duplicate, and the steward fixes the first.
    // Rows naming units that do not exist stay unknown: they are what the steward must fix.
    placed_row repeat_of_ambiguous(placed_row row) {
        std::string key;
        for (const auto f : {registry_field::province, registry_field::district, registry_field::commune,
                             registry_field::commune_code, registry_field::hamlet, registry_field::team_name,
                             registry_field::leader, registry_field::phone}) {
            key += geo::fold(cell(row, f)) + '|';
        }
        const auto [first, fresh] = unplaced_.emplace(std::move(key), row.line);
        if (!fresh) {
            row.outcome = "duplicate";
            row.reason = "the same row as line " + std::to_string(first->second) + " (listed twice; " + row.reason + ")";
        }
        return row;
    }

    static placed_row invalid(placed_row row, std::string reason) {
        row.outcome = "invalid";
        row.reason = std::move(reason);
        return row;
    }

    std::string label(registry_field f) const {
        const auto i = columns_.index(f);
        return std::string(registry::field_key(f)) + (i ? " ('" + headers_[*i] + "')" : std::string(" (no column)"));
    }

    std::optional<long long> count(placed_row& row, registry_field f, bool needed) const {
        if (!columns_.index(f)) {
            if (needed) row.field_issues.push_back(label(f) + ": missing");
            return std::nullopt;
        }
        const auto parsed = registry::parse_count(cell(row, f));
        if (!parsed.error.empty()) {
            row.field_issues.push_back(label(f) + ": " + parsed.error);
        } else if (!parsed.value) {
            if (needed) row.field_issues.push_back(label(f) + ": empty");
        } else if (*parsed.value > INT_MAX) {
            row.field_issues.push_back(label(f) + ": " + std::to_string(*parsed.value) + " is implausibly large");
            return std::nullopt;
        }
        return parsed.value;
    }

    void parse_team(placed_row& row) const {
        if (cell(row, registry_field::team_name).empty()) row.field_issues.push_back(label(registry_field::team_name) + ": empty");
        auto& t = row.team;
        t.members = count(row, registry_field::members, true);
        t.households = count(row, registry_field::households, false);
        t.supported = count(row, registry_field::households_supported, false);
        t.ecommerce = count(row, registry_field::ecommerce_households, false);
        t.cashless = count(row, registry_field::cashless_households, false);
        if (t.households && t.supported && *t.supported > *t.households) {
            row.field_issues.push_back(label(registry_field::households_supported) + ": " + std::to_string(*t.supported) +
                                       " exceeds the hamlet's " + std::to_string(*t.households) + " households");
        }
        if (!columns_.index(registry_field::founded)) {
            row.field_issues.push_back(label(registry_field::founded) + ": missing");
            return;
        }
        const auto founded = registry::parse_date(cell(row, registry_field::founded));
        if (!founded.error.empty()) {
            row.field_issues.push_back(label(registry_field::founded) + ": " + founded.error);
        } else if (!founded.value) {
            row.field_issues.push_back(label(registry_field::founded) + ": empty");
        } else if (founded.value->iso() > as_of_.iso()) {
            row.field_issues.push_back(label(registry_field::founded) + ": " + founded.value->iso() +
                                       " is after the registry's as-of date " + as_of_.iso());
            t.founded = founded.value;
        } else {
            t.founded = founded.value;
        }
    }

    const registry::gazetteer& g_;
    const column_map& columns_;
    const std::vector<std::string>& headers_;
    registry::civil_date as_of_;
    const std::unordered_map<std::string, alias_target>* aliases_;
    registry::repeat_detector repeats_;
    std::unordered_map<long long, long long> first_line_;  // hamlet → line of its first team
    std::unordered_map<std::string, long long> unplaced_;   // folded place and team → first line
};

// Every row located, on two threads where there are two cores and enough rows: matching is CPU
// work in this process while the database waits (measured: ~3.2 s of a 73k-row import on one
// thread). The calling thread takes the first half and reports progress; the other the rest.
std::vector<placed_row> locate_rows(const row_placer& placer, std::vector<core::table_row>& in,
                                    const std::function<void(long long)>& progress) {
    std::vector<placed_row> out(in.size());
    std::atomic<long long> done{0};
    auto locate = [&](std::size_t from, std::size_t to, bool reports) {
        for (std::size_t i = from; i < to; ++i) {
            out[i] = placer.locate(std::move(in[i]));
            const long long so_far = ++done;
            if (reports && progress && (i - from + 1) % 1000 == 0) progress(so_far);
        }
    };
    const bool two = in.size() >= 2000 && std::thread::hardware_concurrency() >= 2;
    const std::size_t half = two ? in.size() / 2 : in.size();
    std::future<void> rest;
    if (two) rest = std::async(std::launch::async, locate, half, in.size(), false);
    locate(0, half, true);
    if (rest.valid()) rest.get();  // rethrows what the other thread threw
    if (progress) progress(static_cast<long long>(in.size()));
    return out;
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
    static const registry::gazetteer none;
    const auto date = registry::parse_date(as_of);
    if (!date.value) throw input_error("as-of '" + as_of + "': not a date");
    row_placer placer(none, columns, headers, *date.value);
    placed_row row;
    row.cells = cells;
    placer.parse_fields(row);
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
    row_placer placer(g, columns, headers, *as_of.value, &aliases);
    std::vector<placed_row> rows = locate_rows(placer, layout.rows, progress);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        auto& placed = rows[i];
        placed = placer.settle(std::move(placed));
        placed.sheet = layout.row_sheets[i];
        placed.sheet_row = layout.sheet_rows[i];
        if (layout.row_no_restarts) placed.row_no.clear();  // STT restarts per group: the sheet row is the key
    }
    layout.rows.clear();
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
            std::string sample;
            int shown = 0;
            for (const auto& r : rows) {
                if (r.root_id == 0 || shown == 3) continue;
                const auto* root = g.by_id(r.root_id);
                if (std::find(o.allowed_provinces->begin(), o.allowed_provinces->end(), root->code) == o.allowed_provinces->end()) {
                    sample += (shown++ ? ", " : "") + std::string("line ") + std::to_string(r.line) + " (" + root->name + ")";
                }
            }
            if (!sample.empty()) {
                require_allowed(scope.provinces, o.allowed_provinces, result.file_name + ": rows placed in " + sample + "; the upload covers");
            }
        }
    } else {
        scope = explicit_scope(roots, o.scope);
        require_allowed(scope.provinces, o.allowed_provinces, "--scope names");
        for (auto& r : rows) {
            if (r.root_id == 0 || scope.contains(r.root_id)) continue;
            r.outcome = "out_of_scope";
            r.reason = "placed in " + g.by_id(r.root_id)->name + " (" + g.by_id(r.root_id)->code +
                       "), outside the upload's scope";
        }
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
