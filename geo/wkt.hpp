#pragma once
// Well-Known Text of a shape (geo/shape.hpp), as GDAL's CSV driver and PostGIS read it: x (east,
// longitude) first whatever the CRS, `decimals` digits after the point at most (trailing zeros
// dropped). POINT EMPTY / MULTIPOLYGON EMPTY for empty shapes.
#include <string>

#include "geo/shape.hpp"

namespace covermap::geo {

void append_wkt(std::string& out, const shape& geometry, int decimals);

}  // namespace covermap::geo
