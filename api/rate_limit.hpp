#pragma once
// A token bucket per client address for the expensive endpoints: `per_minute` tokens a minute, up
// to `burst` saved. A request without a token is refused with the seconds until the next one
// (429 with Retry-After). Buckets idle long enough to be full again are forgotten.
#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

namespace covermap::api {

class rate_limiter {
public:
    rate_limiter(double per_minute, double burst) : rate_(per_minute / 60.0), burst_(burst < 1 ? 1 : burst) {}
    bool enabled() const { return rate_ > 0; }
    // 0 when the request may go ahead (a token is taken), else the whole seconds to wait.
    int admit(const std::string& client, std::chrono::steady_clock::time_point now = std::chrono::steady_clock::now());

private:
    struct bucket {
        double tokens;
        std::chrono::steady_clock::time_point updated;
    };
    double rate_;  // tokens per second
    double burst_;
    std::mutex mutex_;
    std::unordered_map<std::string, bucket> buckets_;
    std::chrono::steady_clock::time_point last_sweep_{};
};

}  // namespace covermap::api
