#pragma once
// Official codes to ids, forgiving one typist's habit: a code read from a number column has lost
// its leading zeros ("6415" for "06415") and still names its unit when exactly one unit fits.
#include <optional>
#include <string>
#include <unordered_map>

namespace covermap::geo {

// "00104" → "104"; "000" → "0".
std::string without_leading_zeros(const std::string& code);

class code_index {
public:
    void add(const std::string& code, long long id);
    // The id of `code`, else of the one code that `code` is with its leading zeros lost.
    std::optional<long long> find(const std::string& code) const;

private:
    std::unordered_map<std::string, long long> exact_;
    std::unordered_map<std::string, long long> unpadded_;  // only codes that stay unique without zeros
    std::unordered_map<std::string, int> unpadded_count_;
};

}  // namespace covermap::geo
