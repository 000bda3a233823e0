// SPDX-License-Identifier: BSD-3-Clause
// The private state of h5_file and h5_dataset_2d, shared by h5_file.cpp, h5_file_read.cpp and
// h5_dataset_2d.cpp. Member order matters: the transfer list and datasets close before the file.
#pragma once
#include <sys/statvfs.h>

#include <exception>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <balnet/comm/context.hpp>
#include <balnet/core/error.hpp>
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
    /// One dataset of a collective append: its path, memory type and this rank's n values.
    struct slab_part {
        std::string path;
        hid_t mem_type;
        const void* data;
    };
    void append_slabs(std::initializer_list<slab_part> parts, std::uint64_t n);
    template <typename T>
    void write_same(const std::string& where, std::span<const T> values,
                    const std::string& units) const;
    /// The transfer list to read with: collective in a parallel file, default otherwise.
    hid_t read_dxpl() const noexcept { return dxpl.valid() ? dxpl.get() : H5P_DEFAULT; }
};

namespace detail {

/// Room the file system must keep beyond a write's data: what HDF5 writes when it flushes and
/// closes the file (object headers, chunk indexes, the superblock) lands there.
constexpr double metadata_margin_bytes = 4.0 * 1048576.0;

/// Before a collective write of `bytes` on this rank to `file`: every rank throws the same
/// collective_error (exit 2) when the file system holding `file` has less free space than all
/// ranks' bytes plus metadata_margin_bytes. A full disk is met here, before HDF5 fails half way
/// through a write or a close: HDF5's ranks then part ways inside its collectives (a hang) and it
/// cannot close the file any more. File systems that report no size (f_blocks = 0) are trusted.
/// Collective.
inline void agree_room(const context& ctx, std::uint64_t bytes, const std::string& file) {
    const double need = ctx.sum(static_cast<double>(bytes)) + metadata_margin_bytes;
    struct statvfs fs {};
    const bool known = ::statvfs(file.c_str(), &fs) == 0 && fs.f_blocks > 0;
    const double room = known ? static_cast<double>(fs.f_bavail) * static_cast<double>(fs.f_frsize) : need;
    if (!ctx.any(room < need)) return;
    const auto mib = [](double b) { return std::to_string(static_cast<long long>(b / 1048576.0 + 0.5)); };
    const double least = -ctx.max(-room);  // collective: every rank is here
    throw collective_error("cannot write '" + file + "': its file system has " + mib(least) +
                               " MiB free, the next write needs " + mib(need) +
                               " MiB (4 MiB kept for HDF5's metadata): the disk is full", 2);
}

/// After a collective write of `where` in `file` returned rc on this rank: every rank throws the
/// same collective_error (exit 2) when it failed on any rank, so that a full disk ends the run
/// with one message instead of an abort. Collective.
inline void agree_written(const context& ctx, herr_t rc, const std::string& where, const std::string& file) {
    const std::string reason = rc < 0 ? take_error_stack() : std::string();
    if (ctx.any(rc < 0))
        throw collective_error("cannot write '" + file + "' (" + where + ": " +
                                   (reason.empty() ? "failed on another rank" : reason) +
                                   "; is the disk full or the quota reached?)", 2);
}

}  // namespace detail

template <typename T>
struct h5_dataset_2d<T>::impl {
    std::string path;
    std::uint64_t rows = 0;
    std::uint64_t cols = 0;
    std::optional<context> ctx;  // the file's ranks, which agree on every write
    std::string file;            // the file's path, for messages
    detail::h5_handle dxpl;     // own copy of the collective transfer list
    detail::h5_handle dataset;
};

}  // namespace balnet
