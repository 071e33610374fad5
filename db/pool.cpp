#include "db/pool.hpp"

#include "db/database_url.hpp"
#include "core/error.hpp"

namespace covermap::db {

std::unique_ptr<pqxx::connection> connect(const std::string& url, const std::string& application_name) {
    try {
        auto conn = std::make_unique<pqxx::connection>(url);
        pqxx::nontransaction tx(*conn);
        // No JIT: covermap's queries run for milliseconds to a second, and PostgreSQL's estimated
        // costs (large over the national tables) made it compile many of them with LLVM first:
        // 0.8 s of the catalogue's 1.1 s, and part of the label, items and statistics queries
        // (bench/RESULTS.md, "JIT off"). Migration 0009 had turned it off for three functions.
        tx.exec("SET application_name = " + tx.quote(application_name) + "; SET jit = off");
        return conn;
    } catch (const pqxx::broken_connection& e) {
        std::string reason = e.what();
        while (!reason.empty() && (reason.back() == '\n' || reason.back() == ' ')) reason.pop_back();
        throw db_error("cannot connect to the database at " + redact(url) + ": " + reason);
    }
}

pool::pool(std::string url, std::size_t size, std::string application_name, prepare_fn prepare, std::chrono::milliseconds wait)
    : url_(std::move(url)),
      size_(size == 0 ? 1 : size),
      application_name_(std::move(application_name)),
      prepare_(std::move(prepare)),
      wait_(wait) {}

pool::lease::lease(pool& owner, std::unique_ptr<pqxx::connection> conn)
    : owner_(&owner), conn_(std::move(conn)) {}

pool::lease::lease(lease&& other) noexcept : owner_(other.owner_), conn_(std::move(other.conn_)) {
    other.owner_ = nullptr;
}

pool::lease::~lease() {
    if (owner_ != nullptr) owner_->give_back(std::move(conn_));
}

pool::lease pool::acquire(std::chrono::milliseconds timeout) {
    if (timeout.count() < 0) timeout = wait_;
    std::unique_ptr<pqxx::connection> conn;
    {
        std::unique_lock<std::mutex> lock(mutex_);
        if (!available_.wait_for(lock, timeout, [this] { return leased_ < size_; })) {
            ++busy_timeouts_;
            throw db_error("all " + std::to_string(size_) + " database connections are busy");
        }
        ++leased_;
        if (!idle_.empty()) {
            conn = std::move(idle_.back());
            idle_.pop_back();
        }
    }
    if (conn && conn->is_open()) return lease(*this, std::move(conn));
    conn.reset();
    try {
        conn = connect(url_, application_name_);
        if (prepare_) prepare_(*conn);
    } catch (...) {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            ++connect_failures_;
        }
        give_back(nullptr);  // frees the slot
        throw;
    }
    return lease(*this, std::move(conn));
}

pool::usage pool::stats() {
    std::lock_guard<std::mutex> lock(mutex_);
    return {leased_, idle_.size(), size_, busy_timeouts_, connect_failures_};
}

void pool::give_back(std::unique_ptr<pqxx::connection> conn) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        --leased_;
        if (conn && conn->is_open()) idle_.push_back(std::move(conn));
    }
    available_.notify_one();
}

}  // namespace covermap::db
