#include "api/geometry_cache.hpp"

#include <gtest/gtest.h>

namespace covermap::api {
namespace {

std::shared_ptr<const std::string> text(std::size_t n, char c = 'x') { return std::make_shared<const std::string>(n, c); }

TEST(GeometryCache, KeepsByUnitAndCrsForOneDataVersion) {
    geometry_cache cache(1 << 20);
    cache.put(7, 1, 0, text(10, 'a'));
    cache.put(7, 1, 3857, text(10, 'b'));
    EXPECT_EQ(*cache.find(7, 1, 0), std::string(10, 'a'));
    EXPECT_EQ(*cache.find(7, 1, 3857), std::string(10, 'b'));
    EXPECT_EQ(cache.find(7, 2, 0), nullptr);
    // A new data version empties it: geometries may have changed.
    EXPECT_EQ(cache.find(8, 1, 0), nullptr);
    EXPECT_EQ(cache.statistics().entries, 0u);
    const auto s = cache.statistics();
    EXPECT_EQ(s.hits, 2u);
    EXPECT_EQ(s.misses, 2u);
}

TEST(GeometryCache, EvictsTheLeastRecentlyUsedBeyondItsBudget) {
    geometry_cache cache(3000);
    cache.put(1, 1, 0, text(800));
    cache.put(1, 2, 0, text(800));
    cache.put(1, 3, 0, text(800));
    ASSERT_NE(cache.find(1, 1, 0), nullptr);  // 1 is now the most recent
    cache.put(1, 4, 0, text(800));            // 2 goes
    EXPECT_EQ(cache.find(1, 2, 0), nullptr);
    EXPECT_NE(cache.find(1, 1, 0), nullptr);
    EXPECT_NE(cache.find(1, 4, 0), nullptr);
    EXPECT_LE(cache.statistics().bytes, 3000u);
    cache.put(1, 5, 0, text(5000));  // larger than the budget: not kept, nothing evicted for it
    EXPECT_EQ(cache.find(1, 5, 0), nullptr);
    EXPECT_NE(cache.find(1, 4, 0), nullptr);
    geometry_cache off(0);
    off.put(1, 1, 0, text(1));
    EXPECT_EQ(off.find(1, 1, 0), nullptr);
}

}  // namespace
}  // namespace covermap::api
