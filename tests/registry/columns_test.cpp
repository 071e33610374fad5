#include "registry/columns.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "core/error.hpp"

namespace covermap::registry {
namespace {

using registry::registry_field;

TEST(Columns, RecognisedFromVietnameseOrEnglishHeaders) {
    const std::vector<std::string> vi{"STT", "Tỉnh/Thành phố", "Xã/Phường/Thị trấn", "Mã xã", "Thôn/Tổ dân phố", "Tổ trưởng"};
    const auto c = resolve_columns(vi, std::nullopt, "f.csv");
    EXPECT_EQ(c.index(registry_field::hamlet), 4u);
    EXPECT_EQ(c.index(registry_field::commune_code), 3u);
    EXPECT_EQ(c.index(registry_field::leader), 5u);
    EXPECT_FALSE(c.index(registry_field::members));
    EXPECT_EQ(c.cell({"1", "a", "b", "c", "d", "e"}, registry_field::hamlet), "d");
    EXPECT_EQ(c.cell({"1", "a", "b", "c", "d", "e"}, registry_field::members), "");
    const auto en = resolve_columns({"province", "commune", "hamlet", "members"}, std::nullopt, "f.csv");
    EXPECT_EQ(en.index(registry_field::members), 3u);
}

TEST(Columns, AMissingRequiredColumnIsNamed) {
    try {
        resolve_columns({"province", "commune", "village"}, std::nullopt, "f.csv");
        FAIL();
    } catch (const input_error& e) {
        EXPECT_NE(std::string(e.what()).find("no column for hamlet"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("'village'"), std::string::npos) << e.what();
    }
}

TEST(Columns, AMappingFileOverridesTheGuess) {
    const std::string path = ::testing::TempDir() + "/mapping.txt";
    std::ofstream(path) << "# comment\nhamlet = Village  \n province=Tinh\n";
    const auto c = resolve_columns({"Tinh", "commune", "Village", "province"}, path, "f.csv");
    EXPECT_EQ(c.index(registry_field::hamlet), 2u);
    EXPECT_EQ(c.index(registry_field::province), 0u);
    std::ofstream(path) << "hamlet = Nowhere\n";
    EXPECT_THROW(resolve_columns({"province", "commune", "hamlet"}, path, "f.csv"), input_error);
    std::ofstream(path) << "hamlet Village\n";
    EXPECT_THROW(resolve_columns({"province", "commune", "Village"}, path, "f.csv"), config_error);
    EXPECT_THROW(resolve_columns({"province", "commune", "hamlet"}, path + ".missing", "f.csv"), config_error);
}

}  // namespace
}  // namespace covermap::registry
