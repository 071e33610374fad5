#pragma once
// The catalogue (catalog/catalogue.hpp) read once per data version and shared: by a request's
// transaction (the version it sees), by the tile engine (the version the change listener last
// reported, with no database round trip while that catalogue is kept), and by the transactions of
// the statistics (catalogued_read: the catalogue found through the transaction itself, read once).
#include <atomic>
#include <memory>
#include <mutex>

#include <pqxx/pqxx>

#include "catalog/catalogue.hpp"
#include "db/pool.hpp"

namespace covermap::catalog {

// The data version the transaction sees.
long long read_data_version(pqxx::transaction_base& tx);
// The whole catalogue as the transaction sees it (one query).
std::shared_ptr<const catalogue> read_catalogue(pqxx::transaction_base& tx);

class catalogue_cache {
public:
    // The catalogue at the version `tx` sees: one query for the version, the catalogue re-read
    // (in `tx`) only when it differs from the one kept.
    std::shared_ptr<const catalogue> get(pqxx::transaction_base& tx);
    // The catalogue at the latest version known (set_version, or the first read's), read on a
    // pooled connection only when the kept one is older. A lost connection is a db_error, a
    // database without the schema too (run `covermap db migrate`).
    std::shared_ptr<const catalogue> current(db::pool& pool);
    // The change listener's news: a catalogue older than `version` is read again when next asked for.
    void set_version(long long version);
    // -1 until a version is known.
    long long version() const { return version_.load(); }
    // Forgets the kept catalogue (POST /api/cache/purge).
    void clear();

private:
    // Keeps `cat` unless a newer one is kept already; returns what is kept.
    std::shared_ptr<const catalogue> keep(std::shared_ptr<const catalogue> cat);

    std::atomic<long long> version_{-1};
    std::mutex mutex_;       // guards current_
    std::mutex load_mutex_;  // one read of the catalogue at a time in current()
    std::shared_ptr<const catalogue> current_;
};

// A read-only transaction that knows the catalogue at the version it sees, read at most once and
// from the cache when it has one: what the statistics' resolution (api/scope.hpp) finds through
// the transaction it is given.
class catalogued_read : public pqxx::read_transaction {
public:
    explicit catalogued_read(pqxx::connection_base& conn, catalogue_cache* cache = nullptr)
        : pqxx::internal::namedclass("catalogued_read"), pqxx::read_transaction(conn), cache_(cache) {}
    const std::shared_ptr<const catalog::catalogue>& catalogue();

private:
    catalogue_cache* cache_;
    std::shared_ptr<const catalog::catalogue> catalogue_;
};

// The catalogue of a transaction: a catalogued_read's own, else read in it.
std::shared_ptr<const catalogue> catalogue_of(pqxx::transaction_base& tx);
// The data version a transaction sees: a catalogued_read's catalogue's, else read in it (one query).
long long version_of(pqxx::transaction_base& tx);

}  // namespace covermap::catalog
