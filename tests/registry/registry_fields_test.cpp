#include "registry/registry_fields.hpp"

#include <gtest/gtest.h>

namespace covermap::registry {
namespace {

std::string iso(std::string_view text) {
    const auto d = parse_date(text);
    return d.value ? d.value->iso() : "error: " + d.error;
}

TEST(RegistryFields, DatesInTheFormatsOfficesType) {
    EXPECT_EQ(iso("14/11/2023"), "2023-11-14");
    EXPECT_EQ(iso(" 1/3/22 "), "2022-03-01");
    EXPECT_EQ(iso("01/03/22"), "2022-03-01");
    EXPECT_EQ(iso("2023-11-14"), "2023-11-14");
    EXPECT_EQ(iso("14-11-2023"), "2023-11-14");
    EXPECT_EQ(iso("14.11.2023"), "2023-11-14");
    EXPECT_EQ(iso("29/02/2024"), "2024-02-29");
    EXPECT_EQ(iso("45244"), "2023-11-14");  // Excel serial
    EXPECT_EQ(iso("44621"), "2022-03-01");
}

TEST(RegistryFields, EmptyDateIsNeitherValueNorError) {
    const auto d = parse_date("   ");
    EXPECT_FALSE(d.value);
    EXPECT_TRUE(d.error.empty());
}

TEST(RegistryFields, ImpossibleDatesAreErrorsNamingTheText) {
    for (const char* bad : {"31/02/2023", "29/02/2023", "14/13/2023", "0/1/2023", "hôm qua", "14/11", "1/2/3/4",
                            "2023/11/14/1", "12", "14/11/023"}) {
        const auto d = parse_date(bad);
        EXPECT_FALSE(d.value) << bad;
        EXPECT_NE(d.error.find(bad), std::string::npos) << bad << ": " << d.error;
    }
}

TEST(RegistryFields, CountsWithUnitsAndSeparators) {
    EXPECT_EQ(parse_count("6").value, 6);
    EXPECT_EQ(parse_count(" 6 ").value, 6);
    EXPECT_EQ(parse_count("6 người").value, 6);
    EXPECT_EQ(parse_count("120 hộ").value, 120);
    EXPECT_EQ(parse_count("120 HỘ").value, 120);
    EXPECT_EQ(parse_count("5 thành viên").value, 5);
    EXPECT_EQ(parse_count("1.200").value, 1200);
    EXPECT_EQ(parse_count("1,200 hộ").value, 1200);
    EXPECT_EQ(parse_count("12.0").value, 12);
    EXPECT_FALSE(parse_count("").value);
    EXPECT_TRUE(parse_count("").error.empty());
}

TEST(RegistryFields, NonCountsAreErrors) {
    for (const char* bad : {"sáu", "12.5", "6 km", "-3", "abc 6", "1.20"}) {
        const auto c = parse_count(bad);
        EXPECT_FALSE(c.value) << bad;
        EXPECT_FALSE(c.error.empty()) << bad;
    }
}

TEST(RegistryFields, HeadersInVietnameseAndEnglish) {
    EXPECT_EQ(recognise_header("STT"), registry_field::row_no);
    EXPECT_EQ(recognise_header("Tỉnh/Thành phố"), registry_field::province);
    EXPECT_EQ(recognise_header("Quận/Huyện"), registry_field::district);
    EXPECT_EQ(recognise_header("Xã/Phường/Thị trấn"), registry_field::commune);
    EXPECT_EQ(recognise_header("Xã/Phường/Đặc khu"), registry_field::commune);
    EXPECT_EQ(recognise_header("Mã xã"), registry_field::commune_code);
    EXPECT_EQ(recognise_header("Thôn/Tổ dân phố"), registry_field::hamlet);
    EXPECT_EQ(recognise_header("Tên tổ"), registry_field::team_name);
    EXPECT_EQ(recognise_header("Tổ trưởng"), registry_field::leader);
    EXPECT_EQ(recognise_header("Số điện thoại"), registry_field::phone);
    EXPECT_EQ(recognise_header("Số thành viên"), registry_field::members);
    EXPECT_EQ(recognise_header("Ngày thành lập"), registry_field::founded);
    EXPECT_EQ(recognise_header("Số hộ"), registry_field::households);
    EXPECT_EQ(recognise_header("Số hộ được hỗ trợ"), registry_field::households_supported);
    EXPECT_EQ(recognise_header("Hộ có gian hàng TMĐT"), registry_field::ecommerce_households);
    EXPECT_EQ(recognise_header("Hộ thanh toán không dùng tiền mặt"), registry_field::cashless_households);
    EXPECT_EQ(recognise_header("Ghi chú"), registry_field::note);
    EXPECT_EQ(recognise_header("  SO DIEN THOAI "), registry_field::phone);
    EXPECT_EQ(recognise_header("commune_code"), registry_field::commune_code);
    EXPECT_EQ(recognise_header("team_name"), registry_field::team_name);
    EXPECT_EQ(recognise_header("Households"), registry_field::households);
    EXPECT_EQ(recognise_header("colour"), std::nullopt);
    EXPECT_STREQ(field_key(registry_field::commune_code), "commune_code");
    EXPECT_STREQ(field_key(registry_field::note), "note");
}

}  // namespace
}  // namespace covermap::registry
