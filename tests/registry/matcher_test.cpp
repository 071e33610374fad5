#include "registry/matcher.hpp"

#include <gtest/gtest.h>

#include "tests/registry/gazetteer_fixture.hpp"

namespace covermap::registry {
namespace {

class Matcher : public ::testing::Test {
protected:
    void SetUp() override { g = testing::two_provinces(); }
    match_result m(const std::string& province, const std::string& district, const std::string& commune,
                   const std::string& code, const std::string& hamlet, const std::string& households = "") {
        return match_place(g, registry_place{province, district, commune, code, hamlet, households});
    }
    gazetteer g;
};

TEST_F(Matcher, ExactAndNormalisedNames) {
    auto r = m("Tỉnh Lạng Sơn", "", "Xã Vân Nham", "", "Thôn 1");
    EXPECT_EQ(r.kind, match_kind::exact);
    EXPECT_EQ(r.hamlet_id, 102);
    r = m("LANG SON", "", "x. van nham", "", "THÔN 01");
    EXPECT_EQ(r.kind, match_kind::normalised);
    EXPECT_EQ(r.hamlet_id, 102);
    r = m("TP Hà Nội", "", "P. Hòa Bình", "", "TDP 5");  // old/new tone placement, abbreviations
    EXPECT_EQ(r.hamlet_id, 106);
}

TEST_F(Matcher, FuzzyOnlyWithOneCloseCandidateAndEqualNumbers) {
    auto r = m("Lạng Sơn", "", "Xã Vân Nhan", "", "Bản Khòn Pổng");  // typo, but the hamlet is not there
    EXPECT_EQ(r.kind, match_kind::unknown_unit);
    r = m("Lạng Sơn", "", "Xã Bắc Thủi", "", "Bản Khòn Pổng");
    EXPECT_EQ(r.kind, match_kind::fuzzy);
    EXPECT_EQ(r.hamlet_id, 103);
    r = m("Lạng Sơn", "", "Xã Bắc Thủy 2", "", "Bản Khòn Pổng");  // a number is not a typo
    EXPECT_EQ(r.kind, match_kind::unknown_unit);
    EXPECT_EQ(r.hamlet_id, 0);
}

TEST_F(Matcher, TonesDecideBetweenNamesThatFoldAlike) {
    EXPECT_EQ(m("Hà Nội", "", "Phường Lộc Thạnh", "", "Tổ dân phố 1").hamlet_id, 104);
    EXPECT_EQ(m("Hà Nội", "", "Phường Lộc Thành", "", "Tổ dân phố 1").hamlet_id, 105);
    const auto r = m("Hà Nội", "", "Phuong Loc Thanh", "", "Tổ dân phố 1");  // no tones: never guess
    EXPECT_EQ(r.kind, match_kind::ambiguous);
    EXPECT_EQ(r.candidates.size(), 2u);
}

TEST_F(Matcher, CodesWinWhenTheyAgreeAndAreReportedWhenTheyContradict) {
    auto r = m("", "", "", "6415", "Thôn 1");  // lost leading zero, no names above
    EXPECT_EQ(r.hamlet_id, 102);
    r = m("Lạng Sơn", "", "Xã Bắc Thủy", "06415", "Bản Khòn Pổng");  // code of another commune
    EXPECT_TRUE(r.code_contradicted);
    EXPECT_EQ(r.hamlet_id, 103);
    EXPECT_NE(r.reason.find("contradicts"), std::string::npos);
}

TEST_F(Matcher, HouseholdsTellApartHamletsOfOneName) {
    auto r = m("Lạng Sơn", "", "Vân Nham", "", "Thôn Nà Phải", "95");
    EXPECT_EQ(r.hamlet_id, 101);
    r = m("Lạng Sơn", "", "Vân Nham", "", "Thôn Nà Phải", "");
    EXPECT_EQ(r.kind, match_kind::ambiguous);
}

TEST_F(Matcher, UnknownAndInvalidRows) {
    EXPECT_EQ(m("Atlantis", "", "Xã Vân Nham", "", "Thôn 1").kind, match_kind::unknown_unit);
    EXPECT_EQ(m("Lạng Sơn", "", "Xã Vân Nham Mới", "", "Thôn 1").kind, match_kind::unknown_unit);
    EXPECT_EQ(m("Lạng Sơn", "", "Xã Vân Nham", "", "Thôn Mới").kind, match_kind::unknown_unit);
    EXPECT_EQ(m("Lạng Sơn", "", "Xã Vân Nham", "", "  ").kind, match_kind::invalid);
}

TEST(RepeatDetector, SameTeamIsADuplicateAnotherTeamIsAConflict) {
    repeat_detector r;
    EXPECT_EQ(r.check(7, "Tổ CNSCĐ thôn 1", "Lê Văn A", "0912 345 678"), repeat_kind::first);
    EXPECT_EQ(r.check(7, "TỔ CNSCĐ THÔN 1", "Lê  Văn A", "0912345678"), repeat_kind::duplicate);
    EXPECT_EQ(r.check(7, "Tổ CNSCĐ thôn 1 (tổ 2)", "Lê Văn A", "0912345678"), repeat_kind::conflict);
    EXPECT_EQ(r.check(7, "Tổ CNSCĐ thôn 1 (tổ 2)", "Lê Văn A", "0912345678"), repeat_kind::duplicate);
    EXPECT_EQ(r.check(8, "Tổ CNSCĐ thôn 1", "Lê Văn A", "0912345678"), repeat_kind::first);
}

TEST(EditDistance, Levenshtein) {
    EXPECT_EQ(edit_distance("", ""), 0);
    EXPECT_EQ(edit_distance("kitten", "sitting"), 3);
    EXPECT_EQ(edit_distance("bac thuy", "bac thui"), 1);
}

}  // namespace
}  // namespace covermap::registry
