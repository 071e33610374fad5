#include "geo/geojson.hpp"

#include <cmath>
#include <cstdio>
#include <vector>

#include "core/error.hpp"
#include "geo/wkb_cursor.hpp"

namespace covermap::geo {
namespace {

// A run of positions, transformed together, then written ([x, y] or, swapped, [y, x]).
void positions(std::string& out, const geojson_format& format, std::vector<double>& xs, std::vector<double>& ys, bool array) {
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

// One point's x and y into xs[0], ys[0] (its z and m skipped).
void one_point(wkb_cursor& in, const wkb_header& h, std::vector<double>& xs, std::vector<double>& ys) {
    in.need(8 * h.ordinates);
    xs.assign(1, in.float64(h.little));
    ys.assign(1, in.float64(h.little));
    in.skip(8 * (h.ordinates - 2));
}

// A point count and that many points, read into xs/ys, transformed together, then written.
void run(wkb_cursor& in, std::string& out, const wkb_header& h, const geojson_format& format, std::vector<double>& xs, std::vector<double>& ys) {
    const std::uint32_t n = in.count(h.little, 8 * h.ordinates, "points");
    xs.resize(n);
    ys.resize(n);
    for (std::uint32_t k = 0; k < n; ++k) {
        xs[k] = in.float64(h.little);
        ys[k] = in.float64(h.little);
        in.skip(8 * (h.ordinates - 2));
    }
    positions(out, format, xs, ys, true);
}

// A polygon body: its rings, each a run of positions.
void rings(wkb_cursor& in, std::string& out, const wkb_header& h, const geojson_format& format, std::vector<double>& xs, std::vector<double>& ys) {
    const std::uint32_t n = in.count(h.little, min_ring_bytes, "rings");
    out += '[';
    for (std::uint32_t i = 0; i < n; ++i) {
        if (i) out += ',';
        run(in, out, h, format, xs, ys);
    }
    out += ']';
}

// The geometry at the cursor as GeoJSON (recursing into collections).
void geojson(wkb_cursor& in, std::string& out, const geojson_format& format, std::vector<double>& xs, std::vector<double>& ys) {
    const wkb_header h = in.geometry_header();
    out += "{\"type\":\"";
    out += wkb_type_name(h.type);
    if (h.type == wkb_type::geometry) throw error("WKB: a geometry of unspecified type");
    if (h.type == wkb_type::geometry_collection) {
        out += "\",\"geometries\":[";
        const std::uint32_t n = in.count(h.little, 1 + 4, "geometries");
        for (std::uint32_t i = 0; i < n; ++i) {
            if (i) out += ',';
            geojson(in, out, format, xs, ys);
        }
        out += "]}";
        return;
    }
    out += "\",\"coordinates\":";
    switch (h.type) {
        case wkb_type::point: {
            one_point(in, h, xs, ys);
            if (std::isnan(xs[0]) && std::isnan(ys[0])) {
                out += "[]";  // POINT EMPTY
            } else {
                positions(out, format, xs, ys, false);
            }
            break;
        }
        case wkb_type::line_string: run(in, out, h, format, xs, ys); break;
        case wkb_type::polygon: rings(in, out, h, format, xs, ys); break;
        case wkb_type::multi_point:
        case wkb_type::multi_line_string:
        case wkb_type::multi_polygon: {
            const std::uint32_t n = in.count(h.little, 1 + 4, "parts");
            out += '[';
            for (std::uint32_t i = 0; i < n; ++i) {
                if (i) out += ',';
                const wkb_header part = in.geometry_header();
                const auto expected = h.type == wkb_type::multi_point       ? wkb_type::point
                                      : h.type == wkb_type::multi_line_string ? wkb_type::line_string
                                                                             : wkb_type::polygon;
                if (part.type != expected) throw error(wkb_unexpected(part.type, wkb_type_name(expected)));
                if (expected == wkb_type::point) {
                    one_point(in, part, xs, ys);
                    positions(out, format, xs, ys, false);
                } else if (expected == wkb_type::line_string) {
                    run(in, out, part, format, xs, ys);
                } else {
                    rings(in, out, part, format, xs, ys);
                }
            }
            out += ']';
            break;
        }
        default: break;
    }
    out += '}';
}

}  // namespace

void append_geojson(std::string& out, const unsigned char* data, std::size_t size, const geojson_format& format) {
    // Scratch coordinates reused across calls: a page of features would otherwise allocate per ring.
    thread_local std::vector<double> xs, ys;
    wkb_cursor in(data, size, nullptr);
    geojson(in, out, format, xs, ys);
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

}  // namespace covermap::geo
