#include "boundaries/unit_loader.hpp"

#include <algorithm>
#include <tuple>

#include "boundaries/sql.hpp"
#include "geo/error.hpp"
#include "geo/names.hpp"

namespace covermap::boundaries {
namespace {

const std::vector<std::string> staging_columns{"row_no", "code", "name", "name_key", "unit_type",
                                               "parent_code", "population", "households", "geom"};

int rank_of(pqxx::transaction_base& tx, const std::string& level) {
    const auto rows = tx.exec_params("SELECT rank FROM admin_level WHERE name = $1", level);
    if (rows.empty()) {
        std::string names;
        for (const auto& l : known_levels(tx)) names += (names.empty() ? "" : ", ") + l;
        throw config_error("unknown level '" + level + "'; levels: " + names);
    }
    return rows[0][0].as<int>();
}

// The level directly above `level` among those loaded into the edition, if any.
std::optional<std::string> nearest_parent_level(pqxx::transaction_base& tx, int edition_id, const std::string& level) {
    const int rank = rank_of(tx, level);
    std::optional<std::string> parent;
    for (const auto& r : tx.exec_params(sql::get("edition_levels"), edition_id)) {
        if (r[1].as<int>() < rank) parent = r[0].as<std::string>();
    }
    return parent;
}

// Levels whose nearest lower level in the edition is `level` (their units may need relinking).
std::vector<std::string> child_levels(pqxx::transaction_base& tx, int edition_id, const std::string& level) {
    std::vector<std::string> out;
    for (const auto& r : tx.exec_params(sql::get("edition_levels"), edition_id)) {
        const auto name = r[0].as<std::string>();
        if (name != level && nearest_parent_level(tx, edition_id, name) == level) out.push_back(name);
    }
    return out;
}

long long link_level(pqxx::transaction_base& tx, int edition_id, const std::string& level,
                     const std::string& parent_level, long long* spatial = nullptr) {
    long long by_code =
        tx.exec_params1(sql::get("link_parents_by_code"), edition_id, level, parent_level)[0].as<long long>();
    if (tx.exec_params1(sql::get("unlinked_with_code"), edition_id, level)[0].as<long long>() > 0) {
        by_code += tx.exec_params1(sql::get("link_parents_by_unpadded_code"), edition_id, level, parent_level)[0]
                       .as<long long>();
    }
    const long long by_space =
        tx.exec_params1(sql::get("link_parents_spatially"), edition_id, level, parent_level)[0].as<long long>();
    if (spatial != nullptr) *spatial = by_space;
    return by_code;
}

}  // namespace

unit_loader::unit_loader(pqxx::work& tx, edition_info edition, std::string level, source_info source,
                         std::optional<std::string> parent_level)
    : tx_(tx),
      edition_(std::move(edition)),
      level_(std::move(level)),
      source_(std::move(source)),
      parent_level_(std::move(parent_level)) {
    const int rank = rank_of(tx_, level_);
    if (parent_level_ && rank_of(tx_, *parent_level_) >= rank) {
        throw config_error("--parent-level " + *parent_level_ + " is not above level " + level_);
    }
    // One importer per edition at a time; a second one waits rather than interleaving.
    tx_.exec_params("SELECT pg_advisory_xact_lock(hashtext('covermap edition ' || $1))", edition_.name);
    tx_.exec("DROP TABLE IF EXISTS pg_temp.unit_staging");  // an earlier level of the same transaction
    tx_.exec(sql::get("create_staging"));
}

unit_loader::~unit_loader() = default;

void unit_loader::add(const staged_unit& unit) {
    const std::string name = unit.name ? geo::clean_text(*unit.name) : std::string();
    const geo::split_name parts = geo::split_type(name);
    const std::string key = geo::name_key(name);
    const std::string row = std::to_string(unit.row);
    const std::string population = unit.population ? std::to_string(*unit.population) : std::string();
    const std::string households = unit.households ? std::to_string(*unit.households) : std::string();
    // COPY starts with the first row: until finish() the connection admits no other statement.
    if (!stream_) stream_ = std::make_unique<pqxx::stream_to>(tx_, "unit_staging", staging_columns);
    // libpqxx writes a null `const char*` as COPY's NULL.
    auto nullable = [](const std::string& s, bool present) { return present ? s.c_str() : nullptr; };
    *stream_ << std::make_tuple(row.c_str(), unit.code.c_str(), nullable(name, !name.empty()), key.c_str(),
                                nullable(parts.unit_type, !parts.unit_type.empty()),
                                unit.parent_code ? unit.parent_code->c_str() : nullptr,
                                nullable(population, unit.population.has_value()),
                                nullable(households, unit.households.has_value()), unit.wkb_hex.c_str());
    ++rows_;
}

load_result unit_loader::finish() {
    if (stream_) {
        stream_->complete();
        stream_.reset();
    }
    load_result result;
    result.rows = rows_;
    const std::string& file = source_.file;
    if (rows_ == 0) throw input_error(file + ", layer " + source_.layer + ": no features to import");

    // The planner knows nothing of a freshly COPYed temp table: without an index and statistics
    // the merge's anti-join against it degrades to a quadratic nested loop.
    tx_.exec("CREATE INDEX ON unit_staging (code)");
    tx_.exec("ANALYZE unit_staging");
    const auto duplicates = tx_.exec(sql::get("duplicate_codes"));
    if (!duplicates.empty()) {
        std::string list;
        for (const auto& r : duplicates) {
            list += (list.empty() ? "" : "; ") + r[0].as<std::string>() + " (rows " + r[1].as<std::string>() + ")";
        }
        throw input_error(file + ", layer " + source_.layer + ": duplicate codes: " + list);
    }
    const auto unnamed = tx_.exec1(
        "SELECT count(*), coalesce(string_agg(row_no::text, ', ' ORDER BY row_no) FILTER (WHERE rn <= 10), '') "
        "FROM (SELECT row_no, row_number() OVER (ORDER BY row_no) AS rn FROM unit_staging WHERE name IS NULL) n");
    result.without_name = unnamed[0].as<long long>();
    result.without_name_rows = unnamed[1].as<std::string>();
    result.repaired = tx_.exec1(sql::get("repair_geometries"))[0].as<long long>();
    const auto empty = tx_.exec1(sql::get("empty_after_repair"));
    if (empty[1].as<long long>() > 0) {
        throw input_error(file + ", layer " + source_.layer + ": geometry has no area once repaired, rows " +
                          empty[0].as<std::string>());
    }

    tx_.exec_params(sql::get("upsert_edition_level"), edition_.id, level_, source_.file, source_.layer, source_.crs);
    const auto merged = tx_.exec_params1(sql::get("merge_units"), edition_.id, level_);
    result.inserted = merged[0].as<long long>();
    result.updated = merged[1].as<long long>();
    result.removed = tx_.exec_params1(sql::get("remove_missing_units"), edition_.id, level_)[0].as<long long>();

    result.parent_level = parent_level_ ? parent_level_ : nearest_parent_level(tx_, edition_.id, level_);
    if (result.parent_level) {
        result.linked_by_code = link_level(tx_, edition_.id, level_, *result.parent_level, &result.linked_spatially);
        const auto orphans = tx_.exec_params1(sql::get("units_without_parent"), edition_.id, level_);
        result.without_parent = orphans[0].as<long long>();
        result.without_parent_sample = orphans[1].as<std::string>();
    }
    for (const auto& child : child_levels(tx_, edition_.id, level_)) {
        tx_.exec_params(sql::get("unlink_wrong_level_parents"), edition_.id, child, level_);
        long long spatial = 0;
        result.children_relinked += link_level(tx_, edition_.id, child, level_, &spatial);
        result.children_relinked += spatial;
    }
    const auto finished = tx_.exec_params1(sql::get("finish_level"), edition_.id, level_);
    result.unit_count = finished[0].as<long long>();
    result.data_version = finished[1].as<long long>();
    return result;
}

}  // namespace covermap::boundaries
