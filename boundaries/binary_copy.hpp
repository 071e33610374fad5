#pragma once
// COPY … FROM STDIN (FORMAT binary) inside a libpqxx transaction. The importer's geometries go to
// the server as WKB bytes instead of hex text: half the bytes, no hex encoding in the client, no
// hex decoding nor per-byte line scanning in the server (text COPY looks at every byte for
// delimiters and escapes). libpqxx 6.4 has no binary COPY, so rows are handed to libpq
// (PQputCopyData) on the transaction's own connection, which libpqxx exposes only to its
// large-object classes (`largeobject::raw_connection`, protected).
//
// Fields must be written in the table's column order given to the constructor, with the binary
// send format of each column's type: int8/int4/int2 in network byte order, text as its bytes
// (UTF-8), geometry as (E)WKB. Until complete(), run no other statement on the transaction.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <pqxx/pqxx>

namespace covermap::boundaries {

// Rows in COPY's binary format, appended to a string (built ahead, e.g. on a worker thread).
class binary_rows {
public:
    explicit binary_rows(std::string& out) : out_(out) {}
    void row(std::int16_t fields) { put_be(static_cast<std::uint16_t>(fields), 2); }
    void int8(long long value) { field_size(8); put_be(static_cast<std::uint64_t>(value), 8); }
    void int4(int value) { field_size(4); put_be(static_cast<std::uint32_t>(value), 4); }
    void int2(std::int16_t value) { field_size(2); put_be(static_cast<std::uint16_t>(value), 2); }
    void null() { put_be(0xffffffffu, 4); }
    void text(std::string_view value) { bytes(value.data(), value.size()); }
    void bytes(const void* data, std::size_t size) { field_size(size); raw(data, size); }
    // A field written in pieces: `begin_field(total size)`, then `raw` pieces adding up to it.
    void begin_field(std::size_t size) { field_size(size); }
    void raw(const void* data, std::size_t size) { out_.append(static_cast<const char*>(data), size); }
    void put_be(std::uint64_t value, int bytes) {
        char out[8];
        for (int i = bytes - 1; i >= 0; --i) {
            out[i] = static_cast<char>(value & 0xff);
            value >>= 8;
        }
        out_.append(out, static_cast<std::size_t>(bytes));
    }

private:
    void field_size(std::size_t size);
    std::string& out_;
};

class binary_copy {
public:
    binary_copy(pqxx::dbtransaction& tx, const std::string& table, const std::vector<std::string>& columns);
    // Without complete() (an exception on the way), the COPY is cancelled: the server then fails
    // the transaction, which the caller rolls back.
    ~binary_copy();
    binary_copy(const binary_copy&) = delete;
    binary_copy& operator=(const binary_copy&) = delete;

    // Write a row into rows(), then call end_row() (which sends when enough is buffered).
    binary_rows& rows() { return rows_; }
    void end_row() {
        if (buffer_.size() >= flush_at) flush();
    }
    // Rows made ahead with binary_rows.
    void send(const std::string& rows);

    // Ends the COPY; throws pqxx::sql_error with the server's message (naming the row and column)
    // when the server rejected a row.
    void complete();

private:
    static constexpr std::size_t flush_at = 1 << 18;
    void flush();
    void put(const char* data, std::size_t size);
    void finish_copy(const char* cancel_reason);

    void* conn_;  // PGconn*
    std::string query_;
    std::string buffer_;
    binary_rows rows_{buffer_};
    bool open_ = false;
};

}  // namespace covermap::boundaries
