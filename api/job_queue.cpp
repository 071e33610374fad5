#include "api/job_queue.hpp"

#include <spdlog/spdlog.h>

#include <exception>

namespace covermap::api {

job_queue::job_queue(std::string name) : name_(std::move(name)), thread_([this] { run(); }) {}

job_queue::~job_queue() { stop(); }

bool job_queue::post(std::function<void()> job) {
    {
        std::lock_guard lock(mutex_);
        if (stopping_) return false;
        jobs_.push_back(std::move(job));
    }
    wake_.notify_one();
    return true;
}

std::size_t job_queue::waiting() const {
    std::lock_guard lock(mutex_);
    return jobs_.size();
}

bool job_queue::busy() const {
    std::lock_guard lock(mutex_);
    return running_;
}

void job_queue::stop() {
    std::deque<std::function<void()>> dropped;
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        dropped.swap(jobs_);
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
    if (!dropped.empty()) spdlog::warn("{}: {} queued jobs dropped at shutdown", name_, dropped.size());
}

void job_queue::run() {
    while (true) {
        std::function<void()> job;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
            if (stopping_) return;
            job = std::move(jobs_.front());
            jobs_.pop_front();
            running_ = true;
        }
        try {
            job();
        } catch (const std::exception& e) {  // a job answers its own errors; this is the last resort
            spdlog::error("{}: job failed: {}", name_, e.what());
        } catch (...) {
            spdlog::error("{}: job failed with an unknown exception", name_);
        }
        std::lock_guard lock(mutex_);
        running_ = false;
    }
}

}  // namespace covermap::api
