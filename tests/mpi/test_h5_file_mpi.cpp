// SPDX-License-Identifier: BSD-3-Clause
// h5_file at any rank count: every rank writes its part collectively (attributes, scalars,
// arrays, distributed vectors with uneven and empty blocks, a 2-D dataset written in row
// flushes by column blocks, a SONATA spike report); then rank 0 reopens the file serially and
// checks every value against a closed-form expectation that does not use the partition.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include <balnet/comm/context.hpp>
#include <balnet/core/error.hpp>
#include <balnet/io/h5_file.hpp>
#include <balnet/network/partition.hpp>

using namespace balnet;

namespace {

/// One file name for all ranks (rank 0's pid), removed at the end of the test.
class h5_mpi : public ::testing::Test {
protected:
    void SetUp() override {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        std::string name = (std::filesystem::temp_directory_path() /
                            ("balnet_h5_" + std::to_string(::getpid()) + "_" + info->name() + ".h5"))
                               .string();
        path_ = ctx_.broadcast(name);
    }
    void TearDown() override {
        ctx_.barrier();
        if (ctx_.rank() == 0) std::filesystem::remove(path_);
    }
    context ctx_;
    std::string path_;
};

double value_of(std::uint64_t gid) { return 1.5 * static_cast<double>(gid) + 0.25; }
double trace_of(std::uint64_t row, std::uint64_t col) {
    return 100.0 * static_cast<double>(row) + static_cast<double>(col);
}

/// This rank's block of a vector of n values value_of(gid), written at its partition offset.
void write_block_vector(h5_file& f, const context& ctx, const std::string& path, std::uint64_t n) {
    const partition part(n, ctx.size(), ctx.rank());
    std::vector<double> local;
    for (auto g = part.begin(); g < part.end(); ++g) local.push_back(value_of(g));
    const std::uint64_t offset = ctx.exclusive_scan(std::uint64_t{local.size()});
    ASSERT_EQ(offset, part.begin());
    f.write_distributed<double>(path, local, offset, n, "1");
}

/// Rank r contributes r spikes: node 10 r + i at time r + 0.5 i (rank 0 none: an empty rank).
void local_spikes(int rank, std::vector<std::uint64_t>& ids, std::vector<double>& times) {
    for (int i = 0; i < rank; ++i) {
        ids.push_back(static_cast<std::uint64_t>(10 * rank + i));
        times.push_back(rank + 0.5 * i);
    }
}

void write_everything(h5_file& f, const context& ctx) {
    f.write_attribute("/", "n_ranks", std::int64_t{ctx.size()});
    f.write_attribute("/meta/provenance", "label", std::string("first"));
    f.write_attribute("/meta/provenance", "label", std::string("Δt = 0.02 τ"));  // replaced
    f.write_attribute("/meta", "dt", 0.02);
    f.write_attribute("/meta", "big", std::uint64_t{(std::uint64_t{1} << 63) + 5});
    f.write_attribute("/meta", "neg", std::int64_t{-42});
    f.write_attribute("/meta", "curve", std::vector<double>{1.5, -2.0, 3e300});
    f.write_attribute("/meta", "names", std::vector<std::string>{"E", "I", ""});
    f.write_scalar("/analysis/m", 0.125, "1");
    f.write_scalar("/analysis/n_count", std::uint64_t{(std::uint64_t{1} << 53) + 1}, "1");
    f.write_array("/analysis/lags", std::vector<double>{0.0, 0.5, 1.0}, "tau");
    f.write_array("/analysis/counts", std::vector<std::uint64_t>{7, 0, std::uint64_t{1} << 40}, "");
    f.write_array("/analysis/signed", std::vector<std::int64_t>{-1, 2}, "1");
    write_block_vector(f, ctx, "/state/x", 10);
    write_block_vector(f, ctx, "/state/small", 2);  // empty ranks from np = 3
    write_block_vector(f, ctx, "/state/none", 0);   // empty everywhere
    const partition p3(3, ctx.size(), ctx.rank());
    std::vector<std::uint32_t> u32;
    std::vector<float> f32;
    for (auto g = p3.begin(); g < p3.end(); ++g) {
        u32.push_back(static_cast<std::uint32_t>(4000000000u + g));
        f32.push_back(static_cast<float>(g) + 0.5f);
    }
    f.write_distributed<std::uint32_t>("/state/u32", u32, p3.begin(), 3, "");
    f.write_distributed<float>("/state/f32", f32, p3.begin(), 3, "mV");
}

/// 7 samples x `cols` neurons, flushed after rows 3, 6 and 7; each rank its column block.
void write_traces(h5_file& f, const context& ctx, const std::string& path, std::uint64_t cols) {
    auto d = f.create_2d<double>(path, 7, cols, "1", 3);
    const partition part(cols, ctx.size(), ctx.rank());
    const std::uint64_t flushes[][2] = {{0, 3}, {3, 3}, {6, 1}};
    for (const auto& [row0, nrows] : flushes) {
        std::vector<double> block;
        for (std::uint64_t r = row0; r < row0 + nrows; ++r)
            for (auto c = part.begin(); c < part.end(); ++c) block.push_back(trace_of(r, c));
        d.write_block(row0, nrows, part.begin(), part.local_size(), block);
    }
}

void check_everything(const h5_file& r, int n_ranks) {
    EXPECT_EQ(r.read_string_attribute("/", "status"), "complete");
    EXPECT_EQ(r.read_int_attribute("/", "n_ranks"), n_ranks);
    EXPECT_EQ(r.read_string_attribute("/meta/provenance", "label"), "Δt = 0.02 τ");
    EXPECT_EQ(r.read_double_attribute("/meta", "dt"), 0.02);
    EXPECT_EQ(r.read_double_attribute("/meta", "big"), std::ldexp(1.0, 63));  // as double
    EXPECT_EQ(r.read_int_attribute("/meta", "neg"), -42);
    EXPECT_EQ(r.read_double_array_attribute("/meta", "curve"), (std::vector<double>{1.5, -2.0, 3e300}));
    EXPECT_EQ(r.read_string_array_attribute("/meta", "names"), (std::vector<std::string>{"E", "I", ""}));
    EXPECT_EQ(r.list("/meta"), (std::vector<std::string>{"provenance"}));
    EXPECT_EQ(r.read_1d("/analysis/m"), std::vector<double>{0.125});
    EXPECT_EQ(r.read_string_attribute("/analysis/m", "units"), "1");
    EXPECT_EQ(r.dataset_type("/analysis/n_count"), "uint64");  // a count: an integer scalar
    EXPECT_EQ(r.read_1d<std::uint64_t>("/analysis/n_count"), std::vector<std::uint64_t>{(std::uint64_t{1} << 53) + 1});
    EXPECT_EQ(r.read_1d("/analysis/n_count"), std::vector<double>{std::ldexp(1.0, 53)});  // converted on read
    EXPECT_EQ(r.read_string_attribute("/analysis/n_count", "units"), "1");
    EXPECT_EQ(r.read_1d("/analysis/lags"), (std::vector<double>{0.0, 0.5, 1.0}));
    EXPECT_EQ(r.read_string_attribute("/analysis/lags", "units"), "tau");
    EXPECT_EQ(r.dataset_type("/analysis/counts"), "uint64");
    EXPECT_EQ(r.read_1d<std::uint64_t>("/analysis/counts"),
              (std::vector<std::uint64_t>{7, 0, std::uint64_t{1} << 40}));
    EXPECT_FALSE(r.has_attribute("/analysis/counts", "units"));
    EXPECT_EQ(r.read_1d<std::int64_t>("/analysis/signed"), (std::vector<std::int64_t>{-1, 2}));
    for (const auto& [name, n] : {std::pair<std::string, std::uint64_t>{"x", 10}, {"small", 2}, {"none", 0}}) {
        std::vector<double> expected;
        for (std::uint64_t g = 0; g < n; ++g) expected.push_back(value_of(g));
        EXPECT_EQ(r.read_1d("/state/" + name), expected) << name;
        EXPECT_EQ(r.dataset_type("/state/" + name), "float64");
    }
    EXPECT_EQ(r.read_1d<std::uint32_t>("/state/u32"),
              (std::vector<std::uint32_t>{4000000000u, 4000000001u, 4000000002u}));
    EXPECT_EQ(r.dataset_type("/state/u32"), "uint32");
    EXPECT_EQ(r.read_1d<float>("/state/f32"), (std::vector<float>{0.5f, 1.5f, 2.5f}));
    EXPECT_EQ(r.dataset_type("/state/f32"), "float32");
    EXPECT_EQ(r.read_string_attribute("/state/f32", "units"), "mV");
}

void check_traces(const h5_file& r, const std::string& path, std::uint64_t cols) {
    const auto m = r.read_2d(path);
    ASSERT_EQ(m.rows, 7u);
    ASSERT_EQ(m.cols, cols);
    for (std::uint64_t row = 0; row < 7; ++row)
        for (std::uint64_t c = 0; c < cols; ++c) EXPECT_EQ(m.at(row, c), trace_of(row, c));
    EXPECT_EQ(r.chunk_shape(path), (std::vector<std::uint64_t>{3, cols}));
}

void check_spikes(const h5_file& r, int n_ranks) {
    std::vector<std::uint64_t> ids;
    std::vector<double> times;
    for (int rank = 0; rank < n_ranks; ++rank) local_spikes(rank, ids, times);
    EXPECT_EQ(r.read_1d<std::uint64_t>("/spikes/cortex/node_ids"), ids);
    EXPECT_EQ(r.read_1d("/spikes/cortex/timestamps"), times);
    EXPECT_EQ(r.dataset_type("/spikes/cortex/node_ids"), "uint64");
    EXPECT_EQ(r.dataset_type("/spikes/cortex/timestamps"), "float64");
    EXPECT_EQ(r.read_string_attribute("/spikes/cortex/timestamps", "units"), "ms");
    EXPECT_EQ(r.read_enum_attribute("/spikes/cortex", "sorting"), "by_id");
    EXPECT_EQ(r.read_int_attribute("/spikes/cortex", "sorting"), 1);
    EXPECT_EQ(r.read_int_attribute("/", "magic"), 0x0A7A);
    EXPECT_EQ(r.read_int_array_attribute("/", "version"), (std::vector<std::int64_t>{0, 1}));
    EXPECT_EQ(r.list("/spikes"), std::vector<std::string>{"cortex"});
}

}  // namespace

TEST_F(h5_mpi, writes_collectively_and_reads_back_every_value) {
    {
        h5_file f = h5_file::create(path_, ctx_);
        write_everything(f, ctx_);
        write_traces(f, ctx_, "/state/rate/x", 10);
        write_traces(f, ctx_, "/state/rate/few", 2);  // ranks with no columns from np = 3
        std::vector<std::uint64_t> ids;
        std::vector<double> times;
        local_spikes(ctx_.rank(), ids, times);
        f.write_spikes("cortex", ids, times, spike_sorting::by_id);
        // Reading in the parallel file is collective: every rank sees the same.
        EXPECT_EQ(f.read_string_attribute("/", "status"), "running");
        EXPECT_EQ(f.read_1d("/state/small"), (std::vector<double>{value_of(0), value_of(1)}));
        f.finish();
        EXPECT_FALSE(f.is_open());
    }
    ctx_.barrier();
    if (ctx_.rank() == 0) {
        const h5_file r = h5_file::open_read(path_);
        check_everything(r, ctx_.size());
        check_traces(r, "/state/rate/x", 10);
        check_traces(r, "/state/rate/few", 2);
        check_spikes(r, ctx_.size());
        EXPECT_EQ(r.list("/"), (std::vector<std::string>{"analysis", "meta", "spikes", "state"}));
        EXPECT_THROW(const_cast<h5_file&>(r).write_scalar("/x", 1.0, ""), h5_error);  // read-only
    }
}

// One rank: the destructor closes the file, which reads "running" with what was written. Several
// ranks: the unwinding destructor must not enter the collective close (the failure may be one
// rank's alone, and the job is then aborted), so the file is left unclosed: never "complete".
TEST_F(h5_mpi, a_writer_that_throws_before_finish_never_reads_complete) {
    try {
        h5_file f = h5_file::create(path_, ctx_);
        f.write_scalar("/analysis/m", 0.5, "1");
        throw std::runtime_error("simulated failure on every rank");
    } catch (const std::runtime_error&) {
    }
    ctx_.barrier();
    if (ctx_.rank() != 0) return;
    if (ctx_.size() == 1) {
        const h5_file r = h5_file::open_read(path_);
        EXPECT_EQ(r.read_string_attribute("/", "status"), "running");
        EXPECT_EQ(r.read_1d("/analysis/m"), std::vector<double>{0.5});
        return;
    }
    try {
        const h5_file r = h5_file::open_read(path_);
        EXPECT_NE(r.read_string_attribute("/", "status"), "complete");
    } catch (const error&) {  // unreadable: not closed, as intended
    }
}

// A stop every rank agreed on (run_interrupted) closes explicitly: readable, "running".
TEST_F(h5_mpi, an_explicit_close_leaves_a_readable_running_file) {
    {
        h5_file f = h5_file::create(path_, ctx_);
        f.write_scalar("/analysis/m", 0.25, "1");
        f.close();
    }
    ctx_.barrier();
    if (ctx_.rank() == 0) {
        const h5_file r = h5_file::open_read(path_);
        EXPECT_EQ(r.read_string_attribute("/", "status"), "running");
        EXPECT_EQ(r.read_1d("/analysis/m"), std::vector<double>{0.25});
    }
}

TEST_F(h5_mpi, finish_refuses_while_a_2d_dataset_is_open) {
    h5_file f = h5_file::create(path_, ctx_);
    auto d = f.create_2d<float>("/state/v", 2, 3, "mV", 8);  // chunk rows clamped to 2
    EXPECT_THROW(f.finish(), h5_error);
    const partition part(3, ctx_.size(), ctx_.rank());
    std::vector<float> block(2 * part.local_size(), 1.25f);
    d.write_block(0, 2, part.begin(), part.local_size(), block);
    EXPECT_THROW(d.write_block(1, 2, 0, 0, {}), h5_error);  // rows 1..2 of 2: outside
    d.close();
    auto empty = f.create_2d<double>("/state/empty", 0, 4, "", 5);  // no samples: contiguous
    empty.write_block(0, 0, 0, 0, {});
    empty.close();
    f.finish();
    ctx_.barrier();
    if (ctx_.rank() == 0) {
        const h5_file r = h5_file::open_read(path_);
        EXPECT_EQ(r.read_string_attribute("/", "status"), "complete");
        EXPECT_EQ(r.read_2d<float>("/state/v").values, std::vector<float>(6, 1.25f));
        EXPECT_EQ(r.chunk_shape("/state/v"), (std::vector<std::uint64_t>{2, 3}));
        EXPECT_EQ(r.shape("/state/empty"), (std::vector<std::uint64_t>{0, 4}));
        EXPECT_TRUE(r.chunk_shape("/state/empty").empty());
        EXPECT_TRUE(r.read_2d("/state/empty").values.empty());
    }
}

TEST_F(h5_mpi, errors_are_exceptions_on_every_rank) {
    const std::string bad = "/nonexistent_balnet_dir/x.h5";
    try {
        h5_file::create(bad, ctx_);
        ADD_FAILURE() << "created " << bad;
    } catch (const io_error& e) {
        EXPECT_NE(std::string(e.what()).find("cannot create file at " + bad), std::string::npos)
            << e.what();
        EXPECT_EQ(e.exit_code(), 2);
    }
    h5_file f = h5_file::create(path_, ctx_);
    f.write_scalar("/a", 1.0, "");
    EXPECT_THROW(f.write_scalar("/a", 2.0, ""), h5_error);        // exists already
    EXPECT_THROW(f.write_scalar("relative", 2.0, ""), h5_error);  // not an absolute path
    EXPECT_THROW(f.read_string_attribute("/", "absent"), h5_error);
    EXPECT_THROW(f.read_double_attribute("/", "status"), h5_error);  // a string, not numeric
    const std::vector<double> two{1.0, 2.0};
    EXPECT_THROW(f.write_distributed<double>("/b", two, 5, 6, ""), h5_error);  // past the end
    std::vector<std::uint64_t> ids{1};
    EXPECT_THROW(f.write_spikes("p", ids, {}, spike_sorting::none), h5_error);  // sizes differ
    f.finish();
    EXPECT_THROW(f.write_scalar("/c", 1.0, ""), h5_error);  // closed
    EXPECT_THROW(h5_file::open_read("/nonexistent_balnet_dir/x.h5"), io_error);
}
