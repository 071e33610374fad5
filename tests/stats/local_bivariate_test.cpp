#include "stats/local_bivariate.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "core/error.hpp"
#include "stats/bivariate.hpp"
#include "tests/stats/lattice.hpp"

namespace covermap::stats {
namespace {

// R's cell2nb(3, 4): the rook lattice of tests/stats/lattice.hpp (3 rows, 4 columns).
std::vector<double> rates() {
    const std::vector<double> cases{0, 9, 5, 2, 12, 1, 0, 4, 10, 2, 8, 2};
    const std::vector<double> population{14, 10, 8, 3, 12, 20, 15, 9, 10, 17, 8, 2};
    std::vector<double> x;
    for (std::size_t i = 0; i < cases.size(); ++i) x.push_back(cases[i] / population[i]);
    return x;
}
const std::vector<double> y{3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8};

TEST(StatsBivariateLocalMoran, EqualsSpdepLocalmoranBv) {
    // suppressPackageStartupMessages(library(spdep)); options(digits = 17)
    // x <- c(0, 9, 5, 2, 12, 1, 0, 4, 10, 2, 8, 2) / c(14, 10, 8, 3, 12, 20, 15, 9, 10, 17, 8, 2)
    // y <- c(3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8)
    // localmoran_bv(x, y, nb2listw(cell2nb(3, 4)), nsim = 999)[, "Ibvi"]   (spdep 1.2-7)
    const std::vector<double> expected{0.69924682658579618,  0.30803116617489912,  -0.16099940291997122,
                                       0.061471048985741968, 0.53403656025012414,  0.75712940547725027,
                                       -0.87405853323224569, 0.075560438440471403, -0.1335091400625309,
                                       -0.83123199514294388, 1.6906149407374433e-16, 0.46728199021885869};
    const auto w = testing::grid_weights(3, 4, false);
    const auto ibv = bivariate_local_moran(rates(), y, w);
    ASSERT_EQ(ibv.size(), expected.size());
    for (std::size_t i = 0; i < ibv.size(); ++i) EXPECT_NEAR(ibv[i], expected[i], 1e-12) << "unit " << i;
}

TEST(StatsBivariateLocalMoran, AveragesToTheGlobalBivariateMoranTimesNMinusOneOverN) {
    // Σ_i Ibv_i = Σ x_i lag(y)_i and moran_bv's I = Σ x_i lag(y)_i / Σ x_i² with Σ x_i² = n − 1.
    const auto w = testing::grid_weights(3, 4, true);
    const auto ibv = bivariate_local_moran(rates(), y, w);
    double sum = 0;
    for (double v : ibv) sum += v;
    EXPECT_NEAR(sum / 11.0, bivariate_moran(rates(), y, w), 1e-12);
}

TEST(StatsBivariateLocalMoran, PermutationsAreSeededAndCentredOnTheConditionalMean) {
    const auto w = testing::grid_weights(3, 4, false);
    const auto a = bivariate_local_moran_permutation(rates(), y, w, {4999, 7, 2});
    const auto b = bivariate_local_moran_permutation(rates(), y, w, {4999, 7, 1});
    EXPECT_EQ(a.p_folded, b.p_folded);  // the same for any number of threads
    // E(Ibv_i | x_i) under drawing neighbours among the others: zx_i · mean of scale(y) over j ≠ i
    // = −zx_i · zy_i / (n − 1), since scale(y) sums to 0.
    const auto zx = [&] {
        double m = 0, ss = 0;
        for (double v : rates()) m += v;
        m /= 12;
        for (double v : rates()) ss += (v - m) * (v - m);
        std::vector<double> z;
        for (double v : rates()) z.push_back((v - m) / std::sqrt(ss / 11));
        return z;
    }();
    double my = 0, ssy = 0;
    for (double v : y) my += v;
    my /= 12;
    for (double v : y) ssy += (v - my) * (v - my);
    for (std::size_t i = 0; i < 12; ++i) {
        const double zy = (y[i] - my) / std::sqrt(ssy / 11);
        EXPECT_NEAR(a.mean[i], -zx[i] * zy / 11, 0.03) << "unit " << i;
        EXPECT_GT(a.p_folded[i], 0.0);
        EXPECT_LE(a.p_folded[i], 0.5 + 1e-12);
    }
}

TEST(StatsBivariateLocalMoran, QuadrantsComparePairsWithTheMeans) {
    const auto w = testing::grid_weights(3, 4, false);
    const auto q = bivariate_quadrants(rates(), y, w);
    // Unit 4: x = 1 (high), lag(y) = mean(3, 9, 5) = 5.67 > mean lag → HH; unit 6: x = 0 (low) with
    // neighbours y (4, 9, 6, 5) → LH.
    EXPECT_EQ(q[4], quadrant::high_high);
    EXPECT_EQ(q[6], quadrant::low_high);
}

TEST(StatsBivariateLocalMoran, RefusesConstantOrMismatchedValues) {
    const auto w = testing::grid_weights(3, 4, false);
    EXPECT_THROW(bivariate_local_moran(rates(), std::vector<double>(12, 2.0), w), input_error);
    EXPECT_THROW(bivariate_local_moran(rates(), std::vector<double>(11, 2.0), w), input_error);
    EXPECT_THROW(bivariate_local_moran_permutation(rates(), y, w, {0, 1, 1}), input_error);
}

}  // namespace
}  // namespace covermap::stats
