#pragma once
// CQL2 (OGC API – Features Part 3 filters): an AST, a parser for cql2-text (also GDAL 3.6's
// cql-text, which is a subset plus ILIKE and quoted date strings) and one for cql2-json, and a
// compiler of the AST to a parameterised SQL condition. No Pistache, no database: the endpoint
// turns errors into 400s naming the parameter.
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace covermap::api::cql2 {

// A parse or compile error. `position` is the 1-based character (byte) position in the text
// (0 when there is none, e.g. for cql2-json or an unknown property found while compiling).
struct error : std::runtime_error {
    std::size_t position;
    error(const std::string& message, std::size_t pos) : std::runtime_error(message), position(pos) {}
};

// Filters nested deeper than this are refused (no stack overflow on "((((((…").
constexpr int max_depth = 64;

enum class kind {
    and_, or_, not_,
    compare,      // op: = <> < > <= >=
    like,         // op: like or ilike; negated
    between,      // negated
    in,           // args[0] IN args[1..]; negated
    is_null,      // negated
    spatial,      // op: s_intersects, s_within, ...
    temporal,     // op: t_intersects, t_before, t_after, t_equals, t_disjoint
    arith,        // op: + - * /
    negate,       // unary minus
    casei,
    property,     // text: the name
    string, number, boolean,
    date,         // text: YYYY-MM-DD
    timestamp,    // text: as written (RFC 3339)
    interval,     // args: two ends (date, timestamp, or string ".." for open)
    geometry,     // text: WKT in x/y (longitude/latitude) order as given
};

struct node {
    cql2::kind kind = cql2::kind::boolean;
    std::string op;    // operator or function, lower case
    std::string text;  // property name, string, date, WKT
    double number = 0;
    bool flag = false;  // boolean value, or "negated" (NOT LIKE, NOT BETWEEN, NOT IN, IS NOT NULL)
    std::vector<node> args;
    std::size_t position = 0;  // 1-based, in the text; 0 for cql2-json
};

node parse_text(const std::string& text);
node parse_json(const std::string& text);

// The SQL of a filter: a boolean condition on the queryables' expressions; every value from the
// filter is a text parameter ($first, $first+1, …) cast in the SQL.
enum class value_type { string, integer, number, boolean, date, geometry };
struct queryable {
    std::string name;
    value_type type;
    std::string sql;  // expression over the query's tables, from code only
};
struct compiled {
    std::string sql;
    std::vector<std::optional<std::string>> params;
};
// `lat_first`: geometry literals are in EPSG:4326 axis order (filter-crs), flipped to x/y.
compiled compile(const node& filter, const std::vector<queryable>& queryables, int first_param, bool lat_first = false);

const char* type_name(value_type t);

}  // namespace covermap::api::cql2
