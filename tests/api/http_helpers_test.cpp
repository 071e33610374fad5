// The small HTTP helpers every upload, file and tile answer goes through: multipart form parsing,
// header parameters, If-None-Match, percent-decoding and the web directory's path check.
#include <gtest/gtest.h>

#include "tests/api/status_of.hpp"

#include <functional>
#include <string>
#include <vector>

#include "api/http.hpp"
#include "api/multipart.hpp"
#include "api/tiles_endpoint.hpp"
#include "api/web_endpoint.hpp"
#include "core/error.hpp"
#include "core/text.hpp"

namespace covermap::api {
namespace {

using testing::status_of;

std::string part(const std::string& boundary, const std::string& disposition, const std::string& content) {
    return "--" + boundary + "\r\nContent-Disposition: form-data; " + disposition + "\r\nContent-Type: text/csv\r\n\r\n" +
           content + "\r\n";
}

TEST(Multipart, FileAndFieldsAsCurlSendsThem) {
    const std::string b = "----covermap42";
    const std::string csv = "STT,Tỉnh\r\n1,Lạng Sơn\r\n--not-the-boundary\r\n";  // CRLFs and dashes inside stay
    const std::string body = "preamble\r\n" + part(b, R"(name="as_of")", "2026-01-31") +
                             part(b, R"(name="file"; filename="lang son.csv")", csv) + part(b, "name=edition", "2025") + "--" + b +
                             "--\r\nepilogue";
    const auto u = parse_multipart(body, b);
    EXPECT_EQ(u.file_name, "lang son.csv");
    EXPECT_EQ(u.bytes, csv);
    ASSERT_EQ(u.fields.size(), 2u);
    EXPECT_EQ(u.fields.at("as_of"), "2026-01-31");
    EXPECT_EQ(u.fields.at("edition"), "2025");
}

TEST(Multipart, FilenameBeforeNameIsNotTakenForTheName) {
    const std::string b = "x";
    const auto u = parse_multipart(part(b, R"(filename="teams.xlsx"; name="file")", "PK") + "--x--", b);
    EXPECT_EQ(u.file_name, "teams.xlsx");
    EXPECT_EQ(u.bytes, "PK");
}

TEST(Multipart, MalformedBodiesAre400s) {
    const std::string b = "x";
    EXPECT_EQ(status_of([&] { parse_multipart("no boundary here", b); }), 400);
    EXPECT_EQ(status_of([&] { parse_multipart("--x\r\nContent-Disposition: form-data; name=\"file\"", b); }), 400);  // no head end
    EXPECT_EQ(status_of([&] { parse_multipart("--x\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nabc", b); }), 400);  // not closed
    EXPECT_EQ(status_of([&] { parse_multipart(part(b, R"(name="edition")", "2025") + "--x--", b); }), 400);  // no file part
    EXPECT_EQ(status_of([&] { parse_multipart(part(b, R"(name="file")", "a") + "--x--", b); }), 0);
}

TEST(HeaderParam, QuotedBareCaseAndAbsent) {
    EXPECT_EQ(header_param("multipart/form-data; boundary=abc123", "boundary"), "abc123");
    EXPECT_EQ(header_param(R"(multipart/form-data; Boundary="a b;c")", "boundary"), "a b;c");
    EXPECT_EQ(header_param("form-data; name=file; filename=x.csv", "name"), "file");
    EXPECT_EQ(header_param("form-data; filename=x.csv", "name"), "");
    EXPECT_EQ(header_param("text/csv", "charset"), "");
    EXPECT_EQ(core::ascii_lower("Multipart/Form-Data"), "multipart/form-data");
}

TEST(EtagMatches, ListsWeakTagsAndTheWildcard) {
    const std::string etag = R"("abc")";
    EXPECT_TRUE(etag_matches(R"("abc")", etag));
    EXPECT_TRUE(etag_matches(R"(W/"abc")", etag));  // If-None-Match compares weakly
    EXPECT_TRUE(etag_matches(R"("x", "y" ,  "abc" )", etag));
    EXPECT_TRUE(etag_matches("*", etag));
    EXPECT_FALSE(etag_matches(R"("abcd")", etag));
    EXPECT_FALSE(etag_matches("abc", etag));  // unquoted: not the same tag
    EXPECT_FALSE(etag_matches("", etag));
    EXPECT_FALSE(etag_matches(" , ", etag));
}

TEST(UrlDecode, EscapesPlusesAndBrokenEscapes) {
    EXPECT_EQ(url_decode("a%20b+c"), "a b c");
    EXPECT_EQ(url_decode("%e1%BB%87"), "ệ");  // either case of hex digits
    EXPECT_EQ(url_decode("%zz%4"), "%zz%4");   // not escapes: kept as written
    EXPECT_EQ(url_decode("%00x").size(), 2u);  // a NUL is decoded (the parameter checks refuse it)
    EXPECT_EQ(url_decode(""), "");
}

TEST(SafeRelativePath, NothingLeavesTheWebDirectory) {
    for (const std::string ok : {"index.html", "public/app.js", "node_modules/maplibre-gl/dist/maplibre-gl.js", "a-b_c.d/e"}) {
        EXPECT_TRUE(safe_relative_path(ok)) << ok;
    }
    for (const std::string& bad : std::vector<std::string>{"", "/etc/passwd", "../secret", "public/../../x", "public/./app.js", "public//app.js",
                                  "public/", "a\\b", "a b", "a%2Fb", "caf\xc3\xa9.js", std::string("a\0b", 3)}) {
        EXPECT_FALSE(safe_relative_path(bad)) << bad;
    }
    EXPECT_TRUE(safe_relative_path(std::string(512, 'a')));
    EXPECT_FALSE(safe_relative_path(std::string(513, 'a')));
}

// core/error.hpp's table, at the one place it is applied: each domain error its status and code,
// the most derived type first (a data_error is an input_error), anything else not ours.
TEST(HttpStatusOf, EachDomainErrorHasItsStatusAndCode) {
    const auto of = [](const std::exception& e) { return http_status_of(e); };
    const std::pair<int, std::string> expected[] = {
        {400, "invalid_parameter"}, {422, "invalid_input"}, {404, "not_found"},
        {403, "forbidden"},         {409, "conflict"},      {503, "unavailable"}, {418, "teapot"}};
    const std::optional<std::pair<int, std::string>> got[] = {
        of(input_error("x")),     of(data_error("x")),  of(not_found_error("x")), of(forbidden_error("x")),
        of(config_error("x")),    of(db_error("x")),    of(api_error(418, "teapot", "x"))};
    for (std::size_t i = 0; i < std::size(expected); ++i) {
        ASSERT_TRUE(got[i].has_value()) << i;
        EXPECT_EQ(got[i]->first, expected[i].first) << i;
        EXPECT_EQ(got[i]->second, expected[i].second) << i;
    }
    EXPECT_FALSE(of(error("ours, but no status")).has_value());
    EXPECT_FALSE(of(std::runtime_error("not ours")).has_value());
    EXPECT_EQ(status_of([] { throw data_error("a file's row"); }), 422);
    EXPECT_EQ(status_of([] { throw std::logic_error("a bug"); }), 500);
}

}  // namespace
}  // namespace covermap::api
