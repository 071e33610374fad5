#pragma once
// `covermap export coverage`: the coverage table of a level, with geometry in a GeoPackage (for
// GIS and R) or as CSV / XLSX for officials, written through GDAL.
#include <optional>
#include <string>

#include <pqxx/pqxx>

namespace covermap::cli {

struct coverage_export_options {
    std::optional<std::string> edition, as_of;
    std::string level = "commune";
    std::string format = "gpkg";  // gpkg, csv, xlsx
    std::string output;
    std::string lang = "en";      // column names: en (snake_case metric names) or vi
};

struct coverage_export_result {
    long long units = 0;
    std::string edition, as_of;
    std::optional<std::string> converted_from;  // the snapshot is this edition's, carried onto the units
};

// Throws input_error (exit 2) for an unknown edition, level or as-of, config_error for an existing output.
coverage_export_result export_coverage(pqxx::connection& conn, const coverage_export_options& options);

}  // namespace covermap::cli
