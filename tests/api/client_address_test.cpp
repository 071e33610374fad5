#include "api/client_address.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"

namespace covermap::api {
namespace {

TEST(ClientAddress, TrustedSetsMatchAddressesAndBlocksOfBothFamilies) {
    const auto set = address_set::parse({"127.0.0.1", " 10.20.0.0/14 ", "fd00::/8", "::1", ""});
    EXPECT_TRUE(set.contains("127.0.0.1"));
    EXPECT_FALSE(set.contains("127.0.0.2"));
    EXPECT_TRUE(set.contains("10.20.0.1"));
    EXPECT_TRUE(set.contains("10.23.255.255"));
    EXPECT_FALSE(set.contains("10.24.0.0"));
    EXPECT_FALSE(set.contains("10.19.255.255"));
    EXPECT_TRUE(set.contains("fd12:3456::1"));
    EXPECT_FALSE(set.contains("fe80::1"));
    EXPECT_TRUE(set.contains("::1"));
    EXPECT_FALSE(set.contains("not an address"));
    EXPECT_FALSE(set.contains(""));
    // A v4 block does not swallow v6 addresses with the same leading bytes, nor the reverse.
    EXPECT_FALSE(address_set::parse({"0.0.0.0/0"}).contains("2001:db8::1"));
    EXPECT_TRUE(address_set::parse({"0.0.0.0/0"}).contains("203.0.113.9"));
    EXPECT_TRUE(address_set::parse({"::/0"}).contains("203.0.113.9"));
    EXPECT_TRUE(address_set::parse({}).empty());
}

TEST(ClientAddress, MalformedProxiesAreConfigurationErrorsNamingTheEntry) {
    for (const std::string bad : {"proxy.example", "10.0.0.0/33", "10.0.0.0/", "10.0.0.0/-1", "::1/129", "10.0.0.256", "10.0.0.0/8x"}) {
        try {
            address_set::parse({"127.0.0.1", bad});
            ADD_FAILURE() << bad << " accepted";
        } catch (const config_error& e) {
            EXPECT_NE(std::string(e.what()).find(bad), std::string::npos) << e.what();
        }
    }
}

TEST(ClientAddress, ForwardedForCountsOnlyBehindATrustedProxy) {
    const auto proxies = address_set::parse({"127.0.0.1", "10.0.0.0/8"});
    // Not from a proxy, or no header: the peer, whatever the header claims.
    EXPECT_EQ(client_address("203.0.113.5", std::string("198.51.100.1"), proxies), "203.0.113.5");
    EXPECT_EQ(client_address("127.0.0.1", std::nullopt, proxies), "127.0.0.1");
    EXPECT_EQ(client_address("127.0.0.1", std::string("198.51.100.1"), address_set{}), "127.0.0.1");
    // From a proxy: the nearest hop that is not a proxy; what the client itself wrote further left is ignored.
    EXPECT_EQ(client_address("127.0.0.1", std::string("198.51.100.1"), proxies), "198.51.100.1");
    EXPECT_EQ(client_address("127.0.0.1", std::string("1.2.3.4, 198.51.100.1, 10.1.2.3"), proxies), "198.51.100.1");
    EXPECT_EQ(client_address("127.0.0.1", std::string("2001:db8::7,10.1.2.3"), proxies), "2001:db8::7");
    // Every hop trusted: the farthest one. Garbage in the chain: the last hop before it.
    EXPECT_EQ(client_address("127.0.0.1", std::string("10.0.0.9, 10.0.0.8"), proxies), "10.0.0.9");
    EXPECT_EQ(client_address("127.0.0.1", std::string("198.51.100.1, unknown, 10.0.0.8"), proxies), "10.0.0.8");
    EXPECT_EQ(client_address("127.0.0.1", std::string("nonsense"), proxies), "127.0.0.1");
    EXPECT_EQ(client_address("127.0.0.1", std::string(""), proxies), "127.0.0.1");
    EXPECT_EQ(client_address("127.0.0.1", std::string(",,,"), proxies), "127.0.0.1");
}

}  // namespace
}  // namespace covermap::api
