#pragma once
// Follows the data version: LISTENs on the `covermap_data` channel that every import NOTIFYs (via
// bump_data_version) on a connection of its own, and reports each new version. On (re)connection
// it reads the version outright, so changes made while it was disconnected are not missed.
#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace covermap::db {

class change_listener {
public:
    using callback = std::function<void(long long version)>;
    // Starts the listening thread; `on_version` runs on it, for every version seen (repeats possible).
    change_listener(std::string url, callback on_version);
    ~change_listener();
    change_listener(const change_listener&) = delete;
    change_listener& operator=(const change_listener&) = delete;

    bool connected() const { return connected_.load(); }

private:
    void run();
    // Sleeps up to `ms` unless stopped; returns whether still running.
    bool pause(int ms);

    std::string url_;
    callback on_version_;
    std::atomic<bool> connected_{false};
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stop_ = false;
    std::thread thread_;
};

}  // namespace covermap::db
