#include "api/http_client.hpp"

#include <netdb.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <stdexcept>

namespace covermap::api {

http_response http_request(const std::string& host, int port, const std::string& method, const std::string& target,
                           const std::map<std::string, std::string>& headers, const std::string& body) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    if (getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found) != 0 || !found) {
        throw std::runtime_error("cannot resolve host " + host);
    }
    int fd = -1;
    for (addrinfo* a = found; a && fd < 0; a = a->ai_next) {
        fd = socket(a->ai_family, a->ai_socktype, a->ai_protocol);
        if (fd < 0) continue;
        timeval timeout{30, 0};
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
        if (connect(fd, a->ai_addr, a->ai_addrlen) != 0) {
            close(fd);
            fd = -1;
        }
    }
    freeaddrinfo(found);
    if (fd < 0) throw std::runtime_error("cannot connect to " + host + ":" + std::to_string(port));
    std::string req = method + " " + target + " HTTP/1.1\r\nHost: " + host + ":" + std::to_string(port) +
                      "\r\nConnection: close\r\n";
    for (const auto& [name, value] : headers) req += name + ": " + value + "\r\n";
    if (!body.empty() || method == "POST") req += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    req += "\r\n" + body;
    for (std::size_t sent = 0; sent < req.size();) {
        const auto n = send(fd, req.data() + sent, req.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) break;  // the server may refuse early (413) and close
        sent += static_cast<std::size_t>(n);
    }
    // Read the head, then exactly Content-Length bytes: a server may keep the connection open.
    std::string raw;
    char buffer[65536];
    std::size_t expected = std::string::npos;
    bool chunked = false;
    std::size_t body_start = 0;
    while (true) {
        if (expected == std::string::npos) {
            const auto end = raw.find("\r\n\r\n");
            if (end != std::string::npos) {
                std::string head = raw.substr(0, end);
                std::transform(head.begin(), head.end(), head.begin(), [](unsigned char c) { return std::tolower(c); });
                const auto cl = head.find("\r\ncontent-length:");
                const std::size_t body = method == "HEAD" || cl == std::string::npos
                                             ? 0
                                             : std::stoul(head.substr(cl + 17));
                expected = method != "HEAD" && cl == std::string::npos ? std::string::npos - 1 : end + 4 + body;
                chunked = method != "HEAD" && head.find("\r\ntransfer-encoding: chunked") != std::string::npos;
                body_start = end + 4;
            }
        }
        if (expected < std::string::npos - 1 && raw.size() >= expected) break;
        // A chunked body ends with its zero-length chunk.
        if (chunked && raw.size() >= body_start + 5 &&
            (raw.compare(raw.size() - 7, 7, "\r\n0\r\n\r\n") == 0 || raw.compare(body_start, 5, "0\r\n\r\n") == 0)) {
            break;
        }
        const ssize_t n = recv(fd, buffer, sizeof buffer, 0);
        if (n <= 0) break;
        raw.append(buffer, static_cast<std::size_t>(n));
    }
    close(fd);

    http_response r;
    const auto head_end = raw.find("\r\n\r\n");
    if (head_end == std::string::npos) throw std::runtime_error("malformed HTTP response: " + raw.substr(0, 200));
    const std::string head = raw.substr(0, head_end);
    r.body = raw.substr(head_end + 4);
    std::size_t line_start = 0;
    bool first = true;
    while (line_start < head.size()) {
        auto line_end = head.find("\r\n", line_start);
        if (line_end == std::string::npos) line_end = head.size();
        const std::string line = head.substr(line_start, line_end - line_start);
        if (first) {
            r.status = std::stoi(line.substr(line.find(' ') + 1, 3));
            first = false;
        } else if (const auto colon = line.find(':'); colon != std::string::npos) {
            std::string name = line.substr(0, colon);
            std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
            r.headers[name] = line.substr(line.find_first_not_of(' ', colon + 1));
        }
        line_start = line_end + 2;
    }
    if (chunked) {  // undo the framing: hex size, CRLF, bytes, CRLF ... 0 CRLF CRLF
        std::string body;
        std::size_t pos = 0;
        while (pos < r.body.size()) {
            const auto line_end = r.body.find("\r\n", pos);
            if (line_end == std::string::npos) break;
            const std::size_t size = std::stoul(r.body.substr(pos, line_end - pos), nullptr, 16);
            if (size == 0) break;
            body.append(r.body, line_end + 2, size);
            pos = line_end + 2 + size + 2;
        }
        r.body = std::move(body);
    }
    if (r.headers.count("content-length") && method != "HEAD") {
        r.body.resize(std::min(r.body.size(), static_cast<std::size_t>(std::stoul(r.headers["content-length"]))));
    }
    return r;
}

}  // namespace covermap::api
