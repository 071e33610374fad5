#include "geo/flatgeobuf.hpp"

#include <algorithm>
#include <cstring>

#include "core/error.hpp"

namespace covermap::geo::fgb {
namespace {

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "FlatGeobuf is little-endian; this writer copies scalars as they are in memory");

// Version 3 of the format ("fgb" 3 "fgb" 0).
constexpr char magic[8] = {'f', 'g', 'b', 3, 'f', 'g', 'b', 0};

// A FlatBuffers buffer written front to back. Positions are from the start of the buffer, which
// the reader aligns (GDAL reads each header and feature into a buffer of its own).
class builder {
public:
    std::string bytes;

    std::size_t pos() const { return bytes.size(); }
    // Zero bytes until (pos + extra) is a multiple of `align`.
    void pad(std::size_t align, std::size_t extra = 0) {
        while ((bytes.size() + extra) % align) bytes.push_back('\0');
    }
    template <typename T>
    void put(T value) {
        char raw[sizeof(T)];
        std::memcpy(raw, &value, sizeof(T));
        bytes.append(raw, sizeof(T));
    }
    template <typename T>
    void put_at(std::size_t at, T value) {
        std::memcpy(&bytes[at], &value, sizeof(T));
    }
    // The uoffset in `slot` made to point at `target` (which lies after it).
    void point(std::size_t slot, std::size_t target) { put_at<std::uint32_t>(slot, static_cast<std::uint32_t>(target - slot)); }

    // A field of a table: a scalar (size 1, 2, 4 or 8 bytes) or, with `offset`, a uoffset to an
    // object written later (the slot's position is returned for `point`).
    struct field {
        std::uint16_t id;
        std::uint8_t size;
        std::uint64_t bits = 0;
        bool offset = false;
    };

    // The vtable, then the table; returns the table's position and each field's slot position.
    std::size_t table(const std::vector<field>& fields, std::vector<std::size_t>& slots) {
        std::uint16_t ids = 0;
        std::size_t align = 4, at = 4;  // the soffset to the vtable comes first
        std::vector<std::size_t> offsets;
        for (const auto& f : fields) {
            ids = std::max<std::uint16_t>(ids, static_cast<std::uint16_t>(f.id + 1));
            align = std::max<std::size_t>(align, f.size);
            at = (at + f.size - 1) / f.size * f.size;
            offsets.push_back(at);
            at += f.size;
        }
        const std::size_t inline_size = at;
        std::vector<std::uint16_t> vtable(ids, 0);
        for (std::size_t i = 0; i < fields.size(); ++i) vtable[fields[i].id] = static_cast<std::uint16_t>(offsets[i]);
        pad(2);
        const std::size_t vtable_pos = pos();
        put<std::uint16_t>(static_cast<std::uint16_t>(4 + 2 * ids));
        put<std::uint16_t>(static_cast<std::uint16_t>(inline_size));
        for (const auto v : vtable) put<std::uint16_t>(v);
        pad(align);
        const std::size_t start = pos();
        put<std::int32_t>(static_cast<std::int32_t>(start - vtable_pos));  // the vtable lies before
        bytes.resize(start + inline_size, '\0');
        slots.clear();
        for (std::size_t i = 0; i < fields.size(); ++i) {
            const std::size_t slot = start + offsets[i];
            slots.push_back(slot);
            if (!fields[i].offset) std::memcpy(&bytes[slot], &fields[i].bits, fields[i].size);  // little-endian: low bytes first
        }
        return start;
    }

    void string(std::size_t slot, std::string_view text) {
        pad(4);
        point(slot, pos());
        put<std::uint32_t>(static_cast<std::uint32_t>(text.size()));
        bytes.append(text.data(), text.size());
        bytes.push_back('\0');
    }

    template <typename T>
    void vector(std::size_t slot, const T* data, std::size_t n) {
        pad(std::max<std::size_t>(4, sizeof(T)), 4);  // the elements after the length are aligned
        point(slot, pos());
        put<std::uint32_t>(static_cast<std::uint32_t>(n));
        if (n) bytes.append(reinterpret_cast<const char*>(data), n * sizeof(T));
    }

    // A vector of n tables: returns the slot of each element, for `point` once each is written.
    std::vector<std::size_t> table_vector(std::size_t slot, std::size_t n) {
        pad(4);
        point(slot, pos());
        put<std::uint32_t>(static_cast<std::uint32_t>(n));
        std::vector<std::size_t> slots;
        for (std::size_t i = 0; i < n; ++i) {
            slots.push_back(pos());
            put<std::uint32_t>(0);
        }
        return slots;
    }
};

builder::field scalar(std::uint16_t id, std::uint8_t size, std::uint64_t bits) { return {id, size, bits, false}; }
builder::field offset(std::uint16_t id) { return {id, 4, 0, true}; }

// Geometry table fields: ends 0, xy 1, (z, m, t, tm 2..5), type 6, parts 7.
std::size_t write_polygon(builder& b, const polygon& part) {
    std::vector<double> xy;
    std::vector<std::uint32_t> ends;
    for (const auto& ring : part.rings) {
        for (const auto& p : ring) xy.push_back(p.x), xy.push_back(p.y);
        ends.push_back(static_cast<std::uint32_t>(xy.size() / 2));
    }
    std::vector<std::size_t> slots;
    const bool holes = ends.size() > 1;  // one ring needs no ends
    std::vector<builder::field> fields;
    if (holes) fields.push_back(offset(0));
    fields.push_back(offset(1));
    fields.push_back(scalar(6, 1, static_cast<std::uint8_t>(3)));  // Polygon
    const std::size_t start = b.table(fields, slots);
    if (holes) b.vector(slots[0], ends.data(), ends.size());
    b.vector(slots[holes ? 1 : 0], xy.data(), xy.size());
    return start;
}

}  // namespace

std::string file_head(const header& h) {
    builder b;
    b.put<std::uint32_t>(0);  // the root offset, set below
    std::vector<builder::field> fields = {offset(0), scalar(2, 1, static_cast<std::uint8_t>(h.type)), offset(7),
                                          scalar(8, 8, h.features_count), scalar(9, 2, 0), offset(10)};
    if (!h.title.empty()) fields.push_back(offset(11));
    if (!h.description.empty()) fields.push_back(offset(12));
    std::vector<std::size_t> slots;
    b.point(0, b.table(fields, slots));
    b.string(slots[0], h.name);
    // Columns: name 0, type 1, title 2, description 3, ..., nullable 7 (default true).
    const auto column_slots = b.table_vector(slots[2], h.columns.size());
    for (std::size_t i = 0; i < h.columns.size(); ++i) {
        const auto& c = h.columns[i];
        std::vector<builder::field> cf = {offset(0), scalar(1, 1, static_cast<std::uint8_t>(c.type))};
        if (!c.description.empty()) cf.push_back(offset(3));
        std::vector<std::size_t> cs;
        b.point(column_slots[i], b.table(cf, cs));
        b.string(cs[0], c.name);
        if (!c.description.empty()) b.string(cs[2], c.description);
    }
    // Crs: org 0, code 1.
    std::vector<std::size_t> crs;
    b.point(slots[5], b.table({offset(0), scalar(1, 4, static_cast<std::uint32_t>(h.epsg))}, crs));
    b.string(crs[0], "EPSG");
    std::size_t next = 6;
    if (!h.title.empty()) b.string(slots[next++], h.title);
    if (!h.description.empty()) b.string(slots[next], h.description);

    std::string out(magic, sizeof magic);
    const auto size = static_cast<std::uint32_t>(b.bytes.size());
    out.append(reinterpret_cast<const char*>(&size), 4);
    return out + b.bytes;
}

// The returned string: the table's position in the first four bytes, four zero bytes, then the
// Geometry buffer (its own positions from there; append_feature places it 8-aligned).
std::string encode_geometry(const shape& geometry) {
    if (geometry.empty()) return {};
    builder b;
    std::vector<std::size_t> slots;
    std::size_t start = 0;
    if (geometry.is_points) {
        std::vector<double> xy;
        for (const auto& p : geometry.points) xy.push_back(p.x), xy.push_back(p.y);
        const auto type = geometry.points.size() == 1 ? geometry_type::point : geometry_type::multi_point;
        start = b.table({offset(1), scalar(6, 1, static_cast<std::uint8_t>(type))}, slots);
        b.vector(slots[0], xy.data(), xy.size());
    } else {
        start = b.table({scalar(6, 1, static_cast<std::uint8_t>(geometry_type::multi_polygon)), offset(7)}, slots);
        const auto parts = b.table_vector(slots[1], geometry.polygons.size());
        for (std::size_t i = 0; i < geometry.polygons.size(); ++i) b.point(parts[i], write_polygon(b, geometry.polygons[i]));
    }
    std::string out(8, '\0');
    const auto table = static_cast<std::uint32_t>(start);
    std::memcpy(&out[0], &table, 4);
    return out + b.bytes;
}

void properties::boolean(std::uint16_t column, bool value) {
    bytes_.append(reinterpret_cast<const char*>(&column), 2);
    bytes_.push_back(value ? '\1' : '\0');
}

void properties::integer(std::uint16_t column, std::int32_t value) {
    bytes_.append(reinterpret_cast<const char*>(&column), 2);
    bytes_.append(reinterpret_cast<const char*>(&value), 4);
}

void properties::long_integer(std::uint16_t column, std::int64_t value) {
    bytes_.append(reinterpret_cast<const char*>(&column), 2);
    bytes_.append(reinterpret_cast<const char*>(&value), 8);
}

void properties::real(std::uint16_t column, double value) {
    bytes_.append(reinterpret_cast<const char*>(&column), 2);
    bytes_.append(reinterpret_cast<const char*>(&value), 8);
}

void properties::string(std::uint16_t column, std::string_view value) {
    const auto size = static_cast<std::uint32_t>(value.size());
    bytes_.append(reinterpret_cast<const char*>(&column), 2);
    bytes_.append(reinterpret_cast<const char*>(&size), 4);
    bytes_.append(value.data(), value.size());
}

void append_feature(std::string& out, std::string_view geometry, const properties& values) {
    if (!geometry.empty() && geometry.size() < 8) throw error("FlatGeobuf: not an encoded geometry");
    builder b;
    b.put<std::uint32_t>(0);
    std::vector<builder::field> fields;
    if (!geometry.empty()) fields.push_back(offset(0));
    fields.push_back(offset(1));
    std::vector<std::size_t> slots;
    b.point(0, b.table(fields, slots));
    const auto& props = values.bytes();
    b.vector(slots.back(), reinterpret_cast<const unsigned char*>(props.data()), props.size());
    if (!geometry.empty()) {
        std::uint32_t table = 0;
        std::memcpy(&table, geometry.data(), 4);
        b.pad(8);
        const std::size_t at = b.pos();
        b.bytes.append(geometry.data() + 8, geometry.size() - 8);
        b.point(slots[0], at + table);
    }
    const auto size = static_cast<std::uint32_t>(b.bytes.size());
    out.append(reinterpret_cast<const char*>(&size), 4);
    out += b.bytes;
}

}  // namespace covermap::geo::fgb
