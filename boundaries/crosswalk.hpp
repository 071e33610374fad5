#pragma once
// Crosswalks between two boundary editions (2009 → 2025): for each pair of an old and a new unit
// of one level family (province → province, commune → commune), the share of the old unit's area,
// population and hamlets that lies in the new unit. Built spatially in PostGIS (areas in
// EPSG:6933, an equal-area projection; hamlets by point-in-polygon), or loaded from an official
// old-code → new-code table. Stored in crosswalk_pair / crosswalk_build (migration 0010).
#include <optional>
#include <string>
#include <vector>

#include <pqxx/pqxx>

namespace covermap::boundaries {

// Overlaps smaller than this share of the old unit's area are digitising differences, not territory.
constexpr double default_sliver_tolerance = 0.001;
// Where areas are measured: WGS 84 / NSIDC EASE-Grid 2.0 Global (cylindrical equal-area).
constexpr const char* crosswalk_projection = "EPSG:6933";

struct crosswalk_build_result {
    long long build_id = 0;
    std::string from, to;
    std::vector<std::string> levels;  // the families built, highest first
    double sliver_tolerance = default_sliver_tolerance;
    long long old_units = 0;
    long long pairs = 0;
    long long slivers_dropped = 0;
    long long by_nearest = 0;       // old units that overlap no new unit: given the nearest
    long long hamlets = 0;          // old hamlet points placed
    long long hamlets_outside = 0;  // of those, in no new unit of some family: given the nearest
    double seconds = 0;
    long long converted_rows = 0;   // coverage rows of the old edition's snapshots on the new units
    long long converted_indicator_values = 0;  // its indicator series the new edition lacks, interpolated
    double convert_seconds = 0;     // writing them, after the build
};

// Build the spatial crosswalk `from` → `to` inside the caller's transaction, replacing the previous
// spatial crosswalk of that pair, then carry the old edition's current snapshots onto the new units
// (converted_snapshot, migration 0012). Throws config_error for an unknown edition, the same edition twice
// or a tolerance outside [0, 1); data_error when the editions share no polygon level.
crosswalk_build_result build_crosswalk(pqxx::work& tx, const std::string& from, const std::string& to,
                                       double sliver_tolerance, const std::string& built_by);
// The same in a transaction of its own.
crosswalk_build_result build_crosswalk(pqxx::connection& conn, const std::string& from, const std::string& to,
                                       double sliver_tolerance, const std::string& built_by);

// What a boundary import of an edition did to the crosswalks that involve it (in its transaction):
// the spatial ones rebuilt with their tolerance; official pairs whose unit went dropped, and the
// official tables marked stale (their area weights were measured on the old polygons).
struct crosswalk_refresh {
    std::vector<crosswalk_build_result> rebuilt;
    long long official_marked_stale = 0;
    long long official_pairs_dropped = 0;
};
crosswalk_refresh refresh_crosswalks(pqxx::work& tx, int edition_id, const std::string& built_by);

// `covermap crosswalk import FILE`: an official old-code → new-code table.
struct official_crosswalk_options {
    std::string path;
    std::string from, to;
    std::string level = "commune";
    std::string imported_by;
};

// An old unit whose main official target (largest area share) is not its main spatial one.
struct crosswalk_disagreement {
    std::string old_code, old_name;
    std::string official_code, official_name;
    std::string spatial_code, spatial_name;
    double spatial_share = 0;  // area share of the spatial main target
};

struct official_crosswalk_result {
    long long build_id = 0;
    std::string old_column, new_column;  // the headers read as the codes
    std::optional<std::string> divided_column;
    long long rows = 0;
    long long repeated_rows = 0;  // the same old → new pair again
    long long unpadded_codes = 0; // codes matched after their leading zeros were lost
    long long old_units = 0;
    long long split_units = 0;    // old units with several new ones (weighted by area)
    long long pairs = 0;
    bool spatial_available = false;  // a spatial crosswalk of the same editions and level to compare with
    long long compared = 0;
    std::vector<crosswalk_disagreement> disagreements;
    double seconds = 0;
};

// Read, check and store the table in one transaction, replacing the previous official crosswalk of
// the editions and level. Bad input (a missing column, an empty or unknown code, a bad divided
// flag) is an data_error naming the file, row and column; nothing is written then.
official_crosswalk_result import_official_crosswalk(pqxx::connection& conn, const official_crosswalk_options& options);

// Where a unit went (direction forward: old → new units) or came from (back: new ← old units).
struct crosswalk_link {
    long long unit_id = 0;
    std::string code, name, level, method;
    double area_share = 0, population_share = 0;
    std::optional<double> hamlet_share;
    long long hamlets = 0;
    double intersection_m2 = 0;
};

struct crosswalk_unit {
    long long id = 0;
    std::string code, name, level, edition;
};

// The units of `edition` with this code (any polygon level unless `level` is given; a code that
// lost its leading zeros still finds its unit when only one fits).
std::vector<crosswalk_unit> find_crosswalk_units(pqxx::transaction_base& tx, int edition_id, const std::string& code,
                                                 const std::optional<std::string>& level);

// The pairs of the crosswalk from_edition → to_edition that start (forward) or end (back) at the unit.
std::vector<crosswalk_link> crosswalk_links(pqxx::transaction_base& tx, int from_edition_id, int to_edition_id,
                                            long long unit_id, bool forward);

// The current builds of the crosswalk (method, level families, built_at, stale_since), newest first.
struct crosswalk_build_info {
    long long id = 0;
    std::string method;
    std::vector<std::string> levels;
    std::string built_at;
    std::optional<std::string> stale_since;
    std::optional<std::string> source;
    std::optional<double> sliver_tolerance;
};
std::vector<crosswalk_build_info> current_crosswalk_builds(pqxx::transaction_base& tx, int from_edition_id,
                                                           int to_edition_id);

// A snapshot of one edition counted on the units of another: every team moves with its hamlet's
// point to the new unit the spatial crosswalk placed that point in (exact, no weights). Hamlets and
// covered hamlets are the old edition's hamlets that fell in the unit.
struct converted_unit {
    std::string code, name;
    long long hamlets = 0, covered_hamlets = 0;
    std::optional<double> coverage_rate;  // none when no old hamlet fell in the unit
    long long teams = 0, members = 0;
    std::optional<long long> households;  // none when a hamlet lacks the figure
    long long households_supported = 0, ecommerce_households = 0, cashless_households = 0;
};
struct converted_figures {
    std::string from, to, as_of, level;
    long long build_id = 0;  // the spatial crosswalk used
    std::vector<converted_unit> units;  // every unit of the level of `to`, by code
};
// Throws config_error for an unknown edition, a date without a current snapshot of `from`, or no
// spatial crosswalk from → to of the level.
converted_figures convert_snapshot(pqxx::transaction_base& tx, const std::string& from, const std::string& to,
                                   const std::string& as_of, const std::string& level);

}  // namespace covermap::boundaries
