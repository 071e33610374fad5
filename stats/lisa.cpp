#include "stats/lisa.hpp"

#include <algorithm>
#include <string>
#include <thread>

#include "core/error.hpp"
#include "stats/conditional_permutation.hpp"
#include "stats/input.hpp"
#include "stats/random.hpp"

namespace covermap::stats {
namespace {

struct unit_outcome {
    double p_folded, p_rank, mean, variance;
};

// Draws compare Σ over the sampled units with Σ over the real neighbours of the values drawn from:
// I_sim − I has the sign of factor_i · (Σ_sim − Σ_obs), and integer-valued data then tie exactly.
// I_sim = factor_i · (Σ_sim / |N_i| − offset).
class unit_sampler {
public:
    unit_sampler(const detail::conditional_draw& d, const row_weights& w, const permutation_options& options)
        : d_(d), w_(w), options_(options) {}

    unit_outcome run(std::size_t i) {
        const auto& x = d_.drawn;
        const auto degree = w_.degree(i);
        const auto nsim = options_.nsim;
        const auto pool = static_cast<std::uint32_t>(x.size() - 1);
        double observed = 0.0;
        for (auto k = w_.row_start[i]; k < w_.row_start[i + 1]; ++k) observed += x[w_.neighbours[k]];
        const double factor = d_.factor[i];
        const int sign = factor > 0 ? 1 : (factor < 0 ? -1 : 0);
        draws_.seed(detail::stream_seed(options_.seed, i));
        chosen_.resize(degree);
        long ge = 0, less = 0, equal = 0;
        double sum = 0.0, sum_sq = 0.0;
        for (int s = 0; s < nsim; ++s) {
            double drawn = 0.0;
            for (std::size_t t = 0; t < degree; ++t) {  // uniform over the n − 1 others; a repeat is redrawn
                const auto first = chosen_.begin(), last = first + static_cast<std::ptrdiff_t>(t);
                std::uint32_t other;
                do other = draws_.below(pool);
                while (std::find(first, last, other) != last);
                chosen_[t] = other;
                drawn += x[other < i ? other : other + 1];
            }
            const int order = sign * ((drawn > observed) - (drawn < observed));
            ge += order >= 0;
            less += order < 0;
            equal += order == 0;
            const double ii = factor * (drawn / static_cast<double>(degree) - d_.offset);
            sum += ii;
            sum_sq += ii * ii;
        }
        const long folded = std::min(ge, static_cast<long>(nsim) - ge);
        const long rank = less + 1 + equal / 2;  // average rank among nsim + 1, truncated
        const double total = nsim + 1.0;
        const double mean = sum / nsim;
        const double variance = nsim > 1 ? (sum_sq - sum * mean) / (nsim - 1.0) : 0.0;
        return {(folded + 1.0) / total, 2.0 * static_cast<double>(std::min(rank, nsim + 2L - rank)) / total, mean,
                variance};
    }

private:
    const detail::conditional_draw& d_;
    const row_weights& w_;
    const permutation_options& options_;
    std::vector<std::uint32_t> chosen_;
    detail::bounded_draws draws_;
};

}  // namespace

namespace detail {

local_moran_permutation_result conditional_permutation(const conditional_draw& d, const row_weights& w,
                                                       const permutation_options& options) {
    if (options.nsim < 1) throw input_error("nsim must be at least 1 (got " + std::to_string(options.nsim) + ")");
    if (options.threads < 1)
        throw input_error("threads must be at least 1 (got " + std::to_string(options.threads) + ")");
    const auto count = d.drawn.size();
    std::vector<unit_outcome> outcomes(count);
    const auto threads = std::min<std::size_t>(static_cast<std::size_t>(options.threads), count);
    const auto block = (count + threads - 1) / threads;
    auto work = [&](std::size_t begin, std::size_t end) {
        unit_sampler sampler(d, w, options);
        for (auto i = begin; i < end; ++i) outcomes[i] = sampler.run(i);
    };
    std::vector<std::thread> pool;
    try {
        for (std::size_t t = 1; t < threads; ++t)
            pool.emplace_back(work, std::min(count, t * block), std::min(count, (t + 1) * block));
    } catch (...) {  // could not start a thread: finish the started ones before rethrowing
        for (auto& thread : pool) thread.join();
        throw;
    }
    work(0, std::min(count, block));
    for (auto& thread : pool) thread.join();

    local_moran_permutation_result r;
    for (const auto& o : outcomes) {
        r.p_folded.push_back(o.p_folded);
        r.p_rank.push_back(o.p_rank);
        r.mean.push_back(o.mean);
        r.variance.push_back(o.variance);
    }
    return r;
}

}  // namespace detail

local_moran_permutation_result local_moran_permutation(const std::vector<double>& x, const row_weights& w,
                                                       const permutation_options& options) {
    detail::check_values(x, w, 3);
    const auto z = detail::centred(x);
    double zz = 0.0;
    for (double v : z) zz += v * v;
    const double m2 = zz / static_cast<double>(x.size());
    detail::conditional_draw d{x, {}, detail::mean(x)};
    for (double v : z) d.factor.push_back(v / m2);  // Ii = z_i/m2 · (mean of x over N_i − mean(x))
    return detail::conditional_permutation(d, w, options);
}

std::vector<cluster> lisa_clusters(const std::vector<quadrant>& quadrants, const std::vector<double>& p_values,
                                   double alpha) {
    if (!(alpha > 0.0 && alpha <= 1.0)) throw input_error("alpha must be in (0, 1] (got " + std::to_string(alpha) + ")");
    if (quadrants.size() != p_values.size())
        throw input_error("quadrants and p_values differ in size (" + std::to_string(quadrants.size()) + " vs " +
                           std::to_string(p_values.size()) + ")");
    std::vector<cluster> c(quadrants.size(), cluster::not_significant);
    for (std::size_t i = 0; i < c.size(); ++i) {
        if (!(p_values[i] < alpha)) continue;  // NaN stays not significant
        switch (quadrants[i]) {
            case quadrant::high_high: c[i] = cluster::high_high; break;
            case quadrant::low_low: c[i] = cluster::low_low; break;
            case quadrant::high_low: c[i] = cluster::high_low; break;
            case quadrant::low_high: c[i] = cluster::low_high; break;
        }
    }
    return c;
}

const char* cluster_label(cluster c) {
    switch (c) {
        case cluster::high_high: return "HH";
        case cluster::low_low: return "LL";
        case cluster::high_low: return "HL";
        case cluster::low_high: return "LH";
        case cluster::not_significant: break;
    }
    return "not significant";
}

}  // namespace covermap::stats
