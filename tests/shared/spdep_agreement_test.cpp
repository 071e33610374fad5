// Agreement with R spdep, the analysts' reference, on the 2009 communes with the teams_2023-12
// coverage: the same polygons (exported by `covermap export coverage`), poly2nb(queen = TRUE) in R
// against covermap's stored contiguity, and moran.test, localmoran, localG(include.self) and
// localmoran_perm against covermap's HTTP answers.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "api/server.hpp"
#include "db/pool.hpp"
#include "geo/csv_table.hpp"
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
    geo::csv_table table(text.str(), path);
    csv_file out{table.headers(), {}};
    for (geo::table_row row; table.next(row);) out.rows.push_back(row.cells);
    return out;
}

TEST(SpdepAgreement, QueenWeightsMoranLisaAndGiStarOn2009Communes) {
    if (shared_database_url() == nullptr) GTEST_SKIP() << "../shared/data is absent";
    ASSERT_EQ(shell("command -v Rscript >/dev/null"), 0) << "Rscript missing: scripts/install-deps.sh installs r-cran-spdep";
    const std::string& url = *shared_database_url();
    const std::string dir = temp_dir("covermap-spdep");
    const std::string gpkg = dir + "/communes_2009.gpkg";
    const auto exported = run_covermap(url, {"export", "coverage", "--edition", "2009", "--level", "commune", "--as-of",
                                             "2023-12-31", "-o", gpkg});
    ASSERT_EQ(exported.exit_code, 0) << exported.err;
    ASSERT_EQ(shell("Rscript " + std::string(COVERMAP_SOURCE_DIR) + "/tests/shared/spdep_agreement.R " + gpkg +
                    " coverage_rate " + dir + " > " + dir + "/r.log 2>&1"),
              0)
        << "R failed; see " << dir << "/r.log";
    const csv_file summary = read_csv(dir + "/summary.csv");
    std::map<std::string, double> r;
    for (const auto& row : summary.rows) r[row[0]] = std::stod(row[1]);

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
    shell("rm -rf " + dir);
}

}  // namespace
}  // namespace covermap::testing
