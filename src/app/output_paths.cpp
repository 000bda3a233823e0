// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/app/output_paths.hpp>

#include <array>
#include <filesystem>
#include <fstream>

#include <balnet/core/error.hpp>
#include <balnet/io/h5_file.hpp>

namespace balnet {
namespace {

namespace fs = std::filesystem;

// What a path holds now, as far as replacing it is concerned.
enum class held { nothing, empty, not_regular, foreign, damaged, unfinished, complete, checkpoint };

// HDF5's superblock signature, at byte 0 or at 512, 1024, 2048, ... (a user block before it).
bool has_hdf5_signature(const std::string& path, std::uintmax_t size) {
    static constexpr std::array<char, 8> signature{'\x89', 'H', 'D', 'F', '\r', '\n', '\x1a', '\n'};
    std::ifstream in(path, std::ios::binary);
    for (std::uintmax_t at = 0; in && at + signature.size() <= size; at = at ? 2 * at : 512) {
        std::array<char, 8> head{};
        in.seekg(static_cast<std::streamoff>(at));
        if (in.read(head.data(), head.size()) && head == signature) return true;
    }
    return false;
}

held classify(const std::string& path) {
    std::error_code ec;
    const fs::file_status st = fs::status(path, ec);
    if (!fs::exists(st)) return held::nothing;
    if (!fs::is_regular_file(st)) return held::not_regular;
    const std::uintmax_t size = fs::file_size(path, ec);
    if (ec || size == 0) return held::empty;  // nothing to lose (a run killed before writing)
    if (!has_hdf5_signature(path, size)) return held::foreign;
    try {
        const h5_file f = h5_file::open_read(path);
        // checkpoint_file.cpp writes these root attributes, run files never do.
        if (f.has_attribute("/", "steps") && f.has_attribute("/", "config")) return held::checkpoint;
        const bool done = f.has_attribute("/", "status") && f.read_string_attribute("/", "status") == "complete";
        return done ? held::complete : held::unfinished;
    } catch (const error&) {
        return held::damaged;  // a run killed while writing: nothing readable to keep
    }
}

// The refusals that hold whatever the flags: somebody's non-HDF5 data, or no file at all.
void require_writable_kind(const std::string& key, const std::string& path, held h) {
    if (h == held::not_regular)
        throw config_error(key, path, "a regular file or a new path (this one is a device, FIFO or socket, "
                                      "where no HDF5 file can be written)");
    if (h == held::foreign)
        throw config_error(key, path, "a new path, an empty file or an HDF5 file of an earlier run (this "
                                      "file is not HDF5 and is never overwritten: move it away first)");
}

std::string complete_hint(bool resume_applies) {
    return std::string("pass --overwrite to replace it") + (resume_applies ? " (or --resume to continue its run)" : "") +
           ", or choose another path";
}

void check_identities(const run_paths& p) {
    const std::string tmp = p.checkpoint.empty() ? std::string() : p.checkpoint + ".tmp";
    const std::string prev = p.checkpoint.empty() ? std::string() : p.checkpoint + ".prev";  // kept generation
    if (same_file(p.output, p.config_file))
        throw config_error("output.file", p.output, "a file other than the config file " + p.config_file +
                                                        " (the run would overwrite its own configuration)");
    if (same_file(p.checkpoint, p.config_file) || same_file(tmp, p.config_file) || same_file(prev, p.config_file))
        throw config_error("checkpoint.file", p.checkpoint, "a file other than the config file " + p.config_file +
                                                                " (the checkpoint would overwrite it)");
    if (same_file(p.checkpoint, p.output) || same_file(tmp, p.output) || same_file(prev, p.output))
        throw config_error("checkpoint.file", p.checkpoint, "a file other than output.file = " + p.output +
                                                                " (the checkpoint would replace the run's results)");
}

// The path a file written at `p` lands at: symbolic links followed even when they dangle (writing
// through one creates its target), then weakly_canonical.
fs::path landing_path(const std::string& p, std::error_code& ec) {
    fs::path at = fs::absolute(p, ec);
    std::error_code absent;  // a path that does not exist (yet) is no link: not an error here
    for (int hops = 0; !ec && hops < 40 && fs::is_symlink(fs::symlink_status(at, absent)); ++hops) {
        const fs::path target = fs::read_symlink(at, ec);
        at = target.is_absolute() ? target : at.parent_path() / target;
    }
    return ec ? at : fs::weakly_canonical(at, ec);
}

}  // namespace

bool same_file(const std::string& a, const std::string& b) {
    if (a.empty() || b.empty()) return false;
    std::error_code ea, eb, ec;
    if (fs::exists(a, ea) && fs::exists(b, eb)) {
        const bool same = fs::equivalent(a, b, ec);  // hard links too
        if (!ec) return same;
    }
    const fs::path ca = landing_path(a, ea), cb = landing_path(b, eb);
    return !ea && !eb && ca == cb;
}

void check_output_paths(const run_paths& p, output_policy policy) {
    check_identities(p);
    const held out = classify(p.output);
    require_writable_kind("output.file", p.output, out);
    if ((out == held::complete || out == held::checkpoint) && !policy.overwrite && !policy.resume)
        throw config_error("output.file", p.output, "a path without complete results (it holds those of an "
                                                    "earlier run): " + complete_hint(true));
    if (p.checkpoint.empty()) return;
    const held ckpt = classify(p.checkpoint);
    require_writable_kind("checkpoint.file", p.checkpoint, ckpt);
    // <checkpoint>.tmp is balnet's own scratch name: a run killed while writing a checkpoint leaves
    // it behind, possibly before HDF5 wrote its signature (so it reads as "not HDF5"). Only a
    // device or FIFO there is refused; anything else is ours to replace.
    if (classify(p.checkpoint + ".tmp") == held::not_regular)
        require_writable_kind("checkpoint.file", p.checkpoint + ".tmp", held::not_regular);
    if (ckpt == held::complete && !policy.overwrite)
        throw config_error("checkpoint.file", p.checkpoint, "a checkpoint or a new path (it holds the complete "
                                                            "results of a run): " + complete_hint(false));
}

void require_safe_outputs(const config& cfg, const std::string& config_file, output_policy policy,
                          const context& ctx) {
    std::string problem;
    if (ctx.rank() == 0) {
        const run_paths p{config_file, cfg.string("output.file"),
                          cfg.applies("checkpoint.file") ? cfg.string("checkpoint.file") : std::string()};
        try {
            check_output_paths(p, policy);
        } catch (const config_error& e) {
            problem = e.what();
        }
    }
    problem = ctx.broadcast(problem);
    if (!problem.empty()) throw config_error(problem);
}

}  // namespace balnet
