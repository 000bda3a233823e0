// SPDX-License-Identifier: BSD-3-Clause
// The private state of h5_file and h5_dataset_2d, shared by h5_file.cpp, h5_file_read.cpp and
// h5_dataset_2d.cpp. Member order matters: the transfer list and datasets close before the file.
#pragma once
#include <exception>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <balnet/comm/context.hpp>
#include <balnet/io/h5_file.hpp>

#include "io/detail/h5_detail.hpp"

namespace balnet {

struct h5_file::impl {
    std::string path;
    std::optional<context> ctx;  // set for a file made by create() (parallel, writable)
    detail::h5_handle file;
    detail::h5_handle dxpl;      // collective transfer list (parallel files only)
    int unwinding = std::uncaught_exceptions();  // exceptions in flight when the file was opened

    detail::h5_handle create_dataset(const std::string& where, hid_t file_type,
                                     const std::vector<hsize_t>& dims,
                                     const std::vector<hsize_t>& chunk) const;
    void write_units(hid_t dataset, const std::string& units, const std::string& where) const;
    void write_slab(hid_t dataset, hid_t mem_type, std::uint64_t offset, std::uint64_t n,
                    const void* data, const std::string& where) const;
    template <typename T>
    void write_same(const std::string& where, std::span<const T> values,
                    const std::string& units) const;
    /// The transfer list to read with: collective in a parallel file, default otherwise.
    hid_t read_dxpl() const noexcept { return dxpl.valid() ? dxpl.get() : H5P_DEFAULT; }
};

template <typename T>
struct h5_dataset_2d<T>::impl {
    std::string path;
    std::uint64_t rows = 0;
    std::uint64_t cols = 0;
    detail::h5_handle dxpl;     // own copy of the collective transfer list
    detail::h5_handle dataset;
};

}  // namespace balnet
