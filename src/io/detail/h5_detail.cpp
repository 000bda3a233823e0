// SPDX-License-Identifier: BSD-3-Clause
#include "io/detail/h5_detail.hpp"

#include <balnet/core/error.hpp>

namespace balnet::detail {
namespace {

struct stack_text {
    std::string outer, inner;
};

herr_t collect(unsigned n, const H5E_error2_t* e, void* data) {
    auto* t = static_cast<stack_text*>(data);
    const std::string line = std::string(e->func_name ? e->func_name : "?") + ": " +
                             (e->desc ? e->desc : "");
    if (n == 0) t->outer = line;
    t->inner = line;
    return 0;
}

}  // namespace

void silence_hdf5_errors() noexcept { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); }

std::string take_error_stack() {
    stack_text t;
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, collect, &t);
    H5Eclear2(H5E_DEFAULT);
    if (t.outer.empty()) return "no HDF5 error message";
    return t.outer == t.inner ? t.outer : t.outer + " (" + t.inner + ")";
}

hid_t check_id(hid_t id, const char* what, const std::string& where) {
    if (id < 0) throw h5_error(std::string(what) + " failed for '" + where + "': " + take_error_stack());
    return id;
}

void check(herr_t rc, const char* what, const std::string& where) {
    if (rc < 0) throw h5_error(std::string(what) + " failed for '" + where + "': " + take_error_stack());
}

h5_handle checked(hid_t id, h5_handle::closer close, const char* what, const std::string& where) {
    return h5_handle(check_id(id, what, where), close);
}

h5_handle vl_string_type() {
    h5_handle t = checked(H5Tcopy(H5T_C_S1), H5Tclose, "H5Tcopy", "string type");
    check(H5Tset_size(t.get(), H5T_VARIABLE), "H5Tset_size", "string type");
    check(H5Tset_cset(t.get(), H5T_CSET_UTF8), "H5Tset_cset", "string type");
    return t;
}

h5_handle make_space(const std::vector<hsize_t>& dims, const std::string& where) {
    if (dims.empty()) return checked(H5Screate(H5S_SCALAR), H5Sclose, "H5Screate", where);
    return checked(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr),
                   H5Sclose, "H5Screate_simple", where);
}

std::vector<std::string> split_path(const std::string& path) {
    if (path.empty() || path.front() != '/')
        throw h5_error("HDF5 path '" + path + "' is not absolute");
    std::vector<std::string> parts;
    std::size_t start = 1;
    while (start < path.size()) {
        const std::size_t end = path.find('/', start);
        const std::string part = path.substr(start, end == std::string::npos ? end : end - start);
        if (part.empty() || part == "." || part == "..")
            throw h5_error("HDF5 path '" + path + "' has an empty or relative component");
        parts.push_back(part);
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return parts;
}

bool path_exists(hid_t file, const std::string& path) {
    std::string prefix;
    for (const auto& part : split_path(path)) {
        prefix += "/" + part;
        const htri_t e = H5Lexists(file, prefix.c_str(), H5P_DEFAULT);
        check(e, "H5Lexists", prefix);
        if (e == 0) return false;
    }
    return true;
}

h5_handle intermediate_lcpl() {
    h5_handle l = checked(H5Pcreate(H5P_LINK_CREATE), H5Pclose, "H5Pcreate", "link list");
    check(H5Pset_create_intermediate_group(l.get(), 1), "H5Pset_create_intermediate_group", "");
    check(H5Pset_char_encoding(l.get(), H5T_CSET_UTF8), "H5Pset_char_encoding", "");
    return l;
}

h5_handle open_object(hid_t file, const std::string& path) {
    split_path(path);  // validates
    if (!path_exists(file, path)) throw h5_error("HDF5 object '" + path + "' does not exist");
    return checked(H5Oopen(file, path.c_str(), H5P_DEFAULT), H5Oclose, "H5Oopen", path);
}

h5_handle open_or_create_group(hid_t file, const std::string& path) {
    if (path_exists(file, path)) return open_object(file, path);
    const h5_handle lcpl = intermediate_lcpl();
    h5_handle g = checked(H5Gcreate2(file, path.c_str(), lcpl.get(), H5P_DEFAULT, H5P_DEFAULT),
                          H5Gclose, "H5Gcreate2", path);
    return g;
}

void write_attribute(hid_t obj, const std::string& name, hid_t file_type, hid_t mem_type,
                     const std::vector<hsize_t>& dims, const void* data, const std::string& where) {
    const std::string at = where + "@" + name;
    const htri_t exists = H5Aexists(obj, name.c_str());
    check(exists, "H5Aexists", at);
    if (exists > 0) check(H5Adelete(obj, name.c_str()), "H5Adelete", at);
    const h5_handle space = make_space(dims, at);
    const h5_handle attr = checked(
        H5Acreate2(obj, name.c_str(), file_type, space.get(), H5P_DEFAULT, H5P_DEFAULT),
        H5Aclose, "H5Acreate2", at);
    check(H5Awrite(attr.get(), mem_type, data), "H5Awrite", at);
}

h5_handle open_attribute(hid_t obj, const std::string& name, const std::string& where) {
    const std::string at = where + "@" + name;
    const htri_t exists = H5Aexists(obj, name.c_str());
    check(exists, "H5Aexists", at);
    if (exists == 0) throw h5_error("HDF5 attribute '" + at + "' does not exist");
    return checked(H5Aopen(obj, name.c_str(), H5P_DEFAULT), H5Aclose, "H5Aopen", at);
}

std::size_t element_count(hid_t space, const std::string& where) {
    const hssize_t n = H5Sget_simple_extent_npoints(space);
    check(static_cast<herr_t>(n < 0 ? -1 : 0), "H5Sget_simple_extent_npoints", where);
    return static_cast<std::size_t>(n);
}

}  // namespace balnet::detail
