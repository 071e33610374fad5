// libFuzzer target: the query-parameter parsers of the HTTP API: percent-decoding, bbox (plain and
// in every supported bbox-crs), datetime, crs names, collection ids. Invariant: bad input is an
// api_error (a 4xx with a message), never another exception or a crash; a bbox that parses is ordered.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "api/features.hpp"
#include "api/http.hpp"
#include "api/params.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace covermap::api;
    if (size == 0) return 0;
    const std::string raw(reinterpret_cast<const char*>(data) + 1, size - 1);
    const std::string text = url_decode(raw);
    (void)url_encode(text);
    const auto& crs_list = ogc::supported_crs();
    const auto& crs = crs_list[data[0] % crs_list.size()];
    try {
        const bbox b = ogc::parse_bbox(text, crs);
        if (!(b.min_x <= b.max_x) || !(b.min_y <= b.max_y)) std::abort();
    } catch (const api_error& e) {
        if (e.status() != 400) std::abort();
    }
    try {
        (void)parse_bbox(text, "bbox");
    } catch (const api_error&) {
    }
    try {
        const auto d = ogc::parse_datetime(text);
        if (d.from && d.to && *d.from > *d.to) std::abort();
    } catch (const api_error&) {
    }
    try {
        (void)ogc::find_crs(text, "crs");
    } catch (const api_error&) {
    }
    if (const auto c = ogc::parse_collection_id(text)) (void)ogc::collection_id(*c, c->edition.value_or("x"), !c->edition);
    return 0;
}
