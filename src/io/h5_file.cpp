// SPDX-License-Identifier: BSD-3-Clause
// h5_file: lifecycle, attributes and collective writes. Reading is in h5_file_read.cpp.
//
// Collective-write recipe (checked with 2 and 3 ranks): MPI-IO file access
// with collective metadata reads and writes; every object and attribute is created by every
// rank with identical arguments; raw data goes through one collective transfer list, and a
// rank with nothing to write joins with H5Sselect_none on both file and memory space. Datasets
// allocate their space at creation and never write fill values (every element is written).
#include <balnet/io/h5_file.hpp>

#include <mpi.h>

#include <algorithm>

#include <balnet/core/error.hpp>

#include "io/detail/h5_detail.hpp"
#include "io/detail/h5_file_impl.hpp"

namespace balnet {

using detail::check;
using detail::checked;
using detail::h5_handle;
using detail::h5_type;

namespace {

h5_handle parallel_fapl() {
    h5_handle fapl = checked(H5Pcreate(H5P_FILE_ACCESS), H5Pclose, "H5Pcreate", "file access");
    // The one MPI handle outside src/comm: the MPI-IO driver needs the communicator itself.
    check(H5Pset_fapl_mpio(fapl.get(), MPI_COMM_WORLD, MPI_INFO_NULL), "H5Pset_fapl_mpio", "");
    check(H5Pset_all_coll_metadata_ops(fapl.get(), 1), "H5Pset_all_coll_metadata_ops", "");
    check(H5Pset_coll_metadata_write(fapl.get(), 1), "H5Pset_coll_metadata_write", "");
    return fapl;
}

h5_handle collective_dxpl() {
    h5_handle dxpl = checked(H5Pcreate(H5P_DATASET_XFER), H5Pclose, "H5Pcreate", "transfer");
    check(H5Pset_dxpl_mpio(dxpl.get(), H5FD_MPIO_COLLECTIVE), "H5Pset_dxpl_mpio", "");
    return dxpl;
}

void write_string(hid_t obj, const std::string& name, const std::string& value,
                  const std::string& where) {
    const h5_handle t = detail::vl_string_type();
    const char* p = value.c_str();
    detail::write_attribute(obj, name, t.get(), t.get(), {}, &p, where);
}

h5_handle sorting_enum_type() {
    h5_handle t = checked(H5Tenum_create(H5T_STD_U8LE), H5Tclose, "H5Tenum_create", "sorting");
    const std::pair<const char*, std::uint8_t> members[] = {{"none", 0}, {"by_id", 1}, {"by_time", 2}};
    for (const auto& [name, value] : members)
        check(H5Tenum_insert(t.get(), name, &value), "H5Tenum_insert", name);
    return t;
}

}  // namespace

// ---- lifecycle ----------------------------------------------------------------------------

h5_file::h5_file(std::unique_ptr<impl> p) : impl_(std::move(p)) {}
h5_file::h5_file(h5_file&&) noexcept = default;
h5_file& h5_file::operator=(h5_file&&) noexcept = default;  // closes the old file
// A parallel file's close is collective. While an exception unwinds, this rank may be the only
// one leaving (an error seen by one rank): a collective close would wait for ranks that never
// come, and the job would hang instead of being aborted by report_error (app/commands.cpp). The
// handle is then left open (HDF5 never closes it by itself: h5_library.hpp); a stop all ranks
// agreed on calls close() first.
h5_file::~h5_file() {
    if (impl_ && impl_->ctx && impl_->ctx->size() > 1 &&
        std::uncaught_exceptions() > impl_->unwinding) {
        impl_->dxpl.release();
        impl_->file.release();
    }
}

void h5_file::close() {
    impl& p = writable_impl("close");
    p.dxpl.reset();
    const herr_t closed = p.file.reset();
    const std::string reason = closed < 0 ? detail::take_error_stack() : std::string();
    if (p.ctx->any(closed < 0))  // every rank agreed: one message, no abort (main.cpp)
        throw collective_error("cannot write '" + p.path + "' (closing it failed: " +
                                   (reason.empty() ? "on another rank" : reason) + ")", 2);
}

namespace {

// Creates (truncating) or reopens `path` on every rank with the MPI-IO driver; all ranks agree on
// failure so that none goes on to the next collective alone.
h5_handle open_parallel(const std::string& path, const context& ctx, bool create) {
    const h5_handle fapl = parallel_fapl();
    const hid_t id = create ? H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl.get())
                            : H5Fopen(path.c_str(), H5F_ACC_RDWR, fapl.get());
    const std::string reason = id < 0 ? detail::take_error_stack() : std::string();
    h5_handle file;
    if (id >= 0) file = h5_handle(id, H5Fclose);
    if (ctx.any(id < 0)) {
        file.reset();
        throw io_error(std::string(create ? "cannot create file at " : "cannot reopen file at ") +
                       path + ": " + (reason.empty() ? "failed on another rank" : reason));
    }
    return file;
}

}  // namespace

h5_file h5_file::create(const std::string& path, const context& ctx) {
    detail::silence_hdf5_errors();
    auto p = std::make_unique<impl>();
    p->path = path;
    p->ctx.emplace(ctx);
    p->file = open_parallel(path, ctx, true);
    p->dxpl = collective_dxpl();
    h5_file f(std::move(p));
    f.write_attribute("/", "status", std::string("running"));
    return f;
}

h5_file h5_file::open_append(const std::string& path, const context& ctx) {
    detail::silence_hdf5_errors();
    auto p = std::make_unique<impl>();
    p->path = path;
    p->ctx.emplace(ctx);
    p->file = open_parallel(path, ctx, false);
    p->dxpl = collective_dxpl();
    h5_file f(std::move(p));
    f.write_attribute("/", "status", std::string("running"));
    return f;
}

h5_file h5_file::open_read(const std::string& path) {
    detail::silence_hdf5_errors();
    auto p = std::make_unique<impl>();
    p->path = path;
    const hid_t id = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    if (id < 0)
        throw io_error("cannot open file at " + path + ": " + detail::take_error_stack());
    p->file = h5_handle(id, H5Fclose);
    return h5_file(std::move(p));
}

void h5_file::finish() {
    impl& p = writable_impl("finish");
    const ssize_t open_objects =
        H5Fget_obj_count(p.file.get(), H5F_OBJ_DATASET | H5F_OBJ_GROUP | H5F_OBJ_DATATYPE |
                                           H5F_OBJ_ATTR | H5F_OBJ_LOCAL);
    if (open_objects != 0)
        throw h5_error("h5_file::finish: " + std::to_string(open_objects) +
                       " object(s) of '" + p.path + "' still open (close 2-D datasets first)");
    close();
    // Only a file that closed cleanly is marked complete: rank 0 reopens it serially.
    std::string failure;
    if (p.ctx->rank() == 0) {
        try {
            const h5_handle f = checked(H5Fopen(p.path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT),
                                        H5Fclose, "H5Fopen", p.path);
            write_string(f.get(), "status", "complete", p.path + ":/");
        } catch (const error& e) {
            failure = e.what();
        }
    }
    failure = p.ctx->broadcast(failure);
    if (!failure.empty()) throw collective_error("marking '" + p.path + "' complete failed: " + failure, 2);
}

std::string h5_file::path() const { return impl_ ? impl_->path : std::string(); }

bool h5_file::is_open() const noexcept { return impl_ && impl_->file.valid(); }

h5_file::impl& h5_file::open_impl(const char* what) const {
    if (!is_open()) throw h5_error(std::string("h5_file::") + what + ": the file is not open");
    return *impl_;
}

h5_file::impl& h5_file::writable_impl(const char* what) const {
    impl& p = open_impl(what);
    if (!p.ctx) throw h5_error(std::string("h5_file::") + what + ": '" + p.path + "' is open read-only");
    return p;
}

// ---- attributes ---------------------------------------------------------------------------

void h5_file::write_attribute(const std::string& object, const std::string& name,
                              const std::string& value) {
    impl& p = writable_impl("write_attribute");
    const h5_handle obj = detail::open_or_create_group(p.file.get(), object);
    write_string(obj.get(), name, value, object);
}

void h5_file::write_attribute(const std::string& object, const std::string& name, double value) {
    impl& p = writable_impl("write_attribute");
    const h5_handle obj = detail::open_or_create_group(p.file.get(), object);
    detail::write_attribute(obj.get(), name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, {}, &value, object);
}

void h5_file::write_attribute(const std::string& object, const std::string& name,
                              std::int64_t value) {
    impl& p = writable_impl("write_attribute");
    const h5_handle obj = detail::open_or_create_group(p.file.get(), object);
    detail::write_attribute(obj.get(), name, H5T_STD_I64LE, H5T_NATIVE_INT64, {}, &value, object);
}

void h5_file::write_attribute(const std::string& object, const std::string& name,
                              std::uint64_t value) {
    impl& p = writable_impl("write_attribute");
    const h5_handle obj = detail::open_or_create_group(p.file.get(), object);
    detail::write_attribute(obj.get(), name, H5T_STD_U64LE, H5T_NATIVE_UINT64, {}, &value, object);
}

void h5_file::write_attribute(const std::string& object, const std::string& name,
                              std::span<const double> values) {
    impl& p = writable_impl("write_attribute");
    const h5_handle obj = detail::open_or_create_group(p.file.get(), object);
    const double dummy = 0.0;  // HDF5 wants a buffer even for zero elements
    detail::write_attribute(obj.get(), name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE,
                            {static_cast<hsize_t>(values.size())},
                            values.empty() ? &dummy : values.data(), object);
}

void h5_file::write_attribute(const std::string& object, const std::string& name,
                              const std::vector<std::string>& values) {
    impl& p = writable_impl("write_attribute");
    const h5_handle obj = detail::open_or_create_group(p.file.get(), object);
    std::vector<const char*> ptrs;
    for (const auto& v : values) ptrs.push_back(v.c_str());
    const char* dummy = "";
    const h5_handle t = detail::vl_string_type();
    detail::write_attribute(obj.get(), name, t.get(), t.get(),
                            {static_cast<hsize_t>(values.size())},
                            ptrs.empty() ? &dummy : ptrs.data(), object);
}

// ---- datasets -----------------------------------------------------------------------------

h5_handle h5_file::impl::create_dataset(const std::string& where, hid_t file_type,
                                        const std::vector<hsize_t>& dims,
                                        const std::vector<hsize_t>& chunk) const {
    detail::split_path(where);
    if (detail::path_exists(file.get(), where))
        throw h5_error("HDF5 object '" + where + "' already exists in " + path);
    const h5_handle space = detail::make_space(dims, where);
    const h5_handle dcpl = checked(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "H5Pcreate", where);
    check(H5Pset_fill_time(dcpl.get(), H5D_FILL_TIME_NEVER), "H5Pset_fill_time", where);
    check(H5Pset_alloc_time(dcpl.get(), H5D_ALLOC_TIME_EARLY), "H5Pset_alloc_time", where);
    if (!chunk.empty())
        check(H5Pset_chunk(dcpl.get(), static_cast<int>(chunk.size()), chunk.data()),
              "H5Pset_chunk", where);
    const h5_handle lcpl = detail::intermediate_lcpl();
    return checked(H5Dcreate2(file.get(), where.c_str(), file_type, space.get(), lcpl.get(),
                              dcpl.get(), H5P_DEFAULT),
                   H5Dclose, "H5Dcreate2", where);
}

void h5_file::impl::write_units(hid_t dataset, const std::string& units,
                                const std::string& where) const {
    if (!units.empty()) write_string(dataset, "units", units, where);
}

/// Writes `n` elements at `offset` of a 1-D dataset; n = 0 joins with an empty selection.
void h5_file::impl::write_slab(hid_t dataset, hid_t mem_type, std::uint64_t offset,
                               std::uint64_t n, const void* data, const std::string& where) const {
    const h5_handle fspace = checked(H5Dget_space(dataset), H5Sclose, "H5Dget_space", where);
    // An empty dataset has no storage to write to (HDF5 fails on it); it is empty everywhere.
    if (detail::element_count(fspace.get(), where) == 0) return;
    const h5_handle mspace = detail::make_space({static_cast<hsize_t>(std::max<std::uint64_t>(n, 1))}, where);
    if (n == 0) {
        check(H5Sselect_none(fspace.get()), "H5Sselect_none", where);
        check(H5Sselect_none(mspace.get()), "H5Sselect_none", where);
    } else {
        const hsize_t start = offset, count = n;
        check(H5Sselect_hyperslab(fspace.get(), H5S_SELECT_SET, &start, nullptr, &count, nullptr),
              "H5Sselect_hyperslab", where);
    }
    static const std::uint64_t dummy = 0;
    detail::agree_room(*ctx, n * H5Tget_size(mem_type), path);
    detail::agree_written(*ctx, H5Dwrite(dataset, mem_type, mspace.get(), fspace.get(), dxpl.get(), n ? data : &dummy),
                          where, path);
}

void h5_file::write_scalar(const std::string& path, double value, const std::string& units) {
    impl& p = writable_impl("write_scalar");
    const h5_handle ds = p.create_dataset(path, H5T_IEEE_F64LE, {}, {});
    const h5_handle fspace = checked(H5Dget_space(ds.get()), H5Sclose, "H5Dget_space", path);
    const h5_handle mspace = detail::make_space({}, path);
    if (p.ctx->rank() != 0) {
        check(H5Sselect_none(fspace.get()), "H5Sselect_none", path);
        check(H5Sselect_none(mspace.get()), "H5Sselect_none", path);
    }
    check(H5Dwrite(ds.get(), H5T_NATIVE_DOUBLE, mspace.get(), fspace.get(), p.dxpl.get(), &value),
          "H5Dwrite", path);
    p.write_units(ds.get(), units, path);
}

void h5_file::write_scalar(const std::string& path, std::uint64_t value, const std::string& units) {
    impl& p = writable_impl("write_scalar");
    const h5_handle ds = p.create_dataset(path, H5T_STD_U64LE, {}, {});
    const h5_handle fspace = checked(H5Dget_space(ds.get()), H5Sclose, "H5Dget_space", path);
    const h5_handle mspace = detail::make_space({}, path);
    if (p.ctx->rank() != 0) {
        check(H5Sselect_none(fspace.get()), "H5Sselect_none", path);
        check(H5Sselect_none(mspace.get()), "H5Sselect_none", path);
    }
    check(H5Dwrite(ds.get(), H5T_NATIVE_UINT64, mspace.get(), fspace.get(), p.dxpl.get(), &value),
          "H5Dwrite", path);
    p.write_units(ds.get(), units, path);
}

template <typename T>
void h5_file::impl::write_same(const std::string& where, std::span<const T> values,
                               const std::string& units) const {
    const h5_handle ds = create_dataset(where, h5_type<T>::file(), {values.size()}, {});
    const std::uint64_t n = ctx->rank() == 0 ? values.size() : 0;
    write_slab(ds.get(), h5_type<T>::mem(), 0, n, values.data(), where);
    write_units(ds.get(), units, where);
}

void h5_file::write_array(const std::string& path, std::span<const double> values,
                          const std::string& units) {
    writable_impl("write_array").write_same(path, values, units);
}
void h5_file::write_array(const std::string& path, std::span<const std::uint64_t> values,
                          const std::string& units) {
    writable_impl("write_array").write_same(path, values, units);
}
void h5_file::write_array(const std::string& path, std::span<const std::int64_t> values,
                          const std::string& units) {
    writable_impl("write_array").write_same(path, values, units);
}

template <typename T>
void h5_file::write_distributed(const std::string& path, std::span<const T> local,
                                std::uint64_t offset, std::uint64_t global_size,
                                const std::string& units) {
    impl& p = writable_impl("write_distributed");
    if (offset > global_size || local.size() > global_size - offset)
        throw h5_error("write_distributed '" + path + "': block [" + std::to_string(offset) +
                       ", +" + std::to_string(local.size()) + ") outside global size " +
                       std::to_string(global_size));
    const h5_handle ds = p.create_dataset(path, h5_type<T>::file(), {global_size}, {});
    p.write_slab(ds.get(), h5_type<T>::mem(), offset, local.size(), local.data(), path);
    p.write_units(ds.get(), units, path);
}

template void h5_file::write_distributed<double>(const std::string&, std::span<const double>,
                                                 std::uint64_t, std::uint64_t, const std::string&);
template void h5_file::write_distributed<float>(const std::string&, std::span<const float>,
                                                std::uint64_t, std::uint64_t, const std::string&);
template void h5_file::write_distributed<std::uint64_t>(const std::string&,
                                                        std::span<const std::uint64_t>,
                                                        std::uint64_t, std::uint64_t,
                                                        const std::string&);
template void h5_file::write_distributed<std::int64_t>(const std::string&,
                                                       std::span<const std::int64_t>,
                                                       std::uint64_t, std::uint64_t,
                                                       const std::string&);
template void h5_file::write_distributed<std::uint32_t>(const std::string&,
                                                        std::span<const std::uint32_t>,
                                                        std::uint64_t, std::uint64_t,
                                                        const std::string&);

// ---- SONATA spikes --------------------------------------------------------------------------

namespace {

// The report's sorting attribute and SONATA's root attributes (every rank writes them:
// attributes are collective).
void write_report_attributes(hid_t file, const std::string& group, spike_sorting sorting) {
    const h5_handle g = detail::open_object(file, group);
    const h5_handle t = sorting_enum_type();
    const auto value = static_cast<std::uint8_t>(sorting);
    detail::write_attribute(g.get(), "sorting", t.get(), t.get(), {}, &value, group);
    const h5_handle root = detail::open_object(file, "/");
    const std::uint32_t magic = 0x0A7A;
    const std::uint32_t version[2] = {0, 1};
    detail::write_attribute(root.get(), "magic", H5T_STD_U32LE, H5T_NATIVE_UINT32, {}, &magic, "/");
    detail::write_attribute(root.get(), "version", H5T_STD_U32LE, H5T_NATIVE_UINT32, {2}, version, "/");
}

// An empty 1-D dataset that can grow without bound, in chunks of `chunk` elements.
h5_handle create_extendible(hid_t file, const std::string& where, hid_t file_type, hsize_t chunk) {
    const hsize_t zero = 0, unlimited = H5S_UNLIMITED;
    const h5_handle space = checked(H5Screate_simple(1, &zero, &unlimited), H5Sclose, "H5Screate_simple", where);
    const h5_handle dcpl = checked(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "H5Pcreate", where);
    check(H5Pset_fill_time(dcpl.get(), H5D_FILL_TIME_NEVER), "H5Pset_fill_time", where);
    check(H5Pset_chunk(dcpl.get(), 1, &chunk), "H5Pset_chunk", where);
    const h5_handle lcpl = detail::intermediate_lcpl();
    return checked(H5Dcreate2(file, where.c_str(), file_type, space.get(), lcpl.get(), dcpl.get(), H5P_DEFAULT),
                   H5Dclose, "H5Dcreate2", where);
}

std::uint64_t extent_of(hid_t dataset, const std::string& where) {
    const h5_handle space = checked(H5Dget_space(dataset), H5Sclose, "H5Dget_space", where);
    return detail::element_count(space.get(), where);
}

// Spike report chunks: 16 Ki entries (128 KiB), small enough for short runs' files.
constexpr hsize_t report_chunk = 16384;
// Chunks of streamed arrays (a 1 ms histogram grows by 100 entries per flush): 4 Ki entries.
constexpr hsize_t array_chunk = 4096;

}  // namespace

void h5_file::write_spikes(const std::string& population, std::span<const std::uint64_t> node_ids,
                           std::span<const double> timestamps, spike_sorting sorting) {
    impl& p = writable_impl("write_spikes");
    if (node_ids.size() != timestamps.size())
        throw h5_error("write_spikes '" + population + "': " + std::to_string(node_ids.size()) +
                       " node ids but " + std::to_string(timestamps.size()) + " timestamps");
    const std::uint64_t n = node_ids.size();
    const std::uint64_t offset = p.ctx->exclusive_scan(n);
    const std::uint64_t total = p.ctx->sum(n);
    const std::string group = "/spikes/" + population;
    write_distributed(group + "/node_ids", node_ids, offset, total, "");
    write_distributed(group + "/timestamps", timestamps, offset, total, "ms");
    write_report_attributes(p.file.get(), group, sorting);
}

void h5_file::append_spikes(const std::string& population, std::span<const std::uint64_t> node_ids,
                            std::span<const double> timestamps, spike_sorting sorting, const std::string& root) {
    impl& p = writable_impl("append_spikes");
    if (node_ids.size() != timestamps.size())
        throw h5_error("append_spikes '" + population + "': " + std::to_string(node_ids.size()) +
                       " node ids but " + std::to_string(timestamps.size()) + " timestamps");
    const std::string group = root + "/" + population;
    const std::string ids_path = group + "/node_ids", ts_path = group + "/timestamps";
    if (!detail::path_exists(p.file.get(), ids_path)) {
        create_extendible(p.file.get(), ids_path, H5T_STD_U64LE, report_chunk);
        const h5_handle ts = create_extendible(p.file.get(), ts_path, H5T_IEEE_F64LE, report_chunk);
        p.write_units(ts.get(), "ms", ts_path);
        write_report_attributes(p.file.get(), group, sorting);
    }
    p.append_slabs({{ids_path, H5T_NATIVE_UINT64, node_ids.data()}, {ts_path, H5T_NATIVE_DOUBLE, timestamps.data()}},
                   node_ids.size());
}

// Collective: grows every dataset of `parts` by the sum of the ranks' `n` and writes each rank's
// block after the lower ranks' ones.
void h5_file::impl::append_slabs(std::initializer_list<slab_part> parts, std::uint64_t n) {
    const std::uint64_t offset = ctx->exclusive_scan(n);
    const std::uint64_t total = ctx->sum(n);
    if (total == 0) return;  // the same answer on every rank: nobody writes
    for (const auto& part : parts) {
        const h5_handle ds = detail::open_object(file.get(), part.path);
        const std::uint64_t old = extent_of(ds.get(), part.path);
        const hsize_t grown = old + total;
        check(H5Dset_extent(ds.get(), &grown), "H5Dset_extent", part.path);
        write_slab(ds.get(), part.mem_type, old + offset, n, part.data, part.path);
    }
}

void h5_file::truncate_spikes(const std::string& population, std::uint64_t n, const std::string& root) {
    for (const char* name : {"/node_ids", "/timestamps"}) truncate_array(root + "/" + population + name, n);
}

std::uint64_t h5_file::spike_count(const std::string& population, const std::string& root) const {
    return array_length(root + "/" + population + "/node_ids");
}

void h5_file::write_soft_link(const std::string& link, const std::string& target) {
    impl& p = writable_impl("write_soft_link");
    const h5_handle lcpl = detail::intermediate_lcpl();
    check(H5Lcreate_soft(target.c_str(), p.file.get(), link.c_str(), lcpl.get(), H5P_DEFAULT), "H5Lcreate_soft", link);
}

void h5_file::append_array(const std::string& path, std::span<const double> local, const std::string& units) {
    impl& p = writable_impl("append_array");
    if (!detail::path_exists(p.file.get(), path)) {
        const h5_handle ds = create_extendible(p.file.get(), path, H5T_IEEE_F64LE, array_chunk);
        p.write_units(ds.get(), units, path);
    }
    p.append_slabs({{path, H5T_NATIVE_DOUBLE, local.data()}}, local.size());
}

void h5_file::truncate_array(const std::string& path, std::uint64_t n) {
    impl& p = writable_impl("truncate_array");
    if (!detail::path_exists(p.file.get(), path)) return;
    const h5_handle ds = detail::open_object(p.file.get(), path);
    const std::uint64_t have = extent_of(ds.get(), path);
    if (have < n)
        throw io_error("the dataset " + path + " of " + p.path + " holds " + std::to_string(have) +
                       " entries, fewer than the " + std::to_string(n) + " its checkpoint counted");
    const hsize_t size = n;
    check(H5Dset_extent(ds.get(), &size), "H5Dset_extent", path);
}

std::uint64_t h5_file::array_length(const std::string& path) const {
    const impl& p = open_impl("array_length");
    if (!detail::path_exists(p.file.get(), path)) return 0;
    const h5_handle ds = detail::open_object(p.file.get(), path);
    return extent_of(ds.get(), path);
}

void h5_file::flush() {
    impl& p = writable_impl("flush");
    check(H5Fflush(p.file.get(), H5F_SCOPE_GLOBAL), "H5Fflush", p.path);
}

void h5_file::remove(const std::string& path) {
    impl& p = writable_impl("remove");
    if (!detail::path_exists(p.file.get(), path)) return;
    check(H5Ldelete(p.file.get(), path.c_str(), H5P_DEFAULT), "H5Ldelete", path);
}

}  // namespace balnet
