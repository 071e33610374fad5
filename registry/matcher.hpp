#pragma once
// Placing registry rows on the units of an edition: top-down (province → district when the edition
// has them → commune → hamlet) on normalised names, with codes trusted only when they agree with
// the names, and fuzzy matching only when exactly one candidate is that close. Pure C++: the
// gazetteer is filled from the database (or files) by the caller.
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "geo/code_index.hpp"

namespace covermap::registry {

struct gazetteer_unit {
    long long id = 0;
    std::string level;  // province, district, commune, hamlet
    std::string code;
    std::string name;
    long long parent_id = 0;  // 0: none
    long long households = -1;  // -1: unknown
};

class gazetteer {
public:
    void add(const gazetteer_unit& unit);
    bool has_level(const std::string& level) const;
    const gazetteer_unit* by_id(long long id) const;
    // Units of `level` whose code is `code`, or whose code lost its leading zeros to `code`.
    const gazetteer_unit* by_code(const std::string& level, const std::string& code) const;
    // Children of `parent_id` (0: every unit) at `level`.
    const std::vector<long long>& children(long long parent_id, const std::string& level) const;
    const std::string& key_of(long long id) const;
    const std::string& type_of(long long id) const;
    const std::string& toned_of(long long id) const;
    std::size_t size() const { return units_.size(); }

private:
    struct entry {
        gazetteer_unit unit;
        std::string key;
        std::string type;
        std::string toned;
    };
    std::unordered_map<long long, entry> units_;
    std::unordered_map<std::string, geo::code_index> codes_;  // level → its codes
    std::unordered_map<std::string, std::vector<long long>> children_;  // parent|level → ids
    static const std::vector<long long> none_;
};

enum class match_kind { exact, normalised, fuzzy, ambiguous, unknown_unit, invalid };
const char* match_kind_name(match_kind kind);

struct registry_place {
    std::string province, district, commune, commune_code, hamlet;  // as typed, any may be empty
    std::string households;  // "Số hộ": tells apart hamlets of one name in one commune
};

struct match_result {
    match_kind kind = match_kind::invalid;
    long long hamlet_id = 0;
    long long commune_id = 0;
    std::string reason;                  // for anything but an exact or normalised match
    std::vector<std::string> candidates; // "code name" of the units it could not choose between
    bool code_contradicted = false;      // a commune code was given that disagrees with the names
};

// Levenshtein distance between two byte strings (the folded, ASCII keys).
int edit_distance(const std::string& a, const std::string& b);

match_result match_place(const gazetteer& g, const registry_place& place);

// Rows that name a hamlet already listed: the same team again (duplicate) or a second, different
// team (conflict). Fed placed rows in file order; the first listing of a hamlet is kept.
enum class repeat_kind { first, duplicate, conflict };

class repeat_detector {
public:
    // `team` identifies the team as written: its name, leader and phone (any may be empty).
    repeat_kind check(long long hamlet_id, const std::string& team_name, const std::string& leader,
                      const std::string& phone);

private:
    std::unordered_map<long long, std::vector<std::string>> seen_;  // hamlet → team identities
};

}  // namespace covermap::registry
