#pragma once
// `covermap export coverage`: the coverage table of a level, with geometry in a GeoPackage (for
// GIS and R) or as CSV / XLSX for officials, written through GDAL.
#include <optional>
#include <string>

#include <pqxx/pqxx>

namespace covermap::api {

struct coverage_export_options {
    std::optional<std::string> edition, as_of;
    std::string level = "commune";
    std::string format = "gpkg";  // gpkg, csv, xlsx
    std::string output;
    std::string lang = "en";      // column names: en (snake_case metric names) or vi
};

// Returns the number of units written. Throws config_error for an unknown edition, level, as-of.
long long export_coverage(pqxx::connection& conn, const coverage_export_options& options);

}  // namespace covermap::api
