#include "api/items_formats.hpp"

#include <gtest/gtest.h>

#include "api/download_ranges.hpp"
#include "api/http.hpp"
#include "api/openapi.hpp"

namespace covermap::api {
namespace {

TEST(ItemsFormats, CsvFieldsAreQuotedOnlyWhenRfc4180SaysSo) {
    std::string out;
    append_csv_field(out, "Xã Đắk Glei");
    EXPECT_EQ(out, "Xã Đắk Glei");
    for (const auto& [in, quoted] : std::vector<std::pair<std::string, std::string>>{
             {"a,b", "\"a,b\""}, {"say \"hi\"", "\"say \"\"hi\"\"\""}, {"line\nbreak", "\"line\nbreak\""}, {"cr\rhere", "\"cr\rhere\""}, {"", ""}}) {
        out.clear();
        append_csv_field(out, in);
        EXPECT_EQ(out, quoted) << in;
    }
}

TEST(ItemsFormats, CsvRowsFollowTheHeaderWithNullsEmpty) {
    const std::string header = csv_header("teams");
    EXPECT_EQ(header.rfind("id,name,members,founded,", 0), 0u) << header;
    EXPECT_EQ(header.substr(header.size() - 6), ",wkt\r\n");
    EXPECT_EQ(header.find("leader"), std::string::npos);
    EXPECT_EQ(header.find("phone"), std::string::npos);
    std::string row;
    append_csv_row(row, "units", "7",
                   R"({"code":"00007","name":"Thôn \"Bắc\", 1","type":null,"level":"hamlet","population":1234,"households":null,"covered":true})",
                   "POINT (105 21)");
    // id, code, name, type, level, parent_code, parent_name, edition, population, households, covered, wkt
    EXPECT_EQ(row, "7,00007,\"Thôn \"\"Bắc\"\", 1\",,hamlet,,,,1234,,true,POINT (105 21)\r\n");
}

TEST(ItemsFormats, FormatNamesTypesAndTheErrorListingThem) {
    const std::string csv = "csv", fgb = "fgb", bad = "xml";
    EXPECT_EQ(parse_items_format(nullptr), items_format::geojson);
    EXPECT_EQ(parse_items_format(&csv), items_format::csv);
    EXPECT_EQ(parse_items_format(&fgb), items_format::fgb);
    EXPECT_STREQ(items_content_type(items_format::csv), "text/csv; charset=utf-8");
    EXPECT_STREQ(items_content_type(items_format::fgb), "application/flatgeobuf");
    try {
        parse_items_format(&bad);
        FAIL() << "no error";
    } catch (const api_error& e) {
        EXPECT_EQ(e.status(), 400);
        EXPECT_NE(std::string(e.what()).find("parameter 'f': 'xml'"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("geojson, json, csv, fgb"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace covermap::api

namespace covermap::api {
namespace {

TEST(DownloadRanges, SingleByteRangesAsGdalSendsThem) {
    bool unsatisfiable = false;
    auto r = parse_byte_range("bytes=0-16383", 100000, unsatisfiable);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->first, 0u);
    EXPECT_EQ(r->last, 16383u);
    r = parse_byte_range("bytes=99000-200000", 100000, unsatisfiable);  // clipped to the end
    ASSERT_TRUE(r);
    EXPECT_EQ(r->last, 99999u);
    r = parse_byte_range("bytes=500-", 1000, unsatisfiable);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->first, 500u);
    EXPECT_EQ(r->last, 999u);
    r = parse_byte_range("bytes=-100", 1000, unsatisfiable);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->first, 900u);
    EXPECT_FALSE(unsatisfiable);
    EXPECT_FALSE(parse_byte_range("bytes=1000-", 1000, unsatisfiable));
    EXPECT_TRUE(unsatisfiable);
    for (const char* ignored : {"bytes=0-1,5-9", "items=0-5", "bytes=9-3", "bytes= 1-2", "bytes=a-", "bytes=-0", "bytes=-"}) {
        EXPECT_FALSE(parse_byte_range(ignored, 1000, unsatisfiable)) << ignored;
        EXPECT_FALSE(unsatisfiable) << ignored;
    }
}

TEST(DownloadRanges, AFileIsBuiltOnceAndKeptByItsEtag) {
    int builds = 0;
    auto build = [&] { return std::string(1000, static_cast<char>('a' + builds++)); };
    const auto first = kept_download("\"etag-a\"", build);
    const auto again = kept_download("\"etag-a\"", build);
    EXPECT_EQ(builds, 1);
    EXPECT_EQ(first.get(), again.get());
    EXPECT_EQ(kept_download("\"etag-b\"", build)->front(), 'b');
    EXPECT_EQ(builds, 2);
}

}  // namespace
}  // namespace covermap::api
