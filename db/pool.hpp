#pragma once
// A fixed-size pool of libpqxx connections, connected lazily and replaced when broken, so a server
// starts (and reports not-ready) while the database is down and recovers when it comes back.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <pqxx/pqxx>

namespace covermap::db {

// Connect with the application name set, turning libpq's failure into a db_error whose message
// names the redacted URL. Used by the pool and by the command-line tools.
std::unique_ptr<pqxx::connection> connect(const std::string& url, const std::string& application_name);

class pool {
public:
    using prepare_fn = std::function<void(pqxx::connection&)>;

    pool(std::string url, std::size_t size, std::string application_name, prepare_fn prepare = {},
         std::chrono::milliseconds wait = std::chrono::milliseconds(5000));

    class lease {
    public:
        lease(pool& owner, std::unique_ptr<pqxx::connection> conn);
        lease(lease&& other) noexcept;
        lease& operator=(lease&&) = delete;
        lease(const lease&) = delete;
        ~lease();
        pqxx::connection& operator*() { return *conn_; }
        pqxx::connection* operator->() { return conn_.get(); }
        // Drop the connection instead of returning it (after pqxx::broken_connection).
        void discard() { conn_.reset(); }

    private:
        pool* owner_;
        std::unique_ptr<pqxx::connection> conn_;
    };

    // A connection, waiting at most `timeout` (default: the pool's wait) for a free slot. Throws
    // db_error when none frees up in time or the database cannot be reached.
    lease acquire(std::chrono::milliseconds timeout = std::chrono::milliseconds(-1));

    const std::string& url() const { return url_; }

    struct usage {
        std::size_t in_use, idle, size;
        long long busy_timeouts, connect_failures;
    };
    usage stats();
    std::size_t size() const { return size_; }

private:
    void give_back(std::unique_ptr<pqxx::connection> conn);

    std::string url_;
    std::size_t size_;
    std::string application_name_;
    prepare_fn prepare_;
    std::chrono::milliseconds wait_;
    std::mutex mutex_;
    std::condition_variable available_;
    std::vector<std::unique_ptr<pqxx::connection>> idle_;
    std::size_t leased_ = 0;
    long long busy_timeouts_ = 0, connect_failures_ = 0;
};

}  // namespace covermap::db
