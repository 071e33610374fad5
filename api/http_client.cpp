#include "api/http_client.hpp"

#include <curl/curl.h>

#include <cctype>
#include <memory>
#include <set>
#include <stdexcept>

namespace covermap::api {
namespace {

// libcurl's global state, set up once before the first handle (seeding runs requests on threads).
void init_curl_once() {
    static const CURLcode ready = curl_global_init(CURL_GLOBAL_DEFAULT);
    if (ready != CURLE_OK) throw std::runtime_error(std::string("libcurl: ") + curl_easy_strerror(ready));
}

struct easy_deleter {
    void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct slist_deleter {
    void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* out) {
    static_cast<http_response*>(out)->body.append(data, size * count);
    return size * count;
}

// One header line at a time, status lines included; a new status line (after a 1xx) starts over.
std::size_t on_header(char* data, std::size_t size, std::size_t count, void* out) {
    auto& r = *static_cast<http_response*>(out);
    std::string line(data, size * count);
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
    if (line.compare(0, 5, "HTTP/") == 0) {
        r.headers.clear();
    } else if (const auto colon = line.find(':'); colon != std::string::npos) {
        const auto value = line.find_first_not_of(" \t", colon + 1);
        r.headers[lower(line.substr(0, colon))] = value == std::string::npos ? "" : line.substr(value);
    }
    return size * count;
}

// curl_easy_setopt, or why not: libcurl refuses some values (strings over 8 MB) and would then
// carry on without them, e.g. ask for "/" instead of a target it could not take.
template <typename T>
void set(CURL* c, CURLoption option, T value) {
    if (const CURLcode e = curl_easy_setopt(c, option, value); e != CURLE_OK) {
        throw std::runtime_error(std::string("libcurl refuses an option of this request: ") + curl_easy_strerror(e));
    }
}

}  // namespace

http_response http_request(const std::string& host, int port, const std::string& method, const std::string& target,
                           const std::map<std::string, std::string>& headers, const std::string& body) {
    init_curl_once();
    const std::unique_ptr<CURL, easy_deleter> curl(curl_easy_init());
    if (!curl) throw std::runtime_error("libcurl: cannot create a handle");
    CURL* c = curl.get();
    const std::string where = host + ":" + std::to_string(port);
    http_response r;

    // The target goes on the request line as given (no normalisation of dot segments, no
    // re-escaping): the tests send odd targets on purpose.
    set(c, CURLOPT_URL, ("http://" + where + "/").c_str());
    set(c, CURLOPT_REQUEST_TARGET, target.c_str());
    set(c, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1);
    set(c, CURLOPT_NOSIGNAL, 1L);
    // One connection per request, as the callers expect of this client.
    set(c, CURLOPT_FORBID_REUSE, 1L);
    set(c, CURLOPT_CONNECTTIMEOUT_MS, 10000L);
    // No byte for 30 s fails the request; a slow answer that keeps coming is waited for.
    set(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
    set(c, CURLOPT_LOW_SPEED_TIME, 30L);
    // Bodies come as sent (gzip stays gzip); chunked ones are reassembled by libcurl.
    set(c, CURLOPT_HTTP_CONTENT_DECODING, 0L);
    set(c, CURLOPT_WRITEFUNCTION, on_body);
    set(c, CURLOPT_WRITEDATA, &r);
    set(c, CURLOPT_HEADERFUNCTION, on_header);
    set(c, CURLOPT_HEADERDATA, &r);

    if (method == "HEAD") {
        set(c, CURLOPT_NOBODY, 1L);
    } else if (method != "GET" || !body.empty()) {
        if (method != "POST") set(c, CURLOPT_CUSTOMREQUEST, method.c_str());
        if (!body.empty() || method == "POST") {
            set(c, CURLOPT_POSTFIELDS, body.data());
            set(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
        }
    }

    // Only the caller's headers: libcurl's own defaults (Accept: */*, Expect: 100-continue, a form
    // Content-Type on bodies) are removed unless the caller sets them.
    curl_slist* list = nullptr;
    const auto add = [&list](const std::string& line) {
        curl_slist* next = curl_slist_append(list, line.c_str());
        if (!next) throw std::runtime_error("libcurl: out of memory");
        list = next;
    };
    std::set<std::string> given;
    try {
        for (const auto& [name, value] : headers) {
            given.insert(lower(name));
            add(value.empty() ? name + ";" : name + ": " + value);  // "Name;" sends an empty value
        }
        for (const char* name : {"Accept", "Expect", "Content-Type"}) {
            if (!given.count(lower(name))) add(std::string(name) + ":");
        }
        if (!given.count("connection")) add("Connection: close");
    } catch (...) {
        curl_slist_free_all(list);
        throw;
    }
    const std::unique_ptr<curl_slist, slist_deleter> header_list(list);
    set(c, CURLOPT_HTTPHEADER, list);

    const CURLcode done = curl_easy_perform(c);
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    // A server may answer before it has read the whole body (413) and close: the answer counts.
    if (done != CURLE_OK && !(status != 0 && (done == CURLE_SEND_ERROR || done == CURLE_RECV_ERROR))) {
        throw std::runtime_error(method + " http://" + where + target + ": " + curl_easy_strerror(done));
    }
    r.status = static_cast<int>(status);
    return r;
}

}  // namespace covermap::api
