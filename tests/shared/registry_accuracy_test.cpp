// How well the matcher places the shared registries on their editions, measured against the
// truth files (which only the tests read). Prints the figures; asserts the targets.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "db/pool.hpp"
#include "geo/matcher.hpp"
#include "geo/registry_fields.hpp"
#include "geo/table_source.hpp"
#include "tests/shared/shared_env.hpp"
#include "tests/support/test_db.hpp"

namespace covermap::testing {
namespace {

struct truth_row {
    std::string hamlet_code, commune_code, kind;
};

std::map<std::string, truth_row> read_truth(const std::string& path) {
    std::map<std::string, truth_row> out;
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);  // row_no,hamlet_code,commune_code,kind
    while (std::getline(in, line)) {
        std::stringstream ss(line);
        std::string row, hamlet, commune, kind;
        std::getline(ss, row, ',');
        std::getline(ss, hamlet, ',');
        std::getline(ss, commune, ',');
        std::getline(ss, kind, ',');
        if (!kind.empty() && kind.back() == '\r') kind.pop_back();
        out[row] = {hamlet, commune, kind};
    }
    return out;
}

geo::gazetteer load_gazetteer(const std::string& edition) {
    geo::gazetteer g;
    auto conn = db::connect(*shared_database_url(), "covermap tests");
    pqxx::read_transaction tx(*conn);
    for (const auto& r : tx.exec_params("SELECT u.id, u.level, u.code, coalesce(u.name, ''), coalesce(u.parent_id, 0), coalesce(u.households, -1) "
                                        "FROM admin_unit u JOIN edition e ON e.id = u.edition_id "
                                        "JOIN admin_level l ON l.name = u.level WHERE e.name = $1 ORDER BY l.rank, u.id",
                                        edition)) {
        g.add({r[0].as<long long>(), r[1].as<std::string>(), r[2].as<std::string>(), r[3].as<std::string>(),
               r[4].as<long long>(), r[5].as<long long>()});
    }
    return g;
}

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

accuracy measure(const std::string& registry, const std::string& truth_file, const std::string& edition) {
    const auto truth = read_truth(truth_file);
    const auto g = load_gazetteer(edition);
    std::map<long long, std::string> hamlet_codes;
    geo::table_source table(registry);
    std::map<geo::registry_field, std::size_t> column;
    for (std::size_t i = 0; i < table.headers().size(); ++i) {
        if (const auto f = geo::recognise_header(table.headers()[i])) column.emplace(*f, i);
    }
    auto cell = [&](const std::vector<std::string>& cells, geo::registry_field f) {
        const auto it = column.find(f);
        return it == column.end() ? std::string() : cells[it->second];
    };
    accuracy a;
    geo::repeat_detector repeats;
    struct tally {
        int truth_duplicates = 0, truth_conflicts = 0, flagged_duplicates = 0, flagged_conflicts = 0;
    };
    std::map<std::string, tally> by_hamlet;  // truth hamlet code → repeats expected and flagged
    std::vector<std::string> cells;
    while (table.next(cells)) {
        ++a.rows;
        const geo::registry_place place{cell(cells, geo::registry_field::province), cell(cells, geo::registry_field::district),
                                        cell(cells, geo::registry_field::commune),
                                        cell(cells, geo::registry_field::commune_code), cell(cells, geo::registry_field::hamlet),
                                        cell(cells, geo::registry_field::households)};
        const auto m = geo::match_place(g, place);
        ++a.kinds[geo::match_kind_name(m.kind)];
        if (std::getenv("COVERMAP_ACCURACY_DEBUG") && m.kind == geo::match_kind::ambiguous && a.kinds["ambiguous"] < 5) {
            std::printf("  %s | %s | %s | %s | %s -> %s\n", place.province.c_str(), place.district.c_str(),
                        place.commune.c_str(), place.commune_code.c_str(), place.hamlet.c_str(), m.reason.c_str());
        }
        const std::string placed = m.hamlet_id ? g.by_id(m.hamlet_id)->code : std::string();
        const auto t = truth.at(cell(cells, geo::registry_field::row_no));
        geo::repeat_kind repeat = geo::repeat_kind::first;
        if (m.hamlet_id != 0) {
            repeat = repeats.check(m.hamlet_id, cell(cells, geo::registry_field::team_name),
                                   cell(cells, geo::registry_field::leader), cell(cells, geo::registry_field::phone));
        }
        if (!t.hamlet_code.empty()) {
            auto& h = by_hamlet[t.hamlet_code];
            h.truth_duplicates += t.kind == "duplicate";
            h.truth_conflicts += t.kind == "conflict";
            h.flagged_duplicates += repeat == geo::repeat_kind::duplicate;
            h.flagged_conflicts += repeat == geo::repeat_kind::conflict;
        }
        if (t.kind == "ok") {
            ++a.ok;
            if (placed.empty()) {
                ++a.ok_unplaced;
                if (std::getenv("COVERMAP_ACCURACY_DEBUG")) {
                    std::printf("  UNPLACED %s | %s | %s | %s | %s -> %s [truth %s]\n", place.province.c_str(),
                                place.district.c_str(), place.commune.c_str(), place.commune_code.c_str(),
                                place.hamlet.c_str(), m.reason.c_str(), t.hamlet_code.c_str());
                }
            }
            else if (placed == t.hamlet_code) ++a.ok_right;
            else ++a.ok_wrong;
        } else if (t.kind == "unknown") {
            ++a.unknown;
            if (placed.empty()) ++a.unknown_reported;
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
    std::printf("[ accuracy ]   duplicates reported %lld / %lld; conflicts reported %lld / %lld; "
                "rows wrongly called repeats %lld\n",
                a.duplicates_reported, a.duplicates, a.conflicts_reported, a.conflicts, a.repeats_misreported);
    std::printf("[ accuracy ] %s on %s: %lld rows; ok rows placed right %lld / %lld (%.3f%%), wrong %lld, unplaced %lld;"
                " unknown reported %lld / %lld; wrong placements %.3f%% of rows\n",
                registry.substr(registry.rfind('/') + 1).c_str(), edition.c_str(), a.rows, a.ok_right, a.ok,
                100.0 * static_cast<double>(a.ok_right) / static_cast<double>(a.ok), a.ok_wrong, a.ok_unplaced,
                a.unknown_reported, a.unknown, 100.0 * static_cast<double>(a.wrong_placements) / static_cast<double>(a.rows));
    for (const auto& [kind, n] : a.kinds) std::printf("[ accuracy ]   %s: %lld\n", kind.c_str(), n);
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
    // Repeats (the import will act on them): every conflict; duplicates but for the odd row the
    // matcher itself leaves unplaced (one per registry today; issue 3 wants every one).
    EXPECT_EQ(a.conflicts_reported, a.conflicts);
    EXPECT_GE(static_cast<double>(a.duplicates_reported), 0.99 * static_cast<double>(a.duplicates));
    EXPECT_LE(static_cast<double>(a.repeats_misreported), 0.0001 * static_cast<double>(a.rows));
}

TEST_F(RegistryAccuracy, Teams2022On2009Units) {
    const std::string dir = shared_data_dir() + "/registry/";
    expect_targets(measure(dir + "teams_2022-08.csv", dir + "teams_2022-08.truth.csv", "2009"));
}

TEST_F(RegistryAccuracy, Teams2023On2009Units) {
    const std::string dir = shared_data_dir() + "/registry/";
    expect_targets(measure(dir + "teams_2023-12.csv", dir + "teams_2023-12.truth.csv", "2009"));
}

TEST_F(RegistryAccuracy, Teams2026CsvOn2025Units) {
    const std::string dir = shared_data_dir() + "/registry/";
    expect_targets(measure(dir + "teams_2026-06.csv", dir + "teams_2026-06.truth.csv", "2025"));
}

TEST_F(RegistryAccuracy, Teams2026XlsxOn2025Units) {
    const std::string dir = shared_data_dir() + "/registry/";
    expect_targets(measure(dir + "teams_2026-06.xlsx", dir + "teams_2026-06.truth.csv", "2025"));
}

}  // namespace
}  // namespace covermap::testing
