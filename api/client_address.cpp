#include "api/client_address.hpp"

#include "core/error.hpp"
#include "core/text.hpp"

#include <arpa/inet.h>

#include <cstring>
#include <string_view>

namespace covermap::api {

using core::trim;

namespace {

// The address as 16 bytes (IPv4 mapped into ::ffff:0:0/96), or nothing if it is not an address.
std::optional<std::array<std::uint8_t, 16>> to_bytes(const std::string& text) {
    std::array<std::uint8_t, 16> out{};
    in_addr v4{};
    if (inet_pton(AF_INET, text.c_str(), &v4) == 1) {
        out[10] = out[11] = 0xff;
        std::memcpy(out.data() + 12, &v4, 4);
        return out;
    }
    in6_addr v6{};
    if (inet_pton(AF_INET6, text.c_str(), &v6) == 1) {
        std::memcpy(out.data(), &v6, 16);
        return out;
    }
    return std::nullopt;
}

}  // namespace

address_set address_set::parse(const std::vector<std::string>& entries) {
    address_set set;
    for (const auto& raw : entries) {
        const std::string entry = trim(raw);
        if (entry.empty()) continue;
        const auto slash = entry.find('/');
        const auto bytes = to_bytes(entry.substr(0, slash));
        if (!bytes) throw config_error("trusted proxy '" + entry + "' is not an IP address or CIDR block");
        const bool v4 = entry.find(':') == std::string::npos;
        block b;
        b.bytes = *bytes;
        if (slash != std::string::npos) {
            const std::string bits = entry.substr(slash + 1);
            const int max = v4 ? 32 : 128;
            if (bits.empty() || bits.size() > 3 || bits.find_first_not_of("0123456789") != std::string::npos || std::stoi(bits) > max) {
                throw config_error("trusted proxy '" + entry + "': the prefix length must be 0-" + std::to_string(max));
            }
            b.prefix = std::stoi(bits) + (v4 ? 96 : 0);
        }
        set.blocks_.push_back(b);
    }
    return set;
}

bool address_set::contains(const std::string& address) const {
    const auto bytes = to_bytes(address);
    if (!bytes) return false;
    for (const auto& b : blocks_) {
        const int whole = b.prefix / 8, rest = b.prefix % 8;
        if (std::memcmp(bytes->data(), b.bytes.data(), static_cast<std::size_t>(whole)) != 0) continue;
        if (rest == 0) return true;
        const auto mask = static_cast<std::uint8_t>(0xff << (8 - rest));
        if (((*bytes)[static_cast<std::size_t>(whole)] & mask) == (b.bytes[static_cast<std::size_t>(whole)] & mask)) return true;
    }
    return false;
}

std::string client_address(const std::string& peer, const std::optional<std::string>& forwarded_for, const address_set& trusted) {
    if (!forwarded_for || trusted.empty() || !trusted.contains(peer)) return peer;
    // Each proxy appends the address it got the request from: walk back from the nearest hop.
    std::vector<std::string_view> hops;
    const std::string_view list = *forwarded_for;
    for (std::size_t from = 0;;) {
        const auto comma = list.find(',', from);
        hops.push_back(list.substr(from, comma == std::string_view::npos ? std::string_view::npos : comma - from));
        if (comma == std::string_view::npos) break;
        from = comma + 1;
    }
    std::string client = peer;
    for (auto hop = hops.rbegin(); hop != hops.rend(); ++hop) {
        const std::string address = trim(*hop);
        if (!to_bytes(address)) break;  // garbage: the last hop we could trust said so much
        client = address;
        if (!trusted.contains(address)) break;
    }
    return client;
}

}  // namespace covermap::api
