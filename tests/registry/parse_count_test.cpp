#include "boundaries/boundary_import.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"

namespace covermap::boundaries {
namespace {

TEST(ParseCount, AcceptsWholeNumbersWithSeparators) {
    EXPECT_EQ(parse_count(std::string("120"), "x"), 120);
    EXPECT_EQ(parse_count(std::string(" 1,234 "), "x"), 1234);
    EXPECT_EQ(parse_count(std::string("786447.0"), "x"), 786447);
    EXPECT_EQ(parse_count(std::nullopt, "x"), std::nullopt);
    EXPECT_EQ(parse_count(std::string("  "), "x"), std::nullopt);
}

TEST(ParseCount, RejectsOthersNamingWhere) {
    for (const char* bad : {"abc", "-5", "1.5", "12 hộ"}) {
        try {
            parse_count(std::string(bad), "file.csv, row 7, field households");
            FAIL() << bad;
        } catch (const input_error& e) {
            EXPECT_NE(std::string(e.what()).find("row 7, field households"), std::string::npos);
        }
    }
}

}  // namespace
}  // namespace covermap::boundaries
