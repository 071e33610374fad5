#include "api/rate_limit.hpp"

#include <algorithm>
#include <cmath>

namespace covermap::api {

int rate_limiter::admit(const std::string& client, std::chrono::steady_clock::time_point now) {
    if (rate_ <= 0) return 0;
    std::lock_guard<std::mutex> lock(mutex_);
    const double refill_seconds = burst_ / rate_;
    if (now - last_sweep_ > std::chrono::seconds(60)) {  // forget clients whose bucket is full again
        for (auto it = buckets_.begin(); it != buckets_.end();) {
            it = std::chrono::duration<double>(now - it->second.updated).count() > refill_seconds ? buckets_.erase(it) : std::next(it);
        }
        last_sweep_ = now;
    }
    auto [it, fresh] = buckets_.try_emplace(client, bucket{burst_, now});
    bucket& b = it->second;
    if (!fresh) {
        b.tokens = std::min(burst_, b.tokens + std::chrono::duration<double>(now - b.updated).count() * rate_);
        b.updated = now;
    }
    if (b.tokens >= 1) {
        b.tokens -= 1;
        return 0;
    }
    return std::max(1, static_cast<int>(std::ceil((1 - b.tokens) / rate_)));
}

}  // namespace covermap::api
