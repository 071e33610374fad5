// The distance transform against brute force, signed distances of a disc against geometry, the
// byte scale MapLibre's shader reads, and the glyph range syntax.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "core/error.hpp"
#include "tiles/glyphs.hpp"
#include "tiles/sdf.hpp"

namespace covermap::tiles {
namespace {

TEST(DistanceTransform, OneDimensionMatchesBruteForce) {
    std::mt19937 rng(7);
    for (int n : {1, 2, 5, 17, 64}) {
        for (int trial = 0; trial < 20; ++trial) {
            std::vector<float> f(n), d(n), z(n + 1);
            std::vector<int> v(n);
            for (auto& x : f) x = rng() % 3 == 0 ? 1e20f : static_cast<float>(rng() % 50);
            distance_transform_1d(f.data(), d.data(), n, v.data(), z.data());
            for (int i = 0; i < n; ++i) {
                float best = 1e30f;
                for (int q = 0; q < n; ++q) best = std::min(best, static_cast<float>((i - q) * (i - q)) + f[q]);
                EXPECT_FLOAT_EQ(d[i], best) << "n " << n << " at " << i;
            }
        }
    }
}

TEST(DistanceTransform, SignedDistanceOfADiscIsItsRadiusMinusTheDistanceToItsCentre) {
    const int w = 64, h = 48;
    const double cx = 30.3, cy = 22.7, r = 12.0;
    std::vector<std::uint8_t> img(static_cast<std::size_t>(w) * h);
    // Coverage by 16 × 16 supersampling: anti-aliased like FreeType's output.
    for (int y = 0; y < h; ++y) {
        for (int x = 0; x < w; ++x) {
            int in = 0;
            for (int sy = 0; sy < 16; ++sy) {
                for (int sx = 0; sx < 16; ++sx) {
                    const double px = x + (sx + 0.5) / 16, py = y + (sy + 0.5) / 16;
                    in += std::hypot(px - cx, py - cy) <= r;
                }
            }
            img[static_cast<std::size_t>(y) * w + x] = static_cast<std::uint8_t>(std::lround(in * 255.0 / 256));
        }
    }
    const auto d = signed_distance(img, w, h);
    double worst = 0;
    for (int y = 0; y < h; ++y) {
        for (int x = 0; x < w; ++x) {
            const double truth = std::hypot(x + 0.5 - cx, y + 0.5 - cy) - r;
            if (std::abs(truth) > 8) continue;  // what the glyphs keep (radius 8)
            worst = std::max(worst, std::abs(d[static_cast<std::size_t>(y) * w + x] - truth));
        }
    }
    EXPECT_LT(worst, 0.75);  // within a pixel everywhere, sub-pixel near the edge
    EXPECT_LT(d[static_cast<std::size_t>(22) * w + 30], -10);  // the centre is deep inside
    EXPECT_GT(d[0], 20);
}

TEST(DistanceTransform, BytesFollowMapLibresScale) {
    EXPECT_EQ(sdf_byte(0), 191);   // the edge: 255 × (1 − 0.25)
    EXPECT_EQ(sdf_byte(-2), 255);  // two pixels inside and deeper: full
    EXPECT_EQ(sdf_byte(-20), 255);
    EXPECT_EQ(sdf_byte(6), 0);     // six pixels outside and further: empty
    EXPECT_GT(sdf_byte(1), sdf_byte(2));
}

TEST(GlyphRange, ParsesBlocksOf256AndSaysWhatIsWrong) {
    EXPECT_EQ(parse_glyph_range("0-255").start, 0u);
    EXPECT_EQ(parse_glyph_range("7936-8191").end, 8191u);
    EXPECT_EQ(parse_glyph_range("65280-65535").start, 65280u);
    auto message = [](const std::string& text) {
        try {
            parse_glyph_range(text);
        } catch (const input_error& e) {
            return std::string(e.what());
        }
        return std::string("accepted");
    };
    EXPECT_NE(message("0-256").find("start + 255"), std::string::npos);
    EXPECT_NE(message("1-256").find("multiple of 256"), std::string::npos);
    EXPECT_NE(message("0255").find("'-'"), std::string::npos);
    EXPECT_NE(message("x-255").find("position 0"), std::string::npos);
    EXPECT_NE(message("0-2x5").find("position 2"), std::string::npos);
    EXPECT_NE(message("65536-65791").find("65535"), std::string::npos);
    EXPECT_NE(message("-255").find("position 0"), std::string::npos);
}

TEST(GlyphRange, FontstacksSplitAtCommas) {
    EXPECT_EQ(split_fontstack("Noto Sans Bold, Noto Sans Regular"),
              (std::vector<std::string>{"Noto Sans Bold", "Noto Sans Regular"}));
    EXPECT_EQ(split_fontstack("Noto Sans Regular"), (std::vector<std::string>{"Noto Sans Regular"}));
}

}  // namespace
}  // namespace covermap::tiles
