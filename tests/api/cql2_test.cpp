// CQL2 (api/cql2.*): the text and JSON parsers, their errors with positions, the compiler to
// parameterised SQL (every operator, precedence, types), and a seeded fuzz of the parsers.
#include "api/cql2.hpp"

#include <gtest/gtest.h>

#include <random>

namespace covermap::api::cql2 {
namespace {

using t = value_type;

const std::vector<queryable>& props() {
    static const std::vector<queryable> q = {
        {"code", t::string, "m.code"},       {"name", t::string, "m.name"},         {"members", t::integer, "c.members"},
        {"coverage_rate", t::number, "c.coverage_rate"}, {"covered", t::boolean, "(c.covered_hamlets > 0)"},
        {"founded", t::date, "t.founded"},   {"geometry", t::geometry, "m.geom"},
    };
    return q;
}

compiled sql(const std::string& text, int first = 1) { return compile(parse_text(text), props(), first); }
compiled jsql(const std::string& text) { return compile(parse_json(text), props(), 1); }

// The message and position of the error a filter raises (parse or compile).
std::pair<std::string, std::size_t> failure(const std::string& text, bool json = false) {
    try {
        compile(json ? parse_json(text) : parse_text(text), props(), 1);
    } catch (const error& e) {
        return {e.what(), e.position};
    }
    return {"no error", 0};
}

using params = std::vector<std::optional<std::string>>;

// PostgreSQL refuses a statement with a parameter it cannot type: every value must be used.
bool uses_every_parameter(const compiled& c, int first) {
    for (std::size_t k = 0; k < c.params.size(); ++k) {
        const std::string ref = "$" + std::to_string(first + static_cast<int>(k)) + "::";
        if (c.sql.find(ref) == std::string::npos) return false;
    }
    return true;
}

TEST(Cql2, ComparisonsCompileToParameters) {
    auto c = sql("members >= 20");
    EXPECT_EQ(c.sql, "(c.members >= $1::float8)");
    EXPECT_EQ(c.params, (params{"20"}));
    c = sql("code = '01'", 19);
    EXPECT_EQ(c.sql, "(m.code = $19::text)");
    EXPECT_EQ(c.params, (params{"01"}));
    for (const char* op : {"=", "<>", "<", ">", "<=", ">="}) {
        EXPECT_EQ(sql(std::string("members ") + op + " 3").sql, std::string("(c.members ") + op + " $1::float8)");
    }
    EXPECT_EQ(sql("members != 3").sql, "(c.members <> $1::float8)");
    EXPECT_EQ(sql("covered = TRUE").params, (params{"true"}));
    EXPECT_EQ(sql("name = 'Xã O''Neil'").params, (params{"Xã O'Neil"}));  // '' is a quote
    EXPECT_EQ(sql("\"members\" > 1").sql, "(c.members > $1::float8)");
    EXPECT_EQ(sql("covered").sql, "((c.covered_hamlets > 0))");
    EXPECT_EQ(sql("members > -2.5e1").params, (params{"-25"}));
}

TEST(Cql2, NothingFromTheFilterIsPastedIntoTheSql) {
    const auto c = sql("name = 'x''); DROP TABLE team; --' OR code LIKE '%;%'");
    EXPECT_EQ(c.sql, "((m.name = $1::text) OR (m.code LIKE $2::text))");
    EXPECT_EQ(c.params, (params{"x'); DROP TABLE team; --", "%;%"}));
}

TEST(Cql2, PrecedenceNotBindsTighterThanAndThanOr) {
    EXPECT_EQ(sql("members = 1 OR members = 2 AND NOT covered").sql,
              "((c.members = $1::float8) OR ((c.members = $2::float8) AND (NOT ((c.covered_hamlets > 0)))))");
    EXPECT_EQ(sql("(members = 1 OR members = 2) AND covered").sql,
              "(((c.members = $1::float8) OR (c.members = $2::float8)) AND ((c.covered_hamlets > 0)))");
    EXPECT_EQ(sql("members + 2 * 3 > 10").sql, "((c.members + ($1::float8 * $2::float8)) > $3::float8)");
    EXPECT_EQ(sql("(members + 2) * 3 > 10").sql, "(((c.members + $1::float8) * $2::float8) > $3::float8)");
    EXPECT_EQ(sql("members - 1 - 1 > 0").sql, "(((c.members - $1::float8) - $2::float8) > $3::float8)");  // left-associative
    EXPECT_EQ(sql("members / 0 > 1").sql, "((c.members / NULLIF($1::float8, 0)) > $2::float8)");
    EXPECT_EQ(sql("-members < 0").sql, "((-c.members) < $1::float8)");
}

TEST(Cql2, AdvancedComparisons) {
    EXPECT_EQ(sql("name LIKE 'Xã%'").sql, "(m.name LIKE $1::text)");
    EXPECT_EQ(sql("name NOT LIKE 'X_'").sql, "(m.name NOT LIKE $1::text)");
    EXPECT_EQ(sql("name ILIKE 'xã%'").sql, "(m.name ILIKE $1::text)");  // GDAL's cql-text
    EXPECT_EQ(sql("CASEI(name) LIKE CASEI('XÃ%')").sql, "(lower(m.name) LIKE lower($1::text))");
    EXPECT_EQ(sql("members BETWEEN 5 AND 10").sql, "(c.members BETWEEN $1::float8 AND $2::float8)");
    EXPECT_EQ(sql("members NOT BETWEEN 5 AND 10").sql, "(c.members NOT BETWEEN $1::float8 AND $2::float8)");
    EXPECT_EQ(sql("code IN ('01', '02','03')").sql, "(m.code IN ($1::text, $2::text, $3::text))");
    EXPECT_EQ(sql("code NOT IN ('01')").sql, "(m.code NOT IN ($1::text))");
    EXPECT_EQ(sql("founded IS NULL").sql, "(t.founded IS NULL)");
    EXPECT_EQ(sql("founded IS NOT NULL").sql, "(t.founded IS NOT NULL)");
    EXPECT_EQ(sql("members between 1 and 2 and code in ('a') or not name like 'b'").sql,
              "(((c.members BETWEEN $1::float8 AND $2::float8) AND (m.code IN ($3::text))) OR (NOT (m.name LIKE $4::text)))");
}

TEST(Cql2, DatesTimestampsAndTemporalFunctions) {
    auto c = sql("founded >= DATE('2024-01-01')");
    EXPECT_EQ(c.sql, "(t.founded >= $1::date)");
    EXPECT_EQ(c.params, (params{"2024-01-01"}));
    EXPECT_EQ(sql("founded > TIMESTAMP('2024-01-01T20:00:00-07:00')").params, (params{"2024-01-02"}));  // its UTC date
    c = sql("founded > '2024-01-01T' AND members > 1");  // GDAL writes dates as strings
    EXPECT_EQ(c.sql, "((t.founded > $1::date) AND (c.members > $2::float8))");
    EXPECT_EQ(c.params, (params{"2024-01-01", "1"}));
    EXPECT_EQ(sql("'2024-01-01' < founded").sql, "($1::date < t.founded)");
    c = sql("T_INTERSECTS(founded, INTERVAL('2024-01-01', '..'))");
    EXPECT_EQ(c.sql, "(t.founded >= $1::date)");
    c = sql("T_INTERSECTS(founded, INTERVAL('2024-01-01', '2024-12-31'))");
    EXPECT_EQ(c.sql, "(t.founded >= $1::date AND t.founded <= $2::date)");
    EXPECT_EQ(sql("T_INTERSECTS(founded, DATE('2024-05-01'))").sql, "(t.founded >= $1::date AND t.founded <= $1::date)");
    EXPECT_EQ(sql("T_BEFORE(founded, DATE('2024-05-01'))").sql, "(t.founded < $1::date)");
    c = sql("T_AFTER(founded, INTERVAL('2024-01-01', '2024-02-01'))");
    EXPECT_EQ(c.sql, "(t.founded > $1::date)");  // only the end it uses is a parameter
    EXPECT_EQ(c.params, (params{"2024-02-01"}));
    EXPECT_EQ(sql("T_INTERSECTS(INTERVAL('2024-01-01', '..'), founded)").sql, "(t.founded >= $1::date)");
    EXPECT_EQ(sql("T_DISJOINT(founded, INTERVAL('..', '2024-02-01'))").sql, "(t.founded IS NOT NULL AND NOT (t.founded <= $1::date))");
    EXPECT_EQ(sql("T_EQUALS(founded, DATE('2024-02-01'))").sql, "(t.founded = $1::date AND t.founded = $1::date)");
    EXPECT_EQ(jsql(R"({"op":"t_intersects","args":[{"property":"founded"},{"interval":["2024-01-01",".."]}]})").sql, "(t.founded >= $1::date)");
}

TEST(Cql2, SpatialFunctionsWithWktBboxAndGeoJson) {
    auto c = sql("S_INTERSECTS(geometry, POINT(106.5 21.25))");
    EXPECT_EQ(c.sql, "ST_Intersects(m.geom, ST_GeomFromText($1::text, 4326))");
    EXPECT_EQ(c.params, (params{"POINT(106.5 21.25)"}));
    EXPECT_EQ(sql("S_WITHIN(geometry, BBOX(106, 21, 107, 22))").params, (params{"POLYGON((106 21,107 21,107 22,106 22,106 21))"}));
    EXPECT_EQ(sql("S_CONTAINS(geometry, LINESTRING(1 2, 3 4))").sql, "ST_Contains(m.geom, ST_GeomFromText($1::text, 4326))");
    EXPECT_EQ(sql("s_intersects(geometry, POLYGON((0 0, 1 0, 1 1, 0 0)))").params, (params{"POLYGON((0 0,1 0,1 1,0 0))"}));
    EXPECT_EQ(sql("S_INTERSECTS(geometry, MULTIPOLYGON(((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5))))").params,
              (params{"MULTIPOLYGON(((0 0,1 0,1 1,0 0)),((5 5,6 5,6 6,5 5)))"}));
    EXPECT_EQ(sql("S_INTERSECTS(geometry, MULTIPOINT((1 2), (3 4)))").params, (params{"MULTIPOINT(1 2,3 4)"}));
    for (const char* fn : {"S_DISJOINT", "S_EQUALS", "S_TOUCHES", "S_OVERLAPS", "S_CROSSES"}) {
        EXPECT_NO_THROW(sql(std::string(fn) + "(geometry, POINT(1 2))")) << fn;
    }
    c = jsql(R"({"op":"s_intersects","args":[{"property":"geometry"},{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}]})");
    EXPECT_EQ(c.params, (params{"POLYGON((0 0,1 0,1 1,0 0))"}));
    EXPECT_EQ(jsql(R"({"op":"s_within","args":[{"property":"geometry"},{"bbox":[1,2,3,4]}]})").params, (params{"POLYGON((1 2,3 2,3 4,1 4,1 2))"}));
    // filter-crs EPSG:4326: latitude first, flipped in SQL
    EXPECT_EQ(compile(parse_text("S_INTERSECTS(geometry, POINT(21 106))"), props(), 1, true).sql,
              "ST_Intersects(m.geom, ST_FlipCoordinates(ST_GeomFromText($1::text, 4326)))");
}

TEST(Cql2, JsonEncodingMatchesTheText) {
    EXPECT_EQ(jsql(R"({"op":"and","args":[{"op":"<","args":[{"property":"coverage_rate"},0.5]},{"op":">","args":[{"property":"members"},20]}]})").sql,
              sql("coverage_rate < 0.5 AND members > 20").sql);
    EXPECT_EQ(jsql(R"({"op":"in","args":[{"property":"code"},["01","02"]]})").sql, sql("code IN ('01','02')").sql);
    EXPECT_EQ(jsql(R"({"op":"not","args":[{"op":"isNull","args":[{"property":"founded"}]}]})").sql, "(NOT (t.founded IS NULL))");
    EXPECT_EQ(jsql(R"({"op":"between","args":[{"property":"members"},1,2]})").sql, sql("members BETWEEN 1 AND 2").sql);
    EXPECT_EQ(jsql(R"({"op":"like","args":[{"op":"casei","args":[{"property":"name"}]},"x%"]})").sql, "(lower(m.name) LIKE $1::text)");
    EXPECT_EQ(jsql(R"({"op":"=","args":[{"property":"founded"},{"date":"2024-01-01"}]})").sql, "(t.founded = $1::date)");
    EXPECT_EQ(jsql(R"({"op":">","args":[{"op":"+","args":[{"property":"members"},1]},2]})").sql, "((c.members + $1::float8) > $2::float8)");
}

TEST(Cql2, SyntaxErrorsNameThePosition) {
    auto [message, pos] = failure("coverage_rate < ");
    EXPECT_EQ(pos, 17u);
    EXPECT_NE(message.find("expected a value after '<'"), std::string::npos) << message;
    std::tie(message, pos) = failure("members > 20 AND");
    EXPECT_EQ(pos, 17u);
    std::tie(message, pos) = failure("(members > 20");
    EXPECT_NE(message.find("expected ')'"), std::string::npos) << message;
    EXPECT_EQ(pos, 14u);
    std::tie(message, pos) = failure("name = 'open");
    EXPECT_NE(message.find("unterminated string"), std::string::npos);
    EXPECT_EQ(pos, 8u);
    std::tie(message, pos) = failure("members > 20 members");
    EXPECT_NE(message.find("missing AND or OR"), std::string::npos) << message;
    EXPECT_EQ(pos, 14u);
    std::tie(message, pos) = failure("FOO(members)");
    EXPECT_NE(message.find("unknown function FOO"), std::string::npos);
    EXPECT_EQ(pos, 1u);
    EXPECT_EQ(failure("").first, "the filter is empty");
    EXPECT_NE(failure("members BETWEEN 1 OR 2").first.find("expected AND"), std::string::npos);
    EXPECT_NE(failure("founded IS 3").first.find("expected NULL"), std::string::npos);
    EXPECT_NE(failure("S_INTERSECTS(geometry, POLYGON((0 0, 1 0, 1 1, 0 1)))").first.find("closed"), std::string::npos);
    EXPECT_NE(failure("S_INTERSECTS(geometry, BBOX(2, 2, 1, 1))").first.find("lower corner"), std::string::npos);
    EXPECT_NE(failure("founded = DATE('2024-02-30')").first.find("not a date"), std::string::npos);
    EXPECT_NE(failure("members > 1e999").first.find("out of range"), std::string::npos);
    EXPECT_NE(failure("{\"op\":", true).first.find("not valid JSON"), std::string::npos);
    EXPECT_NE(failure(R"({"op":"=","args":[1]})", true).first.find("takes 2 arguments"), std::string::npos);
    EXPECT_NE(failure(R"({"op":"frobnicate","args":[]})", true).first.find("unknown operator"), std::string::npos);
}

TEST(Cql2, UnknownPropertiesAndTypeMismatchesAreErrors) {
    auto [message, pos] = failure("leader = 'Nguyễn'");
    EXPECT_NE(message.find("unknown property 'leader'; queryables: code, name, members"), std::string::npos) << message;
    EXPECT_EQ(pos, 1u);
    EXPECT_NE(failure("members = 'many'").first.find("type mismatch"), std::string::npos);
    EXPECT_NE(failure("code > 5").first.find("cannot compare code (string)"), std::string::npos);
    EXPECT_NE(failure("members LIKE '1%'").first.find("LIKE compares strings"), std::string::npos);
    EXPECT_NE(failure("S_INTERSECTS(members, POINT(1 2))").first.find("two geometries"), std::string::npos);
    EXPECT_NE(failure("T_BEFORE(members, DATE('2024-01-01'))").first.find("date property"), std::string::npos);
    EXPECT_NE(failure("covered > TRUE").first.find("= or <> only"), std::string::npos);
    EXPECT_NE(failure("members").first.find("expected a condition"), std::string::npos);
    EXPECT_NE(failure("name + 1 > 2").first.find("needs numbers"), std::string::npos);
    EXPECT_NE(failure("geometry = POINT(1 2)").first.find("S_EQUALS"), std::string::npos);
}

TEST(Cql2, NestingIsLimitedWithAClearError) {
    const std::string deep(10000, '(');
    EXPECT_NE(failure(deep + "members > 1").first.find("nests deeper than 64"), std::string::npos);
    std::string nots;
    for (int i = 0; i < 10000; ++i) nots += "NOT ";
    EXPECT_NE(failure(nots + "covered").first.find("nests deeper"), std::string::npos);
    std::string sum = "members";
    for (int i = 0; i < 10000; ++i) sum += "+1";
    EXPECT_NE(failure(sum + " > 1").first.find("nests deeper"), std::string::npos);
    std::string json;
    for (int i = 0; i < 10000; ++i) json += R"({"op":"not","args":[)";
    for (int i = 0; i < 10000; ++i) json += "]}";
    EXPECT_NE(failure(json.substr(0, json.size() - 20000) + "true" + json.substr(json.size() - 20000), true).first.find("nests"),
              std::string::npos);
    EXPECT_NE(failure(std::string(100000, '[') + std::string(100000, ']'), true).first.find("expected an expression"), std::string::npos);
    // 64 levels are fine
    EXPECT_NO_THROW(sql(std::string(60, '(') + "members > 1" + std::string(60, ')')));
}

// Many thousands of random and mutated filters: each parses and compiles, or throws cql2::error;
// nothing else (no crash, no other exception, no stack overflow). The ASan build runs it too.
TEST(Cql2, FuzzedFiltersParseOrFailCleanly) {
    const std::vector<std::string> seeds = {
        "coverage_rate < 0.5 AND members > 20",
        "(name LIKE 'Xã%' OR code IN ('01','02')) AND NOT covered",
        "members BETWEEN 1 AND 10 AND founded IS NOT NULL",
        "S_INTERSECTS(geometry, POLYGON((106 21, 107 21, 107 22, 106 21)))",
        "S_WITHIN(geometry, BBOX(106,21,107,22)) OR T_INTERSECTS(founded, INTERVAL('2024-01-01','..'))",
        "CASEI(name) = CASEI('abc') AND members * 2 + 1 >= -3",
        "founded > TIMESTAMP('2024-01-01T00:00:00Z') AND S_INTERSECTS(geometry, MULTIPOINT((1 2),(3 4)))",
        "T_AFTER(founded, INTERVAL('2024-01-01','2024-06-01')) OR T_EQUALS(founded, INTERVAL('..','2024-01-01')) OR founded <= '2024-01-01T'",
        R"({"op":"and","args":[{"op":"<","args":[{"property":"coverage_rate"},0.5]},{"op":"in","args":[{"property":"code"},["a","b"]]}]})",
        R"({"op":"s_intersects","args":[{"property":"geometry"},{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]]]}]})",
    };
    const std::string alphabet = "()'\",.=<>!+-*/%_ aAnNdDoOrR0123456789eE[]{}:\\\n\t\x80\xff";
    std::mt19937 rng(18);
    long long parsed = 0, failed = 0;
    const auto run = [&](const std::string& input) {
        for (const bool json : {false, true}) {
            try {
                const node n = json ? parse_json(input) : parse_text(input);
                const auto c = compile(n, props(), 1);
                EXPECT_TRUE(uses_every_parameter(c, 1)) << input << "\n" << c.sql;
                ++parsed;
            } catch (const error&) {
                ++failed;
            }
        }
    };
    for (int round = 0; round < 20000; ++round) {
        std::string s = seeds[rng() % seeds.size()];
        const int edits = 1 + static_cast<int>(rng() % 4);
        for (int e = 0; e < edits && !s.empty(); ++e) {
            const std::size_t at = rng() % (s.size() + 1);
            switch (rng() % 6) {
                case 0: s = s.substr(0, at); break;  // truncation
                case 1: if (at < s.size()) s[at] = static_cast<char>(s[at] ^ (1 << (rng() % 8))); break;  // bit flip
                case 2: s.insert(at, 1, alphabet[rng() % alphabet.size()]); break;
                case 3: if (at < s.size()) s.erase(at, 1 + rng() % 5); break;
                case 4: s.insert(at, std::string(1 + rng() % 200, "(["[rng() % 2])); break;  // nesting
                default: { const auto& other = seeds[rng() % seeds.size()]; const std::size_t from = rng() % other.size();
                           s.insert(at, other.substr(from, rng() % 30)); }  // splice
            }
        }
        run(s);
    }
    for (int round = 0; round < 5000; ++round) {  // random bytes
        std::string s(rng() % 64, ' ');
        for (auto& c : s) c = alphabet[rng() % alphabet.size()];
        run(s);
    }
    run(std::string(10000, '('));
    run(std::string(10000, '[') + std::string(10000, ']'));
    EXPECT_GT(parsed, 100);  // the mutations keep some filters valid
    EXPECT_GT(failed, 10000);
}

}  // namespace
}  // namespace covermap::api::cql2
