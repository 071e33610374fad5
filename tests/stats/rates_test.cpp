#include "stats/rates.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "core/error.hpp"
#include "stats/moran.hpp"

namespace covermap::stats {
namespace {

// 12 units, rook contiguity of R's cell2nb(3, 4) (0-based here), with the reference numbers of
// spdep 1.2-7: EBest(cases, pop), EBlocal(cases, pop, nb), EBImoran.mc(cases, pop, nb2listw(nb), 99).
const std::vector<double> cases{0, 9, 5, 2, 12, 1, 0, 4, 10, 2, 8, 2};
const std::vector<double> population{14, 10, 8, 3, 12, 20, 15, 9, 10, 17, 8, 2};
const neighbour_lists rook{{1, 4},      {0, 2, 5},     {1, 3, 6},  {2, 7},      {0, 5, 8},    {1, 4, 6, 9},
                           {2, 5, 7, 10}, {3, 6, 11}, {4, 9},     {5, 8, 10},  {6, 9, 11},  {7, 10}};

void expect_all_near(const std::vector<double>& ours, const std::vector<double>& theirs, double tolerance) {
    ASSERT_EQ(ours.size(), theirs.size());
    for (std::size_t i = 0; i < ours.size(); ++i) EXPECT_NEAR(ours[i], theirs[i], tolerance) << "unit " << i;
}

TEST(StatsRates, GlobalEmpiricalBayesEqualsSpdepEBest) {
    const auto eb = eb_global(cases, population);
    EXPECT_NEAR(eb.b, 0.4296875, 1e-15);
    EXPECT_NEAR(eb.a, 0.13931517756842321, 1e-14);
    expect_all_near(eb.smoothed,
                    {0.077572937584780066, 0.78913591832286301, 0.57065285906132368, 0.54653568810853204,
                     0.88338820188041334, 0.10072992121256924, 0.073283415266036267, 0.44067801509955479,
                     0.86556348899616276, 0.16556617814224345, 0.84130634845906516, 0.6540308131913386},
                    1e-12);
    EXPECT_DOUBLE_EQ(eb.raw[1], 0.9);
}

TEST(StatsRates, LocalEmpiricalBayesEqualsSpdepEBlocal) {
    const auto eb = eb_local(cases, population, rook);
    expect_all_near(eb.smoothed,
                    {0.070446497651047491, 0.81358964427502067, 0.5606726814699422, 0.55000000000000004,
                     0.9073386046271712, 0.078558820117355904, 0.050326479219203968, 0.34903187396436247,
                     0.87503352431368753, 0.1586411643744427, 0.84938409282312965, 0.80118428536018793},
                    1e-12);
    EXPECT_NEAR(eb.m[0], (0.0 + 9 + 12) / (14.0 + 10 + 12), 1e-15);  // unit 0 with neighbours 1 and 4
}

TEST(StatsRates, EbStandardisedMoranEqualsSpdepEBImoran) {
    const auto z = eb_standardised(cases, population);
    expect_all_near(z,
                    {-1.0421233737839877, 1.1015705908931408, 0.44455142227838174, 0.44582750534647253,
                     1.362830844921088, -0.94685588246399921, -1.0484518248305659, 0.0341199218967249,
                     1.3357915803189249, -0.76914453089610979, 1.2980901530528746, 0.95832715304102667},
                    1e-12);
    const auto w = make_row_weights(rook);
    EXPECT_NEAR(moran_i(z, w), -0.26189806667741, 1e-12);
    const auto mc = moran_permutation(z, w, 99, 7);
    EXPECT_NEAR(mc.statistic, -0.26189806667741, 1e-12);
    EXPECT_GT(mc.p_value, 0.5);  // a negative I is not "greater"
}

TEST(StatsRates, NoDispersionShrinksEveryRateToThePooledRate) {
    // Rates that vary less than Poisson noise would make them: a = 0, every unit gets b (as EBest).
    const auto eb = eb_global({1, 2, 1, 2}, {3, 4, 2, 5});
    EXPECT_EQ(eb.a, 0.0);
    for (double v : eb.smoothed) EXPECT_DOUBLE_EQ(v, 6.0 / 14.0);
}

TEST(StatsRates, AnIslandKeepsItsRawRateAndAGroupWithoutCasesIsZero) {
    const auto eb = eb_local({0, 0, 3}, {5, 4, 7}, {{1}, {0}, {}});
    EXPECT_DOUBLE_EQ(eb.smoothed[2], 3.0 / 7.0);
    EXPECT_EQ(eb.smoothed[0], 0.0);  // spdep: NaN (0/0)
    EXPECT_EQ(eb.smoothed[1], 0.0);
}

TEST(StatsRates, RefusesWhatEBestRefuses) {
    EXPECT_THROW(eb_global({1, 2}, {3}), input_error);
    EXPECT_THROW(eb_global({1, -1}, {3, 4}), input_error);
    EXPECT_THROW(eb_global({1, 1}, {3, 0}), input_error);
    EXPECT_THROW(eb_global({}, {}), input_error);
    EXPECT_THROW(eb_local({1, 1}, {3, 4}, {{1}, {2}}), input_error);
    EXPECT_THROW(eb_local({1, 1}, {3, 4}, {{1}}), input_error);
}

}  // namespace
}  // namespace covermap::stats
