// Snapshots that add up, province by province: uploads replace their scope only, withdrawals
// remove one upload's provinces, province keys write only their provinces. On the demo province
// and a copy of it as a second province (98) of the same edition.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/wait.h>

#include <fstream>
#include <thread>

#include "api/api_keys.hpp"
#include "api/server.hpp"
#include "boundaries/demo.hpp"
#include "db/pool.hpp"
#include "geo/names.hpp"
#include "geo/table_writer.hpp"
#include "tests/support/fixtures.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/test_db.hpp"
#include "tests/support/test_server.hpp"

namespace covermap::testing {
namespace {

using nlohmann::json;

const std::string header = "STT,Tỉnh/Thành phố,Xã/Phường/Thị trấn,Mã xã,Thôn/Tổ dân phố,Tên tổ,Tổ trưởng,Số điện thoại,"
                           "Số thành viên,Ngày thành lập\n";

struct place {
    std::string province, commune, hamlet;
};

class Snapshots : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        url_ = new std::string(migrated_database("covermap_test_snapshots"));
        dir_ = new std::string(temp_dir("covermap-snapshots"));
        auto conn = db::connect(*url_, "covermap tests");
        boundaries::build_demo(*conn, {"demo", 42, 6, 4});
        {
            // Province 98 "Tỉnh Hải Lâm": the demo province again, one degree east, codes 98….
            pqxx::work tx(*conn);
            tx.exec_params(
                "INSERT INTO admin_unit (edition_id, level, code, name, name_key, unit_type, population, households, geom) "
                "SELECT edition_id, level, '98', 'Tỉnh Hải Lâm', $1, unit_type, population, households, ST_Translate(geom, 1, 0) "
                "FROM admin_unit WHERE level = 'province'",
                geo::name_key("Tỉnh Hải Lâm"));
            for (const char* level : {"commune", "hamlet"}) {
                tx.exec_params(
                    "INSERT INTO admin_unit (edition_id, level, code, name, name_key, unit_type, parent_id, parent_code, "
                    "                        population, households, geom) "
                    "SELECT u.edition_id, u.level, '98' || substr(u.code, 3), u.name, u.name_key, u.unit_type, np.id, np.code, "
                    "       u.population, u.households, ST_Translate(u.geom, 1, 0) "
                    "FROM admin_unit u JOIN admin_unit op ON op.id = u.parent_id "
                    "JOIN admin_unit np ON np.edition_id = u.edition_id AND np.level = op.level AND np.code = '98' || substr(op.code, 3) "
                    "WHERE u.level = $1 AND u.code LIKE '99%'",
                    std::string(level));
            }
            tx.commit();
        }
        pqxx::read_transaction tx(*conn);
        for (const auto& r : tx.exec("SELECT p.name, c.name, h.name, p.code FROM admin_unit h JOIN admin_unit c ON c.id = h.parent_id "
                                     "JOIN admin_unit p ON p.id = c.parent_id WHERE h.level = 'hamlet' ORDER BY h.code")) {
            (r[3].as<std::string>() == "99" ? son_lam_ : hai_lam_).push_back({r[0].c_str(), r[1].c_str(), r[2].c_str()});
        }
        keys_ = new std::string(*dir_ + "/keys");
        national_key_ = new std::string(api::new_api_key());
        son_lam_key_ = new std::string(api::new_api_key());
        std::ofstream(*keys_) << api::api_key_line("ministry", *national_key_) << "\n"
                              << api::api_key_line("son-lam", *son_lam_key_, {"99"}) << "\n";
        api::server_config config;
        config.database_url = *url_;
        config.api_keys_file = *keys_;
        server_ = start_test_server(config).release();
        port_ = config.port;
    }
    static void TearDownTestSuite() {
        delete server_;
        shell("rm -rf " + *dir_);
        for (auto* p : {url_, dir_, keys_, national_key_, son_lam_key_}) delete p;
    }

    // A registry naming the first `n` hamlets of `places`, members = base + k.
    static std::string registry(const std::vector<place>& places, std::size_t n, int base = 5) {
        std::string text = header;
        for (std::size_t k = 0; k < n && k < places.size(); ++k) {
            const auto& p = places[k];
            text += geo::csv_line({std::to_string(k + 1), p.province, p.commune, "", p.hamlet, "Tổ CNS " + p.hamlet,
                                   "Nguyễn Văn " + std::to_string(k), "0912 000 " + std::to_string(100 + k),
                                   std::to_string(base + static_cast<int>(k)), "01/03/2025"});
        }
        return text;
    }
    static std::string write(const std::string& name, const std::string& text) {
        const std::string path = *dir_ + "/" + name;
        std::ofstream(path, std::ios::binary) << text;
        return path;
    }
    static run_result import(const std::string& path, const std::string& as_of, std::vector<std::string> extra = {}) {
        std::vector<std::string> args{"import", "registry", path, "--edition", "demo", "--as-of", as_of};
        args.insert(args.end(), extra.begin(), extra.end());
        return run_covermap(*url_, args);
    }
    static long long import_id(const run_result& r) {
        std::string t = r.out;
        while (!t.empty() && t.back() == '\n') t.pop_back();
        return std::stoll(t.substr(t.rfind('\n') + 1));
    }
    static std::string scalar(const std::string& sql) {
        auto conn = db::connect(*url_, "covermap tests");
        pqxx::read_transaction tx(*conn);
        const auto f = tx.exec1(sql)[0];
        return f.is_null() ? "NULL" : f.as<std::string>();
    }
    // Teams and members of a province in a snapshot, from the roll-ups and from the teams.
    static std::string figures(const std::string& as_of, const std::string& province) {
        return scalar("SELECT c.teams || '/' || c.members || '/' || c.covered_hamlets FROM coverage c JOIN admin_unit u ON u.id = c.unit_id "
                      "WHERE c.as_of = '" + as_of + "' AND u.level = 'province' AND u.code = '" + province + "'") +
               " teams=" +
               scalar("SELECT count(*) FROM team t JOIN registry_import ri ON ri.id = t.import_id JOIN admin_unit p ON p.id = t.province_id "
                      "WHERE ri.replaced_at IS NULL AND ri.as_of = '" + as_of + "' AND p.code = '" + province + "'");
    }
    // Every roll-up row of a province's units in a snapshot: equal strings, nothing changed.
    static std::string province_state(const std::string& as_of, const std::string& code_prefix) {
        return scalar("SELECT coalesce(string_agg(concat_ws(',', u.code, c.hamlets, c.covered_hamlets, c.teams, c.members), ';' ORDER BY u.code), '') "
                      "FROM coverage c JOIN admin_unit u ON u.id = c.unit_id WHERE c.as_of = '" + as_of + "' AND u.code LIKE '" +
                      code_prefix + "%'") +
               "|" +
               scalar("SELECT coalesce(string_agg(t.id || ':' || t.members, ',' ORDER BY t.id), '') FROM team t "
                      "JOIN admin_unit h ON h.id = t.hamlet_id JOIN registry_import ri ON ri.id = t.import_id "
                      "WHERE ri.replaced_at IS NULL AND ri.as_of = '" + as_of + "' AND h.code LIKE '" + code_prefix + "%'");
    }
    static http_response post(const std::string& target, const std::string& body, const std::string& key) {
        return http_request(port_, "POST", target, {{"Authorization", "Bearer " + key}}, body);
    }

    static std::string *url_, *dir_, *keys_, *national_key_, *son_lam_key_;
    static std::vector<place> son_lam_, hai_lam_;
    static api::server* server_;
    static int port_;
};
std::string *Snapshots::url_ = nullptr, *Snapshots::dir_ = nullptr, *Snapshots::keys_ = nullptr,
            *Snapshots::national_key_ = nullptr, *Snapshots::son_lam_key_ = nullptr;
std::vector<place> Snapshots::son_lam_, Snapshots::hai_lam_;
api::server* Snapshots::server_ = nullptr;
int Snapshots::port_ = 0;

TEST_F(Snapshots, ProvincialUploadsAddUpAndReplaceOnlyTheirProvince) {
    const std::string as_of = "2026-01-31";
    ASSERT_GE(son_lam_.size(), 20u);
    ASSERT_EQ(son_lam_.size(), hai_lam_.size());
    const auto a = import(write("son_lam.csv", registry(son_lam_, 12)), as_of);
    ASSERT_EQ(a.exit_code, 0) << a.err;
    EXPECT_NE(a.out.find("99 Tỉnh Sơn Lâm: 12 teams"), std::string::npos) << a.out;
    const auto b = import(write("hai_lam.csv", registry(hai_lam_, 9)), as_of);
    ASSERT_EQ(b.exit_code, 0) << b.err;
    EXPECT_NE(b.out.find("98 Tỉnh Hải Lâm: 9 teams"), std::string::npos) << b.out;
    // The second province's upload did not erase the first: the snapshot is their union.
    EXPECT_EQ(figures(as_of, "99"), "12/" + std::to_string(12 * 5 + 66) + "/12 teams=12");
    EXPECT_EQ(figures(as_of, "98"), "9/" + std::to_string(9 * 5 + 36) + "/9 teams=9");
    EXPECT_EQ(scalar("SELECT count(*) FROM registry_import WHERE replaced_at IS NULL AND as_of = '" + as_of + "'"), "2");

    // A re-upload of province 99 (fewer teams, other members) replaces 99 only.
    const std::string hai_lam_before = province_state(as_of, "98");
    const auto again = import(write("son_lam_2.csv", registry(son_lam_, 7, 10)), as_of);
    ASSERT_EQ(again.exit_code, 0) << again.err;
    EXPECT_NE(again.out.find("replaced import " + std::to_string(import_id(a))), std::string::npos) << again.out;
    EXPECT_EQ(figures(as_of, "99"), "7/" + std::to_string(7 * 10 + 21) + "/7 teams=7");
    EXPECT_EQ(province_state(as_of, "98"), hai_lam_before);

    // Who supplies what: the CLI list and the API.
    const auto list = run_covermap(*url_, {"registry", "list"});
    ASSERT_EQ(list.exit_code, 0) << list.err;
    EXPECT_NE(list.out.find("hai_lam.csv\t9\t9\tyes"), std::string::npos) << list.out;
    EXPECT_NE(list.out.find("son_lam.csv\t12\t12\tno"), std::string::npos) << list.out;
    const auto doc = json::parse(http_get(port_, "/api/imports").body);
    bool found = false;
    for (const auto& s : doc["snapshots"]) {
        if (s["as_of"] != as_of) continue;
        found = true;
        ASSERT_EQ(s["provinces"].size(), 2u) << s.dump();
        EXPECT_EQ(s["provinces"][0]["code"], "98");
        EXPECT_EQ(s["provinces"][0]["import_id"], import_id(b));
        EXPECT_EQ(s["provinces"][1]["code"], "99");
        EXPECT_EQ(s["provinces"][1]["import_id"], import_id(again));
        EXPECT_EQ(s["provinces"][1]["name"], "Tỉnh Sơn Lâm");
    }
    EXPECT_TRUE(found) << doc["snapshots"].dump();
    const auto one = json::parse(http_get(port_, "/api/imports/" + std::to_string(import_id(b))).body);
    EXPECT_EQ(one["scope"]["kind"], "placed");
    EXPECT_EQ(one["supplies"][0]["code"], "98");

    // Tiles' and features' view of the snapshot is the union at once.
    const auto teams = json::parse(http_get(port_, "/collections/teams/items?as_of=" + as_of + "&limit=1").body);
    EXPECT_EQ(teams["numberMatched"], 16);

    // Withdrawing province 98's upload removes 98's teams and restores nothing; 99 is untouched.
    const std::string son_lam_before = province_state(as_of, "99");
    const auto w = run_covermap(*url_, {"registry", "withdraw", std::to_string(import_id(b))});
    ASSERT_EQ(w.exit_code, 0) << w.err;
    EXPECT_NE(w.out.find("98 Tỉnh Hải Lâm"), std::string::npos) << w.out;
    EXPECT_EQ(figures(as_of, "98"), "0/0/0 teams=0");
    EXPECT_EQ(province_state(as_of, "99"), son_lam_before);
    EXPECT_EQ(scalar("SELECT (replaced_at IS NOT NULL) || ' ' || (withdrawn_at IS NOT NULL) FROM registry_import WHERE id = " +
                     std::to_string(import_id(b))),
              "true true");
    const auto twice = run_covermap(*url_, {"registry", "withdraw", std::to_string(import_id(b))});
    EXPECT_EQ(twice.exit_code, 2) << twice.out;
    EXPECT_NE(twice.err.find("supplies no province"), std::string::npos) << twice.err;
    EXPECT_NE(run_covermap(*url_, {"registry", "withdraw", "999999"}).exit_code, 0);

    // Withdrawing the last upload removes the snapshot: no roll-ups, no snapshot in the catalogue.
    ASSERT_EQ(run_covermap(*url_, {"registry", "withdraw", std::to_string(import_id(again)), "--province", "99"}).exit_code, 0);
    EXPECT_EQ(scalar("SELECT count(*) FROM coverage WHERE as_of = '" + as_of + "'"), "0");
    EXPECT_EQ(scalar("SELECT count(*) FROM registry_import WHERE replaced_at IS NULL AND as_of = '" + as_of + "'"), "0");
}

TEST_F(Snapshots, ExplicitAndNationalScopes) {
    const std::string as_of = "2026-02-28";
    std::vector<place> both(son_lam_.begin(), son_lam_.begin() + 5);
    both.insert(both.end(), hai_lam_.begin(), hai_lam_.begin() + 4);
    const auto first = import(write("both.csv", registry(both, 9)), as_of);
    ASSERT_EQ(first.exit_code, 0) << first.err;
    EXPECT_EQ(figures(as_of, "99"), "5/35/5 teams=5");
    EXPECT_EQ(figures(as_of, "98"), "4/" + std::to_string(10 + 11 + 12 + 13) + "/4 teams=4");

    // --scope province:98 from a file that has both: 99's rows are out of scope, 99 unchanged.
    const std::string son_lam_before = province_state(as_of, "99");
    const auto scoped = import(write("both_again.csv", registry(both, 9, 20)), as_of, {"--scope", "province:98"});
    ASSERT_EQ(scoped.exit_code, 0) << scoped.err;
    EXPECT_NE(scoped.out.find("out of scope 5"), std::string::npos) << scoped.out;
    EXPECT_EQ(province_state(as_of, "99"), son_lam_before);
    EXPECT_EQ(figures(as_of, "98"), "4/" + std::to_string(25 + 26 + 27 + 28) + "/4 teams=4");
    EXPECT_EQ(scalar("SELECT count(*) FROM registry_row WHERE outcome = 'out_of_scope' AND import_id = " +
                     std::to_string(import_id(scoped))),
              "5");

    // --scope national with only 99's rows: 98 has no teams afterwards.
    const auto national = import(write("only_99.csv", registry(son_lam_, 3)), as_of, {"--scope", "national"});
    ASSERT_EQ(national.exit_code, 0) << national.err;
    EXPECT_EQ(figures(as_of, "98"), "0/0/0 teams=0");
    EXPECT_EQ(figures(as_of, "99"), "3/18/3 teams=3");
    EXPECT_EQ(scalar("SELECT count(*) FROM registry_import WHERE replaced_at IS NULL AND as_of = '" + as_of + "'"), "1");

    // A scope naming no province of the edition is refused before anything is written.
    const std::string before = fingerprint(*url_);
    const auto bad = import(write("bad.csv", registry(son_lam_, 2)), as_of, {"--scope", "province:42"});
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_NE(bad.err.find("province:42"), std::string::npos) << bad.err;
    EXPECT_EQ(fingerprint(*url_), before);
}

TEST_F(Snapshots, ProvinceKeysWriteOnlyTheirProvinces) {
    const std::string as_of = "2026-03-31";
    const std::string target = "/api/imports/registry?edition=demo&as_of=" + as_of;
    const auto hai_lam = post(target + "&name=hai_lam.csv", registry(hai_lam_, 6), *national_key_);
    ASSERT_EQ(hai_lam.status, 201) << hai_lam.body;
    EXPECT_EQ(json::parse(hai_lam.body)["scope"]["provinces"][0]["code"], "98");
    const std::string before = fingerprint(*url_);
    // A Sơn Lâm key: a file with one row in Hải Lâm is refused whole, naming the row.
    std::vector<place> stray(son_lam_.begin(), son_lam_.begin() + 4);
    stray.push_back(hai_lam_[0]);
    const auto refused = post(target, registry(stray, 5), *son_lam_key_);
    EXPECT_EQ(refused.status, 403) << refused.body;
    EXPECT_NE(refused.body.find("line 6"), std::string::npos) << refused.body;
    EXPECT_NE(refused.body.find("Hải Lâm"), std::string::npos) << refused.body;
    EXPECT_EQ(post(target + "&scope=province:98", registry(son_lam_, 3), *son_lam_key_).status, 403);
    EXPECT_EQ(post(target + "&scope=national", registry(son_lam_, 3), *son_lam_key_).status, 403);
    const long long hai_lam_id = json::parse(hai_lam.body)["id"];
    const auto no_withdraw = post("/api/imports/" + std::to_string(hai_lam_id) + "/withdraw", "", *son_lam_key_);
    EXPECT_EQ(no_withdraw.status, 403) << no_withdraw.body;
    EXPECT_EQ(fingerprint(*url_), before);
    // Within its province it may upload and withdraw.
    const auto own = post(target + "&name=son_lam.csv", registry(son_lam_, 4), *son_lam_key_);
    ASSERT_EQ(own.status, 201) << own.body;
    EXPECT_EQ(figures(as_of, "98"), "6/" + std::to_string(5 + 6 + 7 + 8 + 9 + 10) + "/6 teams=6");
    EXPECT_EQ(figures(as_of, "99"), "4/26/4 teams=4");
    const long long own_id = json::parse(own.body)["id"];
    const auto withdrawn = post("/api/imports/" + std::to_string(own_id) + "/withdraw?province=99", "", *son_lam_key_);
    ASSERT_EQ(withdrawn.status, 200) << withdrawn.body;
    EXPECT_EQ(json::parse(withdrawn.body)["current"], false);
    EXPECT_EQ(figures(as_of, "99"), "0/0/0 teams=0");
    EXPECT_EQ(figures(as_of, "98"), "6/45/6 teams=6");
    EXPECT_EQ(post("/api/imports/" + std::to_string(own_id) + "/withdraw", "", *son_lam_key_).status, 409);
    EXPECT_EQ(post("/api/imports/999999/withdraw", "", *national_key_).status, 404);
    EXPECT_EQ(http_request(port_, "POST", "/api/imports/" + std::to_string(hai_lam_id) + "/withdraw").status, 401);
}

TEST_F(Snapshots, TwoProvincesUploadingAtTheSameMomentBothLand) {
    const std::string as_of = "2026-04-30";
    const std::string a = write("a.csv", registry(son_lam_, 10)), b = write("b.csv", registry(hai_lam_, 8));
    // Two processes, started together: the snapshot lock makes one wait; neither loses rows.
    const std::string out = *dir_ + "/concurrent";
    const int pa = start_covermap({"--database", *url_, "import", "registry", a, "--edition", "demo", "--as-of", as_of}, out + "-a");
    const int pb = start_covermap({"--database", *url_, "import", "registry", b, "--edition", "demo", "--as-of", as_of}, out + "-b");
    int sa = 0, sb = 0;
    waitpid(pa, &sa, 0);
    waitpid(pb, &sb, 0);
    ASSERT_TRUE(WIFEXITED(sa) && WEXITSTATUS(sa) == 0) << capture("cat " + out + "-a").output;
    ASSERT_TRUE(WIFEXITED(sb) && WEXITSTATUS(sb) == 0) << capture("cat " + out + "-b").output;
    EXPECT_EQ(figures(as_of, "99"), "10/95/10 teams=10");
    EXPECT_EQ(figures(as_of, "98"), "8/68/8 teams=8");
}

}  // namespace
}  // namespace covermap::testing

namespace covermap::testing {
namespace {

// Uploads that do not wait: 202 with a status URL, the job's states, its answer or its error.
TEST_F(Snapshots, LargeUploadsAnswer202WithAJob) {
    api::server_config config;
    config.database_url = *url_;
    config.api_keys_file = *keys_;
    config.async_upload_bytes = 1024;
    auto srv = start_test_server(config);
    const std::string target = "/api/imports/registry?edition=demo&as_of=2026-05-31&name=big.csv";
    const std::string big = registry(son_lam_, 20);
    ASSERT_GT(big.size(), 1024u);
    const std::map<std::string, std::string> key{{"Authorization", "Bearer " + *national_key_}};
    auto wait_for = [&](const std::string& status_url) {
        json doc;
        for (int i = 0; i < 400; ++i) {
            doc = json::parse(http_get(config.port, status_url.substr(status_url.find("/api/"))).body);
            if (doc["state"] == "done" || doc["state"] == "failed") break;
            std::this_thread::sleep_for(std::chrono::milliseconds(25));
        }
        return doc;
    };
    const auto accepted = http_request(config.port, "POST", target, key, big);
    ASSERT_EQ(accepted.status, 202) << accepted.body;
    const auto ticket = json::parse(accepted.body);
    EXPECT_EQ(accepted.headers.at("location"), ticket["status_url"]);
    EXPECT_TRUE(ticket["state"] == "queued") << accepted.body;
    const json done = wait_for(ticket["status_url"]);
    ASSERT_EQ(done["state"], "done") << done.dump();
    EXPECT_EQ(done["import"]["teams"], 20);
    EXPECT_EQ(done["progress"]["rows_matched"], 20);
    EXPECT_EQ(done["file_name"], "big.csv");
    EXPECT_FALSE(done["finished_at"].is_null());
    EXPECT_EQ(done["links"][1]["rel"], "import");
    EXPECT_EQ(figures("2026-05-31", "99"), "20/" + std::to_string(20 * 5 + 190) + "/20 teams=20");

    // A file that is no table fails in its job with the importer's reason; nothing is written.
    const std::string before = fingerprint(*url_);
    const auto bad = http_request(config.port, "POST", target + "&wait=false", key, std::string("\x01\x00\x02garbage", 10));
    ASSERT_EQ(bad.status, 202) << bad.body;
    const json failed = wait_for(json::parse(bad.body)["status_url"]);
    EXPECT_EQ(failed["state"], "failed") << failed.dump();
    EXPECT_EQ(failed["error"]["status"], 422);
    EXPECT_EQ(failed["error"]["code"], "invalid_input");
    EXPECT_EQ(fingerprint(*url_), before);

    // wait=true: today's answer, when the import is done. No key: no job at all.
    EXPECT_EQ(http_request(config.port, "POST", target + "&wait=true", key, big).status, 201);
    EXPECT_EQ(http_request(config.port, "POST", target, {}, big).status, 401);
    EXPECT_EQ(http_request(config.port, "POST", target + "&wait=maybe", key, big).status, 400);
    EXPECT_EQ(http_get(config.port, "/api/imports/jobs/0123456789abcdef").status, 404);
}

}  // namespace
}  // namespace covermap::testing
