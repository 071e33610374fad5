// covermap import boundaries FILE ...
#include <iomanip>
#include <cstdlib>
#include <iostream>
#include <memory>

#include "boundaries/boundary_import.hpp"
#include "cli/commands.hpp"
#include "core/progress.hpp"
#include "registry/indicator_import.hpp"
#include "registry/registry_import.hpp"

namespace covermap::cli {
namespace {

void print_summary(const boundaries::boundary_import_options& o, const boundaries::boundary_import_result& r) {
    const auto& l = r.load;
    std::cout << "imported " << core::thousands(l.rows) << " " << o.level << " units into edition " << o.edition
              << " from " << o.source.path << " (layer " << r.layer << ", " << r.crs
              << (r.reprojected ? ", reprojected to EPSG:4326" : "") << ")\n"
              << "  new " << core::thousands(l.inserted) << ", updated " << core::thousands(l.updated) << ", removed "
              << core::thousands(l.removed) << "; repaired invalid geometries: " << core::thousands(l.repaired) << '\n';
    if (l.without_name > 0) {
        std::cout << "  without a name (field " << o.name_field << "): " << core::thousands(l.without_name) << ", rows "
                  << l.without_name_rows << '\n';
    }
    if (l.parent_level) {
        std::cout << "  parents (" << *l.parent_level << "): " << core::thousands(l.linked_by_code) << " by code, "
                  << core::thousands(l.linked_spatially) << " by containment, " << core::thousands(l.without_parent)
                  << " without parent" << (l.without_parent > 0 ? ": " + l.without_parent_sample : "") << '\n';
    } else {
        std::cout << "  top level of the edition: no parents\n";
    }
    if (l.children_relinked > 0) std::cout << "  relinked children: " << core::thousands(l.children_relinked) << '\n';
    if (l.neighbour_pairs > 0) std::cout << "  queen neighbours: " << core::thousands(l.neighbour_pairs) << " pairs\n";
    if (l.teams_detached > 0) std::cout << "  teams whose unit was removed (detached): " << core::thousands(l.teams_detached) << '\n';
    for (const auto& c : r.crosswalks.rebuilt) {
        std::cout << "  crosswalk " << c.from << " -> " << c.to << " rebuilt: " << core::thousands(c.pairs) << " pairs ("
                  << std::fixed << std::setprecision(1) << c.seconds << " s)\n";
    }
    if (r.crosswalks.official_marked_stale > 0) {
        std::cout << "  official crosswalks of the edition marked stale (import them again): "
                  << r.crosswalks.official_marked_stale << ", pairs whose unit went: "
                  << core::thousands(r.crosswalks.official_pairs_dropped) << '\n';
    }
    std::cout << "  " << std::fixed << std::setprecision(1) << r.seconds << " s\n";
}

void print_registry_summary(const registry::registry_import_result& r) {
    const auto& c = r.counts;
    const auto n = [&](const char* outcome) { return core::thousands(c.at(outcome)); };
    std::cout << "imported registry " << r.file_name << " (" << r.format << ", " << r.encoding << ", sha256 "
              << r.sha256.substr(0, 12) << "…) as of " << r.as_of << " on edition " << r.edition << '\n'
              << "  rows " << core::thousands(r.rows) << ": teams placed " << core::thousands(r.teams) << " (exact "
              << n("exact") << ", after normalisation " << n("normalised") << ", fuzzy " << n("fuzzy") << ")\n"
              << "  not placed: ambiguous " << n("ambiguous") << ", unknown unit " << n("unknown_unit") << ", duplicate "
              << n("duplicate") << ", conflict " << n("conflict") << ", out of scope " << n("out_of_scope") << ", invalid "
              << n("invalid") << '\n'
              << "  rows with field issues: " << core::thousands(r.rows_with_field_issues) << '\n';
    for (const auto& line : r.layout) std::cout << "  layout: " << line << '\n';
    if (r.scope.empty()) {
        std::cout << "  scope: no province (no row was placed): nothing replaced, kept as a report\n";
    } else {
        std::cout << "  scope (" << (r.scope_kind == "placed" ? "the provinces its rows are placed in" : r.scope_kind)
                  << "): replaces the teams of " << r.scope.size() << (r.scope.size() == 1 ? " province" : " provinces")
                  << " of the snapshot, nothing else:";
        for (const auto& p : r.scope) std::cout << "\n    " << p.code << " " << p.name << ": " << core::thousands(r.scope_teams.at(p.code)) << " teams";
        std::cout << '\n';
    }
    for (const long long id : r.retired) std::cout << "  replaced import " << id << " (it supplies no province of the snapshot any more)\n";
    std::cout << std::fixed << std::setprecision(2) << "  " << r.total_seconds << " s (read " << r.read_seconds
              << " s, match " << r.match_seconds << " s, write " << r.write_seconds << " s)\n"
              << "  review: covermap registry report " << r.import_id << '\n'
              << r.import_id << '\n';
}

void add_registry_import(CLI::App& import, const global_options& global, action& run) {
    auto options = std::make_shared<registry::registry_import_options>();
    auto* cmd = import.add_subcommand(
        "registry", "Import a team registry (CSV, XLSX, ODS) into the snapshot of its as-of date, replacing its provinces only; prints the import id last");
    cmd->add_option("FILE", options->path, "Registry table: CSV (any delimiter, BOM or not), XLSX or ODS")->required();
    cmd->add_option("--edition", options->edition, "Edition whose units the rows name, e.g. 2009")->required();
    cmd->add_option("--as-of", options->as_of, "Date the registry describes (YYYY-MM-DD): the snapshot it adds to")
        ->required();
    cmd->add_option("--sheet", options->sheets,
                    "Worksheet of a workbook (repeatable; default: every sheet with the first one's header layout)");
    cmd->add_option("--set", options->set,
                    "FIELD=VALUE given to every row, e.g. province=\"Lạng Sơn\" when only the title says it (repeatable)");
    cmd->add_option("--columns", options->columns_file, "Mapping file: lines `field = Column header`");
    cmd->add_option("--encoding", options->table.encoding, "CSV text encoding (default auto: UTF-8, UTF-16 with BOM)")
        ->capture_default_str();
    cmd->add_option("--name", options->file_name, "File name to record (default: FILE's base name)");
    cmd->add_option("--scope", options->scope,
                    "What the upload replaces in the snapshot: province:CODE (repeatable) or national; default: the "
                    "provinces its rows are placed in");
    cmd->callback([&global, &run, options] {
        run = [&global, options] {
            auto conn = connect_current(global, "covermap import");
            options->imported_by = cli_actor();
            core::progress bar("match rows");
            const auto result = registry::import_registry(*conn, *options, [&bar](long long rows) { bar.update(rows); });
            bar.finish();
            print_registry_summary(result);
            return 0;
        };
    });
}

void add_indicator_import(CLI::App& import, const global_options& global, action& run) {
    auto options = std::make_shared<registry::indicator_import_options>();
    auto* cmd = import.add_subcommand(
        "indicators", "Import indicators in long format (code, indicator, period, value), joined to units by code");
    cmd->add_option("FILE", options->path, "CSV or XLSX with columns code (or commune_code, …), indicator, period, value")
        ->required();
    cmd->add_option("--edition", options->edition, "Edition whose unit codes the file uses")->required();
    cmd->add_option("--name", options->file_name, "File name to record (default: FILE's base name)");
    cmd->callback([&global, &run, options] {
        run = [&global, options] {
            auto conn = connect_current(global, "covermap import");
            const auto r = registry::import_indicators(*conn, *options);
            std::cout << "imported indicators into edition " << options->edition << ": " << core::thousands(r.stored)
                      << " values of " << r.series.size() << " series (";
            for (std::size_t i = 0; i < r.series.size(); ++i) std::cout << (i ? ", " : "") << r.series[i];
            std::cout << ")\n  rows " << core::thousands(r.rows) << ", codes without a unit " << core::thousands(r.unmatched);
            for (const auto& s : r.unmatched_sample) std::cout << "\n    " << s;
            if (r.converted > 0) {
                std::cout << "\n  interpolated across the crosswalks of the edition: " << core::thousands(r.converted) << " values";
            }
            std::cout << '\n' << r.import_id << '\n';
            return 0;
        };
    });
}

}  // namespace

void add_import_commands(CLI::App& app, const global_options& global, action& run) {
    auto* import = app.add_subcommand("import", "Import data: boundaries, team registries, indicators");
    import->require_subcommand(1);

    auto options = std::make_shared<boundaries::boundary_import_options>();
    auto* cmd = import->add_subcommand(
        "boundaries", "Load one layer of any GDAL vector source into one level of an edition (replaces that level)");
    cmd->add_option("FILE", options->source.path, "GeoPackage, Shapefile, GeoJSON, FlatGeobuf, KML, CSV with lon/lat, ...")
        ->required();
    cmd->add_option("--layer", options->source.layer, "Layer name (required when the source has several)");
    cmd->add_option("--edition", options->edition, "Edition name, e.g. 2025 (created when missing)")->required();
    cmd->add_option("--level", options->level, "province, district, commune or hamlet")->required();
    cmd->add_option("--code-field", options->code_field, "Field with the official code")->required();
    cmd->add_option("--name-field", options->name_field, "Field with the unit name")->required();
    cmd->add_option("--parent-code-field", options->parent_code_field,
                    "Field with the parent's code (default: parent found by containment)");
    cmd->add_option("--parent-level", options->parent_level, "Parent level (default: the next level up in the edition)");
    cmd->add_option("--population-field", options->population_field, "Field with the population");
    cmd->add_option("--households-field", options->households_field, "Field with the number of households");
    cmd->add_option("--s-srs", options->source.s_srs, "Source CRS overriding the layer's (EPSG:9215, PROJ string, WKT, .prj)");
    cmd->add_option("--valid-from", options->edition_meta.valid_from, "Edition validity start (YYYY-MM-DD)");
    cmd->add_option("--valid-to", options->edition_meta.valid_to, "Edition validity end (YYYY-MM-DD)");
    cmd->add_option("--title", options->edition_meta.title, "Edition title");
    cmd->callback([&global, &run, options] {
        run = [&global, options] {
            auto conn = connect_current(global, "covermap import");
            core::progress bar("import " + options->level);
            const auto result = boundaries::import_boundaries(*conn, *options, [&bar](long long rows) { bar.update(rows); });
            bar.finish();
            print_summary(*options, result);
            return 0;
        };
    });
    add_registry_import(*import, global, run);
    add_indicator_import(*import, global, run);
}

}  // namespace covermap::cli
