#include "api/fonts_endpoint.hpp"

#include "api/params.hpp"
#include "api/tiles_endpoint.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "tiles/compress.hpp"
#include "tiles/glyphs.hpp"

namespace covermap::api {

response get_glyphs(const request& req, services& svc) {
    const query_params params(req, {});
    auto& library = tiles::default_glyph_library();
    const std::string& fontstack = req.path_params.at("fontstack");
    std::string file = req.path_params.at("range");
    const std::string suffix = ".pbf";
    if (file.size() <= suffix.size() || file.compare(file.size() - suffix.size(), suffix.size(), suffix) != 0) {
        throw bad_request("malformed glyph path '" + file + "' (parameter range): expected /fonts/{fontstack}/{start}-{end}.pbf");
    }
    file.resize(file.size() - suffix.size());
    tiles::glyph_range range{};
    try {
        range = tiles::parse_glyph_range(file);
    } catch (const input_error& e) {  // said of the parameter
        throw input_error(std::string(e.what()) + " (parameter range)");
    }
    if (const auto unknown = library.unknown_fonts(fontstack); !unknown.empty()) {
        const auto known = library.font_names();
        throw not_found("unknown font '" + core::join_list(unknown) + "' in fontstack '" + fontstack +
                        "'; fonts: " + (known.empty() ? "none (install fonts-noto-core)" : core::join_list(known)));
    }
    const auto pbf = library.range_pbf(fontstack, range);
    const bool gzip_ok = tiles::accepts_gzip(req.header("accept-encoding").value_or(""));
    response r;
    r.content_type = "application/x-protobuf";
    r.headers.emplace_back("Cache-Control", svc.tile_cache_control);
    r.headers.emplace_back("Vary", "Accept-Encoding");
    if (not_modified(r, req, tile_etag(*pbf), gzip_ok)) return r;
    if (gzip_ok) {
        r.headers.emplace_back("Content-Encoding", "gzip");
        r.shared_body = library.range_pbf_gzip(fontstack, range);
    } else {
        r.shared_body = pbf;
    }
    return r;
}

}  // namespace covermap::api
