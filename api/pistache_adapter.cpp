#include "api/pistache_adapter.hpp"

#include <pistache/peer.h>
#include <spdlog/spdlog.h>

#include <optional>
#include <sstream>

#include "core/text.hpp"

namespace covermap::api {
namespace {

// Pistache serialises only typed headers (raw ones are silently dropped), so every header we send
// goes through this one runtime-named type.
class named_header : public Pistache::Http::Header::Header {
public:
    named_header(std::string name, std::string value) : name_(std::move(name)), value_(std::move(value)) {}
    const char* name() const override { return name_.c_str(); }
    void write(std::ostream& stream) const override { stream << value_; }
#ifdef SAFE_HEADER_CAST
    uint64_t hash() const override { return std::hash<std::string>{}(name_); }
#endif

private:
    std::string name_;
    std::string value_;
};

void add_header(Pistache::Http::ResponseWriter& writer, const std::string& name, const std::string& value) {
    writer.headers().add(std::make_shared<named_header>(name, value));
}

// The answer to a HEAD request: the status line and the headers the GET would have, with its
// Content-Length, and no body. Pistache 0.0.5 writes the length of the body it sends itself (0
// here), so the head is written to the connection directly. A streamed body (an items page, sent
// chunked to a GET) is built and counted, not sent. No length for statuses without content (204,
// 304).
void send_head(Pistache::Http::ResponseWriter& writer, const request& req, const response& resp) {
    std::optional<std::size_t> length;
    if (resp.stream) {
        std::size_t counted = 0;
        try {
            resp.stream([&counted](const std::string& piece) { counted += piece.size(); });
            length = counted;
        } catch (const std::exception& e) {
            // The GET would be cut short: its length is unknown, so none is announced.
            spdlog::error("{} {}: body could not be counted after {} bytes: {}", req.method, req.path, counted, e.what());
        }
    } else {
        length = resp.payload().size();
    }
    std::ostringstream head;
    head << "HTTP/1.1 " << resp.status << ' ' << static_cast<Pistache::Http::Code>(resp.status) << "\r\n";
    for (const auto& header : writer.headers().list()) {
        head << header->name() << ": ";
        header->write(head);
        head << "\r\n";
    }
    if (length && resp.status >= 200 && resp.status != 204 && resp.status != 304) head << "Content-Length: " << *length << "\r\n";
    head << "\r\n";
    if (const auto peer = writer.getPeer()) {
        peer->setIdle(true);  // as Pistache's own send does: the connection waits for its next request
        std::string bytes = head.str();
        const std::size_t size = bytes.size();
        peer->send(Pistache::RawBuffer(std::move(bytes), size));
    }
}

}  // namespace

request to_request(const Pistache::Rest::Request& in, const address_set& proxies) {
    request out;
    out.method = Pistache::Http::methodString(in.method());
    out.path = in.resource();
    for (auto it = in.query().parameters_begin(); it != in.query().parameters_end(); ++it) {
        out.query[url_decode(it->first)] = url_decode(it->second);
    }
    for (const auto& header : in.headers().rawList()) {
        out.headers[core::ascii_lower(header.first)] = header.second.value();
    }
    out.body = in.body();
    // HTTP/1.1 connections persist unless the client says otherwise; 1.0 ones only when asked.
    const std::string connection = core::ascii_lower(out.header("connection").value_or(""));
    out.keep_alive = connection.find("close") == std::string::npos &&
                     (in.version() == Pistache::Http::Version::Http11 || connection.find("keep-alive") != std::string::npos);
    out.client = client_address(in.address().host(), out.header("x-forwarded-for"), proxies);
    const auto host = out.header("host");
    out.base_url = "http://" + (host ? *host : std::string("localhost"));
    return out;
}

std::size_t write_response(Pistache::Http::ResponseWriter& writer, const request& req, const response& resp,
                           const std::string& cors_origin) {
    // Pistache 0.0.5 answers "Connection: Close" to every request without a Connection header,
    // which makes HTTP/1.1 clients (browsers, wrk) reconnect for every tile. Say what is true.
    writer.headers().remove<Pistache::Http::Header::Connection>();
    writer.headers().add<Pistache::Http::Header::Connection>(req.keep_alive ? Pistache::Http::ConnectionControl::KeepAlive
                                                                            : Pistache::Http::ConnectionControl::Close);
    add_header(writer, "Access-Control-Allow-Origin", cors_origin);
    add_header(writer, "Access-Control-Expose-Headers", "ETag, Content-Crs, Content-Crosswalk, Retry-After, X-Cache");
    // One Vary header: Origin (CORS) and whatever the endpoint varies by.
    std::string vary = "Origin";
    for (const auto& [name, value] : resp.headers) {
        if (name == "Vary") {
            vary += ", " + value;
        } else {
            add_header(writer, name, value);
        }
    }
    add_header(writer, "Vary", vary);
    add_header(writer, "Content-Type", resp.content_type);
    std::size_t bytes = resp.payload().size();
    if (req.method == "HEAD") {
        send_head(writer, req, resp);
        bytes = 0;  // the access log counts the body bytes sent
    } else if (resp.stream) {
        // Chunked: each piece goes to the socket as it is made, so a page of 10,000
        // features never sits whole in memory.
        auto stream = writer.stream(static_cast<Pistache::Http::Code>(resp.status), 1024 * 1024);
        try {
            // write() frames each piece as one chunk into the stream's buffer; the buffer goes
            // to the socket every 256 KB, so many small pieces cost few system calls.
            std::size_t pending = 0;
            resp.stream([&](const std::string& piece) {
                if (piece.empty()) return;
                stream.write(piece.data(), static_cast<std::streamsize>(piece.size()));
                bytes += piece.size();
                pending += piece.size();
                if (pending >= 256 * 1024) {
                    stream.flush();
                    pending = 0;
                }
            });
        } catch (const std::exception& e) {
            // Too late for a status: the body ends short and the client's parser fails.
            spdlog::error("{} {}: stream cut after {} bytes: {}", req.method, req.path, bytes, e.what());
        }
        stream.ends();
    } else {
        writer.send(static_cast<Pistache::Http::Code>(resp.status), resp.payload());
    }
    return bytes;
}

}  // namespace covermap::api
