#pragma once
// SHA-256 (OpenSSL) of bytes and files, as lower-case hex: import fingerprints, hashed API keys.
#include <string>
#include <string_view>

namespace covermap::core {

std::string sha256_hex(std::string_view bytes);
// Streams the file; throws input_error when it cannot be read. `bytes` receives its size.
std::string sha256_file(const std::string& path, long long* bytes = nullptr);
// Equality of two strings in time that depends only on their lengths (secrets, digests).
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace covermap::core
