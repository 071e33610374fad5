#include "api/features.hpp"

#include <ogr_spatialref.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <map>
#include <mutex>

#include "geo/crs.hpp"

namespace covermap::api::ogc {
namespace {

std::string epsg_uri(int code) { return "http://www.opengis.net/def/crs/EPSG/0/" + std::to_string(code); }

std::vector<crs_def> build_crs_list() {
    std::vector<crs_def> list = {
        {"http://www.opengis.net/def/crs/OGC/1.3/CRS84", 0, false, 7, "WGS 84 longitude/latitude (CRS84)"},
        {epsg_uri(4326), 4326, true, 7, "WGS 84 (latitude, longitude)"},
        {epsg_uri(3857), 3857, false, 2, "WGS 84 / Pseudo-Mercator"},
        {epsg_uri(4756), 4756, true, 7, "VN-2000 (latitude, longitude)"},
        {epsg_uri(3405), 3405, false, 2, "VN-2000 / UTM zone 48N"},
        {epsg_uri(3406), 3406, false, 2, "VN-2000 / UTM zone 49N"},
    };
    // VN-2000 TM-3 zones by central meridian (EPSG 9205-9218), and the older zone codes.
    static const char* const tm3[] = {"103-00", "104-00", "104-30", "104-45", "105-30", "105-45", "106-00",
                                      "106-15", "106-30", "107-00", "107-15", "107-30", "108-15", "108-30"};
    for (int i = 0; i < 14; ++i) list.push_back({epsg_uri(9205 + i), 9205 + i, false, 2, std::string("VN-2000 / TM-3 ") + tm3[i]});
    static const char* const old_zones[] = {"zone 481", "zone 482", "zone 491", "107-45"};
    for (int i = 0; i < 4; ++i) list.push_back({epsg_uri(5896 + i), 5896 + i, false, 2, std::string("VN-2000 / TM-3 ") + old_zones[i]});
    return list;
}

// From CRS84 to `epsg`, both in x-first order; one per thread and CRS (OGR transformations are
// not thread-safe, and building one costs PROJ a database lookup).
OGRCoordinateTransformation& transformation(int epsg, bool inverse) {
    geo::bind_proj_context_to_thread();  // before the cache, so that the cache is destroyed first
    thread_local std::map<std::pair<int, bool>, geo::transform_ptr> cache;
    auto& slot = cache[{epsg, inverse}];
    if (!slot) {
        const auto target = geo::resolve_crs("EPSG:" + std::to_string(epsg));
        const auto source = geo::wgs84();
        slot.reset(inverse ? OGRCreateCoordinateTransformation(target.get(), source.get())
                           : OGRCreateCoordinateTransformation(source.get(), target.get()));
        if (!slot) throw api_error(500, "internal", "no transformation between CRS84 and EPSG:" + std::to_string(epsg));
    }
    return *slot;
}

// Days since 1970-01-01 of a proleptic Gregorian date, and back (Howard Hinnant's algorithms).
long long days_from_civil(long long y, unsigned m, unsigned d) {
    y -= m <= 2;
    const long long era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<long long>(doe) - 719468;
}
std::string civil_from_days(long long z) {
    z += 719468;
    const long long era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long y = static_cast<long long>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    char buffer[48];
    std::snprintf(buffer, sizeof buffer, "%04lld-%02u-%02u", y, m, d);
    return buffer;
}

bool leap(long long y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int digits(const std::string& s, std::size_t pos, std::size_t n) {
    if (pos + n > s.size()) return -1;
    int v = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

// One end of a datetime: its UTC date, or nothing for an open end.
std::optional<std::string> datetime_end(const std::string& text) {
    if (text.empty() || text == "..") return std::nullopt;
    const auto fail = [&](const std::string& why) {
        return bad_request("parameter 'datetime': '" + text + "' " + why +
                           " (expected an RFC 3339 date or date-time such as 2025-06-30 or 2025-06-30T00:00:00Z, "
                           "or an interval start/end with '..' for an open end)");
    };
    const int y = digits(text, 0, 4), m = digits(text, 5, 2), d = digits(text, 8, 2);
    if (y < 0 || m < 0 || d < 0 || text[4] != '-' || text[7] != '-') throw fail("is not a date");
    static const unsigned month_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12 || d < 1 || static_cast<unsigned>(d) > month_days[m - 1] + (m == 2 && leap(y) ? 1u : 0u)) {
        throw fail("is not a calendar date");
    }
    long long seconds = 0;  // of the local time, minus the offset
    if (text.size() > 10) {
        if (text[10] != 'T' && text[10] != 't' && text[10] != ' ') throw fail("has something after the date");
        if (text.size() > 11) {  // "YYYY-MM-DDT" alone (GDAL's date literal) is the date
            const int hh = digits(text, 11, 2), mm = digits(text, 14, 2), ss = digits(text, 17, 2);
            if (hh < 0 || mm < 0 || ss < 0 || text[13] != ':' || text[16] != ':' || hh > 23 || mm > 59 || ss > 60) {
                throw fail("has no valid time hh:mm:ss");
            }
            std::size_t pos = 19;
            if (pos < text.size() && text[pos] == '.') {
                ++pos;
                const std::size_t first = pos;
                while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
                if (pos == first) throw fail("has an empty fraction of a second");
            }
            if (pos >= text.size()) throw fail("has no time zone (Z or an offset)");
            long long offset = 0;
            if (text[pos] == 'Z' || text[pos] == 'z') {
                ++pos;
            } else if (text[pos] == '+' || text[pos] == '-') {
                const int oh = digits(text, pos + 1, 2), om = digits(text, pos + 4, 2);
                if (oh < 0 || om < 0 || text.size() < pos + 6 || text[pos + 3] != ':' || oh > 23 || om > 59) {
                    throw fail("has an invalid offset");
                }
                offset = (oh * 60 + om) * 60 * (text[pos] == '-' ? -1 : 1);
                pos += 6;
            } else {
                throw fail("has an invalid time zone");
            }
            if (pos != text.size()) throw fail("has trailing characters");
            seconds = hh * 3600 + mm * 60 + ss - offset;
        }
    }
    long long day = days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
    day += seconds >= 0 ? seconds / 86400 : -((-seconds + 86399) / 86400);
    const std::string date = civil_from_days(day);
    // Year 0 and before (and PostgreSQL's upper bound is far away): "since forever".
    if (date.size() != 10 || date < "0001-01-01") return std::nullopt;
    return date;
}

}  // namespace

const std::vector<crs_def>& supported_crs() {
    static const std::vector<crs_def> list = build_crs_list();
    return list;
}

const crs_def& crs84() { return supported_crs().front(); }

const crs_def& find_crs(const std::string& text, const std::string& parameter) {
    std::string t = text;
    if (t.size() > 2 && t.front() == '[' && t.back() == ']') t = t.substr(1, t.size() - 2);
    for (const auto& crs : supported_crs()) {
        if (t == crs.uri || (crs.epsg == 0 && (t == "CRS84" || t == "OGC:CRS84")) ||
            (crs.epsg != 0 && t == "EPSG:" + std::to_string(crs.epsg))) {
            return crs;
        }
    }
    std::string list;
    for (const auto& crs : supported_crs()) list += (list.empty() ? "" : ", ") + crs.uri;
    throw bad_request("parameter '" + parameter + "': unsupported CRS '" + text + "'; supported: " + list);
}

geo::geojson_format output_format(const crs_def& crs) {
    geo::geojson_format format;
    format.decimals = crs.decimals;
    format.swap_axes = crs.lat_first;
    if (crs.epsg != 0 && crs.epsg != 4326) {
        const int epsg = crs.epsg;
        format.transform = [epsg](std::size_t n, double* x, double* y) {
            std::vector<int> ok(n);
            if (!transformation(epsg, false).Transform(n, x, y, nullptr, ok.data())) {
                throw api_error(500, "internal", "a coordinate could not be transformed to EPSG:" + std::to_string(epsg));
            }
        };
    }
    return format;
}

bbox parse_bbox(const std::string& text, const crs_def& crs) {
    const auto v = parse_number_list(text, "bbox", 6);
    if (v.size() != 4 && v.size() != 6) {
        throw bad_request("parameter 'bbox': expected 4 or 6 numbers, got " + std::string(v.size() > 6 ? "more" : std::to_string(v.size())));
    }
    const bool six = v.size() == 6;
    double a0 = v[0], a1 = v[1], b0 = v[six ? 3 : 2], b1 = v[six ? 4 : 3];
    if (crs.lat_first) {
        std::swap(a0, a1);
        std::swap(b0, b1);
    }
    if (crs.epsg == 0 || crs.epsg == 4326 || crs.epsg == 4756) {
        if (a1 > b1) throw bad_request("parameter 'bbox': the southern edge lies north of the northern edge");
        if (a1 < -90 || b1 > 90) throw bad_request("parameter 'bbox': latitude outside -90..90");
        if (a0 < -180 || b0 > 180 || a0 > b0) throw bad_request("parameter 'bbox': longitudes must lie within -180..180, west ≤ east");
    } else if (a0 > b0 || a1 > b1) {
        throw bad_request("parameter 'bbox': the lower corner must come first (min x, min y, max x, max y)");
    }
    if (crs.epsg == 0 || crs.epsg == 4326) return {a0, a1, b0, b1};
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    // Far outside the CRS's area PROJ may still "succeed" with NaN or crossed edges (found by
    // fuzz/params_fuzz with an EPSG:3406 box eleven thousand kilometres east): refuse those too.
    if (!transformation(crs.epsg, true).TransformBounds(a0, a1, b0, b1, &x0, &y0, &x1, &y1, 21) || !std::isfinite(x0) ||
        !std::isfinite(y0) || !std::isfinite(x1) || !std::isfinite(y1) || x0 > x1 || y0 > y1 || x0 < -180 || x1 > 180 || y0 < -90 ||
        y1 > 90) {
        throw bad_request("parameter 'bbox': the box cannot be transformed from " + crs.title +
                          " to longitude/latitude (is it inside the area the CRS is defined for?)");
    }
    return {x0, y0, x1, y1};
}

date_interval parse_datetime(const std::string& text) {
    date_interval out;
    const auto slash = text.find('/');
    if (slash == std::string::npos) {
        if (text.empty() || text == "..") throw bad_request("parameter 'datetime': an instant must be a date or date-time");
        out.from = out.to = datetime_end(text);
        out.instant = true;
        if (!out.from) throw bad_request("parameter 'datetime': '" + text + "' lies before year 1");
        return out;
    }
    if (text.find('/', slash + 1) != std::string::npos) throw bad_request("parameter 'datetime': more than one '/' in '" + text + "'");
    out.from = datetime_end(text.substr(0, slash));
    out.to = datetime_end(text.substr(slash + 1));
    if (out.from && out.to && *out.from > *out.to) {
        throw bad_request("parameter 'datetime': the interval '" + text + "' ends before it starts");
    }
    return out;
}

bool overlaps(const std::optional<std::string>& a_from, const std::optional<std::string>& a_to,
              const std::optional<std::string>& b_from, const std::optional<std::string>& b_to) {
    if (a_from && b_to && *a_from > *b_to) return false;
    if (b_from && a_to && *b_from > *a_to) return false;
    return true;
}

std::string plural(const std::string& level) {
    if (level == "province") return "provinces";
    if (level == "district") return "districts";
    if (level == "commune") return "communes";
    if (level == "hamlet") return "hamlets";
    return level + "s";
}

std::optional<collection_ref> parse_collection_id(const std::string& id) {
    static const std::pair<const char*, collection_ref> bases[] = {
        {"coverage_provinces", {collection_kind::coverage, "province", {}}},
        {"coverage_districts", {collection_kind::coverage, "district", {}}},
        {"coverage_communes", {collection_kind::coverage, "commune", {}}},
        {"coverage_hamlets", {collection_kind::coverage, "hamlet", {}}},
        {"provinces", {collection_kind::units, "province", {}}},
        {"districts", {collection_kind::units, "district", {}}},
        {"communes", {collection_kind::units, "commune", {}}},
        {"hamlets", {collection_kind::units, "hamlet", {}}},
        {"teams", {collection_kind::teams, "", {}}},
    };
    for (const auto& [base, ref] : bases) {
        const std::string b = base;
        if (id == b) return ref;
        if (id.size() > b.size() + 1 && id.compare(0, b.size(), b) == 0 && id[b.size()] == '_') {
            collection_ref out = ref;
            out.edition = id.substr(b.size() + 1);
            return out;
        }
    }
    return std::nullopt;
}

std::string collection_id(const collection_ref& ref, const std::string& edition, bool is_default) {
    std::string id = ref.kind == collection_kind::teams      ? std::string("teams")
                     : ref.kind == collection_kind::coverage ? "coverage_" + plural(ref.level)
                                                             : plural(ref.level);
    return is_default ? id : id + "_" + edition;
}

}  // namespace covermap::api::ogc
