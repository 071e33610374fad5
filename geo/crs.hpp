#pragma once
// Coordinate reference systems over GDAL/PROJ: resolving user-given CRS strings and building the
// transformation of a source layer to EPSG:4326 (with the datum shift PROJ knows, e.g. VN-2000's
// 7-parameter Helmert transformation).
#include <memory>
#include <string>

class OGRSpatialReference;
class OGRCoordinateTransformation;

namespace covermap::geo {

struct srs_deleter {
    void operator()(OGRSpatialReference* srs) const;
};
struct transform_deleter {
    void operator()(OGRCoordinateTransformation* ct) const;
};
using srs_ptr = std::unique_ptr<OGRSpatialReference, srs_deleter>;
using transform_ptr = std::unique_ptr<OGRCoordinateTransformation, transform_deleter>;

// Resolve "EPSG:9215", a PROJ string, WKT or a .prj path into a spatial reference with
// longitude/latitude (traditional GIS) axis order. Throws config_error naming the text.
srs_ptr resolve_crs(const std::string& text);

// EPSG:4326 with traditional GIS axis order (x = longitude).
srs_ptr wgs84();

// A short human-readable name: "EPSG:9215 (VN-2000 / TM-3 zone 107-15)" or the CRS name.
std::string describe(const OGRSpatialReference& srs);

// True when the two CRSs are the same (no transformation needed).
bool same_crs(const OGRSpatialReference& a, const OGRSpatialReference& b);

// The transformation from source to EPSG:4326; nullptr when the source already is EPSG:4326.
// Throws config_error when PROJ finds no way between them.
transform_ptr to_wgs84(const OGRSpatialReference& source);

// Call before the first use of a thread_local that holds OGR spatial references or
// transformations. GDAL keeps one PROJ context per thread in a thread_local of its own; thread
// locals are destroyed in the reverse order of their construction, so a cache made before that
// context is destroyed after it, and the transformations it drops then make GDAL create a fresh
// context that nothing frees (found by LeakSanitizer: 512 bytes per server thread, depending on
// which request a worker thread served first). This makes the context first on the calling thread.
void bind_proj_context_to_thread();

}  // namespace covermap::geo
