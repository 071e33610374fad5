// Personal data of the shared registries (leaders' names, phone numbers) is stored but never
// published: every public endpoint is fetched and searched for every leader and phone.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <set>

#include "api/server.hpp"
#include "db/pool.hpp"
#include "registry/registry_fields.hpp"
#include "tiles/tile_grid.hpp"
#include "geo/table_source.hpp"
#include "tests/shared/shared_env.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/test_db.hpp"
#include "tests/support/test_server.hpp"

namespace covermap::testing {
namespace {

using nlohmann::json;

std::string digits(const std::string& s) {
    std::string d;
    for (char c : s) {
        if (c >= '0' && c <= '9') d.push_back(c);
    }
    return d;
}

// Runs of letters (any UTF-8 byte >= 0x80 counts as a letter), for matching multi-word names.
std::vector<std::string> words(const std::string& text) {
    std::vector<std::string> out;
    std::string w;
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u >= 0x80 || std::isalpha(u)) {
            w.push_back(c);
        } else if (!w.empty()) {
            out.push_back(std::move(w));
            w.clear();
        }
    }
    if (!w.empty()) out.push_back(w);
    return out;
}

struct personal_data {
    std::set<std::string> leaders;  // full names, as written
    std::set<std::string> phones;   // digits only
};

personal_data read_personal_data(const std::vector<std::string>& files) {
    personal_data p;
    for (const auto& file : files) {
        geo::table_source table(file);
        std::optional<std::size_t> leader, phone;
        for (std::size_t i = 0; i < table.headers().size(); ++i) {
            const auto f = registry::recognise_header(table.headers()[i]);
            if (f == registry::registry_field::leader) leader = i;
            if (f == registry::registry_field::phone) phone = i;
        }
        for (core::table_row row; table.next(row);) {
            if (leader && !row.cells[*leader].empty()) p.leaders.insert(row.cells[*leader]);
            if (phone && digits(row.cells[*phone]).size() >= 9) p.phones.insert(digits(row.cells[*phone]));
        }
    }
    return p;
}

TEST(PublicEndpoints, PublishNoLeaderNameAndNoPhoneNumber) {
    if (shared_database_url() == nullptr) GTEST_SKIP() << "../shared/data is absent";
    const std::string dir = shared_data_dir() + "/registry/";
    personal_data pii = read_personal_data({dir + "teams_2022-08.csv", dir + "teams_2023-12.csv", dir + "teams_2026-06.csv"});
    ASSERT_GT(pii.leaders.size(), 100u);
    ASSERT_GT(pii.phones.size(), 10000u);
    // A leader may share a name with a place ("Phường Hoàng Văn Thụ"): those names are public anyway.
    {
        auto conn = db::connect(*shared_database_url(), "covermap tests");
        pqxx::read_transaction tx(*conn);
        std::set<std::string> place_words;
        for (const auto& r : tx.exec("SELECT DISTINCT name FROM admin_unit WHERE name IS NOT NULL")) {
            const auto w = words(r[0].as<std::string>());
            for (std::size_t i = 0; i < w.size(); ++i) {
                std::string joined;
                for (std::size_t k = i; k < w.size(); ++k) {
                    joined += (k > i ? " " : "") + w[k];
                    pii.leaders.erase(joined);
                }
            }
        }
    }

    api::server_config config;
    config.database_url = *shared_database_url();
    const auto srv = start_test_server(config);
    std::vector<std::string> targets{"/health", "/ready", "/api/editions", "/api/imports", "/api/aliases"};
    const json imports = json::parse(http_get(config.port, "/api/imports").body)["imports"];
    ASSERT_EQ(imports.size(), 5u);
    for (const auto& import : imports) {
        const std::string id = std::to_string(import["id"].get<long long>());
        targets.push_back("/api/imports/" + id);
        const long long issues = import["rows"].get<long long>() - import["counts"]["exact"].get<long long>();
        for (long long offset = 0; offset < issues; offset += 10000) {
            targets.push_back("/api/imports/" + id + "/issues?limit=10000&offset=" + std::to_string(offset));
        }
    }
    for (const std::string edition : {"2009", "2025"}) {
        for (const std::string level : {"province", "district", "commune", "hamlet"}) {
            if (edition == "2025" && level == "district") continue;
            targets.push_back("/api/units?edition=" + edition + "&level=" + level + "&limit=2000");
        }
    }
    targets.push_back("/api/units/1");
    for (const std::string edition : {"2009", "2025"}) {
        const std::string q = "?edition=" + edition + "&level=commune";
        for (const std::string path : {"coverage", "breaks", "autocorrelation", "lisa", "hotspots"}) {
            targets.push_back("/api/stats/" + path + q);
        }
        targets.push_back("/api/stats/coverage" + q + "&format=csv");
        targets.push_back("/api/stats/summary?edition=" + edition);
    }
    targets.push_back("/api/stats/timeseries?unit=1");
    targets.push_back("/api/stats/monthly?edition=2025&level=commune&month=2026-06");
    targets.push_back("/api/stats/monthly?edition=2009&level=commune&month=2023-12");
    targets.push_back("/api/search?q=chi%20lang&limit=100");
    targets.push_back("/api/map-config");
    // OGC API - Features: the documents, every team of both editions' current snapshots, the
    // hamlets and the coverage of Lạng Sơn (paged at the maximum).
    for (const std::string path : {"/?f=json", "/conformance", "/api", "/api.html", "/collections", "/collections/teams/queryables",
                                   "/collections/teams/schema"}) {
        targets.push_back(path);
    }
    for (const std::string suffix : {"", "_2009"}) {
        for (int offset = 0; offset < 110000; offset += 10000) {
            targets.push_back("/collections/teams" + suffix + "/items?limit=10000&offset=" + std::to_string(offset));
        }
        targets.push_back("/collections/hamlets" + suffix + "/items?limit=10000&bbox=106.0,21.3,107.4,22.5");
        targets.push_back("/collections/coverage_hamlets" + suffix + "/items?limit=10000&bbox=106.0,21.3,107.4,22.5");
    }
    // Tiles (uncompressed: no Accept-Encoding) over Lạng Sơn and Hà Nội at every layer's zooms.
    targets.push_back("/tiles");
    for (const std::string edition : {"2009", "2025"}) {
        targets.push_back("/tiles/coverage.json?edition=" + edition);
        for (const auto& [lon, lat] : {std::pair<double, double>{106.76, 21.85}, {105.85, 21.03}}) {
            for (int z : {6, 9, 12, 14}) {
                const auto t = tiles::tile_at(lon, lat, z);
                targets.push_back("/tiles/coverage/" + std::to_string(z) + "/" + std::to_string(t.x) + "/" +
                                  std::to_string(t.y) + ".mvt?edition=" + edition);
            }
        }
    }

    // Every leader name (up to five words) and every phone number, however punctuated (digit runs
    // with spaces, dots or dashes inside), found in `body`.
    auto personal_data_in = [&](const std::string& body) {
        std::vector<std::string> found;
        const auto w = words(body);
        for (std::size_t i = 0; i < w.size(); ++i) {
            std::string joined = w[i];
            for (std::size_t k = i + 1; k < w.size() && k < i + 5; ++k) {
                joined += " " + w[k];
                if (pii.leaders.count(joined)) found.push_back(joined);
            }
        }
        std::string run;
        auto check_run = [&] {
            if (run.size() >= 9 && pii.phones.count(run)) found.push_back(run);
            run.clear();
        };
        for (const char c : body) {
            if (c >= '0' && c <= '9') run.push_back(c);
            else if (!((c == ' ' || c == '.' || c == '-') && !run.empty())) check_run();
        }
        check_run();
        return found;
    };
    // The search itself finds what it looks for.
    const std::string phone = *pii.phones.begin();
    EXPECT_EQ(personal_data_in("{\"x\":\"" + *pii.leaders.rbegin() + "\", \"p\": \"" + phone.substr(0, 4) + "." +
                               phone.substr(4, 3) + "." + phone.substr(7) + "\"}")
                  .size(),
              2u);

    long long bytes = 0, found = 0;
    for (const auto& target : targets) {
        const auto r = http_get(config.port, target);
        ASSERT_EQ(r.status, 200) << target << ": " << r.body.substr(0, 300);
        bytes += static_cast<long long>(r.body.size());
        for (const auto& item : personal_data_in(r.body)) {
            ++found;
            ADD_FAILURE() << target << " publishes personal data: '" << item << "'";
        }
    }
    std::printf("[ pii      ] %zu public responses, %lld bytes searched for %zu leader names and %zu phone numbers\n",
                targets.size(), bytes, pii.leaders.size(), pii.phones.size());
    EXPECT_EQ(found, 0);
}

}  // namespace
}  // namespace covermap::testing
