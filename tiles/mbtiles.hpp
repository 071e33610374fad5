#pragma once
// Writes an MBTiles 1.3 file of vector tiles (gzip-compressed MVT in an SQLite database) for
// static or offline hosting. The file is built under a temporary name in one transaction and
// renamed into place by commit(): a failed export leaves no half-written file.
#include <string>

#include "tiles/tile_grid.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace covermap::tiles {

class mbtiles_writer {
public:
    explicit mbtiles_writer(std::string path);  // throws config_error when the file cannot be created
    ~mbtiles_writer();
    mbtiles_writer(const mbtiles_writer&) = delete;
    mbtiles_writer& operator=(const mbtiles_writer&) = delete;

    void metadata(const std::string& name, const std::string& value);
    // `gzip_mvt`: the tile as served with Content-Encoding: gzip. Rows are stored TMS-flipped as
    // the specification asks.
    void put(const tile_id& tile, const std::string& gzip_mvt);
    void commit();

private:
    void exec(const char* sql);
    [[noreturn]] void fail(const std::string& what);

    std::string path_;
    std::string partial_;
    sqlite3* db_ = nullptr;
    sqlite3_stmt* insert_tile_ = nullptr;
    sqlite3_stmt* insert_meta_ = nullptr;
    bool committed_ = false;
};

}  // namespace covermap::tiles
