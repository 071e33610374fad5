#include "stats/getis_ord.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "core/error.hpp"
#include "tests/stats/lattice.hpp"

namespace covermap::stats {
namespace {

std::vector<double> hot_corner(int size, unsigned seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<double> normal;
    std::vector<double> x;
    for (int r = 0; r < size; ++r)
        for (int c = 0; c < size; ++c) x.push_back((r < 3 && c < 3 ? 10.0 : 0.0) + normal(rng));
    return x;
}

TEST(StatsGetisOrd, HotCornerIsLargePositive) {
    const auto g = getis_ord_g_star(hot_corner(10, 1), testing::grid_weights(10, 10, true));
    EXPECT_GT(g[1 * 10 + 1], 4.0);
    EXPECT_GT(g[0], 3.0);
    EXPECT_LT(g[9 * 10 + 9], 0.0);
    EXPECT_LT(std::fabs(g[6 * 10 + 6]), 2.0);
}

// Getis & Ord (1992) G*_i with binary weights, the unit included: the textbook z-score.
TEST(StatsGetisOrd, EqualsTheBinaryWeightTextbookForm) {
    const auto nb = testing::grid_neighbours(7, 5, true);
    const auto x = hot_corner(7, 2);  // 7 × 7 field, the first 35 values used
    const std::vector<double> values(x.begin(), x.begin() + 35);
    const auto g = getis_ord_g_star(values, make_row_weights(nb));
    const double n = 35.0;
    double mean = 0.0, squares = 0.0;
    for (double v : values) mean += v / n;
    for (double v : values) squares += v * v / n;
    const double s = std::sqrt(squares - mean * mean);
    for (std::size_t i = 0; i < values.size(); ++i) {
        double sum = values[i];
        for (int j : nb[i]) sum += values[static_cast<std::size_t>(j)];
        const double weight = static_cast<double>(nb[i].size()) + 1.0;
        const double z = (sum - mean * weight) / (s * std::sqrt((n * weight - weight * weight) / (n - 1.0)));
        EXPECT_NEAR(g[i], z, 1e-10) << i;
    }
}

TEST(StatsGetisOrd, RejectsBadInput) {
    const auto w = testing::grid_weights(2, 2, true);
    EXPECT_THROW(getis_ord_g_star({1, 2, 3}, w), input_error);
    EXPECT_THROW(getis_ord_g_star({1, 2, 3, std::nan("")}, w), input_error);
}

}  // namespace
}  // namespace covermap::stats
