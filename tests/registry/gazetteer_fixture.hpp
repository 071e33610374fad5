#pragma once
// The gazetteer the registry's unit tests place rows on: Lạng Sơn (20) with two communes, Hà Nội (01)
// with "Phường Lộc Thạnh" and "Phường Lộc Thành" (alike without tones), each with a "Tổ dân phố 1".
#include "registry/matcher.hpp"

namespace covermap::registry::testing {

inline gazetteer two_provinces() {
    gazetteer g;
    g.add({1, "province", "20", "Tỉnh Lạng Sơn", 0});
    g.add({2, "province", "01", "Thành phố Hà Nội", 0});
    g.add({10, "commune", "06415", "Xã Vân Nham", 1});
    g.add({11, "commune", "06416", "Xã Bắc Thủy", 1});
    g.add({12, "commune", "00101", "Phường Lộc Thạnh", 2});
    g.add({13, "commune", "00102", "Phường Lộc Thành", 2});
    g.add({14, "commune", "00103", "Phường Hoà Bình", 2});
    g.add({100, "hamlet", "06415001", "Thôn Nà Phải", 10, 120});
    g.add({101, "hamlet", "06415002", "Thôn Nà Phải", 10, 95});
    g.add({102, "hamlet", "06415003", "Thôn 1", 10});
    g.add({103, "hamlet", "06416001", "Bản Khòn Pổng", 11});
    g.add({104, "hamlet", "00101001", "Tổ dân phố 1", 12});
    g.add({105, "hamlet", "00102001", "Tổ dân phố 1", 13});
    g.add({106, "hamlet", "00103001", "Tổ dân phố 5", 14});
    return g;
}

}  // namespace covermap::registry::testing
