#pragma once
// The database holding ../shared/data, loaded once per run by the shared-data environment.
#include <string>

namespace covermap::testing {
// nullptr when ../shared/data is absent (tests then skip).
const std::string* shared_database_url();
}  // namespace covermap::testing
