// SPDX-License-Identifier: BSD-3-Clause
// Private helpers over the HDF5 C API for h5_file: an RAII handle for every hid_t, a check()
// that turns a negative return into an h5_error carrying HDF5's own error stack text, the
// C++ type -> HDF5 type map, and path, attribute and selection helpers. Nothing here knows
// about MPI; collectiveness is h5_file's business.
#pragma once
#include <hdf5.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace balnet::detail {

/// Owns one HDF5 identifier and closes it with the matching H5?close.
class h5_handle {
public:
    using closer = herr_t (*)(hid_t);
    h5_handle() = default;
    h5_handle(hid_t id, closer close) noexcept : id_(id), close_(close) {}
    ~h5_handle() { reset(); }
    h5_handle(h5_handle&& o) noexcept
        : id_(std::exchange(o.id_, H5I_INVALID_HID)), close_(o.close_) {}
    h5_handle& operator=(h5_handle&& o) noexcept {
        if (this != &o) {
            reset();
            id_ = std::exchange(o.id_, H5I_INVALID_HID);
            close_ = o.close_;
        }
        return *this;
    }
    h5_handle(const h5_handle&) = delete;
    h5_handle& operator=(const h5_handle&) = delete;

    hid_t get() const noexcept { return id_; }
    bool valid() const noexcept { return id_ >= 0; }
    /// Forgets the handle without closing it: for a process that is about to be aborted (see
    /// ~h5_file), where a collective close would wait for ranks that never come.
    void release() noexcept { id_ = H5I_INVALID_HID; }
    /// Closes now; returns the close status (negative on failure) instead of throwing.
    herr_t reset() noexcept {
        herr_t rc = 0;
        if (id_ >= 0 && close_) rc = close_(id_);
        id_ = H5I_INVALID_HID;
        return rc;
    }

private:
    hid_t id_ = H5I_INVALID_HID;
    closer close_ = nullptr;
};

/// Turns HDF5's automatic error printing off (the stack is read into exceptions instead).
void silence_hdf5_errors() noexcept;
/// The current HDF5 error stack as one line (outermost and innermost message), then cleared.
std::string take_error_stack();
/// Throws h5_error("<what> failed for '<where>': <stack>") if rc < 0; returns rc.
hid_t check_id(hid_t id, const char* what, const std::string& where);
void check(herr_t rc, const char* what, const std::string& where);

h5_handle checked(hid_t id, h5_handle::closer close, const char* what, const std::string& where);

/// Memory (native) and file (explicit little-endian) types of T.
template <typename T> struct h5_type;
template <> struct h5_type<double> {
    static hid_t mem() { return H5T_NATIVE_DOUBLE; }
    static hid_t file() { return H5T_IEEE_F64LE; }
};
template <> struct h5_type<float> {
    static hid_t mem() { return H5T_NATIVE_FLOAT; }
    static hid_t file() { return H5T_IEEE_F32LE; }
};
template <> struct h5_type<std::uint64_t> {
    static hid_t mem() { return H5T_NATIVE_UINT64; }
    static hid_t file() { return H5T_STD_U64LE; }
};
template <> struct h5_type<std::int64_t> {
    static hid_t mem() { return H5T_NATIVE_INT64; }
    static hid_t file() { return H5T_STD_I64LE; }
};
template <> struct h5_type<std::uint32_t> {
    static hid_t mem() { return H5T_NATIVE_UINT32; }
    static hid_t file() { return H5T_STD_U32LE; }
};

/// Variable-length UTF-8 string type (h5py and libsonata read it as str).
h5_handle vl_string_type();
/// Simple dataspace of the given dims (rank 0 = scalar).
h5_handle make_space(const std::vector<hsize_t>& dims, const std::string& where);

/// "/a/b/c" -> {"a", "b", "c"}; "/" -> {}. Rejects empty components and relative paths.
std::vector<std::string> split_path(const std::string& path);
/// True if every link of `path` exists (the root always does).
bool path_exists(hid_t file, const std::string& path);
/// Opens the object at `path`, creating it (and intermediate groups) as a group if absent.
h5_handle open_or_create_group(hid_t file, const std::string& path);
/// Opens an existing object (group or dataset) at `path`.
h5_handle open_object(hid_t file, const std::string& path);
/// Link creation list that creates intermediate groups.
h5_handle intermediate_lcpl();

/// Writes attribute `name` of `obj` (replacing an existing one) from memory of `mem_type`.
void write_attribute(hid_t obj, const std::string& name, hid_t file_type, hid_t mem_type,
                     const std::vector<hsize_t>& dims, const void* data, const std::string& where);

/// Opens attribute `name` of `obj`; h5_error if absent.
h5_handle open_attribute(hid_t obj, const std::string& name, const std::string& where);
/// Number of elements of a dataspace (1 for a scalar).
std::size_t element_count(hid_t space, const std::string& where);

}  // namespace balnet::detail
