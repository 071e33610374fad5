#include "api/health_endpoint.hpp"

#include <nlohmann/json.hpp>

#include "api/params.hpp"
#include "api/web_files.hpp"
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
    // The map's files: a server whose map page would be blank is not ready (they may go missing
    // after the start, e.g. while `npm ci` reinstalls node_modules).
    std::string web = "off";
    if (!svc.web.web_dir.empty()) {
        const auto missing = missing_web_files(svc.web.web_dir);
        if (!missing.empty()) {
            // The error contract's code and message, and what was checked.
            response r;
            r.status = 503;
            r.body = nlohmann::json{{"code", "unavailable"},
                                    {"message", missing_web_files_message(svc.web.web_dir, missing, false)},
                                    {"checks", {{"database", "ok"}, {"web", "missing"}}},
                                    {"missing", missing}}
                         .dump();
            return r;
        }
        web = "ok";
    }
    response r;
    r.body = nlohmann::json{{"status", "ready"}, {"schema_version", version}, {"checks", {{"database", "ok"}, {"web", web}}}}.dump();
    return r;
}

}  // namespace covermap::api
