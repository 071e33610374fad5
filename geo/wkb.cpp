#include "geo/wkb.hpp"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>

#include "core/error.hpp"

namespace covermap::geo {
namespace {

// EWKB (PostGIS) keeps dimensions and the SRID as flag bits high in the type word.
constexpr std::uint32_t ewkb_z = 0x80000000u;
constexpr std::uint32_t ewkb_m = 0x40000000u;
constexpr std::uint32_t ewkb_srid = 0x20000000u;

// The smallest encodings, used to reject absurd element counts before reserving memory for them:
// a ring is at least its point count, a polygon at least its byte order, type and ring count.
constexpr std::size_t min_ring_bytes = 4;
constexpr std::size_t min_polygon_bytes = 1 + 4 + 4;
constexpr std::size_t min_point_bytes = 1 + 4 + 16;

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

std::string unexpected(wkb_type found, const char* wanted) {
    return std::string("WKB: expected ") + wanted + ", found " + wkb_type_name(found);
}

// What a geometry header says: its base type, how many doubles make one point, its byte order.
struct header {
    wkb_type type;
    unsigned ordinates;
    bool little;
};

// A bounds-checked cursor over one WKB buffer.
class reader {
public:
    reader(const unsigned char* data, std::size_t size, coordinate_transform transform)
        : data_(data), size_(size), transform_(transform) {}

    header geometry_header() {
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

    xy point(const header& h) {
        need(8 * h.ordinates);
        const double x = float64(h.little), y = float64(h.little);
        pos_ += 8 * (h.ordinates - 2);  // z and m are not used
        return transform_ ? transform_(x, y) : xy{x, y};
    }

    void polygon_body(const header& h, multipolygon& out) {
        polygon& p = out.emplace_back();
        const std::uint32_t rings = count(h.little, min_ring_bytes, "rings");
        p.rings.resize(rings);
        for (linear_ring& ring : p.rings) {
            const std::uint32_t points = count(h.little, 8 * h.ordinates, "points");
            ring.reserve(points);
            for (std::uint32_t k = 0; k < points; ++k) ring.push_back(point(h));
        }
    }

    // The geometry at the cursor as GeoJSON (recursing into collections).
    void geojson(std::string& out, const geojson_format& format, std::vector<double>& xs, std::vector<double>& ys) {
        const header h = geometry_header();
        out += "{\"type\":\"";
        out += wkb_type_name(h.type);
        if (h.type == wkb_type::geometry) throw error("WKB: a geometry of unspecified type");
        if (h.type == wkb_type::geometry_collection) {
            out += "\",\"geometries\":[";
            const std::uint32_t n = count(h.little, 1 + 4, "geometries");
            for (std::uint32_t i = 0; i < n; ++i) {
                if (i) out += ',';
                geojson(out, format, xs, ys);
            }
            out += "]}";
            return;
        }
        out += "\",\"coordinates\":";
        switch (h.type) {
            case wkb_type::point: {
                one_point(h, xs, ys);
                if (std::isnan(xs[0]) && std::isnan(ys[0])) {
                    out += "[]";  // POINT EMPTY
                } else {
                    positions(out, format, xs, ys, false);
                }
                break;
            }
            case wkb_type::line_string: run(out, h, format, xs, ys); break;
            case wkb_type::polygon: rings(out, h, format, xs, ys); break;
            case wkb_type::multi_point:
            case wkb_type::multi_line_string:
            case wkb_type::multi_polygon: {
                const std::uint32_t n = count(h.little, 1 + 4, "parts");
                out += '[';
                for (std::uint32_t i = 0; i < n; ++i) {
                    if (i) out += ',';
                    const header part = geometry_header();
                    const auto expected = h.type == wkb_type::multi_point       ? wkb_type::point
                                          : h.type == wkb_type::multi_line_string ? wkb_type::line_string
                                                                                 : wkb_type::polygon;
                    if (part.type != expected) throw error(unexpected(part.type, wkb_type_name(expected)));
                    if (expected == wkb_type::point) {
                        one_point(part, xs, ys);
                        positions(out, format, xs, ys, false);
                    } else if (expected == wkb_type::line_string) {
                        run(out, part, format, xs, ys);
                    } else {
                        rings(out, part, format, xs, ys);
                    }
                }
                out += ']';
                break;
            }
            default: break;
        }
        out += '}';
    }

    void expect_end() const {
        if (pos_ != size_) throw error("WKB: " + std::to_string(size_ - pos_) + " unexpected bytes after the geometry");
    }

private:
    // One point's x and y into xs[0], ys[0] (its z and m skipped).
    void one_point(const header& h, std::vector<double>& xs, std::vector<double>& ys) {
        need(8 * h.ordinates);
        xs.assign(1, float64(h.little));
        ys.assign(1, float64(h.little));
        pos_ += 8 * (h.ordinates - 2);
    }

    // A polygon body: its rings, each a run of positions.
    void rings(std::string& out, const header& h, const geojson_format& format, std::vector<double>& xs, std::vector<double>& ys) {
        const std::uint32_t n = count(h.little, min_ring_bytes, "rings");
        out += '[';
        for (std::uint32_t i = 0; i < n; ++i) {
            if (i) out += ',';
            run(out, h, format, xs, ys);
        }
        out += ']';
    }

    // A point count and that many points, read into xs/ys, transformed together, then written.
    void run(std::string& out, const header& h, const geojson_format& format, std::vector<double>& xs, std::vector<double>& ys) {
        const std::uint32_t n = count(h.little, 8 * h.ordinates, "points");
        xs.resize(n);
        ys.resize(n);
        for (std::uint32_t k = 0; k < n; ++k) {
            xs[k] = float64(h.little);
            ys[k] = float64(h.little);
            pos_ += 8 * (h.ordinates - 2);
        }
        positions(out, format, xs, ys, true);
    }

    static void positions(std::string& out, const geojson_format& format, std::vector<double>& xs, std::vector<double>& ys, bool array) {
        if (format.transform && !xs.empty()) format.transform(xs.size(), xs.data(), ys.data());
        if (array) out += '[';
        for (std::size_t k = 0; k < xs.size(); ++k) {
            if (k) out += ',';
            out += '[';
            append_fixed(out, format.swap_axes ? ys[k] : xs[k], format.decimals);
            out += ',';
            append_fixed(out, format.swap_axes ? xs[k] : ys[k], format.decimals);
            out += ']';
        }
        if (array) out += ']';
    }

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
    // Callers have checked the bytes are there.
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

    const unsigned char* data_;
    std::size_t size_;
    std::size_t pos_ = 0;
    coordinate_transform transform_;
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
    return reader(data, size, nullptr).geometry_header().type;
}

multipolygon read_wkb_multipolygon(const unsigned char* data, std::size_t size, coordinate_transform transform) {
    reader in(data, size, transform);
    const header top = in.geometry_header();
    multipolygon out;
    if (top.type == wkb_type::polygon) {
        in.polygon_body(top, out);
    } else if (top.type == wkb_type::multi_polygon) {
        const std::uint32_t parts = in.count(top.little, min_polygon_bytes, "polygons");
        out.reserve(parts);
        for (std::uint32_t i = 0; i < parts; ++i) {
            const header part = in.geometry_header();  // each part carries its own byte order
            if (part.type != wkb_type::polygon) throw error(unexpected(part.type, "Polygon parts"));
            in.polygon_body(part, out);
        }
    } else {
        throw error(unexpected(top.type, "Polygon or MultiPolygon"));
    }
    in.expect_end();
    return out;
}

std::vector<xy> read_wkb_points(const unsigned char* data, std::size_t size, coordinate_transform transform) {
    reader in(data, size, transform);
    const header top = in.geometry_header();
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
            const header part = in.geometry_header();
            if (part.type != wkb_type::point) throw error(unexpected(part.type, "Point parts"));
            keep(in.point(part));
        }
    } else {
        throw error(unexpected(top.type, "Point or MultiPoint"));
    }
    in.expect_end();
    return out;
}

void append_geojson(std::string& out, const unsigned char* data, std::size_t size, const geojson_format& format) {
    // Scratch coordinates reused across calls: a page of features would otherwise allocate per ring.
    thread_local std::vector<double> xs, ys;
    reader in(data, size, nullptr);
    in.geojson(out, format, xs, ys);
    in.expect_end();
}

void append_fixed(std::string& out, double value, int decimals) {
    static constexpr double scale[] = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};
    if (!std::isfinite(value)) throw error("GeoJSON: coordinate is not a finite number");
    if (decimals < 0 || decimals > 9) throw error("GeoJSON: decimals must lie within 0..9");
    const double scaled = std::round(value * scale[decimals]);
    if (std::fabs(scaled) >= 9e15) {  // beyond exact integers in a double: let printf do it
        // Sized by printf itself: 1e300 has 301 digits (a fixed buffer here was read past its end,
        // found by fuzz/wkb_fuzz).
        const int n = std::snprintf(nullptr, 0, "%.*f", decimals, value);
        std::string text(static_cast<std::size_t>(n) + 1, '\0');
        std::snprintf(text.data(), text.size(), "%.*f", decimals, value);
        text.resize(static_cast<std::size_t>(n));
        out += text;
        return;
    }
    long long q = static_cast<long long>(scaled);
    if (q < 0) {
        out += '-';
        q = -q;
    }
    const long long unit = static_cast<long long>(scale[decimals]);
    long long whole = q / unit, frac = q % unit;
    char digits[24];
    int n = 0;
    do {
        digits[n++] = static_cast<char>('0' + whole % 10);
        whole /= 10;
    } while (whole > 0);
    while (n > 0) out += digits[--n];
    if (frac == 0) return;
    int width = decimals;
    while (frac % 10 == 0) {  // drop trailing zeros
        frac /= 10;
        --width;
    }
    out += '.';
    char fraction[12];
    for (int i = width - 1; i >= 0; --i) {
        fraction[i] = static_cast<char>('0' + frac % 10);
        frac /= 10;
    }
    out.append(fraction, static_cast<std::size_t>(width));
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
