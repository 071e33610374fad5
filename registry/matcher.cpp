#include "registry/matcher.hpp"

#include <algorithm>
#include <limits>

#include "geo/names.hpp"

namespace covermap::registry {

const std::vector<long long> gazetteer::none_;

namespace {

std::string digits_of(const std::string& key) {
    std::string d;
    for (char c : key) {
        if (c >= '0' && c <= '9') d.push_back(c);
        else if (!d.empty() && d.back() != ' ') d.push_back(' ');
    }
    return d;
}

// How far apart two keys may be for a fuzzy match: short names must match exactly.
int fuzzy_budget(const std::string& key) {
    if (key.size() <= 4) return 0;
    return key.size() <= 8 ? 1 : 2;
}

// A written name in every form the matcher compares. Registries repeat the same names thousands
// of times (63 provinces, "Thôn 1"), so each text is analysed once per thread.
struct analysed_name {
    std::string cleaned, key, whole, toned, type;
};

analysed_name analyse(const std::string& text) {
    thread_local std::unordered_map<std::string, analysed_name> memo;
    if (const auto it = memo.find(text); it != memo.end()) return it->second;
    if (memo.size() > 200000) memo.clear();
    analysed_name a;
    a.cleaned = geo::clean_text(text);
    a.key = geo::name_key(a.cleaned);
    a.whole = geo::fold(a.cleaned);
    a.toned = geo::toned_key(a.cleaned);
    a.type = geo::split_type(a.cleaned).unit_type;
    return memo.emplace(text, std::move(a)).first->second;
}

struct found {
    std::vector<long long> ids;  // one: a match; several: ambiguous; none: unknown
    match_kind kind = match_kind::unknown_unit;
};

// Province names written as abbreviations, by folded key.
std::string province_alias(const std::string& key) {
    static const std::unordered_map<std::string, std::string> aliases{
        {"hcm", "ho chi minh"},         {"tphcm", "ho chi minh"},      {"tp hcm", "ho chi minh"},
        {"sai gon", "ho chi minh"},     {"hue", "thua thien hue"},     {"tt hue", "thua thien hue"},
        {"thua thien hue", "hue"},      {"brvt", "ba ria vung tau"},   {"br vt", "ba ria vung tau"},
        {"hn", "ha noi"}};
    const auto it = aliases.find(key);
    return it == aliases.end() ? key : it->second;
}

// One level: verbatim name, then normalised key (narrowed by the written unit type), then fuzzy.
// The whole folded text is tried as a key too: "Quan Hoa" typed without diacritics is a name,
// not "Quận Hoa".
found find_unit(const gazetteer& g, const std::vector<long long>& candidates, const std::string& text,
                bool province_level = false) {
    found f;
    const analysed_name a = analyse(text);
    const std::string& cleaned = a.cleaned;
    const std::string& key = a.key;
    const std::string& whole = a.whole;
    const std::string& toned = a.toned;
    const std::string& type = a.type;
    for (long long id : candidates) {
        if (g.by_id(id)->name == cleaned) f.ids.push_back(id);
    }
    if (f.ids.size() == 1) {
        f.kind = match_kind::exact;
        return f;
    }
    f.ids.clear();
    for (long long id : candidates) {
        if (g.key_of(id) == key || g.key_of(id) == whole) f.ids.push_back(id);
    }
    if (f.ids.empty() && province_level) {
        // Abbreviations and renamings ("TP HCM", "Thừa Thiên Huế" for the 2025 "Thành phố Huế").
        const std::string alias = province_alias(key);
        for (long long id : candidates) {
            if (g.key_of(id) == alias) f.ids.push_back(id);
        }
    }
    if (f.ids.size() > 1) {
        // Keys collide without diacritics ("Lộc Thạnh", "Lộc Thành"): the tones written decide.
        std::vector<long long> same_tones;
        for (long long id : f.ids) {
            if (g.toned_of(id) == toned) same_tones.push_back(id);
        }
        if (same_tones.size() == 1) f.ids = same_tones;
    }
    if (f.ids.size() > 1 && !type.empty()) {
        std::vector<long long> typed;
        for (long long id : f.ids) {
            if (g.type_of(id) == type) typed.push_back(id);
        }
        if (!typed.empty()) f.ids = typed;
    }
    if (!f.ids.empty()) {
        f.kind = f.ids.size() == 1 ? match_kind::normalised : match_kind::ambiguous;
        return f;
    }
    const int budget = fuzzy_budget(key);
    if (budget == 0) return f;
    int best = std::numeric_limits<int>::max();
    const std::string digits = digits_of(key);
    for (long long id : candidates) {
        const std::string& other = g.key_of(id);
        if (digits_of(other) != digits) continue;  // "Bắc Thủy 2" is not "Bắc Thủy"
        const int d = edit_distance(key, other);
        if (d > budget) continue;
        if (d < best) {
            best = d;
            f.ids = {id};
        } else if (d == best) {
            f.ids.push_back(id);
        }
    }
    if (!f.ids.empty()) f.kind = f.ids.size() == 1 ? match_kind::fuzzy : match_kind::ambiguous;
    return f;
}

match_kind worse(match_kind a, match_kind b) { return static_cast<int>(a) > static_cast<int>(b) ? a : b; }

std::vector<std::string> describe(const gazetteer& g, const std::vector<long long>& ids) {
    std::vector<std::string> out;
    for (long long id : ids) out.push_back(g.by_id(id)->code + " " + g.by_id(id)->name);
    return out;
}

// The communes under a province, through its districts when the edition has them.
std::vector<long long> communes_of(const gazetteer& g, long long province_id) {
    if (!g.has_level("district")) return g.children(province_id, "commune");
    std::vector<long long> out;
    for (long long district : g.children(province_id, "district")) {
        const auto& c = g.children(district, "commune");
        out.insert(out.end(), c.begin(), c.end());
    }
    return out;
}

long long province_of(const gazetteer& g, long long id) {
    const gazetteer_unit* u = g.by_id(id);
    while (u != nullptr && u->level != "province") u = g.by_id(u->parent_id);
    return u != nullptr ? u->id : 0;
}

}  // namespace

void gazetteer::add(const gazetteer_unit& unit) {
    const analysed_name a = analyse(unit.name);
    units_[unit.id] = {unit, a.key, a.type, a.toned};
    units_[unit.id].unit.name = a.cleaned;
    codes_[unit.level].add(unit.code, unit.id);
    if (unit.parent_id != 0) children_[std::to_string(unit.parent_id) + "|" + unit.level].push_back(unit.id);
    children_["0|" + unit.level].push_back(unit.id);  // every unit of the level
}

bool gazetteer::has_level(const std::string& level) const { return children_.count("0|" + level) > 0; }

const gazetteer_unit* gazetteer::by_id(long long id) const {
    const auto it = units_.find(id);
    return it == units_.end() ? nullptr : &it->second.unit;
}

const gazetteer_unit* gazetteer::by_code(const std::string& level, const std::string& code) const {
    const auto it = codes_.find(level);
    if (it == codes_.end()) return nullptr;
    const auto id = it->second.find(code);
    return id ? by_id(*id) : nullptr;
}

const std::vector<long long>& gazetteer::children(long long parent_id, const std::string& level) const {
    const auto it = children_.find(std::to_string(parent_id) + "|" + level);
    return it == children_.end() ? none_ : it->second;
}

const std::string& gazetteer::key_of(long long id) const { return units_.at(id).key; }
const std::string& gazetteer::type_of(long long id) const { return units_.at(id).type; }
const std::string& gazetteer::toned_of(long long id) const { return units_.at(id).toned; }

const char* match_kind_name(match_kind kind) {
    switch (kind) {
        case match_kind::exact: return "exact";
        case match_kind::normalised: return "normalised";
        case match_kind::fuzzy: return "fuzzy";
        case match_kind::ambiguous: return "ambiguous";
        case match_kind::unknown_unit: return "unknown_unit";
        case match_kind::invalid: return "invalid";
    }
    return "invalid";
}

int edit_distance(const std::string& a, const std::string& b) {
    std::vector<int> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = static_cast<int>(j);
    for (std::size_t i = 1; i <= a.size(); ++i) {
        int diagonal = row[0];
        row[0] = static_cast<int>(i);
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const int above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

match_result match_place(const gazetteer& g, const registry_place& place) {
    match_result r;
    if (analyse(place.hamlet).cleaned.empty()) {
        r.reason = "no hamlet name";
        return r;
    }
    match_kind kind = match_kind::exact;
    auto fail = [&](match_kind k, const std::string& reason, const std::vector<long long>& ids = {}) {
        r.kind = k;
        r.reason = reason;
        r.candidates = describe(g, ids);
        return r;
    };

    long long province = 0;
    if (!analyse(place.province).cleaned.empty()) {
        const found p = find_unit(g, g.children(0, "province"), place.province, true);
        if (p.kind == match_kind::ambiguous) return fail(p.kind, "province '" + place.province + "' is ambiguous", p.ids);
        if (p.ids.size() == 1) {
            province = p.ids[0];
            kind = worse(kind, p.kind);
        }
    }

    // A commune code wins when it agrees with the names; one that contradicts them is not trusted.
    long long commune = 0;
    const std::string code = geo::clean_text(place.commune_code);
    if (!code.empty()) {
        if (const gazetteer_unit* c = g.by_code("commune", code)) {
            const bool province_agrees = province == 0 || province_of(g, c->id) == province;
            const std::string written = analyse(place.commune).cleaned;
            // Agreement tolerates typos of the whole name ("Phườn 02", "Phường2" for "Phường 2").
            const match_kind by_name = written.empty() ? match_kind::exact : find_unit(g, {c->id}, written).kind;
            const bool name_agrees = written.empty() || by_name != match_kind::unknown_unit ||
                                     (digits_of(analyse(written).whole) == digits_of(analyse(c->name).whole) &&
                                      edit_distance(analyse(written).whole, analyse(c->name).whole) <= 2);
            if (province_agrees && name_agrees) {
                commune = c->id;
                kind = worse(kind, by_name == match_kind::unknown_unit ? match_kind::fuzzy : by_name);
                if (province == 0) kind = worse(kind, match_kind::normalised);
            } else {
                r.code_contradicted = true;
            }
        } else {
            r.code_contradicted = true;
        }
    }

    if (commune == 0) {
        if (province == 0) return fail(match_kind::unknown_unit, "unknown province '" + place.province + "'");
        std::vector<long long> scope;
        if (g.has_level("district") && !analyse(place.district).cleaned.empty()) {
            // Several districts of that name ("Cao Lãnh": huyện and thành phố): their communes together.
            const found d = find_unit(g, g.children(province, "district"), place.district);
            for (long long district : d.ids) {
                const auto& communes = g.children(district, "commune");
                scope.insert(scope.end(), communes.begin(), communes.end());
            }
            if (d.ids.size() == 1) kind = worse(kind, d.kind);
        }
        found c = find_unit(g, scope, place.commune);
        if (c.ids.empty()) c = find_unit(g, communes_of(g, province), place.commune);  // district missing or wrong
        if (c.ids.size() > 1) {
            // Several communes of that name: the one that has the hamlet, when only one has it.
            std::vector<long long> with_hamlet;
            for (long long id : c.ids) {
                if (!find_unit(g, g.children(id, "hamlet"), place.hamlet).ids.empty()) with_hamlet.push_back(id);
            }
            if (with_hamlet.size() == 1) c.ids = with_hamlet;
        }
        if (c.ids.size() > 1) return fail(match_kind::ambiguous, "commune '" + place.commune + "' is ambiguous", c.ids);
        if (c.ids.empty()) {
            return fail(match_kind::unknown_unit, "no commune '" + place.commune + "' in " + g.by_id(province)->name);
        }
        commune = c.ids[0];
        kind = worse(kind, c.kind == match_kind::ambiguous ? match_kind::normalised : c.kind);
    }

    found h = find_unit(g, g.children(commune, "hamlet"), place.hamlet);
    if (h.ids.size() > 1 && !geo::clean_text(place.households).empty()) {
        // Merged communes hold several hamlets of one name: the household count written tells them apart.
        std::vector<long long> same_size;
        for (long long id : h.ids) {
            if (std::to_string(g.by_id(id)->households) == geo::clean_text(place.households)) same_size.push_back(id);
        }
        if (same_size.size() == 1) {
            h.ids = same_size;
            h.kind = match_kind::normalised;
        }
    }
    r.commune_id = commune;
    if (h.ids.size() > 1) return fail(match_kind::ambiguous, "hamlet '" + place.hamlet + "' is ambiguous", h.ids);
    if (h.ids.empty()) {
        return fail(match_kind::unknown_unit, "no hamlet '" + place.hamlet + "' in " + g.by_id(commune)->name);
    }
    r.kind = worse(kind, h.kind);
    r.hamlet_id = h.ids[0];
    if (r.code_contradicted) r.reason = "commune code '" + code + "' contradicts the names; placed by name";
    return r;
}

repeat_kind repeat_detector::check(long long hamlet_id, const std::string& team_name, const std::string& leader,
                                   const std::string& phone) {
    std::string digits;
    for (char c : phone) {
        if (c >= '0' && c <= '9') digits.push_back(c);
    }
    const std::string identity = geo::fold(team_name) + "|" + geo::fold(leader) + "|" + digits;
    auto& teams = seen_[hamlet_id];
    if (teams.empty()) {
        teams.push_back(identity);
        return repeat_kind::first;
    }
    if (std::find(teams.begin(), teams.end(), identity) != teams.end()) return repeat_kind::duplicate;
    teams.push_back(identity);
    return repeat_kind::conflict;
}

}  // namespace covermap::registry
