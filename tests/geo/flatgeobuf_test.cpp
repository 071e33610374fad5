// The FlatGeobuf writer, checked by reading its output back with GDAL's FlatGeobuf driver.
#include "geo/flatgeobuf.hpp"

#include <cpl_conv.h>
#include <gdal.h>
#include <gtest/gtest.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <type_traits>

#include "core/error.hpp"
#include "geo/wkb.hpp"

namespace covermap::geo::fgb {
namespace {

struct dataset_closer {
    void operator()(void* ds) const { GDALClose(ds); }
};
using dataset_ptr = std::unique_ptr<void, dataset_closer>;

// `bytes` written to a temporary .fgb file and opened with GDAL (the file is removed at the end).
class written_file {
public:
    explicit written_file(const std::string& bytes) {
        GDALAllRegister();
        char name[] = "/tmp/covermap_fgb_XXXXXX";
        const int fd = mkstemp(name);
        EXPECT_GE(fd, 0);
        path_ = std::string(name) + ".fgb";
        ::close(fd);
        std::remove(name);
        std::FILE* f = std::fopen(path_.c_str(), "wb");
        std::fwrite(bytes.data(), 1, bytes.size(), f);
        std::fclose(f);
        const char* const drivers[] = {"FlatGeobuf", nullptr};
        ds_.reset(GDALOpenEx(path_.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, nullptr, nullptr));
    }
    ~written_file() { ds_.reset(), std::remove(path_.c_str()); }
    OGRLayerH layer() const { return ds_ ? GDALDatasetGetLayer(ds_.get(), 0) : nullptr; }

private:
    std::string path_;
    dataset_ptr ds_;
};

struct feature_closer {
    void operator()(OGRFeatureH f) const { OGR_F_Destroy(f); }
};
using feature_ptr = std::unique_ptr<std::remove_pointer_t<OGRFeatureH>, feature_closer>;

header schema(geometry_type type, std::uint64_t count) {
    header h;
    h.name = "communes";
    h.type = type;
    h.features_count = count;
    h.title = "Xã (2025)";
    h.columns = {{"id", column_type::long_integer, ""},
                 {"name", column_type::string, "Tên"},
                 {"population", column_type::long_integer, ""},
                 {"hamlets", column_type::integer, ""},
                 {"coverage_rate", column_type::real, ""},
                 {"covered", column_type::boolean, ""},
                 {"founded", column_type::date_time, ""}};
    return h;
}

shape two_parts() {
    shape s;
    polygon with_hole;
    with_hole.rings = {{{105, 21}, {106, 21}, {106, 22}, {105, 22}, {105, 21}},
                       {{105.25, 21.25}, {105.5, 21.25}, {105.5, 21.5}, {105.25, 21.25}}};
    polygon island;
    island.rings = {{{107, 20}, {107.5, 20}, {107.5, 20.5}, {107, 20}}};
    s.polygons = {with_hole, island};
    return s;
}

TEST(FlatGeobuf, GdalReadsHeaderColumnsGeometriesAndValues) {
    std::string file = file_head(schema(geometry_type::multi_polygon, 2));
    properties p;
    p.long_integer(0, 17);
    p.string(1, "Phường Hoàn Kiếm, \"cũ\"");
    p.long_integer(2, 5'000'000'000LL);
    p.integer(3, 12);
    p.real(4, 0.4166666666666667);
    p.boolean(5, true);
    p.string(6, "2025-07-01");
    append_feature(file, encode_geometry(two_parts()), p);
    p.clear();
    p.long_integer(0, 18);
    p.string(1, "Xã Đắk Glei");
    p.boolean(5, false);  // population, hamlets, rate and date are null
    append_feature(file, {}, p);

    written_file fgb(file);
    OGRLayerH layer = fgb.layer();
    ASSERT_NE(layer, nullptr);
    EXPECT_STREQ(OGR_L_GetName(layer), "communes");
    EXPECT_EQ(OGR_L_GetGeomType(layer), wkbMultiPolygon);
    EXPECT_EQ(OGR_L_GetFeatureCount(layer, FALSE), 2);
    OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(layer);
    ASSERT_NE(srs, nullptr);
    EXPECT_STREQ(OSRGetAuthorityCode(srs, nullptr), "4326");

    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    ASSERT_EQ(OGR_FD_GetFieldCount(defn), 7);
    const char* names[] = {"id", "name", "population", "hamlets", "coverage_rate", "covered", "founded"};
    const OGRFieldType types[] = {OFTInteger64, OFTString, OFTInteger64, OFTInteger, OFTReal, OFTInteger, OFTDateTime};
    for (int i = 0; i < 7; ++i) {
        EXPECT_STREQ(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)), names[i]);
        EXPECT_EQ(OGR_Fld_GetType(OGR_FD_GetFieldDefn(defn, i)), types[i]) << names[i];
    }
    EXPECT_EQ(OGR_Fld_GetSubType(OGR_FD_GetFieldDefn(defn, 5)), OFSTBoolean);

    feature_ptr first(OGR_L_GetNextFeature(layer));
    ASSERT_TRUE(first);
    EXPECT_EQ(OGR_F_GetFieldAsInteger64(first.get(), 0), 17);
    EXPECT_STREQ(OGR_F_GetFieldAsString(first.get(), 1), "Phường Hoàn Kiếm, \"cũ\"");
    EXPECT_EQ(OGR_F_GetFieldAsInteger64(first.get(), 2), 5'000'000'000LL);
    EXPECT_EQ(OGR_F_GetFieldAsInteger(first.get(), 3), 12);
    EXPECT_DOUBLE_EQ(OGR_F_GetFieldAsDouble(first.get(), 4), 0.4166666666666667);
    EXPECT_EQ(OGR_F_GetFieldAsInteger(first.get(), 5), 1);
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, tz = 0;
    float second = 0;
    ASSERT_TRUE(OGR_F_GetFieldAsDateTimeEx(first.get(), 6, &year, &month, &day, &hour, &minute, &second, &tz));
    EXPECT_EQ(year * 10000 + month * 100 + day, 20250701);
    OGRGeometryH g = OGR_F_GetGeometryRef(first.get());
    ASSERT_NE(g, nullptr);
    // The same vertices in the same rings and parts (OGR's own WKT writes "20.0" at times).
    char expected_wkt[] =
        "MULTIPOLYGON (((105 21,106 21,106 22,105 22,105 21),(105.25 21.25,105.5 21.25,105.5 21.5,105.25 21.25)),"
        "((107 20,107.5 20,107.5 20.5,107 20)))";
    char* cursor = expected_wkt;
    OGRGeometryH expected = nullptr;
    ASSERT_EQ(OGR_G_CreateFromWkt(&cursor, nullptr, &expected), OGRERR_NONE);
    EXPECT_EQ(OGR_G_GetGeometryCount(g), 2);
    EXPECT_EQ(OGR_G_GetGeometryCount(OGR_G_GetGeometryRef(g, 0)), 2) << "the hole";
    for (int part = 0; part < 2; ++part) {
        for (int ring = 0; ring < OGR_G_GetGeometryCount(OGR_G_GetGeometryRef(expected, part)); ++ring) {
            OGRGeometryH got = OGR_G_GetGeometryRef(OGR_G_GetGeometryRef(g, part), ring);
            OGRGeometryH want = OGR_G_GetGeometryRef(OGR_G_GetGeometryRef(expected, part), ring);
            ASSERT_EQ(OGR_G_GetPointCount(got), OGR_G_GetPointCount(want));
            for (int i = 0; i < OGR_G_GetPointCount(want); ++i) {
                EXPECT_EQ(OGR_G_GetX(got, i), OGR_G_GetX(want, i));
                EXPECT_EQ(OGR_G_GetY(got, i), OGR_G_GetY(want, i));
            }
        }
    }
    OGR_G_DestroyGeometry(expected);

    feature_ptr second_feature(OGR_L_GetNextFeature(layer));
    ASSERT_TRUE(second_feature);
    EXPECT_EQ(OGR_F_GetFieldAsInteger64(second_feature.get(), 0), 18);
    EXPECT_STREQ(OGR_F_GetFieldAsString(second_feature.get(), 1), "Xã Đắk Glei");
    for (int null_field : {2, 3, 4, 6}) EXPECT_FALSE(OGR_F_IsFieldSetAndNotNull(second_feature.get(), null_field)) << names[null_field];
    EXPECT_TRUE(OGR_F_IsFieldSetAndNotNull(second_feature.get(), 5));
    EXPECT_EQ(OGR_F_GetFieldAsInteger(second_feature.get(), 5), 0);
    EXPECT_EQ(OGR_F_GetGeometryRef(second_feature.get()), nullptr);
    EXPECT_EQ(OGR_L_GetNextFeature(layer), nullptr);
}

TEST(FlatGeobuf, PointsAndMixedTypesWithTheCrsAsked) {
    header h = schema(geometry_type::unknown, 3);
    h.epsg = 3405;
    h.columns.resize(2);
    std::string file = file_head(h);
    properties p;
    shape point;
    point.is_points = true;
    point.points = {{581234.5, 2345678.25}};
    p.long_integer(0, 1);
    p.string(1, "Thôn 1");
    append_feature(file, encode_geometry(point), p);
    p.clear();
    p.long_integer(0, 2);
    append_feature(file, encode_geometry(two_parts()), p);
    p.clear();
    shape pair;
    pair.is_points = true;
    pair.points = {{1, 2}, {3, 4}};
    p.long_integer(0, 3);
    append_feature(file, encode_geometry(pair), p);

    written_file fgb(file);
    OGRLayerH layer = fgb.layer();
    ASSERT_NE(layer, nullptr);
    EXPECT_EQ(OGR_L_GetGeomType(layer), wkbUnknown);
    ASSERT_NE(OGR_L_GetSpatialRef(layer), nullptr);
    EXPECT_STREQ(OSRGetAuthorityCode(OGR_L_GetSpatialRef(layer), nullptr), "3405");
    const char* expected[] = {"POINT (581234.5 2345678.25)", nullptr, "MULTIPOINT (1 2,3 4)"};
    for (int i = 0; i < 3; ++i) {
        feature_ptr f(OGR_L_GetNextFeature(layer));
        ASSERT_TRUE(f);
        EXPECT_EQ(OGR_F_GetFieldAsInteger64(f.get(), 0), i + 1);
        OGRGeometryH g = OGR_F_GetGeometryRef(f.get());
        ASSERT_NE(g, nullptr);
        if (i == 1) {
            EXPECT_EQ(wkbFlatten(OGR_G_GetGeometryType(g)), wkbMultiPolygon);
            EXPECT_EQ(OGR_G_GetGeometryCount(g), 2);
            continue;
        }
        char* wkt = nullptr;
        OGR_G_ExportToWkt(g, &wkt);
        EXPECT_STREQ(wkt, expected[i]);
        CPLFree(wkt);
    }
}

TEST(FlatGeobuf, EncodesFromWkbWithTheTransformation) {
    multipolygon square = {polygon{{{{105, 21}, {106, 21}, {106, 22}, {105, 21}}}}};
    const auto wkb = write_wkb(square);
    const auto shifted = read_shape(wkb.data(), wkb.size(), [](std::size_t n, double* x, double* y) {
        for (std::size_t i = 0; i < n; ++i) x[i] += 1, y[i] -= 1;
    });
    ASSERT_FALSE(shifted.is_points);
    EXPECT_EQ(shifted.polygons[0].rings[0][2], (xy{107, 21}));
    EXPECT_THROW(read_shape(wkb.data(), wkb.size(), [](std::size_t, double* x, double*) { x[0] = NAN; }), error);
    EXPECT_EQ(encode_geometry(shape{}), "");
}

}  // namespace
}  // namespace covermap::geo::fgb
