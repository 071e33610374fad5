#include "api/job_queue.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <stdexcept>
#include <thread>
#include <vector>

namespace covermap::api {
namespace {

TEST(JobQueue, RunsJobsOneAtATimeInTheOrderPosted) {
    job_queue queue("test");
    std::promise<void> release;
    auto released = release.get_future().share();
    std::promise<void> first_started;
    std::vector<int> order;  // written by the queue's thread only
    std::promise<void> all_done;
    ASSERT_TRUE(queue.post([&] {
        first_started.set_value();
        released.wait();
        order.push_back(1);
    }));
    first_started.get_future().wait();
    EXPECT_TRUE(queue.busy());
    ASSERT_TRUE(queue.post([&] { order.push_back(2); }));
    ASSERT_TRUE(queue.post([&] { throw std::runtime_error("a failing job does not stop the queue"); }));
    ASSERT_TRUE(queue.post([&] {
        order.push_back(3);
        all_done.set_value();
    }));
    EXPECT_EQ(queue.waiting(), 3u);
    release.set_value();
    all_done.get_future().wait();
    EXPECT_EQ(order, (std::vector<int>{1, 2, 3}));
}

TEST(JobQueue, StopFinishesTheRunningJobAndDropsTheWaitingOnes) {
    job_queue queue("test");
    std::promise<void> started;
    std::atomic<bool> finished{false};
    std::atomic<int> later{0};
    auto token = std::make_shared<int>(0);  // a waiting job's captures are released when it is dropped
    std::weak_ptr<int> watch = token;
    ASSERT_TRUE(queue.post([&] {
        started.set_value();
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        finished = true;
    }));
    started.get_future().wait();
    ASSERT_TRUE(queue.post([&later, token] { ++later; }));
    token.reset();
    queue.stop();
    EXPECT_TRUE(finished);
    EXPECT_EQ(later, 0);
    EXPECT_TRUE(watch.expired());
    EXPECT_FALSE(queue.post([&later] { ++later; }));
    queue.stop();  // again: nothing to do
    EXPECT_EQ(later, 0);
}

}  // namespace
}  // namespace covermap::api
