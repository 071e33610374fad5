#pragma once
// Neighbours of points (hamlets have no contiguity): k nearest neighbours and distance bands by
// great-circle distance, as spdep 1.2-7 knearneigh(coords, k, longlat = TRUE) + knn2nb() and
// dnearneigh(coords, 0, d, longlat = TRUE), whose distances on the WGS 84 ellipsoid use the
// Andoyer–Lambert approximation (Meeus, Astronomical Algorithms, ch. 11), reproduced here.
#include <vector>

#include "stats/weights.hpp"

namespace covermap::stats {

struct lon_lat {
    double lon, lat;  // degrees
};

// Distance in km on the WGS 84 ellipsoid (a = 6378.137 km, f = 1/298.257223563), Andoyer–Lambert;
// 0 for identical points.
double ellipsoid_distance_km(const lon_lat& a, const lon_lat& b);

// The k nearest other points of every point, nearest first; equal distances go to the lower index
// (as spdep's knearneigh, which keeps the first found). A k-d tree over unit vectors finds the
// candidates, so the whole country's ~100k hamlets take well under a second per k. Throws
// covermap::input_error unless 1 ≤ k < number of points.
neighbour_lists k_nearest_neighbours(const std::vector<lon_lat>& points, int k);

// The other points within max_km (distance ≤ max_km) of every point, ascending by index. Throws
// covermap::input_error unless max_km > 0.
neighbour_lists distance_band_neighbours(const std::vector<lon_lat>& points, double max_km);

// j ∈ N_i or i ∈ N_j, as spdep make.sym.nb; rows sorted ascending.
neighbour_lists symmetrised(const neighbour_lists& neighbours);

}  // namespace covermap::stats
