// SPDX-License-Identifier: BSD-3-Clause
// The exception hierarchy. User errors (bad config, unreadable input, unwritable output) map to
// exit code 2; everything else (MPI, PETSc, internal bugs) to exit code 1. `main` is the only
// place that turns them into a message and an exit code.
#pragma once
#include <stdexcept>
#include <string>

namespace balnet {

/// `text` as an error message shows it: whole up to `max` characters, else its first `max`
/// characters and how long it is (a value of megabytes is never echoed whole).
std::string abbreviated(const std::string& text, std::size_t max = 200);

/// Base of every balnet exception.
class error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
    /// Exit code `main` returns for this error: 2 for user errors, 1 otherwise.
    virtual int exit_code() const noexcept { return 1; }
};

/// A configuration value that is missing, malformed or out of range. Names key, value and rule.
class config_error : public error {
public:
    config_error(const std::string& key, const std::string& value, const std::string& allowed);
    explicit config_error(const std::string& message) : error(message) {}
    int exit_code() const noexcept override { return 2; }
};

/// A file that cannot be read or written (user-facing: exit 2).
class io_error : public error {
public:
    using error::error;
    int exit_code() const noexcept override { return 2; }
};

class mpi_error : public error { public: using error::error; };
class petsc_error : public error { public: using error::error; };
class h5_error : public error { public: using error::error; };
/// A solver that did not converge or a regime where its assumptions fail (exit 2: the input).
class meanfield_error : public error {
public:
    using error::error;
    int exit_code() const noexcept override { return 2; }
};
/// An error every rank raised at the same point, after a collective agreed on it (a write that
/// failed on some rank, e.g. a full disk): main reports it once and every rank returns `code`
/// (no abort).
class collective_error : public error {
public:
    collective_error(const std::string& what, int code) : error(what), code_(code) {}
    int exit_code() const noexcept override { return code_; }

private:
    int code_;
};
/// A broken invariant: a bug in balnet.
class internal_error : public error { public: using error::error; };

}  // namespace balnet

#define BALNET_ASSERT(cond)                                                                        \
    do {                                                                                           \
        if (!(cond))                                                                               \
            throw ::balnet::internal_error(std::string("assertion failed: " #cond " at ") +        \
                                           __FILE__ + ":" + std::to_string(__LINE__));             \
    } while (0)
