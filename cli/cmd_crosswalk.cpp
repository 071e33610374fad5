// covermap crosswalk build --from A --to B [--sliver S] | crosswalk import FILE --from A --to B [--level L]
// | crosswalk convert --from A --to B --as-of DATE [--level L] [-o FILE]
#include <cstdio>
#include <iomanip>
#include <iostream>
#include <memory>

#include "boundaries/crosswalk.hpp"
#include "cli/commands.hpp"
#include "core/progress.hpp"
#include "geo/table_writer.hpp"

namespace covermap::cli {
namespace {

struct build_options {
    std::string from, to;
    double sliver = boundaries::default_sliver_tolerance;
};

void add_build(CLI::App& crosswalk, const global_options& global, action& run) {
    auto options = std::make_shared<build_options>();
    auto* cmd = crosswalk.add_subcommand(
        "build", "Build the spatial crosswalk between two editions in one transaction (replaces the previous one)");
    cmd->add_option("--from", options->from, "Old edition, e.g. 2009")->required();
    cmd->add_option("--to", options->to, "New edition, e.g. 2025")->required();
    cmd->add_option("--sliver", options->sliver,
                    "Overlaps under this share of the old unit's area are dropped and the shares renormalised")
        ->capture_default_str();
    cmd->callback([&global, &run, options] {
        run = [&global, options] {
            auto conn = connect_current(global, "covermap crosswalk");
            const auto r = boundaries::build_crosswalk(*conn, options->from, options->to, options->sliver, cli_actor());
            std::cout << "crosswalk " << r.from << " -> " << r.to << " (spatial, areas in " << boundaries::crosswalk_projection
                      << ", slivers under " << r.sliver_tolerance * 100 << " % of the old unit dropped), levels:";
            for (const auto& l : r.levels) std::cout << ' ' << l;
            std::cout << "\n  old units " << core::thousands(r.old_units) << ", pairs " << core::thousands(r.pairs)
                      << ", slivers dropped " << core::thousands(r.slivers_dropped)
                      << ", old units overlapping no new unit (given the nearest) " << core::thousands(r.by_nearest)
                      << "\n  hamlet points " << core::thousands(r.hamlets) << ", in no new unit (given the nearest) "
                      << core::thousands(r.hamlets_outside) << '\n'
                      << std::fixed << std::setprecision(2) << "  " << r.seconds << " s\n"
                      << "  snapshots of " << r.from << " on the units of " << r.to << ": "
                      << core::thousands(r.converted_rows) << " coverage rows, "
                      << core::thousands(r.converted_indicator_values) << " indicator values (" << r.convert_seconds << " s)\n"
                      << r.build_id << '\n';
            return 0;
        };
    });
}

void add_import(CLI::App& crosswalk, const global_options& global, action& run) {
    auto options = std::make_shared<boundaries::official_crosswalk_options>();
    auto* cmd = crosswalk.add_subcommand(
        "import", "Load an official old-code -> new-code table (CSV/XLSX) as the 'official' crosswalk, in one transaction");
    cmd->add_option("FILE", options->path,
                    "Table with the old and the new code (wardCode,newWardCode[,isDividedWard], any order; Vietnamese "
                    "headers such as Mã xã cũ, Mã xã mới)")
        ->required();
    cmd->add_option("--from", options->from, "Edition of the old codes, e.g. 2009")->required();
    cmd->add_option("--to", options->to, "Edition of the new codes, e.g. 2025")->required();
    cmd->add_option("--level", options->level, "Level family of the codes (commune or province)")->capture_default_str();
    cmd->callback([&global, &run, options] {
        run = [&global, options] {
            auto conn = connect_current(global, "covermap crosswalk");
            options->imported_by = cli_actor();
            const auto r = boundaries::import_official_crosswalk(*conn, *options);
            std::cout << "official crosswalk " << options->from << " -> " << options->to << " (" << options->level
                      << ") from " << options->path << ": columns " << r.old_column << " -> " << r.new_column
                      << (r.divided_column ? ", divided: " + *r.divided_column : std::string()) << '\n'
                      << "  rows " << core::thousands(r.rows) << " (repeated " << core::thousands(r.repeated_rows)
                      << ", codes that had lost their leading zeros " << core::thousands(r.unpadded_codes) << ")\n"
                      << "  old units " << core::thousands(r.old_units) << ", split (weighted by area) "
                      << core::thousands(r.split_units) << ", pairs " << core::thousands(r.pairs) << '\n';
            if (!r.spatial_available) {
                std::cout << "  no spatial crosswalk to compare with (covermap crosswalk build --from " << options->from
                          << " --to " << options->to << ")\n";
            } else {
                std::cout << "  disagreements with the spatial crosswalk (main new unit differs): "
                          << core::thousands(static_cast<long long>(r.disagreements.size())) << " of "
                          << core::thousands(r.compared) << " old units\n";
                for (const auto& d : r.disagreements) {
                    std::cout << "    " << d.old_code << " " << d.old_name << ": official " << d.official_code << " "
                              << d.official_name << ", spatial " << d.spatial_code << " " << d.spatial_name << " ("
                              << std::fixed << std::setprecision(1) << d.spatial_share * 100 << " % of its area)\n";
                }
            }
            std::cout << std::fixed << std::setprecision(2) << "  " << r.seconds << " s\n" << r.build_id << '\n';
            return 0;
        };
    });
}

struct convert_options {
    std::string from, to, as_of, level = "commune", output;
    bool force = false;
};

void add_convert(CLI::App& crosswalk, const global_options& global, action& run) {
    auto options = std::make_shared<convert_options>();
    auto* cmd = crosswalk.add_subcommand(
        "convert", "A snapshot of one edition counted on the units of another (teams move with their hamlet's point), as CSV");
    cmd->add_option("--from", options->from, "Edition of the snapshot, e.g. 2009")->required();
    cmd->add_option("--to", options->to, "Edition whose units to count on, e.g. 2025")->required();
    cmd->add_option("--as-of", options->as_of, "The snapshot's date, e.g. 2023-12-31")->required();
    cmd->add_option("--level", options->level, "Level of the units counted on (commune or province)")->capture_default_str();
    cmd->add_option("-o,--output", options->output, "Output file (default: standard output)");
    cmd->add_flag("--force", options->force, "Overwrite the output file");
    cmd->callback([&global, &run, options] {
        run = [&global, options] {
            auto conn = connect_current(global, "covermap crosswalk");
            pqxx::read_transaction tx(*conn);
            const auto c = boundaries::convert_snapshot(tx, options->from, options->to, options->as_of, options->level);
            const auto number = [](const auto& v) { return v ? std::to_string(*v) : std::string(); };
            const auto rate = [](double v) {
                char text[32];
                std::snprintf(text, sizeof text, "%.10g", v);
                return std::string(text);
            };
            to_output(options->output, options->force, [&](std::ostream& out) {
                out << "code,name,hamlets,covered_hamlets,coverage_rate,teams,members,households,households_supported,"
                       "ecommerce_households,cashless_households,converted_from,as_of\n";
                for (const auto& u : c.units) {
                    out << geo::csv_field(u.code) << ',' << geo::csv_field(u.name) << ',' << u.hamlets << ',' << u.covered_hamlets
                        << ',' << (u.coverage_rate ? rate(*u.coverage_rate) : std::string()) << ',' << u.teams << ','
                        << u.members << ',' << number(u.households) << ',' << u.households_supported << ','
                        << u.ecommerce_households << ',' << u.cashless_households << ',' << c.from << ',' << c.as_of << '\n';
                }
            });
            return 0;
        };
    });
}

}  // namespace

void add_crosswalk_commands(CLI::App& app, const global_options& global, action& run) {
    auto* crosswalk = app.add_subcommand(
        "crosswalk", "Crosswalks between boundary editions: where each old unit went (shares of area, population, hamlets)");
    crosswalk->require_subcommand(1);
    add_build(*crosswalk, global, run);
    add_import(*crosswalk, global, run);
    add_convert(*crosswalk, global, run);
}

}  // namespace covermap::cli
