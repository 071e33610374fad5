#pragma once
// The database holding ../shared/data, loaded once per run by the shared-data environment.
#include <map>
#include <string>

#include "registry/registry_import.hpp"

namespace covermap::testing {
// nullptr when ../shared/data is absent (tests then skip).
const std::string* shared_database_url();
// The shared registries, imported once per run through the product's importer, by file name
// (teams_2022-08.csv, teams_2023-12.csv, teams_2026-06.csv, teams_2026-06.xlsx; the XLSX replaces
// the 2026-06 CSV snapshot, whose rows stay as its report; teams_2025-12-partial.csv, the first 60 %
// of the 2026-06 lines as an earlier 2025 snapshot, 2025-12-31).
const registry::registry_import_result& shared_registry(const std::string& file_name);

// A registry's truth file (teams_*.truth.csv: row_no, hamlet_code, commune_code, kind), by row_no.
struct truth_row {
    std::string hamlet_code, commune_code, kind;
};
std::map<std::string, truth_row> read_truth(const std::string& path);
}  // namespace covermap::testing
