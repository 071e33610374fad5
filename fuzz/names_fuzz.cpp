// libFuzzer target: the Vietnamese name normaliser (clean_text, fold, split_type, name_key,
// toned_key) on arbitrary bytes. Invalid UTF-8 is refused with covermap::error (documented);
// anything else must not crash, keys are deterministic and have their white space collapsed.
// (name_key is not idempotent, and need not be: "TT. Thị trấn X" keys to "thi tran x", whose own
// key drops the type again; both sides of a match are keyed from the raw names.)
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/error.hpp"
#include "geo/names.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    using namespace covermap::geo;
    try {
        (void)clean_text(text);
    } catch (const covermap::error&) {
        return 0;  // not UTF-8: every function below refuses it the same way
    }
    (void)fold(text);
    (void)split_type(text);
    (void)toned_key(text);
    const std::string key = name_key(text);
    if (name_key(text) != key) std::abort();
    if (!key.empty() && (key.front() == ' ' || key.back() == ' ' || key.find("  ") != std::string::npos)) std::abort();
    return 0;
}
