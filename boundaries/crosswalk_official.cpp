// `covermap crosswalk import FILE`: an official old-code → new-code table (e.g. the reform's
// wardCode,newWardCode,isDividedWard), checked whole before anything is written.
#include <algorithm>
#include <chrono>
#include <map>
#include <set>

#include "boundaries/crosswalk.hpp"
#include "boundaries/editions.hpp"
#include "boundaries/sql.hpp"
#include "geo/code_index.hpp"
#include "core/error.hpp"
#include "geo/names.hpp"
#include "geo/table_source.hpp"

namespace covermap::boundaries {
namespace {

// A header reduced to its letters and digits, folded: "newWardCode" → "newwardcode",
// "Mã xã mới" → "maxamoi", "old_code" → "oldcode".
std::string header_key(const std::string& header) {
    std::string out;
    for (const char c : geo::fold(header)) {
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out.push_back(c);
    }
    return out;
}

const std::set<std::string> old_headers = {
    "wardcode", "oldwardcode", "oldcode", "oldcommunecode", "oldunitcode", "fromcode", "codeold", "old", "from",
    "provincecode", "oldprovincecode", "macu", "maxacu", "maxaphuongcu", "madonvicu", "madvhccu", "matinhcu"};
const std::set<std::string> new_headers = {
    "newwardcode", "newcode", "newcommunecode", "newunitcode", "tocode", "codenew", "new", "to",
    "newprovincecode", "mamoi", "maxamoi", "maxaphuongmoi", "madonvimoi", "madvhcmoi", "matinhmoi"};
const std::set<std::string> divided_headers = {"isdividedward", "isdivided", "divided", "issplit", "split",
                                               "isdividedprovince", "bichia", "chiatach", "tach"};

std::optional<std::size_t> find_column(const std::vector<std::string>& headers, const std::set<std::string>& names,
                                       const std::string& path, const char* what) {
    std::optional<std::size_t> found;
    for (std::size_t i = 0; i < headers.size(); ++i) {
        if (!names.count(header_key(headers[i]))) continue;
        if (found) {
            throw data_error(path + ": two columns for the " + what + ": " + headers[*found] + " and " + headers[i]);
        }
        found = i;
    }
    return found;
}

std::string column_list(const std::vector<std::string>& headers) {
    std::string out;
    for (const auto& h : headers) out += (out.empty() ? "" : ", ") + h;
    return out;
}

// "true", "1", "yes", "x", "có" → true; "false", "0", "no", "không", "" → false.
std::optional<bool> parse_flag(const std::string& text) {
    const std::string key = header_key(text);
    if (key.empty() || key == "false" || key == "0" || key == "no" || key == "khong" || key == "f" || key == "n") return false;
    if (key == "true" || key == "1" || key == "yes" || key == "x" || key == "co" || key == "t" || key == "y") return true;
    return std::nullopt;
}

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return {};
    return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

struct unit_codes {
    geo::code_index index;
    std::set<std::string> exact;
};

std::string id_array(const std::vector<long long>& ids) {
    std::string out = "{";
    for (std::size_t i = 0; i < ids.size(); ++i) out += (i ? "," : "") + std::to_string(ids[i]);
    return out + "}";
}

}  // namespace

official_crosswalk_result import_official_crosswalk(pqxx::connection& conn, const official_crosswalk_options& options) {
    const auto start = std::chrono::steady_clock::now();
    geo::table_source table(options.path);
    const auto& headers = table.headers();
    const auto old_col = find_column(headers, old_headers, options.path, "old code");
    const auto new_col = find_column(headers, new_headers, options.path, "new code");
    const auto divided_col = find_column(headers, divided_headers, options.path, "divided flag");
    if (!old_col) {
        throw data_error(options.path + ": no column with the old code (wardCode, old_code, Mã xã cũ, …); columns: " +
                          column_list(headers));
    }
    if (!new_col) {
        throw data_error(options.path + ": no column with the new code (newWardCode, new_code, Mã xã mới, …); columns: " +
                          column_list(headers));
    }

    official_crosswalk_result result;
    result.old_column = headers[*old_col];
    result.new_column = headers[*new_col];
    if (divided_col) result.divided_column = headers[*divided_col];

    pqxx::work tx(conn, "crosswalk import");
    const auto from = find_edition(tx, options.from);
    const auto to = find_edition(tx, options.to);
    if (!from) throw config_error("--from: no edition '" + options.from + "'");
    if (!to) throw config_error("--to: no edition '" + options.to + "'");
    if (from->id == to->id) throw config_error("--from and --to name the same edition " + options.from);
    const auto levels = edition_levels(tx, from->id);
    const auto to_levels = edition_levels(tx, to->id);
    if (options.level == "hamlet" || std::find(levels.begin(), levels.end(), options.level) == levels.end() ||
        std::find(to_levels.begin(), to_levels.end(), options.level) == to_levels.end()) {
        throw config_error("--level: editions " + options.from + " and " + options.to + " do not both have polygon level '" +
                           options.level + "'");
    }
    const auto load_codes = [&](int edition_id) {
        unit_codes codes;
        for (const auto& r : tx.exec_params(sql::get("crosswalk_unit_codes"), edition_id, options.level)) {
            codes.index.add(r[1].as<std::string>(), r[0].as<long long>());
            codes.exact.insert(r[1].as<std::string>());
        }
        return codes;
    };
    const unit_codes old_codes = load_codes(from->id), new_codes = load_codes(to->id);

    std::vector<long long> old_ids, new_ids;
    std::set<std::pair<long long, long long>> seen;
    std::map<long long, int> targets;
    core::table_row row;
    long long data_row = 0;
    while (table.next(row)) {
        ++data_row;
        ++result.rows;
        const std::string where = options.path + ", row " + std::to_string(data_row) + " (line " + std::to_string(row.line) + ")";
        if (!row.problem.empty()) throw data_error(where + ": " + row.problem);
        const auto resolve = [&](std::size_t col, const unit_codes& codes, const std::string& edition) {
            const std::string code = trim(row.cells[col]);
            const std::string at = where + ", column " + headers[col];
            if (code.empty()) throw data_error(at + ": empty code");
            const auto id = codes.index.find(code);
            if (!id) throw data_error(at + ": '" + code + "' is no " + options.level + " code of edition " + edition);
            if (!codes.exact.count(code)) ++result.unpadded_codes;
            return *id;
        };
        const long long old_id = resolve(*old_col, old_codes, options.from);
        const long long new_id = resolve(*new_col, new_codes, options.to);
        if (divided_col && !parse_flag(row.cells[*divided_col])) {
            throw data_error(where + ", column " + headers[*divided_col] + ": '" + row.cells[*divided_col] +
                              "' is not true or false");
        }
        if (!seen.insert({old_id, new_id}).second) {
            ++result.repeated_rows;
            continue;
        }
        old_ids.push_back(old_id);
        new_ids.push_back(new_id);
        ++targets[old_id];
    }
    if (old_ids.empty()) throw data_error(options.path + ": no rows");
    result.old_units = static_cast<long long>(targets.size());
    result.split_units = std::count_if(targets.begin(), targets.end(), [](const auto& t) { return t.second > 1; });

    tx.exec("LOCK TABLE crosswalk_build IN SHARE ROW EXCLUSIVE MODE");
    tx.exec(sql::get("crosswalk_drop_stage"));
    tx.exec_params(sql::get("crosswalk_official_stage"), id_array(old_ids), id_array(new_ids));
    const std::string level_array = "{" + options.level + "}";
    result.build_id = tx.exec_params1(sql::get("crosswalk_new_build"), from->id, to->id, "official", level_array,
                                      options.path, std::optional<double>(), options.imported_by)[0]
                          .as<long long>();
    tx.exec_params(sql::get("crosswalk_official_pairs"), result.build_id, from->id, to->id, options.level);
    tx.exec(sql::get("crosswalk_drop_stage"));
    for (const auto& r : tx.exec_params(sql::get("crosswalk_disagreements"), from->id, to->id, options.level)) {
        result.spatial_available = true;
        result.compared = r[7].as<long long>();
        crosswalk_disagreement d{r[0].as<std::string>(), r[1].as<std::string>(), r[2].as<std::string>(),
                                 r[3].as<std::string>(), r[4].as<std::string>(), r[5].as<std::string>(), r[6].as<double>()};
        if (d.official_code == d.spatial_code) break;  // disagreements come first
        result.disagreements.push_back(std::move(d));
    }
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    result.pairs = tx.exec_params1(sql::get("crosswalk_finish_build"), result.build_id, result.old_units, 0, 0, 0, 0,
                                   result.seconds)[0]
                       .as<long long>();
    tx.commit();
    return result;
}

}  // namespace covermap::boundaries
