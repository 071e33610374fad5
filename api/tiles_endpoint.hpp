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

}  // namespace covermap::api
