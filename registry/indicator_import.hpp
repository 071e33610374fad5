#pragma once
// Importing indicators in long format (`code, indicator, period, value`, CSV or XLSX): values per
// unit and period joined to the units of an edition by code, in one transaction. A new import of an
// indicator and period replaces its values.
#include <string>
#include <vector>

#include <pqxx/pqxx>

namespace covermap::registry {

struct indicator_import_options {
    std::string path, edition;
    std::string file_name;  // recorded (default: the path's base name)
};

struct indicator_import_result {
    long long import_id = 0, rows = 0, stored = 0, unmatched = 0;
    std::vector<std::string> unmatched_sample;  // "line 12: code 9999999"
    std::vector<std::string> series;            // indicator@period, as stored
    long long converted = 0;  // values interpolated across crosswalks touching the edition, afterwards
};

// Throws data_error naming the file, line and column of a bad value, a missing column or a
// repeated (code, indicator, period); config_error for an unknown edition.
indicator_import_result import_indicators(pqxx::connection& conn, const indicator_import_options& options);

}  // namespace covermap::registry
