#pragma once
// Small boundary files written on the fly: two provinces, four communes (one an invalid
// bow-tie, codes with leading zeros), three hamlet points (one parent code without its zeros).
#include <string>

#include "boundaries/boundary_import.hpp"

namespace covermap::testing {

// Import options for one layer, named by field (the name field is "name").
inline boundaries::boundary_import_options import_options(const std::string& path, const std::string& edition,
                                                          const std::string& level, const std::string& code_field) {
    boundaries::boundary_import_options o;
    o.source.path = path;
    o.edition = edition;
    o.level = level;
    o.code_field = code_field;
    o.name_field = "name";
    return o;
}

struct fixture_files {
    std::string dir;
    std::string provinces;  // GeoJSON: code, name, pop
    std::string communes;   // GeoJSON: code, name (no parent code: linked by containment)
    std::string hamlets;    // CSV: hamlet_code, name, commune_code, households, lon, lat
    std::string empty;      // GeoJSON without features
    std::string duplicates; // GeoJSON: two features with code "01"
};

fixture_files write_fixtures(const std::string& dir);

// Run a shell command; returns its exit status.
int shell(const std::string& command);

// Run a shell command; its exit status and its standard output and error together.
struct captured {
    int status;
    std::string output;
};
captured capture(const std::string& command);

// Run a browser script of tests/web/ (headless Chromium through playwright-core) against the server
// on `port`, screenshots into test-artifacts/OUT_NAME under the working directory, with extra
// arguments; prints its lines and fails the test unless it exits 0 with a PASS and no FAIL line.
void run_browser_script(const std::string& script, int port, const std::string& out_name, const std::string& arguments = "");

}  // namespace covermap::testing
