// libFuzzer target: the CSV reader path (encoding detection and decoding, delimiter sniffing,
// quoted fields, broken rows) on arbitrary bytes. Invariant: every row has one cell per header.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "core/csv_table.hpp"
#include "core/error.hpp"
#include "core/text_encoding.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace covermap::geo;
    std::string text;
    try {
        text = decode_text(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.csv").text;
    } catch (const covermap::error&) {
        return 0;  // refused with a message: fine
    }
    try {
        csv_table table(text, "fuzz.csv");
        table_row row;
        long long last = 0;
        while (table.next(row)) {
            if (row.cells.size() != table.headers().size()) std::abort();
            if (row.line <= last) std::abort();  // rows advance through the file
            last = row.line;
        }
    } catch (const covermap::error&) {
    }
    return 0;
}
