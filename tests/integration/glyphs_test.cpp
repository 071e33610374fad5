// Map text glyphs through the HTTP server: /fonts/{fontstack}/{start}-{end}.pbf decoded field by
// field (protozero's pbf_reader, checking every field's number and wire type): the glyphs of Latin
// and Vietnamese ranges are there with bitmaps of (width + 6) × (height + 6) signed distances, a
// fallback stack takes each glyph from its first font that has it, an empty range is a valid stack
// without glyphs, and bad paths are 400 / 404 saying why.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include <protozero/pbf_reader.hpp>

#include "api/server.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/test_db.hpp"
#include "tests/support/test_server.hpp"
#include "tiles/compress.hpp"

namespace covermap::testing {
namespace {

struct glyph {
    std::uint64_t id = 0;
    std::string bitmap;
    std::uint64_t width = 0, height = 0, advance = 0;
    std::int64_t left = 0, top = 0;
};
struct stack {
    std::string name, range;
    std::map<std::uint64_t, glyph> glyphs;
};

std::vector<stack> decode(const std::string& pbf) {
    using protozero::pbf_wire_type;
    using protozero::tag_and_type;
    std::vector<stack> out;
    protozero::pbf_reader top(pbf);
    while (top.next()) {
        if (top.tag_and_type() != tag_and_type(1, pbf_wire_type::length_delimited)) throw std::runtime_error("unexpected field in glyphs");
        stack st;
        protozero::pbf_reader sr(top.get_view());
        while (sr.next()) {
            switch (sr.tag_and_type()) {
                case tag_and_type(1, pbf_wire_type::length_delimited): st.name = sr.get_string(); break;
                case tag_and_type(2, pbf_wire_type::length_delimited): st.range = sr.get_string(); break;
                case tag_and_type(3, pbf_wire_type::length_delimited): {
                    glyph g;
                    protozero::pbf_reader gr(sr.get_view());
                    while (gr.next()) {
                        switch (gr.tag_and_type()) {
                            case tag_and_type(1, pbf_wire_type::varint): g.id = gr.get_uint32(); break;
                            case tag_and_type(2, pbf_wire_type::length_delimited): g.bitmap = gr.get_bytes(); break;
                            case tag_and_type(3, pbf_wire_type::varint): g.width = gr.get_uint32(); break;
                            case tag_and_type(4, pbf_wire_type::varint): g.height = gr.get_uint32(); break;
                            case tag_and_type(5, pbf_wire_type::varint): g.left = gr.get_sint32(); break;
                            case tag_and_type(6, pbf_wire_type::varint): g.top = gr.get_sint32(); break;
                            case tag_and_type(7, pbf_wire_type::varint): g.advance = gr.get_uint32(); break;
                            default: throw std::runtime_error("unexpected field in glyph");
                        }
                    }
                    st.glyphs[g.id] = g;
                    break;
                }
                default: throw std::runtime_error("unexpected field in fontstack");
            }
        }
        out.push_back(std::move(st));
    }
    return out;
}

class Glyphs : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        url_ = new std::string(migrated_database("covermap_test_glyphs"));
        api::server_config config;
        config.database_url = *url_;
        server_ = start_test_server(config).release();
        port_ = config.port;
    }
    static void TearDownTestSuite() {
        delete server_;
        delete url_;
    }
    static std::string* url_;
    static api::server* server_;
    static int port_;
};
std::string* Glyphs::url_ = nullptr;
api::server* Glyphs::server_ = nullptr;
int Glyphs::port_ = 0;

const std::string regular = "/fonts/Noto%20Sans%20Regular/";

TEST_F(Glyphs, LatinAndVietnameseRangesHoldSignedDistanceBitmaps) {
    const auto r = http_get(port_, regular + "0-255.pbf");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.headers.at("content-type"), "application/x-protobuf");
    const auto stacks = decode(r.body);
    ASSERT_EQ(stacks.size(), 1u);
    EXPECT_EQ(stacks[0].name, "Noto Sans Regular");
    EXPECT_EQ(stacks[0].range, "0-255");
    const auto& latin = stacks[0].glyphs;
    for (const unsigned c : {unsigned('L'), unsigned('g'), unsigned('n'), unsigned(' '), 0xE0u /* à */}) {
        ASSERT_TRUE(latin.count(c)) << "no glyph " << c;
    }
    for (const auto& [id, g] : latin) {
        EXPECT_LE(id, 255u);
        if (g.width == 0 || g.height == 0) {
            EXPECT_TRUE(g.bitmap.empty()) << id;
            continue;
        }
        EXPECT_EQ(g.bitmap.size(), (g.width + 6) * (g.height + 6)) << "glyph " << id;
    }
    // 'L' at a 24 px em: an upright stroke of a capital's height, ink inside (bytes above the
    // edge value 192 - some) and none in the border's corner.
    const auto& L = latin.at('L');
    EXPECT_GE(L.height, 15u);
    EXPECT_LE(L.height, 19u);
    EXPECT_GE(L.width, 9u);
    EXPECT_LE(L.width, 14u);
    EXPECT_GE(L.advance, 11u);
    EXPECT_LE(L.advance, 15u);
    EXPECT_LT(L.top, 0);  // measured from above the em box, as the Mapbox GL ecosystem's glyphs are
    const auto at = [&](const glyph& g, std::uint64_t x, std::uint64_t y) {
        return static_cast<unsigned char>(g.bitmap[y * (g.width + 6) + x]);
    };
    EXPECT_LT(at(L, 0, 0), 64);                                // the corner: over 4 px from the ink
    EXPECT_GT(at(L, 3 + 1, 3 + L.height / 2), 192);            // inside the stem (the edge is 191)
    EXPECT_LT(at(L, L.width + 4, 3 + 2), 150);                 // right of the stem, above the foot
    const auto space = latin.at(' ');
    EXPECT_EQ(space.width, 0u);
    EXPECT_GT(space.advance, 3u);

    // Vietnamese: U+1EA0–U+1EF9 (ạ = U+1EA1 = 7841) lie in 7680-7935; ơ (U+01A1) is in 256-511.
    const auto viet = decode(http_get(port_, regular + "7680-7935.pbf").body);
    ASSERT_EQ(viet.size(), 1u);
    EXPECT_EQ(viet[0].range, "7680-7935");
    for (unsigned c = 0x1EA0; c <= 0x1EF9; ++c) EXPECT_TRUE(viet[0].glyphs.count(c)) << std::hex << c;
    const auto& a_dot = viet[0].glyphs.at(0x1EA1);
    EXPECT_EQ(a_dot.bitmap.size(), (a_dot.width + 6) * (a_dot.height + 6));
    EXPECT_GT(a_dot.height, latin.at('a').height);  // the dot below adds ink
    const auto ext = decode(http_get(port_, regular + "256-511.pbf").body);
    ASSERT_TRUE(ext[0].glyphs.count(0x1A1));  // ơ
    ASSERT_TRUE(ext[0].glyphs.count(0x1B0));  // ư
    const auto combining = decode(http_get(port_, regular + "768-1023.pbf").body);
    EXPECT_TRUE(combining[0].glyphs.count(0x323));  // combining dot below
}

TEST_F(Glyphs, BoldAndFallbackStacks) {
    const auto bold = decode(http_get(port_, "/fonts/Noto%20Sans%20Bold/0-255.pbf").body);
    const auto reg = decode(http_get(port_, regular + "0-255.pbf").body);
    ASSERT_EQ(bold.size(), 1u);
    EXPECT_GT(bold[0].glyphs.at('L').advance + bold[0].glyphs.at('m').advance,
              reg[0].glyphs.at('L').advance + reg[0].glyphs.at('m').advance);
    // A comma-separated stack: named as asked, each glyph from the first font (here Bold).
    const auto r = http_get(port_, "/fonts/Noto%20Sans%20Bold,Noto%20Sans%20Regular/0-255.pbf");
    ASSERT_EQ(r.status, 200) << r.body;
    const auto both = decode(r.body);
    EXPECT_EQ(both[0].name, "Noto Sans Bold,Noto Sans Regular");
    EXPECT_EQ(both[0].glyphs.at('m').bitmap, bold[0].glyphs.at('m').bitmap);
    // However spelled (spaces, a font twice), the same stack: named and cached once.
    const auto spelled = decode(http_get(port_, "/fonts/Noto%20Sans%20Bold%2C%20Noto%20Sans%20Regular%2CNoto%20Sans%20Bold/0-255.pbf").body);
    EXPECT_EQ(spelled[0].name, "Noto Sans Bold,Noto Sans Regular");
}

TEST_F(Glyphs, EmptyRangesCachingAndErrors) {
    // Private use area: no glyph in the fonts, a valid stack without glyphs.
    const auto empty = http_get(port_, regular + "57344-57599.pbf");
    ASSERT_EQ(empty.status, 200) << empty.body;
    const auto stacks = decode(empty.body);
    ASSERT_EQ(stacks.size(), 1u);
    EXPECT_EQ(stacks[0].range, "57344-57599");
    EXPECT_TRUE(stacks[0].glyphs.empty());

    const auto r = http_get(port_, regular + "0-255.pbf");
    ASSERT_TRUE(r.headers.count("etag"));
    EXPECT_FALSE(r.headers.at("cache-control").empty());
    const auto again = http_request(port_, "GET", regular + "0-255.pbf", {{"If-None-Match", r.headers.at("etag")}});
    EXPECT_EQ(again.status, 304);
    EXPECT_TRUE(again.body.empty());
    // gzip when accepted (as MapLibre asks): the same bytes, about half the size, its own tag.
    const auto gz = http_request(port_, "GET", regular + "0-255.pbf", {{"Accept-Encoding", "gzip"}});
    ASSERT_EQ(gz.status, 200);
    EXPECT_EQ(gz.headers.at("content-encoding"), "gzip");
    EXPECT_EQ(tiles::gunzip(gz.body), r.body);
    EXPECT_LT(gz.body.size(), r.body.size() * 2 / 3);
    EXPECT_NE(gz.headers.at("etag"), r.headers.at("etag"));
    EXPECT_EQ(r.headers.count("content-encoding"), 0u);

    const auto unknown = http_get(port_, "/fonts/Comic%20Sans/0-255.pbf");
    EXPECT_EQ(unknown.status, 404);
    EXPECT_NE(unknown.body.find("Comic Sans"), std::string::npos) << unknown.body;
    EXPECT_NE(unknown.body.find("Noto Sans Regular"), std::string::npos) << unknown.body;
    EXPECT_EQ(http_get(port_, "/fonts/Noto%20Sans%20Regular,Nope/0-255.pbf").status, 404);
    for (const std::string bad : {"0-256.pbf", "1-256.pbf", "0-255", "a-255.pbf", "0255.pbf", "65536-65791.pbf", "-255.pbf",
                                  "0-255.png", "256-255.pbf"}) {
        const auto b = http_get(port_, regular + bad);
        EXPECT_EQ(b.status, 400) << bad << ": " << b.body;
        EXPECT_NE(b.body.find("range"), std::string::npos) << bad << ": " << b.body;
    }
}

}  // namespace
}  // namespace covermap::testing
