#include "registry/layout.hpp"

#include <algorithm>
#include <array>
#include <set>
#include <sstream>

#include "core/error.hpp"
#include "geo/names.hpp"
#include "core/text.hpp"

namespace covermap::registry {
namespace {

using registry::registry_field;

constexpr std::size_t header_search_rows = 40;  // the header is within the first rows of a sheet
constexpr std::size_t listed_skips = 500;       // skipped rows listed one by one in the report

const std::array<registry_field, 4> location_fields{registry_field::province, registry_field::district,
                                                    registry_field::commune, registry_field::commune_code};

bool blank(const core::table_row& r) {
    return std::all_of(r.cells.begin(), r.cells.end(), [](const std::string& c) { return core::trim(c).empty(); });
}

const std::string& cell_at(const core::table_row& r, std::size_t i) {
    static const std::string empty;
    return i < r.cells.size() ? r.cells[i] : empty;
}

bool starts_with(const std::string& s, const std::string& prefix) { return s.compare(0, prefix.size(), prefix) == 0; }

bool has_word_prefix(const std::string& folded, const std::string& word) {
    return folded == word || starts_with(folded, word + " ");
}

std::string shorten(const core::table_row& r) {
    std::string out;
    for (const auto& c : r.cells) {
        const auto t = core::trim(c);
        if (t.empty()) continue;
        if (!out.empty()) out += " | ";
        out += t;
        if (out.size() > 80) break;
    }
    if (out.size() > 80) {
        std::size_t cut = 77;
        while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;  // UTF-8 boundary
        out = out.substr(0, cut) + "…";
    }
    return out;
}

// "(1)", "1", "(12)": the numbers forms print under their header.
bool column_number(const std::string& cell) {
    std::string t = core::trim(cell);
    if (t.size() >= 2 && t.front() == '(' && t.back() == ')') t = t.substr(1, t.size() - 2);
    return !t.empty() && t.size() <= 3 && std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool plain_integer(const std::string& cell) {
    const std::string t = core::trim(cell);
    return !t.empty() && std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool roman(const std::string& token) {
    return !token.empty() && std::all_of(token.begin(), token.end(), [](char c) { return std::string("IVXLC").find(c) != std::string::npos; });
}

// The level a unit's name says it is: "Xã …" commune, "Huyện …" district, "Tỉnh …" province.
std::optional<registry_field> level_named(const std::string& name, bool province_known) {
    const std::string f = geo::fold(name);
    for (const char* p : {"xa", "phuong", "thi tran", "dac khu", "x", "p", "tt"}) {
        if (starts_with(f, std::string(p) + " ")) return registry_field::commune;
    }
    for (const char* p : {"huyen", "quan", "thi xa", "h"}) {
        if (starts_with(f, std::string(p) + " ")) return registry_field::district;
    }
    if (starts_with(f, "tinh ")) return registry_field::province;
    if (starts_with(f, "thanh pho ") || starts_with(f, "tp ")) return province_known ? registry_field::district : registry_field::province;
    return std::nullopt;
}

// "I. Xã Khánh Khê", "II - Xã Tân Thành", "1) Xã …", "III Xã …": the unit's name without its number.
std::string strip_numbering(const std::string& text) {
    std::string t = core::trim(text);
    std::size_t i = 0;
    while (i < t.size() && (std::isalnum(static_cast<unsigned char>(t[i])) != 0)) ++i;
    const std::string token = t.substr(0, i);
    const bool numbered = !token.empty() && (roman(token) || plain_integer(token) || (token.size() == 1 && std::isalpha(static_cast<unsigned char>(token[0]))));
    if (!numbered || i >= t.size()) return t;
    // "X. Quan Sơn", "P. Đông Kinh", "TT. Na Sầm": Xã, Phường, Thị trấn abbreviated, not numbers.
    if ((token == "X" || token == "P" || token == "TT" || token == "H") && t[i] == '.') {
        const std::string rest = geo::fold(t.substr(i + 1));
        bool typed = false;  // "X. Xã Khánh Khê": numbered ten after all
        for (const char* w : {"xa", "phuong", "thi tran", "dac khu", "huyen", "tinh"}) typed = typed || has_word_prefix(rest, w);
        if (!typed) return t;
    }
    std::size_t j = i;
    while (j < t.size() && (t[j] == '.' || t[j] == ')' || t[j] == '-' || t[j] == ':' || t[j] == ' ')) ++j;
    const bool separated = t.find_first_of(".)-:", i) < j || (roman(token) && t[i] == ' ');
    return separated && j < t.size() ? core::trim(t.substr(j)) : t;
}

bool totals_label(const std::string& cell) {
    const std::string f = geo::fold(cell);
    return has_word_prefix(f, "tong cong") || has_word_prefix(f, "cong") || has_word_prefix(f, "tong so") || f == "tong";
}

bool signature_text(const std::string& folded) {
    static const std::array<const char*, 18> words{
        "nguoi lap", "lap bieu", "thu truong", "chu tich", "giam doc", "ky ghi ro", "ky ten", "ky va ghi", "noi nhan",
        "xac nhan", "truong phong", "tm uy ban", "tm ubnd", "kt giam doc", "kt chu tich", "ghi ro ho ten", "dong dau",
        "can bo tong hop"};
    const std::string padded = " " + folded + " ";
    for (const char* w : words) {
        if (padded.find(std::string(" ") + w + " ") != std::string::npos) return true;
    }
    // "Lạng Sơn, ngày 05 tháng 4 năm 2026"
    const auto d = padded.find(" ngay "), m = padded.find(" thang "), y = padded.find(" nam ");
    return d != std::string::npos && m != std::string::npos && y != std::string::npos && d < m && m < y;
}

struct header_guess {
    std::size_t index = 0;  // row index in the sheet
    bool two_rows = false;
    std::vector<std::string> headers;                      // composed, for display
    std::vector<std::optional<registry_field>> fields;     // per column
    int recognised = 0;
};

header_guess compose(const core::table_row& parent, const core::table_row* child) {
    header_guess g;
    const std::size_t width = std::max(parent.cells.size(), child ? child->cells.size() : 0);
    std::string above;  // a parent merged over several columns: GDAL gives its text to the first only
    std::set<registry_field> seen;
    for (std::size_t c = 0; c < width; ++c) {
        const std::string p0 = core::trim(cell_at(parent, c));
        const std::string ch = child ? core::trim(cell_at(*child, c)) : std::string();
        if (!p0.empty()) above = p0;
        const std::string p = p0.empty() && !ch.empty() ? above : p0;
        std::optional<registry_field> f;
        std::string text;
        if (!ch.empty()) {
            f = registry::recognise_header(ch);
            if (!f && !p.empty()) f = registry::recognise_header(p + " " + ch);
            text = p.empty() ? ch : p + " / " + ch;
        } else {
            f = registry::recognise_header(p);
            text = p;
        }
        if (f && !seen.insert(*f).second) f.reset();  // the first of two alike columns wins
        g.recognised += f.has_value();
        g.headers.push_back(text);
        g.fields.push_back(f);
    }
    while (!g.headers.empty() && g.headers.back().empty()) {
        g.headers.pop_back();
        g.fields.pop_back();
    }
    return g;
}

bool has_place(const header_guess& g) {
    for (const auto& f : g.fields) {
        if (f == registry_field::hamlet) return true;
    }
    return false;
}

std::optional<header_guess> find_header(const geo::sheet_grid& sheet) {
    std::optional<header_guess> best;
    const std::size_t limit = std::min(sheet.rows.size(), header_search_rows);
    for (std::size_t i = 0; i < limit; ++i) {
        if (blank(sheet.rows[i])) continue;
        header_guess one = compose(sheet.rows[i], nullptr);
        one.index = i;
        if (i + 1 < sheet.rows.size() && !blank(sheet.rows[i + 1])) {
            header_guess two = compose(sheet.rows[i], &sheet.rows[i + 1]);
            two.index = i;
            two.two_rows = true;
            if (two.recognised > one.recognised && has_place(two)) one = std::move(two);
        }
        if (one.recognised < 2 || !has_place(one)) continue;
        if (!best || one.recognised > best->recognised) best = std::move(one);
    }
    return best;
}

std::optional<std::size_t> column_of(const header_guess& g, registry_field f) {
    for (std::size_t i = 0; i < g.fields.size(); ++i) {
        if (g.fields[i] == f) return i;
    }
    return std::nullopt;
}

std::vector<std::string> split_words(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string w; in >> w;) out.push_back(w);
    return out;
}

bool generic_sheet_name(const std::string& name) {
    const std::string f = geo::fold(name);
    for (const char* g : {"sheet", "trang tinh", "danh sach", "tong hop", "bieu", "mau", "data", "du lieu", "table"}) {
        if (has_word_prefix(f, g) || starts_with(f, g)) return true;
    }
    return false;
}

const char* field_label(registry_field f) {
    switch (f) {
        case registry_field::province: return "Tỉnh/Thành phố";
        case registry_field::district: return "Quận/Huyện";
        case registry_field::commune: return "Xã/Phường";
        case registry_field::commune_code: return "Mã xã";
        default: return registry::field_key(f);
    }
}

struct pending_row {
    core::table_row row;
    std::string sheet;
    long long sheet_row = 0;
    std::map<registry_field, std::string> filled;  // location fields without a column, by group or sheet
};

class layout_reader {
public:
    layout_reader(const std::vector<constant_field>& set, std::string file) : set_(set), file_(std::move(file)) {}

    table_layout read(const std::vector<geo::sheet_grid>& sheets) {
        sheets_count_ = sheets.size();
        for (const auto& sheet : sheets) read_sheet(sheet);
        if (!reference_) {
            std::string names;
            for (const auto& s : sheets) names += std::string(names.empty() ? "" : ", ") + "'" + s.name + "'";
            throw data_error(file_ + ": no header row naming the hamlet (Thôn, bản, tổ dân phố…) in the first " +
                              std::to_string(header_search_rows) + " rows of " +
                              (sheets.size() == 1 ? "sheet " : "sheets ") + names);
        }
        return finish();
    }

private:
    void skip(const std::string& sheet, const core::table_row& r, const std::string& reason) {
        ++out_.skipped_counts[reason];
        if (out_.skipped.size() < listed_skips) out_.skipped.push_back({sheet, r.line, reason, shorten(r)});
    }

    bool set_has(registry_field f) const {
        return std::any_of(set_.begin(), set_.end(), [&](const constant_field& c) { return c.field == f; });
    }

    void read_sheet(const geo::sheet_grid& sheet) {
        auto guess = find_header(sheet);
        if (!guess) {
            out_.sheets_skipped.emplace_back(sheet.name, "no header row");
            return;
        }
        if (reference_ && guess->fields != reference_->fields) {
            out_.sheets_skipped.emplace_back(sheet.name, "its columns differ from sheet '" + out_.sheets_read.front() + "'");
            return;
        }
        if (!reference_) reference_ = guess;
        const header_guess& h = *reference_;
        out_.sheets_read.push_back(sheet.name);
        std::size_t first_filled = 0;
        while (first_filled < sheet.rows.size() && blank(sheet.rows[first_filled])) ++first_filled;
        std::size_t next = guess->index + (guess->two_rows ? 2 : 1);
        // Title rows: the province they name, if no column says it.
        for (std::size_t i = 0; i < guess->index; ++i) {
            const auto& r = sheet.rows[i];
            if (blank(r)) continue;
            skip(sheet.name, r, "title");
            if (title_province_) continue;
            for (const auto& c : r.cells) {
                if (const auto p = province_in_title(c)) {
                    title_province_ = constant_field{registry_field::province, *p,
                                                     "the title (sheet '" + sheet.name + "', row " + std::to_string(r.line) + ")"};
                    break;
                }
            }
        }
        std::string numbers_note;
        if (next < sheet.rows.size()) {
            const auto& r = sheet.rows[next];
            std::size_t filled = 0, numbers = 0;
            for (const auto& c : r.cells) {
                if (core::trim(c).empty()) continue;
                ++filled;
                numbers += column_number(c);
            }
            if (numbers >= 3 && numbers == filled && numbers * 2 >= h.headers.size() &&
                (!column_of(h, registry_field::hamlet) || !column_number(cell_at(r, *column_of(h, registry_field::hamlet))) ||
                 numbers > 3)) {
                skip(sheet.name, r, "column numbers");
                numbers_note = ", column numbers on row " + std::to_string(r.line);
                ++next;
            }
        }
        const bool form = guess->index > first_filled || guess->two_rows || !numbers_note.empty() || sheets_seen_ > 0;
        ++sheets_seen_;
        out_.form = out_.form || form;
        std::ostringstream note;
        note << "sheet '" << sheet.name << "': header on row " << sheet.rows[guess->index].line;
        if (guess->two_rows) note << "–" << sheet.rows[guess->index + 1].line << " (two rows)";
        note << numbers_note;
        if (guess->index > first_filled) note << ", title rows above it";
        notes_by_sheet_.push_back(note.str());

        // The sheet's name fills the level it names, when no column does.
        std::optional<std::pair<registry_field, std::string>> from_name;
        if (const auto level = level_named(sheet.name, true)) {
            from_name = std::make_pair(*level, core::trim(sheet.name));
        } else if (sheets_count_ > 1 && !generic_sheet_name(sheet.name)) {
            from_name = std::make_pair(registry_field::commune, core::trim(sheet.name));
        }
        // (With a column for it, the name fills the rows that leave it empty.)
        if (from_name && set_has(from_name->first)) from_name.reset();

        const auto hamlet = column_of(h, registry_field::hamlet);
        const auto row_no = column_of(h, registry_field::row_no);
        std::map<registry_field, std::string> current;  // fill-down state: the last unit named above
        if (from_name) current[from_name->first] = from_name->second;
        bool signature = false;
        long long groups = 0;
        for (std::size_t i = next; i < sheet.rows.size(); ++i) {
            core::table_row r = sheet.rows[i];
            if (blank(r)) {
                skip(sheet.name, r, "blank");
                continue;
            }
            if (!form) {
                r.cells.resize(h.headers.size());
                push(sheet.name, std::move(r), {});
                continue;
            }
            const bool no_hamlet = !hamlet || core::trim(cell_at(r, *hamlet)).empty();
            std::vector<std::size_t> filled;
            for (std::size_t c = 0; c < r.cells.size(); ++c) {
                if (!core::trim(r.cells[c]).empty()) filled.push_back(c);
            }
            bool totals = false;
            for (std::size_t k = 0; k < filled.size() && k < 3; ++k) totals = totals || totals_label(r.cells[filled[k]]);
            if (totals) {
                skip(sheet.name, r, "totals");
                continue;
            }
            if (no_hamlet && (signature || signature_text(geo::fold(shorten(r))))) {
                signature = true;
                skip(sheet.name, r, "signature");
                continue;
            }
            std::vector<std::size_t> text_cells;
            for (const auto c : filled) {
                if (row_no && c == *row_no) continue;
                text_cells.push_back(c);
            }
            const bool numbered_as_row = row_no && plain_integer(cell_at(r, *row_no)) && text_cells.size() > 1;
            if (no_hamlet && !text_cells.empty() && text_cells.size() <= 2 && !numbered_as_row) {
                const std::size_t c = text_cells.front();
                const std::string name = strip_numbering(r.cells[c]);
                std::optional<registry_field> level;
                if (c < h.fields.size() && h.fields[c] &&
                    std::find(location_fields.begin(), location_fields.end(), *h.fields[c]) != location_fields.end()) {
                    level = h.fields[c];
                }
                // The column it is written in says its level; else its name ("Huyện …"); else a commune.
                if (!level) level = level_named(name, province_known(h));
                if (!level) level = registry_field::commune;
                current[*level] = name;
                if (*level == registry_field::province) current.erase(registry_field::district);
                if (*level != registry_field::commune) current.erase(registry_field::commune);
                if (*level != registry_field::commune_code) current.erase(registry_field::commune_code);
                ++groups;
                ++out_.group_rows;
                group_levels_.insert(registry::field_key(*level));
                skip(sheet.name, r, "group");
                continue;
            }
            // A data row: what it leaves empty, the group (or merged cell) above says.
            r.cells.resize(h.headers.size());
            std::map<registry_field, std::string> extra;
            for (const auto f : location_fields) {
                const auto col = column_of(h, f);
                if (col) {
                    const std::string own = core::trim(r.cells[*col]);
                    if (!own.empty()) {
                        current[f] = own;
                    } else if (const auto it = current.find(f); it != current.end()) {
                        r.cells[*col] = it->second;
                    }
                } else if (const auto it = current.find(f); it != current.end()) {
                    extra[f] = it->second;
                }
            }
            push(sheet.name, std::move(r), std::move(extra));
        }
        if (groups > 0) notes_by_sheet_.back() += ", " + std::to_string(groups) + " group rows filled down";
        if (from_name) {
            notes_by_sheet_.back() += std::string(", ") + registry::field_key(from_name->first) + " '" + from_name->second +
                                      "' from the sheet name";
        }
    }

    bool province_known(const header_guess& h) const {
        return column_of(h, registry_field::province) || set_has(registry_field::province) || title_province_;
    }

    void push(const std::string& sheet, core::table_row r, std::map<registry_field, std::string> extra) {
        pending_row p;
        p.sheet = sheet;
        p.sheet_row = r.line;
        p.row = std::move(r);
        p.filled = std::move(extra);
        pending_.push_back(std::move(p));
    }

    table_layout finish() {
        const header_guess& h = *reference_;
        out_.headers = h.headers;
        for (std::size_t i = 0; i < h.fields.size(); ++i) {
            if (h.fields[i]) out_.fixed.emplace_back(*h.fields[i], i);
        }
        // Fields filled without a column (group rows, sheet names): one column each.
        std::vector<registry_field> filled_fields;
        for (const auto f : location_fields) {
            if (set_has(f)) continue;
            if (std::any_of(pending_.begin(), pending_.end(), [&](const pending_row& p) { return p.filled.count(f) > 0; })) {
                filled_fields.push_back(f);
            }
        }
        std::vector<constant_field> constants = set_;
        if (title_province_ && !column_of(h, registry_field::province) && !set_has(registry_field::province)) {
            constants.push_back(*title_province_);
        }
        for (const auto f : filled_fields) {
            out_.fixed.emplace_back(f, out_.headers.size());
            out_.headers.push_back(std::string(field_label(f)) + " (group rows or sheet name)");
        }
        for (const auto& c : constants) {
            out_.fixed.emplace_back(c.field, out_.headers.size());
            out_.headers.push_back(std::string(field_label(c.field)) + " (" + c.source + ")");
        }
        const bool several = out_.sheets_read.size() > 1;
        std::set<std::string> row_numbers;
        const auto row_no = column_of(h, registry_field::row_no);
        long long running = 0;
        for (auto& p : pending_) {
            for (const auto f : filled_fields) {
                const auto it = p.filled.find(f);
                p.row.cells.push_back(it == p.filled.end() ? std::string() : it->second);
            }
            for (const auto& c : constants) p.row.cells.push_back(c.value);
            if (row_no && out_.form) {
                const std::string n = core::trim(p.row.cells[*row_no]);
                if (!n.empty() && !row_numbers.insert(n).second) out_.row_no_restarts = true;
            }
            if (several) p.row.line = ++running;
            out_.row_sheets.push_back(p.sheet);
            out_.sheet_rows.push_back(p.sheet_row);
            out_.rows.push_back(std::move(p.row));
        }
        // Many sheets laid out alike: the first few, then how many more.
        constexpr std::size_t shown_sheets = 3;
        out_.notes.assign(notes_by_sheet_.begin(), notes_by_sheet_.begin() + static_cast<std::ptrdiff_t>(std::min(shown_sheets, notes_by_sheet_.size())));
        if (notes_by_sheet_.size() > shown_sheets) {
            out_.notes.push_back("… and " + std::to_string(notes_by_sheet_.size() - shown_sheets) +
                                 " more sheets read alike (" + std::to_string(out_.sheets_read.size()) + " sheets in all)");
        }
        for (const auto& [name, why] : out_.sheets_skipped) out_.notes.push_back("sheet '" + name + "' not read: " + why);
        if (!group_levels_.empty()) {
            std::string levels;
            for (const auto& l : group_levels_) levels += std::string(levels.empty() ? "" : ", ") + l;
            out_.notes.push_back(std::to_string(out_.group_rows) + " group rows (" + levels +
                                 "): the rows below them take their unit where they leave it empty");
        }
        for (const auto& c : constants) {
            out_.notes.push_back(std::string(registry::field_key(c.field)) + " '" + c.value + "' for every row, from " + c.source);
        }
        if (out_.row_no_restarts) out_.notes.push_back("STT restarts (per group or sheet): rows are reported by sheet row");
        if (!out_.skipped_counts.empty()) {
            std::string s;
            for (const auto& [reason, n] : out_.skipped_counts) s += std::string(s.empty() ? "" : ", ") + std::to_string(n) + " " + reason;
            out_.notes.push_back("rows that are not teams, skipped: " + s);
        }
        return std::move(out_);
    }

    const std::vector<constant_field>& set_;
    std::string file_;
    std::optional<header_guess> reference_;
    std::optional<constant_field> title_province_;
    std::vector<pending_row> pending_;
    std::vector<std::string> notes_by_sheet_;
    std::set<std::string> group_levels_;
    int sheets_seen_ = 0;
    std::size_t sheets_count_ = 0;
    table_layout out_;
};

}  // namespace

table_layout read_layout(const std::vector<geo::sheet_grid>& sheets, const std::vector<constant_field>& set,
                         const std::string& file) {
    layout_reader reader(set, file);
    return reader.read(sheets);
}

table_layout plain_layout(std::vector<std::string> headers, std::vector<core::table_row> rows,
                          const std::vector<constant_field>& set) {
    table_layout out;
    out.headers = std::move(headers);
    for (const auto& c : set) {
        out.fixed.emplace_back(c.field, out.headers.size());
        out.headers.push_back(std::string(field_label(c.field)) + " (" + c.source + ")");
        out.notes.push_back(std::string(registry::field_key(c.field)) + " '" + c.value + "' for every row, from " + c.source);
    }
    const std::size_t width = out.headers.size() - set.size();
    for (auto& r : rows) {
        if (!set.empty()) {
            r.cells.resize(width);
            for (const auto& c : set) r.cells.push_back(c.value);
        }
        out.sheet_rows.push_back(r.line);
        out.row_sheets.emplace_back();
        out.rows.push_back(std::move(r));
    }
    return out;
}

constant_field parse_set(const std::string& argument) {
    const auto eq = argument.find('=');
    if (eq == std::string::npos) throw config_error("--set " + argument + ": expected FIELD=VALUE, e.g. province=\"Lạng Sơn\"");
    const std::string key = core::trim(argument.substr(0, eq)), value = core::trim(argument.substr(eq + 1));
    std::optional<registry_field> field;
    for (int i = 0; i <= static_cast<int>(registry_field::note); ++i) {
        if (key == registry::field_key(static_cast<registry_field>(i))) field = static_cast<registry_field>(i);
    }
    if (!field) field = registry::recognise_header(key);
    if (!field) throw config_error("--set " + argument + ": unknown field '" + key + "'");
    if (value.empty()) throw config_error("--set " + argument + ": the value is empty");
    return {*field, value, "--set"};
}

std::optional<std::string> province_in_title(const std::string& text) {
    const auto words = split_words(text);
    for (std::size_t i = 0; i < words.size(); ++i) {
        const std::string w = geo::fold(words[i]);
        std::size_t from = 0;
        if (w == "tinh") {
            const std::string after = i + 1 < words.size() ? geo::fold(words[i + 1]) : std::string();
            if (after == "hinh" || after == "den" || after == "trang" || after.empty()) continue;  // tình hình, tính đến
            from = i + 1;
        } else if (w == "thanh" && i + 1 < words.size() && geo::fold(words[i + 1]) == "pho" && i > 0) {
            const std::string before = geo::fold(words[i - 1]);
            if (before != "ubnd" && before != "ban" && before != "dan") continue;  // UBND, địa bàn, nhân dân
            from = i + 2;
        } else {
            continue;
        }
        std::string name;
        for (std::size_t k = from; k < words.size() && k < from + 4; ++k) {
            std::string t = words[k];
            if (t.front() == '(' || std::isdigit(static_cast<unsigned char>(t.front())) != 0) break;
            bool stop = false;
            while (!t.empty() && std::string(",.;:)-").find(t.back()) != std::string::npos) {
                t.pop_back();
                stop = true;
            }
            if (!t.empty()) name += (name.empty() ? "" : " ") + t;
            if (stop) break;
        }
        if (!name.empty()) return name;
    }
    return std::nullopt;
}

}  // namespace covermap::registry
