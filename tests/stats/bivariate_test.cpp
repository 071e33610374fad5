#include "stats/bivariate.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "stats/moran.hpp"

namespace covermap::stats {
namespace {

// The 12 units of R's cell2nb(3, 4) (rook, 0-based), with spdep 1.2-7's moran_bv(x, y, nb2listw(nb))$t0.
const neighbour_lists rook{{1, 4},      {0, 2, 5},     {1, 3, 6},  {2, 7},      {0, 5, 8},    {1, 4, 6, 9},
                           {2, 5, 7, 10}, {3, 6, 11}, {4, 9},     {5, 8, 10},  {6, 9, 11},  {7, 10}};

std::vector<double> rates() {
    const std::vector<double> cases{0, 9, 5, 2, 12, 1, 0, 4, 10, 2, 8, 2};
    const std::vector<double> population{14, 10, 8, 3, 12, 20, 15, 9, 10, 17, 8, 2};
    std::vector<double> x;
    for (std::size_t i = 0; i < cases.size(); ++i) x.push_back(cases[i] / population[i]);
    return x;
}

TEST(StatsBivariateMoran, EqualsSpdepMoranBv) {
    const auto w = make_row_weights(rook);
    const std::vector<double> y{3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8};
    EXPECT_NEAR(bivariate_moran(rates(), y, w), 0.082087124070495482, 1e-12);
    const auto mc = bivariate_moran_permutation(rates(), y, w, 99, 3);
    EXPECT_NEAR(mc.statistic, 0.082087124070495482, 1e-12);
    EXPECT_GT(mc.p_value, 0.0);
    EXPECT_LE(mc.p_value, 1.0);
    EXPECT_EQ(mc.p_value, bivariate_moran_permutation(rates(), y, w, 99, 3).p_value);  // seeded
}

TEST(StatsBivariateMoran, OfAVariableWithItselfIsMoransI) {
    const auto w = make_row_weights(rook);
    EXPECT_NEAR(bivariate_moran(rates(), rates(), w), moran_i(rates(), w), 1e-12);
}

TEST(StatsBivariateMoran, RefusesConstantOrMismatchedValues) {
    const auto w = make_row_weights(rook);
    EXPECT_THROW(bivariate_moran(rates(), std::vector<double>(12, 1.0), w), input_error);
    EXPECT_THROW(bivariate_moran(rates(), std::vector<double>(11, 1.0), w), input_error);
    EXPECT_THROW(bivariate_moran_permutation(rates(), rates(), w, 0, 1), input_error);
}

}  // namespace
}  // namespace covermap::stats
