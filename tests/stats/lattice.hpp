#pragma once
// Test helpers: neighbour lists of small rows × cols grids (unit r·cols + c).
#include <vector>

#include "stats/weights.hpp"

namespace covermap::stats::testing {

// Rook: edge-sharing cells; queen: also corner-sharing cells.
inline neighbour_lists grid_neighbours(int rows, int cols, bool queen) {
    neighbour_lists nb(static_cast<std::size_t>(rows * cols));
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c)
            for (int dr = -1; dr <= 1; ++dr)
                for (int dc = -1; dc <= 1; ++dc) {
                    if ((dr == 0 && dc == 0) || (!queen && dr != 0 && dc != 0)) continue;
                    const int rr = r + dr, cc = c + dc;
                    if (rr < 0 || rr >= rows || cc < 0 || cc >= cols) continue;
                    nb[static_cast<std::size_t>(r * cols + c)].push_back(rr * cols + cc);
                }
    return nb;
}

inline row_weights grid_weights(int rows, int cols, bool queen) {
    return make_row_weights(grid_neighbours(rows, cols, queen));
}

}  // namespace covermap::stats::testing
