#pragma once
// OGC API – Features vocabulary that needs no database: the CRSs covermap serves (Part 2), the
// `datetime`, `bbox`/`bbox-crs` and `crs` parameters, and collection ids. Every bad value is a
// 400 naming the parameter.
#include <optional>
#include <string>
#include <vector>

#include "api/params.hpp"
#include "geo/geojson.hpp"
#include "geo/wkb.hpp"

namespace covermap::api::ogc {

// A CRS features can be requested in. Geographic CRSs as the EPSG defines them put latitude first
// (EPSG:4326, EPSG:4756); CRS84 and the projected ones put x (east) first.
struct crs_def {
    std::string uri;    // http://www.opengis.net/def/crs/EPSG/0/4326
    int epsg;           // 0 for CRS84
    bool lat_first;
    int decimals;       // 7 for degrees (~1 cm), 2 for metres
    std::string title;
};

const std::vector<crs_def>& supported_crs();
const crs_def& crs84();
// The CRS a `crs` or `bbox-crs` value names: its URI, or a "EPSG:n" / "[EPSG:n]" / "CRS84" CURIE.
// Throws bad_request naming `parameter` and listing the supported URIs.
const crs_def& find_crs(const std::string& text, const std::string& parameter);

// How GeoJSON coordinates are written in `crs` (transformation from CRS84, axis order, decimals).
geo::geojson_format output_format(const crs_def& crs);

// A `bbox` in `crs` (4 or 6 numbers; heights ignored) as its CRS84 bounding rectangle. A projected
// box is transformed with its edges densified, so the rectangle encloses it.
bbox parse_bbox(const std::string& text, const crs_def& crs);

// A `datetime` instant or interval as inclusive dates (YYYY-MM-DD); an open end is empty. Accepts
// RFC 3339 dates and date-times (any offset; converted to the UTC date), "YYYY-MM-DDT" (GDAL),
// "..", "" and far-past/far-future years such as 0001 or 9999 (QGIS) for open ends.
struct date_interval {
    std::optional<std::string> from, to;
    bool instant = false;
};
date_interval parse_datetime(const std::string& text);

// Whether [a_from, a_to] and [b_from, b_to] (dates, open when empty) overlap.
bool overlaps(const std::optional<std::string>& a_from, const std::optional<std::string>& a_to,
              const std::optional<std::string>& b_from, const std::optional<std::string>& b_to);

// A collection id: "communes" (the default edition) or "communes_2009"; "teams", "coverage_communes".
enum class collection_kind { units, teams, coverage };
struct collection_ref {
    collection_kind kind;
    std::string level;                 // province, district, commune, hamlet; empty for teams
    std::optional<std::string> edition;  // none: the default edition
};
std::optional<collection_ref> parse_collection_id(const std::string& id);
std::string collection_id(const collection_ref& ref, const std::string& edition, bool is_default);
std::string plural(const std::string& level);

}  // namespace covermap::api::ogc
