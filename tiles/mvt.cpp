#include "tiles/mvt.hpp"

#include <algorithm>
#include <cstring>
#include <limits>
#include <stdexcept>

namespace covermap::tiles {
namespace {

// Protobuf wire types and the field numbers of vector_tile.proto (MVT 2.1) this encoder writes.
enum wire : std::uint32_t { varint_wire = 0, fixed64_wire = 1, length_wire = 2 };

constexpr std::uint32_t tile_layers = 3;
constexpr std::uint32_t layer_name = 1, layer_features = 2, layer_keys = 3, layer_values = 4, layer_extent = 5,
                        layer_version = 15;
constexpr std::uint32_t feature_id = 1, feature_tags = 2, feature_type = 3, feature_geometry = 4;
constexpr std::uint32_t value_string = 1, value_double = 3, value_sint = 6, value_bool = 7;

constexpr std::uint32_t geom_point = 1, geom_polygon = 3;
constexpr std::uint32_t cmd_move_to = 1, cmd_line_to = 2, cmd_close_path = 7;

constexpr std::uint32_t tag(std::uint32_t field, wire type) { return (field << 3) | type; }

// Writes into space already sized for it: every message length is computed before its bytes,
// so nothing is written twice and the string grows once per feature.
struct byte_writer {
    char* p;

    void byte(std::uint32_t b) { *p++ = static_cast<char>(b); }
    void varint(std::uint64_t v) {
        while (v >= 0x80) {
            *p++ = static_cast<char>((v & 0x7F) | 0x80);
            v >>= 7;
        }
        *p++ = static_cast<char>(v);
    }
    void bytes(std::string_view s) {
        if (s.empty()) return;  // memcpy wants a valid pointer even for no bytes
        std::memcpy(p, s.data(), s.size());
        p += s.size();
    }
    void length_field(std::uint32_t field, std::string_view s);
    void packed_field(std::uint32_t field, const std::vector<std::uint32_t>& values, std::size_t bytes);
};

// A writer for `n` more bytes at the end of `out`.
byte_writer extend(std::string& out, std::size_t n) {
    const std::size_t old = out.size();
    out.resize(old + n);
    return {out.data() + old};
}

std::size_t varint_size(std::uint64_t v) {
    std::size_t n = 1;
    while (v >= 0x80) {
        v >>= 7;
        ++n;
    }
    return n;
}

// Size of a length-delimited field holding `length` bytes (all our field numbers fit one tag byte).
std::size_t length_field_size(std::size_t length) { return 1 + varint_size(length) + length; }

std::uint32_t zigzag32(std::int32_t n) {
    return n < 0 ? (static_cast<std::uint32_t>(~n) << 1) | 1u : static_cast<std::uint32_t>(n) << 1;
}

std::uint64_t zigzag64(std::int64_t n) {
    return n < 0 ? (static_cast<std::uint64_t>(~n) << 1) | 1u : static_cast<std::uint64_t>(n) << 1;
}

std::uint32_t command(std::uint32_t id, std::size_t count) { return id | (static_cast<std::uint32_t>(count) << 3); }

// Round half away from zero. The clamp only guards the cast against a caller's wrong part box (a
// coordinate that far out cannot be in the tile anyway); it keeps the cross products below in int64.
std::int32_t snap(double v) {
    constexpr double limit = 1 << 28;
    v = v < -limit ? -limit : (v > limit ? limit : v);
    return static_cast<std::int32_t>(v < 0 ? v - 0.5 : v + 0.5);
}

std::size_t packed_size(const std::vector<std::uint32_t>& values) {
    std::size_t n = 0;
    for (const std::uint32_t v : values) n += varint_size(v);
    return n;
}

void byte_writer::length_field(std::uint32_t field, std::string_view s) {
    byte(tag(field, length_wire));
    varint(s.size());
    bytes(s);
}

void byte_writer::packed_field(std::uint32_t field, const std::vector<std::uint32_t>& values, std::size_t bytes) {
    byte(tag(field, length_wire));
    varint(bytes);
    for (const std::uint32_t v : values) varint(v);
}

geo::box exterior_bounds(const geo::polygon& part) {
    geo::box b{std::numeric_limits<double>::infinity(), std::numeric_limits<double>::infinity(),
               -std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()};
    if (part.rings.empty()) return b;  // an inverted box: intersects nothing
    for (const geo::xy& p : part.rings.front()) {
        b.min_x = std::min(b.min_x, p.x);
        b.max_x = std::max(b.max_x, p.x);
        b.min_y = std::min(b.min_y, p.y);
        b.max_y = std::max(b.max_y, p.y);
    }
    return b;
}

}  // namespace

std::vector<geo::box> part_bounds(const geo::multipolygon& mp) {
    std::vector<geo::box> boxes;
    boxes.reserve(mp.size());
    for (const geo::polygon& part : mp) boxes.push_back(exterior_bounds(part));
    return boxes;
}

layer_builder::layer_builder(std::string name, const bounds& tile, std::uint32_t extent, std::uint32_t buffer)
    : name_(std::move(name)),
      extent_(extent),
      min_x_(tile.min_x),
      max_y_(tile.max_y),
      scale_x_(extent / (tile.max_x - tile.min_x)),
      scale_y_(extent / (tile.max_y - tile.min_y)),
      clip_min_(-static_cast<double>(buffer)),
      clip_max_(static_cast<double>(extent) + buffer) {}

bool layer_builder::add_polygons(std::uint64_t id, const geo::multipolygon& mp_3857, const properties& props) {
    geometry_.clear();
    cursor_ = {0, 0};
    for (const geo::polygon& part : mp_3857) add_polygon_part(part, exterior_bounds(part));
    return finish_feature(id, geom_polygon, props);
}

bool layer_builder::add_polygons(std::uint64_t id, const geo::multipolygon& mp_3857,
                                 const std::vector<geo::box>& parts_3857, const properties& props) {
    if (parts_3857.size() != mp_3857.size())
        throw std::invalid_argument("layer_builder::add_polygons: one box per multipolygon part is needed");
    geometry_.clear();
    cursor_ = {0, 0};
    for (std::size_t i = 0; i < mp_3857.size(); ++i) add_polygon_part(mp_3857[i], parts_3857[i]);
    return finish_feature(id, geom_polygon, props);
}

bool layer_builder::add_polygon_part(const geo::polygon& part, const geo::box& part_3857) {
    if (part.rings.empty()) return false;
    // The part's box in tile units (y flips, so the north edge gives the smallest y).
    const double left = (part_3857.min_x - min_x_) * scale_x_;
    const double right = (part_3857.max_x - min_x_) * scale_x_;
    const double top = (max_y_ - part_3857.max_y) * scale_y_;
    const double bottom = (max_y_ - part_3857.min_y) * scale_y_;
    if (right < clip_min_ || left > clip_max_ || bottom < clip_min_ || top > clip_max_) return false;
    // Holes lie inside the exterior, so the part's box bounds them too.
    const unsigned crossed = (left < clip_min_ ? west : 0u) | (right > clip_max_ ? east : 0u) |
                             (top < clip_min_ ? north : 0u) | (bottom > clip_max_ ? south : 0u);

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

    if (crossed_edges == 0) {
        ring_.resize(n);
        for (std::size_t i = 0; i < n; ++i) ring_[i] = to_tile(ring[i]);
    } else {
        // The first pass reads the source ring and transforms as it goes: for a large ring mostly
        // outside the tile, most points are then read once and never stored.
        bool first_pass = true;
        for (const edge e : {west, east, north, south}) {
            if (!(crossed_edges & e)) continue;
            if (first_pass) {
                clip(e, [&](std::size_t i) { return to_tile(ring[i]); }, n);
                first_pass = false;
            } else if (!ring_.empty()) {
                clip(e, [this](std::size_t i) { return ring_[i]; }, ring_.size());
            }
        }
    }

    snap_ring();
    if (snapped_.size() < 3) return false;

    // Twice the signed area by the spec's shoelace formula, in tile units (y down): positive for
    // exterior rings, negative for holes.
    std::int64_t area2 = 0;
    for (std::size_t i = 0, m = snapped_.size(); i < m; ++i) {
        const int_point& a = snapped_[i];
        const int_point& b = snapped_[i + 1 == m ? 0 : i + 1];
        area2 += static_cast<std::int64_t>(a.x) * b.y - static_cast<std::int64_t>(b.x) * a.y;
    }
    if (area2 == 0) return false;
    if ((role == ring_role::exterior) != (area2 > 0)) std::reverse(snapped_.begin(), snapped_.end());
    emit_ring();
    return true;
}

template <typename PointAt>
void layer_builder::clip(edge e, PointAt point_at, std::size_t n) {
    switch (e) {
        case west: clip_pass<west>(point_at, n); break;
        case east: clip_pass<east>(point_at, n); break;
        case north: clip_pass<north>(point_at, n); break;
        case south: clip_pass<south>(point_at, n); break;
    }
}

// One Sutherland–Hodgman pass: keeps the part of the ring inside one edge of the buffered square,
// reading n points through point_at and leaving the result in ring_.
template <layer_builder::edge Edge, typename PointAt>
void layer_builder::clip_pass(PointAt point_at, std::size_t n) {
    constexpr bool vertical = Edge == west || Edge == east;  // the edge is a line x = bound
    const double bound = Edge == west || Edge == north ? clip_min_ : clip_max_;
    const auto coord = [](const point& p) { return vertical ? p.x : p.y; };
    const auto kept = [bound, coord](const point& p) {
        return Edge == west || Edge == north ? coord(p) >= bound : coord(p) <= bound;
    };
    // Where segment a→b crosses the edge; the crossing coordinate is set exactly, so the snapped
    // vertex lies on the buffered edge.
    const auto crossing = [bound, coord](const point& a, const point& b) {
        const double t = (bound - coord(a)) / (coord(b) - coord(a));
        return vertical ? point{bound, a.y + t * (b.y - a.y)} : point{a.x + t * (b.x - a.x), bound};
    };

    clip_scratch_.clear();
    point prev = point_at(n - 1);
    bool prev_kept = kept(prev);
    for (std::size_t i = 0; i < n;) {
        if (prev_kept) {
            const point cur = point_at(i++);
            const bool cur_kept = kept(cur);
            clip_scratch_.push_back(cur_kept ? cur : crossing(prev, cur));  // an exit leaves its crossing
            prev = cur;
            prev_kept = cur_kept;
            continue;
        }
        // Outside: skip ahead to the next point kept, testing one coordinate per point (the compiler
        // drops the other), so a long stretch outside costs about as much as reading it.
        std::size_t next = i;
        while (next < n && !kept(point_at(next))) ++next;
        if (next == n) break;
        if (next > i) prev = point_at(next - 1);
        const point cur = point_at(next);
        clip_scratch_.push_back(crossing(prev, cur));
        clip_scratch_.push_back(cur);
        prev = cur;
        prev_kept = true;
        i = next + 1;
    }
    ring_.swap(clip_scratch_);
}

void layer_builder::snap_ring() {
    // Collinear (and backtracking) vertices are dropped along with repeats: clipping leaves runs
    // of them on the buffered edges where a ring wandered outside, and they add bytes but no area.
    const auto collinear = [](const int_point& a, const int_point& b, const int_point& c) {
        return static_cast<std::int64_t>(b.x - a.x) * (c.y - a.y) == static_cast<std::int64_t>(b.y - a.y) * (c.x - a.x);
    };
    const auto same = [](const int_point& a, const int_point& b) { return a.x == b.x && a.y == b.y; };

    snapped_.clear();
    for (const point& p : ring_) {
        const int_point q{snap(p.x), snap(p.y)};
        while (snapped_.size() >= 2 && collinear(snapped_[snapped_.size() - 2], snapped_.back(), q)) snapped_.pop_back();
        if (!snapped_.empty() && same(snapped_.back(), q)) continue;
        snapped_.push_back(q);
    }
    // The same across the seam between the last vertex and the first.
    std::size_t first = 0;
    while (snapped_.size() - first >= 3) {
        const std::size_t last = snapped_.size() - 1;
        if (same(snapped_[last], snapped_[first]) || collinear(snapped_[last - 1], snapped_[last], snapped_[first])) {
            snapped_.pop_back();
        } else if (collinear(snapped_[last], snapped_[first], snapped_[first + 1])) {
            ++first;
        } else {
            break;
        }
    }
    if (first > 0) snapped_.erase(snapped_.begin(), snapped_.begin() + static_cast<std::ptrdiff_t>(first));
}

void layer_builder::emit_ring() {
    const auto delta_to = [this](const int_point& p) {
        geometry_.push_back(zigzag32(p.x - cursor_.x));
        geometry_.push_back(zigzag32(p.y - cursor_.y));
        cursor_ = p;
    };
    geometry_.push_back(command(cmd_move_to, 1));
    delta_to(snapped_.front());
    geometry_.push_back(command(cmd_line_to, snapped_.size() - 1));
    for (std::size_t i = 1; i < snapped_.size(); ++i) delta_to(snapped_[i]);
    geometry_.push_back(command(cmd_close_path, 1));
}

bool layer_builder::add_points(std::uint64_t id, const std::vector<geo::xy>& pts_3857, const properties& props) {
    geometry_.clear();
    cursor_ = {0, 0};
    snapped_.clear();
    for (const geo::xy& p : pts_3857) {
        const point t = to_tile(p);
        if (t.x < clip_min_ - 1 || t.x > clip_max_ + 1 || t.y < clip_min_ - 1 || t.y > clip_max_ + 1) continue;
        // Snapped first, then kept when on the buffered square (edges included), as ST_AsMVTGeom
        // does: a point 0.3 units beyond the buffer that rounds onto its edge is in the tile.
        const int_point q{snap(t.x), snap(t.y)};
        if (q.x < clip_min_ || q.x > clip_max_ || q.y < clip_min_ || q.y > clip_max_) continue;
        snapped_.push_back(q);
    }
    if (!snapped_.empty()) {
        geometry_.push_back(command(cmd_move_to, snapped_.size()));
        for (const int_point& q : snapped_) {
            geometry_.push_back(zigzag32(q.x - cursor_.x));
            geometry_.push_back(zigzag32(q.y - cursor_.y));
            cursor_ = q;
        }
    }
    return finish_feature(id, geom_point, props);
}

std::uint32_t layer_builder::key_index(std::size_t position, const std::string& key) {
    if (position >= key_hints_.size()) key_hints_.resize(position + 1, no_hint);
    const std::uint32_t hint = key_hints_[position];
    if (hint != no_hint && *keys_[hint] == key) return hint;
    auto found = key_indices_.find(key);
    if (found == key_indices_.end()) {
        found = key_indices_.emplace(key, static_cast<std::uint32_t>(keys_.size())).first;
        keys_.push_back(&found->first);
    }
    key_hints_[position] = found->second;
    return found->second;
}

std::uint32_t layer_builder::value_index(const property_value& value) {
    // Encode the Value message at the end of the arena; if it is already known, take it back off.
    const std::size_t start = value_bytes_.size();
    if (const auto* s = std::get_if<std::string>(&value)) {
        extend(value_bytes_, length_field_size(s->size())).length_field(value_string, *s);
    } else if (const auto* i = std::get_if<std::int64_t>(&value)) {
        const std::uint64_t z = zigzag64(*i);
        byte_writer w = extend(value_bytes_, 1 + varint_size(z));
        w.byte(tag(value_sint, varint_wire));
        w.varint(z);
    } else if (const auto* d = std::get_if<double>(&value)) {
        std::uint64_t bits;
        std::memcpy(&bits, d, sizeof bits);
        byte_writer w = extend(value_bytes_, 9);
        w.byte(tag(value_double, fixed64_wire));
        for (int byte = 0; byte < 8; ++byte) w.byte(static_cast<std::uint32_t>(bits >> (8 * byte)) & 0xFF);  // little-endian
    } else {
        byte_writer w = extend(value_bytes_, 2);
        w.byte(tag(value_bool, varint_wire));
        w.byte(std::get<bool>(value) ? 1 : 0);
    }
    const std::string_view encoded = std::string_view(value_bytes_).substr(start);
    const std::size_t hash = std::hash<std::string_view>{}(encoded);

    const std::size_t count = value_hashes_.size();
    if (2 * (count + 1) > value_slots_.size()) grow_value_slots();  // keep the table at most half full
    const std::size_t mask = value_slots_.size() - 1;
    for (std::size_t slot = hash & mask;; slot = (slot + 1) & mask) {
        const std::uint32_t entry = value_slots_[slot];
        if (entry == 0) {
            value_slots_[slot] = static_cast<std::uint32_t>(count + 1);
            value_hashes_.push_back(hash);
            value_offsets_.push_back(value_bytes_.size());
            return static_cast<std::uint32_t>(count);
        }
        const std::uint32_t index = entry - 1;
        if (value_hashes_[index] == hash && value_bytes(index) == encoded) {
            value_bytes_.resize(start);
            return index;
        }
    }
}

void layer_builder::grow_value_slots() {
    value_slots_.assign(std::max<std::size_t>(64, 2 * value_slots_.size()), 0);
    const std::size_t mask = value_slots_.size() - 1;
    for (std::size_t index = 0; index < value_hashes_.size(); ++index) {
        std::size_t slot = value_hashes_[index] & mask;
        while (value_slots_[slot] != 0) slot = (slot + 1) & mask;
        value_slots_[slot] = static_cast<std::uint32_t>(index + 1);
    }
}

bool layer_builder::finish_feature(std::uint64_t id, std::uint32_t geometry_type, const properties& props) {
    if (geometry_.empty()) return false;

    tags_.clear();
    for (std::size_t i = 0; i < props.size(); ++i) {
        if (std::holds_alternative<std::monostate>(props[i].value)) continue;  // NULL: no tag at all
        tags_.push_back(key_index(i, props[i].key));
        tags_.push_back(value_index(props[i].value));
    }

    const std::size_t tag_bytes = packed_size(tags_);
    const std::size_t geometry_bytes = packed_size(geometry_);
    const std::size_t body = 1 + varint_size(id) + (tags_.empty() ? 0 : length_field_size(tag_bytes)) + 2 +
                             length_field_size(geometry_bytes);
    byte_writer w = extend(features_, length_field_size(body));
    w.byte(tag(layer_features, length_wire));
    w.varint(body);
    w.byte(tag(feature_id, varint_wire));
    w.varint(id);
    if (!tags_.empty()) w.packed_field(feature_tags, tags_, tag_bytes);
    w.byte(tag(feature_type, varint_wire));
    w.byte(geometry_type);
    w.packed_field(feature_geometry, geometry_, geometry_bytes);
    ++feature_count_;
    return true;
}

void layer_builder::append_to(std::string& tile) const {
    const std::size_t value_count = value_hashes_.size();
    std::size_t body = length_field_size(name_.size()) + features_.size() + 1 + varint_size(extent_) + 2;
    for (const std::string* key : keys_) body += length_field_size(key->size());
    for (std::uint32_t i = 0; i < value_count; ++i) body += length_field_size(value_bytes(i).size());

    byte_writer w = extend(tile, length_field_size(body));
    w.byte(tag(tile_layers, length_wire));
    w.varint(body);
    w.length_field(layer_name, name_);
    w.bytes(features_);
    for (const std::string* key : keys_) w.length_field(layer_keys, *key);
    for (std::uint32_t i = 0; i < value_count; ++i) w.length_field(layer_values, value_bytes(i));
    w.byte(tag(layer_extent, varint_wire));
    w.varint(extent_);
    w.byte(tag(layer_version, varint_wire));
    w.byte(2);
}

}  // namespace covermap::tiles
