// SPDX-License-Identifier: BSD-3-Clause
// Traces of x, phi and eta of the first `trace_units` recorded units, written to
// /state/<population>/<var> as [sample, neuron] datasets. Samples are buffered locally and written
// collectively every `flush_every` samples, so memory stays bounded and every rank joins every
// write (ranks owning no traced unit write zero columns). Contiguous partitions make each rank's
// traced units a contiguous column range of each population's dataset.
#pragma once
#include <span>
#include <string>
#include <vector>

#include <balnet/core/types.hpp>
#include <balnet/io/h5_file.hpp>
#include <balnet/network/network_spec.hpp>
#include <balnet/network/partition.hpp>

namespace balnet {

class state_recorder {
public:
    state_recorder(h5_file& file, const network_spec& net, const partition& part,
                   std::span<const gid_type> traced, std::uint64_t n_samples,
                   bool reopen = false, std::uint64_t flush_every = 256);

    /// One sample of the owned units' values (collective every flush_every calls).
    void record(std::span<const double> x, std::span<const double> phi, std::span<const double> eta);
    /// Writes what is buffered (collective).
    void flush();
    /// Continues a resumed run after `written` samples (buffer empty).
    void resume_at(std::uint64_t written) noexcept { written_ = written; buffered_ = 0; }
    std::uint64_t written() const noexcept { return written_; }
    h5_file& file() noexcept { return file_; }
    /// Flushes and releases the datasets (collective; before the file is finished).
    void close();

private:
    struct column_block {
        std::uint64_t col0 = 0, ncols = 0;  // in the population's dataset
        std::uint64_t local0 = 0;           // first local index (owned-array offset)
    };
    h5_file& file_;
    std::vector<std::string> pops_;
    std::vector<column_block> blocks_;
    std::vector<std::uint64_t> total_cols_;
    std::uint64_t n_samples_, flush_every_, written_ = 0, buffered_ = 0;
    std::vector<std::vector<double>> buf_;  // [pop * 3 + var] rows x ncols
    std::vector<h5_dataset_2d<double>> sets_;  // same order
};

}  // namespace balnet
