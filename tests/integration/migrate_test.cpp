#include <gtest/gtest.h>

#include "db/migrate.hpp"
#include "db/pool.hpp"
#include "core/error.hpp"
#include "tests/support/test_db.hpp"

namespace covermap::testing {
namespace {

TEST(Migrate, AppliesInOrderOnceThenIsANoOp) {
    const std::string url = fresh_database("covermap_test_migrate");
    auto conn = db::connect(url, "covermap tests");
    EXPECT_EQ(db::current_version(*conn), 0);
    EXPECT_THROW(db::require_current(*conn), db_error);
    const auto applied = db::migrate(*conn);
    ASSERT_EQ(applied.size(), db::migrations().size());
    for (std::size_t i = 0; i < applied.size(); ++i) EXPECT_EQ(applied[i], db::migrations()[i].version);
    EXPECT_EQ(db::current_version(*conn), db::latest_version());
    EXPECT_NO_THROW(db::require_current(*conn));
    EXPECT_TRUE(db::migrate(*conn).empty());
    pqxx::read_transaction tx(*conn);
    EXPECT_EQ(tx.exec1("SELECT count(*) FROM covermap_schema")[0].as<std::size_t>(), db::migrations().size());
    EXPECT_EQ(tx.exec1("SELECT count(*) FROM admin_level")[0].as<int>(), 4);
}

// Every covermap session (the server's pool, the change listener, the CLI) is named and runs
// without JIT, whatever the cluster's default.
TEST(Connect, NamesTheSessionAndTurnsJitOff) {
    const std::string url = fresh_database("covermap_test_connect");
    auto conn = db::connect(url, "covermap connect test");
    pqxx::read_transaction tx(*conn);
    const auto row = tx.exec1("SELECT current_setting('application_name'), current_setting('jit'), "
                              "(SELECT boot_val FROM pg_settings WHERE name = 'jit')");
    EXPECT_EQ(row[0].as<std::string>(), "covermap connect test");
    EXPECT_EQ(row[1].as<std::string>(), "off");
    EXPECT_EQ(row[2].as<std::string>(), "on");  // the default it overrides
}

TEST(Migrate, RefusesADatabaseNewerThanTheBinary) {
    const std::string url = migrated_database("covermap_test_migrate_newer");
    auto conn = db::connect(url, "covermap tests");
    {
        pqxx::work tx(*conn);
        tx.exec("INSERT INTO covermap_schema (version, name) VALUES (9999, 'from_the_future')");
        tx.commit();
    }
    try {
        db::migrate(*conn);
        FAIL() << "migrated a database newer than the binary";
    } catch (const db_error& e) {
        EXPECT_NE(std::string(e.what()).find("9999"), std::string::npos);
        EXPECT_NE(std::string(e.what()).find("newer"), std::string::npos);
    }
    EXPECT_THROW(db::require_current(*conn), db_error);
    const auto r = run_covermap(url, {"db", "migrate"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("newer than this covermap"), std::string::npos) << r.err;
}

TEST(Migrate, CommandLineReportsWhatItDid) {
    const std::string url = fresh_database("covermap_test_migrate_cli");
    auto first = run_covermap(url, {"db", "migrate"});
    EXPECT_EQ(first.exit_code, 0) << first.err;
    EXPECT_NE(first.out.find("applied migration 1"), std::string::npos);
    auto second = run_covermap(url, {"db", "migrate"});
    EXPECT_EQ(second.exit_code, 0);
    EXPECT_NE(second.out.find("up to date"), std::string::npos);
    auto status = run_covermap(url, {"db", "status"});
    EXPECT_EQ(status.exit_code, 0);
    EXPECT_NE(status.out.find("schema version: " + std::to_string(db::latest_version())), std::string::npos);
}

}  // namespace
}  // namespace covermap::testing
