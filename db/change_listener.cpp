#include "db/change_listener.hpp"

#include <pqxx/pqxx>
#include <spdlog/spdlog.h>

#include "db/database_url.hpp"
#include "db/pool.hpp"

namespace covermap::db {
namespace {

constexpr const char* data_channel = "covermap_data";

// Notes that a notification came; the version is read after await_notification returns (outside
// libpqxx's dispatch).
class flag_receiver : public pqxx::notification_receiver {
public:
    flag_receiver(pqxx::connection_base& conn, bool& flag) : pqxx::notification_receiver(conn, data_channel), flag_(flag) {}
    void operator()(const std::string&, int) override { flag_ = true; }

private:
    bool& flag_;
};

long long read_version(pqxx::connection& conn) {
    pqxx::read_transaction tx(conn);
    return tx.exec1("SELECT version FROM data_version")[0].as<long long>();
}

}  // namespace

change_listener::change_listener(std::string url, callback on_version)
    : url_(std::move(url)), on_version_(std::move(on_version)) {
    thread_ = std::thread([this] { run(); });
}

change_listener::~change_listener() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stop_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

bool change_listener::pause(int ms) {
    std::unique_lock<std::mutex> lock(mutex_);
    wake_.wait_for(lock, std::chrono::milliseconds(ms), [this] { return stop_; });
    return !stop_;
}

void change_listener::run() {
    int backoff_ms = 100;
    bool reported_down = false;
    while (pause(0)) {
        try {
            auto conn = connect(url_, "covermap listener");
            bool notified = false;
            flag_receiver receiver(*conn, notified);
            on_version_(read_version(*conn));
            connected_ = true;
            if (reported_down) spdlog::info("change listener: reconnected to the database");
            reported_down = false;
            backoff_ms = 100;
            while (pause(0)) {
                // Short waits so that shutdown is prompt.
                conn->await_notification(0, 200000);
                if (notified) {
                    notified = false;
                    on_version_(read_version(*conn));
                }
            }
            connected_ = false;
            return;
        } catch (const std::exception& e) {
            connected_ = false;
            if (!reported_down) spdlog::warn("change listener: {}; retrying", e.what());
            reported_down = true;
        }
        if (!pause(backoff_ms)) return;
        backoff_ms = std::min(backoff_ms * 2, 2000);
    }
}

}  // namespace covermap::db
