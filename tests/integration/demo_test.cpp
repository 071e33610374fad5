#include <gtest/gtest.h>

#include "boundaries/demo.hpp"
#include "db/pool.hpp"
#include "tests/support/test_db.hpp"

namespace covermap::testing {
namespace {

std::string geometry_digest(const std::string& url) {
    auto conn = db::connect(url, "covermap tests");
    pqxx::read_transaction tx(*conn);
    return tx.exec1("SELECT md5(string_agg(level || code || coalesce(name, '') || coalesce(households::text, '') || "
                    "md5(ST_AsBinary(geom)), ',' ORDER BY level, code)) FROM admin_unit")[0]
        .as<std::string>();
}

TEST(Demo, IsDeterministicFromItsSeedAndConsistent) {
    const std::string a = migrated_database("covermap_test_demo_a");
    const std::string b = migrated_database("covermap_test_demo_b");
    {
        auto ca = db::connect(a, "covermap tests");
        auto cb = db::connect(b, "covermap tests");
        const auto ra = boundaries::build_demo(*ca, {"demo", 7, 12, 6});
        boundaries::build_demo(*cb, {"demo", 7, 12, 6});
        EXPECT_EQ(ra.provinces, 1);
        EXPECT_EQ(ra.communes, 12);
        EXPECT_GE(ra.hamlets, 12 * 4);
        EXPECT_LE(ra.hamlets, 12 * 8);
    }
    EXPECT_EQ(geometry_digest(a), geometry_digest(b));

    auto conn = db::connect(a, "covermap tests");
    {
        pqxx::read_transaction tx(*conn);
        // Communes tile the province; every hamlet lies in its commune.
        EXPECT_LT(tx.exec1("SELECT abs(ST_Area((SELECT geom FROM admin_unit WHERE level = 'province')) - "
                           "(SELECT sum(ST_Area(geom)) FROM admin_unit WHERE level = 'commune'))")[0].as<double>(), 1e-6);
        EXPECT_EQ(tx.exec1("SELECT count(*) FROM admin_unit h JOIN admin_unit c ON c.id = h.parent_id "
                           "WHERE h.level = 'hamlet' AND ST_Covers(c.geom, h.label_point)")[0].as<long long>(),
                  tx.exec1("SELECT count(*) FROM admin_unit WHERE level = 'hamlet'")[0].as<long long>());
        EXPECT_EQ(tx.exec1("SELECT count(*) FROM admin_unit WHERE level <> 'province' AND parent_id IS NULL")[0].as<int>(), 0);
    }
    boundaries::build_demo(*conn, {"demo", 8, 12, 6});  // another seed replaces the demo
    EXPECT_NE(geometry_digest(a), geometry_digest(b));
}

TEST(Demo, CommandMigratesAndBuilds) {
    const std::string url = fresh_database("covermap_test_demo_cli");
    const auto r = run_covermap(url, {"demo", "--seed", "3", "--communes", "5"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("5 communes"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace covermap::testing
