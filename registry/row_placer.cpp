#include "registry/row_placer.hpp"

#include <algorithm>
#include <atomic>
#include <climits>
#include <future>
#include <thread>

#include "core/error.hpp"
#include "geo/names.hpp"

namespace covermap::registry {
namespace {

using registry::registry_field;

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

}  // namespace

std::vector<placed_row> place_rows(const gazetteer& g, const column_map& columns, table_layout& layout, const civil_date& as_of,
                                   const std::unordered_map<std::string, alias_target>* aliases,
                                   const std::function<void(long long)>& progress) {
    row_placer placer(g, columns, layout.headers, as_of, aliases);
    std::vector<placed_row> rows = locate_rows(placer, layout.rows, progress);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        auto& placed = rows[i];
        placed = placer.settle(std::move(placed));
        if (i < layout.row_sheets.size()) placed.sheet = layout.row_sheets[i];
        if (i < layout.sheet_rows.size()) placed.sheet_row = layout.sheet_rows[i];
        if (layout.row_no_restarts) placed.row_no.clear();  // STT restarts per group: the sheet row is the key
    }
    layout.rows.clear();
    return rows;
}

void parse_team_fields(placed_row& row, const column_map& columns, const std::vector<std::string>& headers, const civil_date& as_of) {
    static const gazetteer none;
    row_placer(none, columns, headers, as_of).parse_fields(row);
}

void mark_out_of_scope(std::vector<placed_row>& rows, const upload_scope& scope, const gazetteer& g) {
    for (auto& r : rows) {
        if (r.root_id == 0 || scope.contains(r.root_id)) continue;
        r.outcome = "out_of_scope";
        r.reason = "placed in " + g.by_id(r.root_id)->name + " (" + g.by_id(r.root_id)->code + "), outside the upload's scope";
    }
}

std::string rows_outside(const std::vector<placed_row>& rows, const std::vector<std::string>& allowed, const gazetteer& g) {
    std::string sample;
    int shown = 0;
    for (const auto& r : rows) {
        if (r.root_id == 0 || shown == 3) continue;
        const auto* root = g.by_id(r.root_id);
        if (std::find(allowed.begin(), allowed.end(), root->code) == allowed.end()) {
            sample += (shown++ ? ", " : "") + std::string("line ") + std::to_string(r.line) + " (" + root->name + ")";
        }
    }
    return sample;
}

}  // namespace covermap::registry
