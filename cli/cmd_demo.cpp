// covermap demo: a synthetic province for a fresh clone
#include <iostream>
#include <memory>

#include "boundaries/demo.hpp"
#include "cli/commands.hpp"
#include "db/database_url.hpp"
#include "db/migrate.hpp"
#include "db/pool.hpp"

namespace covermap::cli {

void add_demo_command(CLI::App& app, const global_options& global, action& run) {
    auto options = std::make_shared<boundaries::demo_options>();
    auto* cmd = app.add_subcommand("demo", "Build a synthetic demo province (communes, hamlets) from a seed; migrates first");
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
            return 0;
        };
    });
}

}  // namespace covermap::cli
