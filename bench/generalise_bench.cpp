// Measures the coverage generaliser on a real boundary layer and checks, independently of its
// arcs, that neighbours still share identical boundaries after simplification.
//
//   cmake --build build --target generalise_bench
//   build/bench/generalise_bench [--geos] [file.gpkg [layer]]   (default: the 2025 communes)
//
// Not a unit test: it reads 2.75 M vertices. With --geos it also unions the input and several
// simplified coverages with GEOS (tens of seconds) to measure overlap and enclosed gaps.
#include <cpl_error.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "geo/generalise.hpp"
#include "geo/wkb.hpp"

using namespace covermap::geo;

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::size_t vertex_count(const std::vector<generalised_unit>& units) {
    std::size_t n = 0;
    for (const auto& u : units) {
        for (const polygon& p : u.geometry) {
            for (const linear_ring& r : p.rings) n += r.size();
        }
    }
    return n;
}

struct xy_hash {
    std::size_t operator()(const xy& p) const {
        std::uint64_t a, b;
        std::memcpy(&a, &p.x, 8);
        std::memcpy(&b, &p.y, 8);
        return std::hash<std::uint64_t>()(a * 0x9e3779b97f4a7c15ull ^ b);
    }
};
struct edge_hash {
    std::size_t operator()(const std::pair<xy, xy>& e) const { return xy_hash()(e.first) * 31 + xy_hash()(e.second); }
};

// A stretch of unit a's ring that unit b also uses (backwards): vertices c0..cm in a's direction.
struct shared_chain {
    std::size_t a, b;
    std::vector<xy> points;
    bool closed;  // the whole ring (an enclave)
};

// Every maximal run of input edges two units share, found from the input alone.
std::vector<shared_chain> shared_chains(const std::vector<multipolygon>& units) {
    std::unordered_map<std::pair<xy, xy>, std::size_t, edge_hash> owner;  // directed edge → unit
    for (std::size_t u = 0; u < units.size(); ++u) {
        for (const polygon& p : units[u]) {
            for (const linear_ring& r : p.rings) {
                for (std::size_t k = 0; k + 1 < r.size(); ++k) owner.emplace(std::make_pair(r[k], r[k + 1]), u);
            }
        }
    }
    std::vector<shared_chain> out;
    for (std::size_t u = 0; u < units.size(); ++u) {
        for (const polygon& p : units[u]) {
            for (const linear_ring& r : p.rings) {
                const std::size_t n = r.size() - 1;  // edges
                std::vector<long> with(n, -1);
                for (std::size_t k = 0; k < n; ++k) {
                    const auto found = owner.find({r[k + 1], r[k]});
                    if (found != owner.end() && found->second != u) with[k] = static_cast<long>(found->second);
                }
                std::size_t start = n;  // an edge that begins a run
                for (std::size_t k = 0; k < n && start == n; ++k) {
                    if (with[k] >= 0 && with[(k + n - 1) % n] != with[k]) start = k;
                }
                if (start == n) {
                    if (with[0] >= 0 && static_cast<std::size_t>(with[0]) > u) out.push_back({u, static_cast<std::size_t>(with[0]), r, true});
                    continue;
                }
                for (std::size_t step = 0; step < n;) {
                    const std::size_t k = (start + step) % n;
                    if (with[k] < 0) {
                        ++step;
                        continue;
                    }
                    shared_chain c{u, static_cast<std::size_t>(with[k]), {r[k]}, false};
                    while (step < n && with[(start + step) % n] == with[k]) {
                        c.points.push_back(r[(start + step) % n + 1]);
                        ++step;
                    }
                    if (c.b > u) out.push_back(std::move(c));
                }
            }
        }
    }
    return out;
}

// The vertices of `geometry` from `from` onwards to `to` (inclusive), along whichever ring holds
// both; empty when none does.
std::vector<xy> walk(const multipolygon& geometry, const xy& from, const xy& to) {
    for (const polygon& p : geometry) {
        for (const linear_ring& r : p.rings) {
            const std::size_t n = r.size() - 1;
            for (std::size_t i = 0; i < n; ++i) {
                if (r[i] != from) continue;
                std::vector<xy> out{from};
                for (std::size_t step = 1; step <= n; ++step) {
                    out.push_back(r[(i + step) % n]);
                    if (out.back() == to) return out;
                }
            }
        }
    }
    return {};
}

bool same_cycle(std::vector<xy> a, std::vector<xy> b) {  // closed rings, b backwards
    if (a.size() != b.size() || a.empty()) return false;
    a.pop_back();
    b.pop_back();
    std::reverse(b.begin(), b.end());
    const auto at = std::find(b.begin(), b.end(), a.front());
    if (at == b.end()) return false;
    std::rotate(b.begin(), at, b.end());
    return a == b;
}

const linear_ring* ring_with(const multipolygon& geometry, const xy& p) {
    for (const polygon& poly : geometry) {
        for (const linear_ring& r : poly.rings) {
            if (std::find(r.begin(), r.end(), p) != r.end()) return &r;
        }
    }
    return nullptr;
}

std::unique_ptr<OGRGeometry> to_ogr(const multipolygon& mp) {
    const std::vector<unsigned char> bytes = write_wkb(mp);
    OGRGeometry* g = nullptr;
    OGRGeometryFactory::createFromWkb(bytes.data(), nullptr, &g, bytes.size());
    return std::unique_ptr<OGRGeometry>(g);
}

// Overlap (Σ areas − area of the union) and enclosed gaps (area of the union's holes) of a
// coverage, in m²; invalid pieces are made valid first so GEOS can union them.
void report_coverage(const char* label, const std::vector<const multipolygon*>& pieces) {
    const auto start = std::chrono::steady_clock::now();
    OGRMultiPolygon all;
    double sum = 0;
    std::size_t repaired = 0;
    for (const multipolygon* mp : pieces) {
        std::unique_ptr<OGRGeometry> g = to_ogr(*mp);
        if (!g->IsValid()) {
            g.reset(g->MakeValid());
            ++repaired;
        }
        sum += OGR_G_Area(OGRGeometry::ToHandle(g.get()));
        for (const OGRPolygon* p : OGRGeometryFactory::forceToMultiPolygon(g.release())->toMultiPolygon()) all.addGeometry(p);
    }
    std::unique_ptr<OGRGeometry> merged(all.UnionCascaded());
    if (!merged) {
        std::printf("%s: GEOS union failed\n", label);
        return;
    }
    double holes = 0;
    std::size_t hole_count = 0;
    std::unique_ptr<OGRGeometry> as_multi(OGRGeometryFactory::forceToMultiPolygon(merged.release()));
    for (const OGRPolygon* p : as_multi->toMultiPolygon()) {
        for (int i = 0; i < p->getNumInteriorRings(); ++i, ++hole_count) holes += p->getInteriorRing(i)->get_Area();
    }
    const double union_area = OGR_G_Area(OGRGeometry::ToHandle(as_multi.get()));
    std::printf("%s: Σ areas %.6e m², union %.6e m², overlap %.0f m² (%.2e of the area), %zu enclosed gaps of %.0f m², %zu pieces repaired (%.1f s)\n",
                label, sum, union_area, sum - union_area, (sum - union_area) / union_area, hole_count, holes, repaired, seconds_since(start));
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    const bool geos = !args.empty() && args[0] == "--geos";
    if (geos) args.erase(args.begin());
    const std::string path = args.size() > 0 ? args[0] : "/work/shared/data/boundaries/vn_admin_2025.gpkg";
    const std::string layer_name = args.size() > 1 ? args[1] : "communes";
    GDALAllRegister();
    CPLSetErrorHandler(CPLQuietErrorHandler);  // GEOS would print a line per self-intersection
    std::unique_ptr<GDALDataset> ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    if (!ds) return std::fprintf(stderr, "cannot open %s\n", path.c_str()), 1;
    OGRLayer* layer = ds->GetLayerByName(layer_name.c_str());
    if (!layer) return std::fprintf(stderr, "no layer %s\n", layer_name.c_str()), 1;

    // Read as the importer would get it: WKB, projected to EPSG:3857 while parsing.
    auto start = std::chrono::steady_clock::now();
    std::vector<long long> ids;
    std::vector<multipolygon> units;
    std::vector<unsigned char> wkb;
    for (auto& feature : *layer) {
        const OGRGeometry* g = feature->GetGeometryRef();
        if (!g) continue;
        wkb.resize(static_cast<std::size_t>(g->WkbSize()));
        g->exportToWkb(wkbNDR, wkb.data(), wkbVariantIso);
        ids.push_back(feature->GetFID());
        units.push_back(read_wkb_multipolygon(wkb.data(), wkb.size(), web_mercator));
    }
    std::printf("read %zu units in %.3f s (GDAL + WKB + projection)\n", units.size(), seconds_since(start));

    for (double snap : {coverage_generaliser::default_snap_grid, 0.0}) {
        coverage_generaliser gen(snap);
        start = std::chrono::steady_clock::now();
        for (std::size_t i = 0; i < units.size(); ++i) gen.add(ids[i], units[i]);
        const double add_s = seconds_since(start);
        start = std::chrono::steady_clock::now();
        gen.build();
        const double build_s = seconds_since(start);
        std::printf("\nsnap %g m: add %.3f s, build %.3f s; %zu input vertices, %zu distinct, %zu nodes, %zu arcs of %zu vertices\n", snap, add_s,
                    build_s, gen.input_vertices(), gen.distinct_vertices(), gen.nodes(), gen.arcs(), gen.arc_vertices());
        if (snap != 0) {
            double all_s = add_s + build_s;
            std::printf("%4s %10s %9s %10s %7s %9s %10s %7s %8s\n", "zoom", "tol m", "time s", "vertices", "units", "time s", "vertices",
                        "units", "invalid");
            for (int z = 1; z <= 13; z += 2) {
                const double tolerance = 40075016.686 / (std::ldexp(1.0, z) * 4096) * 4;
                start = std::chrono::steady_clock::now();
                const auto plain = gen.simplify(tolerance, 0);
                const double plain_s = seconds_since(start);
                start = std::chrono::steady_clock::now();
                const auto pruned = gen.simplify(tolerance, tolerance * tolerance);
                const double pruned_s = seconds_since(start);
                all_s += plain_s;
                std::size_t invalid = 0;
                for (const auto& u : plain) invalid += !to_ogr(u.geometry)->IsValid();
                std::printf("%4d %10.2f %9.3f %10zu %7zu %9.3f %10zu %7zu %8zu\n", z, tolerance, plain_s, vertex_count(plain), plain.size(), pruned_s,
                            vertex_count(pruned), pruned.size(), invalid);
            }
            std::printf("add + build + 7 simplifications (min_area 0): %.3f s\n", all_s);
            if (geos) {
                std::vector<const multipolygon*> input;
                for (const auto& u : units) input.push_back(&u);
                report_coverage("input", input);
                for (int z : {13, 11, 9, 7, 5}) {
                    const auto out = gen.simplify(40075016.686 / (std::ldexp(1.0, z) * 4096) * 4, 0);
                    std::vector<const multipolygon*> pieces;
                    for (const auto& u : out) pieces.push_back(&u.geometry);
                    report_coverage(("zoom " + std::to_string(z)).c_str(), pieces);
                }
                // The baseline: each unit simplified on its own (a generaliser per unit), as a
                // per-feature ST_Simplify would.
                for (int z : {13, 9, 5}) {
                    const double tolerance = 40075016.686 / (std::ldexp(1.0, z) * 4096) * 4;
                    std::vector<multipolygon> alone;
                    for (std::size_t i = 0; i < units.size(); ++i) {
                        coverage_generaliser single;
                        single.add(ids[i], units[i]);
                        single.build();
                        const auto out = single.simplify(tolerance, 0);
                        if (!out.empty()) alone.push_back(out[0].geometry);
                    }
                    std::vector<const multipolygon*> pieces;
                    for (const auto& u : alone) pieces.push_back(&u);
                    report_coverage(("zoom " + std::to_string(z) + ", each unit alone").c_str(), pieces);
                }
            }
            continue;
        }

        // Bit-exact run: every boundary two units share in the input must come out identical.
        start = std::chrono::steady_clock::now();
        const std::vector<shared_chain> chains = shared_chains(units);
        std::map<std::pair<std::size_t, std::size_t>, int> pairs;
        for (const auto& c : chains) pairs[{c.a, c.b}] = 0;
        std::printf("shared boundaries in the input: %zu stretches between %zu neighbouring pairs (%.2f s)\n", chains.size(), pairs.size(),
                    seconds_since(start));
        std::unordered_map<long long, std::size_t> index_of;
        for (std::size_t i = 0; i < ids.size(); ++i) index_of[ids[i]] = i;
        for (int z = 1; z <= 13; z += 2) {
            const double tolerance = 40075016.686 / (std::ldexp(1.0, z) * 4096) * 4;
            const auto out = gen.simplify(tolerance, 0);
            std::vector<const multipolygon*> by_unit(units.size(), nullptr);
            for (const auto& u : out) by_unit[index_of[u.id]] = &u.geometry;
            const multipolygon nothing;
            std::size_t dropped_one_side = 0;  // a ring too thin to survive on one side: no mismatch
            std::map<std::pair<std::size_t, std::size_t>, bool> bad;
            for (const auto& c : chains) {
                const multipolygon& a = by_unit[c.a] ? *by_unit[c.a] : nothing;
                const multipolygon& b = by_unit[c.b] ? *by_unit[c.b] : nothing;
                bool same;
                if (c.closed) {
                    const linear_ring* ra = nullptr;
                    const linear_ring* rb = nullptr;
                    for (const xy& p : c.points) {  // the closed chain's kept vertices include some input vertex
                        if (!ra) ra = ring_with(a, p);
                        if (!rb) rb = ring_with(b, p);
                    }
                    if (!ra != !rb) ++dropped_one_side;
                    same = !ra || !rb || same_cycle(*ra, *rb);
                } else {
                    const std::vector<xy> along_a = walk(a, c.points.front(), c.points.back());
                    std::vector<xy> along_b = walk(b, c.points.back(), c.points.front());
                    std::reverse(along_b.begin(), along_b.end());
                    if (along_a.empty() != along_b.empty()) ++dropped_one_side;
                    same = along_a.empty() || along_b.empty() || along_a == along_b;
                }
                if (!same) bad[{c.a, c.b}] = true;
            }
            std::printf("zoom %2d: %zu neighbouring pairs whose shared boundary differs (%zu stretches kept on one side only)\n", z, bad.size(),
                        dropped_one_side);
        }
    }
    return 0;
}
