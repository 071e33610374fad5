#include "api/web_files.hpp"

#include <filesystem>
#include <system_error>

namespace covermap::api {
namespace {

namespace fs = std::filesystem;

// The pages, the scripts and the style sheet they load themselves (the modules those import come
// with them from web/public/), relative to the web directory.
constexpr const char* page_files[] = {"public/index.html", "public/embed.html", "public/steward.html",
                                      "public/app.js",     "public/embed.js",   "public/steward.js",
                                      "public/covermap.js", "public/i18n.js",   "public/style.css"};
constexpr const char* maplibre_files[] = {"maplibre-gl.js", "maplibre-gl.css"};

std::string maplibre_relative(const std::string& web_dir) {
    std::error_code ec;
    return fs::is_directory(fs::path(web_dir) / "vendor", ec) ? "vendor" : "node_modules/maplibre-gl/dist";
}

bool present(const fs::path& file) {
    std::error_code ec;
    return fs::is_regular_file(file, ec) && fs::file_size(file, ec) > 0 && !ec;
}

}  // namespace

std::string maplibre_dir(const std::string& web_dir) { return web_dir + "/" + maplibre_relative(web_dir); }

std::vector<std::string> missing_web_files(const std::string& web_dir) {
    std::vector<std::string> missing;
    for (const char* file : page_files) {
        if (!present(fs::path(web_dir) / file)) missing.emplace_back(file);
    }
    const std::string vendor = maplibre_relative(web_dir);
    for (const char* file : maplibre_files) {
        if (!present(fs::path(web_dir) / vendor / file)) missing.push_back(vendor + "/" + file);
    }
    return missing;
}

std::string missing_web_files_message(const std::string& web_dir, const std::vector<std::string>& missing, bool name_directory) {
    std::string files;
    for (const auto& file : missing) files += (files.empty() ? "" : ", ") + file;
    std::string out = "the web map's files are missing from " + (name_directory ? web_dir : std::string("the web directory")) +
                      ": " + files + ". ";
    std::error_code ec;
    if (fs::exists(fs::path(web_dir) / "package.json", ec)) {
        // A source checkout: npm installs MapLibre from web/package-lock.json.
        out += "Install them with `cd " + (name_directory ? web_dir : std::string("web")) +
               " && npm ci` (scripts/install-deps.sh does it with every other dependency)";
    } else {
        out += "Install covermap again (`cmake --install BUILD_DIR --prefix PREFIX` after `cd web && npm ci` in its "
               "source) or point --web-dir at a complete web directory";
    }
    return out + "; `covermap serve --no-web` serves the API without the map";
}

std::string installed_web_dir_relative() { return COVERMAP_INSTALLED_WEB_DIR; }

std::string default_web_dir(const std::string& executable, const std::string& source_web_dir) {
    if (!executable.empty()) {
        const fs::path installed = (fs::path(executable).parent_path() / installed_web_dir_relative()).lexically_normal();
        std::error_code ec;
        if (fs::is_directory(installed, ec)) return installed.string();
    }
    return source_web_dir;
}

std::string executable_path() {
    std::error_code ec;
    const fs::path self = fs::read_symlink("/proc/self/exe", ec);
    return ec ? std::string() : self.string();
}

}  // namespace covermap::api
