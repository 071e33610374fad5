#include "core/text_encoding.hpp"

#include <gtest/gtest.h>

#include "core/digest.hpp"
#include "core/error.hpp"

namespace covermap::core {
namespace {

TEST(TextEncoding, Utf8WithAndWithoutBom) {
    EXPECT_EQ(decode_text("\xEF\xBB\xBFXã", "f").text, "Xã");
    EXPECT_EQ(decode_text("\xEF\xBB\xBFXã", "f").encoding, "UTF-8 (BOM)");
    EXPECT_EQ(decode_text("Xã", "f").encoding, "UTF-8");
}

TEST(TextEncoding, Utf16ByItsByteOrderMark) {
    EXPECT_EQ(decode_text(std::string("\xFF\xFEX\0\xE3\0", 6), "f").text, "Xã");
    EXPECT_EQ(decode_text(std::string("\xFE\xFF\0X\0\xE3", 6), "f").encoding, "UTF-16BE");
}

TEST(TextEncoding, InvalidUtf8SaysWhereAndWhatToDo) {
    try {
        decode_text("a,b\nX\xE3,c\n", "teams.csv");
        FAIL();
    } catch (const input_error& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find("teams.csv: line 2, column 2: byte 0xE3"), std::string::npos) << m;
        EXPECT_NE(m.find("--encoding windows-1258"), std::string::npos) << m;
    }
    EXPECT_THROW(decode_text(std::string("a\0b", 3), "f"), input_error);  // binary
    EXPECT_EQ(invalid_utf8_at("\xC0\x80"), 0u);                            // overlong
    EXPECT_EQ(invalid_utf8_at("ok\xED\xA0\x80"), 2u);                      // surrogate
    EXPECT_EQ(invalid_utf8_at("Thủy"), std::string_view::npos);
}

TEST(TextEncoding, NamedLegacyEncodings) {
    // Windows-1258 writes tone marks as combining characters ("Hoà" is H o a + 0xCC, the grave);
    // iconv composes them.
    EXPECT_EQ(decode_text("Hoa\xCC", "f", "windows-1258").text, "Hoà");
    EXPECT_THROW(decode_text("x", "f", "no-such-encoding"), config_error);
}

TEST(Digest, Sha256AndConstantTimeEquality) {
    EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_TRUE(constant_time_equal("abc", "abc"));
    EXPECT_FALSE(constant_time_equal("abc", "abd"));
    EXPECT_FALSE(constant_time_equal("abc", "abcd"));
}

}  // namespace
}  // namespace covermap::core
