#include "boundaries/binary_copy.hpp"

#include <libpq-fe.h>

#include <algorithm>
#include <limits>

namespace covermap::boundaries {
namespace {

// largeobject::raw_connection is protected and static: a subclass may call it for any transaction.
struct connection_of : pqxx::largeobject {
    static PGconn* get(const pqxx::dbtransaction& tx) { return raw_connection(tx); }
};

PGconn* pg(void* conn) { return static_cast<PGconn*>(conn); }

std::string connection_error(void* conn) {
    const char* message = PQerrorMessage(pg(conn));
    return message && *message ? message : "lost the connection during COPY";
}

}  // namespace

binary_copy::binary_copy(pqxx::dbtransaction& tx, const std::string& table, const std::vector<std::string>& columns)
    : conn_(connection_of::get(tx)) {
    query_ = "COPY " + tx.quote_name(table) + " (";
    for (std::size_t i = 0; i < columns.size(); ++i) query_ += (i ? ", " : "") + tx.quote_name(columns[i]);
    query_ += ") FROM STDIN (FORMAT binary)";
    PGresult* result = PQexec(pg(conn_), query_.c_str());
    const ExecStatusType status = PQresultStatus(result);
    if (status != PGRES_COPY_IN) {
        std::string message = result ? PQresultErrorMessage(result) : connection_error(conn_);
        PQclear(result);
        // Drain whatever else the command returned so that the connection is usable again.
        while ((result = PQgetResult(pg(conn_))) != nullptr) PQclear(result);
        throw pqxx::sql_error(message, query_);
    }
    PQclear(result);
    open_ = true;
    // Header: signature, flags (no OIDs), no header extension.
    buffer_.assign("PGCOPY\n\377\r\n\0", 11);
    rows_.put_be(0, 4);
    rows_.put_be(0, 4);
}

binary_copy::~binary_copy() {
    if (!open_) return;
    try {
        finish_copy("COPY abandoned by the client");
    } catch (...) {  // the transaction is failed either way; the original exception matters
    }
}

void binary_rows::field_size(std::size_t size) {
    if (size > static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max())) {
        throw pqxx::usage_error("binary COPY: field of " + std::to_string(size) + " bytes is too large");
    }
    put_be(static_cast<std::uint32_t>(size), 4);
}

void binary_copy::put(const char* data, std::size_t size) {
    // In pieces: libpq copies each into its output buffer before sending it.
    for (std::size_t done = 0; done < size; done += flush_at) {
        const std::size_t n = std::min(flush_at, size - done);
        if (PQputCopyData(pg(conn_), data + done, static_cast<int>(n)) != 1) {
            throw pqxx::broken_connection(connection_error(conn_));
        }
    }
}

void binary_copy::flush() {
    put(buffer_.data(), buffer_.size());
    buffer_.clear();
}

void binary_copy::send(const std::string& rows) {
    flush();
    put(rows.data(), rows.size());
}

void binary_copy::complete() {
    if (!open_) return;
    rows_.put_be(0xffff, 2);  // trailer: a field count of -1
    flush();
    finish_copy(nullptr);
}

void binary_copy::finish_copy(const char* cancel_reason) {
    open_ = false;
    buffer_.clear();
    if (PQputCopyEnd(pg(conn_), cancel_reason) != 1) throw pqxx::broken_connection(connection_error(conn_));
    std::string error, state;
    while (PGresult* result = PQgetResult(pg(conn_))) {
        if (PQresultStatus(result) != PGRES_COMMAND_OK && error.empty()) {
            error = PQresultErrorMessage(result);
            const char* code = PQresultErrorField(result, PG_DIAG_SQLSTATE);
            state = code ? code : "";
        }
        PQclear(result);
    }
    if (!error.empty() && !cancel_reason) throw pqxx::sql_error(error, query_, state.empty() ? nullptr : state.c_str());
}

}  // namespace covermap::boundaries
