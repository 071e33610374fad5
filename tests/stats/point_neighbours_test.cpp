#include "stats/point_neighbours.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "core/error.hpp"

namespace covermap::stats {
namespace {

// pts <- cbind(c(106.0, 106.1, 106.25, 106.3, 106.05, 106.4, 106.2, 106.33),
//              c(21.0, 21.05, 21.0, 21.2, 21.3, 21.1, 21.15, 21.02))
const std::vector<lon_lat> points{{106.0, 21.0},  {106.1, 21.05}, {106.25, 21.0}, {106.3, 21.2},
                                  {106.05, 21.3}, {106.4, 21.1},  {106.2, 21.15}, {106.33, 21.02}};

TEST(StatsPointNeighbours, DistancesAreSpdepsEllipsoidalOnes) {
    // options(digits = 17); nbdists(knn2nb(knearneigh(pts, k = 2, longlat = TRUE)), pts, longlat = TRUE)[[1]]
    EXPECT_NEAR(ellipsoid_distance_km(points[0], points[1]), 11.777410845128191, 1e-9);
    EXPECT_NEAR(ellipsoid_distance_km(points[0], points[2]), 25.992609204440729, 1e-9);
    EXPECT_EQ(ellipsoid_distance_km(points[3], points[3]), 0.0);
}

TEST(StatsPointNeighbours, NearestNeighboursEqualSpdepKnn2nb) {
    // lapply(knn2nb(knearneigh(pts, k = 2, longlat = TRUE)), function(v) v - 1)   (spdep 1.2-7)
    const neighbour_lists expected{{1, 2}, {0, 6}, {1, 7}, {5, 6}, {1, 6}, {3, 7}, {1, 3}, {2, 5}};
    auto nb = k_nearest_neighbours(points, 2);
    for (auto& row : nb) std::sort(row.begin(), row.end());
    EXPECT_EQ(nb, expected);
}

TEST(StatsPointNeighbours, TheTreeFindsWhatABruteForceSearchFinds) {
    std::mt19937_64 rng(5);
    std::uniform_real_distribution<double> lon(102.0, 110.0), lat(8.5, 23.5);
    std::vector<lon_lat> p;
    for (int i = 0; i < 3000; ++i) p.push_back({lon(rng), lat(rng)});
    p.push_back(p[10]);  // a duplicate: distance 0, ties by index
    const int k = 6;
    const auto nb = k_nearest_neighbours(p, k);
    for (std::size_t i = 0; i < p.size(); i += 37) {
        std::vector<std::pair<double, int>> all;
        for (std::size_t j = 0; j < p.size(); ++j)
            if (j != i) all.emplace_back(ellipsoid_distance_km(p[i], p[j]), static_cast<int>(j));
        std::sort(all.begin(), all.end());
        std::vector<int> want;
        for (int t = 0; t < k; ++t) want.push_back(all[static_cast<std::size_t>(t)].second);
        EXPECT_EQ(nb[i], want) << "point " << i;
    }
    EXPECT_EQ(nb[10].front(), 3000);
    EXPECT_EQ(nb[3000].front(), 10);
    const auto band = distance_band_neighbours(p, 15.0);
    for (std::size_t i = 0; i < p.size(); i += 41) {
        std::vector<int> want;
        for (std::size_t j = 0; j < p.size(); ++j)
            if (j != i && ellipsoid_distance_km(p[i], p[j]) <= 15.0) want.push_back(static_cast<int>(j));
        EXPECT_EQ(band[i], want) << "point " << i;
    }
}

TEST(StatsPointNeighbours, SymmetrisedAddsTheReverseOfEveryNeighbour) {
    const neighbour_lists nb{{1}, {2}, {1}};
    EXPECT_EQ(symmetrised(nb), (neighbour_lists{{1}, {0, 2}, {1}}));
}

TEST(StatsPointNeighbours, RefusesBadKAndBand) {
    EXPECT_THROW(k_nearest_neighbours(points, 0), input_error);
    EXPECT_THROW(k_nearest_neighbours(points, 8), input_error);
    EXPECT_THROW(distance_band_neighbours(points, 0.0), input_error);
    EXPECT_THROW(k_nearest_neighbours({{106, 95}, {106, 21}, {107, 21}}, 1), input_error);
}

}  // namespace
}  // namespace covermap::stats
