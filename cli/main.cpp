// covermap: community digital technology team coverage server. Exit codes: 0 success,
// 1 failure (bad input data, database error), 2 usage or configuration error.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "db/database_url.hpp"
#include "core/error.hpp"

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
    // One configuration file (TOML: `database = "..."` at the top, the serve options by their long
    // names under [serve]); the environment (COVERMAP_<OPTION>) and the command line override it.
    // A key the program does not know is an error that names it.
    app.set_config("--config", "", "Configuration file (TOML), e.g. covermap.toml with a [serve] section; also $COVERMAP_CONFIG");
    app.allow_config_extras(CLI::config_extras_mode::error);
    cli::action run;
    cli::add_db_commands(app, global, run);
    cli::add_import_commands(app, global, run);
    cli::add_registry_commands(app, global, run);
    cli::add_export_command(app, global, run);
    cli::add_demo_command(app, global, run);
    cli::add_apikey_command(app, global, run);
    cli::add_serve_command(app, global, run);
    cli::add_tiles_commands(app, global, run);
    cli::add_crosswalk_commands(app, global, run);
    // The environment (COVERMAP_<OPTION>, e.g. COVERMAP_TILE_CACHE_MB) sits between the file and
    // the command line: an option the command line does not give is added from the environment,
    // and command-line values override the file's.
    std::vector<std::string> args(argv + 1, argv + argc);
    if (std::find(args.begin(), args.end(), "serve") != args.end()) {
        for (const CLI::Option* option : app.get_subcommand("serve")->get_options()) {
            const std::string name = option->get_single_name();
            if (name == "help" || name == "print-config" || name.empty()) continue;
            std::string env = "COVERMAP_" + name;
            for (auto& c : env) c = c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            const char* value = std::getenv(env.c_str());
            if (value == nullptr) continue;
            const bool given = std::any_of(args.begin(), args.end(), [&](const std::string& a) {
                return a == "--" + name || a.rfind("--" + name + "=", 0) == 0 || (name == "port" && a == "-p");
            });
            if (!given) args.push_back("--" + name + "=" + value);
        }
    }
    // $COVERMAP_CONFIG names the file when --config does not (CLI11 reads the file before it looks
    // at the environment, so it is done here).
    if (const char* file = std::getenv("COVERMAP_CONFIG");
        file != nullptr && std::none_of(args.begin(), args.end(), [](const std::string& a) { return a == "--config" || a.rfind("--config=", 0) == 0; })) {
        args.insert(args.begin(), std::string("--config=") + file);
    }
    std::reverse(args.begin(), args.end());  // CLI11 takes the arguments reversed
    try {
        app.parse(args);
    } catch (const CLI::ConfigError& e) {
        std::cerr << "covermap: configuration file: " << e.what()
                  << " (unknown key, or a value the option refuses; covermap serve --print-config shows the keys)\n";
        return 2;
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? 0 : 2;
    }
    spdlog::set_level(global.verbose ? spdlog::level::debug : spdlog::level::info);
    try {
        return run ? run() : 2;
    } catch (const data_error& e) {  // a file's content: the command was right
        std::cerr << "covermap: " << e.what() << '\n';
        return 1;
    } catch (const input_error& e) {  // a parameter of the command, as core/error.hpp says
        std::cerr << "covermap: " << e.what() << '\n';
        return 2;
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
