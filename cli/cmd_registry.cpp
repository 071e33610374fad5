// covermap registry list | withdraw IMPORT_ID | report IMPORT_ID | rows IMPORT_ID: what a data steward reviews.
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "db/database_url.hpp"
#include "db/migrate.hpp"
#include "db/pool.hpp"
#include "geo/error.hpp"
#include "registry/registry_export.hpp"
#include "registry/snapshot.hpp"
#include "registry/sql.hpp"

namespace covermap::cli {
namespace {

struct export_options {
    long long import_id = 0;
    std::string format = "csv";
    std::string output;  // empty: standard output (CSV only)
};

template <typename Fn>
int with_import(const global_options& global, Fn&& fn) {
    auto conn = db::connect(db::resolve_database_url(global.database_url), "covermap registry");
    db::require_current(*conn);
    pqxx::read_transaction tx(*conn);
    fn(tx);
    return 0;
}

// Writes to `output` (refusing to overwrite without --force) or standard output.
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

}  // namespace

void add_registry_commands(CLI::App& app, const global_options& global, action& run) {
    auto* registry = app.add_subcommand("registry", "Review registry imports: list, withdraw, report of rows to fix, every row");
    registry->require_subcommand(1);

    auto* list = registry->add_subcommand(
        "list", "List registry imports (id, edition, as-of, file, counts) and the provinces each supplies to its snapshot");
    list->callback([&global, &run] {
        run = [&global] {
            return with_import(global, [](pqxx::read_transaction& tx) {
                std::cout << "id\tedition\tas_of\tfile\trows\tteams\tcurrent\timported_at\tscope\tsupplies\n";
                for (const auto& r : tx.exec(registry::sql::get("list_imports"))) {
                    for (int c = 0; c < 10; ++c) std::cout << (c ? "\t" : "") << (c == 6 ? (r[c].as<bool>() ? "yes" : "no") : r[c].c_str());
                    std::cout << '\n';
                }
            });
        };
    });

    auto withdraw = std::make_shared<registry::withdraw_options>();
    auto* wd = registry->add_subcommand(
        "withdraw", "Withdraw an upload from its snapshot (all its provinces, or those given); restores nothing else");
    wd->add_option("IMPORT_ID", withdraw->import_id, "Import id (see covermap registry list)")->required();
    wd->add_option("--province", withdraw->provinces, "Province code (or name) to withdraw; repeatable; default: all it supplies");
    wd->callback([&global, &run, withdraw] {
        run = [&global, withdraw] {
            auto conn = db::connect(db::resolve_database_url(global.database_url), "covermap registry");
            db::require_current(*conn);
            withdraw->withdrawn_by = "cli";
            if (const char* user = std::getenv("USER")) withdraw->withdrawn_by += ":" + std::string(user);
            const auto r = registry::withdraw_import(*conn, *withdraw);
            std::cout << "withdrew import " << r.import_id << " from the snapshot " << r.edition << " " << r.as_of << ":";
            for (const auto& p : r.withdrawn) std::cout << "\n  " << p.code << " " << p.name << ": its teams removed";
            std::cout << '\n';
            if (r.still_supplied.empty()) {
                std::cout << "  the import supplies no province any more (its report stays)\n";
            } else {
                std::cout << "  still supplied by it:";
                for (const auto& code : r.still_supplied) std::cout << ' ' << code;
                std::cout << '\n';
            }
            return 0;
        };
    });

    auto report = std::make_shared<export_options>();
    auto force = std::make_shared<bool>(false);
    auto* rep = registry->add_subcommand(
        "report", "Export the rows to fix (not matched cleanly or with field issues) with reasons and candidates");
    rep->add_option("IMPORT_ID", report->import_id, "Import id (printed by covermap import registry)")->required();
    rep->add_option("--format", report->format, "csv or xlsx")->check(CLI::IsMember({"csv", "xlsx"}))->capture_default_str();
    rep->add_option("-o,--output", report->output, "Output file (default: standard output; required for xlsx)");
    rep->add_flag("--force", *force, "Overwrite the output file");
    rep->callback([&global, &run, report, force] {
        run = [&global, report, force] {
            if (report->format == "xlsx" && report->output.empty()) throw config_error("--format xlsx needs -o FILE.xlsx");
            return with_import(global, [&](pqxx::read_transaction& tx) {
                if (report->format == "xlsx") {
                    if (!*force && std::ifstream(report->output)) {
                        throw config_error(report->output + " exists; pass --force to overwrite it");
                    }
                    std::remove(report->output.c_str());
                    registry::write_report_xlsx(tx, report->import_id, report->output);
                } else {
                    to_output(report->output, *force,
                              [&](std::ostream& out) { registry::write_report_csv(tx, report->import_id, out); });
                }
            });
        };
    });

    auto rows = std::make_shared<export_options>();
    auto rows_force = std::make_shared<bool>(false);
    auto* all = registry->add_subcommand("rows", "Export every row: row number, line, outcome, hamlet and commune codes");
    all->add_option("IMPORT_ID", rows->import_id, "Import id")->required();
    all->add_option("--format", rows->format, "csv")->check(CLI::IsMember({"csv"}))->capture_default_str();
    all->add_option("-o,--output", rows->output, "Output file (default: standard output)");
    all->add_flag("--force", *rows_force, "Overwrite the output file");
    all->callback([&global, &run, rows, rows_force] {
        run = [&global, rows, rows_force] {
            return with_import(global, [&](pqxx::read_transaction& tx) {
                to_output(rows->output, *rows_force, [&](std::ostream& out) { registry::write_rows_csv(tx, rows->import_id, out); });
            });
        };
    });
}

}  // namespace covermap::cli
