#include "api/multipart.hpp"

#include "api/http.hpp"
#include "core/text.hpp"

namespace covermap::api {

std::string header_param(const std::string& header, const std::string& name) {
    const std::string lowered = core::ascii_lower(header), key = core::ascii_lower(name) + "=";
    // A parameter starts the value or follows a ';' (and spaces): "filename=" is not "name=".
    std::size_t at = 0;
    for (at = lowered.find(key); at != std::string::npos; at = lowered.find(key, at + 1)) {
        std::size_t before = at;
        while (before > 0 && (lowered[before - 1] == ' ' || lowered[before - 1] == '\t')) --before;
        if (before == 0 || lowered[before - 1] == ';') break;
    }
    if (at == std::string::npos) return {};
    std::size_t b = at + key.size(), e;
    if (b < header.size() && header[b] == '"') {
        e = header.find('"', ++b);
    } else {
        e = header.find_first_of(";\r\n", b);  // a bare value ends at the next parameter or line
    }
    return header.substr(b, e == std::string::npos ? std::string::npos : e - b);
}

form_upload parse_multipart(const std::string& body, const std::string& boundary) {
    form_upload u;
    const std::string delimiter = "--" + boundary;
    std::size_t pos = body.find(delimiter);
    if (pos == std::string::npos) throw bad_request("multipart body without its boundary");
    bool have_file = false;
    while (true) {
        pos += delimiter.size();
        if (body.compare(pos, 2, "--") == 0) break;
        const auto head_end = body.find("\r\n\r\n", pos);
        if (head_end == std::string::npos) throw bad_request("malformed multipart part (no header end)");
        const std::string head = body.substr(pos, head_end - pos);
        const auto next = body.find("\r\n" + delimiter, head_end + 4);
        if (next == std::string::npos) throw bad_request("malformed multipart body (no closing boundary)");
        const std::string name = header_param(head, "name"), filename = header_param(head, "filename");
        std::string content = body.substr(head_end + 4, next - head_end - 4);
        if (name == "file") {
            u.bytes = std::move(content);
            u.file_name = filename;
            have_file = true;
        } else if (!name.empty()) {
            u.fields[name] = std::move(content);
        }
        pos = next + 2;
    }
    if (!have_file) throw bad_request("multipart form without a `file` part");
    return u;
}

}  // namespace covermap::api
