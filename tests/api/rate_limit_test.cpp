#include "api/rate_limit.hpp"

#include <gtest/gtest.h>

namespace covermap::api {
namespace {

using namespace std::chrono_literals;

TEST(RateLimit, BurstThenRefillAtTheRatePerClient) {
    rate_limiter limiter(60, 3);  // one a second, three at once
    const auto t0 = std::chrono::steady_clock::time_point{} + 1000s;
    EXPECT_EQ(limiter.admit("a", t0), 0);
    EXPECT_EQ(limiter.admit("a", t0), 0);
    EXPECT_EQ(limiter.admit("a", t0), 0);
    EXPECT_EQ(limiter.admit("a", t0), 1);          // empty: one second to the next token
    EXPECT_EQ(limiter.admit("b", t0), 0);          // another client has its own bucket
    EXPECT_EQ(limiter.admit("a", t0 + 500ms), 1);  // half a token
    EXPECT_EQ(limiter.admit("a", t0 + 1000ms), 0);
    EXPECT_EQ(limiter.admit("a", t0 + 1000ms), 1);
    EXPECT_EQ(limiter.admit("a", t0 + 10s), 0);  // refilled, but never beyond the burst
    EXPECT_EQ(limiter.admit("a", t0 + 10s), 0);
    EXPECT_EQ(limiter.admit("a", t0 + 10s), 0);
    EXPECT_EQ(limiter.admit("a", t0 + 10s), 1);
    rate_limiter slow(6, 1);  // one every ten seconds
    EXPECT_EQ(slow.admit("c", t0), 0);
    EXPECT_EQ(slow.admit("c", t0), 10);
    rate_limiter off(0, 1);
    EXPECT_FALSE(off.enabled());
    for (int i = 0; i < 100; ++i) EXPECT_EQ(off.admit("d", t0), 0);
}

}  // namespace
}  // namespace covermap::api
