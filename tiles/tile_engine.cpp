#include "tiles/tile_engine.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include <spdlog/spdlog.h>

#include "core/error.hpp"
#include "core/text.hpp"
#include "geo/wkb.hpp"
#include "db/session.hpp"
#include "tiles/sql.hpp"

namespace covermap::tiles {
namespace {


// A uniform grid over item boxes. An item is listed in every cell its box touches; a query
// reports it once, from the cell holding the corner of its overlap with the query box.
class grid_index {
public:
    void build(const std::vector<geo::box>& boxes) {
        if (boxes.empty()) return;
        extent_ = boxes.front();
        for (const auto& b : boxes) {
            extent_.min_x = std::min(extent_.min_x, b.min_x);
            extent_.min_y = std::min(extent_.min_y, b.min_y);
            extent_.max_x = std::max(extent_.max_x, b.max_x);
            extent_.max_y = std::max(extent_.max_y, b.max_y);
        }
        // About one item per cell on average: cheap to scan at low zooms, few candidates when close.
        side_ = std::max(1, static_cast<int>(std::ceil(std::sqrt(static_cast<double>(boxes.size())))));
        cell_w_ = std::max((extent_.max_x - extent_.min_x) / side_, 1e-9);
        cell_h_ = std::max((extent_.max_y - extent_.min_y) / side_, 1e-9);
        offsets_.assign(static_cast<std::size_t>(side_) * side_ + 1, 0);
        for (const auto& b : boxes) for_cells(b, [&](std::size_t c) { ++offsets_[c + 1]; });
        for (std::size_t c = 1; c < offsets_.size(); ++c) offsets_[c] += offsets_[c - 1];
        items_.resize(offsets_.back());
        std::vector<std::uint32_t> fill(offsets_.begin(), offsets_.end() - 1);
        for (std::uint32_t i = 0; i < boxes.size(); ++i) for_cells(boxes[i], [&](std::size_t c) { items_[fill[c]++] = i; });
    }

    template <typename F>
    void query(const geo::box& q, const std::vector<geo::box>& boxes, F&& report) const {
        if (offsets_.empty() || !q.intersects(extent_)) return;
        const int x0 = col(q.min_x), x1 = col(q.max_x), y0 = row(q.min_y), y1 = row(q.max_y);
        for (int cy = y0; cy <= y1; ++cy) {
            for (int cx = x0; cx <= x1; ++cx) {
                const std::size_t c = static_cast<std::size_t>(cy) * side_ + cx;
                for (std::uint32_t k = offsets_[c]; k < offsets_[c + 1]; ++k) {
                    const std::uint32_t i = items_[k];
                    const geo::box& b = boxes[i];
                    if (!b.intersects(q)) continue;
                    if (col(std::max(b.min_x, q.min_x)) != cx || row(std::max(b.min_y, q.min_y)) != cy) continue;
                    report(i);
                }
            }
        }
    }

private:
    int col(double x) const { return std::clamp(static_cast<int>((x - extent_.min_x) / cell_w_), 0, side_ - 1); }
    int row(double y) const { return std::clamp(static_cast<int>((y - extent_.min_y) / cell_h_), 0, side_ - 1); }
    template <typename F>
    void for_cells(const geo::box& b, F&& f) const {
        for (int cy = row(b.min_y); cy <= row(b.max_y); ++cy) {
            for (int cx = col(b.min_x); cx <= col(b.max_x); ++cx) f(static_cast<std::size_t>(cy) * side_ + cx);
        }
    }

    geo::box extent_;
    int side_ = 0;
    double cell_w_ = 1, cell_h_ = 1;
    std::vector<std::uint32_t> offsets_, items_;
};

geo::box bbox_of(const geo::multipolygon& mp) {
    geo::box b{HUGE_VAL, HUGE_VAL, -HUGE_VAL, -HUGE_VAL};
    for (const auto& poly : mp) {
        for (const auto& p : poly.rings.empty() ? geo::linear_ring{} : poly.rings.front()) {
            b.min_x = std::min(b.min_x, p.x);
            b.min_y = std::min(b.min_y, p.y);
            b.max_x = std::max(b.max_x, p.x);
            b.max_y = std::max(b.max_y, p.y);
        }
    }
    return b;
}

}  // namespace

namespace {
// Whether the scope's snapshot `as_of` has figures for the level (a conversion for its levels only).
bool has_figures(const tile_scope& scope, const std::string& as_of, const std::string& level) {
    const auto* s = scope.edition->find(as_of);
    return !s || s->has_level(level);
}
}  // namespace

class tile_engine::shape_set {
public:
    std::vector<shape> shapes;
    std::vector<point> points;
    std::unordered_map<long long, std::string> label_text;  // label sets: the text written at each point

    void build_index() {
        std::sort(shapes.begin(), shapes.end(), [](const shape& a, const shape& b) { return a.id < b.id; });
        std::sort(points.begin(), points.end(), [](const point& a, const point& b) { return a.id < b.id; });
        shape_boxes_.reserve(shapes.size());
        for (const auto& s : shapes) shape_boxes_.push_back(s.bbox);
        point_boxes_.reserve(points.size());
        for (const auto& p : points) point_boxes_.push_back({p.at.x, p.at.y, p.at.x, p.at.y});
        shape_index_.build(shape_boxes_);
        point_index_.build(point_boxes_);
    }
    // Indices of the shapes / points whose box meets `q`, in id order (tiles come out the same
    // whichever cells found them).
    std::vector<std::uint32_t> shapes_in(const geo::box& q) const { return hits(shape_index_, shape_boxes_, q); }
    std::vector<std::uint32_t> points_in(const geo::box& q) const { return hits(point_index_, point_boxes_, q); }

private:
    static std::vector<std::uint32_t> hits(const grid_index& index, const std::vector<geo::box>& boxes, const geo::box& q) {
        std::vector<std::uint32_t> out;
        index.query(q, boxes, [&](std::uint32_t i) { out.push_back(i); });
        std::sort(out.begin(), out.end());
        return out;
    }
    std::vector<geo::box> shape_boxes_, point_boxes_;
    grid_index shape_index_, point_index_;
};

// The label points inside the tile (west and south edges in, east and north out: a point on a
// border belongs to one tile), each with its text as `name` and the unit's province code only.
template <typename PropsOf>
void add_labels(layer_builder& builder, const tile_engine::shape_set& set, const bounds& tb, PropsOf&& props_of) {
    properties label;
    for (const auto i : set.points_in({tb.min_x, tb.min_y, tb.max_x, tb.max_y})) {
        const auto& p = set.points[i];
        if (p.at.x < tb.min_x || p.at.x >= tb.max_x || p.at.y < tb.min_y || p.at.y >= tb.max_y) continue;
        const auto text = set.label_text.find(p.id);
        if (text == set.label_text.end() || text->second.empty()) continue;
        label.clear();
        label.push_back({"name", text->second});
        for (const auto& prop : props_of(p.id)) {
            if (prop.key == "province_code") label.push_back(prop);
        }
        builder.add_points(static_cast<std::uint64_t>(p.id), {p.at}, label);
    }
}

struct tile_engine::attribute_set {
    std::unordered_map<long long, properties> by_id;
    std::vector<field_spec> fields;
};

tile_engine::tile_engine(db::pool& pool, catalog::catalogue_cache& catalogues) : pool_(pool), catalogues_(catalogues) {}

tile_engine::tile_engine(db::pool& pool)
    : pool_(pool), own_catalogues_(std::make_unique<catalog::catalogue_cache>()), catalogues_(*own_catalogues_) {}

template <typename Fn>
auto tile_engine::read(Fn&& work) {
    try {
        return db::read(pool_, std::forward<Fn>(work));
    } catch (const pqxx::undefined_table&) {
        throw db_error("the database schema is older than this covermap: run `covermap db migrate`");
    }
}

void tile_engine::set_version(long long version) {
    version_.store(version);
    std::lock_guard<std::mutex> lock(mutex_);
    auto prune = [version](auto& slots) {
        for (auto it = slots.begin(); it != slots.end();) it = it->second.version == version ? std::next(it) : slots.erase(it);
    };
    prune(shapes_);
    prune(attributes_);
}

template <typename T, typename Load>
std::shared_ptr<const T> tile_engine::get_or_load(std::map<std::string, slot<T>>& slots, const std::string& key,
                                                  long long version, Load&& load) {
    std::promise<std::shared_ptr<const T>> promise;
    std::shared_future<std::shared_ptr<const T>> future;
    bool mine = false;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        const auto it = slots.find(key);
        if (it != slots.end() && it->second.version == version) {
            future = it->second.value;
        } else {
            future = promise.get_future().share();
            slots[key] = slot<T>{version, future};
            mine = true;
        }
    }
    if (mine) {
        try {
            promise.set_value(load());
        } catch (...) {
            promise.set_exception(std::current_exception());
            // Not kept: the next request tries again (the database may be back).
            std::lock_guard<std::mutex> lock(mutex_);
            const auto it = slots.find(key);
            if (it != slots.end() && it->second.version == version) slots.erase(it);
        }
    }
    return future.get();
}

std::shared_ptr<const catalogue> tile_engine::current_catalogue() {
    auto cat = catalogues_.current(pool_);
    // Before the change listener has said which version is current, the catalogue says.
    long long expected = -1;
    version_.compare_exchange_strong(expected, cat->version);
    return cat;
}

tile_scope tile_engine::resolve(const catalogue& cat, const std::optional<std::string>& edition,
                                const std::optional<std::string>& as_of, const std::optional<std::string>& compare) {
    const auto resolved = catalog::resolve(cat, {edition, std::nullopt, as_of, compare}, catalog::wording::tiles);
    tile_scope scope;
    scope.version = resolved.version;
    scope.edition = resolved.edition;
    if (resolved.as_of) scope.as_of = resolved.as_of->as_of;
    if (resolved.compare) scope.compare = resolved.compare->as_of;
    return scope;
}

std::shared_ptr<const tile_engine::shape_set> tile_engine::shapes(const tile_scope& scope, const std::string& level, int zoom) {
    const auto band = geo::zoom_band_for(zoom);
    const long long edition = scope.edition->id;
    const std::string key = std::to_string(edition) + "/" + level + "/" + (band ? std::to_string(band->max_zoom) : "full");
    return get_or_load(shapes_, key, scope.version, [&] {
        return read([&](pqxx::read_transaction& tx) {
            auto set = std::make_shared<shape_set>();
            auto add_polygons = [&](const pqxx::result& rows) {
                set->shapes.reserve(rows.size());
                for (const auto& r : rows) {
                    const pqxx::binarystring wkb(r[1]);
                    shape s{r[0].as<long long>(), {}, geo::read_wkb_multipolygon(wkb.data(), wkb.size()), {}};
                    s.bbox = bbox_of(s.geom);
                    s.parts = part_bounds(s.geom);
                    if (!s.geom.empty()) set->shapes.push_back(std::move(s));
                }
            };
            if (band) add_polygons(tx.exec_params(sql::get("band_shapes"), edition, level, band->max_zoom));
            if (!band || set->shapes.empty()) {
                const auto full = tx.exec_params(sql::get("full_shapes"), edition, level);
                if (band && !full.empty()) {
                    spdlog::warn("edition {} level {}: no generalised shapes for zoom {} (imported before covermap "
                                 "generalised at import?): serving full geometry; re-import the boundaries",
                                 scope.edition->name, level, zoom);
                }
                add_polygons(full);
            }
            for (const auto& r : tx.exec_params(sql::get("level_points"), edition, level)) {
                set->points.push_back({r[0].as<long long>(), {r[1].as<double>(), r[2].as<double>()}});
            }
            set->build_index();
            return std::shared_ptr<const shape_set>(std::move(set));
        });
    });
}

std::shared_ptr<const tile_engine::shape_set> tile_engine::label_points(const tile_scope& scope, const std::string& level) {
    const long long edition = scope.edition->id;
    return get_or_load(shapes_, std::to_string(edition) + "/" + level + "/labels", scope.version, [&] {
        return read([&](pqxx::read_transaction& tx) {
            auto set = std::make_shared<shape_set>();
            for (const auto& r : tx.exec_params(sql::get("level_labels"), edition, level)) {
                set->points.push_back({r[0].as<long long>(), {r[1].as<double>(), r[2].as<double>()}});
                if (!r[3].is_null()) set->label_text.emplace(r[0].as<long long>(), r[3].as<std::string>());
            }
            set->build_index();
            return std::shared_ptr<const shape_set>(std::move(set));
        });
    });
}

std::shared_ptr<const tile_engine::attribute_set> tile_engine::attributes(const tile_scope& scope, const std::string& level) {
    const long long edition = scope.edition->id;
    if (scope.compare && scope.as_of) {
        // The snapshot's attributes (cached on their own) and the change since `compare`.
        const std::string key = std::to_string(edition) + "/" + level + "/" + *scope.as_of + "~" + *scope.compare;
        return get_or_load(attributes_, key, scope.version, [&] {
            tile_scope plain = scope;
            plain.compare.reset();
            auto set = std::make_shared<attribute_set>(*attributes(plain, level));
            if (!has_figures(scope, *scope.as_of, level) || !has_figures(scope, *scope.compare, level)) {
                return std::shared_ptr<const attribute_set>(std::move(set));
            }
            read([&](pqxx::read_transaction& tx) {
                // Column 0 the id, then the changes: float8 (the rate) or an integer count.
                const auto rows = tx.exec_params(sql::get("level_changes"), edition, level, *scope.as_of, *scope.compare);
                constexpr pqxx::oid float8 = 701;
                std::vector<std::string> names;
                std::vector<bool> real;
                for (pqxx::row::size_type c = 1; c < rows.columns(); ++c) {
                    names.emplace_back(rows.column_name(c));
                    real.push_back(rows.column_type(c) == float8);
                    set->fields.push_back({names.back(), "Number"});
                }
                for (const auto& r : rows) {
                    const auto it = set->by_id.find(r[0].as<long long>());
                    if (it == set->by_id.end()) continue;
                    for (std::size_t k = 0; k < names.size(); ++k) {
                        const auto& f = r[static_cast<pqxx::row::size_type>(k + 1)];
                        if (f.is_null()) continue;
                        if (real[k]) it->second.push_back({names[k], f.as<double>()});
                        else it->second.push_back({names[k], static_cast<std::int64_t>(f.as<long long>())});
                    }
                }
                return 0;
            });
            return std::shared_ptr<const attribute_set>(std::move(set));
        });
    }
    const std::string key = std::to_string(edition) + "/" + level + "/" + scope.as_of.value_or("-");
    return get_or_load(attributes_, key, scope.version, [&] {
        return read([&](pqxx::read_transaction& tx) {
            auto set = std::make_shared<attribute_set>();
            const auto rows = tx.exec_params(sql::get("level_attributes"), edition, level, scope.as_of);
            // Column 0 is the id (the MVT feature id); the rest become properties under their
            // names, typed by the column's type: text, float8 (rates, shares) or an integer count.
            constexpr pqxx::oid float8 = 701, text = 25;
            std::vector<pqxx::oid> types;
            for (pqxx::row::size_type c = 1; c < rows.columns(); ++c) {
                types.push_back(rows.column_type(c));
                set->fields.push_back({rows.column_name(c), types.back() == text ? "String" : "Number"});
            }
            set->by_id.reserve(rows.size());
            for (const auto& r : rows) {
                properties props;
                for (pqxx::row::size_type c = 1; c < r.size(); ++c) {
                    if (r[c].is_null()) continue;
                    const auto& name = set->fields[c - 1].name;
                    const pqxx::oid type = types[c - 1];
                    if (type == text) {
                        props.push_back({name, r[c].as<std::string>()});
                    } else if (type == float8) {
                        props.push_back({name, r[c].as<double>()});
                    } else {
                        props.push_back({name, static_cast<std::int64_t>(r[c].as<long long>())});
                    }
                }
                set->by_id.emplace(r[0].as<long long>(), std::move(props));
            }
            std::string last_metric;
            for (const auto& r : tx.exec_params(sql::get("level_indicator_values"), edition, level)) {
                const auto metric = r[1].as<std::string>();
                if (metric != last_metric) {
                    set->fields.push_back({metric, "Number"});
                    last_metric = metric;
                }
                const auto it = set->by_id.find(r[0].as<long long>());
                if (it != set->by_id.end()) it->second.push_back({metric, r[2].as<double>()});
            }
            return std::shared_ptr<const attribute_set>(std::move(set));
        });
    });
}

std::vector<field_spec> tile_engine::fields(const tile_scope& scope, const std::string& level) {
    if (!scope.edition->has_level(level)) return {};
    return attributes(scope, level)->fields;
}

std::vector<field_spec> tile_engine::fields(const tile_scope& scope, const layer_spec& layer) {
    auto all = fields(scope, layer.level);
    if (!layer.labels) return all;
    std::vector<field_spec> out{{"name", "String"}};
    for (auto& f : all) {
        if (f.name == "province_code") out.push_back(std::move(f));
    }
    return out;
}

std::string tile_engine::render(const tileset_spec& tileset, const tile_id& tile, const tile_scope& scope) {
    std::string out;
    const bounds tb = mercator_bounds(tile);
    // One unit beyond the buffer: a point or vertex that rounds onto the buffer's edge is in the tile.
    const double margin = (tb.max_x - tb.min_x) / tile_extent * (tile_buffer + 1);
    const geo::box query{tb.min_x - margin, tb.min_y - margin, tb.max_x + margin, tb.max_y + margin};
    for (const auto& layer : tileset.layers) {
        if (tile.z < layer.min_zoom || tile.z > layer.max_zoom || !scope.edition->has_level(layer.level)) continue;
        const auto attrs = attributes(scope, layer.level);
        static const properties none;
        auto props_of = [&](long long id) -> const properties& {
            const auto it = attrs->by_id.find(id);
            return it == attrs->by_id.end() ? none : it->second;
        };
        layer_builder builder(layer.name, tb, tile_extent, tile_buffer);
        if (layer.labels) {
            add_labels(builder, *label_points(scope, layer.level), tb, props_of);
            if (!builder.empty()) builder.append_to(out);
            continue;
        }
        const auto set = shapes(scope, layer.level, tile.z);
        for (const auto i : set->shapes_in(query)) {
            const auto& s = set->shapes[i];
            builder.add_polygons(static_cast<std::uint64_t>(s.id), s.geom, s.parts, props_of(s.id));
        }
        for (const auto i : set->points_in(query)) {
            const auto& p = set->points[i];
            builder.add_points(static_cast<std::uint64_t>(p.id), {p.at}, props_of(p.id));
        }
        if (!builder.empty()) builder.append_to(out);
    }
    return out;
}

}  // namespace covermap::tiles
