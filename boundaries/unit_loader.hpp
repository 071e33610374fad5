#pragma once
// Loads one level of one edition inside the caller's transaction: rows are COPYed into a staging
// table, checked (duplicate codes), repaired (invalid polygons), merged into admin_unit (ids kept
// for codes that stay, missing codes removed), then linked to parents and children.
// Both the file importer and the demo generator feed it.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "boundaries/editions.hpp"

namespace covermap::boundaries {

struct staged_unit {
    long long row = 0;  // position in the source, for messages
    std::string code;
    std::optional<std::string> name;  // nullopt where the source has none (reported)
    std::optional<std::string> parent_code;
    std::optional<long long> population;
    std::optional<long long> households;
    std::string wkb_hex;  // EPSG:4326, MultiPolygon or Point
};

struct source_info {
    std::string file;   // shown in messages and recorded in edition_level
    std::string layer;
    std::string crs;
};

struct load_result {
    long long rows = 0;
    long long inserted = 0;
    long long updated = 0;
    long long removed = 0;
    long long repaired = 0;
    long long without_name = 0;
    std::string without_name_rows;  // the first rows, comma separated
    std::optional<std::string> parent_level;  // nullopt for the top level
    long long linked_by_code = 0;
    long long linked_spatially = 0;
    long long without_parent = 0;
    std::string without_parent_sample;  // the first codes, comma separated
    long long children_relinked = 0;
    long long unit_count = 0;
    long long data_version = 0;
};

class unit_loader {
public:
    // `parent_level` overrides the parent level (default: the nearest lower rank in the edition).
    unit_loader(pqxx::work& tx, edition_info edition, std::string level, source_info source,
                std::optional<std::string> parent_level = std::nullopt);
    ~unit_loader();
    unit_loader(const unit_loader&) = delete;
    unit_loader& operator=(const unit_loader&) = delete;

    // Stream one row. From the first row until finish(), run no other statement on the transaction.
    void add(const staged_unit& unit);
    long long rows() const { return rows_; }

    // Check, repair, merge and link. Throws input_error (naming file and rows) when the rows
    // cannot replace the level; the caller's transaction then must not commit.
    load_result finish();

private:
    pqxx::work& tx_;
    edition_info edition_;
    std::string level_;
    source_info source_;
    std::optional<std::string> parent_level_;
    std::unique_ptr<pqxx::stream_to> stream_;
    long long rows_ = 0;
};

}  // namespace covermap::boundaries
