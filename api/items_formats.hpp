#pragma once
// The download formats of an items page beside GeoJSON: CSV (RFC 4180, UTF-8, geometry as WKT in
// a `wkt` column) and FlatGeobuf (geo/flatgeobuf.hpp). The columns are `id` and then the kind's
// public properties (feature_properties in api/openapi.cpp), in that order; the values come from
// the properties JSON the page SQL writes, so every format carries the same fields.
#include <string>
#include <string_view>

#include "geo/flatgeobuf.hpp"

namespace covermap::api {

enum class items_format { geojson, json, csv, fgb };

// The `f` value of an items request (absent: geojson). Throws bad_request listing the formats.
items_format parse_items_format(const std::string* f);
const char* items_format_name(items_format f);        // geojson, json, csv, fgb
const char* items_content_type(items_format f);

// CSV: the header row (id, properties, wkt), CRLF-terminated.
std::string csv_header(const std::string& kind);
// One CSV field appended, quoted when it holds a comma, quote, CR or LF (quotes doubled).
void append_csv_field(std::string& out, std::string_view text);
// One row: `properties` is the JSON object of the page SQL; `wkt` the geometry (empty: none).
void append_csv_row(std::string& out, const std::string& kind, std::string_view id, std::string_view properties, std::string_view wkt);

// FlatGeobuf: the file head of a page of `count` features of `kind`, named `name`.
std::string fgb_head(const std::string& kind, const std::string& name, const std::string& title, geo::fgb::geometry_type type,
                     unsigned long long count, int epsg);
// One feature: the id, the properties JSON and the encoded geometry (empty: none).
void append_fgb_feature(std::string& out, const std::string& kind, long long id, std::string_view properties, std::string_view geometry);

}  // namespace covermap::api
