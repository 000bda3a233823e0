// SPDX-License-Identifier: BSD-3-Clause
// h5_file: reading helpers (attributes, datasets, group listings). On a file made by
// create() these are collective metadata reads: every rank calls them.
#include <cstring>

#include <balnet/core/error.hpp>
#include <balnet/io/h5_file.hpp>

#include "io/detail/h5_detail.hpp"
#include "io/detail/h5_file_impl.hpp"

namespace balnet {

using detail::check;
using detail::checked;
using detail::h5_handle;

namespace {

struct opened_attribute {
    h5_handle attr, type, space;
    std::size_t count = 0;
    H5T_class_t cls = H5T_NO_CLASS;
};

opened_attribute open_attr(hid_t file, const std::string& object, const std::string& name) {
    const h5_handle obj = detail::open_object(file, object);
    opened_attribute a;
    const std::string at = object + "@" + name;
    a.attr = detail::open_attribute(obj.get(), name, object);
    a.type = checked(H5Aget_type(a.attr.get()), H5Tclose, "H5Aget_type", at);
    a.space = checked(H5Aget_space(a.attr.get()), H5Sclose, "H5Aget_space", at);
    a.count = detail::element_count(a.space.get(), at);
    a.cls = H5Tget_class(a.type.get());
    return a;
}

std::vector<std::string> read_strings(const opened_attribute& a, const std::string& at) {
    if (a.cls != H5T_STRING) throw h5_error("HDF5 attribute '" + at + "' is not a string");
    std::vector<std::string> out;
    if (H5Tis_variable_str(a.type.get()) > 0) {
        const h5_handle mem = detail::vl_string_type();
        std::vector<char*> ptrs(std::max<std::size_t>(a.count, 1), nullptr);
        check(H5Aread(a.attr.get(), mem.get(), ptrs.data()), "H5Aread", at);
        for (std::size_t i = 0; i < a.count; ++i) {
            out.emplace_back(ptrs[i] ? ptrs[i] : "");
            H5free_memory(ptrs[i]);
        }
        return out;
    }
    const std::size_t width = H5Tget_size(a.type.get());  // fixed-length strings (h5py, others)
    const h5_handle mem = checked(H5Tcopy(a.type.get()), H5Tclose, "H5Tcopy", at);
    std::vector<char> buf(width * std::max<std::size_t>(a.count, 1) + 1, '\0');
    check(H5Aread(a.attr.get(), mem.get(), buf.data()), "H5Aread", at);
    for (std::size_t i = 0; i < a.count; ++i)
        out.emplace_back(buf.data() + i * width, strnlen(buf.data() + i * width, width));
    return out;
}

/// Integer or enum values as int64 (enums have no HDF5 conversion to integers: read the raw
/// base integers and widen them here).
std::vector<std::int64_t> read_ints(const opened_attribute& a, const std::string& at) {
    std::vector<std::int64_t> out(a.count);
    if (a.cls == H5T_INTEGER) {
        if (a.count) check(H5Aread(a.attr.get(), H5T_NATIVE_INT64, out.data()), "H5Aread", at);
        return out;
    }
    if (a.cls != H5T_ENUM) throw h5_error("HDF5 attribute '" + at + "' is not an integer");
    const h5_handle mem = checked(H5Tget_native_type(a.type.get(), H5T_DIR_ASCEND), H5Tclose,
                                  "H5Tget_native_type", at);
    const std::size_t width = H5Tget_size(mem.get());
    const h5_handle base = checked(H5Tget_super(mem.get()), H5Tclose, "H5Tget_super", at);
    const bool is_signed = H5Tget_sign(base.get()) == H5T_SGN_2;
    if (width > 8) throw h5_error("HDF5 enum attribute '" + at + "' is wider than 64 bits");
    std::vector<unsigned char> buf(width * std::max<std::size_t>(a.count, 1));
    check(H5Aread(a.attr.get(), mem.get(), buf.data()), "H5Aread", at);
    for (std::size_t i = 0; i < a.count; ++i) {
        std::uint64_t u = 0;
        std::memcpy(&u, buf.data() + i * width, width);  // little-endian host
        if (is_signed && width < 8 && (u >> (8 * width - 1)) & 1u) u |= ~std::uint64_t{0} << (8 * width);
        out[i] = static_cast<std::int64_t>(u);
    }
    return out;
}

template <typename T>
T single(const std::vector<T>& v, const std::string& at) {
    if (v.size() != 1)
        throw h5_error("HDF5 attribute '" + at + "' has " + std::to_string(v.size()) +
                       " elements, not one");
    return v.front();
}

herr_t collect_name(hid_t, const char* name, const H5L_info_t*, void* data) {
    static_cast<std::vector<std::string>*>(data)->emplace_back(name);
    return 0;
}

}  // namespace

bool h5_file::exists(const std::string& path) const {
    return detail::path_exists(open_impl("exists").file.get(), path);
}

bool h5_file::has_attribute(const std::string& object, const std::string& name) const {
    const h5_handle obj = detail::open_object(open_impl("has_attribute").file.get(), object);
    const htri_t e = H5Aexists(obj.get(), name.c_str());
    check(e, "H5Aexists", object + "@" + name);
    return e > 0;
}

std::vector<std::string> h5_file::list(const std::string& group) const {
    const h5_handle g = detail::open_object(open_impl("list").file.get(), group);
    std::vector<std::string> names;
    check(H5Literate(g.get(), H5_INDEX_NAME, H5_ITER_INC, nullptr, collect_name, &names),
          "H5Literate", group);
    return names;
}

std::string h5_file::read_string_attribute(const std::string& object, const std::string& name) const {
    const std::string at = object + "@" + name;
    return single(read_strings(open_attr(open_impl("read").file.get(), object, name), at), at);
}

std::vector<std::string> h5_file::read_string_array_attribute(const std::string& object,
                                                              const std::string& name) const {
    return read_strings(open_attr(open_impl("read").file.get(), object, name), object + "@" + name);
}

std::vector<double> h5_file::read_double_array_attribute(const std::string& object,
                                                         const std::string& name) const {
    const opened_attribute a = open_attr(open_impl("read").file.get(), object, name);
    const std::string at = object + "@" + name;
    if (a.cls != H5T_FLOAT && a.cls != H5T_INTEGER)
        throw h5_error("HDF5 attribute '" + at + "' is not numeric");
    std::vector<double> out(a.count);
    if (a.count) check(H5Aread(a.attr.get(), H5T_NATIVE_DOUBLE, out.data()), "H5Aread", at);
    return out;
}

double h5_file::read_double_attribute(const std::string& object, const std::string& name) const {
    return single(read_double_array_attribute(object, name), object + "@" + name);
}

std::vector<std::int64_t> h5_file::read_int_array_attribute(const std::string& object,
                                                           const std::string& name) const {
    return read_ints(open_attr(open_impl("read").file.get(), object, name), object + "@" + name);
}

std::int64_t h5_file::read_int_attribute(const std::string& object, const std::string& name) const {
    return single(read_int_array_attribute(object, name), object + "@" + name);
}

std::string h5_file::read_enum_attribute(const std::string& object, const std::string& name) const {
    const opened_attribute a = open_attr(open_impl("read").file.get(), object, name);
    const std::string at = object + "@" + name;
    if (a.cls != H5T_ENUM) throw h5_error("HDF5 attribute '" + at + "' is not an enum");
    const h5_handle mem = checked(H5Tget_native_type(a.type.get(), H5T_DIR_ASCEND), H5Tclose,
                                  "H5Tget_native_type", at);
    std::vector<unsigned char> value(H5Tget_size(mem.get()) * std::max<std::size_t>(a.count, 1));
    check(H5Aread(a.attr.get(), mem.get(), value.data()), "H5Aread", at);
    char member[256] = {};
    check(H5Tenum_nameof(mem.get(), value.data(), member, sizeof member), "H5Tenum_nameof", at);
    return member;
}

std::string h5_file::dataset_type(const std::string& path) const {
    const h5_handle ds = detail::open_object(open_impl("dataset_type").file.get(), path);
    const h5_handle t = checked(H5Dget_type(ds.get()), H5Tclose, "H5Dget_type", path);
    const std::string bits = std::to_string(8 * H5Tget_size(t.get()));
    switch (H5Tget_class(t.get())) {
    case H5T_FLOAT: return "float" + bits;
    case H5T_INTEGER: return (H5Tget_sign(t.get()) == H5T_SGN_NONE ? "uint" : "int") + bits;
    case H5T_STRING: return "string";
    case H5T_ENUM: return "enum";
    default: return "other";
    }
}

std::vector<std::uint64_t> h5_file::shape(const std::string& path) const {
    const h5_handle ds = detail::open_object(open_impl("shape").file.get(), path);
    const h5_handle space = checked(H5Dget_space(ds.get()), H5Sclose, "H5Dget_space", path);
    const int rank = H5Sget_simple_extent_ndims(space.get());
    check(rank, "H5Sget_simple_extent_ndims", path);
    std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
    check(H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr), "H5Sget_simple_extent_dims", path);
    return {dims.begin(), dims.end()};
}

std::vector<std::uint64_t> h5_file::chunk_shape(const std::string& path) const {
    const h5_handle ds = detail::open_object(open_impl("chunk_shape").file.get(), path);
    const h5_handle dcpl = checked(H5Dget_create_plist(ds.get()), H5Pclose, "H5Dget_create_plist", path);
    if (H5Pget_layout(dcpl.get()) != H5D_CHUNKED) return {};
    hsize_t dims[H5S_MAX_RANK] = {};
    const int rank = H5Pget_chunk(dcpl.get(), H5S_MAX_RANK, dims);
    check(rank, "H5Pget_chunk", path);
    return {dims, dims + rank};
}

template <typename T>
std::vector<T> h5_file::read_1d(const std::string& path) const {
    const impl& p = open_impl("read_1d");
    if (shape(path).size() > 1) throw h5_error("HDF5 dataset '" + path + "' is not 1-D");
    const h5_handle ds = detail::open_object(p.file.get(), path);
    const h5_handle space = checked(H5Dget_space(ds.get()), H5Sclose, "H5Dget_space", path);
    std::vector<T> out(detail::element_count(space.get(), path));
    if (!out.empty())
        check(H5Dread(ds.get(), detail::h5_type<T>::mem(), H5S_ALL, H5S_ALL, p.read_dxpl(), out.data()),
              "H5Dread", path);
    return out;
}

template <typename T>
h5_matrix<T> h5_file::read_2d(const std::string& path) const {
    const impl& p = open_impl("read_2d");
    const auto dims = shape(path);
    if (dims.size() != 2) throw h5_error("HDF5 dataset '" + path + "' is not 2-D");
    const h5_handle ds = detail::open_object(p.file.get(), path);
    h5_matrix<T> m{dims[0], dims[1], std::vector<T>(dims[0] * dims[1])};
    if (!m.values.empty())
        check(H5Dread(ds.get(), detail::h5_type<T>::mem(), H5S_ALL, H5S_ALL, p.read_dxpl(),
                      m.values.data()),
              "H5Dread", path);
    return m;
}

template std::vector<double> h5_file::read_1d<double>(const std::string&) const;
template std::vector<float> h5_file::read_1d<float>(const std::string&) const;
template std::vector<std::uint64_t> h5_file::read_1d<std::uint64_t>(const std::string&) const;
template std::vector<std::int64_t> h5_file::read_1d<std::int64_t>(const std::string&) const;
template std::vector<std::uint32_t> h5_file::read_1d<std::uint32_t>(const std::string&) const;
template h5_matrix<double> h5_file::read_2d<double>(const std::string&) const;
template h5_matrix<float> h5_file::read_2d<float>(const std::string&) const;

}  // namespace balnet
