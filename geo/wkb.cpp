#include "geo/wkb.hpp"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>

#include "core/error.hpp"
#include "geo/wkb_cursor.hpp"

namespace covermap::geo {
namespace {

// Hex digit values by character (-1: not a digit); a lookup table because the communes alone
// are 88 M digits.
struct hex_table {
    signed char value[256];
    hex_table() {
        for (auto& v : value) v = -1;
        for (int c = 0; c < 10; ++c) value['0' + c] = static_cast<signed char>(c);
        for (int c = 0; c < 6; ++c) value['a' + c] = value['A' + c] = static_cast<signed char>(10 + c);
    }
};
const hex_table hex_digits;

int hex_digit(char c) {
    const int v = hex_digits.value[static_cast<unsigned char>(c)];
    if (v < 0) throw error("WKB: not hexadecimal");
    return v;
}


// What a geometry header says: its base type, how many doubles make one point, its byte order.
struct header {
    wkb_type type;
    unsigned ordinates;
    bool little;
};

// Little-endian appends for the writer.
void put_uint32(std::vector<unsigned char>& out, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<unsigned char>(v >> (8 * i)));
}
void put_double(std::vector<unsigned char>& out, double d) {
    std::uint64_t bits;
    std::memcpy(&bits, &d, sizeof bits);
    for (int i = 0; i < 8; ++i) out.push_back(static_cast<unsigned char>(bits >> (8 * i)));
}
std::uint32_t checked_count(std::size_t n) {
    if (n > 0xffffffffu) throw error("WKB: too many elements to encode");
    return static_cast<std::uint32_t>(n);
}

}  // namespace

const char* wkb_type_name(wkb_type type) {
    switch (type) {
        case wkb_type::geometry: return "Geometry";
        case wkb_type::point: return "Point";
        case wkb_type::line_string: return "LineString";
        case wkb_type::polygon: return "Polygon";
        case wkb_type::multi_point: return "MultiPoint";
        case wkb_type::multi_line_string: return "MultiLineString";
        case wkb_type::multi_polygon: return "MultiPolygon";
        case wkb_type::geometry_collection: return "GeometryCollection";
    }
    return "unknown";
}

wkb_type read_wkb_type(const unsigned char* data, std::size_t size) {
    return wkb_cursor(data, size, nullptr).geometry_header().type;
}

multipolygon read_wkb_multipolygon(const unsigned char* data, std::size_t size, coordinate_transform transform) {
    wkb_cursor in(data, size, transform);
    const wkb_header top = in.geometry_header();
    multipolygon out;
    if (top.type == wkb_type::polygon) {
        in.polygon_body(top, out);
    } else if (top.type == wkb_type::multi_polygon) {
        const std::uint32_t parts = in.count(top.little, min_polygon_bytes, "polygons");
        out.reserve(parts);
        for (std::uint32_t i = 0; i < parts; ++i) {
            const wkb_header part = in.geometry_header();  // each part carries its own byte order
            if (part.type != wkb_type::polygon) throw error(wkb_unexpected(part.type, "Polygon parts"));
            in.polygon_body(part, out);
        }
    } else {
        throw error(wkb_unexpected(top.type, "Polygon or MultiPolygon"));
    }
    in.expect_end();
    return out;
}

std::vector<xy> read_wkb_points(const unsigned char* data, std::size_t size, coordinate_transform transform) {
    wkb_cursor in(data, size, transform);
    const wkb_header top = in.geometry_header();
    std::vector<xy> out;
    auto keep = [&out](xy p) {
        if (!std::isnan(p.x) || !std::isnan(p.y)) out.push_back(p);
    };
    if (top.type == wkb_type::point) {
        keep(in.point(top));
    } else if (top.type == wkb_type::multi_point) {
        const std::uint32_t points = in.count(top.little, min_point_bytes, "points");
        out.reserve(points);
        for (std::uint32_t i = 0; i < points; ++i) {
            const wkb_header part = in.geometry_header();
            if (part.type != wkb_type::point) throw error(wkb_unexpected(part.type, "Point parts"));
            keep(in.point(part));
        }
    } else {
        throw error(wkb_unexpected(top.type, "Point or MultiPoint"));
    }
    in.expect_end();
    return out;
}

std::vector<unsigned char> write_wkb(const multipolygon& geometry) {
    std::size_t bytes = 1 + 4 + 4;
    for (const polygon& p : geometry) {
        bytes += 1 + 4 + 4;
        for (const linear_ring& ring : p.rings) bytes += 4 + 16 * ring.size();
    }
    std::vector<unsigned char> out;
    out.reserve(bytes);
    out.push_back(1);  // little-endian
    put_uint32(out, static_cast<std::uint32_t>(wkb_type::multi_polygon));
    put_uint32(out, checked_count(geometry.size()));
    for (const polygon& p : geometry) {
        out.push_back(1);
        put_uint32(out, static_cast<std::uint32_t>(wkb_type::polygon));
        put_uint32(out, checked_count(p.rings.size()));
        for (const linear_ring& ring : p.rings) {
            put_uint32(out, checked_count(ring.size()));
            for (const xy& pt : ring) {
                put_double(out, pt.x);
                put_double(out, pt.y);
            }
        }
    }
    return out;
}

std::string write_hex_wkb(const multipolygon& geometry) {
    static constexpr char digits[] = "0123456789abcdef";
    const std::vector<unsigned char> bytes = write_wkb(geometry);
    std::string hex(2 * bytes.size(), '0');
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        hex[2 * i] = digits[bytes[i] >> 4];
        hex[2 * i + 1] = digits[bytes[i] & 15];
    }
    return hex;
}

std::vector<unsigned char> hex_decode(std::string_view hex) {
    if (hex.size() % 2 != 0) throw error("WKB: odd number of hexadecimal digits");
    std::vector<unsigned char> out(hex.size() / 2);
    for (std::size_t i = 0; i < out.size(); ++i) {
        out[i] = static_cast<unsigned char>(hex_digit(hex[2 * i]) * 16 + hex_digit(hex[2 * i + 1]));
    }
    return out;
}

}  // namespace covermap::geo
