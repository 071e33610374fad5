#pragma once
// Topology-aware generalisation of a polygon coverage (all units of one administrative level),
// done once at import time so that low-zoom vector tiles read pre-simplified geometry.
//
// Simplifying each polygon on its own moves a shared boundary differently on its two sides, which
// shows as slivers of gap and overlap between neighbours. Instead, as TopoJSON and mapshaper do,
// the coverage is first cut into arcs: a vertex is a node (junction) where the rings that use it
// do not all arrive and leave through the same two neighbouring vertices — where a shared boundary
// begins or ends, where three or more rings meet, where a ring touches itself. Rings are cut at
// nodes into arcs, and each distinct arc is stored once, whichever direction rings traverse it.
// A ring with no node at all (an island, or an enclave and the hole around it) is one closed arc,
// canonicalised (it starts at its lexicographically smallest vertex and runs in a fixed direction)
// so both rings of an enclave pair find the same arc. Each arc is simplified once, so every ring
// that uses it gets the very same vertices.
//
// Guaranteed, for any tolerance:
//  - a boundary two units share (vertex for vertex in the input, after snapping) comes out
//    vertex-identical on both sides, traversed in opposite directions; nodes are never removed, so
//    the pieces still meet at the same junction points;
//  - a ring keeps its input traversal direction (orientation), and the output of a unit never
//    depends on the tolerances asked before (simplify is const and may be called repeatedly, also
//    concurrently).
// Not guaranteed:
//  - at large tolerances different arcs (or a ring's own arcs) may cross, so rings can become
//    self-intersecting or a hole can leave its exterior, exactly as with independent Douglas–Peucker;
//  - boundaries that are shared only geometrically (a vertex of one unit lying on an edge of the
//    other, "T-junctions", or vertices further apart than the snap grid) are not matched and are
//    simplified independently on each side.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "geo/geometry.hpp"

namespace covermap::geo {

struct generalised_unit {
    long long id = 0;
    multipolygon geometry;
};

class coverage_generaliser {
public:
    // Coordinates are rounded to multiples of `snap_grid` (in the coordinates' units, metres for
    // EPSG:3857) before vertices are matched, so near-identical copies of a shared vertex (off by a
    // last bit after reprojection) still match; 0 matches bit-exact coordinates only.
    static constexpr double default_snap_grid = 1e-6;
    explicit coverage_generaliser(double snap_grid = default_snap_grid);

    // Adds one unit. Rings may be closed (as WKB) or not; consecutive repeated vertices are merged
    // and rings with fewer than three distinct vertices are ignored. Throws covermap::input_error on
    // a non-finite coordinate, covermap::error once build() has run.
    void add(long long id, const multipolygon& geometry);

    // Builds the arc topology and ranks every arc vertex for Douglas–Peucker; call once, after the
    // last add() and before simplify().
    void build();

    // Every unit, in the order added, with each arc simplified by Douglas–Peucker at `tolerance`
    // (the largest distance a removed vertex may lie from the simplified line, in coordinate
    // units; arc ends are fixed and closed arcs keep at least three distinct vertices). Rings are
    // rebuilt closed from their arcs, starting at their input start vertex when it is kept. A ring
    // is dropped when it has fewer than four points, when its |area| is below `min_area`, or when
    // simplification turned it inside out (its signed area changed sign); a dropped exterior takes
    // its holes with it. A unit left with no polygon at all is omitted from the result.
    // tolerance <= 0 keeps every vertex (the input, snapped and without repeated points).
    std::vector<generalised_unit> simplify(double tolerance, double min_area = 0) const;

    // Sizes, for reporting.
    std::size_t units() const { return unit_ids_.size(); }
    std::size_t input_vertices() const { return input_vertices_; }
    std::size_t distinct_vertices() const { return distinct_vertices_; }
    std::size_t nodes() const { return nodes_; }
    std::size_t arcs() const { return arc_begin_.empty() ? 0 : arc_begin_.size() - 1; }
    std::size_t arc_vertices() const { return arc_points_.size(); }

private:
    struct ring_record {
        std::size_t first = 0;       // into points_ (before build), then into ring_arcs_
        std::uint32_t size = 0;      // distinct vertices (before build), then arcs
        std::uint32_t unit = 0;      // index into unit_ids_
        std::uint32_t restart = 0;   // how many vertices after the traversal start the input's first vertex lies
        bool exterior = false;       // rings[0] of its polygon (holes follow their exterior)
        double area = 0;             // signed area of the input ring, to detect inversion
    };

    double snap(double v) const;
    void rank_arc(std::size_t begin, std::size_t end, std::vector<std::pair<std::size_t, std::size_t>>& stack);

    double snap_grid_;
    double snap_scale_;
    bool built_ = false;
    std::vector<long long> unit_ids_;
    std::vector<ring_record> rings_;
    std::vector<xy> points_;  // ring vertices as added, unclosed; released by build()
    std::size_t input_vertices_ = 0, distinct_vertices_ = 0, nodes_ = 0;

    // The topology: arc k is arc_points_[arc_begin_[k], arc_begin_[k+1]); a ring is a run of
    // ring_arcs_ entries, k for arc k forwards and ~k for arc k backwards (as TopoJSON).
    std::vector<xy> arc_points_;
    std::vector<double> rank_;  // per arc point: squared tolerance up to which Douglas–Peucker keeps it
    std::vector<std::size_t> arc_begin_;
    std::vector<std::int32_t> ring_arcs_;
};

}  // namespace covermap::geo
