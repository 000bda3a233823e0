// SPDX-License-Identifier: BSD-3-Clause
// h5_file::write_strings: a column of text (a scan's text parameter, the failed tasks' errors)
// as a dataset. Written as attributes, a few thousand of them overflow HDF5's 64 KiB object
// header ("object header message is too large").
#include <algorithm>
#include <cstring>

#include <balnet/io/h5_file.hpp>

#include "io/detail/h5_detail.hpp"
#include "io/detail/h5_file_impl.hpp"

namespace balnet {

using detail::check;
using detail::checked;
using detail::h5_handle;

void h5_file::write_strings(const std::string& path, const std::vector<std::string>& values) {
    impl& p = writable_impl("write_strings");
    std::size_t width = 1;  // HDF5 has no zero-length string type
    for (const auto& v : values) width = std::max(width, v.size());
    const h5_handle type = checked(H5Tcopy(H5T_C_S1), H5Tclose, "H5Tcopy", path);
    check(H5Tset_size(type.get(), width), "H5Tset_size", path);
    check(H5Tset_strpad(type.get(), H5T_STR_NULLPAD), "H5Tset_strpad", path);
    check(H5Tset_cset(type.get(), H5T_CSET_UTF8), "H5Tset_cset", path);
    std::vector<char> packed(std::max<std::size_t>(values.size(), 1) * width, '\0');
    for (std::size_t i = 0; i < values.size(); ++i)
        std::memcpy(packed.data() + i * width, values[i].data(), values[i].size());
    const h5_handle ds = p.create_dataset(path, type.get(), {values.size()}, {});
    const std::uint64_t n = p.ctx->rank() == 0 ? values.size() : 0;
    p.write_slab(ds.get(), type.get(), 0, n, packed.data(), path);
}

}  // namespace balnet
