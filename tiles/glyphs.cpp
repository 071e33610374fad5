#include "tiles/glyphs.hpp"

#include <ft2build.h>
#include FT_FREETYPE_H

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <utility>

#include <protozero/pbf_builder.hpp>

#include "core/error.hpp"
#include "core/text.hpp"
#include "tiles/compress.hpp"
#include "tiles/sdf.hpp"

namespace covermap::tiles {
namespace {

// The fonts served: fontstack name → file in the font directory (Debian's fonts-noto-core).
const std::vector<std::pair<std::string, std::string>>& font_files() {
    static const std::vector<std::pair<std::string, std::string>> files{
        {"Noto Sans Regular", "NotoSans-Regular.ttf"},
        {"Noto Sans Bold", "NotoSans-Bold.ttf"},
    };
    return files;
}

// Glyphs are rendered this many times larger than the 24 px em and the distance field sampled down:
// the outline's anti-aliased edge then places the 24 px field's edge to a fraction of a pixel.
constexpr int oversample = 4;

// The glyphs protobuf (glyphs.proto of the Mapbox GL ecosystem), written with protozero.
enum class glyphs_field : protozero::pbf_tag_type { stacks = 1 };
enum class stack_field : protozero::pbf_tag_type { name = 1, range = 2, glyphs = 3 };
enum class glyph_field : protozero::pbf_tag_type { id = 1, bitmap = 2, width = 3, height = 4, left = 5, top = 6, advance = 7 };

void add_glyph(protozero::pbf_builder<stack_field>& stack, const sdf_glyph& g) {
    protozero::pbf_builder<glyph_field> m{stack, stack_field::glyphs};
    m.add_uint32(glyph_field::id, g.id);
    if (!g.bitmap.empty()) m.add_bytes(glyph_field::bitmap, g.bitmap);
    m.add_uint32(glyph_field::width, static_cast<std::uint32_t>(g.width));
    m.add_uint32(glyph_field::height, static_cast<std::uint32_t>(g.height));
    m.add_sint32(glyph_field::left, g.left);
    m.add_sint32(glyph_field::top, g.top);
    m.add_uint32(glyph_field::advance, static_cast<std::uint32_t>(g.advance));
}

std::string trim(const std::string& s) {
    const auto first = s.find_first_not_of(" \t");
    if (first == std::string::npos) return "";
    return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

bool all_digits(const std::string& s) {
    return !s.empty() && s.size() <= 5 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

glyph_range parse_glyph_range(const std::string& text) {
    const auto dash = text.find('-');
    const std::string what = "glyph range '" + text + "'";
    if (dash == std::string::npos) throw input_error(what + " has no '-': expected {start}-{end}, e.g. 0-255");
    const std::string a = text.substr(0, dash), b = text.substr(dash + 1);
    if (!all_digits(a)) throw input_error(what + ": the start (position 0) is not a number of at most 5 digits");
    if (!all_digits(b)) {
        throw input_error(what + ": the end (position " + std::to_string(dash + 1) + ") is not a number of at most 5 digits");
    }
    const unsigned start = static_cast<unsigned>(std::stoul(a)), end = static_cast<unsigned>(std::stoul(b));
    if (start % glyph_range_size != 0) throw input_error(what + ": the start must be a multiple of 256");
    if (end != start + glyph_range_size - 1) throw input_error(what + ": the end must be start + 255 (" + std::to_string(start + 255) + ")");
    if (end > glyph_max_code_point) throw input_error(what + ": ranges end at 65535 (the Basic Multilingual Plane)");
    return {start, end};
}

std::vector<std::string> split_fontstack(const std::string& fontstack) {
    std::vector<std::string> out;
    std::size_t pos = 0;
    while (pos <= fontstack.size()) {
        std::size_t comma = fontstack.find(',', pos);
        if (comma == std::string::npos) comma = fontstack.size();
        out.push_back(trim(fontstack.substr(pos, comma - pos)));
        pos = comma + 1;
    }
    return out;
}

namespace {

// The fonts of a stack without repeats, in order: one cache entry per distinct list however it was
// spelled (spaces, a font twice), so the cache stays bounded whatever clients ask.
std::vector<std::string> distinct_fonts(const std::string& fontstack) {
    std::vector<std::string> fonts;
    for (auto& f : split_fontstack(fontstack)) {
        if (std::find(fonts.begin(), fonts.end(), f) == fonts.end()) fonts.push_back(std::move(f));
    }
    return fonts;
}

}  // namespace

struct glyph_library::impl {
    std::string dir;
    std::mutex mutex;  // FreeType's library and faces are not thread-safe; guards the caches too
    FT_Library library = nullptr;
    std::map<std::string, FT_Face> faces;
    std::map<std::string, std::shared_ptr<const std::string>> ranges;

    std::string path_of(const std::string& font) const {
        for (const auto& [name, file] : font_files()) {
            if (name == font) return dir + "/" + file;
        }
        return "";
    }

    // Under the mutex.
    FT_Face face(const std::string& font) {
        const auto it = faces.find(font);
        if (it != faces.end()) return it->second;
        if (!library && FT_Init_FreeType(&library) != 0) throw error("FreeType failed to initialise");
        const std::string path = path_of(font);
        FT_Face f = nullptr;
        if (path.empty() || FT_New_Face(library, path.c_str(), 0, &f) != 0) {
            throw config_error("cannot read the font " + font + " from " + path + " (install fonts-noto-core)");
        }
        if (FT_Set_Pixel_Sizes(f, 0, glyph_em_px * oversample) != 0) {
            FT_Done_Face(f);
            throw config_error("the font " + font + " cannot be scaled");
        }
        faces.emplace(font, f);
        return f;
    }

    // Under the mutex.
    std::optional<sdf_glyph> render(FT_Face f, unsigned code_point) {
        const FT_UInt index = FT_Get_Char_Index(f, code_point);
        if (index == 0) return std::nullopt;
        if (FT_Load_Glyph(f, index, FT_LOAD_NO_HINTING | FT_LOAD_NO_BITMAP) != 0) return std::nullopt;
        if (FT_Render_Glyph(f->glyph, FT_RENDER_MODE_NORMAL) != 0) return std::nullopt;
        const FT_GlyphSlot slot = f->glyph;
        const FT_Bitmap& bm = slot->bitmap;
        sdf_glyph g;
        g.id = code_point;
        g.advance = static_cast<unsigned>(std::lround(slot->advance.x / 64.0 / oversample));
        const int w = static_cast<int>(bm.width), h = static_cast<int>(bm.rows);
        const int ascender = static_cast<int>(std::lround(f->size->metrics.ascender / 64.0 / oversample));
        if (w == 0 || h == 0 || bm.pixel_mode != FT_PIXEL_MODE_GRAY) {
            g.top = -ascender;
            return g;  // no ink (a space): metrics only
        }
        // The ink's box in em pixels, grown to whole pixels, then the border around it.
        const int x0 = slot->bitmap_left, y_top = slot->bitmap_top;  // y up, oversampled pixels
        auto floor_div = [](int a) { return static_cast<int>(std::floor(static_cast<double>(a) / oversample)); };
        auto ceil_div = [](int a) { return static_cast<int>(std::ceil(static_cast<double>(a) / oversample)); };
        const int left = floor_div(x0), right = ceil_div(x0 + w), top = ceil_div(y_top), bottom = floor_div(y_top - h);
        g.width = static_cast<unsigned>(right - left);
        g.height = static_cast<unsigned>(top - bottom);
        g.left = left;
        g.top = top - ascender;
        const int out_w = static_cast<int>(g.width) + 2 * glyph_border_px, out_h = static_cast<int>(g.height) + 2 * glyph_border_px;
        const int cw = out_w * oversample, ch = out_h * oversample;
        std::vector<std::uint8_t> canvas(static_cast<std::size_t>(cw) * ch, 0);
        const int ox = x0 - (left - glyph_border_px) * oversample, oy = (top + glyph_border_px) * oversample - y_top;
        for (int r = 0; r < h; ++r) {
            const unsigned char* src = bm.buffer + static_cast<std::ptrdiff_t>(r) * bm.pitch;
            std::copy(src, src + w, canvas.begin() + static_cast<std::ptrdiff_t>(oy + r) * cw + ox);
        }
        const auto dist = signed_distance(canvas, cw, ch);
        g.bitmap.resize(static_cast<std::size_t>(out_w) * out_h);
        for (int j = 0; j < out_h; ++j) {
            for (int i = 0; i < out_w; ++i) {
                float sum = 0;
                for (int dy = 0; dy < oversample; ++dy) {
                    const float* row = dist.data() + static_cast<std::size_t>(j * oversample + dy) * cw + i * oversample;
                    for (int dx = 0; dx < oversample; ++dx) sum += row[dx];
                }
                const float em_px = sum / (oversample * oversample) / oversample;
                g.bitmap[static_cast<std::size_t>(j) * out_w + i] = static_cast<char>(sdf_byte(em_px));
            }
        }
        return g;
    }

    ~impl() {
        for (auto& [name, f] : faces) FT_Done_Face(f);
        if (library) FT_Done_FreeType(library);
    }
};

glyph_library::glyph_library(std::string font_dir) : impl_(std::make_unique<impl>()) { impl_->dir = std::move(font_dir); }

glyph_library::~glyph_library() = default;

std::vector<std::string> glyph_library::font_names() const {
    std::vector<std::string> out;
    for (const auto& [name, file] : font_files()) {
        std::error_code ec;
        if (std::filesystem::is_regular_file(impl_->dir + "/" + file, ec)) out.push_back(name);
    }
    return out;
}

std::vector<std::string> glyph_library::unknown_fonts(const std::string& fontstack) const {
    const auto known = font_names();
    std::vector<std::string> out;
    for (const auto& name : split_fontstack(fontstack)) {
        if (std::find(known.begin(), known.end(), name) == known.end()) out.push_back(name);
    }
    return out;
}

std::shared_ptr<const std::string> glyph_library::range_pbf(const std::string& fontstack, glyph_range range) {
    const auto fonts = distinct_fonts(fontstack);
    const std::string name = core::join_list(fonts, ",");
    const std::string key = name + "#" + std::to_string(range.start);
    std::lock_guard<std::mutex> lock(impl_->mutex);
    if (const auto it = impl_->ranges.find(key); it != impl_->ranges.end()) return it->second;
    std::vector<FT_Face> faces;
    for (const auto& font : fonts) faces.push_back(impl_->face(font));
    auto pbf = std::make_shared<std::string>();
    {
        protozero::pbf_builder<glyphs_field> glyphs{*pbf};
        protozero::pbf_builder<stack_field> stack{glyphs, glyphs_field::stacks};
        stack.add_string(stack_field::name, name);
        stack.add_string(stack_field::range, std::to_string(range.start) + "-" + std::to_string(range.end));
        for (unsigned cp = range.start; cp <= range.end; ++cp) {
            for (FT_Face f : faces) {
                if (auto g = impl_->render(f, cp)) {
                    add_glyph(stack, *g);
                    break;
                }
            }
        }
    }
    impl_->ranges.emplace(key, pbf);
    return pbf;
}

std::shared_ptr<const std::string> glyph_library::range_pbf_gzip(const std::string& fontstack, glyph_range range) {
    const auto pbf = range_pbf(fontstack, range);
    const std::string key = core::join_list(distinct_fonts(fontstack), ",") + "#" + std::to_string(range.start) + "#gz";
    {
        std::lock_guard<std::mutex> lock(impl_->mutex);
        if (const auto it = impl_->ranges.find(key); it != impl_->ranges.end()) return it->second;
    }
    auto gz = std::make_shared<const std::string>(gzip(*pbf));
    std::lock_guard<std::mutex> lock(impl_->mutex);
    return impl_->ranges.emplace(key, std::move(gz)).first->second;
}

std::optional<sdf_glyph> glyph_library::render(const std::string& font, unsigned code_point) {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    return impl_->render(impl_->face(font), code_point);
}

glyph_library& default_glyph_library() {
    static glyph_library library([] {
        const char* dir = std::getenv("COVERMAP_FONT_DIR");
        return std::string(dir && *dir ? dir : "/usr/share/fonts/truetype/noto");
    }());
    return library;
}

}  // namespace covermap::tiles
