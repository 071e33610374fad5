#include "stats/breaks.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <set>

#include "core/error.hpp"

namespace covermap::stats {
namespace {

// Σ over classes of squared deviations from the class mean, class c = (b_{c−1}, b_c] (+ b_0).
double within_squares(std::vector<double> values, const std::vector<double>& breaks) {
    std::sort(values.begin(), values.end());
    double total = 0.0;
    std::size_t begin = 0;
    for (std::size_t c = 1; c < breaks.size(); ++c) {
        auto end = begin;
        while (end < values.size() && values[end] <= breaks[c]) ++end;
        double mean = 0.0;
        for (auto i = begin; i < end; ++i) mean += values[i] / static_cast<double>(end - begin);
        for (auto i = begin; i < end; ++i) total += (values[i] - mean) * (values[i] - mean);
        begin = end;
    }
    EXPECT_EQ(begin, values.size());
    return total;
}

// Least within-class squares over every way to cut the sorted values into k non-empty runs.
double brute_force_least_squares(std::vector<double> values, int k) {
    std::sort(values.begin(), values.end());
    const auto n = values.size();
    double best = std::numeric_limits<double>::infinity();
    std::vector<std::size_t> cuts(static_cast<std::size_t>(k - 1));
    for (std::size_t c = 0; c < cuts.size(); ++c) cuts[c] = c + 1;
    for (;;) {
        double total = 0.0;
        for (std::size_t c = 0; c <= cuts.size(); ++c) {
            const auto begin = c == 0 ? 0 : cuts[c - 1], end = c == cuts.size() ? n : cuts[c];
            double mean = 0.0;
            for (auto i = begin; i < end; ++i) mean += values[i] / static_cast<double>(end - begin);
            for (auto i = begin; i < end; ++i) total += (values[i] - mean) * (values[i] - mean);
        }
        best = std::min(best, total);
        auto c = cuts.size();  // next combination of cut positions 1 ≤ cuts[0] < … < n
        while (c > 0 && cuts[c - 1] == n - (cuts.size() - c) - 1) --c;
        if (c == 0) return best;
        ++cuts[c - 1];
        for (auto d = c; d < cuts.size(); ++d) cuts[d] = cuts[d - 1] + 1;
    }
}

TEST(StatsBreaks, JenksFindsTheObviousGroups) {
    const std::vector<double> x{21, 1, 12, 2, 3, 10, 11, 20, 22};
    EXPECT_EQ(jenks_breaks(x, 3), (std::vector<double>{1, 3, 12, 22}));  // = classInt style "jenks"
    EXPECT_EQ(class_breaks(x, 2, break_method::jenks), (std::vector<double>{1, 12, 22}));
    // A lone minimum is its own class: b_1 = b_0 (classInt "jenks" gives 1 1 7 21 too).
    EXPECT_EQ(jenks_breaks({1, 5, 6, 7, 20, 21}, 3), (std::vector<double>{1, 1, 7, 21}));
}

TEST(StatsBreaks, JenksEqualsBruteForceOnSmallRandomInputs) {
    std::mt19937 rng(2024);
    std::uniform_real_distribution<double> uniform(0.0, 100.0);
    for (int trial = 0; trial < 300; ++trial) {
        const auto n = 3 + rng() % 10;
        std::vector<double> x(n);
        const bool tied = trial % 3 == 0;
        for (auto& v : x) v = tied ? std::round(uniform(rng) / 20.0) : uniform(rng);
        const auto distinct = static_cast<int>(std::set<double>(x.begin(), x.end()).size());
        for (int k = 2; k <= std::min(4, distinct); ++k) {
            const auto breaks = jenks_breaks(x, k);
            ASSERT_EQ(breaks.size(), static_cast<std::size_t>(k + 1));
            EXPECT_TRUE(std::is_sorted(breaks.begin(), breaks.end()));
            EXPECT_TRUE(std::adjacent_find(breaks.begin() + 1, breaks.end()) == breaks.end());  // b_0 = b_1 allowed
            EXPECT_NEAR(within_squares(x, breaks), brute_force_least_squares(x, k), 1e-8) << trial << " k=" << k;
        }
    }
}

TEST(StatsBreaks, JenksSamplesLargeInputsDeterministically) {
    std::mt19937 rng(5);
    std::normal_distribution<double> normal;
    std::vector<double> x;
    for (double centre : {0.0, 50.0, 100.0})
        for (int i = 0; i < 1000; ++i) x.push_back(centre + normal(rng));
    const std::size_t limit = 500;
    const auto breaks = jenks_breaks(x, 3, limit);
    ASSERT_EQ(breaks.size(), 4u);
    EXPECT_EQ(breaks.front(), *std::min_element(x.begin(), x.end()));
    EXPECT_EQ(breaks.back(), *std::max_element(x.begin(), x.end()));
    // Upper values of the classes: the largest value near 0, the largest near 50.
    EXPECT_EQ(breaks[1], *std::max_element(x.begin(), x.begin() + 1000));
    EXPECT_EQ(breaks[2], *std::max_element(x.begin() + 1000, x.begin() + 2000));
    std::shuffle(x.begin(), x.end(), rng);
    EXPECT_EQ(jenks_breaks(x, 3, limit), breaks);
    // Sampled breaks are near-optimal: within 1 % of the exact programme's within-class squares.
    const auto exact = jenks_breaks(x, 3, x.size());
    EXPECT_LE(within_squares(x, breaks), within_squares(x, exact) * 1.01);
}

TEST(StatsBreaks, QuantileIsRType7) {
    std::vector<double> x;
    for (int i = 10; i >= 1; --i) x.push_back(i);
    // R: quantile(1:10, seq(0, 1, 0.25))
    EXPECT_EQ(quantile_breaks(x, 4), (std::vector<double>{1, 3.25, 5.5, 7.75, 10}));
    EXPECT_EQ(quantile_breaks({1, 2, 3, 4, 100}, 2), (std::vector<double>{1, 3, 100}));
    // R: quantile(c(0, 0, 0, 1, 5), seq(0, 1, 1/3)) = 0 0 0.6666667 5
    const auto tied = quantile_breaks({0, 5, 0, 1, 0}, 3);
    ASSERT_EQ(tied.size(), 4u);
    EXPECT_EQ(tied[1], 0.0);
    EXPECT_NEAR(tied[2], 2.0 / 3.0, 1e-15);
}

TEST(StatsBreaks, EqualIntervals) {
    EXPECT_EQ(equal_breaks({3, 0, 10, 7, 1}, 5), (std::vector<double>{0, 2, 4, 6, 8, 10}));
    EXPECT_EQ(class_breaks({-1, 1}, 2, break_method::equal), (std::vector<double>{-1, 0, 1}));
}

TEST(StatsBreaks, StandardDeviationClasses) {
    const std::vector<double> x{1, 2, 3, 4, 5, 6, 7, 8, 9};  // mean 5, sd √7.5
    const double sd = std::sqrt(7.5);
    const auto four = stddev_breaks(x, 4);
    ASSERT_EQ(four.size(), 5u);
    EXPECT_EQ(four[0], 1.0);
    EXPECT_NEAR(four[1], 5 - sd, 1e-12);
    EXPECT_NEAR(four[2], 5.0, 1e-12);
    EXPECT_NEAR(four[3], 5 + sd, 1e-12);
    EXPECT_EQ(four[4], 9.0);
    const auto three = stddev_breaks(x, 3);
    ASSERT_EQ(three.size(), 4u);
    EXPECT_NEAR(three[1], 5 - sd / 2, 1e-12);
    EXPECT_NEAR(three[2], 5 + sd / 2, 1e-12);
    // ±2 sd lies outside [1, 9]: those classes are empty and dropped.
    EXPECT_EQ(stddev_breaks(x, 6).size(), 5u);
}

TEST(StatsBreaks, RejectsBadParametersNamingThem) {
    auto message = [](auto&& call) {
        try {
            call();
        } catch (const input_error& e) {
            return std::string(e.what());
        }
        return std::string("no input_error");
    };
    EXPECT_NE(message([] { jenks_breaks({}, 3); }).find("values"), std::string::npos);
    EXPECT_NE(message([] { quantile_breaks({1, std::nan(""), 3}, 2); }).find("values[1]"), std::string::npos);
    EXPECT_NE(message([] { equal_breaks({1, 2, 3}, 1); }).find("classes"), std::string::npos);
    EXPECT_NE(message([] { stddev_breaks({1, 2, 2, 1}, 3); }).find("distinct"), std::string::npos);
    EXPECT_NE(message([] { jenks_breaks({1, 2, std::numeric_limits<double>::infinity()}, 2); }).find("finite"),
              std::string::npos);
    EXPECT_NE(message([] { parse_break_method("natural"); }).find("method"), std::string::npos);
    EXPECT_EQ(parse_break_method("jenks"), break_method::jenks);
    EXPECT_EQ(parse_break_method("stddev"), break_method::stddev);
}

}  // namespace
}  // namespace covermap::stats
