#pragma once
// Real PostGIS for tests: each test binary gets fresh databases in the cluster named by
// $COVERMAP_TEST_DATABASE_URL (default: the project-local cluster of scripts/db.sh).
#include <string>

#include <pqxx/pqxx>

namespace covermap::testing {

// The URL of the cluster's maintenance database the tests create their databases from.
std::string admin_url();

// `url` with its database name replaced.
std::string with_database(const std::string& url, const std::string& database);

// Drop and create database `name` (with PostGIS available), return its URL. Not migrated.
std::string fresh_database(const std::string& name);

// A fresh, migrated database.
std::string migrated_database(const std::string& name);

// A fingerprint of everything covermap stored (units, levels, editions, data version):
// equal fingerprints mean nothing changed.
std::string fingerprint(const std::string& url);

// Directory of the shared reference data (../shared/data from the project), or "" when absent.
std::string shared_data_dir();

// A new empty temporary directory, removed by the caller (or left for inspection).
std::string temp_dir(const std::string& prefix);

// Path of the covermap executable under test.
std::string covermap_binary();

struct run_result {
    int exit_code;
    std::string out;  // stdout
    std::string err;  // stderr
};

// Run the covermap binary with arguments (no shell), environment COVERMAP_DATABASE_URL=url.
run_result run_covermap(const std::string& url, const std::vector<std::string>& args);

// Start the covermap binary with arguments in the background; stdout and stderr go to
// `output_path` (or stay the test's own when empty). Returns its pid.
int start_covermap(const std::vector<std::string>& args, const std::string& output_path = {});

}  // namespace covermap::testing
