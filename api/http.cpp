#include "api/http.hpp"

#include <nlohmann/json.hpp>

#include "core/error.hpp"

namespace covermap::api {

std::optional<std::string> request::header(const std::string& lower_name) const {
    const auto it = headers.find(lower_name);
    if (it == headers.end()) return std::nullopt;
    return it->second;
}

api_error bad_request(const std::string& message) { return api_error(400, "invalid_parameter", message); }
api_error not_found(const std::string& message) { return api_error(404, "not_found", message); }
api_error unavailable(const std::string& message) { return api_error(503, "unavailable", message); }

response error_response(int status, const std::string& code, const std::string& message) {
    response r;
    r.status = status;
    r.body = nlohmann::json{{"code", code}, {"message", message}}.dump();
    return r;
}

std::optional<std::pair<int, std::string>> http_status_of(const std::exception& e) {
    if (const auto* api = dynamic_cast<const api_error*>(&e)) return std::make_pair(api->status(), api->code());
    // The most derived types first: a data_error is an input_error.
    if (dynamic_cast<const data_error*>(&e)) return std::make_pair(422, std::string("invalid_input"));
    if (dynamic_cast<const input_error*>(&e)) return std::make_pair(400, std::string("invalid_parameter"));
    if (dynamic_cast<const not_found_error*>(&e)) return std::make_pair(404, std::string("not_found"));
    if (dynamic_cast<const forbidden_error*>(&e)) return std::make_pair(403, std::string("forbidden"));
    if (dynamic_cast<const config_error*>(&e)) return std::make_pair(409, std::string("conflict"));
    if (dynamic_cast<const db_error*>(&e)) return std::make_pair(503, std::string("unavailable"));
    return std::nullopt;
}

namespace {
int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}
}  // namespace

std::string url_decode(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '+') {
            out.push_back(' ');
        } else if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 && hex_value(text[i + 2]) >= 0) {
            out.push_back(static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2])));
            i += 2;
        } else {
            out.push_back(text[i]);
        }
    }
    return out;
}

std::string url_encode(const std::string& text) {
    static const char digits[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == ',') {
            out.push_back(static_cast<char>(c));
        } else {
            out.push_back('%');
            out.push_back(digits[c >> 4]);
            out.push_back(digits[c & 0x0F]);
        }
    }
    return out;
}

}  // namespace covermap::api
