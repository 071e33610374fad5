#pragma once
// Vector tiles: GET /tiles (the tilesets), /tiles/{tileset}.json (TileJSON 3.0) and
// /tiles/{tileset}/{z}/{x}/{y}.mvt|.pbf (MVT, gzip when accepted, ETag/304, 204 when empty).
#include "api/http.hpp"
#include "api/services.hpp"

namespace covermap::api {

response list_tilesets(const request& req, services& svc);
response tilejson(const request& req, services& svc);
response get_tile(const request& req, services& svc);

// The strong validator of tile bytes (FNV-1a 64, hex, quoted).
std::string tile_etag(std::string_view bytes);
// Whether an If-None-Match header value matches `etag` (a list, weak tags, or *).
bool etag_matches(const std::string& if_none_match, const std::string& etag);
// Validation of a body that may go gzip-encoded (tiles, glyphs): the gzip body is another
// representation with its own strong tag ("-gz" before the closing quote). Sets ETag, and answers
// 304 when If-None-Match names either tag; returns whether it did.
bool not_modified(response& r, const request& req, const std::string& etag, bool gzip);

}  // namespace covermap::api
