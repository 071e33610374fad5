#pragma once
// The request handler between Pistache's connections and the router: it refuses an oversized
// request line (414) or head (431) while it arrives, before Pistache's parser sees it.
//
// Why: Pistache 0.0.5 reads a connection 4 KB at a time and parses the request line again from its
// start after every read until the line ends, so a 10 MB query string costs quadratic time
// (~170 s of one worker thread, measured) and is then dropped without an answer. Counting the bytes
// of the unfinished head here is linear; once the limit is passed the client gets its status, the
// connection is half-closed and whatever else it sends is dropped unparsed.
#include <pistache/router.h>

#include <cstddef>
#include <functional>
#include <string>

namespace covermap::api {

struct head_limits {
    std::size_t request_line = 16 * 1024;  // method, target and version
    std::size_t head = 64 * 1024;          // request line and headers
};

struct head_progress;  // per connection, in the .cpp

// What was refused, for the access log and the metrics.
struct refused_head {
    int status = 0;
    std::string method;  // as far as it arrived
    std::string client;
    std::size_t received = 0;  // bytes of the head seen when it was refused
};

class guarded_router_handler : public Pistache::Rest::Private::RouterHandler {
public:
    HTTP_PROTOTYPE(guarded_router_handler)

    guarded_router_handler(const Pistache::Rest::Router& router, head_limits limits, std::function<void(const refused_head&)> on_refused);

    void onInput(const char* buffer, size_t len, const std::shared_ptr<Pistache::Tcp::Peer>& peer) override;

private:
    void refuse(int status, const std::string& message, std::size_t received, head_progress& progress,
                const std::shared_ptr<Pistache::Tcp::Peer>& peer);

    head_limits limits_;
    std::function<void(const refused_head&)> on_refused_;
};

}  // namespace covermap::api
