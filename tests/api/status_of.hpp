#pragma once
// The HTTP status a call's exception gets at the edge (api/http.hpp's http_status_of: an api_error's
// own, a domain error's from core/error.hpp), 500 for any other exception, 0 when it throws none:
// unit tests of the parameter and body parsers assert which answer a bad input gets.
#include <exception>
#include <functional>

#include "api/http.hpp"

namespace covermap::api::testing {

inline int status_of(const std::function<void()>& fn) {
    try {
        fn();
    } catch (const std::exception& e) {
        const auto status = http_status_of(e);
        return status ? status->first : 500;
    }
    return 0;
}

}  // namespace covermap::api::testing
