// The importer's binary COPY writer (boundaries/binary_copy) against a real PostgreSQL: every field
// type it writes reads back as written, a row the server rejects fails with the server's message,
// and an abandoned COPY leaves a transaction that rolls back cleanly.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "boundaries/binary_copy.hpp"
#include "db/pool.hpp"
#include "tests/support/test_db.hpp"

namespace covermap::testing {
namespace {

using boundaries::binary_copy;

class BinaryCopy : public ::testing::Test {
protected:
    static void SetUpTestSuite() { url_ = new std::string(migrated_database("covermap_test_binary_copy")); }
    static void TearDownTestSuite() { delete url_; }
    void SetUp() override { conn_ = db::connect(*url_, "covermap tests"); }

    static const std::vector<std::string>& columns() {
        static const std::vector<std::string> c{"a", "b", "c", "t", "g"};
        return c;
    }
    static void create(pqxx::work& tx) {
        tx.exec("CREATE TEMP TABLE copied (a bigint, b integer, c smallint, t text, g geometry(MultiPolygon, 3857))");
    }
    // One MultiPolygon (one triangle) as little-endian EWKB with SRID 3857.
    static std::vector<unsigned char> triangle() {
        std::vector<unsigned char> wkb{0x01, 0x06, 0x00, 0x00, 0x20, 0x11, 0x0f, 0x00, 0x00, 1, 0, 0, 0,
                                       0x01, 0x03, 0x00, 0x00, 0x00, 1, 0, 0, 0, 4, 0, 0, 0};
        for (double v : {0.0, 0.0, 1.0, 0.0, 0.0, 1.0, 0.0, 0.0}) {
            const auto* b = reinterpret_cast<const unsigned char*>(&v);
            wkb.insert(wkb.end(), b, b + sizeof v);
        }
        return wkb;
    }

    static std::string* url_;
    std::unique_ptr<pqxx::connection> conn_;
};
std::string* BinaryCopy::url_ = nullptr;

TEST_F(BinaryCopy, FieldsReadBackAsWritten) {
    pqxx::work tx(*conn_);
    create(tx);
    const auto wkb = triangle();
    {
        binary_copy out(tx, "copied", columns());
        auto& rows = out.rows();
        rows.row(5);
        rows.int8(-5000000000LL);
        rows.int4(-7);
        rows.int2(11);
        rows.text("Xã Tân\tPhú\\ \"q\"\n");
        rows.bytes(wkb.data(), wkb.size());
        out.end_row();
        std::string ahead;  // rows made elsewhere, sent whole
        boundaries::binary_rows more(ahead);
        more.row(5);
        more.int8(1);
        more.null();
        more.null();
        more.null();
        more.null();
        out.send(ahead);
        out.complete();
    }
    const auto r = tx.exec("SELECT a, b, c, t, ST_AsText(g), ST_SRID(g) FROM copied ORDER BY a");
    ASSERT_EQ(r.size(), 2u);
    EXPECT_EQ(r[0][0].as<long long>(), -5000000000LL);
    EXPECT_EQ(r[0][1].as<int>(), -7);
    EXPECT_EQ(r[0][2].as<int>(), 11);
    EXPECT_EQ(r[0][3].as<std::string>(), "Xã Tân\tPhú\\ \"q\"\n");
    EXPECT_EQ(r[0][4].as<std::string>(), "MULTIPOLYGON(((0 0,1 0,0 1,0 0)))");
    EXPECT_EQ(r[0][5].as<int>(), 3857);
    EXPECT_EQ(r[1][0].as<long long>(), 1);
    for (int i = 1; i < 5; ++i) EXPECT_TRUE(r[1][i].is_null()) << i;
    // The transaction goes on after the COPY.
    EXPECT_EQ(tx.exec1("SELECT count(*) FROM copied")[0].as<int>(), 2);
}

TEST_F(BinaryCopy, RejectedRowNamesTheTableRowAndColumn) {
    pqxx::work tx(*conn_);
    create(tx);
    binary_copy out(tx, "copied", columns());
    auto& rows = out.rows();
    for (int i = 0; i < 2; ++i) {
        rows.row(5);
        rows.int8(i);
        rows.int4(1);
        rows.int2(1);
        rows.text("x");
        rows.bytes("not wkb", 7);  // not a geometry
        out.end_row();
    }
    try {
        out.complete();
        FAIL() << "the server accepted a geometry that is not WKB";
    } catch (const pqxx::sql_error& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find("copied"), std::string::npos) << message;
        EXPECT_NE(message.find("line 1"), std::string::npos) << message;
        EXPECT_NE(message.find("column g"), std::string::npos) << message;
    }
}

TEST_F(BinaryCopy, AbandonedCopyRollsBack) {
    {
        pqxx::work tx(*conn_);
        create(tx);
        binary_copy out(tx, "copied", columns());
        out.rows().row(5);
        out.rows().int8(1);
        // Destroyed half-way through a row (as when the reader throws): the COPY is cancelled.
    }
    // The connection is usable again.
    pqxx::work tx(*conn_);
    EXPECT_EQ(tx.exec1("SELECT 1")[0].as<int>(), 1);
}

TEST_F(BinaryCopy, UnknownColumnFailsAtTheStart) {
    pqxx::work tx(*conn_);
    create(tx);
    EXPECT_THROW(binary_copy(tx, "copied", {"a", "nope"}), pqxx::sql_error);
}

}  // namespace
}  // namespace covermap::testing
