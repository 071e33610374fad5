#include "api/coverage_endpoint.hpp"

#include <nlohmann/json.hpp>

#include <charconv>
#include <cstdio>
#include <map>
#include <unordered_map>

#include "api/params.hpp"
#include "api/scope.hpp"
#include "geo/table_writer.hpp"
#include "stats/source/coverage_table.hpp"
#include "stats/source/metrics.hpp"

namespace covermap::api {
using namespace stats::source;
namespace {

using nlohmann::json;

json number_or_null(const pqxx::field& f) { return f.is_null() ? json(nullptr) : json(f.as<double>()); }
json integer_or_null(const pqxx::field& f) { return f.is_null() ? json(nullptr) : json(f.as<long long>()); }

json figures(const pqxx::row& r) {
    json out = json::object();
    const auto& columns = coverage_columns();
    for (std::size_t i = 0; i < columns.size(); ++i) {
        const auto& f = r[static_cast<int>(first_figure + i)];
        out[columns[i].name] = columns[i].ratio || std::string(columns[i].name) == "members_per_1000_households"
                                   ? number_or_null(f)
                                   : integer_or_null(f);
    }
    return out;
}

response table_response(const std::string& format, const geo::text_table& table, const std::vector<bool>& numeric,
                        const std::string& file_stem) {
    response r;
    if (format == "csv") {
        r.content_type = "text/csv; charset=utf-8";
        r.body = geo::to_csv(table, true);
        r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + file_stem + ".csv\"");
    } else {
        r.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        r.body = geo::xlsx_bytes("coverage", table, numeric);
        r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + file_stem + ".xlsx\"");
    }
    return r;
}

void append_string(std::string& out, const char* text) {
    out.push_back('"');
    for (const char* p = text; *p; ++p) {
        const auto c = static_cast<unsigned char>(*p);
        if (c == '"' || c == '\\') {
            out.push_back('\\');
            out.push_back(static_cast<char>(c));
        } else if (c < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out += buf;
        } else {
            out.push_back(static_cast<char>(c));
        }
    }
    out.push_back('"');
}

void append_number(std::string& out, double v) {
    char buf[32];
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, ec == std::errc() ? end : buf);
}

void append_field(std::string& out, const char* name, const pqxx::field& f, bool first = false) {
    if (!first) out.push_back(',');
    out.push_back('"');
    out += name;
    out += "\":";
    if (f.is_null()) out += "null";
    else out += f.c_str();  // numbers from PostgreSQL print as JSON numbers
}

// The units as a JSON array, written directly (11k communes in a few milliseconds).
std::string coverage_units_json(const pqxx::result& rows, const std::unordered_map<long long, std::string>& indicators,
                                bool with_change) {
    std::string out = "[";
    out.reserve(rows.size() * 520);
    const auto& columns = coverage_columns();
    for (const auto& r : rows) {
        if (out.size() > 1) out.push_back(',');
        out += "{\"id\":";
        out += r[0].c_str();
        const char* text_names[] = {"code", "name", "unit_type", "parent_code", "parent_name"};
        for (int i = 0; i < 5; ++i) {
            out += ",\"";
            out += text_names[i];
            out += "\":";
            append_string(out, r[1 + i].c_str());
        }
        for (std::size_t i = 0; i < columns.size(); ++i) append_field(out, columns[i].name, r[static_cast<int>(first_figure + i)]);
        if (with_change) {
            out += ",\"change\":{";
            const char* names[] = {"coverage_rate", "covered_hamlets", "teams", "members"};
            const int now[] = {8, 7, 9, 10};
            for (int k = 0; k < 4; ++k) {
                out += std::string(k ? "," : "") + "\"" + names[k] + "\":";
                const auto& before = r[19 + k];
                if (before.is_null() || r[now[k]].is_null()) out += "null";
                else append_number(out, r[now[k]].as<double>() - before.as<double>());
            }
            out.push_back('}');
        }
        if (const auto it = indicators.find(r[0].as<long long>()); it != indicators.end()) {
            out += ",\"indicators\":";
            out += it->second;
        }
        out.push_back('}');
    }
    return out + "]";
}

}  // namespace

response coverage_table(const request& req, services& svc) {
    const query_params params(req, {"edition", "level", "parent", "parent_code", "as_of", "compare", "format", "lang"});
    const std::string level = params.text("level").value_or("province");
    const auto parent = params.integer("parent", 1, std::numeric_limits<long long>::max());
    const auto parent_code = params.text("parent_code");
    const std::string format = params.text("format").value_or("json");
    const std::string lang = params.text("lang").value_or("vi");
    if (format != "json" && format != "csv" && format != "xlsx") {
        throw bad_request("parameter 'format': '" + format + "'; formats: json, csv, xlsx");
    }
    if (lang != "vi" && lang != "en") throw bad_request("parameter 'lang': '" + lang + "'; languages: vi, en");
    return svc.read([&](pqxx::read_transaction& tx) {
        const edition_ref edition = resolve_edition(tx, params.text("edition"));
        require_level(tx, edition, level);
        const snapshot_ref snapshot = resolve_snapshot(tx, edition, params.text("as_of"), "as_of", level);
        const std::string& as_of = snapshot.as_of;
        const auto compare_param = params.text("compare");
        const std::optional<snapshot_ref> compare =
            compare_param ? std::optional<snapshot_ref>(resolve_snapshot(tx, edition, compare_param, "compare", level)) : std::nullopt;
        const auto rows = tx.exec_prepared("coverage_rows", edition.id, as_of, level, parent, parent_code,
                                           compare ? std::optional<std::string>(compare->as_of) : std::nullopt);
        if (format == "json") {
            const auto indicators = svc.levels.indicators(tx, edition.id, level);
            json doc{{"edition", edition.name}, {"level", level}, {"as_of", as_of}};
            if (compare) doc["compare"] = compare->as_of;
            response out;
            mark_conversion(out, snapshot, compare, edition.name, &doc);
            std::string body = doc.dump();
            body.pop_back();
            body += ",\"units\":" + coverage_units_json(rows, *indicators, compare.has_value()) + "}";
            out.body = std::move(body);
            return out;
        }
        const auto level_values = load_level_indicators(tx, edition.id, level);
        std::vector<bool> numeric;
        const auto table = coverage_text_table(rows, level_values.values, level_values.names, lang, numeric);
        auto out = table_response(format, table, numeric, "coverage_" + edition.name + "_" + level + "_" + as_of);
        mark_conversion(out, snapshot, compare, edition.name);
        return out;
    });
}

response coverage_summary(const request& req, services& svc) {
    const query_params params(req, {"edition", "as_of"});
    return svc.read([&](pqxx::read_transaction& tx) {
        const edition_ref edition = resolve_edition(tx, params.text("edition"));
        const snapshot_ref snapshot = resolve_snapshot(tx, edition, params.text("as_of"), "as_of", std::string("province"));
        const std::string& as_of = snapshot.as_of;
        json provinces = json::array();
        long long hamlets = 0, covered = 0, teams = 0, members = 0, households = 0, supported = 0;
        bool households_known = true;
        for (const auto& r : tx.exec_prepared("coverage_rows", edition.id, as_of, "province", std::optional<long long>(),
                                              std::optional<std::string>(), std::optional<std::string>())) {
            json p{{"id", r[0].as<long long>()}, {"code", r[1].c_str()}, {"name", r[2].c_str()}};
            p.update(figures(r));
            hamlets += r[6].as<long long>();
            covered += r[7].as<long long>();
            teams += r[9].as<long long>();
            members += r[10].as<long long>();
            households_known = households_known && !r[11].is_null();
            households += r[11].is_null() ? 0 : r[11].as<long long>();
            supported += r[13].as<long long>();
            provinces.push_back(std::move(p));
        }
        const auto ratio = [](long long a, long long b) { return b > 0 ? json(static_cast<double>(a) / static_cast<double>(b)) : json(nullptr); };
        json national{{"provinces", provinces.size()}, {"hamlets", hamlets}, {"covered_hamlets", covered},
                      {"coverage_rate", ratio(covered, hamlets)}, {"teams", teams}, {"members", members},
                      {"households", households_known ? json(households) : json(nullptr)},
                      {"households_supported", supported},
                      {"supported_share", households_known ? ratio(supported, households) : json(nullptr)},
                      {"provinces_fully_covered", std::count_if(provinces.begin(), provinces.end(), [](const json& p) {
                           return p["hamlets"].get<long long>() > 0 && p["covered_hamlets"] == p["hamlets"];
                       })}};
        response out;
        json doc{{"edition", edition.name}, {"as_of", as_of}, {"national", national}, {"provinces", provinces}};
        mark_conversion(out, snapshot, edition.name, &doc);
        out.body = doc.dump();
        return out;
    });
}

response coverage_timeseries(const request& req, services& svc) {
    const query_params params(req, {"unit", "metric", "from", "to", "as_of"});
    const auto unit = params.integer("unit", 1, std::numeric_limits<long long>::max());
    if (!unit) throw bad_request("parameter 'unit' (a unit id) is required");
    const std::string metric = params.text("metric").value_or("coverage_rate");
    const std::vector<std::string> metrics{"coverage_rate", "covered_hamlets", "teams", "members"};
    if (std::find(metrics.begin(), metrics.end(), metric) == metrics.end()) {
        throw bad_request("unknown metric '" + metric + "' for a time series; metrics: coverage_rate, covered_hamlets, teams, members");
    }
    const auto month_param = [&](const char* name) {
        const auto v = params.text(name);
        if (v && (v->size() != 7 || (*v)[4] != '-' || !std::isdigit(static_cast<unsigned char>((*v)[0])))) {
            throw bad_request(std::string("parameter '") + name + "': '" + *v + "' is not a month YYYY-MM");
        }
        return v;
    };
    const auto from = month_param("from"), to = month_param("to");
    return svc.read([&](pqxx::read_transaction& tx) {
        const auto u = tx.exec_prepared("unit_edition", *unit);
        if (u.empty()) throw not_found("no unit with id " + std::to_string(*unit));
        const edition_ref edition{u[0][0].as<long long>(), u[0][1].as<std::string>()};
        const snapshot_ref snapshot = resolve_snapshot(tx, edition, params.text("as_of"), "as_of", u[0][2].as<std::string>());
        const std::string& as_of = snapshot.as_of;
        json series = json::array();
        long long undated = 0;
        for (const auto& r : tx.exec_prepared("unit_timeseries", *unit, as_of, snapshot.source_edition_id)) {
            const std::string month = r[0].as<std::string>();
            undated = r[5].as<long long>();
            if ((from && month < *from) || (to && month > *to)) continue;
            const long long hamlets = r[1].as<long long>(), covered = r[2].as<long long>();
            json value = metric == "coverage_rate" ? (hamlets > 0 ? json(static_cast<double>(covered) / static_cast<double>(hamlets)) : json(nullptr))
                         : metric == "covered_hamlets" ? json(covered)
                         : metric == "teams" ? json(r[3].as<long long>())
                                               : json(r[4].as<long long>());
            series.push_back({{"month", month}, {"value", value}});
        }
        json snapshots = json::array();
        for (const auto& r : tx.exec_prepared("unit_snapshots", *unit)) {
            const json value = metric == "coverage_rate" ? number_or_null(r[3])
                               : metric == "covered_hamlets" ? json(r[2].as<long long>())
                               : metric == "teams" ? json(r[4].as<long long>())
                                                     : json(r[5].as<long long>());
            json entry{{"as_of", r[0].c_str()}, {"value", value}};
            if (!r[6].is_null()) entry["converted_from"] = r[6].c_str();
            snapshots.push_back(std::move(entry));
        }
        response out;
        json doc{{"unit", {{"id", *unit}, {"level", u[0][2].c_str()}, {"code", u[0][3].c_str()}, {"name", u[0][4].c_str()}}},
                 {"edition", edition.name}, {"as_of", as_of}, {"metric", metric},
                 {"teams_without_founding_date", undated}, {"series", series}, {"snapshots", snapshots}};
        mark_conversion(out, snapshot, edition.name, &doc);
        out.body = doc.dump();
        return out;
    });
}

}  // namespace covermap::api

namespace covermap::api {

response coverage_by_month(const request& req, services& svc) {
    const query_params params(req, {"edition", "level", "as_of", "month"});
    const std::string level = params.text("level").value_or("commune");
    const auto month = params.text("month");
    return svc.read([&](pqxx::read_transaction& tx) {
        const edition_ref edition = resolve_edition(tx, params.text("edition"));
        require_level(tx, edition, level);
        const snapshot_ref snapshot = resolve_snapshot(tx, edition, params.text("as_of"), "as_of", level);
        const std::string& as_of = snapshot.as_of;
        const auto span = tx.exec_prepared1("snapshot_months", snapshot.source_edition_id, as_of);
        const json months = json::parse(span[0].as<std::string>());
        json doc{{"edition", edition.name}, {"level", level}, {"as_of", as_of}, {"months", months},
                 {"undated_teams", span[1].as<long long>()}};
        if (month) {
            if (std::find(months.begin(), months.end(), *month) == months.end()) {
                throw bad_request("parameter 'month': '" + *month + "' is not a month of the snapshot of " + as_of +
                                  (months.empty() ? std::string(" (no team has a founding date)")
                                                  : " (" + months.front().get<std::string>() + " to " +
                                                        months.back().get<std::string>() + ")"));
            }
            doc["month"] = *month;
            doc["units"] = json::parse(
                tx.exec_prepared1("monthly_coverage", edition.id, as_of, level, *month + "-01", snapshot.source_edition_id)[0]
                    .as<std::string>());
        }
        response r;
        mark_conversion(r, snapshot, edition.name, &doc);
        r.body = doc.dump();
        return r;
    });
}

}  // namespace covermap::api
