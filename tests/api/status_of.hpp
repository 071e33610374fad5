#pragma once
// The HTTP status of the api_error a call throws (0 when it throws none): unit tests of the
// parameter and body parsers assert which answer a bad input gets.
#include <functional>

#include "api/http.hpp"

namespace covermap::api::testing {

inline int status_of(const std::function<void()>& fn) {
    try {
        fn();
    } catch (const api_error& e) {
        return e.status();
    }
    return 0;
}

}  // namespace covermap::api::testing
