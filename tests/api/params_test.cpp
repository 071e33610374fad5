#include "api/params.hpp"

#include <gtest/gtest.h>

#include "tests/api/status_of.hpp"

namespace covermap::api {
namespace {

request with_query(std::map<std::string, std::string> query) {
    request r;
    r.query = std::move(query);
    return r;
}

using testing::status_of;

TEST(Params, BboxAcceptsFourOrSixNumbersAsGdalWritesThem) {
    const bbox b = parse_bbox("105.80000000000000071,21.0,105.85,21.05", "bbox");
    EXPECT_DOUBLE_EQ(b.min_x, 105.8);
    EXPECT_DOUBLE_EQ(b.max_y, 21.05);
    const bbox six = parse_bbox("1,2,-10,3,4,100", "bbox");
    EXPECT_DOUBLE_EQ(six.max_x, 3);
    EXPECT_DOUBLE_EQ(six.max_y, 4);
}

TEST(Params, BboxRejectsMalformedValuesWith400) {
    for (const char* bad : {"1,2,3", "1,2,3,x", "1,,3,4", "1,2,3,4,5", "0,10,1,5", "0,-91,1,5", "10,0,5,1", "nan,0,1,1"}) {
        EXPECT_EQ(status_of([&] { parse_bbox(bad, "bbox"); }), 400) << bad;
    }
}

TEST(Params, UnknownParameterIs400NamingIt) {
    const request r = with_query({{"levle", "commune"}});
    try {
        query_params p(r, {"level"});
        FAIL() << "accepted an unknown parameter";
    } catch (const api_error& e) {
        EXPECT_EQ(e.status(), 400);
        EXPECT_NE(std::string(e.what()).find("levle"), std::string::npos);
    }
}

TEST(Params, IntegersAreRangeChecked) {
    const request r = with_query({{"limit", "20"}, {"offset", "-1"}, {"big", "99999999999999999999"}, {"x", "12a"}});
    const query_params p(r, {"limit", "offset", "big", "x"});
    EXPECT_EQ(p.integer("limit", 1, 100), 20);
    EXPECT_EQ(p.integer("missing", 1, 100), std::nullopt);
    EXPECT_EQ(status_of([&] { p.integer("offset", 0, 10); }), 400);
    EXPECT_EQ(status_of([&] { p.integer("big", 0, 10); }), 400);
    EXPECT_EQ(status_of([&] { p.integer("x", 0, 100); }), 400);
    EXPECT_EQ(status_of([&] { p.integer("limit", 1, 10); }), 400);
}

TEST(Params, UrlDecoding) {
    EXPECT_EQ(url_decode("105.8%2C21.0"), "105.8,21.0");
    EXPECT_EQ(url_decode("X%C3%A3+T%C3%A2n"), "Xã Tân");
    EXPECT_EQ(url_decode("100%"), "100%");
    EXPECT_EQ(url_encode("Xã Tân"), "X%C3%A3%20T%C3%A2n");
}

}  // namespace
}  // namespace covermap::api
