#pragma once
// The covermap subcommands. Each registers its options on the CLI11 app and returns the action
// to run once the command line has parsed.
#include <CLI/CLI.hpp>

#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <string>

#include "db/database_url.hpp"
#include "db/migrate.hpp"
#include "db/pool.hpp"
#include "core/error.hpp"

namespace covermap::cli {

struct global_options {
    std::string database_url;  // --database; empty: $COVERMAP_DATABASE_URL, else the local cluster
    bool verbose = false;
};

using action = std::function<int()>;

// Who did it, as imports, withdrawals and resolutions record it: "cli:USER" ("cli" without $USER).
inline std::string cli_actor() {
    const char* user = std::getenv("USER");
    return user != nullptr ? "cli:" + std::string(user) : std::string("cli");
}

// A connection to the database of --database (else $COVERMAP_DATABASE_URL, else the local cluster)
// whose schema is this covermap's: how every command that reads or writes data starts (a database
// that is not migrated is a clear error naming `covermap db migrate`).
inline std::unique_ptr<pqxx::connection> connect_current(const global_options& global, const std::string& application) {
    auto conn = db::connect(db::resolve_database_url(global.database_url), application);
    db::require_current(*conn);
    return conn;
}

// Writes to `output` (refusing to overwrite without --force) or standard output ("" or "-").
template <typename Fn>
void to_output(const std::string& output, bool force, Fn&& write) {
    if (output.empty() || output == "-") {
        write(std::cout);
        return;
    }
    if (!force && std::ifstream(output)) throw config_error(output + " exists; pass --force to overwrite it");
    std::ofstream out(output, std::ios::binary);
    if (!out) throw config_error(output + ": cannot write");
    write(out);
}

void add_db_commands(CLI::App& app, const global_options& global, action& run);
void add_import_commands(CLI::App& app, const global_options& global, action& run);
void add_registry_commands(CLI::App& app, const global_options& global, action& run);
void add_apikey_command(CLI::App& app, const global_options& global, action& run);
void add_export_command(CLI::App& app, const global_options& global, action& run);
void add_demo_command(CLI::App& app, const global_options& global, action& run);
void add_serve_command(CLI::App& app, const global_options& global, action& run);
void add_tiles_commands(CLI::App& app, const global_options& global, action& run);
void add_crosswalk_commands(CLI::App& app, const global_options& global, action& run);

}  // namespace covermap::cli
