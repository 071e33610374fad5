// The spatial statistics' parameters and the classes of a map, without a database
// (api/spatial_params.*, api/spatial_data.hpp's pure part).
#include "api/spatial_params.hpp"

#include <gtest/gtest.h>

#include "api/spatial_data.hpp"
#include "tests/api/status_of.hpp"

namespace covermap::api {
namespace {

using testing::status_of;

request with_query(std::map<std::string, std::string> query) {
    request r;
    r.query = std::move(query);
    return r;
}

TEST(SpatialParams, DefaultsOfEveryStatistic) {
    const auto breaks = parse_breaks_params(with_query({}));
    EXPECT_EQ(breaks.level, "commune");
    EXPECT_EQ(breaks.metric, "coverage_rate");
    EXPECT_EQ(breaks.method, "quantile");
    EXPECT_EQ(breaks.k, 5);
    EXPECT_FALSE(breaks.edition || breaks.as_of || breaks.compare || breaks.parent_code);
    const auto moran = parse_autocorrelation_params(with_query({}));
    EXPECT_EQ(moran.permutations, 999);
    EXPECT_EQ(moran.seed, 1u);
    EXPECT_FALSE(moran.eb_standardised);
    EXPECT_FALSE(moran.with);
    const auto lisa = parse_lisa_params(with_query({{"with", "teams"}, {"alpha", "0.1"}, {"p_adjust", "fdr"}, {"seed", "7"}}));
    EXPECT_EQ(*lisa.with, "teams");
    EXPECT_DOUBLE_EQ(lisa.alpha, 0.1);
    EXPECT_EQ(lisa.adjustment, stats::p_adjustment::fdr);
    EXPECT_EQ(lisa.seed, 7u);
    const auto hot = parse_hotspots_params(with_query({{"standardise", "eb"}, {"level", "district"}}));
    EXPECT_TRUE(hot.eb_standardised);
    EXPECT_EQ(hot.level, "district");
    EXPECT_DOUBLE_EQ(hot.alpha, 0.05);
    EXPECT_EQ(hot.adjustment, stats::p_adjustment::none);
}

TEST(SpatialParams, EachEndpointTakesOnlyItsOwnParameters) {
    EXPECT_EQ(status_of([] { parse_hotspots_params(with_query({{"with", "teams"}})); }), 400);
    EXPECT_EQ(status_of([] { parse_hotspots_params(with_query({{"permutations", "9"}})); }), 400);
    EXPECT_EQ(status_of([] { parse_autocorrelation_params(with_query({{"alpha", "0.1"}})); }), 400);
    EXPECT_EQ(status_of([] { parse_breaks_params(with_query({{"standardise", "eb"}})); }), 400);
    EXPECT_EQ(status_of([] { parse_lisa_params(with_query({{"k", "3"}})); }), 400);
}

TEST(SpatialParams, BadValuesAre400s) {
    EXPECT_EQ(status_of([] { parse_lisa_params(with_query({{"alpha", "2"}})); }), 400);
    EXPECT_EQ(status_of([] { parse_lisa_params(with_query({{"alpha", "0"}})); }), 400);
    EXPECT_EQ(status_of([] { parse_lisa_params(with_query({{"alpha", "0.05x"}})); }), 400);
    EXPECT_EQ(status_of([] { parse_lisa_params(with_query({{"p_adjust", "holm"}})); }), 400);
    EXPECT_EQ(status_of([] { parse_lisa_params(with_query({{"permutations", "0"}})); }), 400);  // LISA needs some
    EXPECT_EQ(status_of([] { parse_autocorrelation_params(with_query({{"permutations", "0"}})); }), 0);
    EXPECT_EQ(status_of([] { parse_autocorrelation_params(with_query({{"standardise", "z"}})); }), 400);
    // eb standardises the coverage rate only
    EXPECT_EQ(status_of([] { parse_autocorrelation_params(with_query({{"standardise", "eb"}, {"metric", "teams"}})); }), 400);
    EXPECT_EQ(status_of([] { parse_breaks_params(with_query({{"method", "natural"}})); }), 400);
    EXPECT_EQ(status_of([] { parse_breaks_params(with_query({{"k", "1"}})); }), 400);
    EXPECT_EQ(status_of([] { parse_breaks_params(with_query({{"k", "21"}})); }), 400);
    try {
        parse_lisa_params(with_query({{"p_adjust", "holm"}}));
    } catch (const std::exception& e) {
        EXPECT_NE(std::string(e.what()).find("parameter 'p_adjust'"), std::string::npos) << e.what();
    }
}

TEST(SpatialParams, ChangesAreMappedForTheTilesChangeMetricsOnly) {
    EXPECT_EQ(status_of([] { parse_breaks_params(with_query({{"compare", "2024-01-01"}, {"metric", "teams"}})); }), 0);
    EXPECT_EQ(status_of([] { parse_breaks_params(with_query({{"compare", "2024-01-01"}, {"metric", "supported_share"}})); }), 400);
    const auto p = parse_breaks_params(with_query({{"compare", "2024-01-01"}, {"parent_code", "20"}, {"method", "jenks"}}));
    EXPECT_EQ(*p.compare, "2024-01-01");
    EXPECT_EQ(*p.parent_code, "20");
    EXPECT_EQ(p.break_method, stats::break_method::jenks);
}

TEST(SpatialClasses, ChangesOfUnitsWithAValueAtBothDates) {
    unit_values now, before;
    now.ids = {1, 2, 4};
    now.values = {0.5, 0.2, 0.9};
    before.ids = {2, 3, 4};
    before.values = {0.1, 0.7, 0.9};
    EXPECT_EQ(change_values(now, before), (std::vector<double>{0.2 - 0.1, 0.0}));
}

TEST(SpatialClasses, CountsPerRightClosedClass) {
    const auto c = classify({1, 2, 3, 4, 5, 6, 7, 8}, 2, "equal", false);
    EXPECT_EQ(c.breaks, (std::vector<double>{1, 4.5, 8}));
    EXPECT_EQ(c.counts, (std::vector<long long>{4, 4}));
    EXPECT_EQ(c.unchanged, 0);
    EXPECT_EQ(c.note, "");
}

TEST(SpatialClasses, ChangesSplitAtZeroAndCountUnchangedApart) {
    const auto c = classify({-2, -1, 0, 0, 1, 3}, 2, "equal", true);
    // equal breaks over -2..3 would put losses and gains in one class: 0 is added
    EXPECT_EQ(c.breaks, (std::vector<double>{-2, 0, 0.5, 3}));
    EXPECT_EQ(c.unchanged, 2);
    EXPECT_EQ(c.counts, (std::vector<long long>{2, 0, 2}));
    EXPECT_NE(c.note.find("0 added"), std::string::npos) << c.note;
    const auto few = classify({1, 1, 2}, 5, "quantile", true);  // two distinct changes
    EXPECT_NE(few.note.find("k lowered to the 2 distinct changes"), std::string::npos) << few.note;
    const auto one = classify({3, 3}, 5, "quantile", true);
    EXPECT_EQ(one.breaks, (std::vector<double>{3, 3}));
    EXPECT_EQ(one.counts, (std::vector<long long>{2}));
}

}  // namespace
}  // namespace covermap::api
