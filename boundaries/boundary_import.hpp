#pragma once
// `covermap import boundaries`: one layer of any GDAL vector source into one level of an edition,
// in one transaction (a failure leaves the database exactly as it was).
#include <functional>
#include <optional>
#include <string>

#include <pqxx/pqxx>

#include "boundaries/crosswalk.hpp"
#include "boundaries/editions.hpp"
#include "boundaries/unit_loader.hpp"
#include "geo/vector_source.hpp"

namespace covermap::boundaries {

struct boundary_import_options {
    geo::source_options source;
    std::string edition;
    boundaries::edition_settings edition_meta;
    std::string level;
    std::string code_field;
    std::string name_field;
    std::optional<std::string> parent_code_field;
    std::optional<std::string> parent_level;
    std::optional<std::string> population_field;
    std::optional<std::string> households_field;
};

struct boundary_import_result {
    load_result load;
    std::string layer;
    std::string crs;
    bool reprojected = false;
    // The crosswalks of the edition, rebuilt (spatial) or marked stale (official) in the import's transaction.
    crosswalk_refresh crosswalks;
    double seconds = 0;
};

// Called with the number of rows read so far (for a progress line).
using progress_fn = std::function<void(long long rows)>;

boundary_import_result import_boundaries(pqxx::connection& conn, const boundary_import_options& options,
                                         const progress_fn& progress = {});

// "1,234", " 120 ", "120.0" → 120; "" → nullopt. Throws data_error naming `where` otherwise.
std::optional<long long> parse_count(const std::optional<std::string>& text, const std::string& where);

}  // namespace covermap::boundaries
