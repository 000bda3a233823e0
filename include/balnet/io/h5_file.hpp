// SPDX-License-Identifier: BSD-3-Clause
// One HDF5 file per run, written collectively by every rank through the MPI-IO driver (RAII
// over the HDF5 C API; HDF5 is called nowhere else in balnet).
//
// Invariants and contracts.
// - Lifecycle: create() (collective) writes the root attribute status = "running"; finish()
//   (collective) closes the file and only then marks it status = "complete" (rank 0 reopens it
//   serially), so a file that says "complete" was closed without error. The destructor closes
//   without marking: a run unwound by an exception leaves "running". Every 2-D dataset handle
//   must be destroyed (or closed) before finish().
// - Collectives: in a file made by create(), every write, every attribute and every read is a
//   collective call: all ranks call it in the same order with the same path, name and (for
//   attributes, write_scalar and write_array) the same value. Distributed writes take each
//   rank's block; empty ranks still call (they select nothing).
// - open_read() is serial and rank-local (default driver, read-only): for readers and tests.
// - Errors: HDF5's automatic error printing is off; every failure throws h5_error carrying
//   HDF5's own message, except a file that cannot be created (io_error, exit code 2) and a
//   collective write or close that fails, or would not fit on the disk, on any rank: then every
//   rank throws the same collective_error (exit code 2, reported once, no abort).
// - Types on disk are explicit little-endian (F64LE, F32LE, U64LE, I64LE, U32LE); strings are
//   variable-length UTF-8; every dataset given units gets a string attribute "units".
// The MPI communicator is MPI_COMM_WORLD, the one every context wraps today.
#pragma once
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include <balnet/comm/context.hpp>
#include <balnet/io/output_sink.hpp>

namespace balnet {

/// SONATA spike sorting, stored as an HDF5 enum over uint8 (what libsonata reads).
enum class spike_sorting : std::uint8_t { none = 0, by_id = 1, by_time = 2 };

/// A dense [rows x cols] dataset read back, row-major.
template <typename T>
struct h5_matrix {
    std::uint64_t rows = 0;
    std::uint64_t cols = 0;
    std::vector<T> values;
    const T& at(std::uint64_t r, std::uint64_t c) const { return values[r * cols + c]; }
};

/// A 2-D dataset [sample, neuron] of a file being written, filled block by block (traces
/// flushed every M samples). Types: double, float.
template <typename T>
class h5_dataset_2d {
public:
    h5_dataset_2d();
    ~h5_dataset_2d();
    h5_dataset_2d(h5_dataset_2d&&) noexcept;
    h5_dataset_2d& operator=(h5_dataset_2d&&) noexcept;

    /// Collective: every rank calls, each with its block (possibly nrows or ncols = 0).
    /// `data` holds nrows x ncols values, row-major.
    void write_block(std::uint64_t row0, std::uint64_t nrows, std::uint64_t col0,
                     std::uint64_t ncols, std::span<const T> data);
    std::uint64_t rows() const noexcept;
    std::uint64_t cols() const noexcept;
    /// Releases the dataset (also done by the destructor). Collective with the other ranks.
    void close() noexcept;

private:
    friend class h5_file;
    struct impl;
    explicit h5_dataset_2d(std::unique_ptr<impl> p);
    std::unique_ptr<impl> impl_;
};

class h5_file : public output_sink {
public:
    /// Collective: creates (truncates) `path` with the MPI-IO driver and collective metadata,
    /// writes status = "running". io_error "cannot create file at <path>: <reason>" on failure.
    static h5_file create(const std::string& path, const context& ctx);
    /// Serial, rank-local, read-only.
    static h5_file open_read(const std::string& path);
    /// Collective: reopens an existing file for writing (resuming a run), status = "running".
    static h5_file open_append(const std::string& path, const context& ctx);

    h5_file(h5_file&&) noexcept;
    h5_file& operator=(h5_file&&) noexcept;
    /// Closes (collectively for a created file) without marking complete — except while an
    /// exception unwinds on a multi-rank file: then the handle is left open, because this rank may
    /// be alone and the job is about to be aborted (a collective close would hang it).
    ~h5_file() override;
    /// Collective: closes without marking complete (a run stopped by a signal, all ranks agreed).
    void close();

    /// Collective: closes the file, then marks it status = "complete".
    void finish();

    std::string path() const;
    bool is_open() const noexcept;

    // ---- attributes (object created as a group, with intermediate groups, if absent) ------
    void write_attribute(const std::string& object, const std::string& name,
                         const std::string& value) override;
    void write_attribute(const std::string& object, const std::string& name, double value) override;
    void write_attribute(const std::string& object, const std::string& name, std::int64_t value);
    void write_attribute(const std::string& object, const std::string& name, std::uint64_t value) override;
    void write_attribute(const std::string& object, const std::string& name,
                         std::span<const double> values);
    void write_attribute(const std::string& object, const std::string& name,
                         const std::vector<std::string>& values);

    // ---- datasets (path absolute; intermediate groups created; an existing path is an error)
    /// Same value on every rank; rank 0 writes it. `units` empty = no units attribute.
    void write_scalar(const std::string& path, double value, const std::string& units) override;
    /// A count: a uint64 scalar dataset (HDF5 converts it when read as double).
    void write_scalar(const std::string& path, std::uint64_t value, const std::string& units) override;
    /// Same data on every rank; rank 0 writes it, the others select nothing.
    void write_array(const std::string& path, std::span<const double> values,
                     const std::string& units) override;
    void write_array(const std::string& path, std::span<const std::uint64_t> values,
                     const std::string& units) override;
    void write_array(const std::string& path, std::span<const std::int64_t> values,
                     const std::string& units);
    /// Same strings on every rank; rank 0 writes them as a 1-D dataset of fixed-length UTF-8
    /// strings as long as the longest (null-padded; h5py reads bytes). A dataset, unlike an
    /// attribute, has no 64 KiB limit; fixed length, because parallel HDF5 writes no
    /// variable-length data. (h5_file_strings.cpp)
    void write_strings(const std::string& path, const std::vector<std::string>& values);
    /// 1-D dataset of global_size; this rank writes `local` at [offset, offset + size).
    /// T: double, float, uint64, int64, uint32. Offsets usually from context::exclusive_scan.
    template <typename T>
    void write_distributed(const std::string& path, std::span<const T> local,
                           std::uint64_t offset, std::uint64_t global_size,
                           const std::string& units);
    /// [rows x cols] dataset, chunked along rows (chunk_rows rows per chunk). T: double, float.
    /// An existing [rows x cols] dataset of a file being written (resumed runs). T: double.
    template <typename T>
    h5_dataset_2d<T> open_2d(const std::string& path);
    template <typename T>
    h5_dataset_2d<T> create_2d(const std::string& path, std::uint64_t rows, std::uint64_t cols,
                               const std::string& units, std::uint64_t chunk_rows);
    /// SONATA spike report of one population: /spikes/<population>/{node_ids (uint64),
    /// timestamps (double, units "ms")}, attribute sorting (enum), root magic and version.
    /// Each rank passes its own spikes; they are stored in rank order.
    void write_spikes(const std::string& population, std::span<const std::uint64_t> node_ids,
                      std::span<const double> timestamps, spike_sorting sorting);

    // ---- streamed output (collective; for runs that write while they run) ----------------
    /// Appends one block of a SONATA spike report: /spikes/<population>/{node_ids, timestamps}
    /// are created on the first call as extendible 1-D datasets (chunked, sorting attribute,
    /// root magic and version), then grown by the sum of every rank's block; each rank's block
    /// lands after the lower ranks' ones. Callers pass blocks in time order, so the report stays
    /// sorted. An empty block everywhere still creates the datasets.
    void append_spikes(const std::string& population, std::span<const std::uint64_t> node_ids,
                       std::span<const double> timestamps, spike_sorting sorting,
                       const std::string& root = "/spikes");
    /// Shrinks /spikes/<population>/* to their first `n` entries (a resumed run drops what was
    /// written after its checkpoint); a population without a report is left alone.
    void truncate_spikes(const std::string& population, std::uint64_t n, const std::string& root = "/spikes");
    /// Length of /spikes/<population>/node_ids (0 without a report).
    std::uint64_t spike_count(const std::string& population, const std::string& root = "/spikes") const;
    /// A soft link at `link` (intermediate groups created) to the object at `target`.
    void write_soft_link(const std::string& link, const std::string& target);
    /// Appends to the extendible 1-D double dataset `path` (created on the first call, chunked,
    /// with `units`): each rank's block lands after the lower ranks' ones. For values a run
    /// produces while it runs (the population-rate histograms).
    void append_array(const std::string& path, std::span<const double> local, const std::string& units);
    /// Shrinks the extendible dataset `path` to its first `n` entries (io_error when it holds
    /// fewer; nothing when it does not exist).
    void truncate_array(const std::string& path, std::uint64_t n);
    /// Length of the 1-D dataset `path` (0 when it does not exist).
    std::uint64_t array_length(const std::string& path) const;
    /// Pushes every buffer to the file (H5Fflush): what was written so far survives a kill.
    void flush();
    /// Deletes the object at `path` (dataset or group) when it exists.
    void remove(const std::string& path);

    // ---- reading (rank-local after open_read; collective in a created file) ---------------
    bool exists(const std::string& path) const;
    bool has_attribute(const std::string& object, const std::string& name) const;
    /// Names of a group's members, sorted by name.
    std::vector<std::string> list(const std::string& group) const;
    std::string read_string_attribute(const std::string& object, const std::string& name) const;
    std::vector<std::string> read_string_array_attribute(const std::string& object,
                                                         const std::string& name) const;
    double read_double_attribute(const std::string& object, const std::string& name) const;
    std::vector<double> read_double_array_attribute(const std::string& object,
                                                    const std::string& name) const;
    /// Any integer attribute (or the value of an enum attribute), converted to int64.
    std::int64_t read_int_attribute(const std::string& object, const std::string& name) const;
    std::vector<std::int64_t> read_int_array_attribute(const std::string& object,
                                                       const std::string& name) const;
    /// The member name of an enum attribute (e.g. sorting -> "by_time").
    std::string read_enum_attribute(const std::string& object, const std::string& name) const;
    /// "float64", "float32", "uint64", "int64", "uint32", "uint8", "string", "enum", ...
    std::string dataset_type(const std::string& path) const;
    std::vector<std::uint64_t> shape(const std::string& path) const;
    /// Chunk dimensions; empty for a contiguous dataset.
    std::vector<std::uint64_t> chunk_shape(const std::string& path) const;
    /// A 1-D (or scalar) dataset, converted to T (double, float, uint64, int64, uint32).
    template <typename T = double>
    std::vector<T> read_1d(const std::string& path) const;
    /// A 2-D dataset, converted to T (double, float).
    template <typename T = double>
    h5_matrix<T> read_2d(const std::string& path) const;

private:
    struct impl;
    explicit h5_file(std::unique_ptr<impl> p);
    impl& open_impl(const char* what) const;
    impl& writable_impl(const char* what) const;
    std::unique_ptr<impl> impl_;
};

}  // namespace balnet
