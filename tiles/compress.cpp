#include "tiles/compress.hpp"

#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <limits>
#include <optional>

#include "core/error.hpp"

namespace covermap::tiles {
namespace {

// zlib counts in uInt; feed and drain at most this much per call so inputs past 4 GiB still work.
constexpr std::size_t max_chunk = std::numeric_limits<uInt>::max();

// windowBits 15 (the largest window) + 16: write and read the gzip wrapper instead of zlib's.
constexpr int gzip_window_bits = 15 + 16;

unsigned char* bytes(const char* p) { return reinterpret_cast<unsigned char*>(const_cast<char*>(p)); }

std::string_view trim(std::string_view s) {
    const auto space = [](char c) { return c == ' ' || c == '\t'; };
    while (!s.empty() && space(s.front())) s.remove_prefix(1);
    while (!s.empty() && space(s.back())) s.remove_suffix(1);
    return s;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

// An RFC 9110 qvalue in thousandths: "0", "0.5", "1", "1.000"; nullopt when malformed.
std::optional<int> parse_qvalue(std::string_view s) {
    if (s.empty() || (s[0] != '0' && s[0] != '1')) return std::nullopt;
    int thousandths = (s[0] - '0') * 1000;
    if (s.size() == 1) return thousandths;
    if (s[1] != '.' || s.size() > 5) return std::nullopt;
    int scale = 100;
    for (const char c : s.substr(2)) {
        if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
        thousandths += (c - '0') * scale;
        scale /= 10;
    }
    if (thousandths > 1000) return std::nullopt;
    return thousandths;
}

}  // namespace

std::string gzip(std::string_view data, int level) {
    z_stream z{};
    if (deflateInit2(&z, level, Z_DEFLATED, gzip_window_bits, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        throw error("gzip: cannot initialise zlib (level " + std::to_string(level) + ")");
    std::string out;
    out.resize(deflateBound(&z, static_cast<uLong>(std::min(data.size(), max_chunk))) + 64);
    std::size_t in_done = 0, out_done = 0;
    int status = Z_OK;
    while (status != Z_STREAM_END) {
        if (out_done == out.size()) out.resize(out.size() * 2);
        const std::size_t in_now = std::min(data.size() - in_done, max_chunk);
        const std::size_t out_now = std::min(out.size() - out_done, max_chunk);
        z.next_in = bytes(data.data() + in_done);
        z.avail_in = static_cast<uInt>(in_now);
        z.next_out = bytes(out.data() + out_done);
        z.avail_out = static_cast<uInt>(out_now);
        status = deflate(&z, in_done + in_now == data.size() ? Z_FINISH : Z_NO_FLUSH);
        in_done += in_now - z.avail_in;
        out_done += out_now - z.avail_out;
        if (status != Z_OK && status != Z_STREAM_END && status != Z_BUF_ERROR) {
            deflateEnd(&z);
            throw error("gzip: zlib deflate failed");
        }
    }
    deflateEnd(&z);
    out.resize(out_done);
    return out;
}

std::string gunzip(std::string_view compressed) {
    z_stream z{};
    if (inflateInit2(&z, gzip_window_bits) != Z_OK) throw error("gunzip: cannot initialise zlib");
    std::string out;
    out.resize(std::max<std::size_t>(compressed.size() * 4, 1024));
    std::size_t in_done = 0, out_done = 0;
    for (;;) {
        if (out_done == out.size()) out.resize(out.size() * 2);
        const std::size_t in_now = std::min(compressed.size() - in_done, max_chunk);
        const std::size_t out_now = std::min(out.size() - out_done, max_chunk);
        z.next_in = bytes(compressed.data() + in_done);
        z.avail_in = static_cast<uInt>(in_now);
        z.next_out = bytes(out.data() + out_done);
        z.avail_out = static_cast<uInt>(out_now);
        const int status = inflate(&z, Z_NO_FLUSH);
        in_done += in_now - z.avail_in;
        out_done += out_now - z.avail_out;
        if (status == Z_STREAM_END) break;
        // Z_BUF_ERROR only means no progress was possible: fine while the output buffer is full
        // (it grows) or input remains (the next chunk goes in); with all input used it is truncation.
        const bool can_continue =
            status == Z_OK || (status == Z_BUF_ERROR && (out_done == out.size() || in_done < compressed.size()));
        if (!can_continue) {
            const std::string why = status == Z_BUF_ERROR ? "truncated input" : (z.msg ? z.msg : "corrupt input");
            inflateEnd(&z);
            throw error("gunzip: " + why);
        }
    }
    inflateEnd(&z);
    if (in_done != compressed.size()) throw error("gunzip: unexpected bytes after the gzip stream");
    out.resize(out_done);
    return out;
}

bool accepts_gzip(std::string_view accept_encoding) {
    std::optional<int> named_q, star_q;  // the best q of gzip/x-gzip, and of "*"
    while (!accept_encoding.empty()) {
        const std::size_t comma = accept_encoding.find(',');
        std::string_view element = accept_encoding.substr(0, comma);
        accept_encoding = comma == std::string_view::npos ? std::string_view{} : accept_encoding.substr(comma + 1);

        const std::size_t semicolon = element.find(';');
        const std::string_view coding = trim(element.substr(0, semicolon));
        std::optional<int> q = 1000;
        for (std::string_view params = semicolon == std::string_view::npos ? std::string_view{} : element.substr(semicolon + 1);
             !params.empty();) {
            const std::size_t next = params.find(';');
            const std::string_view param = trim(params.substr(0, next));
            params = next == std::string_view::npos ? std::string_view{} : params.substr(next + 1);
            const std::size_t equals = param.find('=');
            if (equals != std::string_view::npos && equals_ignoring_case(trim(param.substr(0, equals)), "q"))
                q = parse_qvalue(trim(param.substr(equals + 1)));
        }
        if (!q) continue;
        if (equals_ignoring_case(coding, "gzip") || equals_ignoring_case(coding, "x-gzip")) {
            named_q = std::max(named_q.value_or(0), *q);
        } else if (coding == "*") {
            star_q = std::max(star_q.value_or(0), *q);
        }
    }
    if (named_q) return *named_q > 0;
    return star_q && *star_q > 0;
}

}  // namespace covermap::tiles
