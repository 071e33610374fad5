#pragma once
// The bounds-checked cursor over one WKB buffer that the WKB reader (geo/wkb.*) and the GeoJSON
// writer (geo/geojson.*) share: geometry headers (ISO and PostGIS EWKB, either byte order, any
// dimension), element counts checked against the bytes left before anything is reserved, points.
// Anything truncated, unknown or inconsistent throws covermap::error.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

#include "core/error.hpp"
#include "geo/wkb.hpp"

namespace covermap::geo {

// EWKB (PostGIS) keeps dimensions and the SRID as flag bits high in the type word.
inline constexpr std::uint32_t ewkb_z = 0x80000000u;
inline constexpr std::uint32_t ewkb_m = 0x40000000u;
inline constexpr std::uint32_t ewkb_srid = 0x20000000u;

// The smallest encodings, used to reject absurd element counts before reserving memory for them:
// a ring is at least its point count, a polygon at least its byte order, type and ring count.
inline constexpr std::size_t min_ring_bytes = 4;
inline constexpr std::size_t min_polygon_bytes = 1 + 4 + 4;
inline constexpr std::size_t min_point_bytes = 1 + 4 + 16;

inline std::string wkb_unexpected(wkb_type found, const char* wanted) {
    return std::string("WKB: expected ") + wanted + ", found " + wkb_type_name(found);
}

// What a geometry header says: its base type, how many doubles make one point, its byte order.
struct wkb_header {
    wkb_type type;
    unsigned ordinates;
    bool little;
};

// A bounds-checked cursor over one WKB buffer.
class wkb_cursor {
public:
    wkb_cursor(const unsigned char* data, std::size_t size, coordinate_transform transform)
        : data_(data), size_(size), transform_(transform) {}

    wkb_header geometry_header() {
        const std::uint8_t order = byte();
        if (order > 1) throw error("WKB: unknown byte order " + std::to_string(order) + " at byte " + std::to_string(pos_ - 1));
        const bool little = order == 1;
        std::uint32_t code = uint32(little);
        bool z = code & ewkb_z, m = code & ewkb_m;
        if (code & ewkb_srid) uint32(little);  // the SRID: the caller knows the CRS
        code &= ~(ewkb_z | ewkb_m | ewkb_srid);
        // ISO codes the dimensions in the thousands: 1000 Z, 2000 M, 3000 ZM.
        const std::uint32_t iso_dims = code / 1000, base = code % 1000;
        if (iso_dims > 3 || base > 7) throw error("WKB: unknown geometry type " + std::to_string(code));
        z = z || iso_dims == 1 || iso_dims == 3;
        m = m || iso_dims == 2 || iso_dims == 3;
        return {static_cast<wkb_type>(base), 2u + z + m, little};
    }

    // `count` elements of at least `bytes_each` must still fit; checked before any allocation.
    std::uint32_t count(bool little, std::size_t bytes_each, const char* what) {
        const std::uint32_t n = uint32(little);
        if (static_cast<std::uint64_t>(n) * bytes_each > size_ - pos_) {
            throw error("WKB: truncated (" + std::to_string(n) + " " + what + " announced at byte " + std::to_string(pos_ - 4) + " of " +
                        std::to_string(size_) + ")");
        }
        return n;
    }

    xy point(const wkb_header& h) {
        need(8 * h.ordinates);
        const double x = float64(h.little), y = float64(h.little);
        pos_ += 8 * (h.ordinates - 2);  // z and m are not used
        return transform_ ? transform_(x, y) : xy{x, y};
    }

    void polygon_body(const wkb_header& h, multipolygon& out) {
        polygon& p = out.emplace_back();
        const std::uint32_t rings = count(h.little, min_ring_bytes, "rings");
        p.rings.resize(rings);
        for (linear_ring& ring : p.rings) {
            const std::uint32_t points = count(h.little, 8 * h.ordinates, "points");
            ring.reserve(points);
            for (std::uint32_t k = 0; k < points; ++k) ring.push_back(point(h));
        }
    }

    void expect_end() const {
        if (pos_ != size_) throw error("WKB: " + std::to_string(size_ - pos_) + " unexpected bytes after the geometry");
    }

    // Skips n bytes the caller has checked are there (a point's z and m).
    void skip(std::size_t n) { pos_ += n; }

    // Throws unless n more bytes are there.
    void need(std::size_t n) const {
        if (n > size_ - pos_) throw error("WKB: truncated (byte " + std::to_string(pos_) + " + " + std::to_string(n) + " of " + std::to_string(size_) + ")");
    }
    std::uint8_t byte() {
        need(1);
        return data_[pos_++];
    }
    std::uint32_t uint32(bool little) {
        need(4);
        const unsigned char* b = data_ + pos_;
        pos_ += 4;
        return little ? b[0] | b[1] << 8 | b[2] << 16 | static_cast<std::uint32_t>(b[3]) << 24
                      : b[3] | b[2] << 8 | b[1] << 16 | static_cast<std::uint32_t>(b[0]) << 24;
    }
    // Callers have checked the bytes are there (need).
    double float64(bool little) {
        std::uint64_t bits = 0;
        for (int i = 0; i < 8; ++i) {
            const std::uint64_t b = data_[pos_ + i];
            bits |= little ? b << (8 * i) : b << (8 * (7 - i));
        }
        pos_ += 8;
        double d;
        std::memcpy(&d, &bits, sizeof d);
        return d;
    }

private:
    const unsigned char* data_;
    std::size_t size_;
    std::size_t pos_ = 0;
    coordinate_transform transform_;
};

}  // namespace covermap::geo
