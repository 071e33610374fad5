// Which requests are let in before routing (api/admission.hpp), without a server.
#include "api/admission.hpp"

#include <gtest/gtest.h>

#include "tests/api/status_of.hpp"

namespace covermap::api {
namespace {

using namespace std::chrono_literals;
using testing::status_of;

request from(const std::string& client, std::map<std::string, std::string> query = {}) {
    request r;
    r.client = client;
    r.query = std::move(query);
    return r;
}

std::string header(const response& r, const std::string& name) {
    for (const auto& [n, v] : r.headers) {
        if (n == name) return v;
    }
    return "";
}

TEST(Admission, TextThatIsNotUtf8Is400NamingTheParameter) {
    admission gate(8192, 0, 1);
    EXPECT_EQ(status_of([&] { gate.admit(from("a", {{"name", "X\xC3\xA3"}}), 10, "/api/units"); }), 0);
    EXPECT_EQ(status_of([&] { gate.admit(from("a", {{"name", "X\xC3"}}), 10, "/api/units"); }), 400);
    try {
        gate.admit(from("a", {{"name", "\xFF"}}), 10, "/api/units");
        FAIL();
    } catch (const api_error& e) {
        EXPECT_NE(std::string(e.what()).find("parameter 'name'"), std::string::npos) << e.what();
    }
    try {  // a broken name is not repeated back
        gate.admit(from("a", {{"n\xFF", "1"}}), 10, "/api/units");
        FAIL();
    } catch (const api_error& e) {
        EXPECT_NE(std::string(e.what()).find("parameter '?'"), std::string::npos) << e.what();
    }
    request path = from("a");
    path.path_params["id"] = "\xFF";
    EXPECT_EQ(status_of([&] { gate.admit(path, 0, "/api/units/:id"); }), 400);
}

TEST(Admission, ALongQueryStringIs414) {
    admission gate(100, 0, 1);
    EXPECT_EQ(status_of([&] { gate.admit(from("a"), 100, "/health"); }), 0);
    EXPECT_EQ(status_of([&] { gate.admit(from("a"), 101, "/health"); }), 414);
}

TEST(Admission, TheRateLimitAppliesToExpensiveRoutesPerClient) {
    admission gate(8192, 60, 2);  // one a second, two at once
    const auto t0 = std::chrono::steady_clock::time_point{} + 1000s;
    const std::string items = "/collections/:collection/items";
    EXPECT_FALSE(gate.admit(from("a"), 0, items, t0));
    EXPECT_FALSE(gate.admit(from("a"), 0, "/api/stats/lisa", t0));
    const auto refused = gate.admit(from("a"), 0, items, t0);
    ASSERT_TRUE(refused.has_value());
    EXPECT_EQ(refused->status, 429);
    EXPECT_EQ(header(*refused, "Retry-After"), "1");
    EXPECT_NE(refused->body.find("too_many_requests"), std::string::npos);
    EXPECT_FALSE(gate.admit(from("b"), 0, items, t0));        // another client
    for (int i = 0; i < 10; ++i) EXPECT_FALSE(gate.admit(from("a"), 0, "/tiles/:tileset/:z/:x/:y", t0));  // cheap
    EXPECT_FALSE(gate.admit(from("a"), 0, items, t0 + 1s));  // a token again
}

TEST(Admission, WithoutARateLimitEveryoneIsLetIn) {
    admission gate(8192, 0, 60);
    const auto t0 = std::chrono::steady_clock::time_point{} + 1000s;
    for (int i = 0; i < 200; ++i) EXPECT_FALSE(gate.admit(from("a"), 0, "/api/search", t0));
}

TEST(Admission, ExpensiveRoutes) {
    for (const char* route : {"/collections/:collection/items", "/api/units", "/api/stats/coverage", "/api/stats/lisa", "/api/search",
                              "/api/imports/registry", "/api/imports/:id/withdraw", "/api/imports/:id/resolutions", "/api/cache/purge"}) {
        EXPECT_TRUE(expensive_route(route)) << route;
    }
    for (const char* route : {"/", "/health", "/collections/:collection", "/collections/:collection/items/:feature", "/api/units/:id",
                              "/tiles/:tileset/:z/:x/:y", "/api/imports", "(web)"}) {
        EXPECT_FALSE(expensive_route(route)) << route;
    }
}

}  // namespace
}  // namespace covermap::api
