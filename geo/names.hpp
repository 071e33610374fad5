#pragma once
// Vietnamese administrative-name normalisation: the key registries and boundaries are matched on.
#include <string>
#include <string_view>

namespace covermap::geo {

// A name split into its unit type ("xa", "phuong", "thi tran", ... or empty) and the bare name.
struct split_name {
    std::string unit_type;  // canonical ASCII type key, e.g. "thi tran"; empty when none was written
    std::string bare;       // the name without its type prefix, as written (NFC, trimmed)
    bool type_in_key = false;  // hamlet types ("thon", "to dan pho") stay part of the name key
};

// NFC-normalise, trim and collapse runs of white space. Throws input_error on invalid UTF-8.
std::string clean_text(std::string_view text);

// Fold a name for comparison: NFC, lower case, diacritics and tone marks removed (đ → d),
// punctuation to spaces, white space collapsed, numbers without leading zeros, Roman numerals
// (II, IV, ...) as Arabic numbers. "Phường 01" and "phuong 1" fold alike; "Hoà"/"Hòa" fold alike.
std::string fold(std::string_view text);

// Recognise and strip a unit-type prefix (full or abbreviated: "Xã", "X.", "Phường", "P.",
// "Thị trấn", "TT.", "Huyện", "H.", "Quận", "Q.", "Thị xã", "TX.", "Thành phố", "TP.", "Tỉnh", "Thôn", ...).
split_name split_type(std::string_view name);

// Lower case with diacritics kept but each syllable's tone mark moved to the syllable's end, so old
// and new tone placement agree ("Hoà" = "Hòa") while "Thạnh" and "Thành" stay apart. Type prefixes
// are handled as in name_key.
std::string toned_key(std::string_view name);

// The normalised key stored with every unit: fold() of the bare name; administrative types
// (Xã, Phường, Tỉnh, ...) are dropped, hamlet types are kept in canonical spelling ("TDP 1" → "to dan pho 1").
std::string name_key(std::string_view name);
// The same, from the name already split (name_key(split_type(name)) == name_key(name)).
std::string name_key(const split_name& parts);

}  // namespace covermap::geo
