#pragma once
// Where the web map's files are, and whether the map can be drawn from them: the pages and scripts
// of web/public/ and MapLibre GL JS. A source checkout has MapLibre where `npm ci` puts it
// (web/node_modules/maplibre-gl/dist/); an installed tree (`cmake --install`) has it in
// share/covermap/web/vendor/. A server with files missing refuses to start, and /ready is 503 if
// they go missing later: never a blank map behind a healthy-looking server.
#include <string>
#include <vector>

namespace covermap::api {

// The directory /vendor/ serves MapLibre's two files from: <web_dir>/vendor when it exists (an
// installed tree), else <web_dir>/node_modules/maplibre-gl/dist (a source checkout).
std::string maplibre_dir(const std::string& web_dir);

// The files the map pages cannot work without that are missing (or empty) under web_dir, as paths
// relative to it, in a fixed order; empty when all are there.
std::vector<std::string> missing_web_files(const std::string& web_dir);

// Why the map cannot be served from web_dir: the missing files and the command that installs them
// (for a public answer such as /ready, without the directory's absolute path).
std::string missing_web_files_message(const std::string& web_dir, const std::vector<std::string>& missing,
                                      bool name_directory = true);

// The web directory of an installed tree relative to the executable's directory
// ("../share/covermap/web" for bin/covermap), set at build time from the install layout.
std::string installed_web_dir_relative();

// Where `covermap serve` takes the web map from when --web-dir is not given: the installed tree's
// (relative to `executable`) when that directory exists, else `source_web_dir` (web/ of the checkout
// the binary was built from).
std::string default_web_dir(const std::string& executable, const std::string& source_web_dir);

// The running executable's own path (/proc/self/exe), "" when it cannot be read.
std::string executable_path();

}  // namespace covermap::api
