#pragma once
// The in-process covermap server the endpoint tests drive through a real socket.
#include <memory>

#include "api/server.hpp"

namespace covermap::testing {

// Starts a server with `config` on two threads (or one, if asked) and a free port (written back into config.port).
std::unique_ptr<api::server> start_test_server(api::server_config& config);

}  // namespace covermap::testing
