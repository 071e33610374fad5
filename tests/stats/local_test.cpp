#include "stats/local.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "core/error.hpp"
#include "stats/lisa.hpp"
#include "stats/moran.hpp"
#include "tests/stats/lattice.hpp"

namespace covermap::stats {
namespace {

std::vector<double> field(int rows, int cols, unsigned seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<double> normal;
    std::vector<double> x;
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c) x.push_back(0.3 * r - 0.2 * c + normal(rng));
    return x;
}

// A 12 × 12 noise field with a hot 4 × 4 block in the top-left and a cold one in the bottom-right.
std::vector<double> hot_and_cold(unsigned seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<double> normal;
    std::vector<double> x;
    for (int r = 0; r < 12; ++r)
        for (int c = 0; c < 12; ++c) {
            const double shift = (r < 4 && c < 4) ? 5.0 : (r >= 8 && c >= 8) ? -5.0 : 0.0;
            x.push_back(shift + normal(rng));
        }
    return x;
}

TEST(StatsLocalMoran, SumsToTheGlobalStatistic) {
    const auto w = testing::grid_weights(9, 7, true);
    const auto x = field(9, 7, 1);
    const auto local = local_moran(x, w);
    const auto global = moran_test(x, w);
    const double n = static_cast<double>(x.size());
    double sum_i = 0.0, sum_e = 0.0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        sum_i += local.statistic[i];
        sum_e += local.expectation[i];
        EXPECT_NEAR(local.z[i], (local.statistic[i] - local.expectation[i]) / std::sqrt(local.variance[i]), 1e-12);
        EXPECT_NEAR(local.p_value[i], std::erfc(std::fabs(local.z[i]) / std::sqrt(2.0)), 1e-15);
    }
    EXPECT_NEAR(sum_i / n, global.statistic, 1e-12);  // S0 = n: Σ Ii = n · I
    EXPECT_NEAR(sum_e / n, global.expectation, 1e-12);
}

TEST(StatsLocalMoran, MomentsEqualThoseOfConditionalPermutationWithoutReplacement) {
    const auto w = testing::grid_weights(10, 10, false);  // degree 2..4 of 99 others: a visible correction
    const auto x = field(10, 10, 2);
    const auto local = local_moran(x, w);
    const auto perm = local_moran_permutation(x, w, {20000, 9, 2});
    double mean_error = 0.0, variance_ratio = 0.0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        mean_error += std::fabs(perm.mean[i] - local.expectation[i]) / std::sqrt(local.variance[i]);
        variance_ratio += perm.variance[i] / local.variance[i];
    }
    EXPECT_LT(mean_error / 100.0, 0.02);
    EXPECT_NEAR(variance_ratio / 100.0, 1.0, 0.01);  // with replacement it would be ≈ 1.03
}

TEST(StatsLocalMoran, QuadrantsCompareWithTheMeansOfXAndOfTheLag) {
    //  x: 0 1 | 9 8  on a path 0-1-2-3;  mean 4.5; lags 1, 4.5, 4.5, 9 with mean 4.75
    const auto w = make_row_weights({{1}, {0, 2}, {1, 3}, {2}});
    const auto q = moran_quadrants({0, 1, 9, 8}, w);
    EXPECT_EQ(q, (std::vector<quadrant>{quadrant::low_low, quadrant::low_low, quadrant::high_low,
                                        quadrant::high_high}));
}

TEST(StatsLisa, FindsTheHotAndColdBlocks) {
    const auto w = testing::grid_weights(12, 12, true);
    const auto x = hot_and_cold(4);
    const auto perm = local_moran_permutation(x, w, {999, 1, 2});
    const auto clusters = lisa_clusters(moran_quadrants(x, w), perm.p_folded, 0.05);
    EXPECT_EQ(clusters[1 * 12 + 1], cluster::high_high);
    EXPECT_EQ(clusters[2 * 12 + 2], cluster::high_high);
    EXPECT_EQ(clusters[10 * 12 + 10], cluster::low_low);
    EXPECT_LT(perm.p_folded[1 * 12 + 1], 0.01);
    int significant_in_the_middle = 0;
    for (int r = 5; r < 7; ++r)
        for (int c = 0; c < 12; ++c) significant_in_the_middle += clusters[static_cast<std::size_t>(r * 12 + c)] != cluster::not_significant;
    EXPECT_LE(significant_in_the_middle, 3);
    for (std::size_t i = 0; i < x.size(); ++i) {
        EXPECT_GE(perm.p_folded[i], 1.0 / 1000.0);
        EXPECT_LE(perm.p_folded[i], 0.5 + 1e-12);
        EXPECT_GT(perm.p_rank[i], 0.0);
        EXPECT_LE(perm.p_rank[i], 1.0);
        // The two-sided rank p-value is about twice the folded one.
        EXPECT_NEAR(perm.p_rank[i], 2.0 * perm.p_folded[i], 0.0031);
    }
}

TEST(StatsLisa, DeterministicForASeedWhateverTheThreads) {
    const auto w = testing::grid_weights(9, 11, true);
    const auto x = field(9, 11, 3);
    const auto one = local_moran_permutation(x, w, {199, 77, 1});
    const auto three = local_moran_permutation(x, w, {199, 77, 3});
    EXPECT_EQ(one.p_folded, three.p_folded);
    EXPECT_EQ(one.p_rank, three.p_rank);
    EXPECT_EQ(one.mean, three.mean);
    EXPECT_NE(one.p_folded, local_moran_permutation(x, w, {199, 78, 1}).p_folded);
}

TEST(StatsLisa, IntegerDataTieExactly) {
    // x = 0/1: Σ x over a draw equals Σ x over the real neighbours exactly, and such draws count as ≥.
    const auto w = testing::grid_weights(6, 6, true);
    std::vector<double> x(36, 0.0);
    for (int i : {0, 1, 6, 7, 20, 33}) x[static_cast<std::size_t>(i)] = 1.0;
    const auto perm = local_moran_permutation(x, w, {999, 1, 2});
    const auto clusters = lisa_clusters(moran_quadrants(x, w), perm.p_folded);
    EXPECT_EQ(clusters[0], cluster::high_high);
    EXPECT_LT(perm.p_folded[0], 0.01);  // only draws of three 1s tie: C(5,3)/C(35,3) ≈ 0.0015
    // Unit 16, a 0 among eight 0s: the ≈ 17 % of draws without a 1 tie, so not significant.
    EXPECT_EQ(clusters[16], cluster::not_significant);
    EXPECT_NEAR(perm.p_folded[16], 0.171, 0.04);
}

TEST(StatsLisa, LabelsAndAlpha) {
    const std::vector<quadrant> q{quadrant::high_high, quadrant::low_low, quadrant::high_low, quadrant::low_high,
                                  quadrant::high_high};
    const auto c = lisa_clusters(q, {0.01, 0.04, 0.001, 0.049, 0.05});
    std::vector<std::string> labels;
    for (auto v : c) labels.emplace_back(cluster_label(v));
    EXPECT_EQ(labels, (std::vector<std::string>{"HH", "LL", "HL", "LH", "not significant"}));
    EXPECT_EQ(lisa_clusters(q, {0.01, 0.04, 0.001, 0.049, 0.05}, 0.01)[0], cluster::not_significant);
    EXPECT_EQ(lisa_clusters({quadrant::high_high}, {std::nan("")})[0], cluster::not_significant);
    EXPECT_THROW(lisa_clusters(q, {0.1}), input_error);
    EXPECT_THROW(lisa_clusters(q, {0.1, 0.1, 0.1, 0.1, 0.1}, 0.0), input_error);
    const auto w = testing::grid_weights(3, 3, true);
    EXPECT_THROW(local_moran_permutation(field(3, 3, 1), w, {0, 1, 2}), input_error);
    EXPECT_THROW(local_moran_permutation(field(3, 3, 1), w, {9, 1, 0}), input_error);
    EXPECT_THROW(local_moran(std::vector<double>(9, 2.0), w), input_error);
}

}  // namespace
}  // namespace covermap::stats
