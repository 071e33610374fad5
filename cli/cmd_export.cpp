// covermap export coverage: the coverage of a level as GeoPackage, CSV or XLSX.
#include <iostream>
#include <memory>

#include "cli/export_coverage.hpp"
#include "cli/commands.hpp"

namespace covermap::cli {

void add_export_command(CLI::App& app, const global_options& global, action& run) {
    auto* exp = app.add_subcommand("export", "Export data: coverage");
    exp->require_subcommand(1);
    auto o = std::make_shared<coverage_export_options>();
    auto* cmd = exp->add_subcommand("coverage", "Write the coverage of every unit of a level (with geometry in a GeoPackage)");
    cmd->add_option("--edition", o->edition, "Edition (default: the newest)");
    cmd->add_option("--level", o->level, "Level")->capture_default_str();
    cmd->add_option("--as-of", o->as_of, "Snapshot date (default: the latest)");
    cmd->add_option("--format", o->format, "gpkg, csv or xlsx")->check(CLI::IsMember({"gpkg", "csv", "xlsx"}))->capture_default_str();
    cmd->add_option("--lang", o->lang, "Column headers of csv/xlsx: en or vi")->check(CLI::IsMember({"en", "vi"}))->capture_default_str();
    cmd->add_option("-o,--output", o->output, "Output file (must not exist)")->required();
    cmd->callback([&global, &run, o] {
        run = [&global, o] {
            auto conn = connect_current(global, "covermap export");
            const auto r = export_coverage(*conn, *o);
            std::cout << "exported the coverage of " << r.units << " " << o->level << " units of edition " << r.edition
                      << " as of " << r.as_of << " to " << o->output << '\n';
            if (r.converted_from) {
                std::cout << "  the registry of edition " << *r.converted_from << ", converted to edition " << r.edition
                          << "'s units (teams counted where their hamlet's point falls)\n";
            }
            return 0;
        };
    });
}

}  // namespace covermap::cli
