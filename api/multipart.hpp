#pragma once
// multipart/form-data bodies (RFC 7578) as browsers and curl -F send them: the `file` part and the
// other fields. Only what registry uploads need: no nested multiparts, no transfer encodings.
#include <map>
#include <string>

namespace covermap::api {

struct form_upload {
    std::string file_name, bytes;               // the `file` part: its filename and content
    std::map<std::string, std::string> fields;  // the other named parts
};

// The parts of `body` delimited by `boundary` (Content-Type's boundary parameter). Throws api_error
// 400 for a body without the boundary, a part without its header end, a missing closing boundary
// or no `file` part.
form_upload parse_multipart(const std::string& body, const std::string& boundary);

// `name=value` or `name="value"` of a header value such as Content-Disposition or Content-Type
// (the parameter name compared without case); empty when absent.
std::string header_param(const std::string& header, const std::string& name);

}  // namespace covermap::api
