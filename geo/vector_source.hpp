#pragma once
// Reading any vector source GDAL reads (GeoPackage, Shapefile, GeoJSON, FlatGeobuf, KML, CSV with
// lon/lat columns, ...) feature by feature, reprojected to EPSG:4326 and encoded as hex WKB.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "geo/crs.hpp"
#include "geo/geometry.hpp"

class OGRGeometry;

namespace covermap::geo {

struct source_options {
    std::string path;
    std::optional<std::string> layer;  // required when the source has several layers
    std::optional<std::string> s_srs;  // overrides the layer's CRS (as ogr2ogr -s_srs)
};

enum class geometry_kind { polygon, point };

struct feature_row {
    long long row = 0;              // 1-based position in the layer, for error messages
    std::vector<unsigned char> wkb;  // ISO WKB, little endian, EPSG:4326, valid, polygons as MultiPolygon
    geometry_kind kind = geometry_kind::polygon;
    bool repaired = false;          // the polygon was invalid and was made valid (GEOS MakeValid)
    std::vector<std::optional<std::string>> values;  // the requested fields, empty cells as nullopt
};

// The coordinates of a MultiPolygon as plain rings, for geo::certainly_valid (empty for any
// other type).
multipolygon plain_polygons(const OGRGeometry& geometry);

class vector_source {
public:
    explicit vector_source(const source_options& options);
    ~vector_source();
    vector_source(const vector_source&) = delete;
    vector_source& operator=(const vector_source&) = delete;

    const std::string& path() const { return path_; }
    const std::string& layer_name() const { return layer_name_; }
    std::string driver_name() const;
    std::vector<std::string> field_names() const;
    std::string crs_description() const;
    bool reprojects() const { return transform_ != nullptr; }
    long long feature_count() const;  // -1 when the driver cannot tell cheaply

    // Select the attribute fields next() returns, in this order. Each pair is (field name, the
    // option that named it); an unknown field is an data_error naming file, layer, field and option.
    void select_fields(const std::vector<std::pair<std::string, std::string>>& fields);

    // The next feature, or false at the end. Throws data_error naming the row for a feature
    // without geometry, of an unsupported type, or that cannot be reprojected.
    bool next(feature_row& out);

private:
    std::string where(long long row) const;

    std::string path_;
    std::string layer_name_;
    void* dataset_ = nullptr;  // GDALDatasetH
    void* layer_ = nullptr;    // OGRLayerH
    std::vector<int> field_indexes_;
    srs_ptr source_srs_;
    transform_ptr transform_;
    long long row_ = 0;
};

}  // namespace covermap::geo
