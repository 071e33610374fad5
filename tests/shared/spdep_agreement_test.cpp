// Agreement with R spdep, the analysts' reference, on the 2009 communes with the teams_2023-12
// coverage: the same polygons (exported by `covermap export coverage`), poly2nb(queen = TRUE) in R
// against covermap's stored contiguity, and moran.test, localmoran, localG(include.self) and
// localmoran_perm against covermap's HTTP answers; EBest, EBlocal, EBImoran.mc and p.adjust against
// /api/stats/rates, standardise=eb and p_adjust; localmoran_bv against /api/stats/lisa?with=; and on
// the hamlets of Nghệ An (points), knn2nb(knearneigh(longlat = TRUE)), joincount.test,
// joincount.multi and joincount.mc against /api/stats/joincount.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "api/server.hpp"
#include "db/pool.hpp"
#include "core/csv_table.hpp"
#include "stats/point_neighbours.hpp"
#include "tests/shared/shared_env.hpp"
#include "tests/support/fixtures.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/test_db.hpp"
#include "tests/support/test_server.hpp"

namespace covermap::testing {
namespace {

using nlohmann::json;

// A CSV written by R (write.csv): header → column, rows of text.
struct csv_file {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
    std::size_t column(const std::string& name) const {
        for (std::size_t i = 0; i < header.size(); ++i) {
            if (header[i] == name) return i;
        }
        throw std::runtime_error("no column " + name);
    }
};

csv_file read_csv(const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    core::csv_table table(text.str(), path);
    csv_file out{table.headers(), {}};
    for (core::table_row row; table.next(row);) out.rows.push_back(row.cells);
    return out;
}

// The 2009 communes exported and R's answers on them, computed once for the tests below: the
// directory holding R's CSVs (empty when R failed, with its log there).
struct r_reference {
    std::string dir;
    std::string error;
    std::map<std::string, double> summary;
};

const r_reference& reference() {
    static const r_reference ref = [] {
        r_reference out;
        const std::string& url = *shared_database_url();
        out.dir = temp_dir("covermap-spdep");
        const std::string gpkg = out.dir + "/communes_2009.gpkg";
        const auto exported = run_covermap(url, {"export", "coverage", "--edition", "2009", "--level", "commune", "--as-of",
                                                 "2023-12-31", "-o", gpkg});
        if (exported.exit_code != 0) {
            out.error = "export failed: " + exported.err;
            return out;
        }
        if (shell("Rscript " + std::string(COVERMAP_SOURCE_DIR) + "/tests/shared/spdep_agreement.R " + gpkg +
                  " coverage_rate " + out.dir + " > " + out.dir + "/r.log 2>&1") != 0) {
            out.error = "R failed; see " + out.dir + "/r.log";
            return out;
        }
        for (const auto& row : read_csv(out.dir + "/summary.csv").rows) out.summary[row[0]] = std::stod(row[1]);
        return out;
    }();
    static const struct removal {
        std::string dir;
        ~removal() { shell("rm -rf " + dir); }
    } remove_at_exit{ref.error.empty() ? ref.dir : std::string()};  // keep R's log when it failed
    return ref;
}

TEST(SpdepAgreement, QueenWeightsMoranLisaAndGiStarOn2009Communes) {
    if (shared_database_url() == nullptr) GTEST_SKIP() << "../shared/data is absent";
    ASSERT_EQ(shell("command -v Rscript >/dev/null"), 0) << "Rscript missing: scripts/install-deps.sh installs r-cran-spdep";
    const std::string& url = *shared_database_url();
    const r_reference& ref = reference();
    ASSERT_TRUE(ref.error.empty()) << ref.error;
    const std::string& dir = ref.dir;
    std::map<std::string, double> r = ref.summary;

    // The neighbour sets are equal: every pair, both ways, by commune code.
    std::set<std::pair<std::string, std::string>> ours, theirs;
    {
        auto conn = db::connect(url, "covermap tests");
        pqxx::read_transaction tx(*conn);
        for (const auto& p : tx.exec("SELECT a.code, b.code FROM unit_neighbour n JOIN admin_unit a ON a.id = n.unit_id "
                                     "JOIN admin_unit b ON b.id = n.neighbour_id JOIN edition e ON e.id = n.edition_id "
                                     "WHERE e.name = '2009' AND n.level = 'commune'")) {
            ours.emplace(p[0].as<std::string>(), p[1].as<std::string>());
        }
    }
    const csv_file nb = read_csv(dir + "/nb.csv");
    for (const auto& row : nb.rows) theirs.emplace(row[0], row[1]);
    EXPECT_EQ(ours.size(), theirs.size());
    std::vector<std::pair<std::string, std::string>> only_ours, only_theirs;
    std::set_difference(ours.begin(), ours.end(), theirs.begin(), theirs.end(), std::back_inserter(only_ours));
    std::set_difference(theirs.begin(), theirs.end(), ours.begin(), ours.end(), std::back_inserter(only_theirs));
    EXPECT_TRUE(only_ours.empty()) << only_ours.size() << " pairs only in covermap, e.g. " << only_ours.front().first << "-"
                                   << only_ours.front().second;
    EXPECT_TRUE(only_theirs.empty()) << only_theirs.size() << " pairs only in spdep";
    EXPECT_EQ(r["islands_full_layer"], 21);

    api::server_config config;
    config.database_url = url;
    const auto srv = start_test_server(config);
    const std::string query = "?edition=2009&level=commune&as_of=2023-12-31&metric=coverage_rate";
    const auto fetch = [&](const std::string& path) {
        const auto response = http_get(config.port, path + query);
        EXPECT_EQ(response.status, 200) << response.body.substr(0, 300);
        return json::parse(response.body);
    };
    const json global = fetch("/api/stats/autocorrelation");
    const json lisa = fetch("/api/stats/lisa");
    const json hot = fetch("/api/stats/hotspots");
    EXPECT_EQ(global["islands"].size(), 21u);
    EXPECT_EQ(global["n"].get<double>(), r["n"]);
    const json& m = global["moran"];
    EXPECT_NEAR(m["I"].get<double>(), r["I"], 1e-6);
    EXPECT_NEAR(m["expectation"].get<double>(), r["expectation"], 1e-6);
    EXPECT_NEAR(m["variance"].get<double>(), r["variance"], 1e-6);
    EXPECT_NEAR(m["z"].get<double>(), r["z"], 1e-6);
    EXPECT_NEAR(m["p_value_permutation"].get<double>(), r["p_value_permutation"], 0.01);

    const csv_file local = read_csv(dir + "/local.csv");
    std::map<std::string, const std::vector<std::string>*> by_code;
    for (const auto& row : local.rows) by_code[row[local.column("code")]] = &row;
    ASSERT_EQ(lisa["units"].size(), by_code.size());
    double worst_ii = 0, worst_z = 0, worst_g = 0, p_sum = 0;
    std::size_t p_within = 0;
    for (const auto& u : lisa["units"]) {
        const auto& row = *by_code.at(u["code"].get<std::string>());
        worst_ii = std::max(worst_ii, std::abs(u["Ii"].get<double>() - std::stod(row[local.column("Ii")])));
        worst_z = std::max(worst_z, std::abs(u["z"].get<double>() - std::stod(row[local.column("Z.Ii")])));
        // Two independent 999-permutation estimates of one p-value (spdep draws with replacement,
        // covermap without): within four standard errors of their difference.
        const double ours_p = u["p_value_permutation"].get<double>(), theirs_p = std::stod(row[local.column("p_folded")]);
        const double p = (ours_p + theirs_p) / 2;
        p_sum += std::abs(ours_p - theirs_p);
        p_within += std::abs(ours_p - theirs_p) <= 4 * std::sqrt(2 * p * (1 - p) / 999) + 0.002;
    }
    for (const auto& u : hot["units"]) {
        const auto& row = *by_code.at(u["code"].get<std::string>());
        worst_g = std::max(worst_g, std::abs(u["gi_star_z"].get<double>() - std::stod(row[local.column("gi_star")])));
    }
    const double n = static_cast<double>(by_code.size());
    std::printf("[ spdep    ] %zu neighbour pairs equal, 21 islands; Moran I %.9f (R %.9f), z %.6f (R %.6f); "
                "max |ΔIi| %.2e, |ΔZ.Ii| %.2e, |ΔGi*| %.2e; permutation p: mean |Δ| %.4f, within 4 SE %.2f%%; "
                "R localmoran_perm %.1f s\n",
                ours.size(), m["I"].get<double>(), r["I"], m["z"].get<double>(), r["z"], worst_ii, worst_z, worst_g,
                p_sum / n, 100.0 * static_cast<double>(p_within) / n, r["localmoran_perm_seconds"]);
    EXPECT_LT(worst_ii, 1e-6);
    EXPECT_LT(worst_z, 1e-6);
    EXPECT_LT(worst_g, 1e-6);
    EXPECT_LT(p_sum / n, 0.02);
    EXPECT_GE(static_cast<double>(p_within), 0.99 * n);
}

// Empirical-Bayes rates (spdep EBest, EBlocal), Moran's I on EB-standardised rates (EBImoran.mc) and
// the multiple-testing adjustment of the LISA p-values (R's p.adjust) on the same communes.
TEST(SpdepAgreement, EmpiricalBayesRatesEbMoranAndAdjustedPValuesOn2009Communes) {
    if (shared_database_url() == nullptr) GTEST_SKIP() << "../shared/data is absent";
    ASSERT_EQ(shell("command -v Rscript >/dev/null"), 0) << "Rscript missing: scripts/install-deps.sh installs r-cran-spdep";
    const r_reference& ref = reference();
    ASSERT_TRUE(ref.error.empty()) << ref.error;
    std::map<std::string, double> r = ref.summary;
    api::server_config config;
    config.database_url = *shared_database_url();
    const auto srv = start_test_server(config);
    const std::string query = "?edition=2009&level=commune&as_of=2023-12-31";
    const auto fetch = [&](const std::string& path) {
        const auto response = http_get(config.port, path);
        EXPECT_EQ(response.status, 200) << response.body.substr(0, 300);
        return json::parse(response.body);
    };

    // EBest and EBlocal on every commune with hamlets.
    const json global = fetch("/api/stats/rates" + query + "&method=global");
    const json local = fetch("/api/stats/rates" + query + "&method=local");
    const csv_file eb = read_csv(ref.dir + "/eb.csv");
    std::map<std::string, const std::vector<std::string>*> by_code;
    for (const auto& row : eb.rows) by_code[row[eb.column("code")]] = &row;
    ASSERT_EQ(global["units"].size(), by_code.size());
    ASSERT_EQ(local["units"].size(), by_code.size());
    EXPECT_NEAR(global["prior_mean"].get<double>(), r["eb_prior_mean"], 1e-12);
    EXPECT_NEAR(global["prior_variance"].get<double>(), r["eb_prior_variance"], 1e-12);
    double worst_raw = 0, worst_eb = 0, worst_ebl = 0;
    std::size_t r_nan = 0;
    for (std::size_t k = 0; k < by_code.size(); ++k) {
        const json& g = global["units"][k];
        const json& l = local["units"][k];
        ASSERT_EQ(g["code"], l["code"]);
        const auto& row = *by_code.at(g["code"].get<std::string>());
        worst_raw = std::max(worst_raw, std::abs(g["raw_rate"].get<double>() - std::stod(row[eb.column("raw")])));
        worst_eb = std::max(worst_eb, std::abs(g["smoothed_rate"].get<double>() - std::stod(row[eb.column("eb")])));
        const std::string r_ebl = row[eb.column("ebl")];
        if (r_ebl == "NA" || r_ebl == "NaN") {  // no covered hamlet in the group: spdep 0/0, covermap 0
            ++r_nan;
            EXPECT_EQ(l["smoothed_rate"].get<double>(), 0.0) << g["code"];
            continue;
        }
        worst_ebl = std::max(worst_ebl, std::abs(l["smoothed_rate"].get<double>() - std::stod(r_ebl)));
    }
    EXPECT_LT(worst_raw, 1e-12);
    EXPECT_LT(worst_eb, 1e-6);
    EXPECT_LT(worst_ebl, 1e-6);

    // The same smoothed rates as metrics.
    const json as_metric = fetch("/api/stats/hotspots" + query + "&metric=coverage_rate_ebl");
    EXPECT_GT(as_metric["n"].get<int>(), 10000);

    // Moran's I on the Assunção–Reis EB-standardised rates: spdep EBImoran.mc's statistic.
    const json ebi = fetch("/api/stats/autocorrelation" + query + "&standardise=eb");
    const double ebi_i = ebi["moran"]["I"].get<double>();
    EXPECT_NEAR(ebi_i, r["ebi_moran"], 1e-6);
    EXPECT_NEAR(ebi["moran"]["p_value_permutation"].get<double>(), r["ebi_p_value"], 0.01);

    // Bivariate Moran: the coverage rate against the teams around, spdep moran_bv's statistic.
    const json bv = fetch("/api/stats/autocorrelation" + query + "&with=teams&permutations=99");
    const double bv_i = bv["bivariate"]["I"].get<double>();
    EXPECT_EQ(bv["n"].get<double>(), r["n"]);
    EXPECT_NEAR(bv_i, r["bv_moran"], 1e-6);

    // p_adjust: the LISA's permutation p-values adjusted as R's p.adjust "BH" and "bonferroni".
    const json fdr = fetch("/api/stats/lisa" + query + "&p_adjust=fdr");
    const json bonferroni = fetch("/api/stats/lisa" + query + "&p_adjust=bonferroni");
    const std::string p_file = ref.dir + "/p.csv";
    {
        std::ofstream out(p_file);
        out << "p\n";
        char text[40];
        for (const auto& u : fdr["units"]) {
            std::snprintf(text, sizeof text, "%.17g", u["p_value_permutation"].get<double>());
            out << text << "\n";
        }
    }
    ASSERT_EQ(shell("Rscript -e 'p <- read.csv(\"" + p_file + "\")$p; write.csv(data.frame(bh = p.adjust(p, \"BH\"), "
                    "bonferroni = p.adjust(p, \"bonferroni\")), \"" + ref.dir + "/p_adjusted.csv\", row.names = FALSE)' > " +
                    ref.dir + "/p.log 2>&1"),
              0)
        << "R failed; see " << ref.dir << "/p.log";
    const csv_file adjusted = read_csv(ref.dir + "/p_adjusted.csv");
    ASSERT_EQ(adjusted.rows.size(), fdr["units"].size());
    double worst_bh = 0, worst_bonferroni = 0;
    long long clusters_none = 0, clusters_fdr = 0;
    const json lisa_none = fetch("/api/stats/lisa" + query);
    for (std::size_t k = 0; k < adjusted.rows.size(); ++k) {
        worst_bh = std::max(worst_bh, std::abs(fdr["units"][k]["p_value_adjusted"].get<double>() -
                                               std::stod(adjusted.rows[k][adjusted.column("bh")])));
        worst_bonferroni = std::max(worst_bonferroni, std::abs(bonferroni["units"][k]["p_value_adjusted"].get<double>() -
                                                               std::stod(adjusted.rows[k][adjusted.column("bonferroni")])));
        clusters_fdr += fdr["units"][k]["cluster"] != "not significant";
        clusters_none += lisa_none["units"][k]["cluster"] != "not significant";
    }
    EXPECT_LT(worst_bh, 1e-12);
    EXPECT_LT(worst_bonferroni, 1e-12);
    EXPECT_LE(clusters_fdr, clusters_none);
    std::printf("[ spdep    ] EB: %zu communes, max |Δraw| %.2e, |ΔEBest| %.2e, |ΔEBlocal| %.2e (%zu groups without a "
                "case: spdep NaN, covermap 0); EBImoran I %.12f (R %.12f, |Δ| %.2e), p %.3f (R %.3f); p.adjust max "
                "|ΔBH| %.2e, |Δbonferroni| %.2e; LISA clusters %lld unadjusted, %lld with FDR; moran_bv(rate, teams) %.12f "
                "(R %.12f)\n",
                by_code.size(), worst_raw, worst_eb, worst_ebl, r_nan, ebi_i, r["ebi_moran"], std::abs(ebi_i - r["ebi_moran"]),
                ebi["moran"]["p_value_permutation"].get<double>(), r["ebi_p_value"], worst_bh, worst_bonferroni,
                clusters_none, clusters_fdr, bv_i, r["bv_moran"]);
}

// Bivariate LISA: the coverage rate at a commune against the teams around it, spdep localmoran_bv.
TEST(SpdepAgreement, BivariateLisaOn2009Communes) {
    if (shared_database_url() == nullptr) GTEST_SKIP() << "../shared/data is absent";
    ASSERT_EQ(shell("command -v Rscript >/dev/null"), 0) << "Rscript missing: scripts/install-deps.sh installs r-cran-spdep";
    const r_reference& ref = reference();
    ASSERT_TRUE(ref.error.empty()) << ref.error;
    api::server_config config;
    config.database_url = *shared_database_url();
    const auto srv = start_test_server(config);
    const auto response =
        http_get(config.port, "/api/stats/lisa?edition=2009&level=commune&as_of=2023-12-31&metric=coverage_rate&with=teams");
    ASSERT_EQ(response.status, 200) << response.body.substr(0, 300);
    const json lisa = json::parse(response.body);
    const csv_file local = read_csv(ref.dir + "/local.csv");
    std::map<std::string, const std::vector<std::string>*> by_code;
    for (const auto& row : local.rows) by_code[row[local.column("code")]] = &row;
    ASSERT_EQ(lisa["units"].size(), by_code.size());
    double worst_ibv = 0, worst_mean = 0, p_sum = 0;
    std::size_t p_within = 0;
    std::map<std::string, int> clusters;
    for (const auto& u : lisa["units"]) {
        const auto& row = *by_code.at(u["code"].get<std::string>());
        worst_ibv = std::max(worst_ibv, std::abs(u["Ibv"].get<double>() - std::stod(row[local.column("Ibvi")])));
        // E.Ibvi: both are means of 999 draws of x_i · (mean of |N_i| scaled y); compared loosely.
        worst_mean = std::max(worst_mean, std::abs(u["expectation_permutation"].get<double>() - std::stod(row[local.column("E.Ibvi")])));
        const double ours_p = u["p_value_permutation"].get<double>(), theirs_p = std::stod(row[local.column("bv_p_folded")]);
        const double p = (ours_p + theirs_p) / 2;
        p_sum += std::abs(ours_p - theirs_p);
        p_within += std::abs(ours_p - theirs_p) <= 4 * std::sqrt(2 * p * (1 - p) / 999) + 0.002;
        ++clusters[u["cluster"].get<std::string>()];
    }
    const double n = static_cast<double>(by_code.size());
    std::printf("[ spdep    ] localmoran_bv(rate, teams) on %zu communes: max |ΔIbvi| %.2e, max |ΔE.Ibvi| %.3f (two "
                "simulations); permutation p: mean |Δ| %.4f, within 4 SE %.2f%%; clusters HH %d LL %d HL %d LH %d\n",
                by_code.size(), worst_ibv, worst_mean, p_sum / n, 100.0 * static_cast<double>(p_within) / n, clusters["HH"],
                clusters["LL"], clusters["HL"], clusters["LH"]);
    EXPECT_LT(worst_ibv, 1e-9);
    EXPECT_LT(worst_mean, 0.5);
    EXPECT_LT(p_sum / n, 0.02);
    EXPECT_GE(static_cast<double>(p_within), 0.99 * n);
    EXPECT_GT(clusters["HH"] + clusters["LL"] + clusters["HL"] + clusters["LH"], 0);
}

// Join counts of "has a team" on the hamlets of Nghệ An (2009 province 403: 2,928 hamlets, 59 % with a
// team in teams_2023-12; Lạng Sơn's are nearly all covered, WW would be empty) with 6 nearest
// neighbours: the neighbour lists, spweights.constants, joincount.test (BB, WW), joincount.multi (BW)
// and joincount.mc against /api/stats/joincount.
TEST(SpdepAgreement, JoinCountsOnTheHamletsOfNgheAn) {
    if (shared_database_url() == nullptr) GTEST_SKIP() << "../shared/data is absent";
    ASSERT_EQ(shell("command -v Rscript >/dev/null"), 0) << "Rscript missing: scripts/install-deps.sh installs r-cran-spdep";
    const std::string& url = *shared_database_url();
    const std::string dir = temp_dir("covermap-joincount");
    // The hamlets as covermap reads them: the points' doubles printed exactly, the team flag of the snapshot.
    std::vector<std::string> codes;
    std::vector<stats::lon_lat> points;
    {
        auto conn = db::connect(url, "covermap tests");
        pqxx::read_transaction tx(*conn);
        std::ofstream out(dir + "/hamlets.csv");
        out << "code,lon,lat,team\n";
        char line[160];
        for (const auto& r : tx.exec(
                 "SELECT h.code, ST_X(h.label_point), ST_Y(h.label_point), c.covered_hamlets > 0 FROM admin_unit h "
                 "JOIN edition e ON e.id = h.edition_id AND e.name = '2009' "
                 "JOIN admin_unit cm ON cm.id = h.parent_id JOIN admin_unit d ON d.id = cm.parent_id "
                 "JOIN admin_unit p ON p.id = d.parent_id AND p.code = '403' "
                 "JOIN coverage c ON c.unit_id = h.id AND c.as_of = '2023-12-31' "
                 "WHERE h.level = 'hamlet' ORDER BY h.id")) {
            std::snprintf(line, sizeof line, "%s,%.17g,%.17g,%d\n", r[0].c_str(), r[1].as<double>(), r[2].as<double>(),
                          r[3].as<bool>() ? 1 : 0);
            out << line;
            codes.push_back(r[0].as<std::string>());
            points.push_back({r[1].as<double>(), r[2].as<double>()});
        }
    }
    ASSERT_EQ(shell("Rscript " + std::string(COVERMAP_SOURCE_DIR) + "/tests/shared/spdep_joincount.R " + dir +
                    "/hamlets.csv 6 " + dir + " > " + dir + "/r.log 2>&1"),
              0)
        << "R failed; see " << dir << "/r.log";
    std::map<std::string, double> r;
    for (const auto& row : read_csv(dir + "/joincount.csv").rows) r[row[0]] = std::stod(row[1]);

    api::server_config config;
    config.database_url = url;
    const auto srv = start_test_server(config);
    const auto response = http_get(config.port, "/api/stats/joincount?edition=2009&level=hamlet&as_of=2023-12-31"
                                                "&parent_code=403&k=6&permutations=999");
    ASSERT_EQ(response.status, 200) << response.body.substr(0, 300);
    const json jc = json::parse(response.body);
    EXPECT_EQ(jc["n"].get<double>(), r["n"]);
    EXPECT_GT(r["n"], 1000);
    EXPECT_EQ(jc["S0"].get<double>(), r["S0"]);
    EXPECT_EQ(jc["S1"].get<double>(), r["S1"]);
    EXPECT_EQ(jc["S2"].get<double>(), r["S2"]);
    double worst = 0;
    for (const std::string colour : {"BB", "WW", "BW"}) {
        const json& j = jc[colour];
        EXPECT_EQ(j["observed"].get<double>(), r[colour + "_observed"]) << colour;
        for (const std::string key : {"expected", "variance", "z"}) {
            const double theirs = r[colour + "_" + key];
            worst = std::max(worst, std::abs(j[key].get<double>() - theirs) / std::max(1.0, std::abs(theirs)));
            EXPECT_NEAR(j[key].get<double>(), theirs, 1e-6 * std::max(1.0, std::abs(theirs))) << colour << " " << key;
        }
        if (colour != "BW") {
            EXPECT_NEAR(j["p_value"].get<double>(), r[colour + "_p_value"], 1e-9) << colour;
            // Two independent 999-permutation estimates of one p-value.
            EXPECT_NEAR(j["p_value_permutation"].get<double>(), r[colour + "_p_mc"], 0.03) << colour;
        }
    }
    // The neighbour lists are R's, pair by pair.
    std::set<std::pair<std::string, std::string>> ours, theirs;
    const auto lists = stats::k_nearest_neighbours(points, 6);
    for (std::size_t i = 0; i < lists.size(); ++i)
        for (int j : lists[i]) ours.emplace(codes[i], codes[static_cast<std::size_t>(j)]);
    for (const auto& row : read_csv(dir + "/nb.csv").rows) theirs.emplace(row[0], row[1]);
    EXPECT_EQ(ours.size(), theirs.size());
    EXPECT_TRUE(ours == theirs) << "the 6-nearest-neighbour lists differ from spdep's";
    // The 2 km distance band is dnearneigh's, pair by pair.
    std::set<std::pair<std::string, std::string>> band_ours, band_theirs;
    const auto band = stats::distance_band_neighbours(points, 2.0);
    for (std::size_t i = 0; i < band.size(); ++i)
        for (int j : band[i]) band_ours.emplace(codes[i], codes[static_cast<std::size_t>(j)]);
    for (const auto& row : read_csv(dir + "/band.csv").rows) band_theirs.emplace(row[0], row[1]);
    EXPECT_GT(band_theirs.size(), 1000u);
    EXPECT_TRUE(band_ours == band_theirs) << band_ours.size() << " pairs within 2 km, spdep " << band_theirs.size();
    std::printf("[ spdep    ] join counts on %.0f Nghệ An hamlets, k = 6: BB %.1f (E %.3f, z %.4f), WW %.1f, BW %.1f "
                "(z %.4f); max relative |Δ| of expectations, variances and z %.2e; p_mc BB %.3f (R %.3f); R knearneigh %.1f s\n",
                r["n"], jc["BB"]["observed"].get<double>(), jc["BB"]["expected"].get<double>(), jc["BB"]["z"].get<double>(),
                jc["WW"]["observed"].get<double>(), jc["BW"]["observed"].get<double>(), jc["BW"]["z"].get<double>(), worst,
                jc["BB"]["p_value_permutation"].get<double>(), r["BB_p_mc"], r["knn_seconds"]);
    // Communes join by their queen contiguity (symmetric binary weights: S1 = 2 S0).
    const auto communes = http_get(config.port, "/api/stats/joincount?edition=2009&level=commune&as_of=2023-12-31");
    ASSERT_EQ(communes.status, 200) << communes.body.substr(0, 300);
    const json cj = json::parse(communes.body);
    EXPECT_GT(cj["n"].get<int>(), 10000);
    EXPECT_EQ(cj["S1"].get<double>(), 2 * cj["S0"].get<double>());
    EXPECT_EQ(cj["BB"]["observed"].get<double>() + cj["WW"]["observed"].get<double>() + cj["BW"]["observed"].get<double>(),
              cj["S0"].get<double>() / 2);
    shell("rm -rf " + dir);
}

}  // namespace
}  // namespace covermap::testing
