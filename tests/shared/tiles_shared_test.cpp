// Vector tiles of the real editions: every tile of the map's tileset from zoom 0 to 14 stays
// under 500 KB (walked by `covermap tiles seed`, which prints the largest per zoom), and dense
// tiles (Hà Nội, Lạng Sơn) hold exactly the features PostGIS's ST_AsMVTGeom keeps — hamlet
// points included — as GDAL's MVT driver reads them.
#include <gtest/gtest.h>

#include <sstream>

#include "db/pool.hpp"
#include "tests/shared/shared_env.hpp"
#include "tests/support/fixtures.hpp"
#include "tests/support/mvt_decode.hpp"
#include "tests/support/test_db.hpp"
#include "tiles/tile_engine.hpp"
#include "tiles/tilesets.hpp"

namespace covermap::testing {
namespace {

class SharedTiles : public ::testing::Test {
protected:
    void SetUp() override {
        if (shared_database_url() == nullptr) GTEST_SKIP() << "../shared/data is absent";
    }
};

TEST_F(SharedTiles, EveryCoverageTileFromZoom0To14IsUnder500KB) {
    for (const std::string edition : {"2025", "2009"}) {
        const auto r = run_covermap(*shared_database_url(),
                                    {"tiles", "seed", "--tileset", "coverage", "--edition", edition, "--zooms", "0-14"});
        ASSERT_EQ(r.exit_code, 0) << r.err;
        std::printf("[ tiles    ] edition %s, tileset coverage:\n%s", edition.c_str(), r.out.c_str());
        std::istringstream lines(r.out);
        std::string line;
        std::getline(lines, line);  // header
        int zooms = 0;
        long long tiles_seen = 0;
        while (std::getline(lines, line)) {
            std::istringstream row(line);
            int zoom = 0;
            long long tiles = 0, empty = 0, largest = 0;
            row >> zoom >> tiles >> empty >> largest;
            EXPECT_EQ(zoom, zooms) << line;
            EXPECT_LE(largest, 500 * 1000) << "edition " << edition << ": " << line;
            tiles_seen += tiles - empty;
            ++zooms;
        }
        EXPECT_EQ(zooms, 15);
        EXPECT_GT(tiles_seen, 50000);  // zoom 14 alone covers the country with ~65k tiles
    }
}

TEST_F(SharedTiles, DenseTilesHoldWhatPostgisKeeps) {
    const std::string& url = *shared_database_url();
    db::pool pool(url, 1, "covermap tests");
    tiles::tile_engine engine(pool);
    const auto catalogue = engine.current_catalogue();
    const std::string dir = temp_dir("covermap-shared-tiles");
    for (const std::string edition : {"2025", "2009"}) {
        const auto scope = tiles::tile_engine::resolve(*catalogue, edition, std::nullopt);
        for (const auto& [lon, lat] : {std::pair<double, double>{105.85, 21.03}, {106.76, 21.85}}) {
            for (int z : {8, 10, 12, 14}) {
                const auto t = tiles::tile_at(lon, lat, z);
                const auto bytes = engine.render(*tiles::find_tileset("coverage"), t, scope);
                const auto layers = decode_tile(dir + "/" + edition, t, bytes);
                for (const auto& [name, level] : {std::pair<std::string, std::string>{"provinces", "province"},
                                                  {"districts", "district"}, {"communes", "commune"},
                                                  {"hamlets", "hamlet"}}) {
                    const auto* spec = tiles::find_tileset("coverage");
                    bool shown = false;
                    for (const auto& l : spec->layers) shown |= l.name == name && z >= l.min_zoom && scope.edition->has_level(level);
                    const auto expected = shown ? postgis_tile_ids(url, edition, level, t) : std::set<long long>{};
                    const auto it = layers.find(name);
                    const std::set<long long> got = it == layers.end() ? std::set<long long>{} : it->second.ids;
                    EXPECT_EQ(got.size(), expected.size()) << edition << " " << name << " " << z << "/" << t.x << "/" << t.y;
                    EXPECT_EQ(got, expected) << edition << " " << name << " " << z << "/" << t.x << "/" << t.y;
                    if (shown && level == "hamlet") {
                        EXPECT_GT(expected.size(), 0u);
                    }
                }
            }
        }
    }
    shell("rm -rf " + dir);
}

}  // namespace
}  // namespace covermap::testing
