#include "api/web_endpoint.hpp"

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "api/params.hpp"
#include "api/tiles_endpoint.hpp"
#include "api/web_files.hpp"

namespace covermap::api {
namespace {

std::string content_type_of(const std::string& path) {
    static const std::pair<const char*, const char*> types[] = {
        {".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
        {".json", "application/json"}, {".svg", "image/svg+xml"}, {".png", "image/png"},
        {".map", "application/json"}, {".ico", "image/x-icon"}, {".txt", "text/plain; charset=utf-8"}};
    for (const auto& [ext, type] : types) {
        const std::string e = ext;
        if (path.size() >= e.size() && path.compare(path.size() - e.size(), e.size(), e) == 0) return type;
    }
    return "application/octet-stream";
}

response file_response(const request& req, const std::string& file, const std::string& cache_control) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw not_found("no such file: " + req.path);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    response r;
    r.content_type = content_type_of(file);
    r.body = bytes.str();
    const std::string etag = tile_etag(r.body);
    r.headers.emplace_back("ETag", etag);
    r.headers.emplace_back("Cache-Control", cache_control);
    r.headers.emplace_back("X-Content-Type-Options", "nosniff");
    if (const auto inm = req.header("if-none-match"); inm && etag_matches(*inm, etag)) {
        r.status = 304;
        r.body.clear();
    }
    return r;
}

}  // namespace

bool safe_relative_path(const std::string& path) {
    if (path.empty() || path.front() == '/' || path.size() > 512) return false;
    for (const unsigned char c : path) {
        if (!(std::isalnum(c) || c == '.' || c == '_' || c == '-' || c == '/')) return false;
    }
    std::stringstream in(path);
    for (std::string segment; std::getline(in, segment, '/');) {
        if (segment.empty() || segment == "." || segment == "..") return false;
    }
    return path.back() != '/';
}

std::optional<response> serve_web(const request& req, const web_settings& web) {
    if (req.method != "GET" && req.method != "HEAD") return std::nullopt;
    const std::string& path = req.path;
    std::string file;
    std::string cache_control = "no-cache";  // revalidated by ETag: a deployment shows at once
    bool page = false;
    bool steward = false;  // the stewards' page takes a key and writes with one click: never framed
    if (path == "/" || path == "/map" || path == "/map/") {
        file = "public/index.html";
        page = true;
    } else if (path == "/embed" || path == "/embed/") {
        file = "public/embed.html";
        page = true;
    } else if (path == "/steward" || path == "/steward/") {
        file = "public/steward.html";
        page = true;
        steward = true;
    } else if (path.rfind("/static/", 0) == 0) {
        // Only web/public/ is published: package files, node_modules and tests stay private.
        file = "public/" + path.substr(8);
    } else if (path == "/vendor/maplibre-gl.js" || path == "/vendor/maplibre-gl.css") {
        file = path.substr(8);
        cache_control = "public, max-age=86400";
    } else {
        return std::nullopt;
    }
    if (!safe_relative_path(file)) throw bad_request("invalid file path: " + path);
    if (web.web_dir.empty()) throw not_found("this server serves the API without the web map (covermap serve --no-web)");
    const std::string dir = path.rfind("/vendor/", 0) == 0 ? maplibre_dir(web.web_dir) : web.web_dir;
    response r = file_response(req, dir + "/" + file, cache_control);
    if (page) {
        // Portals may frame the map only where allowed; pages never sniff types or leak full URLs.
        r.headers.emplace_back("Content-Security-Policy", "frame-ancestors " + (steward ? std::string("'none'") : web.frame_ancestors));
        r.headers.emplace_back("Referrer-Policy", "strict-origin-when-cross-origin");
    }
    return r;
}

response map_config(const request& req, services& svc) {
    const query_params params(req, {});
    const auto catalogue = svc.tiles.current_catalogue();
    nlohmann::json editions = nlohmann::json::array();
    for (const auto& e : catalogue->editions) {
        nlohmann::json bounds;
        if (e.bounds) bounds = {e.bounds->min_x, e.bounds->min_y, e.bounds->max_x, e.bounds->max_y};
        nlohmann::json converted = nlohmann::json::object(), snapshots = nlohmann::json::array();
        for (const auto& s : e.snapshots) {
            snapshots.push_back(s.as_of);
            if (s.converted()) converted[s.as_of] = {{"from", *s.converted_from}, {"method", s.method}, {"levels", s.levels}};
        }
        editions.push_back({{"name", e.name}, {"levels", e.level_names()}, {"snapshots", snapshots}, {"converted", converted},
                            {"bounds", bounds}, {"title", e.title ? nlohmann::json(*e.title) : nlohmann::json()}});
    }
    response r;
    r.body = nlohmann::json{{"basemap_style", svc.web.basemap_style.empty() ? nlohmann::json() : nlohmann::json(svc.web.basemap_style)},
                            {"default_lang", "vi"},
                            {"editions", editions}}
                 .dump();
    return r;
}

}  // namespace covermap::api
