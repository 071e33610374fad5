#include "tests/support/test_server.hpp"

#include <algorithm>

#include "tests/support/http_client.hpp"

namespace covermap::testing {

std::unique_ptr<api::server> start_test_server(api::server_config& config) {
    config.port = free_port();
    config.threads = std::min(config.threads, 2);  // a test may ask for one
    auto server = std::make_unique<api::server>(config);
    server->start();
    return server;
}

}  // namespace covermap::testing
