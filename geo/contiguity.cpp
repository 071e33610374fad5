#include "geo/contiguity.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "geo/error.hpp"

namespace covermap::geo {
namespace {

// Hex digit values by character (-1: not a digit): 88 M digits for the 2025 communes.
struct hex_table {
    signed char value[256];
    hex_table() {
        for (auto& v : value) v = -1;
        for (int c = 0; c < 10; ++c) value['0' + c] = static_cast<signed char>(c);
        for (int c = 0; c < 6; ++c) value['a' + c] = value['A' + c] = static_cast<signed char>(10 + c);
    }
};
const hex_table hex_digits;

int hex_digit(char c) {
    const int v = hex_digits.value[static_cast<unsigned char>(c)];
    if (v < 0) throw error("contiguity: not hexadecimal WKB");
    return v;
}

// A cursor over little- or big-endian WKB.
class wkb_reader {
public:
    wkb_reader(const unsigned char* data, std::size_t size) : data_(data), size_(size) {}
    std::uint8_t byte() {
        need(1);
        return data_[pos_++];
    }
    std::uint32_t uint32(bool little) {
        need(4);
        const unsigned char* b = data_ + pos_;
        pos_ += 4;
        return little ? b[0] | b[1] << 8 | b[2] << 16 | static_cast<std::uint32_t>(b[3]) << 24
                      : b[3] | b[2] << 8 | b[1] << 16 | static_cast<std::uint32_t>(b[0]) << 24;
    }
    double float64(bool little) {
        need(8);
        unsigned char b[8];
        std::memcpy(b, data_ + pos_, 8);
        pos_ += 8;
        if (!little) std::reverse(b, b + 8);
        double d;
        std::memcpy(&d, b, sizeof d);
        return d;
    }

private:
    void need(std::size_t n) const {
        if (pos_ + n > size_) throw error("contiguity: truncated WKB");
    }
    const unsigned char* data_;
    std::size_t size_, pos_ = 0;
};

}  // namespace

std::vector<unsigned char> hex_decode(std::string_view hex) {
    std::vector<unsigned char> out(hex.size() / 2);
    for (std::size_t i = 0; i < out.size(); ++i) {
        out[i] = static_cast<unsigned char>(hex_digit(hex[2 * i]) * 16 + hex_digit(hex[2 * i + 1]));
    }
    return out;
}

bool contiguity_builder::add_hex_wkb(long long unit, std::string_view hex) {
    const auto bytes = hex_decode(hex);
    return add_wkb(unit, bytes.data(), bytes.size());
}

bool contiguity_builder::add_wkb(long long unit, const unsigned char* wkb, std::size_t size) {
    wkb_reader in(wkb, size);
    bool little = in.byte() == 1;
    std::uint32_t type = in.uint32(little);
    const std::uint32_t base = type % 1000, dims = 2 + (type / 1000 == 1 || type / 1000 == 2) + 2 * (type / 1000 == 3);
    if (base != 3 && base != 6) return false;  // Polygon, MultiPolygon
    const std::uint32_t polygons = base == 6 ? in.uint32(little) : 1;
    for (std::uint32_t p = 0; p < polygons; ++p) {
        if (base == 6) {
            little = in.byte() == 1;
            in.uint32(little);  // the part's type: Polygon
        }
        const std::uint32_t rings = in.uint32(little);
        for (std::uint32_t r = 0; r < rings; ++r) {
            const std::uint32_t points = in.uint32(little);
            for (std::uint32_t k = 0; k < points; ++k) {
                const double x = in.float64(little), y = in.float64(little);
                for (std::uint32_t d = 2; d < dims; ++d) in.float64(little);
                vertices_.push_back({x, y, unit});
            }
        }
    }
    return true;
}

std::vector<std::pair<long long, long long>> contiguity_builder::pairs() {
    std::sort(vertices_.begin(), vertices_.end(), [](const vertex& a, const vertex& b) { return a.x < b.x; });
    std::vector<std::pair<long long, long long>> out;
    for (std::size_t i = 0; i < vertices_.size(); ++i) {
        const vertex& a = vertices_[i];
        for (std::size_t j = i + 1; j < vertices_.size() && vertices_[j].x - a.x <= snap_; ++j) {
            const vertex& b = vertices_[j];
            if (b.unit != a.unit && std::abs(b.y - a.y) <= snap_) out.emplace_back(std::min(a.unit, b.unit), std::max(a.unit, b.unit));
        }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

}  // namespace covermap::geo
