#include "geo/shape.hpp"

#include <cmath>

#include "core/error.hpp"
#include "geo/wkb.hpp"

namespace covermap::geo {
namespace {

void transform_run(std::vector<xy>& run, const run_transform& transform) {
    if (transform && !run.empty()) {
        thread_local std::vector<double> xs, ys;
        xs.resize(run.size());
        ys.resize(run.size());
        for (std::size_t i = 0; i < run.size(); ++i) xs[i] = run[i].x, ys[i] = run[i].y;
        transform(run.size(), xs.data(), ys.data());
        for (std::size_t i = 0; i < run.size(); ++i) run[i] = {xs[i], ys[i]};
    }
    for (const auto& p : run) {
        if (!std::isfinite(p.x) || !std::isfinite(p.y)) throw error("geometry: a coordinate is not a finite number");
    }
}

}  // namespace

shape read_shape(const unsigned char* data, std::size_t size, const run_transform& transform) {
    shape out;
    const wkb_type type = read_wkb_type(data, size);
    if (type == wkb_type::point || type == wkb_type::multi_point) {
        out.is_points = true;
        out.points = read_wkb_points(data, size);
        transform_run(out.points, transform);
        return out;
    }
    out.polygons = read_wkb_multipolygon(data, size);  // throws for the other types
    for (auto& part : out.polygons) {
        for (auto& ring : part.rings) transform_run(ring, transform);
    }
    return out;
}

}  // namespace covermap::geo
