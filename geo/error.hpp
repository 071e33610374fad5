#pragma once
// The typed exception hierarchy every covermap layer throws.
// config_error: bad command-line or configuration; input_error: bad input data (file, row, field);
// db_error: the database refused or is unreachable. The CLI maps them to exit codes, the HTTP edge to statuses.
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

class db_error : public error {
public:
    using error::error;
};

}  // namespace covermap
