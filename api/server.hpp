#pragma once
// The Pistache HTTP server: routes, CORS, the JSON error contract, access logging. Everything
// else lives in endpoint functions over api::request / api::response.
#include <memory>
#include <string>
#include <vector>

#include "db/pool.hpp"

namespace covermap::api {

struct server_config {
    std::string address = "127.0.0.1";
    int port = 8080;
    int threads = 4;
    std::string database_url;
    std::string cors_origin = "*";
    std::size_t max_upload_bytes = 50 * 1024 * 1024;  // registry uploads
    std::size_t async_upload_bytes = 1024 * 1024;     // larger uploads answer 202 with a job (unless wait=true)
    std::string api_keys_file;                        // `name sha256` lines; empty: writes refused
    std::size_t tile_cache_bytes = 256 * 1024 * 1024;  // LRU of gzip tiles; 0 turns the cache off
    std::size_t features_cache_bytes = 256 * 1024 * 1024;  // LRU of GeoJSON geometries for items; 0: off
    std::string access_log;               // one JSON line per request: "" off, "-" standard output, else a file
    int statement_timeout_ms = 30000;     // longest SQL statement of a request (imports excepted); 0: none
    int pool_wait_ms = 5000;              // longest wait for a free database connection, then 503
    int db_connections = 0;               // pool size; 0: one per HTTP thread and one for the import thread
    double rate_limit_per_minute = 0;     // expensive requests per client and minute; 0: no limit
    double rate_limit_burst = 60;         // ... of which this many at once
    std::size_t max_query_bytes = 8192;   // longest query string, then 414
    std::vector<std::string> trusted_proxies;  // peers whose X-Forwarded-For names the client (IPs, CIDR)
    std::vector<std::string> metrics_allow = {"127.0.0.0/8", "::1"};  // clients that read /metrics without a key
    double max_bbox_deg2 = 0;             // largest items bbox in square degrees; 0: no limit
    std::string tile_cache_control = "public, max-age=60";
    int tile_gzip_level = 6;
    std::string web_dir;                  // the web map's files (api/web_files.hpp), all present or the
                                          // server refuses to start; empty: the API alone, no map
    std::string frame_ancestors = "*";    // who may frame the map pages (CSP frame-ancestors)
    std::string basemap_style;            // optional MapLibre style URL drawn under the boundaries
};

class server {
public:
    explicit server(server_config config);
    ~server();
    server(const server&) = delete;
    server& operator=(const server&) = delete;

    void start();     // returns once listening
    void shutdown();  // stops accepting, finishes in-flight requests
    int port() const;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

// Run until SIGINT or SIGTERM, then shut down gracefully. Blocks those signals in every thread.
void serve_until_signal(server_config config);

}  // namespace covermap::api
