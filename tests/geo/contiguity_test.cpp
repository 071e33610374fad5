#include "geo/contiguity.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <random>
#include <cstdio>
#include <cstring>
#include <vector>

namespace covermap::geo {
namespace {

// Hex ISO WKB (little-endian) of a MultiPolygon with one square ring per entry.
std::string squares(const std::vector<std::array<double, 4>>& boxes) {  // x0, y0, x1, y1
    std::string hex;
    auto byte = [&](unsigned char b) {
        char buf[3];
        std::snprintf(buf, sizeof buf, "%02x", b);
        hex += buf;
    };
    auto u32 = [&](std::uint32_t v) {
        for (int i = 0; i < 4; ++i) byte(static_cast<unsigned char>(v >> (8 * i)));
    };
    auto f64 = [&](double d) {
        unsigned char b[8];
        std::memcpy(b, &d, 8);
        for (unsigned char c : b) byte(c);
    };
    byte(1);
    u32(6);
    u32(static_cast<std::uint32_t>(boxes.size()));
    for (const auto& [x0, y0, x1, y1] : boxes) {
        byte(1);
        u32(3);
        u32(1);
        u32(5);
        for (const auto& [x, y] : std::vector<std::pair<double, double>>{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}) {
            f64(x);
            f64(y);
        }
    }
    return hex;
}

TEST(Contiguity, SharedVerticesAndCornersAreQueenNeighbours) {
    contiguity_builder b;
    EXPECT_TRUE(b.add_hex_wkb(1, squares({{0, 0, 1, 1}})));
    EXPECT_TRUE(b.add_hex_wkb(2, squares({{1, 0, 2, 1}})));  // shares an edge with 1
    EXPECT_TRUE(b.add_hex_wkb(3, squares({{2, 1, 3, 2}})));  // touches 2 at a corner only (queen, not rook)
    EXPECT_TRUE(b.add_hex_wkb(4, squares({{5, 5, 6, 6}})));  // an island
    EXPECT_EQ(b.vertices(), 20u);
    EXPECT_EQ(b.pairs(), (std::vector<std::pair<long long, long long>>{{1, 2}, {2, 3}}));
}

TEST(Contiguity, WithinTheSnapDistanceAsSpdepAndNotBeyond) {
    contiguity_builder b;
    b.add_hex_wkb(1, squares({{0, 0, 1, 1}}));
    b.add_hex_wkb(2, squares({{1 + 1e-8, 0, 2, 1}}));    // a sliver gap smaller than the snap: neighbours
    b.add_hex_wkb(3, squares({{-1, 1 + 1e-7, 0, 2}}));   // a gap larger than the snap: not
    b.add_hex_wkb(4, squares({{0.5, -1, 1.5, 0}}));       // a vertex of 1 on 4's edge, no vertex in common: not (spdep)
    EXPECT_EQ(b.pairs(), (std::vector<std::pair<long long, long long>>{{1, 2}}));
}

// Enough vertices for the bucketed sort: a lattice of squares whose copies of each shared corner are
// moved apart by up to 2e-8 (beyond the snap for some, within it for others). Copies of different
// corners are far apart, so the expected pairs follow from each corner's copies alone.
TEST(Contiguity, LargeLayersAgreeWithTheRuleCornerByCorner) {
    const int n = 150;
    std::mt19937_64 random(19);
    std::uniform_real_distribution<double> jitter(-2e-8, 2e-8);
    std::map<std::pair<int, int>, std::vector<std::pair<long long, xy>>> copies;  // corner → (unit, point)
    contiguity_builder b;
    for (int i = 0; i < n; ++i) {
        for (int j = 0; j < n; ++j) {
            const long long unit = 1000 + i * n + j;
            linear_ring ring;
            for (const auto& [di, dj] : std::vector<std::pair<int, int>>{{0, 0}, {1, 0}, {1, 1}, {0, 1}}) {
                const xy p{102 + 0.01 * (i + di) + jitter(random), 8 + 0.01 * (j + dj) + jitter(random)};
                ring.push_back(p);
                copies[{i + di, j + dj}].push_back({unit, p});
            }
            ring.push_back(ring.front());
            b.add(unit, {polygon{{ring}}});
        }
    }
    ASSERT_GT(b.vertices(), 65536u);
    std::vector<std::pair<long long, long long>> expected;
    for (const auto& [corner, at] : copies) {
        for (std::size_t k = 0; k < at.size(); ++k) {
            for (std::size_t l = k + 1; l < at.size(); ++l) {
                if (std::abs(at[k].second.x - at[l].second.x) <= spdep_default_snap &&
                    std::abs(at[k].second.y - at[l].second.y) <= spdep_default_snap) {
                    expected.emplace_back(std::min(at[k].first, at[l].first), std::max(at[k].first, at[l].first));
                }
            }
        }
    }
    std::sort(expected.begin(), expected.end());
    expected.erase(std::unique(expected.begin(), expected.end()), expected.end());
    ASSERT_GT(expected.size(), 10000u);
    ASSERT_LT(expected.size(), 4u * n * n);  // some copies were moved beyond the snap
    EXPECT_EQ(b.pairs(), expected);
}

TEST(Contiguity, PointsAreIgnored) {
    contiguity_builder b;
    EXPECT_FALSE(b.add_hex_wkb(1, "0101000000000000000000f03f000000000000f03f"));  // POINT(1 1)
    EXPECT_TRUE(b.pairs().empty());
}

}  // namespace
}  // namespace covermap::geo
