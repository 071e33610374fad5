// covermap registry list | report IMPORT_ID | rows IMPORT_ID: what a data steward reviews.
#include <fstream>
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "db/database_url.hpp"
#include "db/migrate.hpp"
#include "db/pool.hpp"
#include "geo/error.hpp"
#include "registry/registry_export.hpp"

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
    auto* registry = app.add_subcommand("registry", "Review registry imports: list, report of rows to fix, every row");
    registry->require_subcommand(1);

    auto* list = registry->add_subcommand("list", "List registry imports (id, edition, as-of, file, counts)");
    list->callback([&global, &run] {
        run = [&global] {
            return with_import(global, [](pqxx::read_transaction& tx) {
                std::cout << "id\tedition\tas_of\tfile\trows\tteams\tcurrent\timported_at\n";
                for (const auto& r : tx.exec("SELECT i.id, e.name, i.as_of, i.file_name, i.row_count, i.teams, "
                                             "i.replaced_at IS NULL, to_char(i.imported_at, 'YYYY-MM-DD HH24:MI:SS') "
                                             "FROM registry_import i JOIN edition e ON e.id = i.edition_id ORDER BY i.id")) {
                    for (int c = 0; c < 8; ++c) std::cout << (c ? "\t" : "") << (c == 6 ? (r[c].as<bool>() ? "yes" : "no") : r[c].c_str());
                    std::cout << '\n';
                }
            });
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
