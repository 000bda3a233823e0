// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/run/provenance.hpp>

#include <ctime>
#include <set>

#include <boost/version.hpp>
#include <hdf5.h>
#include <petscversion.h>

#include <balnet/build_info.hpp>
#include <balnet/version.hpp>

namespace balnet {
namespace {

std::string utc_now() {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return text;
}

std::string hdf5_version() {
    unsigned major = 0, minor = 0, release = 0;
    H5get_libversion(&major, &minor, &release);
    return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(release);
}

// "host" or "host1, host2, ... (n hosts)": every rank's name, gathered in rank order.
std::string hosts(const context& ctx) {
    const std::string mine = context::host_name() + '\n';
    const auto all = ctx.gather_all(std::span<const char>(mine.data(), mine.size()));
    std::set<std::string> names;
    std::string cur;
    for (const char c : all.values()) {
        if (c != '\n') { cur += c; continue; }
        names.insert(cur);
        cur.clear();
    }
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
    return names.size() > 1 ? out + " (" + std::to_string(names.size()) + " hosts)" : out;
}

}  // namespace

void write_provenance(h5_file& f, const context& ctx, const std::string& model, const std::string& command_line) {
    f.write_attribute("/", "balnet_version", std::string(BALNET_VERSION));
    f.write_attribute("/", "git_sha", std::string(BALNET_GIT_SHA));
    f.write_attribute("/", "git_tree_modified", std::string(BALNET_TREE_MODIFIED));
    f.write_attribute("/", "command_line", command_line);
    f.write_attribute("/", "n_ranks", static_cast<std::int64_t>(ctx.size()));
    f.write_attribute("/", "model", model);
    f.write_attribute("/", "start_time_utc", ctx.broadcast(utc_now()));
    f.write_attribute("/", "hosts", hosts(ctx));
    f.write_attribute("/", "mpi_library", ctx.broadcast(context::mpi_library_version()));
    f.write_attribute("/", "petsc_version", std::to_string(PETSC_VERSION_MAJOR) + "." + std::to_string(PETSC_VERSION_MINOR) +
                                                "." + std::to_string(PETSC_VERSION_SUBMINOR));
    f.write_attribute("/", "hdf5_version", hdf5_version());
    f.write_attribute("/", "boost_version", std::string(BOOST_LIB_VERSION));
}

}  // namespace balnet
