#include "api/connection_guard.hpp"

#include "api/http.hpp"

#include <pistache/http.h>
#include <pistache/peer.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstring>

namespace covermap::api {

namespace Http = Pistache::Http;

// Per connection: how much of the current request's head has arrived, and whether it was refused.
struct head_progress {
    std::size_t bytes = 0;
    bool refused = false;
    std::string method;  // of the head in progress, for the access log
};

namespace {

constexpr const char* progress_key = "covermap.head";

std::shared_ptr<head_progress> progress_of(const std::shared_ptr<Pistache::Tcp::Peer>& peer) {
    if (auto data = peer->tryGetData(progress_key)) return std::static_pointer_cast<head_progress>(data);
    auto fresh = std::make_shared<head_progress>();
    peer->putData(progress_key, fresh);
    return fresh;
}

// Where the parser is: still in the request line, in the headers, or past the head (in a body).
enum class head_part { line, headers, done };

head_part part_of(Http::RequestParser& parser) {
    const auto* step = parser.step();
    if (dynamic_cast<const Http::Private::RequestLineStep*>(step)) return head_part::line;
    if (dynamic_cast<const Http::Private::HeadersStep*>(step)) return head_part::headers;
    return head_part::done;
}

}  // namespace

guarded_router_handler::guarded_router_handler(const Pistache::Rest::Router& router, head_limits limits,
                                               std::function<void(const refused_head&)> on_refused)
    : RouterHandler(router), limits_(limits), on_refused_(std::move(on_refused)) {}

void guarded_router_handler::onInput(const char* buffer, size_t len, const std::shared_ptr<Pistache::Tcp::Peer>& peer) {
    const auto progress = progress_of(peer);
    // Refused: the answer is on its way and the connection half-closed; the rest of what the
    // client still sends is read and dropped, never parsed, until it closes.
    if (progress->refused) return;
    auto parser = getParser(peer);
    const head_part part = part_of(*parser);
    const bool in_line = part == head_part::line;
    if (part != head_part::done) {
        if (progress->bytes == 0) {
            const auto* space = static_cast<const char*>(std::memchr(buffer, ' ', std::min<std::size_t>(len, 16)));
            progress->method = space ? std::string(buffer, space) : std::string();
        }
        const auto* newline = in_line ? static_cast<const char*>(std::memchr(buffer, '\n', len)) : nullptr;
        const std::size_t line = progress->bytes + (newline ? static_cast<std::size_t>(newline - buffer) : len);
        if (in_line && line > limits_.request_line) {
            refuse(414, "the request line is longer than " + std::to_string(limits_.request_line) +
                            " bytes (the query string is limited to --max-query-bytes)",
                   line, *progress, peer);
            return;
        }
        if (progress->bytes + len > limits_.head) {
            refuse(431, "the request line and headers are longer than " + std::to_string(limits_.head) + " bytes",
                   progress->bytes + len, *progress, peer);
            return;
        }
    }

    // What Pistache's own Http::Handler::onInput does (it is private there): feed the parser and
    // hand a complete request to the router.
    auto& request = parser->request;
    // A request Pistache's parser refuses is answered in Pistache's words.
    auto answer_error = [&](Http::Code code, const std::string& reason) {
        progress->bytes = 0;
        Http::ResponseWriter response(request.version(), transport(), this, peer);
        response.send(code, reason);
        parser->reset();
    };
    try {
        if (!parser->feed(buffer, len)) {
            parser->reset();
            throw Http::HttpError(Http::Code::Request_Entity_Too_Large, "Request exceeded maximum buffer size");
        }
        if (parser->parse() == Http::Private::State::Done) {
            progress->bytes = 0;
            Http::ResponseWriter response(request.version(), transport(), this, peer);
            request.copyAddress(peer->address());
            const auto connection = request.headers().tryGet<Http::Header::Connection>();
            response.headers().add<Http::Header::Connection>(connection ? connection->control() : Http::ConnectionControl::Close);
            peer->setIdle(false);
            onRequest(request, std::move(response));
            parser->reset();
            return;
        }
    } catch (const Http::HttpError& e) {
        answer_error(static_cast<Http::Code>(e.code()), e.reason());
        return;
    } catch (const std::exception& e) {
        answer_error(Http::Code::Internal_Server_Error, e.what());
        return;
    }
    // Still in the head: count it; in a body: the head is done.
    progress->bytes = part_of(*parser) != head_part::done ? progress->bytes + len : 0;
}

void guarded_router_handler::refuse(int status, const std::string& message, std::size_t received, head_progress& progress,
                                    const std::shared_ptr<Pistache::Tcp::Peer>& peer) {
    progress.refused = true;
    getParser(peer)->reset();  // the buffered part of the head is not needed any more
    Http::ResponseWriter writer(Http::Version::Http11, transport(), this, peer);
    writer.headers().add<Http::Header::Connection>(Http::ConnectionControl::Close);
    writer.headers().add<Http::Header::ContentType>(MIME(Application, Json));
    const response body = error_response(status, status == 414 ? "uri_too_long" : "header_too_large", message);
    // Half-close once the answer is written: the client reads it and the end of the stream; a
    // full close now could reset the connection before the client has read the answer.
    const std::weak_ptr<Pistache::Tcp::Peer> weak = peer;
    writer.send(static_cast<Http::Code>(status), body.body)
        .then(
            [weak](ssize_t) {
                if (const auto p = weak.lock()) ::shutdown(p->fd(), SHUT_WR);
            },
            [](std::exception_ptr) {});
    if (on_refused_) {
        refused_head what;
        what.status = status;
        what.client = peer->address().host();
        what.received = received;
        what.method = progress.method;
        on_refused_(what);
    }
}

}  // namespace covermap::api
