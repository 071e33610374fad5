#pragma once
// The web map: its pages and files (GET /, /map, /embed, /static/..., /vendor/maplibre-gl.*) and the
// settings the page reads (GET /api/map-config). The search behind its box is api/search_endpoint.
#include <optional>
#include <string>

#include "api/http.hpp"
#include "api/services.hpp"

namespace covermap::api {

// The page or file a GET path names, with its content type, validators and (for HTML) the security
// headers; nullopt when the path is not the web map's. A path that tries to leave the web directory
// (.., backslashes, control characters) is a 400; a missing file a 404, and so is every page and
// file when the server runs without the map (an empty web directory: covermap serve --no-web).
std::optional<response> serve_web(const request& req, const web_settings& web);

// A path below the web directory that cannot leave it: letters, digits and . _ - / only, no empty,
// "." or ".." segment, not absolute, no trailing slash, at most 512 bytes.
bool safe_relative_path(const std::string& path);

response map_config(const request& req, services& svc);

}  // namespace covermap::api
