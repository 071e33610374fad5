#include "boundaries/boundary_import.hpp"

#include <chrono>
#include <cmath>
#include <cstdlib>

#include "core/error.hpp"

namespace covermap::boundaries {

std::optional<long long> parse_count(const std::optional<std::string>& text, const std::string& where) {
    if (!text) return std::nullopt;
    std::string digits;
    for (char c : *text) {
        if (c == ' ' || c == ',' || c == '_') continue;
        digits.push_back(c);
    }
    if (digits.empty()) return std::nullopt;
    char* end = nullptr;
    const double value = std::strtod(digits.c_str(), &end);
    if (end == digits.c_str() || *end != '\0' || value < 0 || value != std::floor(value) || value > 9e15) {
        throw data_error(where + ": '" + *text + "' is not a count (a whole number ≥ 0)");
    }
    return static_cast<long long>(value);
}

boundary_import_result import_boundaries(pqxx::connection& conn, const boundary_import_options& options,
                                         const progress_fn& progress) {
    const auto start = std::chrono::steady_clock::now();
    // Everything that can be checked without the database is checked before touching it.
    geo::vector_source source(options.source);
    std::vector<std::pair<std::string, std::string>> fields{{options.code_field, "--code-field"},
                                                            {options.name_field, "--name-field"}};
    const auto optional_field = [&](const std::optional<std::string>& field, const char* option) {
        if (!field) return -1;
        fields.emplace_back(*field, option);
        return static_cast<int>(fields.size()) - 1;
    };
    const int parent_index = optional_field(options.parent_code_field, "--parent-code-field");
    const int population_index = optional_field(options.population_field, "--population-field");
    const int households_index = optional_field(options.households_field, "--households-field");
    if (source.feature_count() == 0) {
        throw data_error(source.path() + ", layer " + source.layer_name() + ": no features to import");
    }
    source.select_fields(fields);

    boundary_import_result result;
    result.layer = source.layer_name();
    result.crs = source.crs_description();
    result.reprojected = source.reprojects();

    pqxx::work tx(conn, "import boundaries");
    const edition_info edition = ensure_edition(tx, options.edition, options.edition_meta);
    unit_loader loader(tx, edition, options.level, {source.path(), source.layer_name(), result.crs},
                       options.parent_level);

    const std::string prefix = source.path() + ", layer " + source.layer_name() + ", row ";
    geo::feature_row feature;
    long long repaired = 0;
    std::optional<geo::geometry_kind> kind;
    while (source.next(feature)) {
        const std::string where = prefix + std::to_string(feature.row);
        if (kind && *kind != feature.kind) {
            throw data_error(where + ": mixes points and polygons in one level");
        }
        kind = feature.kind;
        staged_unit unit;
        unit.row = feature.row;
        if (!feature.values[0]) throw data_error(where + ": empty code (field " + options.code_field + ")");
        unit.code = *feature.values[0];
        unit.name = feature.values[1];
        if (parent_index >= 0) unit.parent_code = feature.values[static_cast<std::size_t>(parent_index)];
        if (population_index >= 0) {
            unit.population = parse_count(feature.values[static_cast<std::size_t>(population_index)],
                                          where + ", field " + *options.population_field);
        }
        if (households_index >= 0) {
            unit.households = parse_count(feature.values[static_cast<std::size_t>(households_index)],
                                          where + ", field " + *options.households_field);
        }
        unit.wkb = std::move(feature.wkb);
        if (feature.repaired) ++repaired;
        loader.add(std::move(unit));
        if (progress && loader.rows() % 256 == 0) progress(loader.rows());
    }
    if (progress) progress(loader.rows());
    result.load = loader.finish();
    result.load.repaired = repaired;
    result.crosswalks = refresh_crosswalks(tx, edition.id, "boundary import " + options.edition + "/" + options.level);
    tx.commit();
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return result;
}

}  // namespace covermap::boundaries
