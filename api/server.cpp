#include "api/server.hpp"

#include <pistache/endpoint.h>
#include <pistache/peer.h>
#include <pistache/router.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <malloc.h>

#include <csignal>
#include <cstdio>
#include <unistd.h>
#include <chrono>
#include <optional>
#include <functional>
#include <sstream>

#include "api/admission.hpp"
#include "api/client_address.hpp"
#include "api/connection_guard.hpp"
#include "api/coverage_endpoint.hpp"
#include "api/crosswalk_endpoint.hpp"
#include "api/features_endpoint.hpp"
#include "api/ogc_documents.hpp"
#include "api/health_endpoint.hpp"
#include "api/job_queue.hpp"
#include "api/http.hpp"
#include "api/import_jobs.hpp"
#include "api/imports_endpoint.hpp"
#include "api/observability.hpp"
#include "api/params.hpp"
#include "api/pistache_adapter.hpp"
#include "api/services.hpp"
#include "api/joincount_endpoint.hpp"
#include "api/rates_endpoint.hpp"
#include "api/spatial_endpoint.hpp"
#include "api/fonts_endpoint.hpp"
#include "api/tiles_endpoint.hpp"
#include "api/units_endpoint.hpp"
#include "api/web_endpoint.hpp"
#include "api/search_endpoint.hpp"
#include "api/web_files.hpp"
#include "db/change_listener.hpp"
#include "db/database_url.hpp"
#include "db/migrate.hpp"
#include "core/error.hpp"
#include "core/text.hpp"

namespace covermap::api {
namespace {

using endpoint_fn = std::function<response(const request&, services&)>;

// A 503 says when to come back: the pool reconnects on the next request after the database
// returns, so a few seconds is the honest answer.
void retry_later(response& resp) {
    for (const auto& header : resp.headers) {
        if (header.first == "Retry-After") return;
    }
    resp.headers.emplace_back("Retry-After", "5");
}

// "?a=1&b=2" of a request (decoded), for the log.
std::string query_string(const request& req) {
    std::string out;
    for (const auto& [name, value] : req.query) out += (out.empty() ? "?" : "&") + name + "=" + value;
    return out;
}

// Every complete 200 answer to GET/HEAD that has no ETag of its own gets one from its bytes, and
// a matching If-None-Match turns it into a 304.
void with_etag(const request& req, response& resp) {
    if (resp.status != 200 || resp.stream || (req.method != "GET" && req.method != "HEAD")) return;
    for (const auto& header : resp.headers) {
        if (header.first == "ETag") return;
    }
    const std::string etag = tile_etag(resp.payload());
    resp.headers.emplace_back("ETag", etag);
    if (const auto inm = req.header("if-none-match"); inm && etag_matches(*inm, etag)) {
        resp.status = 304;
        resp.body.clear();
        resp.shared_body.reset();
    }
}


}  // namespace

struct server::impl {
    server_config config;
    db::pool pool;
    api_keys keys;
    level_cache levels;
    catalog::catalogue_cache catalogue;
    tiles::tile_engine tile_engine;
    tiles::tile_cache tile_cache;
    web_settings web;
    geometry_cache geometries;
    server_metrics metrics;
    access_log access;
    address_set proxies;
    address_set metrics_readers;
    admission gate;
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
    services svc;
    // Every import NOTIFYs; the listener moves the catalogue, the tile engine and cache to the new data version.
    db::change_listener listener;
    Pistache::Rest::Router router;
    std::shared_ptr<Pistache::Http::Endpoint> endpoint;
    import_jobs jobs;
    // Uploads run here (last member: stopped first, before anything its jobs use goes away).
    job_queue imports{"imports"};

    explicit impl(server_config c)
        : config(std::move(c)),
          pool(config.database_url, static_cast<std::size_t>(config.db_connections > 0 ? config.db_connections : config.threads + 1),
               "covermap serve",
               [timeout = config.statement_timeout_ms](pqxx::connection& conn) {
                   // A slow query ends with an error (504) instead of holding a thread and a connection.
                   conn.set_variable("statement_timeout", std::to_string(timeout));
                   prepare_statements(conn);
               },
               std::chrono::milliseconds(config.pool_wait_ms)),
          keys(config.api_keys_file),
          tile_engine(pool, catalogue),
          tile_cache(config.tile_cache_bytes),
          web{config.web_dir, config.frame_ancestors, config.basemap_style},
          geometries(config.features_cache_bytes),
          access(config.access_log),
          proxies(address_set::parse(config.trusted_proxies)),
          metrics_readers(address_set::parse(config.metrics_allow)),
          gate(config.max_query_bytes, config.rate_limit_per_minute, config.rate_limit_burst),
          svc{pool, keys, config.max_upload_bytes, levels, tile_engine, tile_cache, config.tile_cache_control,
              config.tile_gzip_level, web, catalogue, geometries, config.statement_timeout_ms, config.max_bbox_deg2},
          listener(config.database_url, [this](long long version) {
              if (version == tile_engine.version()) return;
              catalogue.set_version(version);
              tile_engine.set_version(version);
              const auto dropped = tile_cache.drop_stale(version);
              // The old version's shapes and tiles (and an upload's working set) are free now; hand
              // the pages back instead of keeping them under the raised trim threshold (the soak
              // benchmark's resident memory stepped up ~300 MB at the first import without this).
              malloc_trim(0);
              spdlog::info("data version {}: {} cached tiles dropped", version, dropped);
          }) {}

    void send(Pistache::Http::ResponseWriter& writer, const request& req, const response& resp,
              std::chrono::steady_clock::time_point start, const std::string& route) {
        const std::size_t bytes = write_response(writer, req, resp, config.cors_origin);
        request_record record;
        record.method = req.method;
        record.route = route;
        record.path = req.path;
        record.query = query_string(req);
        if (!record.query.empty()) record.query.erase(0, 1);  // without the '?'
        record.client = req.client;
        record.status = resp.status;
        record.bytes = bytes;
        record.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        for (const auto& [name, value] : resp.headers) {
            if (name == "X-Cache") record.cache = value;
        }
        metrics.record(record);
        access.write(record);
        spdlog::debug("{} {}{} {} {}B {:.1f}ms", req.method, req.path, query_string(req), resp.status, bytes, record.seconds * 1000);
    }

    // GET /metrics: the request families, then the caches, the pool and the process.
    response metrics_page(const request& req) {
        const query_params params(req, {});
        // Monitoring data (routes, clients' load, memory) is not for the public: the allowed
        // addresses (loopback by default) read it, anyone else needs an API key (401/403).
        if (!metrics_readers.contains(req.client)) keys.require(req);
        std::string out = metrics.render();
        // One family: its header, then each (labels, value) sample.
        auto family = [&out](const std::string& name, const char* type, const char* help,
                             std::initializer_list<std::pair<const char*, double>> samples) {
            out += prometheus_header(name, type, help);
            for (const auto& [labels, value] : samples) out += prometheus_line(name, labels, value);
        };
        const auto tiles = tile_cache.stats();
        family("covermap_tile_cache_requests_total", "counter", "Tile cache lookups by result.",
               {{"result=\"hit\"", static_cast<double>(tiles.hits)}, {"result=\"miss\"", static_cast<double>(tiles.misses)}});
        family("covermap_tile_cache_bytes", "gauge", "Bytes of gzip tiles held.", {{"", static_cast<double>(tiles.bytes)}});
        family("covermap_tile_cache_entries", "gauge", "Tiles held.", {{"", static_cast<double>(tiles.entries)}});
        family("covermap_tile_cache_evictions_total", "counter", "Tiles evicted to stay within the capacity.",
               {{"", static_cast<double>(tiles.evictions)}});
        const auto shapes = geometries.statistics();
        family("covermap_geometry_cache_requests_total", "counter", "GeoJSON geometry cache lookups (items) by result.",
               {{"result=\"hit\"", static_cast<double>(shapes.hits)}, {"result=\"miss\"", static_cast<double>(shapes.misses)}});
        family("covermap_geometry_cache_bytes", "gauge", "Bytes of GeoJSON geometries held.", {{"", static_cast<double>(shapes.bytes)}});
        const auto connections = pool.stats();
        family("covermap_db_connections", "gauge", "Database connections of the pool by state.",
               {{"state=\"in_use\"", static_cast<double>(connections.in_use)}, {"state=\"idle\"", static_cast<double>(connections.idle)}});
        family("covermap_db_connections_max", "gauge", "Size of the pool.", {{"", static_cast<double>(connections.size)}});
        family("covermap_db_pool_timeouts_total", "counter", "Requests that found every connection busy for the whole wait.",
               {{"", static_cast<double>(connections.busy_timeouts)}});
        family("covermap_db_connect_failures_total", "counter", "Failed attempts to open a database connection.",
               {{"", static_cast<double>(connections.connect_failures)}});
        family("covermap_import_jobs", "gauge", "Registry uploads on the import thread by state.",
               {{"state=\"running\"", imports.busy() ? 1.0 : 0.0}, {"state=\"waiting\"", static_cast<double>(imports.waiting())}});
        family("covermap_data_version", "gauge", "Data version the tile engine serves (bumped by every import).",
               {{"", static_cast<double>(tile_engine.version())}});
        family("covermap_uptime_seconds", "gauge", "Seconds since the server started.",
               {{"", std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count()}});
        long pages = 0, resident = 0;
        if (FILE* statm = std::fopen("/proc/self/statm", "r")) {
            if (std::fscanf(statm, "%ld %ld", &pages, &resident) != 2) resident = 0;
            std::fclose(statm);
        }
        family("covermap_resident_memory_bytes", "gauge", "Resident memory of the process.",
               {{"", static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE))}});
        response r;
        r.content_type = "text/plain; version=0.0.4; charset=utf-8";
        r.body = std::move(out);
        r.headers.emplace_back("Cache-Control", "no-store");
        return r;
    }

    // The request as ours, let in or not (api/admission.hpp): the response to send instead of
    // running the endpoint, if any.
    std::optional<response> admit(const Pistache::Rest::Request& in, request& req, const std::vector<std::string>& param_names,
                                  const std::string& route) {
        try {
            req = to_request(in, proxies);
            for (const auto& name : param_names) req.path_params[name] = url_decode(in.param(":" + name).as<std::string>());
            return gate.admit(req, in.query().as_str().size(), route);
        } catch (const std::exception& e) {
            return exception_response(req, e);
        }
    }

    // Whatever an endpoint throws, as the JSON error contract (api/http.hpp's http_status_of); what is
    // not ours is logged and answered 500 without its text.
    response exception_response(const request& req, const std::exception& e) {
        if (const auto status = http_status_of(e)) {
            response resp = error_response(status->first, status->second, e.what());
            if (status->first == 503) retry_later(resp);
            return resp;
        }
        spdlog::error("{} {}: unexpected error: {}", req.method, req.path, e.what());
        return error_response(500, "internal", "internal error; the server log has the details");
    }

    // An SQL error that reached the edge: the statement timeout is a 504; a missing table,
    // column, function or type is a 503 while the schema is behind this binary (a reachable
    // database nobody migrated), and our own bug (500) when it is not.
    response sql_error_response(const request& req, const pqxx::sql_error& e) {
        const std::string& state = e.sqlstate();
        if (state == "57014") {  // query_canceled: the statement timeout
            response resp = error_response(504, "timeout", "the database took longer than " + std::to_string(config.statement_timeout_ms) +
                                                               " ms for this request; try a smaller request or later");
            retry_later(resp);
            return resp;
        }
        const bool missing_object = state == "42P01" || state == "42703" || state == "42883" || state == "42704" || state == "3F000";
        if (missing_object) {
            if (const auto behind = schema_behind()) {
                response resp = error_response(503, "unavailable", *behind);
                retry_later(resp);
                return resp;
            }
        }
        spdlog::error("{} {}: SQL error {}: {}", req.method, req.path, state, e.what());
        return error_response(500, "internal", "internal error; the server log has the details");
    }

    // Why the database cannot serve this binary, when its schema is older; nullopt when current.
    std::optional<std::string> schema_behind() {
        try {
            const int version = svc.read([](pqxx::read_transaction& tx) { return db::current_version(tx); });
            if (version >= db::latest_version()) return std::nullopt;
            return "the database schema is at version " + std::to_string(version) + ", this server needs " +
                   std::to_string(db::latest_version()) + ": run `covermap db migrate`";
        } catch (const std::exception& e) {
            return std::string("the database schema could not be read (") + e.what() + "): run `covermap db migrate`";
        }
    }

    // Runs an endpoint and turns whatever it throws into the JSON error contract, once for all.
    response run(const endpoint_fn& fn, const request& req) {
        response resp;
        try {
            resp = fn(req, svc);
            with_etag(req, resp);
            if (resp.status == 503) retry_later(resp);
        } catch (const pqxx::sql_error& e) {
            resp = sql_error_response(req, e);
        } catch (const std::exception& e) {
            resp = exception_response(req, e);
        }
        return resp;
    }

    // Every route goes through here: admit, run, send.
    void handle(const endpoint_fn& fn, const Pistache::Rest::Request& in, Pistache::Http::ResponseWriter& writer,
                const std::vector<std::string>& param_names, const std::string& route) {
        const auto start = std::chrono::steady_clock::now();
        request req;
        const auto refused = admit(in, req, param_names, route);
        send(writer, req, refused ? *refused : run(fn, req), start, route);
    }

    // The same, with the endpoint run on the import thread: the HTTP worker goes back to its other
    // connections at once and the answer is written from there when the import ends (Pistache
    // queues writes from any thread to the connection's own).
    void handle_in_background(const endpoint_fn& fn, const Pistache::Rest::Request& in, Pistache::Http::ResponseWriter writer,
                              const std::vector<std::string>& param_names, const std::string& route) {
        const auto start = std::chrono::steady_clock::now();
        request req;
        if (const auto refused = admit(in, req, param_names, route)) {
            send(writer, req, *refused, start, route);
            return;
        }
        answer_in_background(fn, std::move(req), std::move(writer), start, route);
    }

    void answer_in_background(const endpoint_fn& fn, request req, Pistache::Http::ResponseWriter writer,
                              std::chrono::steady_clock::time_point start, const std::string& route) {
        auto shared = std::make_shared<Pistache::Http::ResponseWriter>(std::move(writer));
        auto shared_req = std::make_shared<request>(std::move(req));
        const bool queued = imports.post([this, fn, shared, shared_req, start, route] {
            send(*shared, *shared_req, run(fn, *shared_req), start, route);
        });
        if (!queued) send(*shared, *shared_req, error_response(503, "unavailable", "the server is shutting down"), start, route);
    }

    // Registry uploads: answered when the import is done (201) with wait=true or for small files,
    // else at once with 202 and a job whose status is at /api/imports/jobs/{id}.
    void handle_upload(const Pistache::Rest::Request& in, Pistache::Http::ResponseWriter writer, const std::string& route) {
        const auto start = std::chrono::steady_clock::now();
        request req;
        if (const auto refused = admit(in, req, {}, route)) {
            send(writer, req, *refused, start, route);
            return;
        }
        const auto wait = req.query.find("wait");
        if (wait != req.query.end() && wait->second != "true" && wait->second != "false") {
            send(writer, req, error_response(400, "invalid_parameter", "parameter 'wait' must be true or false"), start, route);
            return;
        }
        const bool later = wait != req.query.end() ? wait->second == "false" : req.body.size() > config.async_upload_bytes;
        const endpoint_fn upload = [](const request& r, services& s) { return post_registry_import(r, s); };
        if (!later) {
            answer_in_background(upload, std::move(req), std::move(writer), start, route);
            return;
        }
        // Who sends it is checked now: a job is never made for a request that has no right to one.
        const response accepted = run(
            [this](const request& r, services& s) {
                const std::string who = s.keys.require(r);
                if (r.body.size() > s.max_upload_bytes) return post_registry_import(r, s);  // its 413, with the figures
                const std::string id = jobs.create(r.query.count("name") ? r.query.at("name") : std::string("upload"), r.body.size(), who);
                auto job_req = std::make_shared<request>(r);
                const bool queued = imports.post([this, id, job_req] {
                    jobs.started(id);
                    jobs.finished(id, run([this, &id](const request& q, services& sv) {
                                          return post_registry_import(q, sv, [this, &id](long long rows) { jobs.progress(id, rows); });
                                      },
                                      *job_req));
                });
                if (!queued) jobs.finished(id, error_response(503, "unavailable", "the server is shutting down"));
                response resp;
                resp.status = 202;
                const std::string status_url = r.base_url + "/api/imports/jobs/" + id;
                resp.headers.emplace_back("Location", status_url);
                resp.body = nlohmann::json{{"id", id}, {"state", "queued"}, {"status_url", status_url}}.dump();
                return resp;
            },
            req);
        send(writer, req, accepted, start, route);
    }

    void route_get(const std::string& path, endpoint_fn fn, std::vector<std::string> params = {}) {
        auto handler = [this, fn, params, path](const Pistache::Rest::Request& in, Pistache::Http::ResponseWriter writer) {
            handle(fn, in, writer, params, path);
            return Pistache::Rest::Route::Result::Ok;
        };
        Pistache::Rest::Routes::Get(router, path, handler);
        Pistache::Rest::Routes::Head(router, path, handler);
        route_preflight(path, "GET, HEAD, OPTIONS", "Content-Type, If-None-Match, Accept, Accept-Encoding");
    }

    // Browsers' CORS preflight for `path`: the methods and request headers it allows.
    void route_preflight(const std::string& path, std::string methods, std::string headers) {
        Pistache::Rest::Routes::Options(router, path, [this, methods, headers, path](const Pistache::Rest::Request& in,
                                                                               Pistache::Http::ResponseWriter writer) {
            request req = to_request(in, proxies);
            response resp;
            resp.status = 204;
            resp.headers = {{"Access-Control-Allow-Methods", methods},
                            {"Access-Control-Allow-Headers", headers},
                            {"Access-Control-Max-Age", "86400"}};
            send(writer, req, resp, std::chrono::steady_clock::now(), path);
            return Pistache::Rest::Route::Result::Ok;
        });
    }

    // Write endpoints: POST only (and OPTIONS for browsers' preflight).
    // Long ones (imports) run on the import thread, one at a time.
    void route_post(const std::string& path, endpoint_fn fn, bool in_background = false, std::vector<std::string> params = {}) {
        Pistache::Rest::Routes::Post(router, path, [this, fn, path, in_background, params](const Pistache::Rest::Request& in,
                                                                                        Pistache::Http::ResponseWriter writer) {
            if (in_background) {
                handle_in_background(fn, in, std::move(writer), params, path);
            } else {
                handle(fn, in, writer, params, path);
            }
            return Pistache::Rest::Route::Result::Ok;
        });
        route_preflight(path, "POST, OPTIONS", "Content-Type, Authorization, X-API-Key");
    }

    void build_routes() {
        // OGC API - Features. "/" is the landing page for clients and the web map for browsers.
        route_get("/", [](const request& req, services& s) {
            std::optional<response> page;
            if (wants_html(req) && !s.web.web_dir.empty()) page = serve_web(req, s.web);  // else JSON, API only
            response r = page ? *page : landing_page(req, s);
            r.headers.emplace_back("Vary", "Accept");
            return r;
        });
        route_get("/conformance", conformance);
        route_get("/api", openapi_document);
        route_get("/api.html", api_html);
        route_get("/collections", list_collections);
        route_get("/collections/:collection", get_collection, {"collection"});
        route_get("/collections/:collection/queryables", collection_queryables, {"collection"});
        route_get("/collections/:collection/schema", collection_schema, {"collection"});
        route_get("/collections/:collection/items", collection_items, {"collection"});
        route_get("/collections/:collection/items/:feature", collection_item, {"collection", "feature"});
        route_get("/metrics", [this](const request& req, services&) { return metrics_page(req); });
        route_post("/api/cache/purge", [this](const request& req, services& s) {
            const query_params params(req, {});
            const std::string who = s.keys.require(req);
            const auto tiles = tile_cache.stats();
            const auto shapes = geometries.statistics();
            tile_cache.clear();
            geometries.clear();
            catalogue.clear();
            spdlog::info("caches purged by {}: {} tiles, {} geometries", who, tiles.entries, shapes.entries);
            response r;
            r.body = nlohmann::json{{"purged", {{"tiles", tiles.entries}, {"tile_bytes", tiles.bytes}, {"geometries", shapes.entries},
                                                {"geometry_bytes", shapes.bytes}}}}.dump();
            return r;
        });
        route_get("/health", health);
        route_get("/ready", ready);
        route_get("/api/editions", list_editions);
        route_get("/api/units", list_units);
        route_get("/api/units/:id", get_unit, {"id"});
        route_get("/api/crosswalk", crosswalk);
        Pistache::Rest::Routes::Post(router, "/api/imports/registry",
                                     [this](const Pistache::Rest::Request& in, Pistache::Http::ResponseWriter writer) {
                                         handle_upload(in, std::move(writer), "/api/imports/registry");
                                         return Pistache::Rest::Route::Result::Ok;
                                     });
        route_preflight("/api/imports/registry", "POST, OPTIONS", "Content-Type, Authorization, X-API-Key");
        route_get("/api/imports/jobs/:job", [this](const request& req, services&) {
            const query_params params(req, {});
            const auto doc = jobs.status(req.path_params.at("job"), req.base_url);
            if (!doc) throw not_found("no import job '" + req.path_params.at("job") + "' on this server");
            response r;
            r.body = doc->dump();
            r.headers.emplace_back("Cache-Control", "no-store");
            return r;
        }, {"job"});
        route_post("/api/imports/:id/withdraw", withdraw_registry_import, true, {"id"});
        route_post("/api/imports/:id/resolutions", resolve_import_rows, true, {"id"});
        route_get("/api/aliases", list_unit_aliases);
        route_post("/api/aliases/:id/remove", remove_unit_alias, true, {"id"});
        route_get("/api/key", key_identity);
        route_get("/api/imports", list_imports);
        route_get("/api/imports/:id", get_import, {"id"});
        route_get("/api/imports/:id/issues", list_import_issues, {"id"});
        route_get("/api/stats/coverage", coverage_table);
        route_get("/api/stats/summary", coverage_summary);
        route_get("/api/stats/timeseries", coverage_timeseries);
        route_get("/api/stats/monthly", coverage_by_month);
        route_get("/api/stats/breaks", class_breaks);
        route_get("/api/stats/autocorrelation", autocorrelation);
        route_get("/api/stats/lisa", local_clusters);
        route_get("/api/stats/hotspots", hotspots);
        route_get("/api/stats/rates", smoothed_rates);
        route_get("/api/stats/joincount", join_counts);
        route_get("/api/map-config", map_config);
        route_get("/api/search", search_units);
        route_get("/tiles", list_tilesets);
        route_get("/tiles/:tileset", tilejson, {"tileset"});
        route_get("/tiles/:tileset/:z/:x/:y", get_tile, {"tileset", "z", "x", "y"});
        route_get("/fonts/:fontstack/:range", get_glyphs, {"fontstack", "range"});
        // The web map's pages and files are whatever no route claims (/, /map, /embed, /static/...).
        router.addNotFoundHandler([this](const Pistache::Rest::Request& in, Pistache::Http::ResponseWriter writer) {
            const auto start = std::chrono::steady_clock::now();
            const request req = to_request(in, proxies);
            const response resp = run(
                [](const request& r, services& s) {
                    const auto page = serve_web(r, s.web);
                    // HEAD is named as GET: its answer has the GET's length.
                    return page ? *page
                                : error_response(404, "not_found", "no such resource: " + (r.method == "HEAD" ? std::string("GET") : r.method) +
                                                                       " " + r.path);
                },
                req);
            // Web files under one route label; anything else unmatched under another.
            send(writer, req, resp, start, resp.status == 404 ? "(unmatched)" : "(web)");
            return Pistache::Rest::Route::Result::Ok;
        });
    }
};

namespace {

// A server that would answer its map pages with a blank map does not start.
server_config with_web_checked(server_config config) {
    if (config.web_dir.empty()) return config;
    if (const auto missing = missing_web_files(config.web_dir); !missing.empty()) {
        throw config_error(missing_web_files_message(config.web_dir, missing));
    }
    return config;
}

}  // namespace

server::server(server_config config) : impl_(std::make_unique<impl>(with_web_checked(std::move(config)))) { impl_->build_routes(); }

server::~server() { shutdown(); }

void server::start() {
    // Responses of a few hundred KB (low-zoom tiles) are built in buffers Pistache grows per
    // request. Above glibc's mmap threshold each would be a fresh mapping, page-faulted in and
    // unmapped again; from the heap they are reused. (Measured: a third of the time of a cached
    // 100 KB tile went to page faults and copies.)
    mallopt(M_MMAP_THRESHOLD, 64 * 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024);
    const Pistache::Address address(impl_->config.address, Pistache::Port(static_cast<uint16_t>(impl_->config.port)));
    impl_->endpoint = std::make_shared<Pistache::Http::Endpoint>(address);
    auto options = Pistache::Http::Endpoint::options()
                       .threads(impl_->config.threads)
                       .flags(Pistache::Tcp::Options::ReuseAddr)
                       // Uploads are checked against the limit in the endpoint (a JSON 413); beyond
                       // twice the limit Pistache refuses on its own while reading.
                       .maxRequestSize(2 * impl_->config.max_upload_bytes + 64 * 1024)
                       .maxResponseSize(256 * 1024 * 1024);
    impl_->endpoint->init(options);
    // Heads are bounded while they arrive (see connection_guard.hpp): the request line by the
    // query limit plus room for the path, the whole head by 64 KB (or more, for a larger line).
    head_limits limits;
    limits.request_line = impl_->config.max_query_bytes + 8 * 1024;
    limits.head = std::max<std::size_t>(64 * 1024, limits.request_line + 16 * 1024);
    impl_->endpoint->setHandler(std::make_shared<guarded_router_handler>(impl_->router, limits, [this](const refused_head& refused) {
        request_record record;
        record.method = refused.method;
        record.route = "(refused)";
        record.client = refused.client;
        record.status = refused.status;
        impl_->metrics.record(record);
        impl_->access.write(record);
        spdlog::warn("refused a request head of {}+ bytes from {}: {}", refused.received, refused.client, refused.status);
    }));
    impl_->endpoint->serveThreaded();
    spdlog::info("covermap listening on http://{}:{} ({} threads, database {})", impl_->config.address, port(),
                 impl_->config.threads, db::redact(impl_->config.database_url));
    if (impl_->config.web_dir.empty()) {
        spdlog::info("web map off: the API alone");
    } else {
        spdlog::info("web map from {}", impl_->config.web_dir);
    }
}

void server::shutdown() {
    // The running import ends and answers first: its writer points into the endpoint's transport.
    if (impl_) impl_->imports.stop();
    if (impl_ && impl_->endpoint) {
        impl_->endpoint->shutdown();
        impl_->endpoint.reset();
    }
}

int server::port() const {
    return impl_->endpoint ? static_cast<int>(static_cast<uint16_t>(impl_->endpoint->getPort())) : impl_->config.port;
}

void serve_until_signal(server_config config) {
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // inherited by Pistache's threads
    server srv(std::move(config));
    srv.start();
    int received = 0;
    sigwait(&signals, &received);
    spdlog::info("received {}, shutting down", received == SIGINT ? "SIGINT" : "SIGTERM");
    srv.shutdown();
    spdlog::info("stopped");
}

}  // namespace covermap::api
