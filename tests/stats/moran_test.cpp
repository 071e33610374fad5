#include "stats/moran.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "core/error.hpp"
#include "tests/stats/lattice.hpp"

namespace covermap::stats {
namespace {

std::vector<double> checkerboard(int rows, int cols) {
    std::vector<double> x;
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c) x.push_back((r + c) % 2);
    return x;
}

std::vector<double> gradient(int rows, int cols) {
    std::vector<double> x;
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c) x.push_back(r + 0.5 * c);
    return x;
}

std::vector<double> noise(std::size_t n, unsigned seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<double> normal;
    std::vector<double> x(n);
    for (auto& v : x) v = normal(rng);
    return x;
}

// The randomisation variance of Moran's I (Cliff & Ord) from a dense weight matrix.
moran_test_result dense_moran_test(const std::vector<double>& x, const neighbour_lists& nb) {
    const auto n = x.size();
    std::vector<std::vector<double>> w(n, std::vector<double>(n, 0.0));
    for (std::size_t i = 0; i < n; ++i)
        for (int j : nb[i]) w[i][static_cast<std::size_t>(j)] = 1.0 / static_cast<double>(nb[i].size());
    double mean = 0.0;
    for (double v : x) mean += v / static_cast<double>(n);
    double s0 = 0, s1 = 0, s2 = 0, m2 = 0, m4 = 0, cross = 0;
    for (std::size_t i = 0; i < n; ++i) {
        double row = 0, column = 0;
        for (std::size_t j = 0; j < n; ++j) {
            s0 += w[i][j];
            s1 += 0.5 * (w[i][j] + w[j][i]) * (w[i][j] + w[j][i]);
            row += w[i][j];
            column += w[j][i];
            cross += w[i][j] * (x[i] - mean) * (x[j] - mean);
        }
        s2 += (row + column) * (row + column);
        m2 += std::pow(x[i] - mean, 2) / static_cast<double>(n);
        m4 += std::pow(x[i] - mean, 4) / static_cast<double>(n);
    }
    const double nn = static_cast<double>(n), b2 = m4 / (m2 * m2);
    moran_test_result r{};
    r.statistic = nn / s0 * cross / (m2 * nn);
    r.expectation = -1.0 / (nn - 1);
    r.variance = (nn * ((nn * nn - 3 * nn + 3) * s1 - nn * s2 + 3 * s0 * s0) -
                  b2 * ((nn * nn - nn) * s1 - 2 * nn * s2 + 6 * s0 * s0)) /
                     ((nn - 1) * (nn - 2) * (nn - 3) * s0 * s0) -
                 r.expectation * r.expectation;
    return r;
}

TEST(StatsMoran, CheckerboardIsPerfectlyNegativeOnRooks) {
    const auto r = moran_test(checkerboard(6, 6), testing::grid_weights(6, 6, false));
    EXPECT_NEAR(r.statistic, -1.0, 1e-12);
    EXPECT_LT(r.z, -5.0);
    EXPECT_GT(r.p_value, 0.999);
    // Queen neighbours share the colour across corners: still clearly negative, not −1.
    const double queen = moran_i(checkerboard(6, 6), testing::grid_weights(6, 6, true));
    EXPECT_LT(queen, -0.1);
    EXPECT_GT(queen, -0.9);
}

TEST(StatsMoran, GradientIsStronglyPositive) {
    const auto r = moran_test(gradient(10, 10), testing::grid_weights(10, 10, true));
    EXPECT_GT(r.statistic, 0.8);
    EXPECT_NEAR(r.expectation, -1.0 / 99.0, 1e-15);
    EXPECT_GT(r.z, 10.0);
    EXPECT_LT(r.p_value, 1e-20);
}

TEST(StatsMoran, MatchesTheDenseTextbookFormulasAlsoForAsymmetricNeighbours) {
    // Nearest-two neighbours on a line with a jitter: not symmetric, degrees differ.
    const neighbour_lists nb{{1, 2}, {0, 2}, {1, 3}, {2, 4}, {3}, {4, 6}, {5, 7, 8}, {6}, {7, 6}};
    const auto x = noise(nb.size(), 7);
    const auto ours = moran_test(x, make_row_weights(nb));
    const auto dense = dense_moran_test(x, nb);
    EXPECT_NEAR(ours.statistic, dense.statistic, 1e-12);
    EXPECT_NEAR(ours.variance, dense.variance, 1e-12);
    EXPECT_NEAR(ours.z, (dense.statistic - dense.expectation) / std::sqrt(dense.variance), 1e-10);
    EXPECT_NEAR(ours.p_value, 0.5 * std::erfc(ours.z / std::sqrt(2.0)), 1e-15);
}

TEST(StatsMoran, PermutationPValueSmallForClustersNotForNoise) {
    const auto w = testing::grid_weights(10, 10, true);
    const auto clustered = moran_permutation(gradient(10, 10), w, 499, 42);
    EXPECT_DOUBLE_EQ(clustered.p_value, 1.0 / 500.0);
    EXPECT_NEAR(clustered.statistic, moran_i(gradient(10, 10), w), 1e-15);
    const auto random = moran_permutation(noise(100, 3), w, 499, 42);
    EXPECT_GT(random.p_value, 0.1);
    EXPECT_EQ(random.nsim, 499);
}

TEST(StatsMoran, PermutationIsDeterministicForASeed) {
    const auto w = testing::grid_weights(8, 8, true);
    const auto x = noise(64, 11);
    EXPECT_EQ(moran_permutation(x, w, 199, 5).p_value, moran_permutation(x, w, 199, 5).p_value);
    bool differs = false;
    for (std::uint64_t seed = 6; seed < 12 && !differs; ++seed)
        differs = moran_permutation(x, w, 199, seed).p_value != moran_permutation(x, w, 199, 5).p_value;
    EXPECT_TRUE(differs);
}

TEST(StatsMoran, RejectsBadInput) {
    const auto w = testing::grid_weights(3, 3, true);
    EXPECT_THROW(moran_test(std::vector<double>(8, 1.0), w), input_error);
    EXPECT_THROW(moran_test(std::vector<double>(9, 1.0), w), input_error);  // constant
    auto x = noise(9, 1);
    x[4] = std::nan("");
    EXPECT_THROW(moran_test(x, w), input_error);
    EXPECT_THROW(moran_permutation(noise(9, 1), w, 0, 1), input_error);
}

}  // namespace
}  // namespace covermap::stats
