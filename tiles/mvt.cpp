#include "tiles/mvt.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

#include <protozero/varint.hpp>

namespace covermap::tiles {
namespace {

// Geometry commands (MVT 2.1 §4.3).
constexpr std::uint32_t cmd_move_to = 1, cmd_line_to = 2, cmd_close_path = 7;

std::uint32_t command(std::uint32_t id, std::size_t count) { return id | (static_cast<std::uint32_t>(count) << 3); }

}  // namespace

layer_builder::layer_builder(std::string name, const bounds& tile, std::uint32_t extent, std::uint32_t buffer)
    : name_(std::move(name)),
      extent_(extent),
      min_x_(tile.min_x),
      max_y_(tile.max_y),
      scale_x_(extent / (tile.max_x - tile.min_x)),
      scale_y_(extent / (tile.max_y - tile.min_y)),
      clipper_(-static_cast<double>(buffer), static_cast<double>(extent) + buffer) {}

bool layer_builder::add_polygons(std::uint64_t id, const geo::multipolygon& mp_3857, const properties& props) {
    geometry_.clear();
    cursor_ = {0, 0};
    for (const geo::polygon& part : mp_3857) add_polygon_part(part, exterior_bounds(part));
    return finish_feature(id, mvt_wire::geom_type::polygon, props);
}

bool layer_builder::add_polygons(std::uint64_t id, const geo::multipolygon& mp_3857,
                                 const std::vector<geo::box>& parts_3857, const properties& props) {
    if (parts_3857.size() != mp_3857.size())
        throw std::invalid_argument("layer_builder::add_polygons: one box per multipolygon part is needed");
    geometry_.clear();
    cursor_ = {0, 0};
    for (std::size_t i = 0; i < mp_3857.size(); ++i) add_polygon_part(mp_3857[i], parts_3857[i]);
    return finish_feature(id, mvt_wire::geom_type::polygon, props);
}

bool layer_builder::add_polygon_part(const geo::polygon& part, const geo::box& part_3857) {
    if (part.rings.empty()) return false;
    // The part's box in tile units (y flips, so the north edge gives the smallest y).
    const double left = (part_3857.min_x - min_x_) * scale_x_;
    const double right = (part_3857.max_x - min_x_) * scale_x_;
    const double top = (max_y_ - part_3857.max_y) * scale_y_;
    const double bottom = (max_y_ - part_3857.min_y) * scale_y_;
    const double lo = clipper_.clip_min(), hi = clipper_.clip_max();
    if (right < lo || left > hi || bottom < lo || top > hi) return false;
    // Holes lie inside the exterior, so the part's box bounds them too.
    const unsigned crossed = (left < lo ? ring_clipper::west : 0u) | (right > hi ? ring_clipper::east : 0u) |
                             (top < lo ? ring_clipper::north : 0u) | (bottom > hi ? ring_clipper::south : 0u);

    // When the exterior is gone (clipped away, or collapsed on the grid) its holes go too: an
    // orphan hole would be read as a new exterior ring.
    if (!add_ring(part.rings.front(), ring_role::exterior, crossed)) return false;
    for (std::size_t i = 1; i < part.rings.size(); ++i) add_ring(part.rings[i], ring_role::interior, crossed);
    return true;
}

bool layer_builder::add_ring(const geo::linear_ring& ring, ring_role role, unsigned crossed_edges) {
    std::size_t n = ring.size();
    if (n >= 2 && ring.front() == ring.back()) --n;  // the clipper and the encoder want the ring open
    if (n < 3) return false;

    clipper_.load([&](std::size_t i) { return to_tile(ring[i]); }, n, crossed_edges);
    clipper_.snap();
    std::vector<grid_point>& snapped = clipper_.snapped();
    if (snapped.size() < 3) return false;

    // Twice the signed area by the spec's shoelace formula, in tile units (y down): positive for
    // exterior rings, negative for holes.
    std::int64_t area2 = 0;
    for (std::size_t i = 0, m = snapped.size(); i < m; ++i) {
        const grid_point& a = snapped[i];
        const grid_point& b = snapped[i + 1 == m ? 0 : i + 1];
        area2 += static_cast<std::int64_t>(a.x) * b.y - static_cast<std::int64_t>(b.x) * a.y;
    }
    if (area2 == 0) return false;
    if ((role == ring_role::exterior) != (area2 > 0)) std::reverse(snapped.begin(), snapped.end());
    emit_ring(snapped);
    return true;
}

void layer_builder::emit_ring(const std::vector<grid_point>& ring) {
    const auto delta_to = [this](const grid_point& p) {
        geometry_.push_back(protozero::encode_zigzag32(p.x - cursor_.x));
        geometry_.push_back(protozero::encode_zigzag32(p.y - cursor_.y));
        cursor_ = p;
    };
    geometry_.push_back(command(cmd_move_to, 1));
    delta_to(ring.front());
    geometry_.push_back(command(cmd_line_to, ring.size() - 1));
    for (std::size_t i = 1; i < ring.size(); ++i) delta_to(ring[i]);
    geometry_.push_back(command(cmd_close_path, 1));
}

bool layer_builder::add_points(std::uint64_t id, const std::vector<geo::xy>& pts_3857, const properties& props) {
    geometry_.clear();
    cursor_ = {0, 0};
    points_.clear();
    const double lo = clipper_.clip_min(), hi = clipper_.clip_max();
    for (const geo::xy& p : pts_3857) {
        const tile_point t = to_tile(p);
        if (t.x < lo - 1 || t.x > hi + 1 || t.y < lo - 1 || t.y > hi + 1) continue;
        // Snapped first, then kept when on the buffered square (edges included), as ST_AsMVTGeom
        // does: a point 0.3 units beyond the buffer that rounds onto its edge is in the tile.
        const grid_point q{snap_to_grid(t.x), snap_to_grid(t.y)};
        if (q.x < lo || q.x > hi || q.y < lo || q.y > hi) continue;
        points_.push_back(q);
    }
    if (!points_.empty()) {
        geometry_.push_back(command(cmd_move_to, points_.size()));
        for (const grid_point& q : points_) {
            geometry_.push_back(protozero::encode_zigzag32(q.x - cursor_.x));
            geometry_.push_back(protozero::encode_zigzag32(q.y - cursor_.y));
            cursor_ = q;
        }
    }
    return finish_feature(id, mvt_wire::geom_type::point, props);
}

bool layer_builder::finish_feature(std::uint64_t id, mvt_wire::geom_type type, const properties& props) {
    if (geometry_.empty()) return false;

    tags_.clear();
    for (std::size_t i = 0; i < props.size(); ++i) {
        if (std::holds_alternative<std::monostate>(props[i].value)) continue;  // NULL: no tag at all
        tags_.push_back(keys_.index(i, props[i].key));
        tags_.push_back(values_.index(props[i].value));
    }
    mvt_wire::append_feature_field(features_, id, tags_, type, geometry_);
    ++feature_count_;
    return true;
}

void layer_builder::append_to(std::string& tile) const {
    mvt_wire::append_layer(tile, name_, features_, keys_.keys(), values_.fields(), extent_);
}

}  // namespace covermap::tiles
