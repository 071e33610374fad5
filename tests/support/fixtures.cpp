#include <cstdio>
#include "tests/support/fixtures.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace covermap::testing {
namespace {

void write(const std::string& path, const std::string& text) {
    std::ofstream out(path);
    out << text;
}

std::string square(double x0, double y0, double x1, double y1) {
    auto p = [](double x, double y) { return "[" + std::to_string(x) + "," + std::to_string(y) + "]"; };
    return R"({"type":"Polygon","coordinates":[[)" + p(x0, y0) + "," + p(x1, y0) + "," + p(x1, y1) + "," + p(x0, y1) +
           "," + p(x0, y0) + "]]}";
}

std::string feature(const std::string& properties, const std::string& geometry) {
    return R"({"type":"Feature","properties":)" + properties + R"(,"geometry":)" + geometry + "}";
}

std::string collection(const std::string& features) {
    return R"({"type":"FeatureCollection","features":[)" + features + "]}";
}

}  // namespace

fixture_files write_fixtures(const std::string& dir) {
    fixture_files f;
    f.dir = dir;
    f.provinces = dir + "/provinces.geojson";
    f.communes = dir + "/communes.geojson";
    f.hamlets = dir + "/hamlets.csv";
    f.empty = dir + "/empty.geojson";
    f.duplicates = dir + "/duplicates.geojson";
    write(f.provinces,
          collection(feature(R"({"code":"01","name":"Tỉnh Alpha","pop":1000})", square(105, 21, 106, 22)) + "," +
                     feature(R"({"code":"02","name":"Tỉnh Beta","pop":"2,500"})", square(106, 21, 107, 22))));
    const std::string bowtie =
        R"({"type":"Polygon","coordinates":[[[106.5,21.0],[107.0,22.0],[107.0,21.0],[106.5,22.0],[106.5,21.0]]]})";
    write(f.communes,
          collection(feature(R"({"code":"00001","name":"Xã Một"})", square(105, 21, 105.5, 22)) + "," +
                     feature(R"({"code":"00002","name":"Phường 01"})", square(105.5, 21, 106, 22)) + "," +
                     feature(R"({"code":"00003","name":"Xã  Hoà Bình"})", square(106, 21, 106.5, 22)) + "," +
                     feature(R"({"code":"00004","name":"Thị trấn Na Sầm"})", bowtie)));
    write(f.hamlets,
          "hamlet_code,name,commune_code,households,lon,lat\n"
          "00001001,Thôn 1,00001,120,105.2,21.5\n"
          "00003001,Tổ dân phố 1,3, 80 ,106.2,21.5\n"
          "00004001,Bản Na,00004,,106.99,21.5\n");
    write(f.empty, collection(""));
    write(f.duplicates,
          collection(feature(R"({"code":"01","name":"A"})", square(105, 21, 106, 22)) + "," +
                     feature(R"({"code":"01","name":"B"})", square(106, 21, 107, 22))));
    return f;
}

captured capture(const std::string& command) {
    captured c{-1, {}};
    FILE* pipe = popen((command + " 2>&1").c_str(), "r");
    if (!pipe) return c;
    char buffer[4096];
    while (std::fgets(buffer, sizeof buffer, pipe)) c.output += buffer;
    const int status = pclose(pipe);
    c.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return c;
}

void run_browser_script(const std::string& script, int port, const std::string& out_name, const std::string& arguments) {
    const std::string out = (std::filesystem::current_path() / "test-artifacts" / out_name).string();
    std::filesystem::create_directories(out);
    const auto run = capture("node " + std::string(COVERMAP_SOURCE_DIR) + "/tests/web/" + script + " --url http://127.0.0.1:" +
                             std::to_string(port) + " --out " + out + (arguments.empty() ? "" : " " + arguments));
    std::printf("%s", run.output.c_str());
    EXPECT_EQ(run.status, 0) << "tests/web/" << script << " failed; screenshots in " << out;
    EXPECT_NE(run.output.find("PASS"), std::string::npos);
    EXPECT_EQ(run.output.find("FAIL"), std::string::npos);
}

int shell(const std::string& command) {
    const int status = std::system(command.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace covermap::testing
