// covermap import boundaries FILE ...
#include <iomanip>
#include <iostream>
#include <memory>

#include "boundaries/boundary_import.hpp"
#include "cli/commands.hpp"
#include "db/database_url.hpp"
#include "db/migrate.hpp"
#include "db/pool.hpp"
#include "geo/progress.hpp"

namespace covermap::cli {
namespace {

void print_summary(const boundaries::boundary_import_options& o, const boundaries::boundary_import_result& r) {
    const auto& l = r.load;
    std::cout << "imported " << geo::thousands(l.rows) << " " << o.level << " units into edition " << o.edition
              << " from " << o.source.path << " (layer " << r.layer << ", " << r.crs
              << (r.reprojected ? ", reprojected to EPSG:4326" : "") << ")\n"
              << "  new " << geo::thousands(l.inserted) << ", updated " << geo::thousands(l.updated) << ", removed "
              << geo::thousands(l.removed) << "; repaired invalid geometries: " << geo::thousands(l.repaired) << '\n';
    if (l.without_name > 0) {
        std::cout << "  without a name (field " << o.name_field << "): " << geo::thousands(l.without_name) << ", rows "
                  << l.without_name_rows << '\n';
    }
    if (l.parent_level) {
        std::cout << "  parents (" << *l.parent_level << "): " << geo::thousands(l.linked_by_code) << " by code, "
                  << geo::thousands(l.linked_spatially) << " by containment, " << geo::thousands(l.without_parent)
                  << " without parent" << (l.without_parent > 0 ? ": " + l.without_parent_sample : "") << '\n';
    } else {
        std::cout << "  top level of the edition: no parents\n";
    }
    if (l.children_relinked > 0) std::cout << "  relinked children: " << geo::thousands(l.children_relinked) << '\n';
    std::cout << "  " << std::fixed << std::setprecision(1) << r.seconds << " s\n";
}

}  // namespace

void add_import_commands(CLI::App& app, const global_options& global, action& run) {
    auto* import = app.add_subcommand("import", "Import data: boundaries");
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
            const std::string url = db::resolve_database_url(global.database_url);
            auto conn = db::connect(url, "covermap import");
            db::require_current(*conn);
            geo::progress bar("import " + options->level);
            const auto result = boundaries::import_boundaries(*conn, *options, [&bar](long long rows) { bar.update(rows); });
            bar.finish();
            print_summary(*options, result);
            return 0;
        };
    });
}

}  // namespace covermap::cli
