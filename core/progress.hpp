#pragma once
// A one-line progress indicator ("rows 12,000  (8,400 rows/s)") drawn on a terminal only:
// nothing at all is written when the stream is not a TTY (logs, pipes, CI).
#include <chrono>
#include <cstdio>
#include <string>

namespace covermap::core {

class progress {
public:
    progress(std::string label, std::FILE* stream = stderr);
    ~progress();
    void update(long long rows);
    void finish();
    bool enabled() const { return enabled_; }

private:
    void draw(long long rows);

    std::string label_;
    std::FILE* stream_;
    bool enabled_;
    bool drawn_ = false;
    std::chrono::steady_clock::time_point start_;
    std::chrono::steady_clock::time_point last_draw_;
    long long rows_ = 0;
};

// 12345678 → "12,345,678"
std::string thousands(long long value);

}  // namespace covermap::core
