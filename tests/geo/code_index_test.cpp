#include "geo/code_index.hpp"

#include <gtest/gtest.h>

namespace covermap::geo {
namespace {

TEST(CodeIndex, ExactCodesAndCodesThatLostTheirLeadingZeros) {
    code_index codes;
    codes.add("06415", 1);
    codes.add("00082", 2);
    codes.add("082", 3);  // "82" would now name two units
    EXPECT_EQ(codes.find("06415"), 1);
    EXPECT_EQ(codes.find("6415"), 1);
    EXPECT_EQ(codes.find("082"), 3);
    EXPECT_EQ(codes.find("82"), std::nullopt);      // never guess between two
    EXPECT_EQ(codes.find("006415"), std::nullopt);  // extra zeros are another code
    EXPECT_EQ(codes.find("9"), std::nullopt);
    EXPECT_EQ(without_leading_zeros("000"), "0");
}

}  // namespace
}  // namespace covermap::geo
