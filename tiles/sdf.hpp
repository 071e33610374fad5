#pragma once
// Signed distance fields for map text (the glyphs MapLibre draws with halos at any size).
//
// The distances are exact Euclidean ones, computed with the separable transform of Felzenszwalb and
// Huttenlocher ("Distance Transforms of Sampled Functions", 2012): a lower envelope of parabolas per
// row, then per column, linear in the number of pixels. Anti-aliased coverage (0..255) places the
// edge inside a partly covered pixel, so edges are sub-pixel accurate.
#include <cstdint>
#include <vector>

namespace covermap::tiles {

// The squared distance transform of one line: f[i] is the cost at i (0 on the feature, a huge value
// off it); on return, d[i] = min_q ((i - q)^2 + f[q]). `v` and `z` are scratch of size n and n + 1.
void distance_transform_1d(const float* f, float* d, int n, int* v, float* z);

// The signed distance (in pixels, positive outside the shape, negative inside) of each pixel of a
// w × h coverage image (row-major, 0 empty .. 255 full) to the shape's edge.
std::vector<float> signed_distance(const std::vector<std::uint8_t>& coverage, int w, int h);

// The byte MapLibre's text shader expects for a distance in em pixels (24 px em): 192 on the edge
// (cutoff 0.25), falling by 255/8 per pixel outward (radius 8), clamped to 0..255.
std::uint8_t sdf_byte(float distance_px);

}  // namespace covermap::tiles
