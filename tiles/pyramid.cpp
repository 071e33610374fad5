#include "tiles/pyramid.hpp"

#include <cmath>
#include <regex>

#include "core/error.hpp"

namespace covermap::tiles {

zoom_range parse_zoom_range(const std::string& text, const std::string& option) {
    static const std::regex pattern(R"(^\s*(\d{1,2})\s*(?:-\s*(\d{1,2})\s*)?$)");
    std::smatch m;
    if (!std::regex_match(text, m, pattern)) {
        throw config_error(option + " '" + text + "': expected a zoom (7) or a range (0-10)");
    }
    zoom_range r;
    r.min = std::stoi(m[1]);
    r.max = m[2].matched ? std::stoi(m[2]) : r.min;
    if (r.min > r.max || r.max > max_zoom) {
        throw config_error(option + " '" + text + "': zooms run from 0 to " + std::to_string(max_zoom) +
                           ", smallest first");
    }
    return r;
}

geo::box parse_lonlat_box(const std::string& text, const std::string& option) {
    double v[4];
    std::size_t pos = 0;
    for (int i = 0; i < 4; ++i) {
        const auto end = text.find(',', pos);
        const std::string part = text.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
        try {
            std::size_t used = 0;
            v[i] = std::stod(part, &used);
            if (used != part.size() || !std::isfinite(v[i])) throw std::invalid_argument(part);
        } catch (const std::exception&) {
            throw config_error(option + " '" + text + "': expected west,south,east,north in degrees");
        }
        if ((end == std::string::npos) != (i == 3)) {
            throw config_error(option + " '" + text + "': expected exactly four numbers west,south,east,north");
        }
        pos = end + 1;
    }
    const geo::box b{v[0], v[1], v[2], v[3]};
    if (b.min_x >= b.max_x || b.min_y >= b.max_y || b.min_x < -180 || b.max_x > 180 || b.min_y < -90 || b.max_y > 90) {
        throw config_error(option + " '" + text + "': west < east and south < north, within ±180 / ±90 degrees");
    }
    return b;
}

std::vector<tile_id> tiles_covering(const geo::box& lonlat, int z) {
    const tile_id nw = tile_at(lonlat.min_x, lonlat.max_y, z);
    const tile_id se = tile_at(lonlat.max_x, lonlat.min_y, z);
    std::vector<tile_id> out;
    out.reserve(static_cast<std::size_t>((se.x - nw.x + 1) * (se.y - nw.y + 1)));
    for (long long y = nw.y; y <= se.y; ++y) {
        for (long long x = nw.x; x <= se.x; ++x) out.push_back({z, x, y});
    }
    return out;
}

std::vector<tile_id> children(const tile_id& t) {
    return {{t.z + 1, 2 * t.x, 2 * t.y}, {t.z + 1, 2 * t.x + 1, 2 * t.y},
            {t.z + 1, 2 * t.x, 2 * t.y + 1}, {t.z + 1, 2 * t.x + 1, 2 * t.y + 1}};
}

}  // namespace covermap::tiles
