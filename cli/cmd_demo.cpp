// covermap demo: a synthetic province for a fresh clone
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <memory>

#include "boundaries/demo.hpp"
#include "cli/commands.hpp"
#include "db/database_url.hpp"
#include "db/migrate.hpp"
#include "db/pool.hpp"
#include "registry/demo_registry.hpp"
#include "registry/registry_import.hpp"

namespace covermap::cli {

void add_demo_command(CLI::App& app, const global_options& global, action& run) {
    auto options = std::make_shared<boundaries::demo_options>();
    auto* cmd = app.add_subcommand("demo", "Build a synthetic demo province (communes, hamlets, two yearly team registries) from a seed; migrates first");
    cmd->add_option("--edition", options->edition, "Edition name")->capture_default_str();
    cmd->add_option("--seed", options->seed, "Random seed (same seed, same province)")->capture_default_str();
    cmd->add_option("--communes", options->communes, "Number of communes")->capture_default_str();
    cmd->add_option("--hamlets-per-commune", options->hamlets_per_commune, "Average hamlets per commune")
        ->capture_default_str();
    cmd->callback([&global, &run, options] {
        run = [&global, options] {
            auto conn = db::connect(db::resolve_database_url(global.database_url), "covermap demo");
            db::migrate(*conn);
            const auto r = boundaries::build_demo(*conn, *options);
            std::cout << "demo edition " << options->edition << ": " << r.provinces << " province, " << r.communes
                      << " communes, " << r.hamlets << " hamlets (seed " << options->seed << ")\n";
            // Two yearly registries, imported like any other, so coverage has a time dimension.
            for (const int year : {2024, 2025}) {
                char path[] = "/tmp/covermap-demo-teams-XXXXXX.csv";
                const int fd = mkstemps(path, 4);
                if (fd < 0) throw std::runtime_error("cannot create a temporary file for the demo registry");
                close(fd);
                registry::registry_import_options o;
                o.path = path;
                o.file_name = "demo_teams_" + std::to_string(year) + ".csv";
                o.edition = options->edition;
                o.as_of = std::to_string(year) + "-12-31";
                o.imported_by = "demo";
                try {
                    registry::write_demo_registry(*conn, options->edition, year, options->seed + year, path);
                    const auto t = registry::import_registry(*conn, o);
                    std::cout << "demo registry as of " << t.as_of << ": " << t.rows << " rows, " << t.teams
                              << " teams placed, " << t.rows - t.teams << " reported (import " << t.import_id << ")\n";
                } catch (...) {
                    std::remove(path);
                    throw;
                }
                std::remove(path);
            }
            return 0;
        };
    });
}

}  // namespace covermap::cli
