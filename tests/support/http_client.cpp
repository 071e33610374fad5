#include "tests/support/http_client.hpp"

#include <chrono>
#include <thread>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace covermap::testing {

int free_port() {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    close(fd);
    return ntohs(addr.sin_port);
}

http_response http_request(int port, const std::string& method, const std::string& target,
                           const std::map<std::string, std::string>& headers, const std::string& body) {
    return api::http_request("127.0.0.1", port, method, target, headers, body);
}

bool wait_until_up(int port) {
    for (int i = 0; i < 400; ++i) {
        try {
            if (http_get(port, "/health").status == 200) return true;
        } catch (const std::exception&) {
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    return false;
}

}  // namespace covermap::testing
