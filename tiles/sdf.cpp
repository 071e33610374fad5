#include "tiles/sdf.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace covermap::tiles {
namespace {

constexpr float far_away = 1e20f;

// Squared distance transform of a 2-D grid in place: rows, then columns.
void transform_2d(std::vector<float>& grid, int w, int h) {
    const int n = std::max(w, h);
    std::vector<float> f(n), d(n), z(n + 1);
    std::vector<int> v(n);
    for (int x = 0; x < w; ++x) {
        for (int y = 0; y < h; ++y) f[y] = grid[static_cast<std::size_t>(y) * w + x];
        distance_transform_1d(f.data(), d.data(), h, v.data(), z.data());
        for (int y = 0; y < h; ++y) grid[static_cast<std::size_t>(y) * w + x] = d[y];
    }
    for (int y = 0; y < h; ++y) {
        float* row = grid.data() + static_cast<std::size_t>(y) * w;
        std::copy(row, row + w, f.begin());
        distance_transform_1d(f.data(), d.data(), w, v.data(), z.data());
        std::copy(d.begin(), d.begin() + w, row);
    }
}

}  // namespace

void distance_transform_1d(const float* f, float* d, int n, int* v, float* z) {
    if (n <= 0) return;
    // v: the parabolas of the lower envelope (their apex positions); z: where each one starts.
    int k = 0;
    v[0] = 0;
    z[0] = -std::numeric_limits<float>::infinity();
    z[1] = std::numeric_limits<float>::infinity();
    auto crossing = [&](int q, int p) {  // where the parabola from q crosses the one from p
        return ((f[q] + static_cast<float>(q) * q) - (f[p] + static_cast<float>(p) * p)) / (2.0f * (q - p));
    };
    for (int q = 1; q < n; ++q) {
        float s = crossing(q, v[k]);
        while (s <= z[k]) {  // z[0] is -inf: stops at k = 0 at the latest
            --k;
            s = crossing(q, v[k]);
        }
        ++k;
        v[k] = q;
        z[k] = s;
        z[k + 1] = std::numeric_limits<float>::infinity();
    }
    k = 0;
    for (int q = 0; q < n; ++q) {
        while (z[k + 1] < static_cast<float>(q)) ++k;
        const float dq = static_cast<float>(q - v[k]);
        d[q] = dq * dq + f[v[k]];
    }
}

std::vector<float> signed_distance(const std::vector<std::uint8_t>& coverage, int w, int h) {
    const std::size_t n = static_cast<std::size_t>(w) * h;
    // Distance to the inside (for pixels outside) and to the outside (for pixels inside). A partly
    // covered pixel starts at the distance from its centre to the edge the coverage implies.
    std::vector<float> to_inside(n), to_outside(n);
    for (std::size_t i = 0; i < n; ++i) {
        const float a = coverage[i] / 255.0f;
        if (a >= 1.0f) {
            to_inside[i] = 0;
            to_outside[i] = far_away;
        } else if (a <= 0.0f) {
            to_inside[i] = far_away;
            to_outside[i] = 0;
        } else {
            const float out = std::max(0.0f, 0.5f - a), in = std::max(0.0f, a - 0.5f);
            to_inside[i] = out * out;
            to_outside[i] = in * in;
        }
    }
    transform_2d(to_inside, w, h);
    transform_2d(to_outside, w, h);
    std::vector<float> out(n);
    for (std::size_t i = 0; i < n; ++i) out[i] = std::sqrt(to_inside[i]) - std::sqrt(to_outside[i]);
    return out;
}

std::uint8_t sdf_byte(float distance_px) {
    constexpr float radius = 8.0f, cutoff = 0.25f;
    const float v = 255.0f - 255.0f * (distance_px / radius + cutoff);
    return static_cast<std::uint8_t>(std::clamp(std::lround(v), 0L, 255L));
}

}  // namespace covermap::tiles
