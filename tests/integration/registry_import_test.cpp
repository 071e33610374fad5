// Registry import end to end: the command line and the HTTP endpoints on a real PostGIS holding
// the demo province, with registries written on the fly (outcomes, encodings, broken files).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "api/api_keys.hpp"
#include "api/server.hpp"
#include "boundaries/boundary_import.hpp"
#include "boundaries/demo.hpp"
#include "db/pool.hpp"
#include "geo/table_writer.hpp"
#include "tests/support/fixtures.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/test_db.hpp"
#include "tests/support/test_server.hpp"

namespace covermap::testing {
namespace {

using nlohmann::json;

struct hamlet {
    std::string code, name, commune, commune_code;
};

const std::string header =
    "STT,Tỉnh/Thành phố,Xã/Phường/Thị trấn,Mã xã,Thôn/Tổ dân phố,Tên tổ,Tổ trưởng,Số điện thoại,Số thành viên,"
    "Ngày thành lập,Số hộ,Số hộ được hỗ trợ\n";

std::string row(int n, const std::string& commune, const std::string& hamlet, const std::string& team,
                const std::string& leader, const std::string& members = "6", const std::string& founded = "14/11/2024",
                const std::string& code = "", int phone = 0) {
    return geo::csv_line({std::to_string(n), "Tỉnh Sơn Lâm", commune, code, hamlet, team, leader,
                               "0912 345 " + std::to_string(100 + (phone ? phone : n)),
                               members, founded, "120 hộ", "60"});
}

void write_file(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
}

std::string last_line(const std::string& text) {
    std::string t = text;
    while (!t.empty() && t.back() == '\n') t.pop_back();
    return t.substr(t.rfind('\n') + 1);
}

class Registry : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        url_ = new std::string(migrated_database("covermap_test_registry"));
        dir_ = new std::string(temp_dir("covermap-registry"));
        auto conn = db::connect(*url_, "covermap tests");
        boundaries::build_demo(*conn, {"demo", 42, 10, 6});
        pqxx::read_transaction tx(*conn);
        // Hamlets of a rural commune (Xã Thạch Sơn) and of a second one.
        for (const auto& r : tx.exec("SELECT h.code, h.name, c.name, c.code FROM admin_unit h JOIN admin_unit c ON c.id = h.parent_id "
                                     "WHERE h.level = 'hamlet' ORDER BY h.code")) {
            hamlets_.push_back({r[0].as<std::string>(), r[1].as<std::string>(), r[2].as<std::string>(), r[3].as<std::string>()});
        }
    }
    static void TearDownTestSuite() {
        delete url_;
        shell("rm -rf " + *dir_);
        delete dir_;
    }
    static const hamlet& in_commune(const std::string& commune_code, std::size_t k) {
        std::size_t seen = 0;
        for (const auto& h : hamlets_) {
            if (h.commune_code == commune_code && seen++ == k) return h;
        }
        throw std::runtime_error("no hamlet " + std::to_string(k) + " in " + commune_code);
    }
    // A registry with one row of each outcome (see the expectations in PlacesRowsAndReportsTheRest).
    static std::string mixed_registry() {
        const hamlet& a = in_commune("99005", 0);  // Xã Thạch Sơn
        const hamlet& b = in_commune("99005", 1);
        const hamlet& c = in_commune("99005", 2);
        const hamlet& d = in_commune("99002", 0);  // Xã Hòa Bình
        const hamlet& e = in_commune("99003", 0);  // Xã Phú Lộc
        return header + row(1, a.commune, a.name, "Tổ CNS " + a.name, "Nguyễn Văn Thành") +
               row(2, "X. Hoa Binh", d.name, "Tổ CNS " + d.name, "Trần Thị Lụa") +
               row(3, "Xã Thạch Sơnn", b.name, "Tổ CNS " + b.name, "Lê Văn Quý") +
               row(4, a.commune, a.name, "Tổ CNS " + a.name, "Nguyễn Văn Thành", "6", "14/11/2024", "", 1) +
               row(5, a.commune, a.name, "Tổ CNS thứ hai", "Phạm Thị Gấm") +
               row(6, a.commune, "Thôn Không Tồn Tại", "Tổ CNS X", "Hoàng Văn Khải") +
               row(7, a.commune, "", "Tổ CNS Y", "Vũ Thị Nở") +
               row(8, e.commune, e.name, "Tổ CNS " + e.name, "Đỗ Văn Hậu", "", "31/02/2024") +
               row(9, "", c.name, "Tổ CNS " + c.name, "Bùi Thị Xuân", "7 người", "2024-03-01", "99005");
    }
    static std::string write(const std::string& name, const std::string& text) {
        const std::string path = *dir_ + "/" + name;
        write_file(path, text);
        return path;
    }
    static run_result import(const std::string& path, const std::string& as_of, std::vector<std::string> extra = {}) {
        std::vector<std::string> args{"import", "registry", path, "--edition", "demo", "--as-of", as_of};
        args.insert(args.end(), extra.begin(), extra.end());
        return run_covermap(*url_, args);
    }
    static std::map<int, std::string> outcomes(long long import_id) {
        auto conn = db::connect(*url_, "covermap tests");
        pqxx::read_transaction tx(*conn);
        std::map<int, std::string> out;
        for (const auto& r : tx.exec_params("SELECT line, outcome FROM registry_row WHERE import_id = $1", import_id)) {
            out[r[0].as<int>()] = r[1].as<std::string>();
        }
        return out;
    }
    static std::string scalar(const std::string& sql) {
        auto conn = db::connect(*url_, "covermap tests");
        pqxx::read_transaction tx(*conn);
        const auto f = tx.exec1(sql)[0];
        return f.is_null() ? "NULL" : f.as<std::string>();
    }

    static std::string* url_;
    static std::string* dir_;
    static std::vector<hamlet> hamlets_;
};
std::string* Registry::url_ = nullptr;
std::string* Registry::dir_ = nullptr;
std::vector<hamlet> Registry::hamlets_;

TEST_F(Registry, PlacesRowsAndReportsTheRest) {
    const auto r = import(write("mixed.csv", mixed_registry()), "2024-12-31");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const long long id = std::stoll(last_line(r.out));
    // Lines count from the header (line 1): data row n is on line n + 1.
    const std::map<int, std::string> expected{{2, "exact"},     {3, "normalised"},   {4, "fuzzy"},
                                              {5, "duplicate"}, {6, "conflict"},     {7, "unknown_unit"},
                                              {8, "invalid"},   {9, "exact"},        {10, "exact"}};
    EXPECT_EQ(outcomes(id), expected);
    const std::string where = " WHERE import_id = " + std::to_string(id);
    EXPECT_EQ(scalar("SELECT count(*) FROM team" + where), "5");
    EXPECT_EQ(scalar("SELECT row_count || ' ' || teams || ' ' || (counts->>'duplicate') FROM registry_import WHERE id = " +
                     std::to_string(id)),
              "9 5 1");
    // Counts with units, the contact kept aside, field issues recorded where a value is needed.
    EXPECT_EQ(scalar("SELECT members || ' ' || founded FROM team" + where + " AND line = 10"), "7 2024-03-01");
    EXPECT_EQ(scalar("SELECT c.leader || ' ' || c.phone FROM team t JOIN team_contact c ON c.team_id = t.id" + where +
                     " AND line = 2"),
              "Nguyễn Văn Thành 0912 345 101");
    const std::string issues = scalar("SELECT field_issues::text FROM registry_row" + where + " AND line = 9");
    EXPECT_NE(issues.find("members ('Số thành viên'): empty"), std::string::npos) << issues;
    EXPECT_NE(issues.find("founded ('Ngày thành lập')"), std::string::npos) << issues;
    EXPECT_EQ(scalar("SELECT members IS NULL AND founded IS NULL FROM team" + where + " AND line = 9"), "t");
    EXPECT_NE(scalar("SELECT reason FROM registry_row" + where + " AND line = 5").find("line 2"), std::string::npos);

    // The steward's exports: every row with its number and placement; the rows to fix with the row as written.
    const auto rows = run_covermap(*url_, {"registry", "rows", std::to_string(id), "--format", "csv"});
    ASSERT_EQ(rows.exit_code, 0) << rows.err;
    EXPECT_EQ(rows.out.substr(0, rows.out.find('\n')), "row,line,outcome,hamlet_code,commune_code,reason\r");
    EXPECT_NE(rows.out.find("\n1,2,exact," + in_commune("99005", 0).code + ",99005,"), std::string::npos) << rows.out;
    EXPECT_NE(rows.out.find("\n7,8,invalid,,,"), std::string::npos) << rows.out;
    const auto report = run_covermap(*url_, {"registry", "report", std::to_string(id)});
    ASSERT_EQ(report.exit_code, 0) << report.err;
    EXPECT_NE(report.out.find("Thôn Không Tồn Tại"), std::string::npos);
    EXPECT_EQ(report.out.find("Trần Thị Lụa"), std::string::npos);  // normalised rows are clean
    const std::string xlsx = *dir_ + "/report.xlsx";
    ASSERT_EQ(run_covermap(*url_, {"registry", "report", std::to_string(id), "--format", "xlsx", "-o", xlsx}).exit_code, 0);
    // GDAL reads it back (lines 4-9: six rows below the header).
    EXPECT_EQ(shell("test $(ogrinfo --config OGR_XLSX_HEADERS FORCE -ro -al -q " + xlsx + " | grep -c OGRFeature) = 6"), 0);
    EXPECT_EQ(run_covermap(*url_, {"registry", "report", std::to_string(id), "--format", "xlsx", "-o", xlsx}).exit_code, 2);
    EXPECT_EQ(run_covermap(*url_, {"registry", "report", "999999"}).exit_code, 1);
}

TEST_F(Registry, SnapshotsCoexistAndAReimportReplacesItsAsOf) {
    const std::string path = write("snap.csv", mixed_registry());
    const auto a = import(path, "2023-06-30"), b = import(path, "2023-09-30");
    ASSERT_EQ(a.exit_code, 0) << a.err;
    ASSERT_EQ(b.exit_code, 0) << b.err;
    const auto again = import(path, "2023-06-30");
    ASSERT_EQ(again.exit_code, 0) << again.err;
    EXPECT_NE(again.out.find("replaced import " + last_line(a.out)), std::string::npos) << again.out;
    const std::string first = last_line(a.out), second = last_line(b.out), third = last_line(again.out);
    EXPECT_EQ(scalar("SELECT replaced_by FROM registry_import WHERE id = " + first), third);
    EXPECT_EQ(scalar("SELECT count(*) FROM team WHERE import_id = " + first), "0");        // teams gone
    EXPECT_EQ(scalar("SELECT count(*) FROM registry_row WHERE import_id = " + first), "9");  // report kept
    EXPECT_EQ(scalar("SELECT count(*) FROM team WHERE import_id IN (" + second + ", " + third + ")"), "10");
}

TEST_F(Registry, EnglishHeadersOtherDelimitersAndAMappingFile) {
    const hamlet& a = in_commune("99005", 0);
    const std::string english = "row;province;commune;Village;team_name;members;founded\n1;Tỉnh Sơn Lâm;" + a.commune +
                                ";" + a.name + ";Team A;5;2024-01-02\n";
    const std::string path = write("english.csv", english);
    const auto missing = import(path, "2022-01-31");
    EXPECT_EQ(missing.exit_code, 1);
    EXPECT_NE(missing.err.find("no column for hamlet"), std::string::npos) << missing.err;
    const std::string mapping = write("mapping.txt", "# our village column\nhamlet = Village\n");
    const auto mapped = import(path, "2022-01-31", {"--columns", mapping});
    ASSERT_EQ(mapped.exit_code, 0) << mapped.err;
    EXPECT_EQ(outcomes(std::stoll(last_line(mapped.out))), (std::map<int, std::string>{{2, "exact"}}));
    const auto bad_mapping = import(path, "2022-01-31", {"--columns", write("bad.txt", "village = Village\n")});
    EXPECT_EQ(bad_mapping.exit_code, 2);
    EXPECT_NE(bad_mapping.err.find("unknown field 'village'"), std::string::npos) << bad_mapping.err;
}

TEST_F(Registry, OtherEncodingsAndWorkbooksAreRead) {
    const std::string utf8 = write("utf8.csv", mixed_registry());
    const auto reference = import(utf8, "2021-01-31");
    ASSERT_EQ(reference.exit_code, 0) << reference.err;
    const auto expected = outcomes(std::stoll(last_line(reference.out)));
    // UTF-16 with its byte-order mark is recognised; Windows-1258 (tone marks as combining
    // characters) must be named, and then reads the same.
    ASSERT_EQ(shell("(printf '\\377\\376'; iconv -f UTF-8 -t UTF-16LE " + utf8 + ") > " + *dir_ + "/utf16.csv"), 0);
    const auto utf16 = import(*dir_ + "/utf16.csv", "2021-02-28");
    ASSERT_EQ(utf16.exit_code, 0) << utf16.err;
    EXPECT_NE(utf16.out.find("UTF-16LE"), std::string::npos);
    EXPECT_EQ(outcomes(std::stoll(last_line(utf16.out))), expected);
    // The same table as an OpenDocument spreadsheet (written by GDAL), read through GDAL.
    ASSERT_EQ(shell("ogr2ogr -f ODS " + *dir_ + "/teams.ods " + utf8 + " -nln 'Danh sách' 2>/dev/null"), 0);
    const auto ods = import(*dir_ + "/teams.ods", "2021-02-15");
    ASSERT_EQ(ods.exit_code, 0) << ods.err;
    EXPECT_NE(ods.out.find("(ODS,"), std::string::npos) << ods.out;
    EXPECT_EQ(outcomes(std::stoll(last_line(ods.out))), expected);
    ASSERT_EQ(shell("iconv -f UTF-8 -t WINDOWS-1258 " + utf8 + " > " + *dir_ + "/cp1258.csv"), 0);
    const auto unnamed = import(*dir_ + "/cp1258.csv", "2021-03-31");
    EXPECT_EQ(unnamed.exit_code, 1);
    EXPECT_NE(unnamed.err.find("line 1, column "), std::string::npos) << unnamed.err;
    EXPECT_NE(unnamed.err.find("--encoding windows-1258"), std::string::npos) << unnamed.err;
    const auto named = import(*dir_ + "/cp1258.csv", "2021-03-31", {"--encoding", "windows-1258"});
    ASSERT_EQ(named.exit_code, 0) << named.err;
    EXPECT_EQ(outcomes(std::stoll(last_line(named.out))), expected);
}

TEST_F(Registry, BadFilesAreRefusedAndLeaveEverythingAsItWas) {
    ASSERT_EQ(import(write("good.csv", mixed_registry()), "2020-12-31").exit_code, 0);
    const std::string before = fingerprint(*url_);
    std::string garbage;
    for (int i = 0; i < 4096; ++i) garbage.push_back(static_cast<char>((i * 7919 + 13) % 256));
    const std::vector<std::pair<std::string, std::string>> cases{
        {garbage, "NUL byte"},
        {"", "the file is empty"},
        {header, "no data rows"},
        {"just,some,columns\n1,2,3\n", "no column for province, commune, hamlet"},
    };
    int n = 0;
    for (const auto& [content, message] : cases) {
        const auto r = import(write("bad" + std::to_string(++n) + ".csv", content), "2020-12-31");
        EXPECT_EQ(r.exit_code, 1) << message;
        EXPECT_NE(r.err.find(message), std::string::npos) << r.err;
    }
    const std::string good = *dir_ + "/good.csv";
    EXPECT_EQ(run_covermap(*url_, {"import", "registry", good, "--edition", "nope", "--as-of", "2020-12-31"}).exit_code, 2);
    EXPECT_EQ(import(good, "31/12/2020").exit_code, 2);
    EXPECT_EQ(import(*dir_ + "/missing.csv", "2020-12-31").exit_code, 1);
    EXPECT_EQ(fingerprint(*url_), before);
}

TEST_F(Registry, ABrokenRowAndAMegabyteLineInALargeFileStayOnTheirRows) {
    std::string text = header;
    const int rows = 100000, broken = 50000, huge = 70000;
    for (int i = 1; i <= rows; ++i) {
        const hamlet& h = hamlets_[static_cast<std::size_t>(i) % hamlets_.size()];
        if (i == broken) {
            text += std::to_string(i) + ",Tỉnh Sơn Lâm,\"" + h.commune + ",," + h.name + ",Tổ,A,1,5,01/01/2024,1,1\n";
        } else if (i == huge) {
            text += std::to_string(i) + ",Tỉnh Sơn Lâm," + h.commune + ",," + std::string(1 << 20, 'x') + ",Tổ,A,1,5,01/01/2024,1,1\n";
        } else {
            text += row(i, h.commune, h.name, "Tổ " + std::to_string(i % 7), "Leader " + std::to_string(i % 7));
        }
    }
    const auto r = import(write("large.csv", text), "2019-12-31");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::string id = last_line(r.out);
    EXPECT_EQ(scalar("SELECT count(*) FROM registry_row WHERE import_id = " + id), std::to_string(rows));
    const std::string on = "FROM registry_row WHERE import_id = " + id + " AND line = ";
    EXPECT_EQ(scalar("SELECT outcome " + on + std::to_string(broken + 1)), "invalid");
    EXPECT_NE(scalar("SELECT reason " + on + std::to_string(broken + 1)).find("unbalanced quote"), std::string::npos);
    EXPECT_NE(scalar("SELECT outcome " + on + std::to_string(broken + 2)), "invalid");  // the next row is itself
    EXPECT_EQ(scalar("SELECT outcome " + on + std::to_string(huge + 1)), "invalid");
    EXPECT_NE(scalar("SELECT reason " + on + std::to_string(huge + 1)).find("1048576 bytes"), std::string::npos);
    EXPECT_EQ(scalar("SELECT count(*) FROM registry_row WHERE outcome = 'invalid' AND import_id = " + id), "2");
}

TEST_F(Registry, BoundaryReimportsKeepTeamsOnTheirHamletsAndDetachRemovedOnes) {
    const auto r = import(write("teams.csv", mixed_registry()), "2018-12-31");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::string id = last_line(r.out);
    const std::string placed = "SELECT string_agg(t.line || ':' || h.code, ',' ORDER BY t.line) FROM team t "
                               "JOIN admin_unit h ON h.id = t.hamlet_id WHERE t.import_id = " + id;
    const std::string before = scalar(placed);
    auto conn = db::connect(*url_, "covermap tests");
    boundaries::build_demo(*conn, {"demo", 42, 10, 6});  // the same units again: same ids
    EXPECT_EQ(scalar(placed), before);

    // The hamlet level again without the hamlet of data row 1: its team loses the link, no other.
    const std::string removed = in_commune("99005", 0).code;
    const std::string geojson = *dir_ + "/hamlets.geojson";
    {
        pqxx::read_transaction tx(*conn);
        write_file(geojson, tx.exec_params1("SELECT json_build_object('type', 'FeatureCollection', 'features', "
                                            "json_agg(ST_AsGeoJSON(t.*)::json))::text FROM (SELECT code, name, parent_code, households, geom "
                                            "FROM admin_unit WHERE level = 'hamlet' AND code <> $1) t",
                                            removed)[0]
                               .as<std::string>());
    }
    auto o = import_options(geojson, "demo", "hamlet", "code");
    o.parent_code_field = "parent_code";
    const auto result = boundaries::import_boundaries(*conn, o);
    EXPECT_EQ(result.load.removed, 1);
    // Every snapshot's team on that hamlet (earlier tests imported some too).
    EXPECT_GE(result.load.teams_detached, 1);
    EXPECT_EQ(scalar("SELECT count(*) FROM team WHERE hamlet_id IS NULL"), std::to_string(result.load.teams_detached));
    EXPECT_EQ(scalar("SELECT count(*) FROM team WHERE hamlet_id IS NULL AND import_id = " + id), "1");
    EXPECT_EQ(scalar(placed), before.substr(before.find(',') + 1));
}

// The HTTP side: an in-process server with a key file, on the same database.
class RegistryHttp : public Registry {
protected:
    static void SetUpTestSuite() {
        Registry::SetUpTestSuite();
        keys_ = new std::string(*dir_ + "/keys");
        key_ = new std::string(api::new_api_key());
        write_file(*keys_, "# stewards\n" + api::api_key_line("steward", *key_) + "\n");
        api::server_config config;
        config.database_url = *url_;
        config.api_keys_file = *keys_;
        config.max_upload_bytes = 1024 * 1024;
        server_ = start_test_server(config).release();
        port_ = config.port;
    }
    static void TearDownTestSuite() {
        delete server_;
        delete keys_;
        delete key_;
        Registry::TearDownTestSuite();
    }
    static http_response post(const std::string& target, const std::string& body,
                              std::map<std::string, std::string> headers = {}) {
        return http_request(port_, "POST", target, headers, body);
    }
    static std::map<std::string, std::string> with_key(const std::string& key) { return {{"Authorization", "Bearer " + key}}; }

    static api::server* server_;
    static std::string* keys_;
    static std::string* key_;
    static int port_;
};
api::server* RegistryHttp::server_ = nullptr;
std::string* RegistryHttp::keys_ = nullptr;
std::string* RegistryHttp::key_ = nullptr;
int RegistryHttp::port_ = 0;

TEST_F(RegistryHttp, ImportsNeedAKeyAndAreListedWithTheirIssues) {
    const std::string target = "/api/imports/registry?edition=demo&as_of=2024-12-31";
    const std::string body = mixed_registry();
    EXPECT_EQ(post(target, body).status, 401);
    const auto wrong = post(target, body, with_key("not-a-key"));
    EXPECT_EQ(wrong.status, 403);
    EXPECT_EQ(json::parse(wrong.body)["code"], "forbidden");

    const auto created = post(target + "&name=mixed.csv", body, with_key(*key_));
    ASSERT_EQ(created.status, 201) << created.body;
    const auto doc = json::parse(created.body);
    const long long id = doc["id"];
    EXPECT_EQ(created.headers.at("location"), "http://127.0.0.1:" + std::to_string(port_) + "/api/imports/" + std::to_string(id));
    EXPECT_EQ(doc["rows"], 9);
    EXPECT_EQ(doc["teams"], 5);
    EXPECT_EQ(doc["counts"]["unknown_unit"], 1);

    const auto one = json::parse(http_get(port_, "/api/imports/" + std::to_string(id)).body);
    EXPECT_EQ(one["file_name"], "mixed.csv");
    EXPECT_EQ(one["current"], true);
    EXPECT_EQ(one["sha256"].get<std::string>().size(), 64u);
    const auto list = json::parse(http_get(port_, "/api/imports").body);
    EXPECT_EQ(list["imports"][0]["id"], id);  // newest first

    // Issues page by page; where a row is, never who leads the team, unless the key is shown.
    const std::string issues = "/api/imports/" + std::to_string(id) + "/issues?limit=4";
    const auto page = http_get(port_, issues);
    ASSERT_EQ(page.status, 200) << page.body;
    const auto first = json::parse(page.body);
    EXPECT_EQ(first["numberMatched"], 6);
    EXPECT_EQ(first["numberReturned"], 4);
    EXPECT_EQ(first["issues"][0]["outcome"], "fuzzy");
    EXPECT_EQ(first["issues"][3]["written"]["hamlet"], "Thôn Không Tồn Tại");
    EXPECT_EQ(page.body.find("Lê Văn Quý"), std::string::npos);
    EXPECT_EQ(page.body.find("0912 345"), std::string::npos);
    const auto next = json::parse(http_get(port_, issues + "&offset=4").body);
    EXPECT_EQ(next["numberReturned"], 2);
    const auto keyed = http_request(port_, "GET", issues, with_key(*key_));
    EXPECT_NE(keyed.body.find("Lê Văn Quý"), std::string::npos);
    EXPECT_EQ(http_get(port_, "/api/imports/" + std::to_string(id) + "/issues?outcome=bogus").status, 400);
    EXPECT_EQ(http_get(port_, "/api/imports/999999").status, 404);
    EXPECT_EQ(http_get(port_, "/api/imports/abc/issues").status, 404);
}

TEST_F(RegistryHttp, MultipartUploadsAndTheSizeLimit) {
    const std::string boundary = "covermapBoundary42";
    const std::string form = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"edition\"\r\n\r\ndemo\r\n--" +
                             boundary + "\r\nContent-Disposition: form-data; name=\"as_of\"\r\n\r\n2025-03-31\r\n--" +
                             boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"teams.csv\"\r\n" +
                             "Content-Type: text/csv\r\n\r\n" + mixed_registry() + "\r\n--" + boundary + "--\r\n";
    auto headers = with_key(*key_);
    headers["Content-Type"] = "multipart/form-data; boundary=" + boundary;
    const auto created = post("/api/imports/registry", form, headers);
    ASSERT_EQ(created.status, 201) << created.body;
    EXPECT_EQ(json::parse(created.body)["file_name"], "teams.csv");
    EXPECT_EQ(json::parse(created.body)["as_of"], "2025-03-31");

    const std::string before = fingerprint(*url_);
    const auto big = post("/api/imports/registry?edition=demo&as_of=2025-03-31", std::string(1536 * 1024, 'x'), with_key(*key_));
    EXPECT_EQ(big.status, 413);
    EXPECT_EQ(json::parse(big.body)["code"], "payload_too_large");
    // A file that is not a table: 422 with the reason; the server goes on, the snapshot stays.
    const auto garbage = post("/api/imports/registry?edition=demo&as_of=2025-03-31", std::string("\x01\x00\x02garbage", 10),
                              with_key(*key_));
    EXPECT_EQ(garbage.status, 422) << garbage.body;
    EXPECT_NE(garbage.body.find("NUL byte"), std::string::npos) << garbage.body;
    EXPECT_EQ(post("/api/imports/registry?edition=nope&as_of=2025-03-31", mixed_registry(), with_key(*key_)).status, 400);
    EXPECT_EQ(post("/api/imports/registry?edition=demo", mixed_registry(), with_key(*key_)).status, 400);
    EXPECT_EQ(http_get(port_, "/health").status, 200);
    EXPECT_EQ(fingerprint(*url_), before);
}

TEST_F(RegistryHttp, KeysRotateWithoutARestart) {
    const std::string target = "/api/imports/registry?edition=demo&as_of=2017-12-31";
    ASSERT_EQ(post(target, mixed_registry(), with_key(*key_)).status, 201);
    const std::string fresh = api::new_api_key();
    write_file(*keys_ + ".new", api::api_key_line("steward-2", fresh) + "\n");
    ASSERT_EQ(std::rename((*keys_ + ".new").c_str(), keys_->c_str()), 0);  // a new file: a new mtime
    EXPECT_EQ(post(target, mixed_registry(), with_key(*key_)).status, 403);
    EXPECT_EQ(post(target, mixed_registry(), {{"X-API-Key", fresh}}).status, 201);
    write_file(*keys_, api::api_key_line("steward", *key_) + "\n");  // back, for the other tests
}

}  // namespace
}  // namespace covermap::testing

namespace covermap::testing {
namespace {

// An office's workbook through the API: a title, a two-row header, a group row per commune and
// totals on one sheet, a commune per sheet on another; the province given by the uploader.
TEST_F(RegistryHttp, OfficialFormsWithTheProvinceSetByTheUploader) {
    const hamlet& a = in_commune("99005", 0);
    const hamlet& b = in_commune("99005", 1);
    const hamlet& d = in_commune("99002", 0);
    const std::string script = write("form.py", R"py(import sys, openpyxl
a, b, commune_a, d, commune_d, out = sys.argv[1:7]
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Tổng hợp"
def heading(ws):
    ws.append(["DANH SÁCH TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG"])
    ws.append(["(tính đến ngày 30/6/2025)"])
    ws.append(["STT", "Đơn vị hành chính", None, "Tên tổ", "Tổ trưởng", None, "Số thành viên", "Ngày thành lập"])
    ws.append([None, "Xã, phường", "Thôn, bản", None, "Họ và tên", "Số điện thoại"])
    ws.merge_cells("B3:C3"); ws.merge_cells("E3:F3")
heading(ws)
ws.append(["I", commune_a])
ws.append([1, None, a, "Tổ CNS " + a, "Nguyễn Văn Thành", "0912345101", 6, "14/11/2024"])
ws.append([2, None, b, "Tổ CNS " + b, "Lê Văn Quý", "0912345102", 5, "14/11/2024"])
ws.append([None, "Tổng cộng", None, 2, None, None, 11])
ws.append([None, "NGƯỜI LẬP BIỂU"])
other = wb.create_sheet(commune_d)
heading(other)
other.append([1, None, d, "Tổ CNS " + d, "Trần Thị Lụa", "0912345103", 4, "14/11/2024"])
wb.create_sheet("Ghi chú").append(["Số liệu do các xã báo cáo"])
wb.save(out)
)py");
    const std::string xlsx = *dir_ + "/form.xlsx";
    ASSERT_EQ(shell("/usr/bin/python3 " + script + " '" + a.name + "' '" + b.name + "' '" + a.commune + "' '" + d.name + "' '" +
                    d.commune + "' " + xlsx),
              0);
    std::ifstream in(xlsx, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string boundary = "covermapForm7";
    auto part = [&](const std::string& name, const std::string& value) {
        return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
    };
    auto upload = [&](const std::string& set) {
        const std::string form = part("edition", "demo") + part("as_of", "2025-06-30") + (set.empty() ? "" : part("set", set)) +
                                 "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"form.xlsx\"\r\n" +
                                 "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n" +
                                 bytes + "\r\n--" + boundary + "--\r\n";
        auto headers = with_key(*key_);
        headers["Content-Type"] = "multipart/form-data; boundary=" + boundary;
        return post("/api/imports/registry", form, headers);
    };
    // Neither a province column nor a province in the title: refused, and the answer says how to give it.
    const auto refused = upload("");
    EXPECT_EQ(refused.status, 422) << refused.body;
    EXPECT_NE(refused.body.find("no column for province"), std::string::npos) << refused.body;
    EXPECT_NE(refused.body.find("--set FIELD=VALUE"), std::string::npos) << refused.body;

    const auto created = upload("province=Tỉnh Sơn Lâm");
    ASSERT_EQ(created.status, 201) << created.body;
    const auto doc = json::parse(created.body);
    EXPECT_EQ(doc["teams"], 3) << created.body;
    EXPECT_EQ(doc["rows"], 3);
    EXPECT_EQ(doc["layout"]["sheets"], json::array({"Tổng hợp", d.commune})) << created.body;
    EXPECT_EQ(doc["layout"]["skipped"]["group"], 1);
    EXPECT_EQ(doc["layout"]["skipped"]["totals"], 1);
    EXPECT_EQ(doc["layout"]["skipped"]["signature"], 1);
    EXPECT_EQ(doc["layout"]["skipped"]["title"], 4);
    const std::string notes = doc["layout"]["notes"].dump();
    EXPECT_NE(notes.find("header on row 3–4 (two rows)"), std::string::npos) << notes;
    EXPECT_NE(notes.find("sheet 'Ghi chú' not read: no header row"), std::string::npos) << notes;
    EXPECT_NE(notes.find("from --set"), std::string::npos) << notes;
    // Each team on its hamlet, found by sheet and sheet row.
    const std::string id = std::to_string(doc["id"].get<long long>());
    EXPECT_EQ(scalar("SELECT string_agg(sheet || ':' || sheet_row || ':' || hamlet_code, ' ' ORDER BY line) FROM registry_row "
                     "WHERE import_id = " + id),
              "Tổng hợp:6:" + a.code + " Tổng hợp:7:" + b.code + " " + d.commune + ":5:" + d.code);
    // The leader's name and phone stay out of the answer.
    EXPECT_EQ(created.body.find("Nguyễn Văn Thành"), std::string::npos);
}

}  // namespace
}  // namespace covermap::testing

namespace covermap::testing {
namespace {

std::map<int, std::string> outcomes_where(const std::string& url, long long import_id) {
    auto conn = db::connect(url, "covermap tests");
    pqxx::read_transaction tx(*conn);
    std::map<int, std::string> out;
    for (const auto& r : tx.exec_params("SELECT line, outcome || ':' || coalesce(hamlet_code, '') FROM registry_row WHERE import_id = $1",
                                        import_id)) {
        out[r[0].as<int>()] = r[1].as<std::string>();
    }
    return out;
}

// A steward settles the rows to review; the names as written become aliases the next import applies.
TEST_F(Registry, ResolutionsPlaceRowsAndBecomeAliasesLaterImportsApply) {
    const std::string file = write("to_resolve.csv", mixed_registry());
    const auto first = import(file, "2024-06-30");
    ASSERT_EQ(first.exit_code, 0) << first.err;
    const long long id = std::stoll(last_line(first.out));
    // Chosen from the units as they are now (an earlier test re-imports the hamlets): a hamlet
    // without a team in this import, and a row placed exactly.
    const std::string ids = std::to_string(id);
    hamlet target;
    target.code = scalar("SELECT min(h.code) FROM admin_unit h JOIN edition e ON e.id = h.edition_id WHERE e.name = 'demo' AND "
                         "h.level = 'hamlet' AND h.id NOT IN (SELECT hamlet_id FROM team WHERE import_id = " + ids + " AND hamlet_id IS NOT NULL)");
    target.name = scalar("SELECT name FROM admin_unit WHERE level = 'hamlet' AND code = '" + target.code + "'");
    target.commune_code = scalar("SELECT c.code FROM admin_unit h JOIN admin_unit c ON c.id = h.parent_id WHERE h.level = 'hamlet' AND h.code = '" +
                                 target.code + "'");
    const std::string exact_line = scalar("SELECT min(line) FROM registry_row WHERE outcome = 'exact' AND import_id = " + ids);
    const std::string exact_hamlet = scalar("SELECT hamlet_code FROM registry_row WHERE line = " + exact_line + " AND import_id = " + ids);
    ASSERT_EQ(scalar("SELECT outcome FROM registry_row WHERE line = 7 AND import_id = " + ids), "unknown_unit");
    ASSERT_EQ(scalar("SELECT outcome FROM registry_row WHERE line = 4 AND import_id = " + ids), "fuzzy");
    const std::string teams = "SELECT count(*) FROM team WHERE import_id = " + ids;
    const std::string covered = "SELECT c.teams FROM coverage c JOIN admin_unit u ON u.id = c.unit_id WHERE u.code = '" +
                                target.commune_code + "' AND c.as_of = '2024-06-30'";
    const std::string teams_before = scalar(teams);  // 5 on the demo units (earlier tests may change them)
    const std::string covered_before = scalar(covered);
    auto resolve = [&](const std::string& name, const std::string& text) {
        return run_covermap(*url_, {"registry", "resolve", std::to_string(id), write(name, text)});
    };
    // Refused whole, naming the file's line: an unknown code, a row that needs no review, a hamlet
    // that has its team already. Nothing changes.
    const auto unknown = resolve("bad1.csv", "line,hamlet_code\n7," + target.code + "\n4,NOPE\n");
    EXPECT_EQ(unknown.exit_code, 1);
    EXPECT_NE(unknown.err.find("bad1.csv line 3: no hamlet with code 'NOPE'"), std::string::npos) << unknown.err;
    const auto clean = resolve("bad2.csv", "hamlet_code,line\n" + target.code + "," + exact_line + "\n");
    EXPECT_EQ(clean.exit_code, 1);
    EXPECT_NE(clean.err.find("line " + exact_line + " is exact, not a row to review"), std::string::npos) << clean.err;
    const auto taken = resolve("bad3.csv", "line,hamlet_code\n7," + exact_hamlet + "\n");
    EXPECT_EQ(taken.exit_code, 1);
    EXPECT_NE(taken.err.find("already has a team in this import (line " + exact_line + ")"), std::string::npos) << taken.err;
    const auto no_line = resolve("bad4.csv", "line,hamlet_code\n99," + target.code + "\n");
    EXPECT_NE(no_line.err.find("has no line 99"), std::string::npos) << no_line.err;
    EXPECT_EQ(scalar(teams), teams_before);
    EXPECT_EQ(scalar("SELECT count(*) FROM unit_alias"), "0");

    // Line 7 (an unknown hamlet) is the target hamlet; line 4 (a fuzzy guess) is no unit at all.
    const auto ok = resolve("good.csv", "line,hamlet_code\n7," + target.code + "\n4,not a unit\n");
    ASSERT_EQ(ok.exit_code, 0) << ok.err;
    EXPECT_NE(ok.out.find("1 placed on a hamlet, 1 not a unit; 2 aliases"), std::string::npos) << ok.out;
    auto rows = outcomes_where(*url_, id);
    EXPECT_EQ(rows[7], "resolved:" + target.code);
    EXPECT_EQ(rows[4], "not_a_unit:");
    EXPECT_EQ(scalar(teams), teams_before);  // one more, one fewer
    EXPECT_EQ(scalar(covered), std::to_string(std::stoi(covered_before) + 1));  // the roll-ups followed
    EXPECT_EQ(scalar("SELECT (counts->>'resolved') || ' ' || (counts->>'not_a_unit') || ' ' || teams FROM registry_import WHERE id = " +
                     std::to_string(id)),
              "1 1 " + teams_before);
    // The contact is stored with the resolved team, as with any other.
    EXPECT_EQ(scalar("SELECT c.leader FROM team t JOIN team_contact c ON c.team_id = t.id WHERE t.import_id = " + std::to_string(id) +
                     " AND t.line = 7"),
              "Hoàng Văn Khải");

    const auto listed = run_covermap(*url_, {"registry", "aliases", "list"});
    ASSERT_EQ(listed.exit_code, 0) << listed.err;
    EXPECT_NE(listed.out.find("Thôn Không Tồn Tại\t" + target.code + " " + target.name), std::string::npos) << listed.out;
    EXPECT_NE(listed.out.find("not a unit"), std::string::npos) << listed.out;
    const auto exported = run_covermap(*url_, {"registry", "aliases", "export"});
    ASSERT_EQ(exported.exit_code, 0) << exported.err;
    EXPECT_EQ(std::count(exported.out.begin(), exported.out.end(), '\n'), 3) << exported.out;

    // The same file next month: the aliases place line 7 and drop line 4, reported as their own outcome.
    const auto again = import(file, "2024-07-31");
    ASSERT_EQ(again.exit_code, 0) << again.err;
    const long long id2 = std::stoll(last_line(again.out));
    rows = outcomes_where(*url_, id2);
    EXPECT_EQ(rows[7], "alias:" + target.code);
    EXPECT_EQ(rows[4], "not_a_unit:");
    EXPECT_EQ(rows[std::stoi(exact_line)], "exact:" + exact_hamlet);  // a clean match is never overridden

    // Removed, the alias no longer applies.
    const std::string alias_id = scalar("SELECT id FROM unit_alias WHERE hamlet_code = '" + target.code + "'");
    const auto removed = run_covermap(*url_, {"registry", "aliases", "remove", alias_id});
    ASSERT_EQ(removed.exit_code, 0) << removed.err;
    EXPECT_NE(run_covermap(*url_, {"registry", "aliases", "remove", alias_id}).exit_code, 0);
    const auto third = import(file, "2024-08-31");
    ASSERT_EQ(third.exit_code, 0) << third.err;
    rows = outcomes_where(*url_, std::stoll(last_line(third.out)));
    EXPECT_EQ(rows[7], "unknown_unit:");
    EXPECT_EQ(rows[4], "not_a_unit:");
    run_covermap(*url_, {"registry", "aliases", "remove", scalar("SELECT id FROM unit_alias")});
}

TEST_F(RegistryHttp, ResolutionsAndAliasesOverHttp) {
    const auto created = post("/api/imports/registry?edition=demo&as_of=2025-09-30", mixed_registry(), with_key(*key_));
    ASSERT_EQ(created.status, 201) << created.body;
    const long long id = json::parse(created.body)["id"].get<long long>();
    const hamlet& target = in_commune("99002", 1);
    const std::string target_url = "/api/imports/" + std::to_string(id) + "/resolutions";
    const std::string body = json{{"resolutions", {{{"line", 7}, {"hamlet_code", target.code}}, {{"line", 4}, {"hamlet_code", nullptr}}}}}.dump();
    auto json_headers = [](std::map<std::string, std::string> h) {
        h["Content-Type"] = "application/json";
        return h;
    };
    EXPECT_EQ(post(target_url, body, json_headers({})).status, 401);
    EXPECT_EQ(post("/api/imports/999999/resolutions", body, json_headers(with_key(*key_))).status, 404);
    EXPECT_EQ(post(target_url, "{\"resolutions\": [{\"line\": \"seven\"}]}", json_headers(with_key(*key_))).status, 400);
    const auto wrong = post(target_url, "line,hamlet_code\n7,NOPE\n", with_key(*key_));
    EXPECT_EQ(wrong.status, 422) << wrong.body;
    EXPECT_NE(wrong.body.find("the body line 2: no hamlet with code 'NOPE'"), std::string::npos) << wrong.body;
    // A key for another province cannot place a team here.
    const std::string other = api::new_api_key();
    write_file(*keys_, api::api_key_line("steward", *key_) + "\n" + api::api_key_line("hanoi", other, {"01"}) + "\n");
    http_response refused;
    for (int i = 0; i < 50; ++i) {  // the server re-reads the key file when it changes
        refused = post(target_url, body, json_headers(with_key(other)));
        if (refused.status != 401 && refused.status != 403) break;
        if (refused.status == 403 && refused.body.find("outside the key") != std::string::npos) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    EXPECT_EQ(refused.status, 403) << refused.body;
    EXPECT_NE(refused.body.find("outside the key's provinces (01)"), std::string::npos) << refused.body;

    const auto done = post(target_url, body, json_headers(with_key(*key_)));
    ASSERT_EQ(done.status, 200) << done.body;
    const auto doc = json::parse(done.body);
    EXPECT_EQ(doc["placed"], 1);
    EXPECT_EQ(doc["not_a_unit"], 1);
    EXPECT_EQ(doc["teams"], 5);
    const auto issues = json::parse(http_get(port_, "/api/imports/" + std::to_string(id) + "/issues").body);
    for (const auto& row : issues["issues"]) {
        EXPECT_NE(row["line"], 7) << "a resolved row is no longer an issue";
        EXPECT_NE(row["line"], 4);
    }
    const auto aliases = json::parse(http_get(port_, "/api/aliases?edition=demo").body)["aliases"];
    ASSERT_EQ(aliases.size(), 2u) << aliases.dump();
    long long alias_id = 0;
    for (const auto& a : aliases) {
        if (a["hamlet_code"] == target.code) {
            alias_id = a["id"].get<long long>();
            EXPECT_EQ(a["written"]["hamlet"], "Thôn Không Tồn Tại");
            EXPECT_EQ(a["source_line"], 7);
        }
    }
    ASSERT_NE(alias_id, 0);
    EXPECT_EQ(http_get(port_, "/api/aliases").body.find("Hoàng Văn Khải"), std::string::npos);  // no personal data
    const std::string remove = "/api/aliases/" + std::to_string(alias_id) + "/remove";
    EXPECT_EQ(post(remove, "", {}).status, 401);
    EXPECT_EQ(post(remove, "", with_key(*key_)).status, 200);
    EXPECT_EQ(post(remove, "", with_key(*key_)).status, 404);
    const json left = json::parse(http_get(port_, "/api/aliases").body);  // kept alive for the loop
    for (const auto& a : left["aliases"]) {
        post("/api/aliases/" + std::to_string(a["id"].get<long long>()) + "/remove", "", with_key(*key_));
    }
    write_file(*keys_, api::api_key_line("steward", *key_) + "\n");
}

}  // namespace
}  // namespace covermap::testing
