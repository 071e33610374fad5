#include "geo/wkt.hpp"

#include "geo/geojson.hpp"
#include "geo/wkb.hpp"

namespace covermap::geo {
namespace {

void append_point(std::string& out, const xy& p, int decimals) {
    append_fixed(out, p.x, decimals);
    out += ' ';
    append_fixed(out, p.y, decimals);
}

void append_run(std::string& out, const std::vector<xy>& run, int decimals) {
    out += '(';
    for (std::size_t i = 0; i < run.size(); ++i) {
        if (i) out += ',';
        append_point(out, run[i], decimals);
    }
    out += ')';
}

}  // namespace

void append_wkt(std::string& out, const shape& geometry, int decimals) {
    if (geometry.is_points) {
        if (geometry.points.empty()) {
            out += "POINT EMPTY";
        } else if (geometry.points.size() == 1) {
            out += "POINT ";
            append_run(out, geometry.points, decimals);
        } else {
            out += "MULTIPOINT (";
            for (std::size_t i = 0; i < geometry.points.size(); ++i) {
                if (i) out += ',';
                append_run(out, {geometry.points[i]}, decimals);
            }
            out += ')';
        }
        return;
    }
    if (geometry.polygons.empty()) {
        out += "MULTIPOLYGON EMPTY";
        return;
    }
    out += "MULTIPOLYGON (";
    for (std::size_t p = 0; p < geometry.polygons.size(); ++p) {
        if (p) out += ',';
        out += '(';
        const auto& rings = geometry.polygons[p].rings;
        for (std::size_t r = 0; r < rings.size(); ++r) {
            if (r) out += ',';
            append_run(out, rings[r], decimals);
        }
        out += ')';
    }
    out += ')';
}

}  // namespace covermap::geo
