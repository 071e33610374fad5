#include "api/items_params.hpp"

#include <algorithm>
#include <cstdlib>

#include "api/openapi.hpp"
#include "api/features.hpp"
#include <cmath>
#include <stdexcept>
#include <string_view>

namespace covermap::api {
namespace sql_query {
// Embedded from api/sql_query/ (cmake/EmbedSql.cmake); templates, so not prepared.
std::string_view sql_text(std::string_view stem);
}  // namespace sql_query

namespace {

using cql2::value_type;

std::string list_names(const std::vector<queryable_property>& props, bool with_geometry) {
    std::string list;
    for (const auto& p : props) {
        if (!with_geometry && p.q.type == value_type::geometry) continue;
        list += (list.empty() ? "" : ", ") + p.q.name;
    }
    return list;
}

bool legacy_filter(const std::string& kind, const std::string& name) {
    const auto& legacy = property_filters(kind);
    return std::any_of(legacy.begin(), legacy.end(), [&](const property_filter& f) { return f.name == name; });
}

// property=value for a queryable the legacy filters do not cover: an equality, typed.
cql2::node equality(const queryable_property& p, const std::string& text) {
    cql2::node value;
    switch (p.q.type) {
        case value_type::integer:
        case value_type::number: {
            char* end = nullptr;
            value.kind = cql2::kind::number;
            value.number = std::strtod(text.c_str(), &end);
            if (end == text.c_str() || *end != '\0' || !std::isfinite(value.number)) {
                throw bad_request("parameter '" + p.q.name + "': '" + text + "' is not a number");
            }
            break;
        }
        case value_type::boolean:
            if (text != "true" && text != "false") throw bad_request("parameter '" + p.q.name + "': '" + text + "' is not true or false");
            value.kind = cql2::kind::boolean;
            value.flag = text == "true";
            break;
        case value_type::date:
            value.kind = cql2::kind::date;
            value.text = text;
            break;
        default:
            value.kind = cql2::kind::string;
            value.text = text;
    }
    cql2::node property;
    property.kind = cql2::kind::property;
    property.text = p.q.name;
    cql2::node n;
    n.kind = cql2::kind::compare;
    n.op = "=";
    n.args = {property, value};
    return n;
}

std::string with_filter(std::string sql, const std::string& condition) {
    for (auto at = sql.find("{FILTER}"); at != std::string::npos; at = sql.find("{FILTER}", at + condition.size())) sql.replace(at, 8, condition);
    return sql;
}

std::string with_order(std::string sql, const std::string& order) {
    for (auto at = sql.find("{ORDER}"); at != std::string::npos; at = sql.find("{ORDER}", at + order.size())) sql.replace(at, 7, order);
    return sql;
}

}  // namespace

const std::vector<queryable_property>& queryable_properties(const std::string& kind) {
    using t = value_type;
    // Units and coverage: m is the unit (ogc_units), p its parent, c its coverage row of the snapshot ($8).
    static const std::vector<queryable_property> units = {
        {{"code", t::string, "m.code"}, "", "Official code"},
        {{"name", t::string, "m.name"}, "", "Name"},
        {{"type", t::string, "m.unit_type"}, "", "Unit type"},
        {{"level", t::string, "m.level"}, "", "Administrative level"},
        {{"parent_code", t::string, "m.parent_code"}, "", "Parent's code"},
        {{"parent_name", t::string, "p.name"}, "", "Parent's name"},
        {{"population", t::integer, "m.population"}, "", "Population (boundary data)"},
        {{"households", t::integer, "m.households"}, "", "Households (boundary data)"},
        {{"covered", t::boolean, "(c.covered_hamlets > 0)"}, "", "A hamlet of the unit has a team in the latest snapshot"},
        {{"geometry", t::geometry, "m.geom"}, "geometry-any", "The unit's boundary (a hamlet may be a point)"},
    };
    static const std::vector<queryable_property> coverage = {
        {{"code", t::string, "m.code"}, "", "Official code"},
        {{"name", t::string, "m.name"}, "", "Name"},
        {{"type", t::string, "m.unit_type"}, "", "Unit type"},
        {{"parent_code", t::string, "m.parent_code"}, "", "Parent's code"},
        {{"parent_name", t::string, "p.name"}, "", "Parent's name"},
        {{"as_of", t::date, "$8::date"}, "date", "Registry snapshot (chosen by as_of or datetime)"},
        {{"covered", t::boolean, "(c.covered_hamlets > 0)"}, "", "At least one hamlet has a team"},
        {{"hamlets", t::integer, "c.hamlets"}, "", "Hamlets"},
        {{"covered_hamlets", t::integer, "c.covered_hamlets"}, "", "Hamlets with a team"},
        {{"coverage_rate", t::number, "c.coverage_rate"}, "", "covered_hamlets / hamlets"},
        {{"teams", t::integer, "c.teams"}, "", "Teams"},
        {{"members", t::integer, "c.members"}, "", "Team members"},
        {{"households", t::integer, "c.households"}, "", "Households"},
        {{"members_per_1000_households", t::number, "c.members_per_1000_households"}, "", "Members per 1,000 households"},
        {{"households_supported", t::integer, "c.households_supported"}, "", "Households supported"},
        {{"supported_share", t::number, "c.supported_share"}, "", "Share of households supported"},
        {{"ecommerce_households", t::integer, "c.ecommerce_households"}, "", "Households selling online"},
        {{"ecommerce_share", t::number, "c.ecommerce_share"}, "", "Their share"},
        {{"cashless_households", t::integer, "c.cashless_households"}, "", "Households paying cashless"},
        {{"cashless_share", t::number, "c.cashless_share"}, "", "Their share"},
        {{"geometry", t::geometry, "m.geom"}, "geometry-any", "The unit's boundary (a hamlet may be a point)"},
    };
    // Teams: m the team's place (ogc_teams), t the team, h its hamlet, c its commune. Public fields only.
    static const std::vector<queryable_property> teams = {
        {{"name", t::string, "t.name"}, "", "Team name"},
        {{"members", t::integer, "t.members"}, "", "Members"},
        {{"founded", t::date, "t.founded"}, "date", "Founding date"},
        {{"households", t::integer, "t.households"}, "", "Households of the hamlet"},
        {{"households_supported", t::integer, "t.households_supported"}, "", "Households supported"},
        {{"ecommerce_households", t::integer, "t.ecommerce_households"}, "", "Households selling online"},
        {{"cashless_households", t::integer, "t.cashless_households"}, "", "Households paying cashless"},
        {{"hamlet_code", t::string, "h.code"}, "", "Hamlet code"},
        {{"hamlet_name", t::string, "h.name"}, "", "Hamlet name"},
        {{"commune_code", t::string, "c.code"}, "", "Commune code"},
        {{"commune_name", t::string, "c.name"}, "", "Commune name"},
        {{"match", t::string, "t.match"}, "", "How the registry row was placed: exact, normalised or fuzzy"},
        {{"as_of", t::date, "$2::date"}, "date", "Registry snapshot (chosen by as_of)"},
        {{"geometry", t::geometry, "m.geom"}, "geometry-point", "The team's hamlet (or commune) point"},
    };
    return kind == "teams" ? teams : kind == "coverage" ? coverage : units;
}

std::vector<cql2::queryable> cql_queryables(const std::string& kind) {
    std::vector<cql2::queryable> out;
    for (const auto& p : queryable_properties(kind)) out.push_back(p.q);
    return out;
}

std::vector<std::string> extras_parameter_names(const std::string& kind) {
    std::vector<std::string> names = {"filter", "filter-lang", "filter-crs", "sortby", "properties"};
    for (const auto& p : queryable_properties(kind)) {
        if (p.q.type == value_type::geometry || p.q.name == "as_of" || legacy_filter(kind, p.q.name)) continue;
        names.push_back(p.q.name);
    }
    return names;
}

items_extras parse_items_extras(const query_params& params, const std::string& kind) {
    items_extras x;
    const auto& props = queryable_properties(kind);
    const auto lang = params.text("filter-lang").value_or("cql2-text");
    if (lang != "cql2-text" && lang != "cql2-json" && lang != "cql-text") {
        throw bad_request("parameter 'filter-lang': '" + lang + "' is not cql2-text, cql2-json or cql-text");
    }
    if (const auto crs = params.text("filter-crs")) {
        const auto& def = ogc::find_crs(*crs, "filter-crs");
        if (def.epsg != 0 && def.epsg != 4326) {
            throw bad_request("parameter 'filter-crs': filters take CRS84 or EPSG:4326 geometries, not " + *crs);
        }
        x.lat_first = def.lat_first;
    }
    std::vector<cql2::node> terms;
    if (const auto text = params.text("filter")) {
        try {
            terms.push_back(lang == "cql2-json" ? cql2::parse_json(*text) : cql2::parse_text(*text));
        } catch (const cql2::error& e) {
            throw bad_request("parameter 'filter': " + (e.position ? "position " + std::to_string(e.position) + ": " : std::string()) + e.what());
        }
    } else if (params.text("filter-lang") || params.text("filter-crs")) {
        throw bad_request(std::string("parameter '") + (params.text("filter-lang") ? "filter-lang" : "filter-crs") + "' without 'filter'");
    }
    for (const auto& p : props) {
        if (p.q.type == value_type::geometry || p.q.name == "as_of" || legacy_filter(kind, p.q.name)) continue;
        if (const auto v = params.text(p.q.name)) terms.push_back(equality(p, *v));
    }
    if (terms.size() == 1) {
        x.filter = std::move(terms[0]);
    } else if (terms.size() > 1) {
        cql2::node all;
        all.kind = cql2::kind::and_;
        all.op = "and";
        all.args = std::move(terms);
        x.filter = std::move(all);
    }
    if (x.filter) {
        try {
            cql2::compile(*x.filter, cql_queryables(kind), 1, x.lat_first);  // type errors are 400s now, not at streaming
        } catch (const cql2::error& e) {
            const bool from_filter = params.text("filter").has_value();
            throw bad_request("parameter '" + std::string(from_filter ? "filter" : "property filter") + "': " +
                              (e.position ? "position " + std::to_string(e.position) + ": " : std::string()) + e.what());
        }
    }
    if (const auto s = params.text("sortby")) {
        std::size_t start = 0;
        while (start <= s->size()) {
            const auto comma = s->find(',', start);
            std::string key = s->substr(start, comma == std::string::npos ? std::string::npos : comma - start);
            start = comma == std::string::npos ? s->size() + 1 : comma + 1;
            // '+' arrives as a space when a client does not encode it
            while (!key.empty() && key.front() == ' ') key.erase(0, 1);
            while (!key.empty() && key.back() == ' ') key.pop_back();
            bool descending = false;
            if (!key.empty() && (key[0] == '+' || key[0] == '-')) {
                descending = key[0] == '-';
                key.erase(0, 1);
            }
            if (key.empty()) throw bad_request("parameter 'sortby': an empty sort key in '" + *s + "'");
            const auto it = std::find_if(props.begin(), props.end(), [&](const queryable_property& p) { return p.q.name == key; });
            if (it == props.end() || it->q.type == value_type::geometry) {
                throw bad_request("parameter 'sortby': '" + key + "' is not a queryable to sort on; queryables: " + list_names(props, false));
            }
            x.sortby.emplace_back(it->q.sql, descending);
        }
    }
    if (const auto p = params.text("properties")) {
        const auto& known = feature_properties(kind);
        std::string array = "{";
        std::size_t start = 0;
        while (start <= p->size()) {
            const auto comma = p->find(',', start);
            std::string name = p->substr(start, comma == std::string::npos ? std::string::npos : comma - start);
            start = comma == std::string::npos ? p->size() + 1 : comma + 1;
            while (!name.empty() && name.front() == ' ') name.erase(0, 1);
            while (!name.empty() && name.back() == ' ') name.pop_back();
            if (std::none_of(known.begin(), known.end(), [&](const feature_property& f) { return f.name == name; })) {
                std::string list;
                for (const auto& f : known) list += (list.empty() ? "" : ", ") + f.name;
                throw bad_request("parameter 'properties': '" + name + "' is not a property of these features; properties: " + list);
            }
            array += (array.size() > 1 ? "," : "") + name;  // names from the list above: no quoting needed
        }
        x.properties = array + "}";
    }
    return x;
}

namespace {

std::string order_of(const items_extras& x) {
    std::string order;
    for (const auto& [sql, descending] : x.sortby) order += sql + (descending ? " DESC, " : " ASC, ");
    return order + "m.id";
}

std::string_view page_template(const std::string& kind) {
    return sql_query::sql_text(kind == "teams" ? "ogc_teams_query" : "ogc_units_query");
}

// numberMatched of a page template: count(*) over the lines between its MATCHED markers (the rows
// the page is cut from, before the keyset and the window), so the two cannot drift apart.
std::string count_template(std::string_view page) {
    constexpr std::string_view open = "-- {MATCHED\n", close = "-- MATCHED}";
    const auto from = page.find(open);
    const auto to = from == std::string_view::npos ? from : page.find(close, from);
    if (to == std::string_view::npos) throw std::logic_error("items SQL template without its MATCHED markers");
    const auto begin = from + open.size();
    return "SELECT count(*)\n" + std::string(page.substr(begin, page.rfind('\n', to) + 1 - begin));
}

}  // namespace

items_sql items_page_sql(const std::string& kind, const items_extras& x) {
    const bool teams = kind == "teams";
    std::string sql(page_template(kind));
    items_sql out;
    std::string condition = "TRUE";
    if (x.filter) {
        auto c = cql2::compile(*x.filter, cql_queryables(kind), teams ? 18 : 19, x.lat_first);
        condition = c.sql;
        out.params = std::move(c.params);
    }
    out.sql = with_order(with_filter(sql, condition), order_of(x));
    return out;
}

items_sql items_count_sql(const std::string& kind, const items_extras& x) {
    std::string sql = count_template(page_template(kind));
    items_sql out;
    std::string condition = "TRUE";
    if (x.filter) {
        auto c = cql2::compile(*x.filter, cql_queryables(kind), 13, x.lat_first);
        condition = c.sql;
        out.params = std::move(c.params);
    }
    out.sql = with_filter(sql, condition);
    return out;
}

}  // namespace covermap::api
