#include "tiles/compress.hpp"

#include <gtest/gtest.h>

#include <random>

#include "core/error.hpp"

namespace covermap::tiles {
namespace {

std::string sample_bytes(std::size_t n) {
    // Half pattern, half noise: compressible like a tile, with every byte value present.
    std::mt19937 rng(42);
    std::string s(n, '\0');
    for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>(i % 2 ? rng() : i % 7);
    return s;
}

TEST(Gzip, RoundTrips) {
    for (const std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{1000}, std::size_t{3'000'000}}) {
        const std::string data = sample_bytes(n);
        const std::string packed = gzip(data);
        ASSERT_GE(packed.size(), 18u) << "a gzip member has a 10-byte header and an 8-byte trailer";
        EXPECT_EQ(static_cast<unsigned char>(packed[0]), 0x1f);
        EXPECT_EQ(static_cast<unsigned char>(packed[1]), 0x8b);
        EXPECT_EQ(gunzip(packed), data) << n;
    }
    const std::string repetitive(100'000, 'a');
    EXPECT_LT(gzip(repetitive, 9).size(), 1000u);
    EXPECT_EQ(gunzip(gzip(repetitive, 1)), repetitive);
    EXPECT_THROW(gzip(repetitive, 10), error);  // zlib levels are 0-9
}

TEST(Gzip, RejectsCorruptTruncatedAndForeignInput) {
    const std::string packed = gzip(sample_bytes(5000));
    std::string flipped = packed;
    flipped[packed.size() / 2] = static_cast<char>(flipped[packed.size() / 2] ^ 0x55);
    EXPECT_THROW(gunzip(flipped), error);
    EXPECT_THROW(gunzip(packed.substr(0, packed.size() - 4)), error);  // no length trailer
    EXPECT_THROW(gunzip(packed.substr(0, packed.size() / 2)), error);
    EXPECT_THROW(gunzip(""), error);
    EXPECT_THROW(gunzip("not gzip at all"), error);
    EXPECT_THROW(gunzip(packed + "junk"), error);
    std::string bad_crc = packed;
    bad_crc[bad_crc.size() - 6] = static_cast<char>(bad_crc[bad_crc.size() - 6] ^ 1);
    EXPECT_THROW(gunzip(bad_crc), error);
}

TEST(Gzip, AcceptEncodingNegotiation) {
    for (const char* yes : {"gzip", "GZip", "x-gzip", "deflate, gzip", "br;q=1.0, gzip;q=0.8, *;q=0.1", " gzip ; q=0.5 ",
                            "*", "identity, *;q=1", "gzip;q=1.000", "gzip;q=0.001", "br, X-GZIP;Q=0.3"}) {
        EXPECT_TRUE(accepts_gzip(yes)) << yes;
    }
    for (const char* no : {"", "identity", "br, deflate", "gzip;q=0", "gzip; q=0.000", "*;q=0", "gzip;q=0, *",
                           "*, gzip;q=0", "gzipx", "gzip;q=2", "gzip;q=abc", "x-gzip;q=0,br"}) {
        EXPECT_FALSE(accepts_gzip(no)) << no;
    }
}

}  // namespace
}  // namespace covermap::tiles
