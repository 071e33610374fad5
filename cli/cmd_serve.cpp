// covermap serve: the HTTP server
#include <iostream>
#include <memory>
#include <sstream>
#include <thread>
#include <vector>

#include "api/server.hpp"
#include "api/web_files.hpp"
#include "cli/commands.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "db/database_url.hpp"

namespace covermap::cli {

void add_serve_command(CLI::App& app, const global_options& global, action& run) {
    auto config = std::make_shared<api::server_config>();
    config->threads = static_cast<int>(std::max(2u, std::thread::hardware_concurrency()));
    auto* cmd = app.add_subcommand("serve", "Serve GeoJSON and the API over HTTP until SIGINT/SIGTERM");
    cmd->add_option("--address", config->address, "Address to listen on")->capture_default_str();
    cmd->add_option("-p,--port", config->port, "Port to listen on")->capture_default_str()->check(CLI::Range(0, 65535));
    cmd->add_option("--threads", config->threads, "HTTP worker threads (= database connections)")
        ->capture_default_str()
        ->check(CLI::Range(1, 256));
    cmd->add_option("--cors-origin", config->cors_origin, "Access-Control-Allow-Origin value")->capture_default_str();
    cmd->add_option("--api-keys", config->api_keys_file,
                    "Key file for write endpoints: `name sha256-of-key` per line (covermap apikey new); re-read on change");
    auto upload_mb = std::make_shared<std::size_t>(config->max_upload_bytes / (1024 * 1024));
    auto async_kb = std::make_shared<std::size_t>(config->async_upload_bytes / 1024);
    cmd->add_option("--async-upload-kb", *async_kb,
                    "Registry uploads larger than this answer 202 Accepted with a job status URL (wait=true: when done)")
        ->capture_default_str();
    cmd->add_option("--max-upload-mb", *upload_mb, "Largest registry upload accepted (MB)")
        ->capture_default_str()
        ->check(CLI::Range(1, 1024));
    // The web map comes from --web-dir, else share/covermap/web beside the binary (an installed
    // tree), else web/ of the checkout it was built from; files missing there refuse the start.
    cmd->add_option("--web-dir", config->web_dir,
                    "Directory of the web map (public/ and MapLibre GL JS; default: " + api::installed_web_dir_relative() +
                        " beside the binary, else " + COVERMAP_SOURCE_WEB_DIR + ")");
    auto no_web = std::make_shared<bool>(false);
    // Not CLI11's excludes(): --print-config writes both keys, and what it writes must read back.
    cmd->add_flag("--no-web", *no_web, "Serve the API without the web map (/, /map, /embed, /steward, /static/, /vendor/)");
    cmd->add_option("--frame-ancestors", config->frame_ancestors,
                    "Who may embed the map pages in a frame (Content-Security-Policy frame-ancestors), e.g. "
                    "\"https://portal.langson.gov.vn\"")
        ->capture_default_str();
    cmd->add_option("--basemap-style", config->basemap_style,
                    "MapLibre style URL drawn under the boundaries (default: none, the boundaries are the basemap)");
    auto tile_cache_mb = std::make_shared<std::size_t>(config->tile_cache_bytes / (1024 * 1024));
    cmd->add_option("--tile-cache-mb", *tile_cache_mb, "In-memory tile cache (MB of gzip tiles); 0 turns it off")
        ->capture_default_str()
        ->check(CLI::Range(0, 65536));
    config->access_log = "-";
    cmd->add_option("--access-log", config->access_log,
                    "One JSON line per request (method, path, status, bytes, ms, cache hit): - for standard output, a file, or off")
        ->capture_default_str();
    cmd->add_option("--statement-timeout-ms", config->statement_timeout_ms,
                    "Longest SQL statement of a request (imports excepted), then 504; 0: no limit")
        ->capture_default_str()
        ->check(CLI::Range(0, 3600000));
    cmd->add_option("--pool-wait-ms", config->pool_wait_ms, "Longest wait for a free database connection, then 503")
        ->capture_default_str()
        ->check(CLI::Range(1, 600000));
    cmd->add_option("--db-connections", config->db_connections, "Database connections (0: one per thread, plus one for imports)")
        ->capture_default_str()
        ->check(CLI::Range(0, 256));
    config->rate_limit_per_minute = 3000;
    config->rate_limit_burst = 300;
    cmd->add_option("--rate-limit-per-minute", config->rate_limit_per_minute,
                    "Expensive requests (items, statistics, search, uploads) per client address and minute, then 429; 0: no limit")
        ->capture_default_str()
        ->check(CLI::Range(0.0, 1e9));
    cmd->add_option("--rate-limit-burst", config->rate_limit_burst, "How many of those a client may make at once")
        ->capture_default_str()
        ->check(CLI::Range(1.0, 1e9));
    // Address lists are one comma-separated text each, so that --print-config writes them the way
    // the file, the environment and the command line all take them.
    auto trusted_proxies = std::make_shared<std::string>();
    cmd->add_option("--trusted-proxies", *trusted_proxies,
                    "Reverse proxies (addresses or CIDR blocks, comma-separated) whose X-Forwarded-For names the client "
                    "for the rate limit and the access log")
        ->capture_default_str();
    auto metrics_allow = std::make_shared<std::string>("127.0.0.0/8,::1");
    cmd->add_option("--metrics-allow", *metrics_allow,
                    "Clients (addresses or CIDR blocks, comma-separated) that read /metrics without an API key")
        ->capture_default_str();
    cmd->add_option("--max-query-bytes", config->max_query_bytes, "Longest query string accepted, then 414")
        ->capture_default_str()
        ->check(CLI::Range(256, 1 << 20));
    cmd->add_option("--max-bbox-deg2", config->max_bbox_deg2, "Largest bbox of an items request in square degrees; 0: no limit")
        ->capture_default_str()
        ->check(CLI::Range(0.0, 1e6));
    auto features_cache_mb = std::make_shared<std::size_t>(config->features_cache_bytes / (1024 * 1024));
    cmd->add_option("--features-cache-mb", *features_cache_mb,
                    "In-memory cache of GeoJSON geometries for /collections/.../items (MB); 0 turns it off")
        ->capture_default_str()
        ->check(CLI::Range(0, 65536));
    cmd->add_option("--tile-cache-control", config->tile_cache_control, "Cache-Control header of tiles and TileJSON")
        ->capture_default_str();
    cmd->add_option("--tile-gzip-level", config->tile_gzip_level, "gzip level of tiles (1 fastest, 9 smallest)")
        ->capture_default_str()
        ->check(CLI::Range(1, 9));
    auto print_config = std::make_shared<bool>(false);
    cmd->add_flag("--print-config", *print_config,
                  "Print the effective configuration (file, environment and command line merged; passwords hidden) and exit");
    cmd->callback([&app, &global, &run, config, upload_mb, async_kb, tile_cache_mb, features_cache_mb, trusted_proxies, metrics_allow, print_config,
                   no_web] {
        if (*print_config) {
            run = [&app, &global] {
                // TOML that --config reads back: the database URL as it will be used (never its
                // password), then every serve option with its effective value.
                std::cout << "database = \"" << db::redact(db::resolve_database_url(global.database_url)) << "\"\n\n[serve]\n";
                std::istringstream lines(app.get_subcommand("serve")->config_to_str(true, false));
                for (std::string line; std::getline(lines, line);) {
                    if (line.rfind("print-config", 0) == 0) continue;
                    const auto eq = line.find('=');
                    std::cout << (eq == std::string::npos ? line : line.substr(0, eq) + " = " + line.substr(eq + 1)) << '\n';
                }
                return 0;
            };
            return;
        }
        run = [&global, config, upload_mb, async_kb, tile_cache_mb, features_cache_mb, trusted_proxies, metrics_allow, no_web] {
            if (*no_web && !config->web_dir.empty()) throw config_error("--no-web serves no web map: give it or --web-dir, not both");
            if (!*no_web && config->web_dir.empty()) {
                config->web_dir = api::default_web_dir(api::executable_path(), COVERMAP_SOURCE_WEB_DIR);
            }
            config->trusted_proxies = core::split_list(*trusted_proxies);
            config->metrics_allow = core::split_list(*metrics_allow);
            config->max_upload_bytes = *upload_mb * 1024 * 1024;
            config->async_upload_bytes = *async_kb * 1024;
            config->tile_cache_bytes = *tile_cache_mb * 1024 * 1024;
            config->features_cache_bytes = *features_cache_mb * 1024 * 1024;
            if (config->access_log == "off") config->access_log.clear();
            config->database_url = db::resolve_database_url(global.database_url);
            api::serve_until_signal(*config);
            return 0;
        };
    });
}

}  // namespace covermap::cli
