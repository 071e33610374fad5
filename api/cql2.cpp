#include "api/cql2.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "api/features.hpp"

namespace covermap::api::cql2 {
namespace {

using json = nlohmann::json;

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}
std::string upper(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

std::string number_text(double v) {
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%.17g", v);
    return buffer;
}

// ---------------------------------------------------------------------------------------------
// Geometry literals (WKT in cql2-text, GeoJSON in cql2-json), checked and written as WKT.

using position = std::array<double, 2>;
using path = std::vector<position>;

struct geometry {
    std::string type;  // POINT, LINESTRING, POLYGON, MULTIPOINT, MULTILINESTRING, MULTIPOLYGON
    std::vector<std::vector<path>> parts;  // polygons of rings; a line or points is parts[0][0]
};

void check_path(const path& p, bool ring, std::size_t pos) {
    if (ring) {
        if (p.size() < 4) throw error("a polygon ring needs at least 4 positions", pos);
        if (p.front() != p.back()) throw error("a polygon ring must end where it starts (closed)", pos);
    } else if (p.size() < 2) {
        throw error("a line needs at least 2 positions", pos);
    }
}

std::string wkt_path(const path& p) {
    std::string out = "(";
    for (std::size_t i = 0; i < p.size(); ++i) out += (i ? "," : "") + number_text(p[i][0]) + " " + number_text(p[i][1]);
    return out + ")";
}

std::string wkt(const geometry& g, std::size_t pos) {
    const auto& t = g.type;
    if (g.parts.empty() || g.parts[0].empty()) throw error("empty geometry", pos);
    if (t == "POINT") {
        if (g.parts[0][0].size() != 1) throw error("a point has one position", pos);
        return "POINT" + wkt_path(g.parts[0][0]);
    }
    if (t == "LINESTRING") {
        check_path(g.parts[0][0], false, pos);
        return "LINESTRING" + wkt_path(g.parts[0][0]);
    }
    if (t == "MULTIPOINT") {
        if (g.parts[0][0].empty()) throw error("empty geometry", pos);
        return "MULTIPOINT" + wkt_path(g.parts[0][0]);
    }
    std::string out = t + "(";
    for (std::size_t i = 0; i < g.parts.size(); ++i) {
        if (t == "MULTIPOLYGON") out += i ? ",(" : "(";
        for (std::size_t k = 0; k < g.parts[i].size(); ++k) {
            check_path(g.parts[i][k], t != "MULTILINESTRING", pos);
            out += (k ? "," : "") + wkt_path(g.parts[i][k]);
        }
        if (t == "MULTIPOLYGON") out += ")";
    }
    return out + ")";
}

node geometry_node(const geometry& g, std::size_t pos) {
    node n;
    n.kind = kind::geometry;
    n.text = wkt(g, pos);
    n.position = pos;
    return n;
}

node bbox_node(const std::vector<double>& v, std::size_t pos) {
    if (v.size() != 4 && v.size() != 6) throw error("BBOX takes 4 or 6 numbers", pos);
    const bool six = v.size() == 6;
    const double x0 = v[0], y0 = v[1], x1 = v[six ? 3 : 2], y1 = v[six ? 4 : 3];
    if (x0 > x1 || y0 > y1) throw error("BBOX: the lower corner must come first (min x, min y, max x, max y)", pos);
    geometry g{"POLYGON", {{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}}};
    return geometry_node(g, pos);
}

bool finite(double v) { return std::isfinite(v); }

// ---------------------------------------------------------------------------------------------
// cql2-text

const char* const reserved[] = {"AND", "OR", "NOT", "LIKE", "ILIKE", "BETWEEN", "IN", "IS", "NULL"};

bool is_reserved(const std::string& word) {
    return std::any_of(std::begin(reserved), std::end(reserved), [&](const char* r) { return word == r; });
}

bool ident_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || static_cast<unsigned char>(c) >= 0x80; }
bool ident_char(char c) { return ident_start(c) || std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == ':'; }

class text_parser {
public:
    explicit text_parser(const std::string& s) : s_(s) {}

    node parse() {
        skip_ws();
        if (end()) fail("the filter is empty");
        node n = parse_or();
        skip_ws();
        if (!end()) fail("unexpected " + found() + " after a complete condition (missing AND or OR?)");
        return n;
    }

private:
    const std::string& s_;
    std::size_t i_ = 0;
    int depth_ = 0;

    struct depth_guard {
        text_parser& p;
        explicit depth_guard(text_parser& parser) : p(parser) {
            if (++p.depth_ > max_depth) p.fail("the filter nests deeper than " + std::to_string(max_depth) + " levels");
        }
        ~depth_guard() { --p.depth_; }
    };

    [[noreturn]] void fail(const std::string& message) const { throw error(message, i_ + 1); }
    void deeper() {
        if (++depth_ > max_depth) fail("the filter nests deeper than " + std::to_string(max_depth) + " levels");
    }
    [[noreturn]] void fail_at(const std::string& message, std::size_t at) const { throw error(message, at + 1); }

    bool end() const { return i_ >= s_.size(); }
    void skip_ws() {
        while (!end() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_;
    }

    // What stands at the cursor, for messages.
    std::string found() const {
        if (end()) return "the end of the filter";
        std::size_t n = 1;
        if (ident_start(s_[i_])) {
            while (i_ + n < s_.size() && ident_char(s_[i_ + n])) ++n;
        }
        std::string piece = s_.substr(i_, std::min<std::size_t>(n, 24));
        for (auto& c : piece) if (static_cast<unsigned char>(c) < 0x20) c = '?';
        return "'" + piece + "'";
    }

    // The identifier at the cursor (not consumed), upper case; empty if none.
    std::string peek_word() const {
        if (end() || !ident_start(s_[i_])) return {};
        std::size_t j = i_;
        while (j < s_.size() && ident_char(s_[j])) ++j;
        return upper(s_.substr(i_, j - i_));
    }

    bool accept_word(const char* word) {
        skip_ws();
        if (peek_word() != word) return false;
        i_ += std::string(word).size();
        return true;
    }

    bool accept(const char* token) {
        skip_ws();
        const std::size_t n = std::char_traits<char>::length(token);
        if (s_.compare(i_, n, token) != 0) return false;
        i_ += n;
        return true;
    }

    void expect(char c, const std::string& what) {
        skip_ws();
        if (end() || s_[i_] != c) fail("expected '" + std::string(1, c) + "' " + what + ", found " + found());
        ++i_;
    }

    node make(kind k, std::string op, std::vector<node> args, std::size_t at) {
        node n;
        n.kind = k;
        n.op = std::move(op);
        n.args = std::move(args);
        n.position = at + 1;
        return n;
    }

    node parse_or() {
        node left = parse_and();
        skip_ws();
        const std::size_t at = i_;
        if (peek_word() != "OR") return left;
        node n = make(kind::or_, "or", {std::move(left)}, at);
        while (accept_word("OR")) n.args.push_back(parse_and());
        return n;
    }

    node parse_and() {
        node left = parse_not();
        skip_ws();
        const std::size_t at = i_;
        if (peek_word() != "AND") return left;
        node n = make(kind::and_, "and", {std::move(left)}, at);
        while (accept_word("AND")) n.args.push_back(parse_not());
        return n;
    }

    node parse_not() {
        skip_ws();
        const std::size_t at = i_;
        if (accept_word("NOT")) {
            depth_guard guard(*this);
            return make(kind::not_, "not", {parse_not()}, at);
        }
        return parse_predicate();
    }

    node parse_predicate() {
        node left = parse_additive("");
        skip_ws();
        const std::size_t at = i_;
        static const char* const comparisons[] = {"<>", "!=", "<=", ">=", "=", "<", ">"};
        for (const char* op : comparisons) {
            if (accept(op)) {
                node right = parse_additive(op);
                return make(kind::compare, std::string(op) == "!=" ? "<>" : op, {std::move(left), std::move(right)}, at);
            }
        }
        bool negated = false;
        const std::size_t before_not = i_;
        if (accept_word("NOT")) {
            const std::string next = (skip_ws(), peek_word());
            if (next == "LIKE" || next == "ILIKE" || next == "BETWEEN" || next == "IN") {
                negated = true;
            } else {
                i_ = before_not;
                return left;
            }
        }
        node n;
        const bool ci = accept_word("ILIKE");
        if (ci || accept_word("LIKE")) {
            n = make(kind::like, ci ? "ilike" : "like", {std::move(left), parse_additive(ci ? "ILIKE" : "LIKE")}, at);
        } else if (accept_word("BETWEEN")) {
            node low = parse_additive("BETWEEN");
            if (!accept_word("AND")) fail("expected AND in BETWEEN … AND …, found " + found());
            node high = parse_additive("AND");
            n = make(kind::between, "between", {std::move(left), std::move(low), std::move(high)}, at);
        } else if (accept_word("IN")) {
            expect('(', "after IN");
            n = make(kind::in, "in", {std::move(left)}, at);
            do {
                n.args.push_back(parse_additive(n.args.size() == 1 ? "IN (" : ","));
            } while (accept(","));
            expect(')', "to close the IN list");
        } else if (accept_word("IS")) {
            const bool is_not = accept_word("NOT");
            if (!accept_word("NULL")) fail("expected NULL after IS" + std::string(is_not ? " NOT" : "") + ", found " + found());
            n = make(kind::is_null, "isnull", {std::move(left)}, at);
            negated = is_not;
        } else {
            return left;
        }
        n.flag = negated;
        return n;
    }

    node parse_additive(const std::string& after) {
        node left = parse_multiplicative(after);
        const int depth = depth_;  // a chain a + b + c nests to the left: each term counts
        for (;;) {
            skip_ws();
            const std::size_t at = i_;
            if (end() || (s_[i_] != '+' && s_[i_] != '-')) {
                depth_ = depth;
                return left;
            }
            const std::string op(1, s_[i_++]);
            deeper();
            left = make(kind::arith, op, {std::move(left), parse_multiplicative(op)}, at);
        }
    }

    node parse_multiplicative(const std::string& after) {
        node left = parse_unary(after);
        const int depth = depth_;
        for (;;) {
            skip_ws();
            const std::size_t at = i_;
            if (end() || (s_[i_] != '*' && s_[i_] != '/')) {
                depth_ = depth;
                return left;
            }
            const std::string op(1, s_[i_++]);
            deeper();
            left = make(kind::arith, op, {std::move(left), parse_unary(op)}, at);
        }
    }

    node parse_unary(const std::string& after) {
        skip_ws();
        const std::size_t at = i_;
        if (!end() && s_[i_] == '-' && !(i_ + 1 < s_.size() && (std::isdigit(static_cast<unsigned char>(s_[i_ + 1])) || s_[i_ + 1] == '.'))) {
            ++i_;
            depth_guard guard(*this);
            return make(kind::negate, "-", {parse_unary("-")}, at);
        }
        return parse_atom(after);
    }

    [[noreturn]] void expected_value(const std::string& after) const {
        fail("expected a value" + (after.empty() ? std::string() : " after '" + after + "'") + ", found " + found());
    }

    std::string parse_string_literal() {
        // at a quote
        const std::size_t start = i_;
        ++i_;
        std::string out;
        for (;;) {
            if (end()) fail_at("unterminated string (a ' opened here is never closed)", start);
            const char c = s_[i_++];
            if (c == '\'') {
                if (!end() && s_[i_] == '\'') {
                    out += '\'';
                    ++i_;
                    continue;
                }
                return out;
            }
            out += c;
        }
    }

    double parse_number_literal() {
        const std::size_t start = i_;
        if (s_[i_] == '-' || s_[i_] == '+') ++i_;
        bool digits = false;
        while (!end() && std::isdigit(static_cast<unsigned char>(s_[i_]))) ++i_, digits = true;
        if (!end() && s_[i_] == '.') {
            ++i_;
            while (!end() && std::isdigit(static_cast<unsigned char>(s_[i_]))) ++i_, digits = true;
        }
        if (!digits) fail_at("'" + s_.substr(start, i_ - start) + "' is not a number", start);
        if (!end() && (s_[i_] == 'e' || s_[i_] == 'E')) {
            std::size_t j = i_ + 1;
            if (j < s_.size() && (s_[j] == '+' || s_[j] == '-')) ++j;
            if (j < s_.size() && std::isdigit(static_cast<unsigned char>(s_[j]))) {
                i_ = j;
                while (!end() && std::isdigit(static_cast<unsigned char>(s_[i_]))) ++i_;
            }
        }
        const std::string text = s_.substr(start, i_ - start);
        const double v = std::strtod(text.c_str(), nullptr);
        if (!finite(v)) fail_at("the number " + text + " is out of range", start);
        if (!end() && ident_char(s_[i_])) fail("unexpected " + found() + " right after the number " + text);
        return v;
    }

    node parse_atom(const std::string& after) {
        skip_ws();
        const std::size_t at = i_;
        if (end()) expected_value(after);
        const char c = s_[i_];
        if (c == '(') {
            ++i_;
            depth_guard guard(*this);
            node n = parse_or();
            expect(')', "to close the '(' at position " + std::to_string(at + 1));
            return n;
        }
        if (c == '\'') {
            node n;
            n.kind = kind::string;
            n.text = parse_string_literal();
            n.position = at + 1;
            return n;
        }
        if (std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '+') {
            node n;
            n.kind = kind::number;
            n.number = parse_number_literal();
            n.position = at + 1;
            return n;
        }
        if (c == '"') {
            const std::size_t close = s_.find('"', i_ + 1);
            if (close == std::string::npos) fail("unterminated quoted property name");
            node n;
            n.kind = kind::property;
            n.text = s_.substr(i_ + 1, close - i_ - 1);
            n.position = at + 1;
            i_ = close + 1;
            return n;
        }
        if (!ident_start(c)) expected_value(after);
        const std::string word = peek_word();
        const std::string raw = s_.substr(i_, word.size());
        if (is_reserved(word)) expected_value(after);
        i_ += word.size();
        if (word == "TRUE" || word == "FALSE") {
            node n;
            n.kind = kind::boolean;
            n.flag = word == "TRUE";
            n.position = at + 1;
            return n;
        }
        skip_ws();
        if (end() || s_[i_] != '(') {
            node n;
            n.kind = kind::property;
            n.text = raw;
            n.position = at + 1;
            return n;
        }
        return parse_function(word, at);
    }

    node parse_function(const std::string& word, std::size_t at) {
        depth_guard guard(*this);
        if (word == "POINT" || word == "LINESTRING" || word == "POLYGON" || word == "MULTIPOINT" || word == "MULTILINESTRING" ||
            word == "MULTIPOLYGON") {
            return parse_wkt(word, at);
        }
        ++i_;  // '('
        if (word == "DATE" || word == "TIMESTAMP") {
            skip_ws();
            if (end() || s_[i_] != '\'') fail("expected a quoted " + lower(word) + " after " + word + "(, found " + found());
            node n;
            n.kind = word == "DATE" ? kind::date : kind::timestamp;
            n.text = parse_string_literal();
            n.position = at + 1;
            expect(')', "to close " + word + "(");
            return n;
        }
        if (word == "BBOX") {
            std::vector<double> v;
            do {
                skip_ws();
                if (end() || !(std::isdigit(static_cast<unsigned char>(s_[i_])) || s_[i_] == '-' || s_[i_] == '+' || s_[i_] == '.')) {
                    fail("expected a number in BBOX(…), found " + found());
                }
                v.push_back(parse_number_literal());
            } while (accept(","));
            expect(')', "to close BBOX(");
            return bbox_node(v, at + 1);
        }
        static const char* const spatial[] = {"S_INTERSECTS", "S_WITHIN", "S_CONTAINS", "S_DISJOINT", "S_EQUALS", "S_TOUCHES",
                                              "S_OVERLAPS", "S_CROSSES"};
        static const char* const temporal[] = {"T_INTERSECTS", "T_BEFORE", "T_AFTER", "T_EQUALS", "T_DISJOINT"};
        kind k;
        std::size_t arity = 2;
        if (std::any_of(std::begin(spatial), std::end(spatial), [&](const char* f) { return word == f; })) {
            k = kind::spatial;
        } else if (std::any_of(std::begin(temporal), std::end(temporal), [&](const char* f) { return word == f; })) {
            k = kind::temporal;
        } else if (word == "INTERVAL") {
            k = kind::interval;
        } else if (word == "CASEI") {
            k = kind::casei;
            arity = 1;
        } else {
            fail_at("unknown function " + word + "(…); this server knows S_INTERSECTS, S_WITHIN, S_CONTAINS, S_DISJOINT, S_EQUALS, "
                    "S_TOUCHES, S_OVERLAPS, S_CROSSES, T_INTERSECTS, T_BEFORE, T_AFTER, T_EQUALS, T_DISJOINT, CASEI, DATE, TIMESTAMP, "
                    "INTERVAL, BBOX and WKT geometries",
                    at);
        }
        node n = make(k, lower(word), {}, at);
        for (std::size_t a = 0; a < arity; ++a) {
            if (a > 0 && !accept(",")) fail(word + " takes " + std::to_string(arity) + " arguments; expected ',', found " + found());
            n.args.push_back(parse_additive(a == 0 ? word + "(" : ","));
        }
        expect(')', "to close " + word + "(");
        return n;
    }

    position parse_position() {
        position p{};
        for (int k = 0; k < 2; ++k) {
            skip_ws();
            if (end() || !(std::isdigit(static_cast<unsigned char>(s_[i_])) || s_[i_] == '-' || s_[i_] == '+' || s_[i_] == '.')) {
                fail("expected a coordinate, found " + found());
            }
            p[static_cast<std::size_t>(k)] = parse_number_literal();
        }
        skip_ws();
        if (!end() && (std::isdigit(static_cast<unsigned char>(s_[i_])) || s_[i_] == '-')) parse_number_literal();  // z: ignored
        return p;
    }

    path parse_path(bool parens_optional) {
        skip_ws();
        path p;
        const bool parens = !parens_optional || (!end() && s_[i_] == '(');
        if (parens) expect('(', "to open a list of positions");
        do {
            skip_ws();
            // MULTIPOINT((1 2),(3 4))
            if (parens_optional && !end() && s_[i_] == '(') {
                ++i_;
                p.push_back(parse_position());
                expect(')', "to close a point");
            } else {
                p.push_back(parse_position());
            }
        } while (accept(","));
        if (parens) expect(')', "to close a list of positions");
        return p;
    }

    std::vector<path> parse_paths() {
        expect('(', "to open a list of rings or lines");
        std::vector<path> out;
        do out.push_back(parse_path(false));
        while (accept(","));
        expect(')', "to close a list of rings or lines");
        return out;
    }

    node parse_wkt(const std::string& word, std::size_t at) {
        geometry g;
        g.type = word;
        if (word == "POINT") {
            expect('(', "after POINT");
            g.parts = {{{parse_position()}}};
            expect(')', "to close POINT(");
        } else if (word == "LINESTRING") {
            g.parts = {{parse_path(false)}};
        } else if (word == "MULTIPOINT") {
            expect('(', "after MULTIPOINT");
            path p;
            do {
                skip_ws();
                if (!end() && s_[i_] == '(') {
                    ++i_;
                    p.push_back(parse_position());
                    expect(')', "to close a point");
                } else {
                    p.push_back(parse_position());
                }
            } while (accept(","));
            expect(')', "to close MULTIPOINT(");
            g.parts = {{p}};
        } else if (word == "POLYGON" || word == "MULTILINESTRING") {
            g.parts = {parse_paths()};
        } else {
            expect('(', "after MULTIPOLYGON");
            do g.parts.push_back(parse_paths());
            while (accept(","));
            expect(')', "to close MULTIPOLYGON(");
        }
        return geometry_node(g, at + 1);
    }
};

// ---------------------------------------------------------------------------------------------
// cql2-json

class json_reader {
public:
    node read(const json& j, int depth) {
        if (depth > max_depth) throw error("the filter nests deeper than " + std::to_string(max_depth) + " levels", 0);
        node n;
        if (j.is_string()) {
            n.kind = kind::string;
            n.text = j.get<std::string>();
            return n;
        }
        if (j.is_number()) {
            n.kind = kind::number;
            n.number = j.get<double>();
            if (!finite(n.number)) throw error("a number is out of range", 0);
            return n;
        }
        if (j.is_boolean()) {
            n.kind = kind::boolean;
            n.flag = j.get<bool>();
            return n;
        }
        if (!j.is_object()) throw error("expected an expression object, a string, a number or a boolean; found " + std::string(j.type_name()), 0);
        if (j.contains("property")) {
            if (!j["property"].is_string()) throw error("\"property\" must be a string", 0);
            n.kind = kind::property;
            n.text = j["property"].get<std::string>();
            return n;
        }
        if (j.contains("date") || j.contains("timestamp")) {
            const bool date = j.contains("date");
            const auto& v = j[date ? "date" : "timestamp"];
            if (!v.is_string()) throw error(std::string("\"") + (date ? "date" : "timestamp") + "\" must be a string", 0);
            n.kind = date ? kind::date : kind::timestamp;
            n.text = v.get<std::string>();
            return n;
        }
        if (j.contains("interval")) {
            const auto& v = j["interval"];
            if (!v.is_array() || v.size() != 2) throw error("\"interval\" must be an array of two ends", 0);
            n.kind = kind::interval;
            n.op = "interval";
            for (const auto& e : v) {
                if (e.is_string()) {
                    node end;
                    end.kind = kind::string;
                    end.text = e.get<std::string>();
                    n.args.push_back(end);
                } else {
                    n.args.push_back(read(e, depth + 1));
                }
            }
            return n;
        }
        if (j.contains("bbox")) {
            const auto& v = j["bbox"];
            std::vector<double> numbers;
            if (!v.is_array()) throw error("\"bbox\" must be an array of 4 or 6 numbers", 0);
            for (const auto& x : v) {
                if (!x.is_number()) throw error("\"bbox\" must be an array of 4 or 6 numbers", 0);
                numbers.push_back(x.get<double>());
            }
            return bbox_node(numbers, 0);
        }
        if (j.contains("type") && j.contains("coordinates")) return geojson(j);
        if (!j.contains("op") || !j["op"].is_string()) throw error("an expression object needs \"op\" (or property, date, timestamp, interval, bbox, or a GeoJSON geometry)", 0);
        const std::string op = lower(j["op"].get<std::string>());
        if (!j.contains("args") || !j["args"].is_array()) throw error("operator '" + op + "' needs an \"args\" array", 0);
        const auto& args = j["args"];
        const auto arity = [&](std::size_t k) {
            if (args.size() != k) throw error("operator '" + op + "' takes " + std::to_string(k) + " arguments, got " + std::to_string(args.size()), 0);
        };
        n.op = op;
        if (op == "and" || op == "or") {
            if (args.size() < 2) throw error("operator '" + op + "' takes at least 2 arguments", 0);
            n.kind = op == "and" ? kind::and_ : kind::or_;
        } else if (op == "not") {
            arity(1);
            n.kind = kind::not_;
        } else if (op == "=" || op == "<>" || op == "<" || op == ">" || op == "<=" || op == ">=") {
            arity(2);
            n.kind = kind::compare;
        } else if (op == "like") {
            arity(2);
            n.kind = kind::like;
        } else if (op == "between") {
            arity(3);
            n.kind = kind::between;
        } else if (op == "isnull") {
            arity(1);
            n.kind = kind::is_null;
        } else if (op == "in") {
            arity(2);
            if (!args[1].is_array() || args[1].empty()) throw error("operator 'in' takes a value and a non-empty array of values", 0);
            n.kind = kind::in;
            n.args.push_back(read(args[0], depth + 1));
            for (const auto& v : args[1]) n.args.push_back(read(v, depth + 1));
            return n;
        } else if (op.rfind("s_", 0) == 0 &&
                   (op == "s_intersects" || op == "s_within" || op == "s_contains" || op == "s_disjoint" || op == "s_equals" ||
                    op == "s_touches" || op == "s_overlaps" || op == "s_crosses")) {
            arity(2);
            n.kind = kind::spatial;
        } else if (op == "t_intersects" || op == "t_before" || op == "t_after" || op == "t_equals" || op == "t_disjoint") {
            arity(2);
            n.kind = kind::temporal;
        } else if (op == "casei") {
            arity(1);
            n.kind = kind::casei;
        } else if (op == "+" || op == "-" || op == "*" || op == "/") {
            arity(2);
            n.kind = kind::arith;
        } else {
            throw error("unknown operator '" + op + "'", 0);
        }
        for (const auto& a : args) n.args.push_back(read(a, depth + 1));
        return n;
    }

private:
    static position json_position(const json& p) {
        if (!p.is_array() || p.size() < 2 || !p[0].is_number() || !p[1].is_number()) throw error("a GeoJSON position is an array of 2 or 3 numbers", 0);
        return {p[0].get<double>(), p[1].get<double>()};
    }
    static path json_path(const json& a) {
        if (!a.is_array()) throw error("GeoJSON coordinates: expected an array of positions", 0);
        path p;
        for (const auto& x : a) p.push_back(json_position(x));
        return p;
    }
    static std::vector<path> json_paths(const json& a) {
        if (!a.is_array()) throw error("GeoJSON coordinates: expected an array of rings or lines", 0);
        std::vector<path> out;
        for (const auto& x : a) out.push_back(json_path(x));
        return out;
    }
    static node geojson(const json& j) {
        const auto& c = j["coordinates"];
        const std::string type = j["type"].is_string() ? j["type"].get<std::string>() : "";
        geometry g;
        g.type = upper(type);
        if (type == "Point") g.parts = {{{json_position(c)}}};
        else if (type == "LineString" || type == "MultiPoint") g.parts = {{json_path(c)}};
        else if (type == "Polygon" || type == "MultiLineString") g.parts = {json_paths(c)};
        else if (type == "MultiPolygon") {
            if (!c.is_array()) throw error("GeoJSON coordinates: expected an array of polygons", 0);
            for (const auto& p : c) g.parts.push_back(json_paths(p));
        } else {
            throw error("unsupported GeoJSON geometry type '" + type + "' (Point, LineString, Polygon, MultiPoint, MultiLineString, MultiPolygon)", 0);
        }
        return geometry_node(g, 0);
    }
};

// ---------------------------------------------------------------------------------------------
// Compiling to SQL

enum class vt { string, number, boolean, date, geometry, interval };

const char* vt_name(vt t) {
    switch (t) {
        case vt::string: return "string";
        case vt::number: return "number";
        case vt::boolean: return "boolean";
        case vt::date: return "date";
        case vt::geometry: return "geometry";
        default: return "interval";
    }
}

vt of(value_type t) {
    switch (t) {
        case value_type::string: return vt::string;
        case value_type::integer:
        case value_type::number: return vt::number;
        case value_type::boolean: return vt::boolean;
        case value_type::date: return vt::date;
        default: return vt::geometry;
    }
}

struct value {
    value(std::string s, vt t) : sql(std::move(s)), type(t) {}
    std::string sql;
    vt type;
    bool literal_string = false;  // a string literal (may become a date)
    std::string literal;
    std::size_t param_index = 0;  // its parameter
    std::string lo, hi;  // interval ends (SQL, empty when open)
};

// The UTC date of a date or timestamp literal, or an error naming it.
std::string literal_date(const std::string& text, bool timestamp, std::size_t pos) {
    try {
        if (!timestamp && text.size() != 10) throw error("", 0);
        const auto d = ogc::parse_datetime(text);
        if (!d.from) throw error("", 0);
        return *d.from;
    } catch (...) {
        throw error("'" + text + "' is not " + (timestamp ? "an RFC 3339 timestamp (2025-06-30T00:00:00Z)" : "a date (YYYY-MM-DD)"), pos);
    }
}

class compiler {
public:
    compiler(const std::vector<queryable>& q, int first, bool lat_first) : q_(q), next_(first), lat_first_(lat_first) {}
    std::vector<std::optional<std::string>> params;

    std::string condition(const node& n) {
        switch (n.kind) {
            case kind::and_:
            case kind::or_: {
                std::string out = "(";
                for (std::size_t i = 0; i < n.args.size(); ++i) {
                    out += (i ? (n.kind == kind::and_ ? " AND " : " OR ") : "") + condition(n.args[i]);
                }
                return out + ")";
            }
            case kind::not_: return "(NOT " + condition(n.args[0]) + ")";
            case kind::compare: {
                value a = scalar(n.args[0]), b = scalar(n.args[1]);
                unify(a, b, n);
                if (a.type == vt::geometry) throw error("geometries are compared with S_EQUALS, not " + n.op, n.position);
                if (a.type == vt::boolean && n.op != "=" && n.op != "<>") throw error("booleans are compared with = or <> only", n.position);
                return "(" + a.sql + " " + n.op + " " + b.sql + ")";
            }
            case kind::like: {
                value a = scalar(n.args[0]), b = scalar(n.args[1]);
                if (a.type != vt::string || b.type != vt::string) {
                    throw error("LIKE compares strings; found " + std::string(vt_name(a.type)) + " LIKE " + vt_name(b.type), n.position);
                }
                return "(" + a.sql + (n.flag ? " NOT " : " ") + (n.op == "ilike" ? "ILIKE " : "LIKE ") + b.sql + ")";
            }
            case kind::between: {
                value a = scalar(n.args[0]), lo = scalar(n.args[1]), hi = scalar(n.args[2]);
                unify(a, lo, n);
                unify(a, hi, n);
                if (a.type != vt::number && a.type != vt::date) throw error("BETWEEN needs numbers or dates, found " + std::string(vt_name(a.type)), n.position);
                return "(" + a.sql + (n.flag ? " NOT" : "") + " BETWEEN " + lo.sql + " AND " + hi.sql + ")";
            }
            case kind::in: {
                value a = scalar(n.args[0]);
                std::string list;
                for (std::size_t i = 1; i < n.args.size(); ++i) {
                    value b = scalar(n.args[i]);
                    unify(a, b, n);
                    list += (i > 1 ? ", " : "") + b.sql;
                }
                if (a.type == vt::geometry) throw error("IN does not take geometries", n.position);
                return "(" + a.sql + (n.flag ? " NOT IN (" : " IN (") + list + "))";
            }
            case kind::is_null: {
                value a = scalar(n.args[0]);
                return "(" + a.sql + (n.flag ? " IS NOT NULL)" : " IS NULL)");
            }
            case kind::spatial: {
                value a = scalar(n.args[0]), b = scalar(n.args[1]);
                if (a.type != vt::geometry || b.type != vt::geometry) {
                    throw error(upper(n.op) + " takes two geometries (the geometry property or a WKT/GeoJSON literal), found " +
                                    vt_name(a.type) + " and " + vt_name(b.type),
                                n.position);
                }
                static const std::pair<const char*, const char*> functions[] = {
                    {"s_intersects", "ST_Intersects"}, {"s_within", "ST_Within"}, {"s_contains", "ST_Contains"},
                    {"s_disjoint", "ST_Disjoint"}, {"s_equals", "ST_Equals"}, {"s_touches", "ST_Touches"},
                    {"s_overlaps", "ST_Overlaps"}, {"s_crosses", "ST_Crosses"}};
                for (const auto& [name, fn] : functions) {
                    if (n.op == name) return std::string(fn) + "(" + a.sql + ", " + b.sql + ")";
                }
                throw error("unknown spatial function " + n.op, n.position);
            }
            case kind::temporal: return temporal(n);
            default: {
                value v = scalar(n);
                if (v.type != vt::boolean) throw error("expected a condition, found a " + std::string(vt_name(v.type)) + " value", n.position);
                return "(" + v.sql + ")";
            }
        }
    }

private:
    const std::vector<queryable>& q_;
    int next_;
    bool lat_first_;

    std::string param(std::string text, const char* cast) {
        params.emplace_back(std::move(text));
        return "$" + std::to_string(next_++) + "::" + cast;
    }

    // Makes a and b the same type where CQL allows it (a string literal against a date, as GDAL
    // writes dates); otherwise a type mismatch.
    void unify(value& a, value& b, const node& n) {
        if (a.type == vt::date && b.literal_string) as_date(b, n.position);
        if (b.type == vt::date && a.literal_string) as_date(a, n.position);
        if (a.type != b.type || a.type == vt::interval) {
            throw error("type mismatch: cannot compare " + describe(n.args[0], a) + " with a " + vt_name(b.type), n.position);
        }
    }

    static std::string describe(const node& n, const value& v) {
        if (n.kind == kind::property) return n.text + " (" + vt_name(v.type) + ")";
        return std::string("a ") + vt_name(v.type);
    }

    value date_value(const std::string& text, std::size_t pos) {
        std::string d;
        try {
            const auto i = ogc::parse_datetime(text);
            if (!i.instant || !i.from) throw error("", 0);
            d = *i.from;
        } catch (...) {
            throw error("'" + text + "' is not a date", pos);
        }
        return {param(d, "date"), vt::date};
    }

    // A string literal's parameter becomes a date (the same $n, so no parameter is left unused).
    void as_date(value& v, std::size_t pos) {
        const std::string n = "$" + std::to_string(next_ - static_cast<int>(params.size()) + static_cast<int>(v.param_index));
        try {
            const auto i = ogc::parse_datetime(v.literal);
            if (!i.instant || !i.from) throw error("", 0);
            params[v.param_index] = *i.from;
        } catch (...) {
            throw error("'" + v.literal + "' is not a date", pos);
        }
        v.sql = n + "::date";
        v.type = vt::date;
        v.literal_string = false;
    }

    value scalar(const node& n) {
        switch (n.kind) {
            case kind::property: {
                for (const auto& p : q_) {
                    if (p.name == n.text) return {p.sql, of(p.type)};
                }
                std::string list;
                for (const auto& p : q_) list += (list.empty() ? "" : ", ") + p.name;
                throw error("unknown property '" + n.text + "'; queryables: " + list, n.position);
            }
            case kind::string: {
                value v{param(n.text, "text"), vt::string};
                v.param_index = params.size() - 1;
                v.literal_string = true;
                v.literal = n.text;
                return v;
            }
            case kind::number: return {param(number_text(n.number), "float8"), vt::number};
            case kind::boolean: return {param(n.flag ? "true" : "false", "boolean"), vt::boolean};
            case kind::date:
            case kind::timestamp: return {param(literal_date(n.text, n.kind == kind::timestamp, n.position), "date"), vt::date};
            case kind::geometry: {
                const std::string g = "ST_GeomFromText(" + param(n.text, "text") + ", 4326)";
                return {lat_first_ ? "ST_FlipCoordinates(" + g + ")" : g, vt::geometry};
            }
            case kind::casei: {
                value a = scalar(n.args[0]);
                if (a.type != vt::string) throw error("CASEI takes a string, found a " + std::string(vt_name(a.type)), n.position);
                return {"lower(" + a.sql + ")", vt::string};
            }
            case kind::arith: {
                value a = scalar(n.args[0]), b = scalar(n.args[1]);
                if (a.type != vt::number || b.type != vt::number) {
                    throw error("arithmetic '" + n.op + "' needs numbers, found " + vt_name(a.type) + " and " + vt_name(b.type), n.position);
                }
                if (n.op == "/") return {"(" + a.sql + " / NULLIF(" + b.sql + ", 0))", vt::number};
                return {"(" + a.sql + " " + n.op + " " + b.sql + ")", vt::number};
            }
            case kind::negate: {
                value a = scalar(n.args[0]);
                if (a.type != vt::number) throw error("unary '-' needs a number, found a " + std::string(vt_name(a.type)), n.position);
                return {"(-" + a.sql + ")", vt::number};
            }
            case kind::interval: {
                value v{"", vt::interval};
                for (std::size_t k = 0; k < 2; ++k) {
                    const node& e = n.args[k];
                    std::string sql;
                    if (e.kind == kind::string && (e.text == ".." || e.text.empty())) {
                        sql.clear();
                    } else if (e.kind == kind::string) {
                        sql = date_value(e.text, n.position).sql;
                    } else {
                        value x = scalar(e);
                        if (x.type != vt::date) throw error("an INTERVAL's ends are dates, timestamps or '..'", n.position);
                        sql = x.sql;
                    }
                    (k == 0 ? v.lo : v.hi) = sql;
                }
                return v;
            }
            default: throw error("expected a value, found a condition", n.position);
        }
    }

    // An INTERVAL's end: empty when open ('..'), else a date parameter.
    std::string interval_end(const node& e, std::size_t pos) {
        if (e.kind == kind::string && (e.text == ".." || e.text.empty())) return {};
        value x = scalar(e);
        if (x.literal_string) as_date(x, pos);
        if (x.type != vt::date) throw error("an INTERVAL's ends are dates, timestamps or '..'", pos);
        return x.sql;
    }

    // Only the ends a function uses become parameters: PostgreSQL refuses an unused one.
    std::string temporal(const node& n) {
        const node* pa = &n.args[0];
        const node* pb = &n.args[1];
        const auto literal = [](const node* x) {
            return x->kind == kind::interval || x->kind == kind::string || x->kind == kind::date || x->kind == kind::timestamp;
        };
        if (literal(pa) && !literal(pb)) std::swap(pa, pb);  // T_INTERSECTS(INTERVAL(…), founded)
        value a = scalar(*pa);
        if (a.type != vt::date) {
            throw error(upper(n.op) + " takes a date property and a date, timestamp or interval, found a " + vt_name(a.type), n.position);
        }
        const bool need_lo = n.op != "t_after", need_hi = n.op != "t_before";
        std::string lo, hi;
        if (pb->kind == kind::interval) {
            if (need_lo) lo = interval_end(pb->args[0], n.position);
            if (need_hi) hi = interval_end(pb->args[1], n.position);
        } else {
            value b = scalar(*pb);
            if (b.literal_string) as_date(b, n.position);
            if (b.type != vt::date) {
                throw error(upper(n.op) + " takes a date property and a date, timestamp or interval, found a " + vt_name(b.type), n.position);
            }
            lo = hi = b.sql;
        }
        const std::string& x = a.sql;
        std::string intersects;
        if (!lo.empty()) intersects += x + " >= " + lo;
        if (!hi.empty()) intersects += (intersects.empty() ? "" : " AND ") + x + " <= " + hi;
        if (intersects.empty()) intersects = x + " IS NOT NULL";
        if (n.op == "t_intersects") return "(" + intersects + ")";
        if (n.op == "t_disjoint") return "(" + x + " IS NOT NULL AND NOT (" + intersects + "))";
        if (n.op == "t_before") return lo.empty() ? "FALSE" : "(" + x + " < " + lo + ")";
        if (n.op == "t_after") return hi.empty() ? "FALSE" : "(" + x + " > " + hi + ")";
        // t_equals: an instant, or an interval whose ends are both given (an open one equals no date)
        if (lo.empty() && hi.empty()) return "FALSE";
        if (lo.empty() || hi.empty()) return "(" + (lo.empty() ? hi : lo) + " IS NULL)";
        return "(" + x + " = " + lo + " AND " + x + " = " + hi + ")";
    }
};

}  // namespace

node parse_text(const std::string& text) { return text_parser(text).parse(); }

node parse_json(const std::string& text) {
    json j;
    try {
        j = json::parse(text);
    } catch (const json::parse_error& e) {
        throw error(std::string("not valid JSON: ") + e.what(), e.byte);
    }
    // nlohmann's parser does not recurse, and neither does the depth check below it.
    return json_reader().read(j, 0);
}

compiled compile(const node& filter, const std::vector<queryable>& queryables, int first_param, bool lat_first) {
    compiler c(queryables, first_param, lat_first);
    compiled out;
    out.sql = c.condition(filter);
    out.params = std::move(c.params);
    return out;
}

const char* type_name(value_type t) {
    switch (t) {
        case value_type::string: return "string";
        case value_type::integer: return "integer";
        case value_type::number: return "number";
        case value_type::boolean: return "boolean";
        case value_type::date: return "string";
        default: return "geometry";
    }
}

}  // namespace covermap::api::cql2
