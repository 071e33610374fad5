// covermap: community digital technology team coverage server. Exit codes: 0 success,
// 1 failure (bad input data, database error), 2 usage or configuration error.
#include <spdlog/spdlog.h>

#include <iostream>

#include "cli/commands.hpp"
#include "db/database_url.hpp"
#include "geo/error.hpp"

int main(int argc, char** argv) {
    using namespace covermap;
    CLI::App app{"covermap: coverage of community digital technology teams — boundaries, registries, "
                 "GeoJSON, vector tiles and statistics over PostGIS"};
    app.set_version_flag("--version", "covermap 0.1.0");
    app.require_subcommand(1);
    cli::global_options global;
    app.add_option("--database", global.database_url,
                   "PostgreSQL/PostGIS URL (default: $COVERMAP_DATABASE_URL, else the project-local cluster)");
    app.add_flag("-v,--verbose", global.verbose, "Log debug detail (one line per HTTP request)");
    cli::action run;
    cli::add_db_commands(app, global, run);
    cli::add_import_commands(app, global, run);
    cli::add_registry_commands(app, global, run);
    cli::add_export_command(app, global, run);
    cli::add_demo_command(app, global, run);
    cli::add_apikey_command(app, global, run);
    cli::add_serve_command(app, global, run);
    cli::add_tiles_commands(app, global, run);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? 0 : 2;
    }
    spdlog::set_level(global.verbose ? spdlog::level::debug : spdlog::level::info);
    try {
        return run ? run() : 2;
    } catch (const config_error& e) {
        std::cerr << "covermap: " << e.what() << '\n';
        return 2;
    } catch (const error& e) {
        std::cerr << "covermap: " << e.what() << '\n';
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "covermap: " << db::redact(e.what()) << '\n';
        return 1;
    }
}
