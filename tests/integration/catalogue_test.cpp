// The one catalogue (catalog/) on a real PostGIS: the demo province as edition "demo" (its own
// registry snapshots) and its communes again as edition "next" (exported to a GeoPackage and
// imported back, valid from 2099: the default), onto whose units the crosswalk build carries demo's
// snapshots. Reading it, the resolution's defaults and errors (each listing the valid values, in
// both wordings), a converted snapshot, and a new catalogue once an import bumps the data version.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "api/scope.hpp"
#include "catalog/catalogue_cache.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "db/change_listener.hpp"
#include "db/pool.hpp"
#include "tests/support/fixtures.hpp"
#include "tests/support/test_db.hpp"

namespace covermap::testing {
namespace {

using catalog::wording;

class Catalogue : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        url_ = new std::string(migrated_database("covermap_test_catalogue"));
        dir_ = new std::string(temp_dir("covermap-catalogue"));
        for (const std::vector<std::string>& args :
             {std::vector<std::string>{"demo", "--communes", "6"},
              {"export", "coverage", "--level", "commune", "--format", "gpkg", "-o", *dir_ + "/communes.gpkg"},
              {"import", "boundaries", *dir_ + "/communes.gpkg", "--edition", "next", "--level", "commune", "--code-field", "code",
               "--name-field", "name", "--valid-from", "2099-01-01"},
              {"crosswalk", "build", "--from", "demo", "--to", "next"}}) {
            const auto r = run_covermap(*url_, args);
            ASSERT_EQ(r.exit_code, 0) << args.front() << ": " << r.err << r.out;
        }
    }
    static void TearDownTestSuite() {
        shell("rm -rf " + *dir_);
        delete dir_;
        delete url_;
    }
    void SetUp() override { conn_ = db::connect(*url_, "covermap tests"); }

    std::string scalar(const std::string& sql) {
        pqxx::read_transaction tx(*conn_);
        const auto f = tx.exec1(sql)[0];
        return f.is_null() ? "" : f.as<std::string>();
    }
    std::shared_ptr<const catalog::catalogue> read() {
        pqxx::read_transaction tx(*conn_);
        return catalog::read_catalogue(tx);
    }
    // The message of the input_error `resolve` throws ("" when none).
    template <typename Fn>
    static std::string error_of(Fn&& resolve) {
        try {
            resolve();
        } catch (const input_error& e) {
            return e.what();
        }
        return "";
    }

    static std::string* url_;
    static std::string* dir_;
    std::unique_ptr<pqxx::connection> conn_;
};
std::string* Catalogue::url_ = nullptr;
std::string* Catalogue::dir_ = nullptr;

TEST_F(Catalogue, ReadsEditionsLevelsSnapshotsAndExtents) {
    const auto cat = read();
    EXPECT_EQ(std::to_string(cat->version), scalar("SELECT version FROM data_version"));
    ASSERT_EQ(cat->editions.size(), 2u);
    EXPECT_EQ(cat->default_edition()->name, "next");  // the latest validity start
    const auto& demo = *cat->find("demo");
    EXPECT_EQ(core::join_list(demo.level_names()),
              scalar("SELECT string_agg(el.level, ', ' ORDER BY l.rank) FROM edition_level el JOIN admin_level l ON l.name = el.level "
                     "JOIN edition e ON e.id = el.edition_id WHERE e.name = 'demo'"));
    std::vector<std::string> dates;
    for (const auto& s : demo.snapshots) {
        dates.push_back(s.as_of);
        EXPECT_FALSE(s.converted());
        EXPECT_EQ(s.source_edition_id, demo.id);
        EXPECT_GT(s.teams, 0);
        EXPECT_TRUE(s.first_founded && s.last_founded && *s.first_founded <= *s.last_founded);
    }
    EXPECT_EQ(core::join_list(dates), scalar("SELECT string_agg(DISTINCT as_of::text, ', ' ORDER BY as_of::text DESC) FROM registry_import "
                                             "WHERE replaced_at IS NULL"));
    ASSERT_GE(dates.size(), 2u);
    // Every level has its extent; the edition's is that of the level with the fewest units.
    for (const auto& l : demo.levels) {
        ASSERT_TRUE(l.bbox) << l.name;
        EXPECT_LT(l.bbox->min_x, l.bbox->max_x);
        EXPECT_EQ(std::to_string(l.units), scalar("SELECT count(*) FROM admin_unit u JOIN edition e ON e.id = u.edition_id "
                                                  "WHERE e.name = 'demo' AND u.level = '" + l.name + "'"));
    }
    ASSERT_TRUE(demo.bounds);
    EXPECT_DOUBLE_EQ(demo.bounds->min_x, demo.levels.front().bbox->min_x);  // the province: one unit

    // The new edition's snapshots are demo's, carried onto its communes.
    const auto& next = *cat->find("next");
    EXPECT_EQ(core::join_list(next.level_names()), "commune");
    ASSERT_EQ(next.snapshots.size(), dates.size());
    for (const auto& s : next.snapshots) {
        EXPECT_EQ(s.converted_from, std::optional<std::string>("demo"));
        EXPECT_EQ(s.method, "hamlet points");
        EXPECT_EQ(core::join_list(s.levels), "commune");
        EXPECT_EQ(s.source_edition_id, demo.id);
        EXPECT_TRUE(s.has_level("commune"));
        EXPECT_FALSE(s.has_level("province"));
    }
    EXPECT_EQ(next.latest(true), nullptr);
    EXPECT_EQ(next.latest(), &next.snapshots.front());
}

TEST_F(Catalogue, ResolvesDefaultsAndListsTheValidValues) {
    const auto cat = read();
    const auto& demo = *cat->find("demo");
    const auto& next = *cat->find("next");
    // Defaults: the newest edition, the newest snapshot of its own, else the newest converted one.
    auto scope = catalog::resolve(*cat, {});
    EXPECT_EQ(scope.edition, &next);
    EXPECT_EQ(scope.as_of, &next.snapshots.front());
    EXPECT_EQ(scope.compare, nullptr);
    EXPECT_EQ(scope.version, cat->version);
    scope = catalog::resolve(*cat, {std::string("demo"), std::string("commune"), std::nullopt, demo.snapshots.back().as_of});
    EXPECT_EQ(scope.edition, &demo);
    EXPECT_EQ(scope.as_of, &demo.snapshots.front());
    EXPECT_EQ(scope.compare, &demo.snapshots.back());
    EXPECT_EQ(catalog::resolve(*cat, {}, wording::tiles).as_of, &next.snapshots.front());

    const std::string newest = demo.snapshots.front().as_of, oldest = demo.snapshots.back().as_of;
    const std::string all = newest + ", " + oldest, converted = newest + " (from demo), " + oldest + " (from demo)";
    ASSERT_EQ(demo.snapshots.size(), 2u);
    EXPECT_EQ(error_of([&] { catalog::resolve_edition(*cat, std::string("nope")); }), "unknown edition 'nope'; editions: next, demo");
    EXPECT_EQ(error_of([&] { catalog::resolve_edition(*cat, std::string("nope"), wording::tiles); }),
              "unknown edition 'nope' (parameter edition); editions: next, demo");
    EXPECT_EQ(error_of([&] { catalog::require_level(next, "hamlet"); }), "unknown level 'hamlet' in edition next; levels: commune");
    EXPECT_EQ(error_of([&] { catalog::resolve(*cat, {std::nullopt, std::nullopt, std::string("2001-01-01"), std::nullopt}); }),
              "parameter 'as_of': no snapshot of edition next as of '2001-01-01'; snapshots: " + converted);
    EXPECT_EQ(error_of([&] { catalog::resolve(*cat, {std::string("demo"), std::nullopt, std::nullopt, std::string("x")}); }),
              "parameter 'compare': no snapshot of edition demo as of 'x'; snapshots: " + all);
    EXPECT_EQ(error_of([&] { catalog::resolve(*cat, {std::nullopt, std::nullopt, std::nullopt, std::string("x")}, wording::tiles); }),
              "no registry snapshot of edition next as of 'x' (parameter compare); snapshots: " + all);
    // A converted snapshot has figures for its levels only.
    EXPECT_EQ(error_of([&] { catalog::resolve_snapshot(next, oldest, "--as-of", std::string("province")); }),
              "parameter '--as-of': the snapshot of " + oldest + " is edition demo's carried onto edition next, "
              "with figures for commune, not for level 'province'");

    // An empty database: nothing to resolve, said in both wordings.
    const catalog::catalogue none;
    EXPECT_EQ(error_of([&] { catalog::resolve(none, {}); }), "no edition loaded yet: import boundaries or run `covermap demo`");
    EXPECT_EQ(error_of([&] { catalog::resolve(none, {}, wording::tiles); }), "no boundaries are loaded yet: import an edition first");
    EXPECT_EQ(error_of([&] { catalog::resolve_edition(none, std::string("x")); }), "unknown edition 'x'; editions: none loaded yet");

    // The statistics' resolution (api/scope.hpp) through a transaction that knows the catalogue.
    catalog::catalogue_cache cache;
    catalog::catalogued_read tx(*conn_, &cache);
    const auto edition = api::resolve_edition(tx, std::nullopt);
    EXPECT_EQ(edition.name, "next");
    const auto snapshot = api::resolve_snapshot(tx, edition, oldest, "as_of", std::string("commune"));
    EXPECT_EQ(snapshot.converted_from, std::optional<std::string>("demo"));
    EXPECT_EQ(snapshot.method, "hamlet points");
    EXPECT_EQ(snapshot.source_edition_id, demo.id);
    EXPECT_EQ(tx.catalogue(), cache.get(tx));  // read once, kept by the cache
}

TEST_F(Catalogue, ReadAgainWhenTheChangeListenerReportsANewVersion) {
    db::pool pool(*url_, 1, "covermap tests");
    catalog::catalogue_cache cache;
    const auto before = cache.current(pool);
    EXPECT_EQ(cache.version(), before->version);
    EXPECT_EQ(cache.current(pool), before);  // kept: no new read
    EXPECT_FALSE(before->find("next")->title);
    db::change_listener listener(*url_, [&](long long version) { cache.set_version(version); });

    // An import bumps the version (and NOTIFYs): here, the new edition gets a title.
    const auto r = run_covermap(*url_, {"import", "boundaries", *dir_ + "/communes.gpkg", "--edition", "next", "--level", "commune",
                                        "--code-field", "code", "--name-field", "name", "--title", "Next edition"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (cache.version() <= before->version && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    const auto after = cache.current(pool);
    EXPECT_GT(after->version, before->version);
    EXPECT_EQ(after->find("next")->title, std::optional<std::string>("Next edition"));
    // A transaction sees the same version: the kept catalogue, no second read.
    pqxx::read_transaction tx(*conn_);
    EXPECT_EQ(cache.get(tx), after);
    cache.clear();
    EXPECT_NE(cache.get(tx), after);
}

}  // namespace
}  // namespace covermap::testing
