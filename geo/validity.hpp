#pragma once
// A quick proof that a (multi)polygon is valid in the OGC sense, for the importer: most boundary
// polygons are, and proving it on plain coordinates costs a fraction of GEOS's IsValid (which
// first copies the polygon into GEOS and builds its topology graph). The proof is conservative:
// `certainly_valid` says true only when every test below holds with a sign that floating point
// cannot have got wrong; anything else (a real defect, a touch, an exactly collinear turn, a
// vertex too close to another ring to decide, a ring nested in another part) is false, and the
// caller asks GEOS. So the answer "valid" is the answer GEOS would give.
//
// The tests, on the rings after consecutive repeated points are dropped:
//  - every coordinate finite, every ring closed with at least three distinct corners;
//  - at every corner the ring turns (no spike back along itself, no straight corner);
//  - no two edges of the whole multipolygon meet, other than neighbours at their shared corner;
//  - each hole lies inside its shell and outside the other holes, and no shell lies inside
//    another part's shell.
// With no edges meeting, these are exactly the OGC rules, and the interior is connected.
#include "geo/geometry.hpp"

namespace covermap::geo {

bool certainly_valid(const multipolygon& shape);

}  // namespace covermap::geo
