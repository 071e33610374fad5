// covermap db migrate | db status
#include <iostream>

#include "cli/commands.hpp"
#include "db/database_url.hpp"
#include "db/migrate.hpp"
#include "db/pool.hpp"

namespace covermap::cli {

void add_db_commands(CLI::App& app, const global_options& global, action& run) {
    auto* db = app.add_subcommand("db", "Database schema: migrate, status");
    db->require_subcommand(1);

    auto* migrate = db->add_subcommand("migrate", "Apply pending schema migrations (each in a transaction)");
    migrate->callback([&global, &run] {
        run = [&global] {
            const std::string url = db::resolve_database_url(global.database_url);
            auto conn = db::connect(url, "covermap db migrate");
            const auto applied = db::migrate(*conn);
            if (applied.empty()) {
                std::cout << "schema is up to date at version " << db::latest_version() << '\n';
            } else {
                for (int v : applied) std::cout << "applied migration " << v << '\n';
                std::cout << "schema is at version " << db::latest_version() << '\n';
            }
            return 0;
        };
    });

    auto* status = db->add_subcommand("status", "Show the database URL (password hidden) and schema version");
    status->callback([&global, &run] {
        run = [&global] {
            const std::string url = db::resolve_database_url(global.database_url);
            auto conn = db::connect(url, "covermap db status");
            const int version = db::current_version(*conn);
            std::cout << "database: " << db::redact(url) << '\n'
                      << "schema version: " << version << " (this covermap: " << db::latest_version() << ")\n";
            return version == db::latest_version() ? 0 : 1;
        };
    });
}

}  // namespace covermap::cli
