#include "tiles/tile_grid.hpp"

#include <gtest/gtest.h>

namespace covermap::tiles {
namespace {

TEST(TileGrid, ParsesTilePathsAndRejectsMalformedOnes) {
    EXPECT_EQ(parse_tile_path("12/3245/1790.mvt"), (tile_id{12, 3245, 1790}));
    EXPECT_EQ(parse_tile_path("0/0/0.pbf"), (tile_id{0, 0, 0}));
    for (const char* bad : {"12/3245/1790", "12/3245.mvt", "a/1/2.mvt", "1/-1/0.mvt", "1/0/0.png", "1//0.mvt",
                            "99999999999/0/0.mvt", "1/0/0.mvt/x", ""}) {
        EXPECT_EQ(parse_tile_path(bad), std::nullopt) << bad;
    }
}

TEST(TileGrid, GridRange) {
    EXPECT_TRUE(in_grid({0, 0, 0}));
    EXPECT_FALSE(in_grid({0, 1, 0}));
    EXPECT_TRUE(in_grid({3, 7, 7}));
    EXPECT_FALSE(in_grid({3, 8, 0}));
    EXPECT_FALSE(in_grid({-1, 0, 0}));
    EXPECT_FALSE(in_grid({25, 0, 0}));
}

TEST(TileGrid, BoundsMatchTheMercatorGrid) {
    const bounds world = mercator_bounds({0, 0, 0});
    EXPECT_DOUBLE_EQ(world.min_x, -mercator_half_extent);
    EXPECT_DOUBLE_EQ(world.max_y, mercator_half_extent);
    const bounds nw = mercator_bounds({1, 0, 0});
    EXPECT_DOUBLE_EQ(nw.max_x, 0.0);
    EXPECT_DOUBLE_EQ(nw.min_y, 0.0);
}

TEST(TileGrid, TileAtFindsHanoi) {
    // Hà Nội (105.85 E, 21.03 N) lies in tile 7/101/56 of the XYZ grid.
    EXPECT_EQ(tile_at(105.85, 21.03, 7), (tile_id{7, 101, 56}));
    EXPECT_EQ(tile_at(105.85, 21.03, 0), (tile_id{0, 0, 0}));
    EXPECT_EQ(tile_at(180.0, -90.0, 2), (tile_id{2, 3, 3}));  // clamped into the grid
}

}  // namespace
}  // namespace covermap::tiles
