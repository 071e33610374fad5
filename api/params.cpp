#include "api/params.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <vector>

namespace covermap::api {

query_params::query_params(const request& req, std::initializer_list<const char*> allowed)
    : query_params(req, std::vector<const char*>(allowed)) {}

query_params::query_params(const request& req, const std::vector<const char*>& allowed) : req_(req) {
    for (const auto& [name, value] : req.query) {
        bool known = false;
        std::string list;
        for (const char* a : allowed) {
            known = known || name == a;
            list += (list.empty() ? "" : ", ") + std::string(a);
        }
        if (!known) throw bad_request("unknown parameter '" + name + "'; parameters: " + list);
    }
}

std::optional<std::string> query_params::text(const std::string& name) const {
    const auto it = req_.query.find(name);
    if (it == req_.query.end()) return std::nullopt;
    if (it->second.empty()) throw bad_request("parameter '" + name + "' is empty");
    return it->second;
}

std::optional<long long> query_params::integer(const std::string& name, long long min, long long max) const {
    const auto value = text(name);
    if (!value) return std::nullopt;
    errno = 0;
    char* end = nullptr;
    const long long n = std::strtoll(value->c_str(), &end, 10);
    if (errno != 0 || end == value->c_str() || *end != '\0') {
        throw bad_request("parameter '" + name + "': '" + *value + "' is not an integer");
    }
    if (n < min || n > max) {
        throw bad_request("parameter '" + name + "': " + *value + " is out of range " + std::to_string(min) + ".." +
                          std::to_string(max));
    }
    return n;
}

std::optional<bbox> query_params::box(const std::string& name) const {
    const auto value = text(name);
    if (!value) return std::nullopt;
    return parse_bbox(*value, name);
}

std::vector<double> parse_number_list(const std::string& text, const std::string& name, std::size_t most) {
    std::vector<double> numbers;
    std::size_t start = 0;
    while (true) {
        const auto comma = text.find(',', start);
        const std::string part = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        char* end = nullptr;
        errno = 0;
        const double v = std::strtod(part.c_str(), &end);
        if (part.empty() || errno != 0 || *end != '\0' || !std::isfinite(v)) {
            throw bad_request("parameter '" + name + "': '" + part + "' is not a number");
        }
        numbers.push_back(v);
        if (comma == std::string::npos || numbers.size() > most) break;
        start = comma + 1;
    }
    return numbers;
}

bbox parse_bbox(const std::string& text, const std::string& name) {
    const std::vector<double> numbers = parse_number_list(text, name, 6);
    if (numbers.size() != 4 && numbers.size() != 6) {
        throw bad_request("parameter '" + name + "': expected 4 or 6 numbers, got " + std::to_string(numbers.size()));
    }
    const bool six = numbers.size() == 6;
    bbox b{numbers[0], numbers[1], numbers[six ? 3 : 2], numbers[six ? 4 : 3]};
    if (b.min_y > b.max_y) throw bad_request("parameter '" + name + "': the southern edge lies north of the northern edge");
    if (b.min_y < -90 || b.max_y > 90) throw bad_request("parameter '" + name + "': latitude outside -90..90");
    if (b.min_x < -180 || b.max_x > 180 || b.min_x > b.max_x) {
        throw bad_request("parameter '" + name + "': longitudes must lie within -180..180, west ≤ east");
    }
    return b;
}

std::string page_link(const request& req, long long offset, long long limit) {
    std::string url = req.base_url + req.path + "?";
    for (const auto& [name, value] : req.query) {
        if (name == "offset" || name == "limit") continue;
        url += url_encode(name) + "=" + url_encode(value) + "&";
    }
    return url + "limit=" + std::to_string(limit) + "&offset=" + std::to_string(offset);
}

}  // namespace covermap::api
