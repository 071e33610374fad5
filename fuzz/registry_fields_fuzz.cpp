// libFuzzer target: the registry cell parsers (dates as people type them, counts, header
// recognition) on any UTF-8 text (cells are decoded and validated before they are parsed).
// Invariant: a parsed date is a real calendar date.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "registry/registry_fields.hpp"
#include "core/text_encoding.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    using namespace covermap::geo;
    if (invalid_utf8_at(text) != std::string_view::npos) return 0;
    const auto date = parse_date(text);
    if (date.value) {
        const auto& d = *date.value;
        if (d.month < 1 || d.month > 12 || d.day < 1 || d.day > 31) std::abort();
    }
    (void)parse_count(text);
    if (const auto field = recognise_header(text)) (void)field_key(*field);
    return 0;
}
