#include "stats/p_adjust.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "core/error.hpp"

namespace covermap::stats {
namespace {

const double na = std::numeric_limits<double>::quiet_NaN();
// R 4.2: p.adjust(c(0.01, 0.04, 0.03, 0.2, 0.04, NA, 0.5, 0.001, 0.049), "BH" / "bonferroni").
const std::vector<double> p{0.01, 0.04, 0.03, 0.2, 0.04, na, 0.5, 0.001, 0.049};

void expect_r(const std::vector<double>& ours, const std::vector<double>& r) {
    ASSERT_EQ(ours.size(), r.size());
    for (std::size_t i = 0; i < r.size(); ++i) {
        if (std::isnan(r[i])) {
            EXPECT_TRUE(std::isnan(ours[i])) << i;
        } else {
            EXPECT_NEAR(ours[i], r[i], 1e-12) << i;
        }
    }
}

TEST(StatsPAdjust, BenjaminiHochbergEqualsR) {
    expect_r(p_adjust(p, p_adjustment::fdr), {0.040000000000000001, 0.064000000000000001, 0.064000000000000001,
                                              0.22857142857142856, 0.064000000000000001, na, 0.5,
                                              0.0080000000000000002, 0.065333333333333327});
}

TEST(StatsPAdjust, BonferroniEqualsR) {
    expect_r(p_adjust(p, p_adjustment::bonferroni), {0.080000000000000002, 0.32000000000000001, 0.23999999999999999, 1,
                                                     0.32000000000000001, na, 1, 0.0080000000000000002,
                                                     0.39200000000000002});
}

TEST(StatsPAdjust, NoneKeepsThePValues) { expect_r(p_adjust(p, p_adjustment::none), p); }

TEST(StatsPAdjust, NamesAndBadInput) {
    EXPECT_EQ(parse_p_adjustment("fdr"), p_adjustment::fdr);
    EXPECT_EQ(parse_p_adjustment("BH"), p_adjustment::fdr);
    EXPECT_EQ(parse_p_adjustment("bonferroni"), p_adjustment::bonferroni);
    EXPECT_STREQ(p_adjustment_name(p_adjustment::fdr), "fdr");
    EXPECT_THROW(parse_p_adjustment("holm"), input_error);
    EXPECT_THROW(p_adjust({0.5, 1.5}, p_adjustment::fdr), input_error);
    EXPECT_TRUE(p_adjust({}, p_adjustment::fdr).empty());
}

}  // namespace
}  // namespace covermap::stats
