#pragma once
// The one way covermap's server code works on a pooled connection: lease it, run the work, and turn
// what the database does to the connection into a db_error (core/error.hpp: 503 at the HTTP edge,
// with Retry-After). No connection free in time, or the database unreachable, is the pool's
// db_error; a connection lost on the way is dropped from the pool and reported as one. SQL errors
// (a statement timeout, a missing table) propagate: the HTTP edge maps those with the schema in view.
#include <string>
#include <utility>

#include <pqxx/pqxx>

#include "core/error.hpp"
#include "db/pool.hpp"

namespace covermap::db {

// Runs `work` with the lease's connection (or a transaction the caller holds on it).
template <typename Fn>
auto guarded(pool::lease& lease, Fn&& work) -> decltype(work()) {
    try {
        return work();
    } catch (const pqxx::broken_connection& e) {
        lease.discard();
        throw db_error(std::string("database connection lost: ") + e.what());
    }
}

// `work(connection&)` on a pooled connection: its own transactions (a write, an import).
template <typename Fn>
auto with_connection(pool& connections, Fn&& work) -> decltype(work(std::declval<pqxx::connection&>())) {
    auto lease = connections.acquire();
    return guarded(lease, [&] { return work(*lease); });
}

// `work(read_transaction&)` in a read-only transaction on a pooled connection.
template <typename Fn>
auto read(pool& connections, Fn&& work) -> decltype(work(std::declval<pqxx::read_transaction&>())) {
    return with_connection(connections, [&](pqxx::connection& conn) {
        pqxx::read_transaction tx(conn);
        return work(tx);
    });
}

}  // namespace covermap::db
