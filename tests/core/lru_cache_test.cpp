// The one versioned LRU (core/lru_cache.hpp) behind the tile and geometry caches: eviction order,
// the byte budget, versions, replacement and the counters the /metrics page reports.
#include "core/lru_cache.hpp"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace covermap::core {
namespace {

using cache = lru_cache<std::string, std::string>;

std::shared_ptr<const std::string> value(const std::string& s) { return std::make_shared<const std::string>(s); }

TEST(LruCache, EvictsTheLeastRecentlyUsedFirst) {
    cache c(300);
    c.put("a", value("A"), 100, 1);
    c.put("b", value("B"), 100, 1);
    c.put("c", value("C"), 100, 1);
    ASSERT_NE(c.get("a", 1), nullptr);  // a is now the most recent; b the least
    c.put("d", value("D"), 100, 1);
    EXPECT_EQ(c.get("b", 1), nullptr);
    EXPECT_EQ(*c.get("a", 1), "A");
    EXPECT_EQ(*c.get("c", 1), "C");
    EXPECT_EQ(*c.get("d", 1), "D");
    // The gets above used a, c, d in that order: an entry costing two slots pushes out a, then c.
    c.put("e", value("E"), 200, 1);
    EXPECT_EQ(c.get("a", 1), nullptr);
    EXPECT_EQ(c.get("c", 1), nullptr);
    EXPECT_NE(c.get("d", 1), nullptr);
    EXPECT_NE(c.get("e", 1), nullptr);
    const auto s = c.stats();
    EXPECT_EQ(s.evictions, 3);
    EXPECT_EQ(s.entries, 2);
    EXPECT_EQ(s.bytes, 300u);
    EXPECT_EQ(s.capacity, 300u);
}

TEST(LruCache, NeverHoldsMoreThanItsCapacity) {
    cache c(1000);
    for (int i = 0; i < 500; ++i) {
        c.put(std::to_string(i), value("x"), 1 + static_cast<std::size_t>(i * 37 % 250), 1);
        ASSERT_LE(c.stats().bytes, 1000u) << i;
    }
    // The newest entry is always there.
    EXPECT_NE(c.get("499", 1), nullptr);
}

TEST(LruCache, AnEntryLargerThanTheCapacityIsNotKeptAndEvictsNothing) {
    cache c(100);
    c.put("small", value("s"), 60, 1);
    c.put("huge", value("h"), 101, 1);
    EXPECT_EQ(c.get("huge", 1), nullptr);
    EXPECT_NE(c.get("small", 1), nullptr);
    EXPECT_EQ(c.stats().evictions, 0);
}

TEST(LruCache, ReplacingAKeyReplacesItsCost) {
    cache c(100);
    c.put("k", value("one"), 80, 1);
    c.put("k", value("two"), 30, 1);
    EXPECT_EQ(*c.get("k", 1), "two");
    EXPECT_EQ(c.stats().bytes, 30u);
    EXPECT_EQ(c.stats().entries, 1);
    c.put("other", value("o"), 70, 1);  // fits beside the replacement: nothing evicted
    EXPECT_EQ(c.stats().evictions, 0);
}

TEST(LruCache, AnEntryOfAnotherVersionIsNeverReturned) {
    cache c(1000);
    c.put("k", value("v1"), 10, 1);
    EXPECT_EQ(c.get("k", 2), nullptr);   // newer data: a miss
    EXPECT_EQ(*c.get("k", 1), "v1");     // a request still on version 1 keeps its entry
    c.put("k", value("v2"), 10, 2);
    EXPECT_EQ(c.get("k", 1), nullptr);
    EXPECT_EQ(*c.get("k", 2), "v2");
    c.put("old", value("o"), 10, 1);
    c.put("new", value("n"), 10, 2);
    EXPECT_EQ(c.drop_other_versions(2), 1u);
    EXPECT_EQ(c.stats().entries, 2);
    EXPECT_EQ(c.stats().bytes, 20u);
    const auto s = c.stats();
    EXPECT_EQ(s.hits, 2);
    EXPECT_EQ(s.misses, 2);
}

TEST(LruCache, CapacityZeroKeepsNothing) {
    cache c(0);
    EXPECT_FALSE(c.enabled());
    c.put("k", value("v"), 1, 1);
    EXPECT_EQ(c.get("k", 1), nullptr);
    EXPECT_EQ(c.stats().entries, 0);
}

TEST(LruCache, ClearEmptiesButKeepsTheCounters) {
    cache c(100);
    c.put("k", value("v"), 10, 1);
    ASSERT_NE(c.get("k", 1), nullptr);
    c.clear();
    EXPECT_EQ(c.get("k", 1), nullptr);
    EXPECT_EQ(c.stats().entries, 0);
    EXPECT_EQ(c.stats().bytes, 0u);
    EXPECT_EQ(c.stats().hits, 1);
}

// Many threads at once (the server's workers): the budget holds and the counters add up. The ASan
// and UBSan build runs this too.
TEST(LruCache, ManyThreadsKeepTheBudgetAndTheCounts) {
    cache c(5000);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&c, t] {
            for (int i = 0; i < 2000; ++i) {
                const std::string key = std::to_string((i * 7 + t) % 300);
                if (!c.get(key, i / 500)) c.put(key, value(key), 50 + static_cast<std::size_t>(i % 40), i / 500);
                if (i % 700 == 0) c.drop_other_versions(i / 500);
            }
        });
    }
    for (auto& th : threads) th.join();
    const auto s = c.stats();
    EXPECT_LE(s.bytes, 5000u);
    EXPECT_EQ(s.hits + s.misses, 4 * 2000);
}

}  // namespace
}  // namespace covermap::core
