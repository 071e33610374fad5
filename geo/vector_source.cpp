#include "geo/vector_source.hpp"

#include <gdal.h>
#include <ogr_api.h>
#include <ogr_geometry.h>
#include <ogrsf_frmts.h>

#include <mutex>

#include "core/error.hpp"
#include "geo/validity.hpp"

namespace covermap::geo {
namespace {

void register_drivers_once() {
    static std::once_flag once;
    std::call_once(once, [] {
        GDALAllRegister();
        CPLSetConfigOption("OGR_GPKG_FOREIGN_KEY_CHECK", "NO");
    });
}

std::string last_gdal_error() {
    const char* msg = CPLGetLastErrorMsg();
    return msg != nullptr && *msg != '\0' ? std::string(": ") + msg : std::string();
}

// The polygons of a repaired geometry (MakeValid may add lines or points where a ring collapsed),
// as one MultiPolygon.
std::unique_ptr<OGRGeometry> polygonal_part(std::unique_ptr<OGRGeometry> geometry) {
    if (!geometry) return nullptr;
    const auto flat = wkbFlatten(geometry->getGeometryType());
    if (flat == wkbPolygon || flat == wkbMultiPolygon) {
        return std::unique_ptr<OGRGeometry>(OGRGeometryFactory::forceToMultiPolygon(geometry.release()));
    }
    auto out = std::make_unique<OGRMultiPolygon>();
    if (flat == wkbGeometryCollection) {
        for (const auto* part : *geometry->toGeometryCollection()) {
            const auto part_type = wkbFlatten(part->getGeometryType());
            if (part_type == wkbPolygon) {
                out->addGeometry(part);
            } else if (part_type == wkbMultiPolygon) {
                for (const auto* polygon : *part->toMultiPolygon()) out->addGeometry(polygon);
            }
        }
    }
    return out;
}

std::string layer_names(GDALDatasetH dataset) {
    std::string names;
    for (int i = 0; i < GDALDatasetGetLayerCount(dataset); ++i) {
        names += (i ? ", " : "") + std::string(OGR_L_GetName(GDALDatasetGetLayer(dataset, i)));
    }
    return names;
}

bool is_csv(const std::string& path) {
    GDALDriverH driver = GDALIdentifyDriverEx(path.c_str(), GDAL_OF_VECTOR, nullptr, nullptr);
    return driver != nullptr && std::string(GDALGetDriverShortName(driver)) == "CSV";
}

}  // namespace

multipolygon plain_polygons(const OGRGeometry& geometry) {
    multipolygon out;
    if (wkbFlatten(geometry.getGeometryType()) != wkbMultiPolygon) return out;
    for (const OGRPolygon* part : *geometry.toMultiPolygon()) {
        polygon& p = out.emplace_back();
        for (const OGRLinearRing* ring : *part) {
            linear_ring& r = p.rings.emplace_back();
            r.reserve(static_cast<std::size_t>(ring->getNumPoints()));
            for (int i = 0; i < ring->getNumPoints(); ++i) r.push_back({ring->getX(i), ring->getY(i)});
        }
    }
    return out;
}

vector_source::vector_source(const source_options& options) : path_(options.path) {
    register_drivers_once();
    CPLErrorReset();
    const bool csv = is_csv(path_);
    // CSV hamlet lists carry points as lon/lat columns; every column stays text (codes keep
    // their leading zeros) and empty cells read as null.
    const char* csv_options[] = {"X_POSSIBLE_NAMES=lon,lng,long,longitude,x,kinh_do,kinh do",
                                 "Y_POSSIBLE_NAMES=lat,latitude,y,vi_do,vi do",
                                 "KEEP_GEOM_COLUMNS=NO", "AUTODETECT_TYPE=NO",
                                 "EMPTY_STRING_AS_NULL=YES", nullptr};
    dataset_ = GDALOpenEx(path_.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr,
                          csv ? csv_options : nullptr, nullptr);
    if (dataset_ == nullptr) {
        throw data_error(path_ + ": cannot open as a vector data source" + last_gdal_error());
    }
    const int layer_count = GDALDatasetGetLayerCount(dataset_);
    if (options.layer) {
        layer_ = GDALDatasetGetLayerByName(dataset_, options.layer->c_str());
        if (layer_ == nullptr) {
            const std::string names = layer_names(dataset_);
            GDALClose(dataset_);
            throw data_error(path_ + ": no layer '" + *options.layer + "' (--layer); layers: " + names);
        }
    } else if (layer_count == 1) {
        layer_ = GDALDatasetGetLayer(dataset_, 0);
    } else {
        const std::string names = layer_names(dataset_);
        GDALClose(dataset_);
        throw data_error(path_ + ": has " + std::to_string(layer_count) +
                          " layers, choose one with --layer: " + names);
    }
    layer_name_ = OGR_L_GetName(layer_);

    try {
        if (options.s_srs) {
            source_srs_ = resolve_crs(*options.s_srs);
        } else if (auto* srs = OGRSpatialReference::FromHandle(OGR_L_GetSpatialRef(layer_))) {
            source_srs_.reset(srs->Clone());
        } else if (csv && OGR_L_GetGeomType(layer_) != wkbNone) {
            source_srs_ = wgs84();  // lon/lat columns: WGS 84 unless --s-srs says otherwise
        } else {
            throw config_error(path_ + ", layer " + layer_name_ +
                               ": the layer has no CRS; name it with --s-srs (e.g. --s-srs EPSG:9215)");
        }
        if (OGR_L_GetGeomType(layer_) == wkbNone) {
            throw data_error(path_ + ", layer " + layer_name_ +
                              ": no geometry (a CSV needs lon/lat or x/y columns)");
        }
        source_srs_->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        transform_ = to_wgs84(*source_srs_);
    } catch (...) {
        GDALClose(dataset_);
        throw;
    }
    OGR_L_ResetReading(layer_);
}

vector_source::~vector_source() {
    if (dataset_ != nullptr) GDALClose(dataset_);
}

std::string vector_source::driver_name() const {
    return GDALGetDriverShortName(GDALGetDatasetDriver(dataset_));
}

std::vector<std::string> vector_source::field_names() const {
    std::vector<std::string> names;
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer_);
    for (int i = 0; i < OGR_FD_GetFieldCount(defn); ++i) {
        names.emplace_back(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)));
    }
    return names;
}

std::string vector_source::crs_description() const { return describe(*source_srs_); }

long long vector_source::feature_count() const {
    return static_cast<long long>(OGR_L_GetFeatureCount(layer_, FALSE));
}

void vector_source::select_fields(const std::vector<std::pair<std::string, std::string>>& fields) {
    field_indexes_.clear();
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer_);
    for (const auto& [name, option] : fields) {
        const int index = OGR_FD_GetFieldIndex(defn, name.c_str());
        if (index < 0) {
            std::string available;
            for (const auto& field : field_names()) available += (available.empty() ? "" : ", ") + field;
            throw data_error(path_ + ", layer " + layer_name_ + ": no field '" + name + "' (" + option +
                              "); fields: " + available);
        }
        field_indexes_.push_back(index);
    }
}

std::string vector_source::where(long long row) const {
    return path_ + ", layer " + layer_name_ + ", row " + std::to_string(row);
}

bool vector_source::next(feature_row& out) {
    OGRFeatureH handle = OGR_L_GetNextFeature(layer_);
    if (handle == nullptr) {
        if (CPLGetLastErrorType() >= CE_Failure) {
            throw data_error(path_ + ", layer " + layer_name_ + ": read error after row " +
                              std::to_string(row_) + last_gdal_error());
        }
        return false;
    }
    std::unique_ptr<OGRFeature> feature(OGRFeature::FromHandle(handle));
    out.row = ++row_;
    out.values.clear();
    for (int index : field_indexes_) {
        if (!feature->IsFieldSetAndNotNull(index)) {
            out.values.emplace_back(std::nullopt);
            continue;
        }
        std::string value = feature->GetFieldAsString(index);
        if (value.empty()) {
            out.values.emplace_back(std::nullopt);
        } else {
            out.values.emplace_back(std::move(value));
        }
    }

    std::unique_ptr<OGRGeometry> geometry(feature->StealGeometry());
    if (!geometry || geometry->IsEmpty()) throw data_error(where(out.row) + ": feature has no geometry");
    geometry->flattenTo2D();
    const auto flat = wkbFlatten(geometry->getGeometryType());
    if (flat == wkbPoint) {
        out.kind = geometry_kind::point;
    } else if (flat == wkbPolygon || flat == wkbMultiPolygon || flat == wkbCurvePolygon ||
               flat == wkbMultiSurface) {
        out.kind = geometry_kind::polygon;
        geometry.reset(OGRGeometryFactory::forceToMultiPolygon(geometry.release()));
    } else if (flat == wkbMultiPoint && geometry->toMultiPoint()->getNumGeometries() == 1) {
        out.kind = geometry_kind::point;
        geometry.reset(geometry->toMultiPoint()->getGeometryRef(0)->clone());
    } else {
        throw data_error(where(out.row) + ": unsupported geometry type " +
                          OGRGeometryTypeToName(geometry->getGeometryType()) +
                          " (boundaries are polygons, hamlets polygons or points)");
    }
    if (transform_ && geometry->transform(transform_.get()) != OGRERR_NONE) {
        throw data_error(where(out.row) + ": cannot reproject from " + crs_description() +
                          " to EPSG:4326" + last_gdal_error());
    }
    // Checked and repaired here, in the reader, so the work overlaps the database's on earlier rows.
    // Most polygons are proved valid on their plain coordinates (geo/validity); GEOS decides the rest.
    out.repaired = false;
    if (out.kind == geometry_kind::polygon && !certainly_valid(plain_polygons(*geometry))) {
        CPLPushErrorHandler(CPLQuietErrorHandler);  // GEOS explains invalidity on stderr: we count instead
        const bool valid = geometry->IsValid();
        CPLPopErrorHandler();
        if (!valid) {
            geometry = polygonal_part(std::unique_ptr<OGRGeometry>(geometry->MakeValid()));
            if (!geometry || geometry->IsEmpty()) {
                throw data_error(where(out.row) + ": invalid polygon with no area left once repaired");
            }
            out.repaired = true;
        }
    }
    out.wkb.resize(geometry->WkbSize());
    geometry->exportToWkb(wkbNDR, out.wkb.data(), wkbVariantIso);
    return true;
}

}  // namespace covermap::geo
