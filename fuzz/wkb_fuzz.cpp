// libFuzzer target: the WKB reader and the GeoJSON writer on arbitrary bytes (PostGIS and GDAL
// hand them to covermap). Invariant: bad WKB is a covermap::error, never a read past the end.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/error.hpp"
#include "geo/geojson.hpp"
#include "geo/wkb.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace covermap::geo;
    try {
        std::string out;
        append_geojson(out, data, size, geojson_format{});
    } catch (const covermap::error&) {
    }
    try {
        (void)read_wkb_multipolygon(data, size);
    } catch (const covermap::error&) {
    }
    try {
        (void)read_wkb_points(data, size);
    } catch (const covermap::error&) {
    }
    return 0;
}
