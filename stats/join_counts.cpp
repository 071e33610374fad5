#include "stats/join_counts.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <thread>
#include <utility>

#include "core/error.hpp"
#include "stats/random.hpp"

namespace covermap::stats {
namespace {

void check(const std::vector<bool>& black, const neighbour_lists& neighbours) {
    const auto n = neighbours.size();
    if (black.size() != n)
        throw input_error("the map has " + std::to_string(black.size()) + " units but the weights " + std::to_string(n));
    if (n < 4) throw input_error("join counts need at least 4 units (got " + std::to_string(n) + ")");
    for (std::size_t i = 0; i < n; ++i) {
        const auto& row = neighbours[i];
        if (row.empty()) throw input_error("unit " + std::to_string(i) + " has no neighbours (remove islands first)");
        for (int j : row)
            if (j < 0 || static_cast<std::size_t>(j) >= n || static_cast<std::size_t>(j) == i)
                throw input_error("unit " + std::to_string(i) + ": neighbour index " + std::to_string(j) + " is not another unit");
    }
    const auto b = std::count(black.begin(), black.end(), true);
    if (b == 0 || static_cast<std::size_t>(b) == n) throw input_error("every unit has the same colour: join counts are undefined");
}

struct counts {
    double bb = 0, ww = 0, bw = 0;  // Σ over directed pairs, halved
};

template <typename Colours>  // std::vector<bool>, or bytes in the permutation loop (faster to read)
counts observed(const Colours& black, const neighbour_lists& neighbours) {
    long long bb = 0, ww = 0, bw = 0;
    for (std::size_t i = 0; i < neighbours.size(); ++i)
        for (int j : neighbours[i]) {
            const bool a = black[i], b = black[static_cast<std::size_t>(j)];
            if (a && b) ++bb;
            else if (!a && !b) ++ww;
            else ++bw;
        }
    return {bb / 2.0, ww / 2.0, bw / 2.0};
}

double upper_tail(double z) { return 0.5 * std::erfc(z / std::sqrt(2.0)); }

// Same-colour joins of m units of one colour (joincount.test, sampling = "nonfree").
join_count same_colour(double joins, double m, const binary_weight_constants& c) {
    const double n = c.n, n1 = n - 1, n2 = n - 2, n3 = n - 3;
    const double expected = c.s0 * m * (m - 1) / (2 * n * n1);
    double v = c.s1 * m * (m - 1) / (n * n1);
    v += (c.s2 - 2 * c.s1) * m * (m - 1) * (m - 2) / (n * n1 * n2);
    v += (c.s0 * c.s0 + c.s1 - c.s2) * m * (m - 1) * (m - 2) * (m - 3) / (n * n1 * n2 * n3);
    const double variance = 0.25 * v - expected * expected;
    const double z = variance > 0 ? (joins - expected) / std::sqrt(variance) : std::nan("");
    return {joins, expected, variance, z, upper_tail(z)};
}

// Joins between the b black and w white units (joincount.multi's off-diagonal row).
join_count different_colour(double joins, double b, double w, const binary_weight_constants& c) {
    const double n = c.n, n1 = n - 1, n2 = n - 2, n3 = n - 3;
    const double expected = c.s0 * b * w / (n * n1);
    double v = 2 * c.s1 * b * w / (n * n1);
    v += (c.s2 - 2 * c.s1) * b * w * (b + w - 2) / (n * n1 * n2);
    v += 4 * (c.s0 * c.s0 + c.s1 - c.s2) * b * (b - 1) * w * (w - 1) / (n * n1 * n2 * n3);
    const double variance = 0.25 * v - expected * expected;
    const double z = variance > 0 ? (joins - expected) / std::sqrt(variance) : std::nan("");
    return {joins, expected, variance, z, upper_tail(-z)};
}

}  // namespace

binary_weight_constants binary_constants(const neighbour_lists& neighbours) {
    const auto n = neighbours.size();
    std::vector<std::vector<int>> sorted = neighbours;
    for (auto& row : sorted) std::sort(row.begin(), row.end());
    std::vector<double> in_degree(n, 0.0);
    double s0 = 0, s1 = 0;
    for (std::size_t i = 0; i < n; ++i)
        for (int j : sorted[i]) {
            s0 += 1;
            in_degree[static_cast<std::size_t>(j)] += 1;
            const auto& back = sorted[static_cast<std::size_t>(j)];
            // (w_ij + w_ji)² over ordered pairs, halved: a mutual pair gives 4 at (i,j) and at (j,i), a
            // one-way pair 1 at both: per directed edge 2 if mutual, else 1.
            s1 += std::binary_search(back.begin(), back.end(), static_cast<int>(i)) ? 2.0 : 1.0;
        }
    double s2 = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const double d = static_cast<double>(sorted[i].size()) + in_degree[i];
        s2 += d * d;
    }
    return {static_cast<double>(n), s0, s1, s2};
}

join_count_result join_count_test(const std::vector<bool>& black, const neighbour_lists& neighbours) {
    check(black, neighbours);
    join_count_result r;
    r.n = static_cast<long long>(black.size());
    r.black = std::count(black.begin(), black.end(), true);
    r.white = r.n - r.black;
    r.constants = binary_constants(neighbours);
    const auto o = observed(black, neighbours);
    const auto b = static_cast<double>(r.black), w = static_cast<double>(r.white);
    r.bb = same_colour(o.bb, b, r.constants);
    r.ww = same_colour(o.ww, w, r.constants);
    r.bw = different_colour(o.bw, b, w, r.constants);
    return r;
}

join_count_result join_count_permutation(const std::vector<bool>& black, const neighbour_lists& neighbours, int nsim,
                                         std::uint64_t seed) {
    if (nsim < 1) throw input_error("nsim must be at least 1 (got " + std::to_string(nsim) + ")");
    join_count_result r = join_count_test(black, neighbours);
    r.permutations = nsim;
    struct tally {
        long bb_less = 0, bb_equal = 0, ww_less = 0, ww_equal = 0, bw_at_most = 0;
    };
    // Two fixed blocks of draws, each with its own stream, on two threads: the result depends on the
    // seed only (as moran_permutation).
    auto run_block = [&](int block) {
        tally t;
        std::vector<unsigned char> shuffled(black.begin(), black.end());
        detail::bounded_draws draws;
        draws.seed(detail::stream_seed(seed, static_cast<std::uint64_t>(block)));
        const int first = block * nsim / 2, last = (block + 1) * nsim / 2;
        for (int s = first; s < last; ++s) {
            for (auto i = shuffled.size() - 1; i > 0; --i) {
                const auto j = draws.below(static_cast<std::uint32_t>(i + 1));
                std::swap(shuffled[i], shuffled[j]);
            }
            const auto sim = observed(shuffled, neighbours);
            t.bb_less += sim.bb < r.bb.observed;
            t.bb_equal += sim.bb == r.bb.observed;
            t.ww_less += sim.ww < r.ww.observed;
            t.ww_equal += sim.ww == r.ww.observed;
            t.bw_at_most += sim.bw <= r.bw.observed;
        }
        return t;
    };
    tally second;
    std::thread helper([&] { second = run_block(1); });
    tally first;
    try {
        first = run_block(0);
    } catch (...) {
        helper.join();
        throw;
    }
    helper.join();
    const long bb_less = first.bb_less + second.bb_less, bb_equal = first.bb_equal + second.bb_equal;
    const long ww_less = first.ww_less + second.ww_less, ww_equal = first.ww_equal + second.ww_equal;
    const long bw_at_most = first.bw_at_most + second.bw_at_most;
    // R's rank() of the observed among nsim + 1 values, ties averaged; joincount.mc "greater".
    const auto greater = [nsim](long less, long equal) {
        const double rank = static_cast<double>(less) + 1.0 + static_cast<double>(equal) / 2.0;
        return (std::max(nsim - rank, 0.0) + 1.0) / (nsim + 1.0);
    };
    r.bb.p_value_permutation = greater(bb_less, bb_equal);
    r.ww.p_value_permutation = greater(ww_less, ww_equal);
    r.bw.p_value_permutation = (bw_at_most + 1.0) / (nsim + 1.0);
    return r;
}

}  // namespace covermap::stats
