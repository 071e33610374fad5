// Polygon validity on real boundaries: GEOS (OGRGeometry::IsValid, what the importer called for
// every polygon) against geo::certainly_valid on the plain coordinates (what it calls first now),
// in one run, on every polygon of every layer given. Also checks, polygon by polygon, that the
// quick proof never says valid where GEOS does not.
//   cmake --build build --target validity_bench
//   build/bench/validity_bench FILE.gpkg [FILE...]   (rounds: COVERMAP_ROUNDS, default 3)
#include <gdal.h>
#include <ogr_geometry.h>
#include <ogrsf_frmts.h>
#include <cpl_error.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <vector>

#include "geo/validity.hpp"
#include "geo/vector_source.hpp"

using namespace covermap;
using clock_type = std::chrono::steady_clock;

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: validity_bench FILE...\n");
        return 2;
    }
    const int rounds = std::getenv("COVERMAP_ROUNDS") ? std::atoi(std::getenv("COVERMAP_ROUNDS")) : 3;
    GDALAllRegister();
    CPLPushErrorHandler(CPLQuietErrorHandler);
    std::vector<std::unique_ptr<OGRGeometry>> shapes;
    long long vertices = 0;
    for (int f = 1; f < argc; ++f) {
        std::unique_ptr<GDALDataset> ds(GDALDataset::Open(argv[f], GDAL_OF_VECTOR));
        if (!ds) return std::fprintf(stderr, "cannot open %s\n", argv[f]), 1;
        for (OGRLayer* layer : ds->GetLayers()) {
            for (auto& feature : *layer) {
                OGRGeometry* g = feature->GetGeometryRef();
                if (g == nullptr || wkbFlatten(g->getGeometryType()) == wkbPoint) continue;
                auto mp = std::unique_ptr<OGRGeometry>(OGRGeometryFactory::forceToMultiPolygon(g->clone()));
                vertices += mp->toMultiPolygon()->getGeometryRef(0)->getExteriorRing()->getNumPoints();
                shapes.push_back(std::move(mp));
            }
        }
    }
    long long geos_valid = 0, proved = 0, wrong = 0;
    std::vector<char> geos(shapes.size());
    for (std::size_t i = 0; i < shapes.size(); ++i) {
        geos[i] = shapes[i]->IsValid();
        geos_valid += geos[i];
        const bool quick = geo::certainly_valid(geo::plain_polygons(*shapes[i]));
        proved += quick;
        if (quick && !geos[i]) ++wrong;
    }
    std::printf("%zu polygons (%lld vertices in first shells): GEOS valid %lld, proved %lld, proved but invalid %lld\n",
                shapes.size(), vertices, geos_valid, proved, wrong);
    for (int r = 0; r < rounds; ++r) {
        auto t0 = clock_type::now();
        long long a = 0;
        for (const auto& s : shapes) a += s->IsValid();
        auto t1 = clock_type::now();
        long long b = 0;
        for (const auto& s : shapes) b += geo::certainly_valid(geo::plain_polygons(*s)) || s->IsValid();
        auto t2 = clock_type::now();
        long long c = 0;
        for (const auto& s : shapes) c += geo::certainly_valid(geo::plain_polygons(*s));
        const double proof_s = std::chrono::duration<double>(clock_type::now() - t2).count();
        const double geos_s = std::chrono::duration<double>(t1 - t0).count();
        const double new_s = std::chrono::duration<double>(t2 - t1).count();
        std::printf("round %d: GEOS %.3f s, proof then GEOS for the rest %.3f s, ratio %.2f (valid %lld = %lld); the proof alone %.3f s (%lld)\n",
                    r + 1, geos_s, new_s, new_s / geos_s, a, b, proof_s, c);
    }
    return wrong == 0 ? 0 : 1;
}
