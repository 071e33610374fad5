#pragma once
// Spatial weights for the statistics: neighbour lists turned into spdep's row-standardised
// style "W" (w_ij = 1/|N_i|), stored as compressed rows.
#include <cstddef>
#include <vector>

namespace covermap::stats {

// 0-based neighbour lists, one per unit (e.g. queen contiguity); the caller removes islands.
using neighbour_lists = std::vector<std::vector<int>>;

// Row-standardised weights: unit i's neighbours are neighbours[row_start[i] .. row_start[i+1]),
// each with weight 1/degree(i). Rows are sorted ascending.
struct row_weights {
    std::vector<std::size_t> row_start;  // size() + 1 offsets
    std::vector<int> neighbours;

    std::size_t size() const { return row_start.empty() ? 0 : row_start.size() - 1; }
    std::size_t degree(std::size_t i) const { return row_start[i + 1] - row_start[i]; }
};

// Validates and compresses neighbour lists. Throws covermap::input_error for an index out of
// range, a unit listed as its own neighbour, a duplicate neighbour, or a unit without neighbours.
row_weights make_row_weights(const neighbour_lists& neighbours);

// spdep lag.listw: lag[i] = Σ_j w_ij x_j, the mean of x over i's neighbours.
std::vector<double> spatial_lag(const row_weights& w, const std::vector<double>& x);

}  // namespace covermap::stats
