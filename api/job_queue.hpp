#pragma once
// One thread that runs jobs in the order they were posted. The server runs registry uploads on it
// so that an import of several seconds never holds one of the few HTTP worker threads (every
// connection of that worker would wait behind it).
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace covermap::api {

class job_queue {
public:
    explicit job_queue(std::string name);
    ~job_queue();  // stop()
    job_queue(const job_queue&) = delete;
    job_queue& operator=(const job_queue&) = delete;

    // Queued behind the jobs posted before; false (and the job dropped) once stopped.
    bool post(std::function<void()> job);
    // Jobs waiting, and whether one is running now.
    std::size_t waiting() const;
    bool busy() const;
    // Lets the running job finish, drops the waiting ones (their destructors run here), joins.
    void stop();

private:
    void run();

    std::string name_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::function<void()>> jobs_;
    bool stopping_ = false;
    bool running_ = false;
    std::thread thread_;
};

}  // namespace covermap::api
