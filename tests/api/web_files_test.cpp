// Where the web map's files are and which are missing (api/web_files.hpp), on directories made here.
#include <gtest/gtest.h>

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "api/web_files.hpp"

namespace covermap::api {
namespace {

namespace fs = std::filesystem;

class WebFiles : public ::testing::Test {
protected:
    void SetUp() override {
        std::string pattern = (fs::temp_directory_path() / "covermap-web-files-XXXXXX").string();
        ASSERT_NE(mkdtemp(pattern.data()), nullptr);
        dir_ = pattern;
    }
    void TearDown() override { fs::remove_all(dir_); }

    void write(const std::string& relative, const std::string& text = "x") {
        fs::create_directories((dir_ / relative).parent_path());
        std::ofstream(dir_ / relative) << text;
    }
    void write_pages() {
        for (const char* file : {"index.html", "embed.html", "steward.html", "app.js", "embed.js", "steward.js", "covermap.js",
                                 "i18n.js", "style.css"}) {
            write(std::string("public/") + file);
        }
    }

    fs::path dir_;
};

TEST_F(WebFiles, AnEmptyDirectoryMissesEveryPageAndMapLibre) {
    const auto missing = missing_web_files(dir_.string());
    ASSERT_EQ(missing.size(), 11u);
    EXPECT_EQ(missing.front(), "public/index.html");
    EXPECT_EQ(missing[9], "node_modules/maplibre-gl/dist/maplibre-gl.js");
    EXPECT_EQ(missing[10], "node_modules/maplibre-gl/dist/maplibre-gl.css");
    EXPECT_TRUE(missing_web_files((dir_ / "no-such-dir").string()).size() == 11u);
}

TEST_F(WebFiles, ACheckoutAfterNpmCiIsComplete) {
    write("package.json", "{}");
    write_pages();
    write("node_modules/maplibre-gl/dist/maplibre-gl.js");
    EXPECT_EQ(missing_web_files(dir_.string()), std::vector<std::string>{"node_modules/maplibre-gl/dist/maplibre-gl.css"});
    const std::string message = missing_web_files_message(dir_.string(), missing_web_files(dir_.string()));
    EXPECT_NE(message.find(dir_.string() + ": node_modules/maplibre-gl/dist/maplibre-gl.css"), std::string::npos) << message;
    EXPECT_NE(message.find("npm ci"), std::string::npos) << message;
    EXPECT_NE(message.find("scripts/install-deps.sh"), std::string::npos) << message;
    EXPECT_NE(message.find("--no-web"), std::string::npos) << message;
    write("node_modules/maplibre-gl/dist/maplibre-gl.css");
    EXPECT_TRUE(missing_web_files(dir_.string()).empty());
    EXPECT_EQ(maplibre_dir(dir_.string()), dir_.string() + "/node_modules/maplibre-gl/dist");
}

TEST_F(WebFiles, AnInstalledTreeHasMapLibreInVendor) {
    write_pages();
    write("vendor/maplibre-gl.js");
    write("vendor/maplibre-gl.css", "");  // an empty file draws no map either
    EXPECT_EQ(maplibre_dir(dir_.string()), dir_.string() + "/vendor");
    EXPECT_EQ(missing_web_files(dir_.string()), std::vector<std::string>{"vendor/maplibre-gl.css"});
    // Not a checkout: the hint is to install again, and a public answer does not name the directory.
    const std::string message = missing_web_files_message(dir_.string(), {"vendor/maplibre-gl.css"}, false);
    EXPECT_NE(message.find("cmake --install"), std::string::npos) << message;
    EXPECT_EQ(message.find(dir_.string()), std::string::npos) << message;
}

TEST_F(WebFiles, TheInstalledTreeBesideTheBinaryComesBeforeTheCheckout) {
    EXPECT_EQ(installed_web_dir_relative(), "../share/covermap/web");
    const std::string binary = (dir_ / "bin" / "covermap").string();
    EXPECT_EQ(default_web_dir(binary, "/src/web"), "/src/web");
    fs::create_directories(dir_ / "share/covermap/web");
    EXPECT_EQ(default_web_dir(binary, "/src/web"), (dir_ / "share/covermap/web").string());
    EXPECT_EQ(default_web_dir("", "/src/web"), "/src/web");
    EXPECT_FALSE(executable_path().empty());
}

}  // namespace
}  // namespace covermap::api
