#include "db/migrate.hpp"

#include <algorithm>

#include "core/error.hpp"

namespace covermap::db::migrations_sql {
const std::vector<std::pair<std::string_view, std::string_view>>& sql_files();
}

namespace covermap::db {
namespace {

constexpr long long migration_lock_key = 0x636f7665726d6170;  // "covermap": one migrator at a time

const char* const create_history =
    "CREATE TABLE IF NOT EXISTS covermap_schema ("
    " version integer PRIMARY KEY, name text NOT NULL,"
    " applied_at timestamptz NOT NULL DEFAULT now())";

std::string newer_message(int database_version) {
    return "the database schema is at version " + std::to_string(database_version) +
           ", newer than this covermap binary knows (" + std::to_string(latest_version()) +
           "): upgrade covermap before using this database";
}

}  // namespace

const std::vector<migration>& migrations() {
    static const std::vector<migration> all = [] {
        std::vector<migration> out;
        for (const auto& [stem, text] : migrations_sql::sql_files()) {
            const std::string name(stem);
            const auto underscore = name.find('_');
            out.push_back({std::stoi(name.substr(0, underscore)), name.substr(underscore + 1), std::string(text)});
        }
        std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.version < b.version; });
        return out;
    }();
    return all;
}

int latest_version() { return migrations().empty() ? 0 : migrations().back().version; }

int current_version(pqxx::transaction_base& tx) {
    // Two statements: one naming covermap_schema fails to plan where the table does not exist.
    const auto exists = tx.exec1("SELECT to_regclass('covermap_schema') IS NOT NULL")[0].as<bool>();
    if (!exists) return 0;
    return tx.exec1("SELECT coalesce(max(version), 0) FROM covermap_schema")[0].as<int>();
}

int current_version(pqxx::connection& conn) {
    pqxx::read_transaction tx(conn);
    return current_version(tx);
}

namespace {

// Holds the session-level migration lock for its lifetime: concurrent migrators wait their turn.
class migration_lock {
public:
    explicit migration_lock(pqxx::connection& conn) : conn_(conn) { run("pg_advisory_lock"); }
    ~migration_lock() {
        try {
            run("pg_advisory_unlock");
        } catch (const std::exception&) {
            // the session ends with the connection, and its lock with it
        }
    }
    migration_lock(const migration_lock&) = delete;
    migration_lock& operator=(const migration_lock&) = delete;

private:
    void run(const char* function) {
        pqxx::nontransaction tx(conn_);
        tx.exec(std::string("SELECT ") + function + "(" + std::to_string(migration_lock_key) + ")");
    }
    pqxx::connection& conn_;
};

}  // namespace

std::vector<int> migrate(pqxx::connection& conn) {
    const migration_lock lock(conn);
    {
        pqxx::work tx(conn);
        tx.exec(create_history);
        tx.commit();
    }
    const int from = current_version(conn);
    if (from > latest_version()) throw db_error(newer_message(from));
    std::vector<int> applied;
    for (const auto& m : migrations()) {
        if (m.version <= from) continue;
        pqxx::work tx(conn);
        try {
            tx.exec(m.sql);
        } catch (const pqxx::sql_error& e) {
            throw db_error("migration " + std::to_string(m.version) + " (" + m.name + ") failed: " + e.what());
        }
        tx.exec_params("INSERT INTO covermap_schema (version, name) VALUES ($1, $2)", m.version, m.name);
        tx.commit();
        applied.push_back(m.version);
    }
    return applied;
}

void require_current(pqxx::connection& conn) {
    const int version = current_version(conn);
    if (version > latest_version()) throw db_error(newer_message(version));
    if (version < latest_version()) {
        throw db_error("the database schema is at version " + std::to_string(version) + ", this covermap needs " +
                       std::to_string(latest_version()) + ": run `covermap db migrate`");
    }
}

}  // namespace covermap::db
