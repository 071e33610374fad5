#include "api/download_ranges.hpp"

#include <cstdlib>
#include <list>
#include <mutex>
#include <utility>

namespace covermap::api {
namespace {

constexpr std::size_t budget_bytes = 256 * 1024 * 1024;
constexpr std::size_t most_files = 8;

struct kept {
    std::mutex mutex;
    std::list<std::pair<std::string, std::shared_ptr<const std::string>>> files;  // most recent first
    std::size_t bytes = 0;
};

kept& store() {
    static kept k;
    return k;
}

// Digits only, no sign or spaces (strtoull would take " -1").
std::optional<std::size_t> number(const std::string& text) {
    if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
    return static_cast<std::size_t>(std::strtoull(text.c_str(), nullptr, 10));
}

}  // namespace

std::shared_ptr<const std::string> kept_download(const std::string& etag, const std::function<std::string()>& build) {
    auto& k = store();
    {
        std::lock_guard<std::mutex> lock(k.mutex);
        for (auto it = k.files.begin(); it != k.files.end(); ++it) {
            if (it->first == etag) {
                k.files.splice(k.files.begin(), k.files, it);
                return k.files.front().second;
            }
        }
    }
    auto bytes = std::make_shared<const std::string>(build());  // outside the lock: it takes a while
    std::lock_guard<std::mutex> lock(k.mutex);
    k.files.emplace_front(etag, bytes);
    k.bytes += bytes->size();
    while (k.files.size() > 1 && (k.files.size() > most_files || k.bytes > budget_bytes)) {
        k.bytes -= k.files.back().second->size();
        k.files.pop_back();
    }
    return bytes;
}

std::optional<byte_range> parse_byte_range(const std::string& header, std::size_t size, bool& unsatisfiable) {
    unsatisfiable = false;
    const std::string prefix = "bytes=";
    if (header.compare(0, prefix.size(), prefix) != 0 || header.find(',') != std::string::npos) return std::nullopt;
    const std::string spec = header.substr(prefix.size());
    const auto dash = spec.find('-');
    if (dash == std::string::npos) return std::nullopt;
    const auto first = number(spec.substr(0, dash));
    const auto last = number(spec.substr(dash + 1));
    if (dash > 0 && !first) return std::nullopt;
    if (!first) {  // "-N": the last N bytes
        if (!last || *last == 0) return std::nullopt;
        if (size == 0) return unsatisfiable = true, std::nullopt;
        return byte_range{size - std::min(*last, size), size - 1};
    }
    if (dash + 1 < spec.size() && (!last || *last < *first)) return std::nullopt;
    if (*first >= size) return unsatisfiable = true, std::nullopt;
    return byte_range{*first, last ? std::min(*last, size - 1) : size - 1};
}

}  // namespace covermap::api
