#include "tiles/mbtiles.hpp"

#include <sqlite3.h>

#include <cstdio>

#include "core/error.hpp"

namespace covermap::tiles {

mbtiles_writer::mbtiles_writer(std::string path) : path_(std::move(path)), partial_(path_ + ".partial") {
    std::remove(partial_.c_str());
    if (sqlite3_open_v2(partial_.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
        const std::string why = db_ ? sqlite3_errmsg(db_) : "out of memory";
        sqlite3_close(db_);
        db_ = nullptr;
        throw config_error("cannot create " + partial_ + ": " + why);
    }
    exec("PRAGMA journal_mode = OFF");
    exec("PRAGMA synchronous = OFF");
    exec("BEGIN");
    exec("CREATE TABLE metadata (name TEXT, value TEXT)");
    exec("CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB)");
    if (sqlite3_prepare_v2(db_, "INSERT INTO tiles VALUES (?, ?, ?, ?)", -1, &insert_tile_, nullptr) != SQLITE_OK ||
        sqlite3_prepare_v2(db_, "INSERT INTO metadata VALUES (?, ?)", -1, &insert_meta_, nullptr) != SQLITE_OK) {
        fail("prepare");
    }
}

mbtiles_writer::~mbtiles_writer() {
    sqlite3_finalize(insert_tile_);
    sqlite3_finalize(insert_meta_);
    if (db_) sqlite3_close(db_);
    if (!committed_) std::remove(partial_.c_str());
}

void mbtiles_writer::fail(const std::string& what) {
    throw config_error(partial_ + ": " + what + ": " + (db_ ? sqlite3_errmsg(db_) : "closed"));
}

void mbtiles_writer::exec(const char* sql) {
    if (sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) != SQLITE_OK) fail(sql);
}

void mbtiles_writer::metadata(const std::string& name, const std::string& value) {
    sqlite3_reset(insert_meta_);
    sqlite3_bind_text(insert_meta_, 1, name.data(), static_cast<int>(name.size()), SQLITE_TRANSIENT);
    sqlite3_bind_text(insert_meta_, 2, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
    if (sqlite3_step(insert_meta_) != SQLITE_DONE) fail("writing metadata " + name);
}

void mbtiles_writer::put(const tile_id& tile, const std::string& gzip_mvt) {
    sqlite3_reset(insert_tile_);
    sqlite3_bind_int(insert_tile_, 1, tile.z);
    sqlite3_bind_int64(insert_tile_, 2, tile.x);
    sqlite3_bind_int64(insert_tile_, 3, (1LL << tile.z) - 1 - tile.y);
    sqlite3_bind_blob(insert_tile_, 4, gzip_mvt.data(), static_cast<int>(gzip_mvt.size()), SQLITE_STATIC);
    if (sqlite3_step(insert_tile_) != SQLITE_DONE) fail("writing a tile");
}

void mbtiles_writer::commit() {
    exec("CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row)");
    exec("CREATE UNIQUE INDEX name ON metadata (name)");
    exec("COMMIT");
    sqlite3_finalize(insert_tile_);
    sqlite3_finalize(insert_meta_);
    insert_tile_ = insert_meta_ = nullptr;
    if (sqlite3_close(db_) != SQLITE_OK) fail("closing");
    db_ = nullptr;
    if (std::rename(partial_.c_str(), path_.c_str()) != 0) {
        throw config_error("cannot rename " + partial_ + " to " + path_);
    }
    committed_ = true;
}

}  // namespace covermap::tiles
