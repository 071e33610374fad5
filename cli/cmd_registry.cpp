// covermap registry list | withdraw IMPORT_ID | report IMPORT_ID | rows IMPORT_ID | resolve IMPORT_ID FILE |
// aliases list|export|remove: what a data steward reviews and corrects.
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "core/error.hpp"
#include "registry/aliases.hpp"
#include "registry/registry_export.hpp"
#include "registry/resolutions.hpp"
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
    auto conn = connect_current(global, "covermap registry");
    pqxx::read_transaction tx(*conn);
    fn(tx);
    return 0;
}

}  // namespace

void add_registry_commands(CLI::App& app, const global_options& global, action& run) {
    auto* registry = app.add_subcommand(
        "registry", "Review registry imports: list, withdraw, report of rows to fix, every row, resolve rows, aliases");
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
            auto conn = connect_current(global, "covermap registry");
            withdraw->withdrawn_by = cli_actor();
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

    struct resolve_args {
        long long import_id = 0;
        std::string file;
    };
    auto resolve = std::make_shared<resolve_args>();
    auto* res = registry->add_subcommand(
        "resolve", "Resolve rows to review: FILE is CSV `line,hamlet_code` (a hamlet code, or \"not a unit\"); one transaction, "
                   "each resolution becomes an alias later imports apply");
    res->add_option("IMPORT_ID", resolve->import_id, "Import id (see covermap registry report)")->required();
    res->add_option("FILE", resolve->file, "CSV with the columns line and hamlet_code")->required()->check(CLI::ExistingFile);
    res->callback([&global, &run, resolve] {
        run = [&global, resolve] {
            std::ifstream in(resolve->file, std::ios::binary);
            const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
            registry::resolve_options o;
            o.import_id = resolve->import_id;
            o.items = registry::read_resolutions(text, resolve->file);
            o.resolved_by = cli_actor();
            auto conn = connect_current(global, "covermap registry");
            const auto r = registry::resolve_rows(*conn, o);
            std::cout << "resolved " << (r.placed + r.not_units) << " rows of import " << r.import_id << " (" << r.edition << ", "
                      << r.as_of << "): " << r.placed << " placed on a hamlet, " << r.not_units << " not a unit; "
                      << r.aliases << " aliases kept for later imports\n  the import has " << r.teams << " teams now";
            if (!r.provinces.empty()) {
                std::cout << "; roll-ups recomputed for";
                for (const auto& p : r.provinces) std::cout << ' ' << p;
            }
            std::cout << '\n';
            if (!r.not_aliased.empty()) {
                std::cout << "  no alias for lines";
                for (const auto line : r.not_aliased) std::cout << ' ' << line;
                std::cout << ": their names, as written, were resolved to different hamlets\n";
            }
            return 0;
        };
    });

    auto* aliases = registry->add_subcommand("aliases", "The names as written that resolutions mapped to a hamlet (or to no unit)");
    aliases->require_subcommand(1);
    auto alias_edition = std::make_shared<std::optional<std::string>>();
    auto alias_output = std::make_shared<std::string>();
    auto alias_force = std::make_shared<bool>(false);
    auto print_aliases = [&global, alias_edition](std::ostream& out, bool csv) {
        return with_import(global, [&](pqxx::read_transaction& tx) {
            const auto list = registry::list_aliases(tx, *alias_edition);
            if (csv) {
                registry::write_aliases_csv(list, out);
                return;
            }
            out << "id\tedition\tas written (province / district / commune / hamlet)\thamlet\tby\tsince\n";
            for (const auto& a : list) {
                out << a.id << '\t' << a.edition << '\t' << a.province << " / " << a.district << " / " << a.commune << " / "
                    << a.hamlet << '\t' << (a.hamlet_code.empty() ? "not a unit" : a.hamlet_code + " " + a.hamlet_name) << '\t'
                    << a.created_by << '\t' << a.created_at << '\n';
            }
        });
    };
    auto* alist = aliases->add_subcommand("list", "List the aliases, newest first");
    alist->add_option("--edition", *alias_edition, "Only this edition's");
    alist->callback([&run, print_aliases] { run = [print_aliases] { return print_aliases(std::cout, false); }; });
    auto* aexport = aliases->add_subcommand("export", "Export the aliases as CSV");
    aexport->add_option("--edition", *alias_edition, "Only this edition's");
    aexport->add_option("-o,--output", *alias_output, "Output file (default: standard output)");
    aexport->add_flag("--force", *alias_force, "Overwrite the output file");
    aexport->callback([&run, print_aliases, alias_output, alias_force] {
        run = [print_aliases, alias_output, alias_force] {
            int rc = 0;
            to_output(*alias_output, *alias_force, [&](std::ostream& out) { rc = print_aliases(out, true); });
            return rc;
        };
    });
    auto alias_id = std::make_shared<long long>(0);
    auto* aremove = aliases->add_subcommand("remove", "Remove an alias: later imports no longer apply it (rows it placed stay)");
    aremove->add_option("ALIAS_ID", *alias_id, "Alias id (see covermap registry aliases list)")->required();
    aremove->callback([&global, &run, alias_id] {
        run = [&global, alias_id] {
            auto conn = connect_current(global, "covermap registry");
            registry::remove_alias(*conn, *alias_id);
            std::cout << "removed alias " << *alias_id << '\n';
            return 0;
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
