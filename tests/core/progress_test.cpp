#include "core/progress.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace covermap::core {
namespace {

TEST(Progress, ThousandsSeparators) {
    EXPECT_EQ(thousands(0), "0");
    EXPECT_EQ(thousands(999), "999");
    EXPECT_EQ(thousands(1000), "1,000");
    EXPECT_EQ(thousands(102046), "102,046");
    EXPECT_EQ(thousands(-1234567), "-1,234,567");
}

TEST(Progress, WritesNothingWhenNotATerminal) {
    std::FILE* file = std::tmpfile();
    ASSERT_NE(file, nullptr);
    {
        progress bar("import", file);
        EXPECT_FALSE(bar.enabled());
        for (long long i = 0; i < 100000; i += 100) bar.update(i);
        bar.finish();
    }
    EXPECT_EQ(std::ftell(file), 0);
    std::fclose(file);
}

}  // namespace
}  // namespace covermap::core
