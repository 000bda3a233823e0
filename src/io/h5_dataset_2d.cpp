// SPDX-License-Identifier: BSD-3-Clause
// h5_dataset_2d and h5_file::create_2d: [sample, neuron] datasets chunked along time and
// written in blocks by every rank collectively (a rank with no block selects nothing).
#include <algorithm>

#include <balnet/core/error.hpp>
#include <balnet/io/h5_file.hpp>

#include "io/detail/h5_detail.hpp"
#include "io/detail/h5_file_impl.hpp"

namespace balnet {

using detail::check;
using detail::checked;
using detail::h5_handle;

template <typename T>
h5_dataset_2d<T>::h5_dataset_2d() = default;
template <typename T>
h5_dataset_2d<T>::h5_dataset_2d(std::unique_ptr<impl> p) : impl_(std::move(p)) {}
template <typename T>
h5_dataset_2d<T>::~h5_dataset_2d() = default;
template <typename T>
h5_dataset_2d<T>::h5_dataset_2d(h5_dataset_2d&&) noexcept = default;
template <typename T>
h5_dataset_2d<T>& h5_dataset_2d<T>::operator=(h5_dataset_2d&&) noexcept = default;

template <typename T>
std::uint64_t h5_dataset_2d<T>::rows() const noexcept { return impl_ ? impl_->rows : 0; }
template <typename T>
std::uint64_t h5_dataset_2d<T>::cols() const noexcept { return impl_ ? impl_->cols : 0; }
template <typename T>
void h5_dataset_2d<T>::close() noexcept { impl_.reset(); }

template <typename T>
void h5_dataset_2d<T>::write_block(std::uint64_t row0, std::uint64_t nrows, std::uint64_t col0,
                                   std::uint64_t ncols, std::span<const T> data) {
    if (!impl_) throw h5_error("h5_dataset_2d::write_block: the dataset is closed");
    const impl& p = *impl_;
    const std::uint64_t n = nrows * ncols;
    if (row0 > p.rows || nrows > p.rows - row0 || col0 > p.cols || ncols > p.cols - col0 ||
        data.size() != n)
        throw h5_error("write_block '" + p.path + "': block rows [" + std::to_string(row0) + ", +" +
                       std::to_string(nrows) + "), cols [" + std::to_string(col0) + ", +" +
                       std::to_string(ncols) + ") with " + std::to_string(data.size()) +
                       " values does not fit " + std::to_string(p.rows) + " x " +
                       std::to_string(p.cols));
    if (p.rows == 0 || p.cols == 0) return;  // no storage; the same on every rank
    const h5_handle fspace = checked(H5Dget_space(p.dataset.get()), H5Sclose, "H5Dget_space", p.path);
    const h5_handle mspace = detail::make_space({static_cast<hsize_t>(std::max<std::uint64_t>(n, 1))}, p.path);
    if (n == 0) {
        check(H5Sselect_none(fspace.get()), "H5Sselect_none", p.path);
        check(H5Sselect_none(mspace.get()), "H5Sselect_none", p.path);
    } else {
        const hsize_t start[2] = {row0, col0};
        const hsize_t count[2] = {nrows, ncols};
        check(H5Sselect_hyperslab(fspace.get(), H5S_SELECT_SET, start, nullptr, count, nullptr),
              "H5Sselect_hyperslab", p.path);
    }
    static const T dummy{};
    detail::agree_room(*p.ctx, n * sizeof(T), p.file);
    detail::agree_written(*p.ctx, H5Dwrite(p.dataset.get(), detail::h5_type<T>::mem(), mspace.get(), fspace.get(),
                                           p.dxpl.get(), n ? data.data() : &dummy),
                          p.path, p.file);
}

template <typename T>
h5_dataset_2d<T> h5_file::create_2d(const std::string& path, std::uint64_t rows,
                                    std::uint64_t cols, const std::string& units,
                                    std::uint64_t chunk_rows) {
    impl& p = writable_impl("create_2d");
    // Chunks span whole rows of at most ~4 MiB (HDF5's limit is 4 GiB; small chunks keep a
    // flush of a few samples cheap). Empty datasets cannot be chunked: they stay contiguous.
    std::vector<hsize_t> chunk;
    if (rows > 0 && cols > 0) {
        const std::uint64_t max_elems = (std::uint64_t{4} << 20) / sizeof(T);
        const std::uint64_t r = std::clamp<std::uint64_t>(chunk_rows, 1, rows);
        const std::uint64_t c = std::clamp<std::uint64_t>(max_elems / r, 1, cols);
        chunk = {r, c};
    }
    auto d = std::make_unique<typename h5_dataset_2d<T>::impl>();
    d->path = path;
    d->ctx = p.ctx;
    d->file = p.path;
    d->rows = rows;
    d->cols = cols;
    d->dataset = p.create_dataset(path, detail::h5_type<T>::file(), {rows, cols}, chunk);
    p.write_units(d->dataset.get(), units, path);
    d->dxpl = checked(H5Pcopy(p.dxpl.get()), H5Pclose, "H5Pcopy", path);
    return h5_dataset_2d<T>(std::move(d));
}

template <typename T>
h5_dataset_2d<T> h5_file::open_2d(const std::string& path) {
    impl& p = writable_impl("open_2d");
    auto d = std::make_unique<typename h5_dataset_2d<T>::impl>();
    d->path = path;
    d->ctx = p.ctx;
    d->file = p.path;
    d->dataset = checked(H5Dopen2(p.file.get(), path.c_str(), H5P_DEFAULT), H5Dclose, "H5Dopen2", path);
    const h5_handle space = checked(H5Dget_space(d->dataset.get()), H5Sclose, "H5Dget_space", path);
    hsize_t dims[2] = {0, 0};
    if (H5Sget_simple_extent_ndims(space.get()) != 2)
        throw h5_error("h5_file::open_2d: '" + path + "' is not two-dimensional");
    H5Sget_simple_extent_dims(space.get(), dims, nullptr);
    d->rows = dims[0];
    d->cols = dims[1];
    d->dxpl = checked(H5Pcopy(p.dxpl.get()), H5Pclose, "H5Pcopy", path);
    return h5_dataset_2d<T>(std::move(d));
}

template class h5_dataset_2d<double>;
template h5_dataset_2d<double> h5_file::open_2d<double>(const std::string&);
template class h5_dataset_2d<float>;
template h5_dataset_2d<double> h5_file::create_2d<double>(const std::string&, std::uint64_t,
                                                          std::uint64_t, const std::string&,
                                                          std::uint64_t);
template h5_dataset_2d<float> h5_file::create_2d<float>(const std::string&, std::uint64_t,
                                                        std::uint64_t, const std::string&,
                                                        std::uint64_t);

}  // namespace balnet
