#pragma once
// Byte ranges of CSV and FlatGeobuf downloads. GDAL's /vsicurl/ (what `ogrinfo /vsicurl/URL`
// and QGIS use) asks HEAD for the size and then reads with `Range: bytes=a-b`, and gives up on a
// server that answers a large file with 200. A download asked for by range (or by HEAD) is
// therefore built whole once and kept, by its ETag (data version, URL and query), in a small LRU
// (256 MB, at most 8 files), and each range is a slice of it. A plain GET still streams.
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace covermap::api {

// The bytes of the download with `etag`, built with `build` when not kept already.
std::shared_ptr<const std::string> kept_download(const std::string& etag, const std::function<std::string()>& build);

// A single `Range: bytes=…` value against a body of `size` bytes: the first and last byte
// (inclusive). Empty when the header is not a single byte range this server honours (then the
// whole body is sent with 200, as RFC 9110 allows); `unsatisfiable` is set for a range past the end.
struct byte_range {
    std::size_t first = 0, last = 0;
};
std::optional<byte_range> parse_byte_range(const std::string& header, std::size_t size, bool& unsatisfiable);

}  // namespace covermap::api
