#pragma once
// Validation of query parameters into typed values: every bad value is a 400 naming the parameter.
#include <array>
#include <initializer_list>
#include <optional>
#include <vector>
#include <string>

#include "api/http.hpp"

namespace covermap::api {

struct bbox {
    double min_x, min_y, max_x, max_y;
};

class query_params {
public:
    // Rejects parameters not in `allowed` (a typo should not silently return everything).
    query_params(const request& req, std::initializer_list<const char*> allowed);
    query_params(const request& req, const std::vector<const char*>& allowed);

    std::optional<std::string> text(const std::string& name) const;
    std::optional<long long> integer(const std::string& name, long long min, long long max) const;
    std::optional<bbox> box(const std::string& name) const;

private:
    const request& req_;
};

// Comma-separated finite numbers (at most `most` of them are read); a bad one is a 400 naming `name`.
std::vector<double> parse_number_list(const std::string& text, const std::string& name, std::size_t most = 16);

// "min_x,min_y,max_x,max_y" (or 6 numbers with heights, which are ignored) in longitude/latitude.
bbox parse_bbox(const std::string& text, const std::string& name);

// The request's own URL with `limit` and `offset` replaced: self/next/prev links of paged lists.
std::string page_link(const request& req, long long offset, long long limit);

}  // namespace covermap::api
