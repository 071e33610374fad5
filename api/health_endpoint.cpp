#include "api/health_endpoint.hpp"

#include <nlohmann/json.hpp>

#include "api/params.hpp"
#include "db/migrate.hpp"

namespace covermap::api {

response health(const request& req, services&) {
    const query_params params(req, {});
    response r;
    r.body = R"({"status":"ok"})";
    return r;
}

response ready(const request& req, services& svc) {
    const query_params params(req, {});
    const int version = svc.read([](pqxx::read_transaction& tx) { return db::current_version(tx); });
    if (version != db::latest_version()) {
        throw unavailable("database schema is at version " + std::to_string(version) + ", this server needs " +
                          std::to_string(db::latest_version()) + ": run `covermap db migrate`");
    }
    response r;
    r.body = nlohmann::json{{"status", "ready"}, {"schema_version", version}}.dump();
    return r;
}

}  // namespace covermap::api
