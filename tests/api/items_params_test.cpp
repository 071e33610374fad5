// The items SQL of a filtered or sorted request: the count is cut from the page template.
#include "api/items_params.hpp"

#include <gtest/gtest.h>

namespace covermap::api {
namespace {

items_extras extras(const std::string& kind, std::map<std::string, std::string> query) {
    request req;
    req.query = std::move(query);
    const auto names = extras_parameter_names(kind);
    std::vector<const char*> allowed;
    for (const auto& n : names) allowed.push_back(n.c_str());
    return parse_items_extras(query_params(req, allowed), kind);
}

TEST(ItemsSql, TheCountIsThePagesMatchedRows) {
    for (const std::string kind : {"units", "teams"}) {
        const auto x = extras(kind, {{"filter", "name = 'Xã Tân'"}, {"sortby", "-name"}});
        const auto page = items_page_sql(kind, x);
        const auto count = items_count_sql(kind, x);
        EXPECT_EQ(count.sql.rfind("SELECT count(*)\n", 0), 0u) << count.sql;
        // What is counted is word for word what the page is cut from.
        const std::string matched = count.sql.substr(std::string("SELECT count(*)\n").size());
        const std::string from = std::string("FROM ogc_") + kind + "($1";
        EXPECT_EQ(matched.find(from), matched.find("FROM")) << matched;
        // Without the keyset, window, sort or markers; the filter's value is the first after ogc_*'s twelve.
        for (const char* absent : {"$13::bigint", "OFFSET", "ORDER", "{", "MATCHED", "$14"}) {
            EXPECT_EQ(matched.find(absent), std::string::npos) << absent << " in " << matched;
        }
        EXPECT_NE(matched.find("$13"), std::string::npos) << matched;
        ASSERT_EQ(count.params.size(), 1u);
        EXPECT_EQ(count.params, page.params);
        // The page's own filter values come after its own parameters.
        EXPECT_NE(page.sql.find(kind == "teams" ? "$18" : "$19"), std::string::npos);
        EXPECT_EQ(page.sql.find("{FILTER}"), std::string::npos);
        EXPECT_EQ(page.sql.find("{ORDER}"), std::string::npos);
    }
}

TEST(ItemsSql, WithoutAFilterEveryRowIsCounted) {
    const auto count = items_count_sql("units", extras("units", {{"sortby", "code"}}));
    EXPECT_NE(count.sql.find("WHERE TRUE\n"), std::string::npos) << count.sql;
    EXPECT_TRUE(count.params.empty());
}

}  // namespace
}  // namespace covermap::api
