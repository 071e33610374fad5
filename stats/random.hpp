#pragma once
// Internal to covermap_stats: portable, seed-deterministic random draws over std::mt19937_64
// (std::uniform_int_distribution and std::shuffle differ between standard libraries).
#include <cstdint>
#include <random>

namespace covermap::stats::detail {

// A well-mixed 64-bit seed for stream `stream` of a run seeded with `seed` (SplitMix64 finaliser).
inline std::uint64_t stream_seed(std::uint64_t seed, std::uint64_t stream) {
    std::uint64_t z = seed + 0x9E3779B97F4A7C15ULL * (stream + 1);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

// Uniform integers in [0, bound) for 0 < bound < 2^32, unbiased (Lemire's multiply-and-reject).
// The generator is most of the permutation tests' cost, so each std::mt19937_64 output serves three
// draws (21-bit thirds, high first) while bound ≤ 2^21, else two (32-bit halves).
class bounded_draws {
public:
    void seed(std::uint64_t s) {
        rng_.seed(s);
        left_ = 0;
    }

    std::uint32_t below(std::uint32_t bound) {
        const int bits = bound <= (1u << 21) ? 21 : 32;
        const std::uint64_t mask = (std::uint64_t{1} << bits) - 1;
        std::uint64_t m = next(bits) * bound;
        if ((m & mask) < bound) {  // rarely: maybe in the biased zone
            const std::uint64_t threshold = (mask + 1 - bound) % bound;
            while ((m & mask) < threshold) m = next(bits) * bound;
        }
        return static_cast<std::uint32_t>(m >> bits);
    }

private:
    std::uint64_t next(int bits) {  // the next `bits` random bits
        if (left_ < bits) {
            word_ = rng_();
            left_ = 64;
        }
        left_ -= bits;
        return (word_ >> left_) & ((std::uint64_t{1} << bits) - 1);
    }

    std::mt19937_64 rng_;
    std::uint64_t word_ = 0;
    int left_ = 0;
};

}  // namespace covermap::stats::detail
