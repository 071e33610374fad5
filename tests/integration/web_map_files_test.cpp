// A server never serves a blank map: `covermap serve` refuses to start without the web map's files,
// /ready reports them, --no-web serves the API alone, and `cmake --install` gives a tree that serves
// the map from wherever it is moved and run.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <thread>

#include "api/server.hpp"
#include "core/error.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/test_db.hpp"
#include "tests/support/test_server.hpp"

namespace covermap::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const fs::path source_web = fs::path(COVERMAP_SOURCE_DIR) / "web";

std::string read_text(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// A web directory made from the checkout's: public/, and MapLibre in vendor/ (as installed) or
// not at all; `checkout` adds package.json, so that it reads as a source checkout.
fs::path make_web_dir(const fs::path& dir, bool with_maplibre, bool checkout = false) {
    fs::create_directories(dir);
    fs::copy(source_web / "public", dir / "public", fs::copy_options::recursive);
    if (with_maplibre) {
        fs::create_directories(dir / "vendor");
        for (const char* file : {"maplibre-gl.js", "maplibre-gl.css"}) {
            fs::copy_file(source_web / "node_modules/maplibre-gl/dist" / file, dir / "vendor" / file);
        }
    }
    if (checkout) fs::copy_file(source_web / "package.json", dir / "package.json");
    return dir;
}

// Starts `binary` with `args` in `cwd`, its output to `log`.
pid_t spawn(const std::string& binary, const std::vector<std::string>& args, const std::string& cwd, const std::string& log) {
    std::vector<std::string> strings{binary};
    strings.insert(strings.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& s : strings) argv.push_back(s.data());
    argv.push_back(nullptr);
    const pid_t pid = fork();
    if (pid == 0) {
        const int out = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (out < 0 || chdir(cwd.c_str()) != 0) _exit(127);
        dup2(out, 1);
        dup2(out, 2);
        execv(argv[0], argv.data());
        _exit(127);
    }
    return pid;
}

// The exit code, or nullopt (and the process killed) when it still runs after `limit`.
std::optional<int> exit_code_within(pid_t pid, std::chrono::seconds limit) {
    const auto end = std::chrono::steady_clock::now() + limit;
    int status = 0;
    while (std::chrono::steady_clock::now() < end) {
        if (waitpid(pid, &status, WNOHANG) == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    return std::nullopt;
}


TEST(WebMapFiles, ServeRefusesToStartWithoutMapLibre) {
    const fs::path dir = temp_dir("covermap-web-refused");
    const fs::path web = make_web_dir(dir / "web", false, true);
    const std::string log = (dir / "log").string();
    const pid_t pid = spawn(covermap_binary(), {"--database", "postgresql://u:pw@127.0.0.1:1/x", "serve", "--port",
                                                std::to_string(free_port()), "--web-dir", web.string()},
                            dir.string(), log);
    EXPECT_EQ(exit_code_within(pid, std::chrono::seconds(30)), 2);
    const std::string text = read_text(log);
    EXPECT_NE(text.find("node_modules/maplibre-gl/dist/maplibre-gl.js"), std::string::npos) << text;
    EXPECT_NE(text.find("node_modules/maplibre-gl/dist/maplibre-gl.css"), std::string::npos) << text;
    EXPECT_NE(text.find("cd " + web.string() + " && npm ci"), std::string::npos) << text;
    EXPECT_NE(text.find("--no-web"), std::string::npos) << text;
    EXPECT_EQ(text.find("listening"), std::string::npos) << text;

    // A directory without its pages names them too; --no-web and --web-dir do not go together.
    const pid_t empty = spawn(covermap_binary(), {"--database", "postgresql://u:pw@127.0.0.1:1/x", "serve", "--port",
                                                  std::to_string(free_port()), "--web-dir", (dir / "nothing").string()},
                              dir.string(), log);
    EXPECT_EQ(exit_code_within(empty, std::chrono::seconds(30)), 2);
    EXPECT_NE(read_text(log).find("public/index.html"), std::string::npos) << read_text(log);
    const auto both = run_covermap("postgresql://u:pw@127.0.0.1:1/x", {"serve", "--no-web", "--web-dir", web.string()});
    EXPECT_EQ(both.exit_code, 2) << both.err;
    fs::remove_all(dir);
}

TEST(WebMapFiles, AnIncompleteWebDirectoryIsAConfigurationError) {
    const fs::path dir = temp_dir("covermap-web-incomplete");
    api::server_config config;
    config.database_url = "postgresql://u:pw@127.0.0.1:1/x";
    config.web_dir = make_web_dir(dir / "web", false).string();
    EXPECT_THROW(start_test_server(config), config_error);
    fs::remove_all(dir);
}

TEST(WebMapFiles, ReadyReportsTheWebFiles) {
    const fs::path dir = temp_dir("covermap-web-ready");
    api::server_config config;
    config.database_url = migrated_database("covermap_test_web_ready");
    config.web_dir = make_web_dir(dir / "web", true).string();
    auto server = start_test_server(config);
    const auto ready = http_get(config.port, "/ready");
    ASSERT_EQ(ready.status, 200) << ready.body;
    EXPECT_EQ(json::parse(ready.body)["checks"], json({{"database", "ok"}, {"web", "ok"}}));

    // The files go (an `npm ci` that empties node_modules, a half-finished deployment): not ready.
    fs::rename(dir / "web/vendor/maplibre-gl.js", dir / "maplibre-gl.js");
    const auto missing = http_get(config.port, "/ready");
    EXPECT_EQ(missing.status, 503) << missing.body;
    const auto body = json::parse(missing.body);
    EXPECT_EQ(body["code"], "unavailable");
    EXPECT_EQ(body["checks"]["web"], "missing");
    EXPECT_EQ(body["missing"], json::array({"vendor/maplibre-gl.js"}));
    EXPECT_NE(body["message"].get<std::string>().find("vendor/maplibre-gl.js"), std::string::npos) << missing.body;
    EXPECT_EQ(missing.body.find(dir.string()), std::string::npos) << "a public answer names no server path: " << missing.body;
    EXPECT_EQ(missing.headers.count("retry-after"), 1u);
    EXPECT_EQ(http_request(config.port, "GET", "/map", {{"Accept", "text/html"}}).status, 200);  // the page is there
    EXPECT_EQ(http_get(config.port, "/vendor/maplibre-gl.js").status, 404);

    fs::rename(dir / "maplibre-gl.js", dir / "web/vendor/maplibre-gl.js");
    EXPECT_EQ(http_get(config.port, "/ready").status, 200);
    server.reset();
    fs::remove_all(dir);
}

// API-only serving is legitimate (behind another web server, or a machine without npm): said so
// at the start, and the map's paths answer 404 with the reason.
TEST(WebMapFiles, NoWebServesTheApiAlone) {
    const std::string url = migrated_database("covermap_test_no_web");
    const fs::path dir = temp_dir("covermap-no-web");
    const int port = free_port();
    const std::string log = (dir / "log").string();
    const pid_t pid = spawn(covermap_binary(), {"--database", url, "serve", "--no-web", "--port", std::to_string(port)}, dir.string(), log);
    ASSERT_TRUE(wait_until_up(port)) << read_text(log);
    const auto ready = http_get(port, "/ready");
    EXPECT_EQ(ready.status, 200) << ready.body;
    EXPECT_EQ(json::parse(ready.body)["checks"]["web"], "off");
    const auto landing = http_request(port, "GET", "/", {{"Accept", "text/html"}});
    EXPECT_EQ(landing.status, 200);
    EXPECT_EQ(landing.headers.at("content-type"), "application/json");  // the API's landing page, not a map
    for (const std::string target : {"/map", "/embed", "/steward", "/static/app.js", "/vendor/maplibre-gl.js"}) {
        const auto r = http_get(port, target);
        EXPECT_EQ(r.status, 404) << target;
        EXPECT_NE(r.body.find("--no-web"), std::string::npos) << target << ": " << r.body;
    }
    kill(pid, SIGTERM);
    EXPECT_EQ(exit_code_within(pid, std::chrono::seconds(30)), 0);
    EXPECT_NE(read_text(log).find("web map off"), std::string::npos) << read_text(log);
    fs::remove_all(dir);
}

// `cmake --install` into a prefix, the prefix moved elsewhere, the binary run from a third
// directory: it finds its web map beside itself and serves the page and MapLibre.
TEST(InstalledTree, ServesTheMapFromWhereverItIsMoved) {
    const fs::path dir = temp_dir("covermap-install");
    const std::string install = std::string("\"") + COVERMAP_CMAKE + "\" --install \"" + COVERMAP_BUILD_DIR + "\" --prefix \"" +
                                (dir / "stage").string() + "\" > \"" + (dir / "install.log").string() + "\" 2>&1";
    ASSERT_EQ(std::system(install.c_str()), 0) << read_text(dir / "install.log");
    fs::rename(dir / "stage", dir / "moved");
    const fs::path prefix = fs::canonical(dir / "moved");
    const fs::path web = prefix / "share/covermap/web";
    for (const char* file : {"bin/covermap", "share/covermap/web/public/index.html", "share/covermap/web/public/app.js",
                             "share/covermap/web/vendor/maplibre-gl.js", "share/covermap/web/vendor/maplibre-gl.css",
                             "share/covermap/web/vendor/LICENSE.txt"}) {
        EXPECT_TRUE(fs::is_regular_file(prefix / file)) << file;
    }
    EXPECT_FALSE(fs::exists(web / "node_modules"));  // MapLibre's two files, not the npm tree

    const std::string url = migrated_database("covermap_test_installed");
    fs::create_directories(dir / "elsewhere");
    const int port = free_port();
    const std::string log = (dir / "serve.log").string();
    const pid_t pid = spawn((prefix / "bin/covermap").string(), {"--database", url, "serve", "--port", std::to_string(port)},
                            (dir / "elsewhere").string(), log);
    ASSERT_TRUE(wait_until_up(port)) << read_text(log);
    const auto page = http_request(port, "GET", "/", {{"Accept", "text/html"}});
    EXPECT_EQ(page.status, 200);
    EXPECT_NE(page.body.find("/vendor/maplibre-gl.js"), std::string::npos);
    const auto maplibre = http_get(port, "/vendor/maplibre-gl.js");
    EXPECT_EQ(maplibre.status, 200);
    EXPECT_TRUE(maplibre.body == read_text(source_web / "node_modules/maplibre-gl/dist/maplibre-gl.js"));
    EXPECT_EQ(http_get(port, "/vendor/maplibre-gl.css").status, 200);
    EXPECT_EQ(http_get(port, "/static/app.js").status, 200);
    const auto ready = http_get(port, "/ready");
    EXPECT_EQ(ready.status, 200) << ready.body;
    kill(pid, SIGTERM);
    EXPECT_EQ(exit_code_within(pid, std::chrono::seconds(30)), 0);
    const std::string text = read_text(log);
    EXPECT_NE(text.find("web map from " + web.string()), std::string::npos) << "not the installed tree's: " << text;
    fs::remove_all(dir);
}

}  // namespace
}  // namespace covermap::testing
