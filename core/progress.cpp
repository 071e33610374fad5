#include "core/progress.hpp"

#include <unistd.h>

namespace covermap::core {

std::string thousands(long long value) {
    std::string digits = std::to_string(value < 0 ? -value : value);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
        out.push_back(digits[i]);
    }
    return value < 0 ? "-" + out : out;
}

progress::progress(std::string label, std::FILE* stream)
    : label_(std::move(label)),
      stream_(stream),
      enabled_(isatty(fileno(stream)) != 0),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

progress::~progress() { finish(); }

void progress::update(long long rows) {
    rows_ = rows;
    if (!enabled_) return;
    const auto now = std::chrono::steady_clock::now();
    if (now - last_draw_ < std::chrono::milliseconds(200)) return;
    last_draw_ = now;
    draw(rows);
}

void progress::draw(long long rows) {
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    const long long rate = seconds > 0 ? static_cast<long long>(static_cast<double>(rows) / seconds) : 0;
    std::fprintf(stream_, "\r%s: rows %s  (%s rows/s)\033[K", label_.c_str(), thousands(rows).c_str(),
                 thousands(rate).c_str());
    std::fflush(stream_);
    drawn_ = true;
}

void progress::finish() {
    if (!enabled_ || !drawn_) return;
    draw(rows_);
    std::fputc('\n', stream_);
    std::fflush(stream_);
    drawn_ = false;
}

}  // namespace covermap::core
