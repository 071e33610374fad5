#pragma once
// gzip for tile responses (MapLibre fetches tiles with Accept-Encoding: gzip, and MVT compresses
// to a third or less) and for reading gzipped tiles back in tests and the seeder.
#include <string>
#include <string_view>

namespace covermap::tiles {

// A gzip stream (RFC 1952) of `data`; level is zlib's 0–9 (6 balances size and speed for tiles).
std::string gzip(std::string_view data, int level = 6);

// The data of a single-member gzip stream. Throws covermap::error when the input is not gzip,
// is corrupt or truncated, or has bytes after the stream.
std::string gunzip(std::string_view compressed);

// Whether a request's Accept-Encoding header value allows a gzip response (RFC 9110 §12.5.3):
// "gzip" or "x-gzip" with a non-zero q, or, when neither is named, "*" with a non-zero q.
// Codings are case-insensitive; an element with a malformed q is ignored; an empty header means
// identity only.
bool accepts_gzip(std::string_view accept_encoding);

}  // namespace covermap::tiles
