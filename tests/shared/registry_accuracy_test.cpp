// How well the registry import places the shared registries on their editions: what it stored for
// every row, compared with the truth files (which only the tests read). Prints the figures;
// asserts the targets.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "db/pool.hpp"
#include "registry/registry_import.hpp"
#include "tests/shared/shared_env.hpp"
#include "tests/support/test_db.hpp"

namespace covermap::testing {
namespace {

struct accuracy {
    long long rows = 0, ok = 0, ok_right = 0, ok_wrong = 0, ok_unplaced = 0;
    // Repeats: file order does not say which of two listings of a hamlet came first, so a hamlet's
    // repeats count as reported when as many of its rows are flagged (duplicate, conflict) as the
    // truth has rows of that kind for it.
    long long duplicates = 0, duplicates_reported = 0, conflicts = 0, conflicts_reported = 0;
    long long repeats_misreported = 0;  // rows flagged in hamlets the truth lists once
    long long unknown = 0, unknown_reported = 0, wrong_placements = 0;
    std::map<std::string, long long> kinds;
};

// Compares what the import stored for every row (registry_row: outcome, hamlet code) with the truth.
accuracy measure(const std::string& file, const std::string& truth_file) {
    const auto truth = read_truth(truth_file);
    const auto& imported = shared_registry(file);
    auto conn = db::connect(*shared_database_url(), "covermap tests");
    pqxx::read_transaction tx(*conn);
    accuracy a;
    struct tally {
        int truth_duplicates = 0, truth_conflicts = 0, flagged_duplicates = 0, flagged_conflicts = 0;
    };
    std::map<std::string, tally> by_hamlet;  // truth hamlet code → repeats expected and flagged
    for (const auto& r : tx.exec_params("SELECT row_no, outcome, coalesce(hamlet_code, ''), coalesce(reason, '') "
                                        "FROM registry_row WHERE import_id = $1 ORDER BY line",
                                        imported.import_id)) {
        ++a.rows;
        const auto outcome = r[1].as<std::string>();
        ++a.kinds[outcome];
        const bool repeat = outcome == "duplicate" || outcome == "conflict";
        const std::string placed = registry::places_a_team(outcome) || repeat ? r[2].as<std::string>() : std::string();
        const auto t = truth.at(r[0].as<std::string>());
        if (!t.hamlet_code.empty()) {
            auto& h = by_hamlet[t.hamlet_code];
            h.truth_duplicates += t.kind == "duplicate";
            h.truth_conflicts += t.kind == "conflict";
            h.flagged_duplicates += outcome == "duplicate";
            h.flagged_conflicts += outcome == "conflict";
        }
        if (t.kind == "ok") {
            ++a.ok;
            if (placed.empty()) {
                ++a.ok_unplaced;
                if (std::getenv("COVERMAP_ACCURACY_DEBUG")) {
                    std::printf("  UNPLACED row %s: %s [truth %s]\n", r[0].c_str(), r[3].c_str(), t.hamlet_code.c_str());
                }
            } else if (placed == t.hamlet_code) {
                ++a.ok_right;
            } else {
                ++a.ok_wrong;
            }
        } else if (t.kind == "unknown") {
            ++a.unknown;
            if (outcome == "unknown_unit") ++a.unknown_reported;
        }
        if (!placed.empty() && (t.kind == "ok" || t.kind == "unknown") && placed != t.hamlet_code) ++a.wrong_placements;
    }
    for (const auto& [hamlet, h] : by_hamlet) {
        a.duplicates += h.truth_duplicates;
        a.conflicts += h.truth_conflicts;
        if (h.truth_duplicates > 0 && h.flagged_duplicates == h.truth_duplicates) a.duplicates_reported += h.truth_duplicates;
        if (h.truth_conflicts > 0 && h.flagged_conflicts == h.truth_conflicts) a.conflicts_reported += h.truth_conflicts;
        if (h.truth_duplicates == 0 && h.truth_conflicts == 0) a.repeats_misreported += h.flagged_duplicates + h.flagged_conflicts;
    }
    std::printf("[ accuracy ] %s on %s: %lld rows; ok rows placed right %lld / %lld (%.3f%%), wrong %lld, unplaced %lld;"
                " unknown reported %lld / %lld; wrong placements %.3f%% of rows\n",
                file.c_str(), imported.edition.c_str(), a.rows, a.ok_right, a.ok,
                100.0 * static_cast<double>(a.ok_right) / static_cast<double>(a.ok), a.ok_wrong, a.ok_unplaced,
                a.unknown_reported, a.unknown, 100.0 * static_cast<double>(a.wrong_placements) / static_cast<double>(a.rows));
    std::printf("[ accuracy ]   duplicates reported %lld / %lld; conflicts reported %lld / %lld; "
                "rows wrongly called repeats %lld\n",
                a.duplicates_reported, a.duplicates, a.conflicts_reported, a.conflicts, a.repeats_misreported);
    for (const auto& [kind, n] : a.kinds) std::printf("[ accuracy ]   %s: %lld\n", kind.c_str(), n);
    // The stored counts are the rows' outcomes.
    for (const auto& [kind, n] : imported.counts) EXPECT_EQ(n, a.kinds[kind]) << kind;
    return a;
}

class RegistryAccuracy : public ::testing::Test {
protected:
    void SetUp() override {
        if (shared_database_url() == nullptr) GTEST_SKIP() << "../shared/data is absent: registry accuracy skipped";
    }
};

// The targets: ≥ 99.5 % of `ok` rows on the right hamlet, wrong placements ≤ 0.05 % of
// rows, every `unknown` row left unplaced (reported).
void expect_targets(const accuracy& a) {
    EXPECT_GE(static_cast<double>(a.ok_right), 0.995 * static_cast<double>(a.ok));
    EXPECT_LE(static_cast<double>(a.wrong_placements), 0.0005 * static_cast<double>(a.rows));
    EXPECT_EQ(a.unknown_reported, a.unknown);
    EXPECT_GT(a.unknown, 0);
    // Every repeat reported: conflicts, and duplicates (also of rows that could not be placed).
    EXPECT_EQ(a.conflicts_reported, a.conflicts);
    EXPECT_EQ(a.duplicates_reported, a.duplicates);
    EXPECT_LE(static_cast<double>(a.repeats_misreported), 0.0001 * static_cast<double>(a.rows));
}

TEST_F(RegistryAccuracy, Teams2022On2009Units) {
    const std::string dir = shared_data_dir() + "/registry/";
    expect_targets(measure("teams_2022-08.csv", dir + "teams_2022-08.truth.csv"));
}

TEST_F(RegistryAccuracy, Teams2023On2009Units) {
    const std::string dir = shared_data_dir() + "/registry/";
    expect_targets(measure("teams_2023-12.csv", dir + "teams_2023-12.truth.csv"));
}

TEST_F(RegistryAccuracy, Teams2026CsvOn2025Units) {
    const std::string dir = shared_data_dir() + "/registry/";
    expect_targets(measure("teams_2026-06.csv", dir + "teams_2026-06.truth.csv"));
}

TEST_F(RegistryAccuracy, Teams2026XlsxOn2025Units) {
    const std::string dir = shared_data_dir() + "/registry/";
    expect_targets(measure("teams_2026-06.xlsx", dir + "teams_2026-06.truth.csv"));
}

}  // namespace
}  // namespace covermap::testing
