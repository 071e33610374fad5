#pragma once
// What went wrong, said once for every layer. Code below api/ and cli/ throws these and never an HTTP
// status; the HTTP edge turns each into a status and {"code", "message"} in one place
// (api/http.cpp: http_status_of) and the CLI into an exit code (cli/main.cpp):
//
//   type              what it means                                        HTTP                   CLI
//   input_error       a parameter of the request or command is wrong       400 invalid_parameter  2
//   data_error        the content of an uploaded or imported file is       422 invalid_input      1
//                     wrong (the message names file, row and column)
//   not_found_error   what the request names does not exist               404 not_found          1
//   forbidden_error   outside what the caller may do (an API key's scope)  403 forbidden          1
//   config_error      the configuration or the stored state refuses the    409 conflict           2
//                     operation (unknown edition, no hamlets loaded yet)
//   db_error          the database is unreachable or its schema is behind  503 unavailable        1
//   error             anything else of ours                                500 internal           1
#include <stdexcept>
#include <string>

namespace covermap {

class error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class config_error : public error {
public:
    using error::error;
};

class input_error : public error {
public:
    using error::error;
};

class data_error : public input_error {
public:
    using input_error::input_error;
};

class not_found_error : public error {
public:
    using error::error;
};

class forbidden_error : public error {
public:
    using error::error;
};

class db_error : public error {
public:
    using error::error;
};

}  // namespace covermap
