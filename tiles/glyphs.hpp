#pragma once
// Map text glyphs for MapLibre: `/fonts/{fontstack}/{start}-{end}.pbf`.
//
// A range is 256 code points rendered from the fonts of a Debian package (fonts-noto-core: Noto Sans
// Regular and Bold) with FreeType, turned into signed distance fields (tiles/sdf.hpp) and written as
// the Mapbox glyphs protobuf: glyphs { stacks { name, range, glyphs { id, bitmap, width, height,
// left, top, advance } } }, 24 px em, a 3 px border around each bitmap. Ranges are built lazily, on
// first request, and kept for the life of the process (a few hundred KB for the Latin and
// Vietnamese ranges a map asks for).
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace covermap::tiles {

constexpr int glyph_em_px = 24;     // MapLibre's ONE_EM
constexpr int glyph_border_px = 3;  // MapLibre's SDF border around each bitmap
constexpr unsigned glyph_range_size = 256;
constexpr unsigned glyph_max_code_point = 0xFFFF;  // MapLibre asks for the Basic Multilingual Plane only

struct glyph_range {
    unsigned start;
    unsigned end;  // inclusive: start + 255
};

// "0-255", "7936-8191": a multiple of 256 and the code point 255 above it, up to 65535. Anything
// else is an input_error saying what is wrong.
glyph_range parse_glyph_range(const std::string& text);

// One rendered glyph (metrics in em pixels at 24 px; bitmap (width + 6) × (height + 6) bytes, empty
// for a glyph without ink such as the space).
struct sdf_glyph {
    unsigned id = 0;
    std::string bitmap;
    unsigned width = 0, height = 0;
    int left = 0, top = 0;
    unsigned advance = 0;
};

class glyph_library {
public:
    // `font_dir` holds the font files (NotoSans-Regular.ttf, NotoSans-Bold.ttf).
    explicit glyph_library(std::string font_dir);
    ~glyph_library();
    glyph_library(const glyph_library&) = delete;
    glyph_library& operator=(const glyph_library&) = delete;

    // The fonts served, by fontstack name ("Noto Sans Regular", "Noto Sans Bold"), whose file exists.
    std::vector<std::string> font_names() const;
    // The names of a comma-separated fontstack that are not served (empty: all are).
    std::vector<std::string> unknown_fonts(const std::string& fontstack) const;

    // The encoded range for the fontstack: each code point from the first font of the stack that
    // has it; none has any → a stack without glyphs. Built on first use, then shared; the stack is
    // named by its distinct fonts joined by commas ("Noto Sans Bold,Noto Sans Regular").
    std::shared_ptr<const std::string> range_pbf(const std::string& fontstack, glyph_range range);
    // The same, gzipped (SDF bitmaps halve), also built once.
    std::shared_ptr<const std::string> range_pbf_gzip(const std::string& fontstack, glyph_range range);

    // One glyph of one font, rendered now (nullopt: the font lacks it).
    std::optional<sdf_glyph> render(const std::string& font, unsigned code_point);

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

// Splits a fontstack at commas, trimming spaces around names.
std::vector<std::string> split_fontstack(const std::string& fontstack);

// The library of the server: fonts from $COVERMAP_FONT_DIR, else /usr/share/fonts/truetype/noto.
glyph_library& default_glyph_library();

}  // namespace covermap::tiles
