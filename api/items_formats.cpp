#include "api/items_formats.hpp"

#include <nlohmann/json.hpp>

#include "api/http.hpp"
#include "api/openapi.hpp"

namespace covermap::api {
namespace {

using json = nlohmann::json;

geo::fgb::column_type column_type_of(const feature_property& p) {
    using geo::fgb::column_type;
    if (p.type == "integer") return column_type::long_integer;
    if (p.type == "number") return column_type::real;
    if (p.type == "boolean") return column_type::boolean;
    if (p.format == "date") return column_type::date_time;
    return column_type::string;
}

}  // namespace

items_format parse_items_format(const std::string* f) {
    if (!f || *f == "geojson") return items_format::geojson;
    if (*f == "json") return items_format::json;
    if (*f == "csv") return items_format::csv;
    if (*f == "fgb" || *f == "flatgeobuf") return items_format::fgb;
    throw bad_request("parameter 'f': '" + *f + "' is not a format of this resource (geojson, json, csv, fgb)");
}

const char* items_format_name(items_format f) {
    switch (f) {
        case items_format::json: return "json";
        case items_format::csv: return "csv";
        case items_format::fgb: return "fgb";
        default: return "geojson";
    }
}

const char* items_content_type(items_format f) {
    switch (f) {
        case items_format::json: return "application/json";
        case items_format::csv: return "text/csv; charset=utf-8";
        case items_format::fgb: return "application/flatgeobuf";
        default: return "application/geo+json";
    }
}

void append_csv_field(std::string& out, std::string_view text) {
    if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
        out += text;
        return;
    }
    out += '"';
    for (const char ch : text) {
        if (ch == '"') out += '"';
        out += ch;
    }
    out += '"';
}

std::string csv_header(const std::string& kind) {
    std::string out = "id";
    for (const auto& p : feature_properties(kind)) {
        out += ',';
        append_csv_field(out, p.name);
    }
    return out + ",wkt\r\n";
}

void append_csv_row(std::string& out, const std::string& kind, std::string_view id, std::string_view properties, std::string_view wkt) {
    const json values = json::parse(properties);
    out += id;
    for (const auto& p : feature_properties(kind)) {
        out += ',';
        const auto it = values.find(p.name);
        if (it == values.end() || it->is_null()) continue;
        if (it->is_string()) {
            append_csv_field(out, it->get_ref<const std::string&>());
        } else {
            out += it->dump();  // numbers and true/false, as in the GeoJSON
        }
    }
    out += ',';
    append_csv_field(out, wkt);
    out += "\r\n";
}

std::string fgb_head(const std::string& kind, const std::string& name, const std::string& title, geo::fgb::geometry_type type,
                     unsigned long long count, int epsg) {
    geo::fgb::header h;
    h.name = name;
    h.title = title;
    h.type = type;
    h.features_count = count;
    h.epsg = epsg;
    h.columns.push_back({"id", geo::fgb::column_type::long_integer, "Feature id"});
    for (const auto& p : feature_properties(kind)) h.columns.push_back({p.name, column_type_of(p), p.description});
    return geo::fgb::file_head(h);
}

void append_fgb_feature(std::string& out, const std::string& kind, long long id, std::string_view properties, std::string_view geometry) {
    thread_local geo::fgb::properties values;
    values.clear();
    values.long_integer(0, id);
    const json object = json::parse(properties);
    const auto& columns = feature_properties(kind);
    for (std::size_t i = 0; i < columns.size(); ++i) {
        const auto it = object.find(columns[i].name);
        if (it == object.end() || it->is_null()) continue;
        const auto column = static_cast<std::uint16_t>(i + 1);
        switch (column_type_of(columns[i])) {
            case geo::fgb::column_type::long_integer: values.long_integer(column, it->get<long long>()); break;
            case geo::fgb::column_type::real: values.real(column, it->get<double>()); break;
            case geo::fgb::column_type::boolean: values.boolean(column, it->get<bool>()); break;
            default: values.string(column, it->is_string() ? it->get_ref<const std::string&>() : it->dump()); break;
        }
    }
    geo::fgb::append_feature(out, geometry, values);
}

}  // namespace covermap::api
