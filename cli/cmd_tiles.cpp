// covermap tiles seed | export: walk a tileset's pyramid. `seed` warms a running server's tile
// cache over HTTP (--url), or renders locally to measure; `export` writes an MBTiles file. Both
// print, per zoom, the tiles visited, the empty ones and the largest tile.
#include <atomic>
#include <iomanip>
#include <iostream>
#include <memory>
#include <mutex>
#include <regex>
#include <thread>

#include <nlohmann/json.hpp>

#include "api/http_client.hpp"
#include "cli/commands.hpp"
#include "db/database_url.hpp"
#include "db/migrate.hpp"
#include "db/pool.hpp"
#include "core/error.hpp"
#include "core/progress.hpp"
#include "tiles/compress.hpp"
#include "tiles/mbtiles.hpp"
#include "tiles/pyramid.hpp"
#include "tiles/tile_engine.hpp"

namespace covermap::cli {
namespace {

struct walk_options {
    std::string tileset = "coverage";
    std::string zooms = "0-10";
    std::string bbox;  // default: the edition's extent
    std::optional<std::string> edition, as_of, compare;
    std::string url;   // seed only: a running server
    std::string output;  // export only
    int threads = static_cast<int>(std::max(2u, std::thread::hardware_concurrency()));
};

struct fetched {
    bool empty = true;
    std::size_t raw_size = 0;
    std::string gzip;
};

struct zoom_stats {
    int zoom = 0;
    long long tiles = 0, empty = 0;
    std::size_t largest = 0, total_gzip = 0;
    tiles::tile_id largest_tile;
    double seconds = 0;
};

using fetch_fn = std::function<fetched(const tiles::tile_id&)>;
using sink_fn = std::function<void(const tiles::tile_id&, const fetched&)>;

// Visits the zooms in order, each zoom's tiles on `threads` threads. Below the zoom where every
// layer of the tileset has started, every tile over the box is visited; from there on only the
// children of tiles that had features (a layer's features lie within its tile's parent's).
std::vector<zoom_stats> walk(const tiles::tileset_spec& ts, const geo::box& box, tiles::zoom_range zooms, int threads,
                             const fetch_fn& fetch, const sink_fn& sink) {
    int all_layers_from = 0;
    // Label points lie inside their units: a label layer's tiles are children of its level's.
    for (const auto& l : ts.layers) {
        if (!l.labels) all_layers_from = std::max(all_layers_from, l.min_zoom);
    }
    std::vector<zoom_stats> out;
    std::vector<tiles::tile_id> with_features;
    std::mutex mutex;
    for (int z = zooms.min; z <= zooms.max; ++z) {
        std::vector<tiles::tile_id> todo;
        if (z == zooms.min || z - 1 < all_layers_from) {
            todo = tiles::tiles_covering(box, z);
        } else {
            const auto nw = tiles::tile_at(box.min_x, box.max_y, z), se = tiles::tile_at(box.max_x, box.min_y, z);
            for (const auto& parent : with_features) {
                for (const auto& c : tiles::children(parent)) {
                    if (c.x >= nw.x && c.x <= se.x && c.y >= nw.y && c.y <= se.y) todo.push_back(c);
                }
            }
        }
        zoom_stats stats;
        stats.zoom = z;
        std::vector<tiles::tile_id> next;
        const auto start = std::chrono::steady_clock::now();
        core::progress progress("zoom " + std::to_string(z) + ": tiles");
        std::atomic<std::size_t> cursor{0};
        std::exception_ptr failure;
        auto work = [&] {
            while (true) {
                const std::size_t i = cursor.fetch_add(1);
                if (i >= todo.size()) return;
                fetched f;
                try {
                    f = fetch(todo[i]);
                } catch (...) {
                    std::lock_guard<std::mutex> lock(mutex);
                    if (!failure) failure = std::current_exception();
                    cursor = todo.size();
                    return;
                }
                std::lock_guard<std::mutex> lock(mutex);
                ++stats.tiles;
                if (f.empty) {
                    ++stats.empty;
                } else {
                    next.push_back(todo[i]);
                    stats.total_gzip += f.gzip.size();
                    if (f.raw_size > stats.largest) {
                        stats.largest = f.raw_size;
                        stats.largest_tile = todo[i];
                    }
                    sink(todo[i], f);
                }
                progress.update(stats.tiles);
            }
        };
        std::vector<std::thread> pool;
        for (int t = 1; t < threads; ++t) pool.emplace_back(work);
        work();
        for (auto& t : pool) t.join();
        progress.finish();
        if (failure) std::rethrow_exception(failure);
        stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        std::sort(next.begin(), next.end(), [](const tiles::tile_id& a, const tiles::tile_id& b) {
            return std::tie(a.y, a.x) < std::tie(b.y, b.x);
        });
        with_features = std::move(next);
        out.push_back(stats);
    }
    return out;
}

void print_stats(const std::vector<zoom_stats>& stats) {
    std::cout << "zoom     tiles     empty   largest (bytes, tile)         gzip total   seconds\n";
    for (const auto& s : stats) {
        const std::string where = s.largest ? std::to_string(s.largest_tile.z) + "/" + std::to_string(s.largest_tile.x) +
                                                  "/" + std::to_string(s.largest_tile.y)
                                            : "-";
        std::cout << std::setw(4) << s.zoom << std::setw(10) << s.tiles << std::setw(10) << s.empty << std::setw(10)
                  << s.largest << "  " << std::left << std::setw(18) << where << std::right << std::setw(12)
                  << s.total_gzip << std::setw(10) << std::fixed << std::setprecision(2) << s.seconds << '\n';
    }
}

// The engine's view of the database, the tileset, the scope and the box to walk.
struct local_context {
    std::unique_ptr<db::pool> pool;
    std::unique_ptr<tiles::tile_engine> engine;
    std::shared_ptr<const tiles::catalogue> catalogue;
    tiles::tile_scope scope;
    geo::box box;
};

local_context open_local(const global_options& global, const walk_options& o, const std::string& app_name) {
    local_context c;
    const std::string url = db::resolve_database_url(global.database_url);
    {
        auto conn = db::connect(url, app_name);
        db::require_current(*conn);
    }
    c.pool = std::make_unique<db::pool>(url, static_cast<std::size_t>(o.threads), app_name);
    c.engine = std::make_unique<tiles::tile_engine>(*c.pool);
    c.catalogue = c.engine->current_catalogue();
    try {
        c.scope = tiles::tile_engine::resolve(*c.catalogue, o.edition, o.as_of, o.compare);
    } catch (const input_error& e) {
        throw config_error(e.what());
    }
    if (!o.bbox.empty()) {
        c.box = tiles::parse_lonlat_box(o.bbox, "--bbox");
    } else if (c.scope.edition->bounds) {
        c.box = *c.scope.edition->bounds;
    } else {
        throw config_error("edition " + c.scope.edition->name + " has no units to tile");
    }
    return c;
}

const tiles::tileset_spec& tileset_named(const std::string& name) {
    const auto* ts = tiles::find_tileset(name);
    if (!ts) throw config_error("--tileset '" + name + "': unknown; tilesets: " + tiles::tileset_names());
    return *ts;
}

fetch_fn local_fetch(local_context& c, const tiles::tileset_spec& ts) {
    return [&c, &ts](const tiles::tile_id& t) {
        fetched f;
        const std::string raw = c.engine->render(ts, t, c.scope);
        f.empty = raw.empty();
        f.raw_size = raw.size();
        if (!f.empty) f.gzip = tiles::gzip(raw);
        return f;
    };
}

// http://host[:port] → host, port.
std::pair<std::string, int> parse_server_url(const std::string& url) {
    static const std::regex pattern(R"(^http://([A-Za-z0-9.\-]+|\[[0-9A-Fa-f:]+\])(?::(\d{1,5}))?/?$)");
    std::smatch m;
    if (!std::regex_match(url, m, pattern)) {
        throw config_error("--url '" + url + "': expected http://HOST[:PORT] of a running covermap");
    }
    return {m[1], m[2].matched ? std::stoi(m[2]) : 80};
}

void add_walk_options(CLI::App* cmd, walk_options& o) {
    cmd->add_option("--tileset", o.tileset, "Tileset (GET /tiles lists them)")->capture_default_str();
    cmd->add_option("--zooms", o.zooms, "Zoom or range, e.g. 0-10")->capture_default_str();
    cmd->add_option("--bbox", o.bbox, "west,south,east,north in degrees (default: the edition's extent)");
    cmd->add_option("--edition", o.edition, "Edition (default: the newest)");
    cmd->add_option("--as-of", o.as_of, "Registry snapshot date (default: the latest)");
    cmd->add_option("--compare", o.compare, "A second snapshot date: features also carry the change since it (a change map)");
    cmd->add_option("--threads", o.threads, "Tiles built at once")->capture_default_str()->check(CLI::Range(1, 64));
}

}  // namespace

void add_tiles_commands(CLI::App& app, const global_options& global, action& run) {
    auto* tiles_cmd = app.add_subcommand("tiles", "Vector tiles: seed a server's cache, export MBTiles");
    tiles_cmd->require_subcommand(1);

    auto seed = std::make_shared<walk_options>();
    auto* seed_cmd = tiles_cmd->add_subcommand(
        "seed", "Request every tile of a tileset over zooms and a box from a running server (--url), warming its "
                "cache; without --url, build them locally and report sizes");
    add_walk_options(seed_cmd, *seed);
    seed_cmd->add_option("--url", seed->url, "A running covermap, e.g. http://127.0.0.1:8080");
    seed_cmd->callback([&global, &run, seed] {
        run = [&global, seed] {
            const auto& ts = tileset_named(seed->tileset);
            const auto zooms = tiles::parse_zoom_range(seed->zooms, "--zooms");
            auto c = open_local(global, *seed, "covermap tiles seed");
            fetch_fn fetch = local_fetch(c, ts);
            if (!seed->url.empty()) {
                const auto [host, port] = parse_server_url(seed->url);
                std::string query = "?edition=" + c.scope.edition->name;
                if (c.scope.as_of) query += "&as_of=" + *c.scope.as_of;
                if (c.scope.compare) query += "&compare=" + *c.scope.compare;
                fetch = [host = host, port = port, query, &ts](const tiles::tile_id& t) {
                    const std::string target = "/tiles/" + ts.name + "/" + std::to_string(t.z) + "/" +
                                               std::to_string(t.x) + "/" + std::to_string(t.y) + ".mvt" + query;
                    const auto r = api::http_request(host, port, "GET", target, {{"Accept-Encoding", "gzip"}});
                    fetched f;
                    if (r.status == 204) return f;
                    if (r.status != 200) {
                        throw error("GET " + target + ": HTTP " + std::to_string(r.status) + " " + r.body.substr(0, 300));
                    }
                    f.empty = false;
                    f.gzip = r.body;
                    f.raw_size = r.headers.count("content-encoding") ? tiles::gunzip(r.body).size() : r.body.size();
                    return f;
                };
            }
            const auto stats = walk(ts, c.box, zooms, seed->threads, fetch, [](const tiles::tile_id&, const fetched&) {});
            print_stats(stats);
            return 0;
        };
    });

    auto exp = std::make_shared<walk_options>();
    exp->zooms = "0-12";
    auto* export_cmd = tiles_cmd->add_subcommand("export", "Write a tileset's tiles over zooms and a box to an MBTiles file");
    add_walk_options(export_cmd, *exp);
    export_cmd->add_option("-o,--output", exp->output, "MBTiles file to write (replaced when it exists)")->required();
    export_cmd->callback([&global, &run, exp] {
        run = [&global, exp] {
            const auto& ts = tileset_named(exp->tileset);
            const auto zooms = tiles::parse_zoom_range(exp->zooms, "--zooms");
            auto c = open_local(global, *exp, "covermap tiles export");
            tiles::mbtiles_writer out(exp->output);
            const auto stats = walk(ts, c.box, zooms, exp->threads, local_fetch(c, ts),
                                    [&out](const tiles::tile_id& t, const fetched& f) { out.put(t, f.gzip); });
            nlohmann::json layers = nlohmann::json::array();
            for (const auto& l : ts.layers) {
                if (!c.scope.edition->has_level(l.level)) continue;
                nlohmann::json fields = nlohmann::json::object();
                for (const auto& f : c.engine->fields(c.scope, l)) fields[f.name] = f.type;
                layers.push_back({{"id", l.name}, {"minzoom", std::max(l.min_zoom, zooms.min)},
                                  {"maxzoom", std::min(l.max_zoom, zooms.max)}, {"fields", fields}});
            }
            auto number = [](double v) {
                std::ostringstream s;
                s << std::setprecision(10) << v;
                return s.str();
            };
            out.metadata("name", ts.name);
            out.metadata("description", ts.description);
            out.metadata("format", "pbf");
            out.metadata("type", "overlay");
            out.metadata("version", "1");
            out.metadata("minzoom", std::to_string(zooms.min));
            out.metadata("maxzoom", std::to_string(zooms.max));
            out.metadata("bounds", number(c.box.min_x) + "," + number(c.box.min_y) + "," + number(c.box.max_x) + "," +
                                       number(c.box.max_y));
            out.metadata("center", number((c.box.min_x + c.box.max_x) / 2) + "," + number((c.box.min_y + c.box.max_y) / 2) +
                                       "," + std::to_string(std::clamp(6, zooms.min, zooms.max)));
            out.metadata("json", nlohmann::json{{"vector_layers", layers}}.dump());
            out.metadata("covermap:edition", c.scope.edition->name);
            if (c.scope.as_of) out.metadata("covermap:as_of", *c.scope.as_of);
            if (c.scope.compare) out.metadata("covermap:compare", *c.scope.compare);
            out.commit();
            print_stats(stats);
            long long written = 0;
            for (const auto& s : stats) written += s.tiles - s.empty;
            std::cout << "wrote " << written << " tiles to " << exp->output << '\n';
            return 0;
        };
    });
}

}  // namespace covermap::cli
