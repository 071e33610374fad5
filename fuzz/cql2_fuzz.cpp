// libFuzzer target: the CQL2 parsers and compiler (api/cql2.*). The first byte picks cql2-text or
// cql2-json and the axis order. Invariant: a filter parses and compiles, or throws cql2::error;
// never another exception, a crash or a stack overflow (nesting is limited).
#include <cstddef>
#include <cstdint>
#include <string>

#include "api/cql2.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace covermap::api::cql2;
    if (size == 0) return 0;
    static const std::vector<queryable> props = {{"code", value_type::string, "m.code"},        {"members", value_type::integer, "c.members"},
                                                 {"rate", value_type::number, "c.rate"},        {"covered", value_type::boolean, "c.covered"},
                                                 {"founded", value_type::date, "t.founded"},    {"geometry", value_type::geometry, "m.geom"}};
    const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
    try {
        const node n = (data[0] & 1) ? parse_json(text) : parse_text(text);
        (void)compile(n, props, 1, (data[0] & 2) != 0);
    } catch (const error&) {
    }
    return 0;
}
