#include "boundaries/unit_loader.hpp"

#include <cmath>
#include <future>
#include <tuple>

#include "boundaries/copy_line.hpp"
#include "boundaries/sql.hpp"
#include "core/error.hpp"
#include "geo/names.hpp"
#include "geo/wkb.hpp"
#include "geo/zoom_bands.hpp"

namespace covermap::boundaries {
namespace {

const std::vector<std::string> copy_columns{"id", "edition_id", "level", "code", "name", "name_key", "unit_type",
                                            "parent_id", "parent_code", "population", "households", "geom", "geom_3857"};
constexpr long long id_block = 4096;

// Beyond about 85° of latitude geo::web_mercator clamps where ST_Transform does not: such units
// (none in Vietnam) are left to the server's trigger.
constexpr double mercator_y_limit = 2.0e7;

// Whether `wkb` is a 2D ISO MultiPolygon (type 6, no Z, M or SRID), the only form whose
// Web-Mercator copy the loader computes itself.
bool plain_multipolygon(const std::vector<unsigned char>& wkb) {
    if (wkb.size() < 5 || wkb[0] > 1) return false;
    return wkb[0] == 1 ? wkb[1] == 6 && wkb[2] == 0 && wkb[3] == 0 && wkb[4] == 0
                       : wkb[1] == 0 && wkb[2] == 0 && wkb[3] == 0 && wkb[4] == 6;
}

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

// Children of `level` in SQL: exact code, lost leading zeros, then containment.
long long relink_children(pqxx::transaction_base& tx, int edition_id, const std::string& child,
                          const std::string& level) {
    tx.exec_params(sql::get("unlink_wrong_level_parents"), edition_id, child, level);
    long long linked = tx.exec_params1(sql::get("link_parents_by_code"), edition_id, child, level)[0].as<long long>();
    if (tx.exec_params1(sql::get("unlinked_with_code"), edition_id, child)[0].as<long long>() > 0) {
        linked += tx.exec_params1(sql::get("link_parents_by_unpadded_code"), edition_id, child, level)[0].as<long long>();
    }
    return linked + tx.exec_params1(sql::get("link_parents_spatially"), edition_id, child, level)[0].as<long long>();
}

}  // namespace

unit_loader::unit_loader(pqxx::work& tx, edition_info edition, std::string level, source_info source,
                         std::optional<std::string> parent_level)
    : tx_(tx),
      edition_(std::move(edition)),
      level_(std::move(level)),
      source_(std::move(source)),
      parent_level_(std::move(parent_level)),
      band_results_(geo::zoom_bands().size()) {
    const int rank = rank_of(tx_, level_);
    if (parent_level_ && rank_of(tx_, *parent_level_) >= rank) {
        throw config_error("--parent-level " + *parent_level_ + " is not above level " + level_);
    }
    // One importer per edition at a time; a second one waits rather than interleaving.
    tx_.exec_params("SELECT pg_advisory_xact_lock(hashtext('covermap edition ' || $1))", edition_.name);
    tx_.exec_params(sql::get("upsert_edition_level"), edition_.id, level_, source_.file, source_.layer, source_.crs);
    if (!parent_level_) parent_level_ = nearest_parent_level(tx_, edition_.id, level_);

    for (const auto& r : tx_.exec_params(sql::get("existing_codes"), edition_.id, level_)) {
        existing_ids_.emplace(r[0].as<std::string>(), r[1].as<long long>());
    }
    if (parent_level_) {
        for (const auto& r : tx_.exec_params(sql::get("existing_codes"), edition_.id, *parent_level_)) {
            parent_ids_.add(r[0].as<std::string>(), r[1].as<long long>());
        }
    }
    tx_.exec_params(sql::get("delete_level"), edition_.id, level_);
}

unit_loader::~unit_loader() {
    if (contiguity_worker_.joinable()) {
        {
            std::lock_guard<std::mutex> lock(contiguity_mutex_);
            contiguity_done_ = true;
        }
        contiguity_ready_.notify_one();
        contiguity_worker_.join();
    }
}

void unit_loader::fail(std::exception_ptr failure) {
    {
        std::lock_guard<std::mutex> lock(contiguity_mutex_);
        if (!worker_failure_) worker_failure_ = failure;
    }
    stage_ready_.notify_all();
}

void unit_loader::contiguity_work() {
    std::vector<queued_unit> batch;
    try {
        while (true) {
            {
                std::unique_lock<std::mutex> lock(contiguity_mutex_);
                contiguity_ready_.wait(lock, [this] { return contiguity_done_ || contiguity_queue_.size() >= 64; });
                batch.swap(contiguity_queue_);
                if (batch.empty() && contiguity_done_) break;
            }
            for (auto& unit : batch) {
                // Decoded once, by add(): contiguity reads the stored longitude/latitude, the
                // generaliser the vertices add() projected to EPSG:3857 for geom_3857.
                contiguity_.add(unit.id, unit.lonlat);
                generaliser_.add(unit.id, unit.mercator);
            }
            batch.clear();
        }
    } catch (...) {
        // Reported by finish(); the rows stop being consumed, so keep draining for add().
        fail(std::current_exception());
        std::unique_lock<std::mutex> lock(contiguity_mutex_);
        while (!contiguity_done_) {
            contiguity_queue_.clear();
            contiguity_ready_.wait(lock);
        }
        contiguity_queue_.clear();
        return;
    }
    // The two halves are independent: the generalisation runs beside the contiguity sort, and
    // finish() stores each result as soon as it is there (the pairs first, then band by band)
    // while the rest is still being computed. Once its pairs are out, this thread helps simplify.
    auto generalised = std::async(std::launch::async, [this] { generalise(); });
    try {
        auto pairs = contiguity_.pairs();
        {
            std::lock_guard<std::mutex> lock(contiguity_mutex_);
            contiguity_pairs_ = std::move(pairs);
            pairs_ready_ = true;
        }
        stage_ready_.notify_all();
        simplify_bands();
    } catch (...) {
        fail(std::current_exception());
    }
    generalised.get();
}

void unit_loader::generalise() {
    try {
        generaliser_.build();
        {
            std::lock_guard<std::mutex> lock(contiguity_mutex_);
            built_ = true;
        }
        stage_ready_.notify_all();
        simplify_bands();
    } catch (...) {
        fail(std::current_exception());
    }
}

void unit_loader::simplify_bands() {
    {
        std::unique_lock<std::mutex> lock(contiguity_mutex_);
        stage_ready_.wait(lock, [this] { return built_ || worker_failure_; });
        if (!built_) return;
    }
    // The unit_shape rows in COPY's binary format: edition (int4), level (text), band (int2),
    // unit id (int8), and the geometry as EWKB (SRID 3857) made from ISO WKB: the type word gains
    // the SRID flag and the SRID follows it,
    // 01 (little endian) 06000000 (MultiPolygon) body → 01 06000020 110f0000 body.
    const auto& bands = geo::zoom_bands();
    for (std::size_t b = next_band_++; b < bands.size(); b = next_band_++) {
        std::string rows;
        std::size_t vertices = 0;
        for (auto& unit : generaliser_.simplify(bands[b].tolerance_m, bands[b].min_area_m2)) {
            for (const auto& part : unit.geometry) {
                for (const auto& ring : part.rings) vertices += ring.size();
            }
            const std::vector<unsigned char> iso = geo::write_wkb(unit.geometry);
            static const unsigned char ewkb_head[] = {0x01, 0x06, 0x00, 0x00, 0x20, 0x11, 0x0f, 0x00, 0x00};
            binary_rows row(rows);
            row.row(5);
            row.int4(edition_.id);
            row.text(level_);
            row.int2(static_cast<std::int16_t>(bands[b].max_zoom));
            row.int8(unit.id);
            row.begin_field(sizeof ewkb_head + iso.size() - 5);
            row.raw(ewkb_head, sizeof ewkb_head);
            row.raw(iso.data() + 5, iso.size() - 5);
        }
        {
            std::lock_guard<std::mutex> lock(contiguity_mutex_);
            band_results_[b].rows = std::move(rows);
            band_results_[b].vertices = vertices;
            band_results_[b].ready = true;
        }
        stage_ready_.notify_all();
    }
}

// Waits for `ready` (under the worker mutex) and rethrows a worker failure instead.
template <typename Ready>
void unit_loader::wait_for_worker(Ready ready) {
    std::unique_lock<std::mutex> lock(contiguity_mutex_);
    stage_ready_.wait(lock, [&] { return ready() || worker_failure_; });
    if (worker_failure_) {
        lock.unlock();
        {
            std::lock_guard<std::mutex> done(contiguity_mutex_);
            contiguity_done_ = true;
        }
        contiguity_ready_.notify_one();
        contiguity_worker_.join();
        std::rethrow_exception(worker_failure_);
    }
}

long long unit_loader::store_shapes() {
    if (!contiguity_worker_.joinable()) return 0;  // no polygons
    std::size_t vertices = 0;
    binary_copy out(tx_, "unit_shape", std::vector<std::string>{"edition_id", "level", "band", "unit_id", "geom"});
    for (auto& band : band_results_) {
        wait_for_worker([&band] { return band.ready; });
        out.send(band.rows);
        vertices += band.vertices;
        band.rows = {};
    }
    out.complete();
    return static_cast<long long>(vertices);
}

std::vector<std::pair<long long, long long>> unit_loader::contiguity_pairs() {
    if (!contiguity_worker_.joinable()) return {};
    {
        std::lock_guard<std::mutex> lock(contiguity_mutex_);
        contiguity_done_ = true;
    }
    contiguity_ready_.notify_one();
    wait_for_worker([this] { return pairs_ready_; });
    std::lock_guard<std::mutex> lock(contiguity_mutex_);
    return std::move(contiguity_pairs_);
}

long long unit_loader::next_id() {
    if (reserved_next_ > reserved_last_) {
        // The COPY must pause for the sequence query; blocks are large, so this is rare.
        if (stream_) {
            stream_->complete();
            stream_.reset();
        }
        reserved_last_ = tx_.exec_params1(sql::get("reserve_ids"), id_block)[0].as<long long>();
        reserved_next_ = reserved_last_ - id_block + 1;
    }
    return reserved_next_++;
}

void unit_loader::add(staged_unit&& unit) {
    const auto [seen, fresh] = seen_rows_.emplace(unit.code, unit.row);
    if (!fresh) {
        throw data_error(source_.file + ", layer " + source_.layer + ": duplicate codes: " + unit.code + " (rows " +
                          std::to_string(seen->second) + ", " + std::to_string(unit.row) + ")");
    }
    long long id = 0;
    if (const auto it = existing_ids_.find(unit.code); it != existing_ids_.end()) {
        id = it->second;
        ++reused_;
    } else {
        id = next_id();
    }
    const std::optional<long long> parent_id = unit.parent_code ? parent_ids_.find(*unit.parent_code) : std::nullopt;
    if (parent_id) ++linked_by_code_;

    const std::string name = unit.name ? geo::clean_text(*unit.name) : std::string();
    if (name.empty() && ++without_name_ <= 10) {
        without_name_rows_ += (without_name_rows_.empty() ? "" : ", ") + std::to_string(unit.row);
    }
    const geo::split_name parts = geo::split_type(name);
    const std::string key = geo::name_key(parts);
    if (unit.wkb.empty()) unit.wkb = geo::hex_decode(unit.wkb_hex);
    // COPY (binary: the WKB goes as it is) starts with the first row: until finish() the
    // connection admits no other statement.
    if (!stream_) stream_ = std::make_unique<binary_copy>(tx_, "admin_unit", copy_columns);
    binary_rows& out = stream_->rows();
    auto text_field = [&out](const std::string& value, bool present) {
        if (present) {
            out.text(value);
        } else {
            out.null();
        }
    };
    auto count_field = [&out](const std::optional<long long>& value) {
        if (value) {
            out.int8(*value);
        } else {
            out.null();
        }
    };
    out.row(static_cast<std::int16_t>(copy_columns.size()));
    out.int8(id);
    out.int4(edition_.id);
    text_field(level_, true);
    text_field(unit.code, true);
    text_field(name, !name.empty());
    text_field(key, true);
    text_field(parts.unit_type, !parts.unit_type.empty());
    count_field(parent_id);
    text_field(unit.parent_code ? *unit.parent_code : std::string(), unit.parent_code.has_value());
    count_field(unit.population);
    count_field(unit.households);
    out.bytes(unit.wkb.data(), unit.wkb.size());
    // geom_3857: a polygon's vertices are projected here once, for this column and for the
    // generaliser (which needs them in EPSG:3857 anyway); NULL (points, other forms, the poles)
    // lets the server's trigger fill it with ST_Transform.
    const bool polygon = geo::read_wkb_type(unit.wkb.data(), unit.wkb.size()) != geo::wkb_type::point;
    geo::multipolygon lonlat, mercator;
    if (polygon) {
        lonlat = geo::read_wkb_multipolygon(unit.wkb.data(), unit.wkb.size());
        mercator = lonlat;
    }
    bool send_mercator = polygon && plain_multipolygon(unit.wkb);
    for (auto& part : mercator) {
        for (auto& ring : part.rings) {
            for (auto& p : ring) {
                p = geo::web_mercator(p.x, p.y);
                send_mercator = send_mercator && std::abs(p.y) < mercator_y_limit;
            }
        }
    }
    if (send_mercator) {
        // EWKB (SRID 3857) from the ISO WKB: 01 06000000 body → 01 06000020 110f0000 body.
        const std::vector<unsigned char> iso = geo::write_wkb(mercator);
        static const unsigned char ewkb_head[] = {0x01, 0x06, 0x00, 0x00, 0x20, 0x11, 0x0f, 0x00, 0x00};
        out.begin_field(sizeof ewkb_head + iso.size() - 5);
        out.raw(ewkb_head, sizeof ewkb_head);
        out.raw(iso.data() + 5, iso.size() - 5);
    } else {
        out.null();
    }
    stream_->end_row();
    ++rows_;
    if (polygon) {
        if (!contiguity_worker_.joinable()) contiguity_worker_ = std::thread([this] { contiguity_work(); });
        std::lock_guard<std::mutex> lock(contiguity_mutex_);
        contiguity_queue_.push_back({id, std::move(lonlat), std::move(mercator)});
        if (contiguity_queue_.size() >= 64) contiguity_ready_.notify_one();
    }
}

long long unit_loader::store_neighbours(const std::vector<std::pair<long long, long long>>& pairs) {
    if (pairs.empty()) return 0;
    std::string prefix = std::to_string(edition_.id) + '\t';
    append_copy_text(prefix, level_);
    prefix += '\t';
    pqxx::stream_to out(tx_, "unit_neighbour", std::vector<std::string>{"edition_id", "level", "unit_id", "neighbour_id"});
    copy_line line;
    for (const auto& [a, b] : pairs) {
        const std::string first = std::to_string(a), second = std::to_string(b);
        line.text = prefix + first + '\t' + second;
        out << line;
        line.text = prefix + second + '\t' + first;
        out << line;
    }
    out.complete();
    return static_cast<long long>(pairs.size());
}

load_result unit_loader::finish() {
    // The worker sorts the vertices while the database links parents below.
    {
        std::lock_guard<std::mutex> lock(contiguity_mutex_);
        contiguity_done_ = true;
    }
    contiguity_ready_.notify_one();
    if (stream_) {
        stream_->complete();
        stream_.reset();
    }
    if (rows_ == 0) throw data_error(source_.file + ", layer " + source_.layer + ": no features to import");
    load_result result;
    result.rows = rows_;
    result.updated = reused_;
    result.inserted = rows_ - reused_;
    result.removed = static_cast<long long>(existing_ids_.size()) - reused_;
    result.without_name = without_name_;
    result.without_name_rows = without_name_rows_;
    result.parent_level = parent_level_;
    if (parent_level_) {
        result.linked_by_code = linked_by_code_;
        result.linked_spatially =
            tx_.exec_params1(sql::get("link_parents_spatially"), edition_.id, level_, *parent_level_)[0].as<long long>();
        const auto orphans = tx_.exec_params1(sql::get("units_without_parent"), edition_.id, level_);
        result.without_parent = orphans[0].as<long long>();
        result.without_parent_sample = orphans[1].as<std::string>();
    }
    for (const auto& child : child_levels(tx_, edition_.id, level_)) {
        result.children_relinked += relink_children(tx_, edition_.id, child, level_);
    }
    if (result.removed > 0) result.teams_detached = tx_.exec1(sql::get("detach_removed_units"))[0].as<long long>();
    // The deferred foreign keys (parents, teams and indicators that refer to the replaced units:
    // thousands of checks on a replace) are checked here, while the worker still computes, instead
    // of at COMMIT; whatever the transaction does later is deferred again as before.
    tx_.exec("SET CONSTRAINTS ALL IMMEDIATE");
    tx_.exec("SET CONSTRAINTS ALL DEFERRED");
    // The roll-ups of the snapshots whose units changed, and the level's old contiguity and tile
    // shapes gone: the server does this while the worker still sorts and simplifies.
    tx_.exec_params(sql::get("refresh_edition_coverage"), edition_.id);
    tx_.exec_params(sql::get("clear_neighbours"), edition_.id, level_);
    tx_.exec_params(sql::get("clear_shapes"), edition_.id, level_);
    // Contiguity for the spatial statistics and the tile shapes, whichever the worker has first
    // (the contiguity sort and the generaliser's topology run side by side).
    bool shapes_first = false;
    if (contiguity_worker_.joinable()) {
        wait_for_worker([this] { return pairs_ready_ || band_results_.front().ready; });
        std::lock_guard<std::mutex> lock(contiguity_mutex_);
        shapes_first = !pairs_ready_;
    }
    if (shapes_first) {
        result.generalised_vertices = store_shapes();
        result.neighbour_pairs = store_neighbours(contiguity_pairs());
    } else {
        result.neighbour_pairs = store_neighbours(contiguity_pairs());
        result.generalised_vertices = store_shapes();
    }
    if (contiguity_worker_.joinable()) contiguity_worker_.join();
    tx_.exec(sql::get(result.updated > 0 ? "analyze_replaced_units" : "analyze_units"));
    const auto finished = tx_.exec_params1(sql::get("finish_level"), edition_.id, level_);
    result.unit_count = finished[0].as<long long>();
    result.data_version = finished[1].as<long long>();
    return result;
}

}  // namespace covermap::boundaries
