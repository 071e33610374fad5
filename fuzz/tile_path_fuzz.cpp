// libFuzzer target: the tile path parser ("{z}/{x}/{y}.mvt"). Invariant: a path that parses
// and is in the grid round-trips to the same numbers.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "tiles/tile_grid.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace covermap::tiles;
    const std::string path(reinterpret_cast<const char*>(data), size);
    const auto t = parse_tile_path(path);
    if (t && in_grid(*t)) {
        const auto again = parse_tile_path(std::to_string(t->z) + "/" + std::to_string(t->x) + "/" + std::to_string(t->y) + ".mvt");
        if (!again || again->z != t->z || again->x != t->x || again->y != t->y) std::abort();
        (void)mercator_bounds(*t);
    }
    return 0;
}
