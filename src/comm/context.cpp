// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/comm/context.hpp>

#include <mpi.h>

#include <algorithm>
#include <cstdlib>
#include <limits>

#include <balnet/core/error.hpp>

namespace balnet {
namespace {

void check(int code, const char* call) {
    if (code != MPI_SUCCESS) {
        char msg[MPI_MAX_ERROR_STRING];
        int len = 0;
        MPI_Error_string(code, msg, &len);
        throw mpi_error(std::string(call) + " failed: " + std::string(msg, len));
    }
}

template <typename T>
MPI_Datatype mpi_type();
template <> MPI_Datatype mpi_type<double>() { return MPI_DOUBLE; }
template <> MPI_Datatype mpi_type<std::int64_t>() { return MPI_INT64_T; }
template <> MPI_Datatype mpi_type<std::uint64_t>() { return MPI_UINT64_T; }

template <typename T>
T reduce(MPI_Comm comm, T v, MPI_Op op) {
    T out{};
    check(MPI_Allreduce(&v, &out, 1, mpi_type<T>(), op, comm), "MPI_Allreduce");
    return out;
}

template <typename T>
void reduce_inplace(MPI_Comm comm, std::span<T> v, MPI_Op op) {
    // MPI counts are int: reduce in chunks so that any length works.
    constexpr std::size_t chunk = 1u << 28;
    for (std::size_t i = 0; i < v.size(); i += chunk) {
        const auto n = static_cast<int>(std::min(chunk, v.size() - i));
        check(MPI_Allreduce(MPI_IN_PLACE, v.data() + i, n, mpi_type<T>(), op, comm),
              "MPI_Allreduce");
    }
}

}  // namespace

struct context::impl {
    MPI_Comm comm = MPI_COMM_WORLD;
    int rank = 0;
    int size = 1;
};

context::context() : impl_(std::make_unique<impl>()) {
    int initialised = 0;
    MPI_Initialized(&initialised);
    if (!initialised) throw internal_error("context created before MPI was initialised");
    MPI_Comm_rank(impl_->comm, &impl_->rank);
    MPI_Comm_size(impl_->comm, &impl_->size);
}
context::~context() = default;
context::context(const context& o) : impl_(std::make_unique<impl>(*o.impl_)) {}
context& context::operator=(const context& o) {
    *impl_ = *o.impl_;
    return *this;
}

double context::node_sum(double v) const {
    MPI_Comm node = MPI_COMM_NULL;
    check(MPI_Comm_split_type(impl_->comm, MPI_COMM_TYPE_SHARED, impl_->rank, MPI_INFO_NULL, &node),
          "MPI_Comm_split_type");
    double out = 0;
    const int rc = MPI_Allreduce(&v, &out, 1, MPI_DOUBLE, MPI_SUM, node);
    MPI_Comm_free(&node);  // freed before check() may throw: no leaked communicator
    check(rc, "MPI_Allreduce");
    return out;
}

int context::rank() const noexcept { return impl_->rank; }
int context::size() const noexcept { return impl_->size; }
void context::barrier() const { check(MPI_Barrier(impl_->comm), "MPI_Barrier"); }

double context::sum(double v) const { return reduce(impl_->comm, v, MPI_SUM); }
std::int64_t context::sum(std::int64_t v) const { return reduce(impl_->comm, v, MPI_SUM); }
std::uint64_t context::sum(std::uint64_t v) const { return reduce(impl_->comm, v, MPI_SUM); }
double context::min(double v) const { return reduce(impl_->comm, v, MPI_MIN); }
double context::max(double v) const { return reduce(impl_->comm, v, MPI_MAX); }
std::int64_t context::min(std::int64_t v) const { return reduce(impl_->comm, v, MPI_MIN); }
std::int64_t context::max(std::int64_t v) const { return reduce(impl_->comm, v, MPI_MAX); }
bool context::any(bool v) const {
    return reduce(impl_->comm, static_cast<std::int64_t>(v), MPI_MAX) != 0;
}

context::value_loc context::max_loc(double value, std::uint64_t loc) const {
    if (loc > static_cast<std::uint64_t>(std::numeric_limits<int>::max()))
        throw mpi_error("max_loc: location " + std::to_string(loc) + " does not fit MPI_DOUBLE_INT");
    struct {
        double value;
        int loc;
    } in{value, static_cast<int>(loc)}, out{};
    check(MPI_Allreduce(&in, &out, 1, MPI_DOUBLE_INT, MPI_MAXLOC, impl_->comm), "MPI_Allreduce");
    return {out.value, static_cast<std::uint64_t>(out.loc)};
}

void context::sum_inplace(std::span<double> v) const { reduce_inplace(impl_->comm, v, MPI_SUM); }
void context::sum_inplace(std::span<std::int64_t> v) const {
    reduce_inplace(impl_->comm, v, MPI_SUM);
}
void context::sum_inplace(std::span<std::uint64_t> v) const {
    reduce_inplace(impl_->comm, v, MPI_SUM);
}
void context::xor_inplace(std::span<std::uint64_t> v) const {
    reduce_inplace(impl_->comm, v, MPI_BXOR);
}

// Header per entry, reduced with MPI_MAX: -first, last (the union of the non-zero limb ranges;
// an empty range counts as [n_limbs, 0)), then the NaN, +inf and -inf flags. Then the limbs of
// every entry's union range, normalised (|limb| <= 2^31, so a sum over < 2^31 ranks fits),
// reduced with MPI_SUM: integer sums, exact in any order.
void context::sum_exact(std::span<exact_sum> v) const {
    constexpr std::size_t header = 5;
    constexpr auto n_limbs = static_cast<std::int64_t>(exact_sum::n_limbs);
    std::vector<std::int64_t> head(header * v.size());
    for (std::size_t i = 0; i < v.size(); ++i) {
        const auto [first, last] = v[i].normalised_support();
        std::int64_t* h = head.data() + header * i;
        h[0] = first < last ? -static_cast<std::int64_t>(first) : -n_limbs;
        h[1] = static_cast<std::int64_t>(last);
        h[2] = v[i].has_nan(), h[3] = v[i].has_pos_inf(), h[4] = v[i].has_neg_inf();
    }
    reduce_inplace(impl_->comm, std::span<std::int64_t>(head), MPI_MAX);
    std::vector<std::int64_t> limbs;
    for (std::size_t i = 0; i < v.size(); ++i)
        for (std::int64_t j = -head[header * i]; j < head[header * i + 1]; ++j)
            limbs.push_back(v[i].limb(static_cast<std::size_t>(j)));
    reduce_inplace(impl_->comm, std::span<std::int64_t>(limbs), MPI_SUM);
    std::size_t pos = 0;
    for (std::size_t i = 0; i < v.size(); ++i) {
        const std::int64_t* h = head.data() + header * i;
        const auto n = static_cast<std::size_t>(std::max<std::int64_t>(0, h[1] + h[0]));
        v[i].assign(static_cast<std::size_t>(-h[0]), std::span<const std::int64_t>(limbs.data() + pos, n),
                    h[2] != 0, h[3] != 0, h[4] != 0);
        pos += n;
    }
}

double context::sum_exact(const exact_sum& v) const {
    exact_sum s = v;
    sum_exact(std::span<exact_sum>(&s, 1));
    return s.to_double();
}

std::vector<double> context::sum_exact(const exact_series& local) const {
    const auto n = static_cast<std::int64_t>(local.size());
    if (min(n) != max(n))
        throw internal_error("sum_exact: the ranks hold series of different lengths");
    constexpr std::size_t block = 1024;
    std::vector<double> out;
    out.reserve(local.size());
    std::vector<exact_sum> acc(std::min(block, local.size()));
    const auto counts = local.counts();
    const auto terms = local.terms();
    std::size_t term = 0;
    for (std::size_t first = 0; first < local.size(); first += block) {
        const std::size_t m = std::min(block, local.size() - first);
        for (std::size_t i = 0; i < m; ++i) {
            acc[i].clear();
            for (std::size_t j = 0; j < counts[first + i]; ++j) acc[i].add(terms[term++]);
        }
        sum_exact(std::span<exact_sum>(acc.data(), m));
        for (std::size_t i = 0; i < m; ++i) out.push_back(acc[i].to_double());
    }
    return out;
}

std::uint64_t context::exclusive_scan(std::uint64_t v) const {
    std::uint64_t out = 0;
    check(MPI_Exscan(&v, &out, 1, MPI_UINT64_T, MPI_SUM, impl_->comm), "MPI_Exscan");
    return impl_->rank == 0 ? 0 : out;  // MPI leaves rank 0's result undefined
}

std::string context::broadcast(const std::string& s, int root) const {
    std::uint64_t n = s.size();
    check(MPI_Bcast(&n, 1, MPI_UINT64_T, root, impl_->comm), "MPI_Bcast");
    std::string out = impl_->rank == root ? s : std::string(n, '\0');
    check(MPI_Bcast(out.data(), static_cast<int>(n), MPI_CHAR, root, impl_->comm), "MPI_Bcast");
    return out;
}

std::string context::mpi_library_version() {
    char text[MPI_MAX_LIBRARY_VERSION_STRING] = {};
    int len = 0;
    if (MPI_Get_library_version(text, &len) != MPI_SUCCESS) return "unknown";
    std::string v(text, static_cast<std::size_t>(std::max(len, 0)));
    const auto eol = v.find_first_of("\r\n,");
    return v.substr(0, eol);
}

std::string context::host_name() {
    char name[MPI_MAX_PROCESSOR_NAME] = {};
    int len = 0;
    if (MPI_Get_processor_name(name, &len) != MPI_SUCCESS) return "unknown";
    return std::string(name, static_cast<std::size_t>(std::max(len, 0)));
}

void context::abort(int code) const { MPI_Abort(impl_->comm, code); std::abort(); }

std::vector<std::byte> context::allgatherv_bytes(std::span<const std::byte> local,
                                                 std::size_t elem,
                                                 std::vector<std::uint64_t>& counts) const {
    const int p = impl_->size;
    std::uint64_t n = local.size() / elem;
    counts.assign(p, 0);
    check(MPI_Allgather(&n, 1, MPI_UINT64_T, counts.data(), 1, MPI_UINT64_T, impl_->comm),
          "MPI_Allgather");
    std::vector<int> bytes(p), displs(p);
    std::uint64_t total = 0;
    for (int r = 0; r < p; ++r) {
        const std::uint64_t b = counts[r] * elem;
        if (total + b > static_cast<std::uint64_t>(std::numeric_limits<int>::max()))
            throw mpi_error("gather_all: more than 2 GiB in one exchange");
        bytes[r] = static_cast<int>(b);
        displs[r] = static_cast<int>(total);
        total += b;
    }
    std::vector<std::byte> out(total);
    check(MPI_Allgatherv(local.data(), static_cast<int>(local.size()), MPI_BYTE, out.data(),
                         bytes.data(), displs.data(), MPI_BYTE, impl_->comm),
          "MPI_Allgatherv");
    return out;
}

}  // namespace balnet
