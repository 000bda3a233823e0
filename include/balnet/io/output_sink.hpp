// SPDX-License-Identifier: BSD-3-Clause
// The recorder seam (the run spine): what observers write their results through. Every call is
// collective — all ranks call it in the same order with the same arguments and values — so that
// a parallel file can implement it; h5_file does. Paths are absolute ("/analysis/..."); a path
// written twice is an error. docs/output-layout.md lists what a run writes where.
#pragma once
#include <cstdint>
#include <span>
#include <string>

namespace balnet {

class output_sink {
public:
    virtual ~output_sink() = default;
    /// A scalar dataset; `units` empty = no units attribute.
    virtual void write_scalar(const std::string& path, double value, const std::string& units) = 0;
    /// A scalar count (uint64 in an h5_file). A sink that keeps no integer type may store it as
    /// a real: the default does.
    virtual void write_scalar(const std::string& path, std::uint64_t value, const std::string& units) {
        write_scalar(path, static_cast<double>(value), units);
    }
    /// A 1-D dataset of real values.
    virtual void write_array(const std::string& path, std::span<const double> values, const std::string& units) = 0;
    /// A 1-D dataset of counts.
    virtual void write_array(const std::string& path, std::span<const std::uint64_t> values,
                             const std::string& units) = 0;
    /// An attribute of `object` (a group is created when absent).
    virtual void write_attribute(const std::string& object, const std::string& name, const std::string& value) = 0;
    virtual void write_attribute(const std::string& object, const std::string& name, double value) = 0;
    /// A count attribute (uint64 in an h5_file; the default stores it as a real).
    virtual void write_attribute(const std::string& object, const std::string& name, std::uint64_t value) {
        write_attribute(object, name, static_cast<double>(value));
    }
};

}  // namespace balnet
