// The layout reader on small hand-made sheets: what a provincial office's form holds, row by row.
#include "registry/layout.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"

namespace covermap::registry {
namespace {

using registry::registry_field;

geo::sheet_grid sheet(const std::string& name, const std::vector<std::vector<std::string>>& rows) {
    geo::sheet_grid g;
    g.name = name;
    long long line = 0;
    for (const auto& cells : rows) {
        core::table_row r;
        r.cells = cells;
        r.line = ++line;
        g.rows.push_back(std::move(r));
    }
    return g;
}

std::optional<std::size_t> column(const table_layout& l, registry_field f) {
    std::optional<std::size_t> found;
    for (const auto& [field, i] : l.fixed) {
        if (field == f) found = i;
    }
    return found;
}

std::string value(const table_layout& l, std::size_t row, registry_field f) {
    const auto c = column(l, f);
    return c && *c < l.rows.at(row).cells.size() ? l.rows.at(row).cells[*c] : "(no column)";
}

// The Lạng Sơn form of the issue, in small: every trait at once.
geo::sheet_grid official_form() {
    return sheet("Danh sách",
                 {{"UBND TỈNH LẠNG SƠN", "", "", "", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"},
                  {"SỞ KHOA HỌC VÀ CÔNG NGHỆ", "", "", "", "Độc lập - Tự do - Hạnh phúc"},
                  {},
                  {"DANH SÁCH TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG TRÊN ĐỊA BÀN TỈNH LẠNG SƠN"},
                  {"(tính đến ngày 31/3/2026)"},
                  {"STT", "Đơn vị hành chính", "", "Tên tổ", "Tổ trưởng", "", "Số thành viên"},
                  {"", "Xã, phường", "Thôn, bản, khối phố", "", "Họ và tên", "Số điện thoại", ""},
                  {"(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"},
                  {"I", "Xã Khánh Khê"},
                  {"1", "", "Bản 22", "Tổ Bản 22", "Lương Xuân Nam", "0938523696", "4"},
                  {"2", "", "Bản 23", "Tổ Bản 23", "Hà Văn Sơn", "0912000111", "5"},
                  {"", "Cộng", "", "2", "", "", "9"},
                  {"II", "X. Quan Sơn"},
                  {"1", "", "Bản 12", "Tổ Bản 12", "Nguyễn Quang Hạnh", "0360675390", "4"},
                  {},
                  {"2", "Xã Chi Lăng", "Thôn Nà Cà", "Tổ Nà Cà", "Bùi Thị Sơn", "0305355202", "5"},
                  {"", "Cộng", "", "2", "", "", "9"},
                  {"", "Tổng cộng", "", "4", "", "", "18"},
                  {},
                  {"", "", "", "", "Lạng Sơn, ngày 05 tháng 4 năm 2026"},
                  {"", "NGƯỜI LẬP BIỂU", "", "", "KT. GIÁM ĐỐC"},
                  {"", "(Ký, ghi rõ họ tên)"},
                  {"", "Nguyễn Thị Hoa", "", "", "Hoàng Văn Bình"}});
}

TEST(Layout, ReadsAnOfficialFormRowByRow) {
    const auto l = read_layout({official_form()}, {}, "form.xlsx");
    EXPECT_TRUE(l.form);
    ASSERT_EQ(l.rows.size(), 4u);
    // Lines are sheet rows; the header over two rows composes its columns.
    EXPECT_EQ(l.rows[0].line, 10);
    EXPECT_EQ(l.rows[3].line, 16);
    EXPECT_EQ(l.headers.at(1), "Đơn vị hành chính / Xã, phường");
    EXPECT_EQ(l.headers.at(4), "Tổ trưởng / Họ và tên");
    EXPECT_EQ(value(l, 0, registry_field::hamlet), "Bản 22");
    EXPECT_EQ(value(l, 0, registry_field::leader), "Lương Xuân Nam");
    EXPECT_EQ(value(l, 0, registry_field::phone), "0938523696");
    EXPECT_EQ(value(l, 0, registry_field::members), "4");
    // Group rows fill down; a row that names its own commune keeps it (and the rows after it follow).
    EXPECT_EQ(value(l, 0, registry_field::commune), "Xã Khánh Khê");
    EXPECT_EQ(value(l, 1, registry_field::commune), "Xã Khánh Khê");
    EXPECT_EQ(value(l, 2, registry_field::commune), "X. Quan Sơn");  // "X." is Xã, not the number ten
    EXPECT_EQ(value(l, 3, registry_field::commune), "Xã Chi Lăng");
    // The province only in the title becomes a column of its own.
    EXPECT_EQ(value(l, 0, registry_field::province), "LẠNG SƠN");
    EXPECT_TRUE(l.row_no_restarts);
    EXPECT_EQ(l.group_rows, 2);
    const std::map<std::string, long long> skipped{{"blank", 2}, {"column numbers", 1}, {"group", 2},
                                                   {"signature", 4}, {"title", 4}, {"totals", 3}};
    EXPECT_EQ(l.skipped_counts, skipped);
}

TEST(Layout, TheUploaderSetsAFieldForEveryRow) {
    const auto l = read_layout({official_form()}, {parse_set("province=Tỉnh Cao Bằng")}, "form.xlsx");
    EXPECT_EQ(value(l, 0, registry_field::province), "Tỉnh Cao Bằng");  // --set wins over the title
    EXPECT_THROW(parse_set("province"), config_error);
    EXPECT_THROW(parse_set("colour=red"), config_error);
    EXPECT_THROW(parse_set("province= "), config_error);
    EXPECT_EQ(parse_set("Tỉnh/Thành phố=Hà Nội").field, registry_field::province);  // a header names it too
}

TEST(Layout, OneSheetPerCommuneFillsTheCommuneFromTheSheetName) {
    const std::vector<std::vector<std::string>> body{{"DANH SÁCH TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG"},
                                                      {"STT", "Thôn, bản", "Tên tổ", "Số thành viên"},
                                                      {"1", "Bản 22", "Tổ 1", "4"},
                                                      {"2", "Bản 23", "Tổ 2", "5"},
                                                      {"", "Tổng cộng", "2"}};
    const auto l = read_layout({sheet("Khánh Khê", body), sheet("Xã Quan Sơn", body),
                                sheet("Ghi chú", {{"Số liệu do các xã báo cáo"}})},
                               {parse_set("province=Lạng Sơn")}, "forms.xlsx");
    ASSERT_EQ(l.rows.size(), 4u);
    EXPECT_EQ(l.sheets_read, (std::vector<std::string>{"Khánh Khê", "Xã Quan Sơn"}));
    ASSERT_EQ(l.sheets_skipped.size(), 1u);
    EXPECT_EQ(l.sheets_skipped[0].first, "Ghi chú");
    EXPECT_EQ(value(l, 0, registry_field::commune), "Khánh Khê");
    EXPECT_EQ(value(l, 3, registry_field::commune), "Xã Quan Sơn");
    EXPECT_EQ(value(l, 3, registry_field::province), "Lạng Sơn");
    // Several sheets: lines run on; each row keeps its sheet and sheet row.
    EXPECT_EQ(l.rows[3].line, 4);
    EXPECT_EQ(l.row_sheets[3], "Xã Quan Sơn");
    EXPECT_EQ(l.sheet_rows[3], 4);
    EXPECT_TRUE(l.row_no_restarts);
    EXPECT_EQ(l.skipped_counts.at("totals"), 2);
}

TEST(Layout, ACleanTableIsReadAsItIs) {
    const auto l = read_layout({sheet("Sheet1", {{"STT", "Tỉnh", "Xã", "Thôn", "Tên tổ"},
                                                 {"1", "Lạng Sơn", "Khánh Khê", "Bản 22", "Tổng hợp"},
                                                 {"2", "", "Khánh Khê", "", "Cộng đồng"},
                                                 {"2", "Lạng Sơn", "", "Bản 23", "Tổ"}})},
                               {}, "clean.xlsx");
    EXPECT_FALSE(l.form);
    ASSERT_EQ(l.rows.size(), 3u);  // no group, totals or fill-down guesses on a plain table
    EXPECT_EQ(value(l, 1, registry_field::province), "");
    EXPECT_EQ(value(l, 2, registry_field::commune), "");
    EXPECT_FALSE(l.row_no_restarts);
    EXPECT_EQ(l.rows[0].line, 2);
}

TEST(Layout, ASheetWithoutAHamletColumnIsAClearError) {
    try {
        read_layout({sheet("Báo cáo", {{"BÁO CÁO TÌNH HÌNH"}, {"Chỉ tiêu", "Số lượng"}, {"Tổ", "12"}})}, {}, "report.xlsx");
        FAIL() << "expected an input_error";
    } catch (const input_error& e) {
        EXPECT_NE(std::string(e.what()).find("report.xlsx: no header row naming the hamlet"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("'Báo cáo'"), std::string::npos) << e.what();
    }
}

TEST(Layout, TitlesNameTheirProvince) {
    EXPECT_EQ(province_in_title("UBND TỈNH LẠNG SƠN"), "LẠNG SƠN");
    EXPECT_EQ(province_in_title("DANH SÁCH TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG TRÊN ĐỊA BÀN TỈNH LẠNG SƠN (tính đến ngày 31/3)"),
              "LẠNG SƠN");
    EXPECT_EQ(province_in_title("ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI"), "HÀ NỘI");
    EXPECT_EQ(province_in_title("Tỉnh Cao Bằng, ngày 5 tháng 4"), "Cao Bằng");
    EXPECT_EQ(province_in_title("BÁO CÁO TÌNH HÌNH THỰC HIỆN"), std::nullopt);
    EXPECT_EQ(province_in_title("(tính đến ngày 31/3/2026)"), std::nullopt);
    EXPECT_EQ(province_in_title("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), std::nullopt);
}

}  // namespace
}  // namespace covermap::registry
