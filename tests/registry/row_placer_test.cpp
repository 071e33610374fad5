// Where each registry row goes (registry/row_placer.hpp), without a database: a gazetteer and
// aliases in memory, a plain table as the CSV reader gives it.
#include "registry/row_placer.hpp"

#include <gtest/gtest.h>

#include "tests/registry/gazetteer_fixture.hpp"

namespace covermap::registry {
namespace {

const std::vector<std::string> headers{"STT", "province", "commune", "hamlet", "team name", "leader", "phone", "members", "founded"};

class RowPlacer : public ::testing::Test {
protected:
    void SetUp() override { g = testing::two_provinces(); }

    // One row per entry (place, team name, leader), with 12 members founded 2024-03-01; line = 2, 3, …
    std::vector<placed_row> place(const std::vector<std::vector<std::string>>& cells,
                                  const std::unordered_map<std::string, alias_target>* aliases = nullptr) {
        std::vector<core::table_row> rows;
        long long line = 1;
        for (const auto& c : cells) {
            core::table_row r;
            r.cells = c;
            r.cells.resize(headers.size());
            r.line = ++line;
            rows.push_back(std::move(r));
        }
        layout = plain_layout(headers, std::move(rows), {});
        columns = resolve_columns(layout.headers, std::nullopt, "teams.csv", layout.fixed);
        return place_rows(g, columns, layout, *parse_date("2025-06-30").value, aliases);
    }

    static std::vector<std::string> row(std::string province, std::string commune, std::string hamlet, std::string team = "Tổ 1",
                                        std::string leader = "Lê A", std::string members = "12", std::string founded = "2024-03-01") {
        return {"1", province, commune, hamlet, team, leader, "0912345678", members, founded};
    }

    gazetteer g;
    table_layout layout;
    column_map columns;
};

TEST_F(RowPlacer, ExactAndAccentOrCaseInsensitiveMatches) {
    const auto rows = place({row("Tỉnh Lạng Sơn", "Xã Vân Nham", "Thôn 1"), row("LẠNG SƠN", "x. bac thuy", "BẢN KHÒN PỔNG")});
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].outcome, "exact");
    EXPECT_EQ(rows[0].hamlet_id, 102);
    EXPECT_EQ(rows[0].hamlet_code, "06415003");
    EXPECT_EQ(rows[0].commune_code, "06415");
    EXPECT_EQ(rows[0].root_id, 1);
    EXPECT_EQ(rows[0].line, 2);
    EXPECT_EQ(rows[0].row_no, "1");
    EXPECT_EQ(*rows[0].team.members, 12);
    EXPECT_EQ(rows[0].team.founded->iso(), "2024-03-01");
    EXPECT_TRUE(rows[0].field_issues.empty());
    EXPECT_EQ(rows[1].outcome, "normalised");
    EXPECT_EQ(rows[1].hamlet_id, 103);
}

TEST_F(RowPlacer, AmbiguousAndUnknownUnitsAreNotPlaced) {
    const auto rows = place({row("Hà Nội", "Phuong Loc Thanh", "Tổ dân phố 1"), row("Lạng Sơn", "Xã Vân Nham", "Thôn 9")});
    EXPECT_EQ(rows[0].outcome, "ambiguous");
    EXPECT_EQ(rows[0].hamlet_id, 0);
    EXPECT_EQ(rows[0].candidates.size(), 2u);
    EXPECT_FALSE(rows[0].team.members);  // no team: its fields are not read
    EXPECT_EQ(rows[1].outcome, "unknown_unit");
    EXPECT_EQ(rows[1].hamlet_id, 0);
    EXPECT_FALSE(rows[1].reason.empty());
}

TEST_F(RowPlacer, RepeatedRowsAreDuplicatesAndASecondTeamAConflict) {
    const auto rows = place({row("Lạng Sơn", "Vân Nham", "Thôn 1"), row("Lạng Sơn", "Vân Nham", "Thôn 1"),
                             row("Lạng Sơn", "Vân Nham", "Thôn 1", "Tổ khác", "Trần B"),
                             row("Hà Nội", "Phuong Loc Thanh", "Tổ dân phố 1"), row("Hà Nội", "Phuong Loc Thanh", "Tổ dân phố 1")});
    EXPECT_EQ(rows[0].outcome, "normalised");
    EXPECT_EQ(rows[1].outcome, "duplicate");
    EXPECT_NE(rows[1].reason.find("line 2"), std::string::npos) << rows[1].reason;
    EXPECT_FALSE(rows[1].team.members);  // not a team: its fields go
    EXPECT_EQ(rows[2].outcome, "conflict");
    EXPECT_NE(rows[2].reason.find("line 2"), std::string::npos) << rows[2].reason;
    EXPECT_EQ(rows[3].outcome, "ambiguous");
    EXPECT_EQ(rows[4].outcome, "duplicate");  // the same ambiguous row again
    EXPECT_NE(rows[4].reason.find("line 5"), std::string::npos) << rows[4].reason;
}

TEST_F(RowPlacer, FieldIssuesNameTheFieldAndColumn) {
    const auto rows = place({row("Lạng Sơn", "Vân Nham", "Thôn 1", "", "Lê A", "x", "2026-01-01")});
    EXPECT_EQ(rows[0].outcome, "normalised");  // placed all the same
    const auto& issues = rows[0].field_issues;
    ASSERT_EQ(issues.size(), 3u) << ::testing::PrintToString(issues);
    EXPECT_EQ(issues[0], "team_name ('team name'): empty");
    EXPECT_EQ(issues[1].rfind("members ('members'): ", 0), 0u) << issues[1];
    EXPECT_EQ(issues[2], "founded ('founded'): 2026-01-01 is after the registry's as-of date 2025-06-30");
}

TEST_F(RowPlacer, UnreadableCellsMakeARowInvalid) {
    const auto rows = place({row("Lạng Sơn", "Vân Nham", std::string(max_cell_bytes + 1, 'x')), row("Lạng Sơn", "Vân Nham", "Th\xFF")});
    EXPECT_EQ(rows[0].outcome, "invalid");
    EXPECT_NE(rows[0].reason.find("column 'hamlet'"), std::string::npos) << rows[0].reason;
    EXPECT_LT(rows[0].cells[3].size(), 300u);  // kept short
    EXPECT_EQ(rows[1].outcome, "invalid");
    EXPECT_NE(rows[1].reason.find("not valid UTF-8"), std::string::npos) << rows[1].reason;
}

TEST_F(RowPlacer, AStewardsAliasPlacesOrDismissesARow) {
    std::vector<std::string> unknown = row("Lạng Sơn", "Vân Nham", "Thôn Đồi Cao");
    std::vector<std::string> other = row("Lạng Sơn", "Vân Nham", "Trại giam");
    place({unknown});  // for the column map the aliases are keyed by
    std::unordered_map<std::string, alias_target> aliases{
        {written_place_of(columns, unknown).key(), {7, std::string("06415003")}},
        {written_place_of(columns, other).key(), {8, std::nullopt}}};
    const auto rows = place({unknown, other}, &aliases);
    EXPECT_EQ(rows[0].outcome, "alias");
    EXPECT_EQ(rows[0].hamlet_id, 102);
    EXPECT_EQ(rows[0].commune_code, "06415");
    EXPECT_NE(rows[0].reason.find("alias 7"), std::string::npos) << rows[0].reason;
    EXPECT_EQ(rows[1].outcome, "not_a_unit");
    EXPECT_EQ(rows[1].hamlet_id, 0);
}

TEST_F(RowPlacer, RowsOutsideTheScopeOrTheKeysProvinces) {
    auto rows = place({row("Lạng Sơn", "Vân Nham", "Thôn 1"), row("Hà Nội", "Phường Lộc Thạnh", "Tổ dân phố 1"),
                       row("Lạng Sơn", "Vân Nham", "Thôn 9")});
    EXPECT_EQ(rows_outside(rows, {"20"}, g), "line 3 (Thành phố Hà Nội)");
    EXPECT_EQ(rows_outside(rows, {"20", "01"}, g), "");
    upload_scope scope;
    scope.kind = "explicit";
    scope.provinces = {{1, "20", "Tỉnh Lạng Sơn"}};
    mark_out_of_scope(rows, scope, g);
    EXPECT_EQ(rows[0].outcome, "normalised");
    EXPECT_EQ(rows[1].outcome, "out_of_scope");
    EXPECT_EQ(rows[1].reason, "placed in Thành phố Hà Nội (01), outside the upload's scope");
    EXPECT_EQ(rows[2].outcome, "unknown_unit");
}

TEST_F(RowPlacer, TeamFieldsOfARowPlacedByHand) {
    place({row("Lạng Sơn", "Vân Nham", "Thôn 1")});
    placed_row r;
    r.cells = row("", "", "", "Tổ 3", "", "", "2024-13-01");
    parse_team_fields(r, columns, layout.headers, *parse_date("2025-06-30").value);
    EXPECT_FALSE(r.team.members);
    ASSERT_EQ(r.field_issues.size(), 2u) << ::testing::PrintToString(r.field_issues);
    EXPECT_EQ(r.field_issues[0], "members ('members'): empty");
    EXPECT_EQ(r.field_issues[1].rfind("founded ('founded'): ", 0), 0u);
}

}  // namespace
}  // namespace covermap::registry
