#pragma once
// Map text glyphs: GET /fonts/{fontstack}/{start}-{end}.pbf (tiles/glyphs.hpp), the `glyphs` URL of
// the web map's style. Unknown font: 404 listing the fonts; malformed range: 400; a range no font
// of the stack has glyphs in: a valid stack without glyphs. Cache-Control, gzip when accepted and
// ETag/304 as tiles.
#include "api/http.hpp"
#include "api/services.hpp"

namespace covermap::api {

response get_glyphs(const request& req, services& svc);

}  // namespace covermap::api
