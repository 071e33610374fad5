#include "geo/crs.hpp"

#include <cpl_error.h>
#include <ogr_spatialref.h>

#include "core/error.hpp"

namespace covermap::geo {

void srs_deleter::operator()(OGRSpatialReference* srs) const {
    if (srs != nullptr) srs->Release();
}

void transform_deleter::operator()(OGRCoordinateTransformation* ct) const {
    OGRCoordinateTransformation::DestroyCT(ct);
}

srs_ptr resolve_crs(const std::string& text) {
    srs_ptr srs(new OGRSpatialReference());
    srs->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    // SetFromUserInput takes EPSG:n, PROJ strings, WKT, PROJJSON and file names (.prj). GDAL's own
    // complaint goes into our message instead of onto stderr.
    CPLErrorReset();
    CPLPushErrorHandler(CPLQuietErrorHandler);
    const bool ok = !text.empty() && srs->SetFromUserInput(text.c_str()) == OGRERR_NONE;
    CPLPopErrorHandler();
    if (!ok) {
        const std::string detail = CPLGetLastErrorMsg();
        throw config_error("unknown CRS '" + text + "'" + (detail.empty() ? "" : " (" + detail + ")") +
                           ": give an EPSG code (EPSG:9215), a PROJ string, WKT or a .prj file");
    }
    return srs;
}

srs_ptr wgs84() { return resolve_crs("EPSG:4326"); }

std::string describe(const OGRSpatialReference& srs) {
    const char* authority = srs.GetAuthorityName(nullptr);
    const char* code = srs.GetAuthorityCode(nullptr);
    const char* name = srs.GetName();
    std::string out;
    if (authority != nullptr && code != nullptr) out = std::string(authority) + ":" + code;
    if (name != nullptr) out += out.empty() ? name : std::string(" (") + name + ")";
    return out.empty() ? "unnamed CRS" : out;
}

bool same_crs(const OGRSpatialReference& a, const OGRSpatialReference& b) {
    const char* options[] = {"IGNORE_DATA_AXIS_TO_SRS_AXIS_MAPPING=YES", "CRITERION=EQUIVALENT", nullptr};
    return a.IsSame(&b, options) != 0;
}

transform_ptr to_wgs84(const OGRSpatialReference& source) {
    const srs_ptr target = wgs84();
    if (same_crs(source, *target)) return nullptr;
    OGRSpatialReference src(source);
    src.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    // PROJ picks the most accurate operation available for the area (for VN-2000 that is the
    // 7-parameter Helmert shift of EPSG; a ballpark shift would be ~200 m off).
    transform_ptr ct(OGRCreateCoordinateTransformation(&src, target.get()));
    if (!ct) {
        throw config_error("no coordinate transformation from " + describe(source) + " to EPSG:4326");
    }
    return ct;
}

void bind_proj_context_to_thread() {
    // Resolving a CRS makes GDAL construct its per-thread PROJ context, before `bound` is.
    thread_local const bool bound = (wgs84(), true);
    (void)bound;
}

}  // namespace covermap::geo
