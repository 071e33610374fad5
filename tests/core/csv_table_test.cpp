#include "core/csv_table.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"

namespace covermap::core {
namespace {

std::vector<table_row> all_rows(csv_table& t) {
    std::vector<table_row> out;
    for (table_row r; t.next(r);) out.push_back(r);
    return out;
}

TEST(CsvTable, SniffsTheDelimiterAndKeepsQuotedDelimitersAndLineBreaks) {
    csv_table t("STT;Tên tổ;Ghi chú\r\n1;\"Tổ 1; thôn A\";\"dòng một\ndòng hai\"\r\n2;Tổ 2;\"nói \"\"có\"\"\"\r\n", "f.csv");
    EXPECT_EQ(t.delimiter(), ';');
    EXPECT_EQ(t.headers(), (std::vector<std::string>{"STT", "Tên tổ", "Ghi chú"}));
    const auto rows = all_rows(t);
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].cells[1], "Tổ 1; thôn A");
    EXPECT_EQ(rows[0].cells[2], "dòng một\ndòng hai");
    EXPECT_EQ(rows[0].line, 2);
    EXPECT_EQ(rows[1].cells[2], "nói \"có\"");
    EXPECT_EQ(rows[1].line, 4);  // the quoted line break took a line
    EXPECT_TRUE(rows[1].problem.empty());
}

TEST(CsvTable, TabsAndPipesToo) {
    EXPECT_EQ(csv_table("a\tb\tc\n1\t2\t3\n", "f").delimiter(), '\t');
    EXPECT_EQ(csv_table("a|b|c\n1|2|3\n", "f").delimiter(), '|');
    EXPECT_EQ(csv_table("single\n1\n", "f").delimiter(), ',');
}

TEST(CsvTable, AnUnbalancedQuoteBreaksOnlyItsOwnRow) {
    csv_table t("a,b,c\n1,\"x,y\n2,p,q\n3,r,s\n", "f.csv");
    const auto rows = all_rows(t);
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_NE(rows[0].problem.find("unbalanced quote"), std::string::npos);
    EXPECT_EQ(rows[0].line, 2);
    EXPECT_EQ(rows[1].cells, (std::vector<std::string>{"2", "p", "q"}));
    EXPECT_TRUE(rows[1].problem.empty());
    EXPECT_EQ(rows[2].line, 4);
}

TEST(CsvTable, ExtraCellsAreAProblemUnlessEmptyMissingOnesAreEmpty) {
    csv_table t("a,b,c,,\n1,2,3,,\n1,2,3,4\n1,2\n\n,,\n", "f.csv");
    EXPECT_EQ(t.headers().size(), 3u);  // Excel's trailing empty header cells dropped
    const auto rows = all_rows(t);
    ASSERT_EQ(rows.size(), 3u);  // blank lines skipped
    EXPECT_TRUE(rows[0].problem.empty());
    EXPECT_NE(rows[1].problem.find("4 cells where the header has 3"), std::string::npos);
    EXPECT_EQ(rows[2].cells, (std::vector<std::string>{"1", "2", ""}));
    EXPECT_TRUE(rows[2].problem.empty());
}

TEST(CsvTable, EmptyTextIsAnError) {
    EXPECT_THROW(csv_table("", "f.csv"), input_error);
    EXPECT_THROW(csv_table("\r\n \n", "f.csv"), input_error);
    csv_table header_only("a,b\n", "f.csv");
    table_row r;
    EXPECT_FALSE(header_only.next(r));
}

}  // namespace
}  // namespace covermap::core
