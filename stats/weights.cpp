#include "stats/weights.hpp"

#include <algorithm>
#include <string>

#include "core/error.hpp"

namespace covermap::stats {

row_weights make_row_weights(const neighbour_lists& neighbours) {
    const auto n = neighbours.size();
    row_weights w;
    w.row_start.reserve(n + 1);
    w.row_start.push_back(0);
    for (std::size_t i = 0; i < n; ++i) {
        std::vector<int> row = neighbours[i];
        const std::string unit = "neighbours of unit " + std::to_string(i);
        if (row.empty()) throw input_error(unit + ": none (remove islands before computing statistics)");
        std::sort(row.begin(), row.end());
        if (row.front() < 0 || static_cast<std::size_t>(row.back()) >= n)
            throw input_error(unit + ": index out of range 0.." + std::to_string(n - 1));
        if (std::adjacent_find(row.begin(), row.end()) != row.end()) throw input_error(unit + ": duplicate index");
        if (std::binary_search(row.begin(), row.end(), static_cast<int>(i)))
            throw input_error(unit + ": a unit cannot be its own neighbour");
        w.neighbours.insert(w.neighbours.end(), row.begin(), row.end());
        w.row_start.push_back(w.neighbours.size());
    }
    return w;
}

std::vector<double> spatial_lag(const row_weights& w, const std::vector<double>& x) {
    std::vector<double> lag(w.size());
    for (std::size_t i = 0; i < w.size(); ++i) {
        double sum = 0.0;
        for (auto k = w.row_start[i]; k < w.row_start[i + 1]; ++k) sum += x[w.neighbours[k]];
        lag[i] = sum / static_cast<double>(w.degree(i));
    }
    return lag;
}

}  // namespace covermap::stats
