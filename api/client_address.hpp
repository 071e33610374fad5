#pragma once
// Who a request is from. Behind a reverse proxy (a provincial portal's nginx) every connection comes
// from the proxy, so the per-client rate limit and the access log would see one client. When the
// peer is one of the trusted proxies (`serve --trusted-proxies`, addresses or CIDR blocks), the
// client is the nearest address in X-Forwarded-For that is not itself trusted; otherwise the
// header is ignored (anyone can send it).
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace covermap::api {

class address_set {
public:
    // "10.0.0.1", "10.0.0.0/8", "::1", "fd00::/8". A malformed entry: config_error naming it.
    static address_set parse(const std::vector<std::string>& entries);
    bool contains(const std::string& address) const;
    bool empty() const { return blocks_.empty(); }

private:
    struct block {
        std::array<std::uint8_t, 16> bytes{};  // IPv4 as IPv4-mapped IPv6
        int prefix = 128;
    };
    std::vector<block> blocks_;
};

std::string client_address(const std::string& peer, const std::optional<std::string>& forwarded_for, const address_set& trusted);

}  // namespace covermap::api
