#include "stats/join_counts.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "tests/stats/lattice.hpp"

namespace covermap::stats {
namespace {

// A 4 × 4 rook lattice (R's cell2nb(4, 4)), 6 black cells:
//   B B . .
//   B B . .
//   . B . .
//   . . . B
// suppressPackageStartupMessages(library(spdep)); options(digits = 17)
// f <- factor(c(1,1,0,0, 1,1,0,0, 0,1,0,0, 0,0,0,1), levels = 0:1, labels = c("W", "B"))
// joincount.test(f, nb2listw(cell2nb(4, 4), style = "B")); joincount.multi(f, nb2listw(cell2nb(4, 4), style = "B"))
const std::vector<bool> grid_map{true, true, false, false, true, true, false, false,
                                 false, true, false, false, false, false, false, true};

TEST(StatsJoinCounts, EqualsSpdepJoincountTestOnALattice) {
    const auto r = join_count_test(grid_map, testing::grid_neighbours(4, 4, false));
    EXPECT_EQ(r.black, 6);
    EXPECT_EQ(r.white, 10);
    EXPECT_DOUBLE_EQ(r.bb.observed, 5);
    EXPECT_NEAR(r.bb.expected, 3, 1e-12);
    EXPECT_NEAR(r.bb.variance, 1.4065934065934069, 1e-12);
    EXPECT_NEAR(r.bb.z, 1.686342195404005, 1e-12);
    EXPECT_NEAR(r.bb.p_value, 0.045864954105888353, 1e-12);
    EXPECT_DOUBLE_EQ(r.ww.observed, 11);
    EXPECT_NEAR(r.ww.expected, 9, 1e-12);
    EXPECT_NEAR(r.ww.variance, 1.9780219780219852, 1e-12);
    EXPECT_NEAR(r.ww.p_value, 0.077506071300663615, 1e-12);
    EXPECT_DOUBLE_EQ(r.bw.observed, 8);
    EXPECT_NEAR(r.bw.expected, 12, 1e-12);
    EXPECT_NEAR(r.bw.variance, 4.7692307692307736, 1e-12);
    EXPECT_NEAR(r.bw.z, -1.83162, 1e-5);  // joincount.multi prints z to 6 digits
    // Every join is BB, WW or BW: 24 rook joins on a 4 × 4 lattice.
    EXPECT_DOUBLE_EQ(r.bb.observed + r.ww.observed + r.bw.observed, 24);
    EXPECT_NEAR(r.bb.expected + r.ww.expected + r.bw.expected, 24, 1e-12);
}

TEST(StatsJoinCounts, HandlesAsymmetricNearestNeighbourWeights) {
    // pts <- cbind(c(106.0, 106.1, 106.25, 106.3, 106.05, 106.4, 106.2, 106.33),
    //              c(21.0, 21.05, 21.0, 21.2, 21.3, 21.1, 21.15, 21.02))
    // lw <- nb2listw(knn2nb(knearneigh(pts, k = 2, longlat = TRUE)), style = "B")
    // f <- factor(c(1,1,0,0,1,0,0,0), levels = 0:1, labels = c("W", "B")); joincount.test(f, lw); joincount.multi(f, lw)
    const neighbour_lists knn{{1, 2}, {0, 6}, {1, 7}, {5, 6}, {1, 6}, {3, 7}, {1, 3}, {2, 5}};
    const auto c = binary_constants(knn);
    EXPECT_DOUBLE_EQ(c.s0, 16);
    EXPECT_DOUBLE_EQ(c.s1, 28);
    EXPECT_DOUBLE_EQ(c.s2, 138);
    const auto r = join_count_test({true, true, false, false, true, false, false, false}, knn);
    EXPECT_DOUBLE_EQ(r.bb.observed, 1.5);
    EXPECT_NEAR(r.bb.expected, 0.8571428571428571, 1e-12);
    EXPECT_NEAR(r.bb.variance, 0.38137755102040827, 1e-12);
    EXPECT_NEAR(r.bb.z, 1.0409668775392322, 1e-12);
    EXPECT_DOUBLE_EQ(r.ww.observed, 4);
    EXPECT_NEAR(r.ww.expected, 2.8571428571428572, 1e-12);
    EXPECT_NEAR(r.ww.variance, 0.60459183673469319, 1e-12);
    EXPECT_DOUBLE_EQ(r.bw.observed, 2.5);
    EXPECT_NEAR(r.bw.expected, 4.28571428571428559, 1e-12);
    EXPECT_NEAR(r.bw.variance, 1.30229591836734926, 1e-12);
}

TEST(StatsJoinCounts, PermutationPValuesAreSeededAndAgreeWithTheNormalApproximation) {
    const auto nb = testing::grid_neighbours(4, 4, false);
    const auto a = join_count_permutation(grid_map, nb, 9999, 11);
    const auto b = join_count_permutation(grid_map, nb, 9999, 11);
    EXPECT_EQ(a.bb.p_value_permutation, b.bb.p_value_permutation);
    EXPECT_EQ(a.permutations, 9999);
    EXPECT_DOUBLE_EQ(a.bb.observed, 5);  // the statistics are the test's
    // BB = 5 is at the upper tail (normal p 0.046), WW = 11 a little less far out (0.078); the
    // permutation distribution is discrete, so only roughly the same.
    EXPECT_GT(a.bb.p_value_permutation, 0.01);
    EXPECT_LT(a.bb.p_value_permutation, 0.12);
    EXPECT_LT(a.bw.p_value_permutation, 0.12);
}

TEST(StatsJoinCounts, RefusesOneColourIslandsAndTooFewUnits) {
    const auto nb = testing::grid_neighbours(4, 4, false);
    EXPECT_THROW(join_count_test(std::vector<bool>(16, true), nb), input_error);
    EXPECT_THROW(join_count_test(std::vector<bool>(15, true), nb), input_error);
    auto island = nb;
    island[3].clear();
    EXPECT_THROW(join_count_test(grid_map, island), input_error);
    EXPECT_THROW(join_count_permutation(grid_map, nb, 0, 1), input_error);
}

}  // namespace
}  // namespace covermap::stats
