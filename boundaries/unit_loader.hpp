#pragma once
// Loads one level of one edition inside the caller's transaction. The level's rows are deleted
// and the new ones COPYed straight into admin_unit: codes that stay keep their id (children and
// later tables refer to them; the parent link is checked at commit), parents named by code are
// linked as rows stream, the rest by containment; the Web-Mercator copy of a polygon is sent with
// it (projected once, here, for it and the tile generaliser), the label point is a generated
// column. Both the file importer and the demo feed it.
#include <atomic>
#include <condition_variable>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <pqxx/pqxx>

#include "boundaries/binary_copy.hpp"
#include "boundaries/copy_line.hpp"
#include "boundaries/editions.hpp"
#include "geo/code_index.hpp"
#include "geo/contiguity.hpp"
#include "geo/generalise.hpp"

namespace covermap::boundaries {

struct staged_unit {
    long long row = 0;  // position in the source, for messages
    std::string code;
    std::optional<std::string> name;  // nullopt where the source has none (reported)
    std::optional<std::string> parent_code;
    std::optional<long long> population;
    std::optional<long long> households;
    std::string wkb_hex;  // EPSG:4326, a valid MultiPolygon or a Point, as hex (when `wkb` is empty)
    std::vector<unsigned char> wkb;  // the same, as bytes (the file reader's; COPYed as they are)
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
    long long repaired = 0;  // filled by the reader that repaired them
    long long without_name = 0;
    std::string without_name_rows;  // the first rows, comma separated
    std::optional<std::string> parent_level;  // nullopt for the top level
    long long linked_by_code = 0;
    long long linked_spatially = 0;
    long long without_parent = 0;
    std::string without_parent_sample;  // the first codes, comma separated
    long long children_relinked = 0;
    long long teams_detached = 0;  // teams whose hamlet or commune the re-import removed
    long long neighbour_pairs = 0;  // queen contiguity pairs (polygon levels), stored both ways
    long long generalised_vertices = 0;  // vertices stored for the tile zoom bands, all bands together
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
    // Throws data_error for a code seen before (naming both rows).
    void add(staged_unit&& unit);  // its WKB bytes are handed on to the worker
    long long rows() const { return rows_; }

    // Link and count. Throws data_error (naming the file) when there were no rows; the caller's
    // transaction then must not commit.
    load_result finish();

private:
    long long next_id();
    // The level's queen contiguity pairs, both ways, into unit_neighbour.
    long long store_neighbours(const std::vector<std::pair<long long, long long>>& pairs);
    // The pairs once the worker has them (waits; rethrows a failure of the worker).
    std::vector<std::pair<long long, long long>> contiguity_pairs();
    void fail(std::exception_ptr failure);
    template <typename Ready>
    void wait_for_worker(Ready ready);
    std::exception_ptr worker_failure_;  // the first failure of the worker threads

    pqxx::work& tx_;
    edition_info edition_;
    std::string level_;
    source_info source_;
    std::optional<std::string> parent_level_;
    std::unordered_map<std::string, long long> existing_ids_;   // code → id before this import
    geo::code_index parent_ids_;  // parent code → id
    // Contiguity is built on a worker thread while the rows stream: the loader hands it each
    // polygon's vertices; finish() collects the pairs.
    void contiguity_work();
    geo::contiguity_builder contiguity_;
    std::thread contiguity_worker_;
    std::mutex contiguity_mutex_;
    std::condition_variable contiguity_ready_;
    struct queued_unit {
        long long id;
        geo::multipolygon lonlat;    // as stored
        geo::multipolygon mercator;  // the same, projected to EPSG:3857 by add()
    };
    std::vector<queued_unit> contiguity_queue_;
    bool contiguity_done_ = false;
    std::vector<std::pair<long long, long long>> contiguity_pairs_;
    // The same worker generalises the level's polygons for the tile zoom bands (in EPSG:3857):
    // Per zoom band, unit_shape's binary COPY rows (edition, level, band, unit id, EWKB), handed
    // to finish() band by band as they are ready; two threads simplify once the topology is built.
    geo::coverage_generaliser generaliser_;
    struct band_result {
        std::string rows;
        std::size_t vertices = 0;
        bool ready = false;
    };
    std::vector<band_result> band_results_;
    std::atomic<std::size_t> next_band_{0};
    bool pairs_ready_ = false;
    bool built_ = false;
    std::condition_variable stage_ready_;  // pairs, topology or a band ready, or a failure
    void generalise();
    void simplify_bands();
    long long store_shapes();
    std::unordered_map<std::string, long long> seen_rows_;      // code → row, for duplicates
    std::unique_ptr<binary_copy> stream_;
    long long reserved_next_ = 0;
    long long reserved_last_ = -1;
    long long rows_ = 0;
    long long reused_ = 0;
    long long linked_by_code_ = 0;
    long long without_name_ = 0;
    std::string without_name_rows_;
};

}  // namespace covermap::boundaries
