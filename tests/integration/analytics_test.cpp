// Coverage analytics end to end on the demo province (two yearly registries): roll-ups against
// the teams, the statistics endpoints and their errors, indicators, exports.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>

#include "api/server.hpp"
#include "db/pool.hpp"
#include "tests/support/fixtures.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/test_db.hpp"
#include "tests/support/test_server.hpp"

namespace covermap::testing {
namespace {

using nlohmann::json;

class Analytics : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        url_ = new std::string(fresh_database("covermap_test_analytics"));
        dir_ = new std::string(temp_dir("covermap-analytics"));
        const auto demo = run_covermap(*url_, {"demo", "--communes", "16"});
        ASSERT_EQ(demo.exit_code, 0) << demo.err;
        api::server_config config;
        config.database_url = *url_;
        server_ = start_test_server(config).release();
        port_ = config.port;
    }
    static void TearDownTestSuite() {
        delete server_;
        shell("rm -rf " + *dir_);
        delete dir_;
        delete url_;
    }
    static json get(const std::string& target, int status = 200) {
        const auto r = http_get(port_, target);
        EXPECT_EQ(r.status, status) << target << ": " << r.body.substr(0, 400);
        return r.headers.count("content-type") && r.headers.at("content-type") == "application/json" ? json::parse(r.body)
                                                                                                        : json();
    }
    static std::string scalar(const std::string& sql) {
        auto conn = db::connect(*url_, "covermap tests");
        pqxx::read_transaction tx(*conn);
        const auto f = tx.exec1(sql)[0];
        return f.is_null() ? "NULL" : f.as<std::string>();
    }
    static std::string* url_;
    static std::string* dir_;
    static api::server* server_;
    static int port_;
};
std::string* Analytics::url_ = nullptr;
std::string* Analytics::dir_ = nullptr;
api::server* Analytics::server_ = nullptr;
int Analytics::port_ = 0;

TEST_F(Analytics, RollUpsAgreeWithTheTeamsAtEveryLevel) {
    const json communes = get("/api/stats/coverage?level=commune&as_of=2025-12-31");
    ASSERT_EQ(communes["units"].size(), 16u);
    long long hamlets = 0, covered = 0, teams = 0;
    for (const auto& c : communes["units"]) {
        // Independently: hamlets of the commune with a team of the current 2025 import.
        const std::string code = c["code"];
        EXPECT_EQ(std::to_string(c["covered_hamlets"].get<long long>()),
                  scalar("SELECT count(DISTINCT t.hamlet_id) FROM team t JOIN registry_import ri ON ri.id = t.import_id "
                         "JOIN admin_unit h ON h.id = t.hamlet_id JOIN admin_unit c ON c.id = h.parent_id "
                         "WHERE ri.as_of = '2025-12-31' AND ri.replaced_at IS NULL AND c.code = '" + code + "'"));
        EXPECT_DOUBLE_EQ(c["coverage_rate"].get<double>(),
                         c["covered_hamlets"].get<double>() / c["hamlets"].get<double>());
        hamlets += c["hamlets"].get<long long>();
        covered += c["covered_hamlets"].get<long long>();
        teams += c["teams"].get<long long>();
    }
    const json province = get("/api/stats/coverage?level=province&as_of=2025-12-31")["units"][0];
    EXPECT_EQ(province["hamlets"], hamlets);
    EXPECT_EQ(province["covered_hamlets"], covered);
    EXPECT_EQ(province["teams"], teams);
    EXPECT_EQ(std::to_string(hamlets), scalar("SELECT count(*) FROM admin_unit WHERE level = 'hamlet'"));
    const json summary = get("/api/stats/summary?as_of=2025-12-31");
    EXPECT_EQ(summary["national"]["hamlets"], hamlets);
    EXPECT_EQ(summary["national"]["covered_hamlets"], covered);
    // The default snapshot is the latest; the comparison gives the change since the earlier one.
    EXPECT_EQ(get("/api/stats/coverage")["as_of"], "2025-12-31");
    const json compared = get("/api/stats/coverage?level=province&compare=2024-12-31");
    const json before = get("/api/stats/coverage?level=province&as_of=2024-12-31")["units"][0];
    EXPECT_NEAR(compared["units"][0]["change"]["coverage_rate"].get<double>(),
                province["coverage_rate"].get<double>() - before["coverage_rate"].get<double>(), 1e-12);
    EXPECT_GT(province["coverage_rate"].get<double>(), before["coverage_rate"].get<double>());  // the demo grows
}

TEST_F(Analytics, TablesForOfficialsInCsvAndXlsx) {
    const auto csv = http_get(port_, "/api/stats/coverage?level=commune&format=csv");
    ASSERT_EQ(csv.status, 200);
    EXPECT_EQ(csv.body.substr(0, 3), "\xEF\xBB\xBF");
    EXPECT_NE(csv.body.find("Tỷ lệ thôn có tổ"), std::string::npos);
    EXPECT_EQ(std::count(csv.body.begin(), csv.body.end(), '\n'), 17);  // header + 16 communes
    EXPECT_NE(http_get(port_, "/api/stats/coverage?level=commune&format=csv&lang=en").body.find("Coverage rate"),
              std::string::npos);
    const auto xlsx = http_get(port_, "/api/stats/coverage?level=commune&format=xlsx");
    ASSERT_EQ(xlsx.status, 200);
    EXPECT_EQ(xlsx.body.substr(0, 2), "PK");
    std::ofstream(*dir_ + "/c.xlsx", std::ios::binary) << xlsx.body;
    EXPECT_EQ(shell("test $(ogrinfo --config OGR_XLSX_HEADERS FORCE -ro -al -q " + *dir_ + "/c.xlsx | grep -c OGRFeature) = 16"), 0);
}

TEST_F(Analytics, UnknownValuesAreRefusedWithTheValidOnes) {
    EXPECT_NE(get("/api/stats/breaks?metric=bogus", 400).dump().find("coverage_rate, teams"), std::string::npos);
    EXPECT_NE(get("/api/stats/coverage?level=district", 400).dump().find("levels: province, commune, hamlet"), std::string::npos);
    EXPECT_NE(get("/api/stats/lisa?edition=nope", 400).dump().find("editions: demo"), std::string::npos);
    EXPECT_NE(get("/api/stats/autocorrelation?as_of=2020-01-01", 400).dump().find("2025-12-31, 2024-12-31"), std::string::npos);
    get("/api/stats/breaks?method=natural", 400);
    get("/api/stats/breaks?k=1", 400);
    get("/api/stats/coverage?format=pdf", 400);
    get("/api/stats/timeseries?metric=coverage_rate", 400);  // no unit
    get("/api/stats/timeseries?unit=999999", 404);
    get("/api/stats/lisa?alpha=2", 400);
}

TEST_F(Analytics, TimeSeriesGrowsMonthByMonthUpToTheSnapshot) {
    const std::string province = scalar("SELECT id FROM admin_unit WHERE level = 'province'");
    const json series = get("/api/stats/timeseries?unit=" + province + "&metric=covered_hamlets");
    ASSERT_GT(series["series"].size(), 6u);
    long long last = 0;
    for (const auto& point : series["series"]) {
        EXPECT_GE(point["value"].get<long long>(), last);
        last = point["value"].get<long long>();
    }
    EXPECT_EQ(series["series"].back()["month"], "2025-12");
    // Every team of the demo has a founding date: the series ends at the snapshot's figure.
    EXPECT_EQ(series["teams_without_founding_date"], 0);
    EXPECT_EQ(last, get("/api/stats/coverage?level=province")["units"][0]["covered_hamlets"].get<long long>());
    EXPECT_EQ(series["snapshots"].size(), 2u);
    const json window = get("/api/stats/timeseries?unit=" + province + "&from=2025-01&to=2025-06");
    EXPECT_EQ(window["series"].size(), 6u);
    get("/api/stats/timeseries?unit=" + province + "&from=2025", 400);
}

// The map's founding-month slider: every unit of a level month by month. Every demo team has a
// founding date, so the last month is the snapshot itself; earlier months never exceed it.
TEST_F(Analytics, EveryUnitOfALevelMonthByMonth) {
    const auto span = get("/api/stats/monthly?edition=demo&level=commune&as_of=2025-12-31");
    ASSERT_TRUE(span["months"].is_array());
    ASSERT_GT(span["months"].size(), 2u);
    EXPECT_EQ(span["months"].back(), "2025-12");
    EXPECT_EQ(span["undated_teams"], 0);
    const auto last = get("/api/stats/monthly?edition=demo&level=commune&as_of=2025-12-31&month=2025-12");
    const auto first = get("/api/stats/monthly?edition=demo&level=commune&as_of=2025-12-31&month=" +
                           span["months"][0].get<std::string>());
    ASSERT_EQ(last["units"].size(), std::stoul(scalar("SELECT count(*) FROM admin_unit WHERE level = 'commune'")));
    ASSERT_EQ(first["units"].size(), last["units"].size());
    long long covered_first = 0, covered_last = 0;
    for (std::size_t i = 0; i < last["units"].size(); ++i) {
        const auto& u = last["units"][i];
        const std::string id = std::to_string(u["id"].get<long long>());
        EXPECT_EQ(std::to_string(u["covered_hamlets"].get<long long>()) + " " + std::to_string(u["teams"].get<long long>()),
                  scalar("SELECT covered_hamlets || ' ' || teams FROM coverage WHERE as_of = '2025-12-31' AND unit_id = " + id));
        EXPECT_LE(first["units"][i]["covered_hamlets"].get<long long>(), u["covered_hamlets"].get<long long>());
        covered_first += first["units"][i]["covered_hamlets"].get<long long>();
        covered_last += u["covered_hamlets"].get<long long>();
    }
    EXPECT_LT(covered_first, covered_last);
    get("/api/stats/monthly?edition=demo&level=commune&as_of=2025-12-31&month=2030-01", 400);
    get("/api/stats/monthly?edition=demo&level=nope", 400);
}

TEST_F(Analytics, BreaksAndSpatialStatisticsOnTheCommunes) {
    for (const std::string method : {"quantile", "equal", "jenks", "stddev"}) {
        const json b = get("/api/stats/breaks?level=commune&k=4&method=" + method);
        long long total = 0;
        for (const auto& c : b["counts"]) total += c.get<long long>();
        EXPECT_EQ(total, 16) << method;
        EXPECT_LE(b["breaks"].size(), 5u) << method;
        EXPECT_GE(b["breaks"].size(), 2u) << method;
    }
    // Classed within a unit (an embedded province's map): the demo province holds all 16 communes;
    // a code with no commune inside is a 400 naming the parameter.
    const std::string province_code = scalar("SELECT code FROM admin_unit WHERE level = 'province'");
    const json within = get("/api/stats/breaks?level=commune&k=4&parent_code=" + province_code);
    EXPECT_EQ(within["n"], 16);
    EXPECT_EQ(within["parent_code"], province_code);
    EXPECT_EQ(within["breaks"], get("/api/stats/breaks?level=commune&k=4")["breaks"]);
    const std::string commune = scalar("SELECT code FROM admin_unit WHERE level = 'commune' ORDER BY code LIMIT 1");
    EXPECT_NE(get("/api/stats/breaks?level=commune&parent_code=" + commune, 400).dump().find("'parent_code'"), std::string::npos);
    const json moran = get("/api/stats/autocorrelation?level=commune&permutations=199&seed=7");
    EXPECT_EQ(moran["n"], 16);
    EXPECT_EQ(moran["islands"].size(), 0u);
    EXPECT_EQ(moran, get("/api/stats/autocorrelation?level=commune&permutations=199&seed=7"));  // seeded
    const json lisa = get("/api/stats/lisa?level=commune&permutations=99");
    ASSERT_EQ(lisa["units"].size(), 16u);
    for (const auto& u : lisa["units"]) {
        const std::string label = u["cluster"];
        EXPECT_TRUE(label == "HH" || label == "LL" || label == "HL" || label == "LH" || label == "not significant") << label;
        EXPECT_GT(u["p_value_permutation"].get<double>(), 0.0);
    }
    EXPECT_EQ(get("/api/stats/hotspots?level=commune")["units"].size(), 16u);
    // The demo's coverage grows from west to east: clustered, not random.
    EXPECT_GT(moran["moran"]["I"].get<double>(), moran["moran"]["expectation"].get<double>());
}

// The bivariate LISA: the coverage rate at a commune against the teams around it (with=).
TEST_F(Analytics, BivariateLisaOnTheCommunes) {
    const json bv = get("/api/stats/lisa?level=commune&metric=coverage_rate&with=teams&permutations=199&seed=3");
    ASSERT_EQ(bv["units"].size(), 16u);
    EXPECT_EQ(bv["with"], "teams");
    EXPECT_NE(bv["bivariate"].get<std::string>().find("localmoran_bv"), std::string::npos);
    // Σ_i Ibv_i / (n − 1) is the global bivariate Moran's I (spdep moran_bv divides by Σ x_i² = n − 1).
    double sum = 0;
    for (const auto& u : bv["units"]) {
        sum += u["Ibv"].get<double>();
        EXPECT_FALSE(u.contains("Ii"));
        const std::string label = u["cluster"];
        EXPECT_TRUE(label == "HH" || label == "LL" || label == "HL" || label == "LH" || label == "not significant") << label;
        EXPECT_GT(u["p_value_permutation"].get<double>(), 0.0);
        EXPECT_LE(u["p_value_permutation"].get<double>(), 0.5 + 1e-12);  // folded
    }
    const json global = get("/api/stats/autocorrelation?level=commune&metric=coverage_rate&with=teams&permutations=0");
    EXPECT_NEAR(sum / 15.0, global["bivariate"]["I"].get<double>(), 1e-12);
    EXPECT_EQ(bv, get("/api/stats/lisa?level=commune&metric=coverage_rate&with=teams&permutations=199&seed=3"));  // seeded
    // Adjusted for 16 tests, fewer (or as many) clusters; the p-values themselves do not change.
    const json fdr = get("/api/stats/lisa?level=commune&metric=coverage_rate&with=teams&permutations=199&seed=3&p_adjust=fdr");
    int significant = 0, significant_fdr = 0;
    for (std::size_t i = 0; i < 16; ++i) {
        EXPECT_EQ(fdr["units"][i]["p_value_permutation"], bv["units"][i]["p_value_permutation"]);
        EXPECT_GE(fdr["units"][i]["p_value_adjusted"].get<double>(), bv["units"][i]["p_value_adjusted"].get<double>());
        significant += bv["units"][i]["cluster"] != "not significant";
        significant_fdr += fdr["units"][i]["cluster"] != "not significant";
    }
    EXPECT_LE(significant_fdr, significant);
    const json eb = get("/api/stats/lisa?level=commune&with=teams&standardise=eb&permutations=99");
    EXPECT_EQ(eb["standardise"], "eb");
    EXPECT_NE(get("/api/stats/lisa?level=commune&with=nothing", 400).dump().find("unknown metric 'nothing'"), std::string::npos);
}

// Join counts of "has a team" on the demo's hamlets (points: k nearest neighbours) and communes.
TEST_F(Analytics, JoinCountsOnHamletsAndCommunes) {
    const json jc = get("/api/stats/joincount?level=hamlet&as_of=2025-12-31&k=4&permutations=99");
    const double n = jc["n"].get<double>();
    ASSERT_GT(n, 50);
    EXPECT_EQ(jc["black"].get<double>() + jc["white"].get<double>(), n);
    EXPECT_EQ(jc["black"], std::stoll(scalar("SELECT count(*) FROM coverage WHERE level = 'hamlet' AND as_of = '2025-12-31' "
                                             "AND covered_hamlets > 0")));
    EXPECT_EQ(jc["S0"].get<double>(), 4 * n);  // k = 4, binary
    // Every join is BB, WW or BW: the observed and the expected counts both add up to S0 / 2.
    const double joins = jc["BB"]["observed"].get<double>() + jc["WW"]["observed"].get<double>() + jc["BW"]["observed"].get<double>();
    EXPECT_EQ(joins, 2 * n);
    EXPECT_NEAR(jc["BB"]["expected"].get<double>() + jc["WW"]["expected"].get<double>() + jc["BW"]["expected"].get<double>(), 2 * n, 1e-9);
    // BB independently: the 4 nearest other hamlets by geodesic distance (PostGIS geography) of every
    // hamlet with a team that have one too, each directed pair counted half.
    const double bb = std::stod(scalar(
        "WITH h AS (SELECT u.id, u.label_point::geography AS g, c.covered_hamlets > 0 AS team FROM admin_unit u "
        "JOIN coverage c ON c.unit_id = u.id AND c.as_of = '2025-12-31' WHERE u.level = 'hamlet') "
        "SELECT count(*) / 2.0 FROM h a CROSS JOIN LATERAL (SELECT b.team FROM h b WHERE b.id <> a.id "
        "ORDER BY ST_Distance(a.g, b.g), b.id LIMIT 4) nn WHERE a.team AND nn.team"));
    EXPECT_EQ(jc["BB"]["observed"].get<double>(), bb);
    for (const std::string colour : {"BB", "WW", "BW"}) {
        EXPECT_GT(jc[colour]["variance"].get<double>(), 0.0) << colour;
        EXPECT_GT(jc[colour]["p_value_permutation"].get<double>(), 0.0) << colour;
        EXPECT_LE(jc[colour]["p_value_permutation"].get<double>(), 1.0) << colour;
    }
    EXPECT_EQ(jc, get("/api/stats/joincount?level=hamlet&as_of=2025-12-31&k=4&permutations=99"));  // seeded
    // Symmetrised lists have more joins; a province code keeps them all (the demo has one province).
    const json sym = get("/api/stats/joincount?level=hamlet&as_of=2025-12-31&k=4&symmetric=true");
    EXPECT_GT(sym["S0"].get<double>(), jc["S0"].get<double>());
    EXPECT_EQ(sym["S1"].get<double>(), 2 * sym["S0"].get<double>());
    const std::string province_code = scalar("SELECT code FROM admin_unit WHERE level = 'province'");
    EXPECT_EQ(get("/api/stats/joincount?level=hamlet&as_of=2025-12-31&k=4&parent_code=" + province_code)["n"], jc["n"]);
    // A distance band: every hamlet within 1 m has no neighbour but itself: all islands, a clear 400.
    EXPECT_NE(get("/api/stats/joincount?level=hamlet&distance_km=0.001", 400).dump().find("at least 4 units"), std::string::npos);
    const json band = get("/api/stats/joincount?level=hamlet&distance_km=20");
    EXPECT_EQ(band["distance_km"], 20.0);
    // Communes (queen contiguity): every demo commune has a covered hamlet, one colour only: a
    // clear 400, not a NaN (tests/shared runs them on the 2009 communes).
    EXPECT_NE(get("/api/stats/joincount?level=commune", 400).dump().find("same colour"), std::string::npos);
    // Bad parameters name themselves.
    for (const auto& [query, says] : std::vector<std::pair<std::string, std::string>>{
             {"k=0", "'k'"},
             {"k=51", "'k'"},
             {"k=4&distance_km=2", "'distance_km'"},
             {"distance_km=far", "'distance_km'"},
             {"distance_km=-1", "'distance_km'"},
             {"symmetric=maybe", "'symmetric'"},
             {"permutations=10000", "'permutations'"},
             {"parent_code=nowhere", "'parent_code'"},
             {"level=commune&k=3", "'k'"},
             {"level=county", "level"},
             {"colour=red", "colour"}}) {
        const json e = get("/api/stats/joincount?" + (query.rfind("level=", 0) == 0 ? query : "level=hamlet&" + query), 400);
        EXPECT_NE(e.dump().find(says), std::string::npos) << query << ": " << e.dump();
    }
}

// Empirical-Bayes rates, EB-standardised Moran and adjusted p-values (the numbers themselves are
// checked against spdep and R in tests/shared/spdep_agreement_test.cpp).
TEST_F(Analytics, SmoothedRatesEbMoranAndAdjustedSignificance) {
    const json global = get("/api/stats/rates?level=commune");
    EXPECT_EQ(global["method"], "global");
    ASSERT_EQ(global["units"].size(), 16u);
    const double b = global["prior_mean"].get<double>();
    double cases = 0, hamlets = 0;
    for (const auto& u : global["units"]) {
        cases += u["covered_hamlets"].get<double>();
        hamlets += u["hamlets"].get<double>();
        EXPECT_DOUBLE_EQ(u["raw_rate"].get<double>(), u["covered_hamlets"].get<double>() / u["hamlets"].get<double>());
        // Shrunk towards the pooled rate: never further from it than the raw rate.
        EXPECT_LE(std::abs(u["smoothed_rate"].get<double>() - b), std::abs(u["raw_rate"].get<double>() - b) + 1e-12);
    }
    EXPECT_DOUBLE_EQ(b, cases / hamlets);
    const json local = get("/api/stats/rates?level=commune&method=local");
    ASSERT_EQ(local["units"].size(), 16u);
    EXPECT_GT(local["units"][0]["neighbours"].get<int>(), 0);
    EXPECT_TRUE(local["units"][0].contains("prior_mean"));
    get("/api/stats/rates?method=bayes", 400);

    // The smoothed rates are metrics: breaks and the local statistics take them.
    // The demo's communes vary less than chance (Poisson) would make them: the global prior variance
    // is 0 and every commune gets the pooled rate, so only the spatial EB rate can be classed.
    EXPECT_EQ(global["prior_variance"].get<double>(), 0.0);
    EXPECT_DOUBLE_EQ(global["units"][3]["smoothed_rate"].get<double>(), b);
    const json ebl = get("/api/stats/breaks?level=commune&k=3&metric=coverage_rate_ebl");
    EXPECT_EQ(ebl["n"], 16);
    EXPECT_NE(get("/api/stats/breaks?level=commune&k=3&metric=coverage_rate_eb", 400).dump().find("distinct values (1)"),
              std::string::npos);
    EXPECT_EQ(get("/api/stats/lisa?level=commune&permutations=99&metric=coverage_rate_ebl")["units"].size(), 16u);
    EXPECT_NE(get("/api/stats/breaks?metric=bogus", 400).dump().find("coverage_rate_eb"), std::string::npos);

    // Moran's I on EB-standardised rates; only for the coverage rate.
    const json ebi = get("/api/stats/autocorrelation?level=commune&standardise=eb&permutations=99&seed=3");
    EXPECT_EQ(ebi["standardise"], "eb");
    EXPECT_EQ(ebi["n"], 16);
    EXPECT_NE(ebi["moran"]["I"], get("/api/stats/autocorrelation?level=commune&permutations=0")["moran"]["I"]);
    get("/api/stats/autocorrelation?level=commune&standardise=eb&metric=teams", 400);
    get("/api/stats/autocorrelation?level=commune&standardise=z", 400);

    // Bivariate Moran against a second metric; of a metric with itself it is Moran's I.
    const json self = get("/api/stats/autocorrelation?level=commune&with=coverage_rate&permutations=0");
    EXPECT_NEAR(self["bivariate"]["I"].get<double>(), self["moran"]["I"].get<double>(), 1e-12);
    const json bv = get("/api/stats/autocorrelation?level=commune&with=teams&permutations=99&seed=2");
    EXPECT_EQ(bv["with"], "teams");
    EXPECT_GT(bv["bivariate"]["p_value_permutation"].get<double>(), 0.0);
    EXPECT_NE(get("/api/stats/autocorrelation?level=commune&with=bogus", 400).dump().find("unknown metric"), std::string::npos);

    // p_adjust: adjusted p-values are never smaller, so never more clusters; unknown methods are 400s.
    const json none = get("/api/stats/lisa?level=commune&permutations=99&seed=5");
    const json fdr = get("/api/stats/lisa?level=commune&permutations=99&seed=5&p_adjust=fdr");
    const json bonferroni = get("/api/stats/lisa?level=commune&permutations=99&seed=5&p_adjust=bonferroni");
    EXPECT_EQ(none["p_adjust"], "none");
    EXPECT_EQ(fdr["p_adjust"], "fdr");
    int significant_none = 0, significant_fdr = 0, significant_bonferroni = 0;
    for (std::size_t i = 0; i < 16; ++i) {
        const double p = none["units"][i]["p_value_permutation"].get<double>();
        EXPECT_EQ(none["units"][i]["p_value_adjusted"].get<double>(), p);
        EXPECT_GE(fdr["units"][i]["p_value_adjusted"].get<double>(), p);
        EXPECT_DOUBLE_EQ(bonferroni["units"][i]["p_value_adjusted"].get<double>(), std::min(1.0, 16 * p));
        significant_none += none["units"][i]["cluster"] != "not significant";
        significant_fdr += fdr["units"][i]["cluster"] != "not significant";
        significant_bonferroni += bonferroni["units"][i]["cluster"] != "not significant";
    }
    EXPECT_LE(significant_fdr, significant_none);
    EXPECT_LE(significant_bonferroni, significant_fdr);
    const json hot = get("/api/stats/hotspots?level=commune&p_adjust=fdr&alpha=0.1");
    for (const auto& u : hot["units"]) {
        const std::string spot = u["cluster"];
        EXPECT_TRUE(spot == "hot spot" || spot == "cold spot" || spot == "not significant") << spot;
        EXPECT_EQ(spot != "not significant", u["p_value_adjusted"].get<double>() < 0.1);
    }
    get("/api/stats/lisa?p_adjust=holm", 400);
}

TEST_F(Analytics, IndicatorsJoinByCodeAndBecomeMetrics) {
    std::string text = "commune_code,indicator,period,value\n";
    for (int i = 1; i <= 16; ++i) {
        char code[16];  // room for any int: GCC at -O1 (the sanitizer build) cannot bound i here
        std::snprintf(code, sizeof code, "99%03d", i);
        text += std::string(code) + ",cashless_household_share,2025-Q4," + std::to_string(0.05 * i) + "\n";
    }
    text += "77777,cashless_household_share,2025-Q4,0.5\n";
    std::ofstream(*dir_ + "/ind.csv") << text;
    const auto ok = run_covermap(*url_, {"import", "indicators", *dir_ + "/ind.csv", "--edition", "demo"});
    ASSERT_EQ(ok.exit_code, 0) << ok.err;
    EXPECT_NE(ok.out.find("codes without a unit 1"), std::string::npos) << ok.out;
    EXPECT_NE(ok.out.find("line 18: code 77777"), std::string::npos) << ok.out;
    const json units = get("/api/stats/coverage?level=commune")["units"];
    EXPECT_DOUBLE_EQ(units[2]["indicators"]["cashless_household_share@2025-Q4"].get<double>(), 0.15);
    const json b = get("/api/stats/breaks?level=commune&k=4&method=equal&metric=cashless_household_share@2025-Q4");
    EXPECT_DOUBLE_EQ(b["breaks"][0].get<double>(), 0.05);
    EXPECT_DOUBLE_EQ(b["breaks"][4].get<double>(), 0.8);

    const std::string before = scalar("SELECT count(*) || ':' || sum(value) FROM indicator");
    std::ofstream(*dir_ + "/bad.csv") << "code,indicator,period,value\n99001,cashless_household_share,2025-Q4,abc\n";
    const auto bad = run_covermap(*url_, {"import", "indicators", *dir_ + "/bad.csv", "--edition", "demo"});
    EXPECT_EQ(bad.exit_code, 1);
    EXPECT_NE(bad.err.find("bad.csv, line 2, column 'value': 'abc' is not a number"), std::string::npos) << bad.err;
    std::ofstream(*dir_ + "/twice.csv") << "code,indicator,period,value\n99001,x_share,2025,1\n99001,x_share,2025,2\n";
    const auto twice = run_covermap(*url_, {"import", "indicators", *dir_ + "/twice.csv", "--edition", "demo"});
    EXPECT_EQ(twice.exit_code, 1);
    EXPECT_NE(twice.err.find("first on line 2"), std::string::npos) << twice.err;
    EXPECT_EQ(scalar("SELECT count(*) || ':' || sum(value) FROM indicator"), before);
}

TEST_F(Analytics, ExportsWithGeometryForGisAndTablesForOfficials) {
    const std::string gpkg = *dir_ + "/communes.gpkg";
    const auto r = run_covermap(*url_, {"export", "coverage", "--level", "commune", "-o", gpkg});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(shell("ogrinfo -ro -so " + gpkg + " coverage | grep -q 'Feature Count: 16'"), 0);
    EXPECT_EQ(shell("ogrinfo -ro -so " + gpkg + " coverage | grep -q 'Multi Polygon'"), 0);
    EXPECT_EQ(shell("ogrinfo -ro -q " + gpkg + " -sql \"SELECT count(*) AS n FROM coverage WHERE coverage_rate > 0 "
                    "AND code LIKE '99%'\" | grep -q 'n (Integer) = 16'"),
              0);
    EXPECT_EQ(run_covermap(*url_, {"export", "coverage", "--level", "commune", "-o", gpkg}).exit_code, 2);  // exists
    EXPECT_EQ(run_covermap(*url_, {"export", "coverage", "--level", "commune", "--format", "csv", "--lang", "vi", "-o",
                                   *dir_ + "/c.csv"})
                  .exit_code,
              0);
    EXPECT_EQ(run_covermap(*url_, {"export", "coverage", "--level", "nope", "-o", *dir_ + "/x.csv"}).exit_code, 2);
}

TEST_F(Analytics, ABoundaryReimportRecomputesTheRollUps) {
    const std::string digest = "SELECT md5(string_agg(unit_id || ':' || as_of || ':' || covered_hamlets || ':' || teams, ',' "
                               "ORDER BY unit_id, as_of)) FROM coverage";
    const std::string before = scalar(digest);
    const std::string values = "SELECT count(*) || ':' || coalesce(sum(value), 0) FROM indicator";
    const std::string indicators = scalar(values);  // imported by IndicatorsJoinByCodeAndBecomeMetrics
    const auto again = run_covermap(*url_, {"demo", "--communes", "16"});  // same units, same registries
    ASSERT_EQ(again.exit_code, 0) << again.err;
    EXPECT_EQ(scalar(digest), before);
    EXPECT_EQ(scalar(values), indicators);  // units kept their ids, so their values stay
    EXPECT_EQ(scalar("SELECT count(*) FROM coverage WHERE as_of = '2025-12-31'"),
              scalar("SELECT count(*) FROM admin_unit"));
}

}  // namespace
}  // namespace covermap::testing
