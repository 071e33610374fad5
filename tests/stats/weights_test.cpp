#include "stats/weights.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "tests/stats/lattice.hpp"

namespace covermap::stats {
namespace {

TEST(StatsWeights, CompressesSortedRows) {
    const auto w = make_row_weights({{2, 1}, {0}, {0}});
    ASSERT_EQ(w.size(), 3u);
    EXPECT_EQ(w.degree(0), 2u);
    EXPECT_EQ(w.neighbours, (std::vector<int>{1, 2, 0, 0}));
    EXPECT_EQ(w.row_start, (std::vector<std::size_t>{0, 2, 3, 4}));
}

TEST(StatsWeights, LagIsTheNeighbourMean) {
    const auto w = make_row_weights({{1, 2}, {0}, {0, 1}});
    EXPECT_EQ(spatial_lag(w, {1.0, 4.0, 10.0}), (std::vector<double>{7.0, 1.0, 2.5}));
}

TEST(StatsWeights, GridDegrees) {
    const auto queen = testing::grid_weights(3, 3, true);
    const auto rook = testing::grid_weights(3, 3, false);
    EXPECT_EQ(queen.degree(0), 3u);
    EXPECT_EQ(queen.degree(4), 8u);
    EXPECT_EQ(rook.degree(0), 2u);
    EXPECT_EQ(rook.degree(4), 4u);
}

TEST(StatsWeights, RejectsMalformedNeighbourLists) {
    EXPECT_THROW(make_row_weights({{1}, {}}), input_error);       // island
    EXPECT_THROW(make_row_weights({{1}, {0, 0}}), input_error);   // duplicate
    EXPECT_THROW(make_row_weights({{1}, {1}}), input_error);      // self
    EXPECT_THROW(make_row_weights({{2}, {0}}), input_error);      // out of range
    EXPECT_THROW(make_row_weights({{-1}, {0}}), input_error);
    try {
        make_row_weights({{1}, {}});
    } catch (const input_error& e) {
        EXPECT_NE(std::string(e.what()).find("unit 1"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace covermap::stats
