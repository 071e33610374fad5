#include "registry/indicator_import.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <tuple>

#include "geo/code_index.hpp"
#include "core/digest.hpp"
#include "core/error.hpp"
#include "geo/names.hpp"
#include "geo/table_source.hpp"
#include "registry/sql.hpp"

namespace covermap::registry {
namespace {

struct columns {
    std::size_t code = 0, indicator = 0, period = 0, value = 0;
    std::string code_level;  // a level named by the code column ("commune_code"), else empty
};

columns find_columns(const std::vector<std::string>& headers, const std::string& file) {
    std::optional<std::size_t> code, indicator, period, value;
    columns c;
    for (std::size_t i = 0; i < headers.size(); ++i) {
        const std::string h = geo::fold(headers[i]);
        if (!code && (h == "code" || h == "unit code" || h == "ma" || h == "ma don vi" || h == "province code" ||
                      h == "district code" || h == "commune code" || h == "hamlet code" || h == "ma xa")) {
            code = i;
            if (h == "ma xa") c.code_level = "commune";
            else if (h.size() > 5 && h.compare(h.size() - 5, 5, " code") == 0 && h != "unit code") c.code_level = h.substr(0, h.size() - 5);
        } else if (!indicator && (h == "indicator" || h == "chi tieu")) {
            indicator = i;
        } else if (!period && (h == "period" || h == "ky")) {
            period = i;
        } else if (!value && (h == "value" || h == "gia tri")) {
            value = i;
        }
    }
    std::string missing;
    if (!code) missing += "code";
    if (!indicator) missing += std::string(missing.empty() ? "" : ", ") + "indicator";
    if (!period) missing += std::string(missing.empty() ? "" : ", ") + "period";
    if (!value) missing += std::string(missing.empty() ? "" : ", ") + "value";
    if (!missing.empty()) throw data_error(file + ": no column for " + missing + " (long format: code, indicator, period, value)");
    c.code = *code;
    c.indicator = *indicator;
    c.period = *period;
    c.value = *value;
    return c;
}

std::string base_name(const std::string& path) {
    const auto slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

indicator_import_result import_indicators(pqxx::connection& conn, const indicator_import_options& o) {
    const std::string file = o.file_name.empty() ? base_name(o.path) : o.file_name;
    long long bytes = 0;
    const std::string sha256 = core::sha256_file(o.path, &bytes);
    geo::table_source table(o.path);
    const columns c = find_columns(table.headers(), file);

    pqxx::work tx(conn, "covermap import indicators");
    if (tx.exec_params(sql::get("edition_id"), o.edition).empty()) throw config_error("unknown edition '" + o.edition + "'");
    std::map<std::string, geo::code_index> codes;  // level → its codes
    int edition_id = 0;
    for (const auto& r : tx.exec_params(sql::get("edition_units_by_level"), o.edition)) {
        codes[r[0].as<std::string>()].add(r[1].as<std::string>(), r[2].as<long long>());
        edition_id = r[3].as<int>();
    }
    // The code column's level first, then from communes up and hamlets last.
    std::vector<std::string> order;
    if (!c.code_level.empty()) order.push_back(c.code_level);
    for (const char* level : {"commune", "district", "province", "hamlet"}) {
        if (level != c.code_level) order.emplace_back(level);
    }

    static const std::regex indicator_name("^[a-z][a-z0-9_]{0,62}$");
    indicator_import_result result;
    std::map<std::tuple<long long, std::string, std::string>, long long> seen;  // → line
    std::vector<std::tuple<long long, std::string, std::string, std::string, double>> values;  // unit, level, ...
    std::set<std::pair<std::string, std::string>> series;
    for (core::table_row row; table.next(row);) {
        ++result.rows;
        const std::string where = file + ", line " + std::to_string(row.line);
        if (!row.problem.empty()) throw data_error(where + ": " + row.problem);
        const std::string code = geo::clean_text(row.cells[c.code]), indicator = geo::clean_text(row.cells[c.indicator]),
                          period = geo::clean_text(row.cells[c.period]), text = geo::clean_text(row.cells[c.value]);
        if (!std::regex_match(indicator, indicator_name)) {
            throw data_error(where + ", column '" + table.headers()[c.indicator] + "': '" + indicator +
                              "' is not an indicator name (lower case letters, digits, _)");
        }
        if (period.empty() || period.size() > 32) {
            throw data_error(where + ", column '" + table.headers()[c.period] + "': a period (2023-Q4, 2023-12, 2023) is needed");
        }
        errno = 0;
        char* end = nullptr;
        const double value = std::strtod(text.c_str(), &end);
        if (text.empty() || errno != 0 || *end != '\0' || !std::isfinite(value)) {
            throw data_error(where + ", column '" + table.headers()[c.value] + "': '" + text + "' is not a number");
        }
        std::optional<long long> unit;
        std::string unit_level;
        for (const auto& level : order) {
            if (const auto it = codes.find(level); it != codes.end() && (unit = it->second.find(code))) {
                unit_level = level;
                break;
            }
        }
        if (!unit) {
            if (++result.unmatched <= 10) result.unmatched_sample.push_back("line " + std::to_string(row.line) + ": code " + code);
            continue;
        }
        const auto [first, fresh] = seen.emplace(std::make_tuple(*unit, indicator, period), row.line);
        if (!fresh) {
            throw data_error(where + ": " + indicator + " " + period + " of code " + code + " again (first on line " +
                              std::to_string(first->second) + ")");
        }
        values.emplace_back(*unit, unit_level, indicator, period, value);
        series.emplace(indicator, period);
    }
    if (result.rows == 0) throw data_error(file + ": no data rows below the header");
    for (const auto& [indicator, period] : series) {
        tx.exec_params(sql::get("delete_indicator_series"), edition_id, indicator, period);
        result.series.push_back(indicator + "@" + period);
    }
    result.import_id = tx.exec_params1(sql::get("insert_indicator_import"), edition_id, file, sha256, result.rows,
                                       result.unmatched)[0]
                           .as<long long>();
    const std::string import_text = std::to_string(result.import_id);
    const std::string edition_text = std::to_string(edition_id);
    pqxx::stream_to out(tx, "indicator", std::vector<std::string>{"unit_id", "edition_id", "level", "indicator", "period",
                                                                  "value", "import_id"});
    for (const auto& [unit, level, indicator, period, value] : values) {
        char number[32];
        std::snprintf(number, sizeof number, "%.17g", value);
        out << std::make_tuple(std::to_string(unit), edition_text, level, indicator, period, std::string(number), import_text);
    }
    out.complete();
    tx.exec("ANALYZE indicator");
    result.stored = static_cast<long long>(values.size());
    result.converted = tx.exec_params1(sql::get("refresh_indicator_conversions"), edition_id)[0].as<long long>();
    tx.exec(sql::get("bump_indicators"));
    tx.commit();
    return result;
}

}  // namespace covermap::registry
