// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/scan/scan_process.hpp>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include <balnet/core/error.hpp>

extern char** environ;

namespace balnet {
namespace {

bool starts_with(const std::string& s, const char* p) { return s.rfind(p, 0) == 0; }

// Owns the argv/envp arrays posix_spawn wants (pointers into the strings it keeps).
struct c_strings {
    std::vector<std::string> strings;
    std::vector<char*> pointers;
    explicit c_strings(std::vector<std::string> s) : strings(std::move(s)) {
        for (auto& x : strings) pointers.push_back(x.data());
        pointers.push_back(nullptr);
    }
    char* const* get() { return pointers.data(); }
};

// RAII over posix_spawn_file_actions_t.
class file_actions {
public:
    file_actions() { posix_spawn_file_actions_init(&fa_); }
    ~file_actions() { posix_spawn_file_actions_destroy(&fa_); }
    file_actions(const file_actions&) = delete;
    file_actions& operator=(const file_actions&) = delete;
    posix_spawn_file_actions_t* get() { return &fa_; }

private:
    posix_spawn_file_actions_t fa_;
};

int decode(int status) {
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return 1;
}

pid_t spawn(const std::vector<std::string>& argv, file_actions& fa) {
    if (argv.empty()) throw internal_error("spawn: empty argv");
    c_strings args(argv), env(child_environment());
    pid_t pid = -1;
    const int rc = posix_spawnp(&pid, argv[0].c_str(), fa.get(), nullptr, args.get(), env.get());
    if (rc != 0) throw io_error("cannot start '" + argv[0] + "': " + std::strerror(rc));
    return pid;
}

}  // namespace

bool is_mpi_job_variable(const std::string& entry) {
    // Set by Open MPI (singleton init, mpirun/orted), PMIx, MPICH's Hydra and SLURM's PMI for
    // the ranks of one job. User-level settings (OMPI_MCA_<framework>_..., PMIX_MCA_...,
    // OMPI_ALLOW_RUN_AS_ROOT...) are not in this list and are kept.
    static constexpr std::array prefixes = {
        "PMIX_", "OMPI_COMM_WORLD_", "OMPI_MCA_orte_", "OMPI_MCA_ess", "OMPI_MCA_pmix", "OMPI_APP_CTX_",
        "OMPI_NUM_APP_CTX", "OMPI_FIRST_RANKS", "OMPI_COMMAND", "OMPI_ARGV", "OMPI_UNIVERSE_SIZE",
        "OMPI_FILE_LOCATION", "OMPI_MCA_initial_wdir", "OMPI_MCA_shmem_RUNTIME_QUERY_hint",
        "OMPI_MCA_mpi_yield_when_idle", "ORTE_",
        "PMI_", "MPI_LOCALRANKID", "MPI_LOCALNRANKS", "HYDRA_", "HYDI_"};
    if (starts_with(entry, "PMIX_MCA_")) return false;
    for (const char* p : prefixes)
        if (starts_with(entry, p)) return true;
    return false;
}

std::vector<std::string> child_environment() {
    std::vector<std::string> env;
    for (char** e = environ; e && *e; ++e)
        if (!is_mpi_job_variable(*e)) env.emplace_back(*e);
    return env;
}

pid_t spawn_logged(const std::vector<std::string>& argv, const std::string& log_path) {
    file_actions fa;
    posix_spawn_file_actions_addopen(fa.get(), 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(fa.get(), 1, log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(fa.get(), 1, 2);
    return spawn(argv, fa);
}

finished_child wait_any_child() {
    int status = 0;
    pid_t pid;
    while ((pid = ::waitpid(-1, &status, 0)) < 0 && errno == EINTR) {}
    if (pid < 0) throw internal_error(std::string("waitpid: ") + std::strerror(errno));
    return {pid, decode(status)};
}

int wait_child(pid_t pid) {
    int status = 0;
    pid_t r;
    while ((r = ::waitpid(pid, &status, 0)) < 0 && errno == EINTR) {}
    if (r < 0) throw internal_error(std::string("waitpid: ") + std::strerror(errno));
    return decode(status);
}

captured_run run_captured(const std::vector<std::string>& argv, bool quiet) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) throw io_error(std::string("pipe: ") + std::strerror(errno));
    file_actions fa;
    posix_spawn_file_actions_addopen(fa.get(), 0, "/dev/null", O_RDONLY, 0);
    if (quiet) posix_spawn_file_actions_addopen(fa.get(), 2, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_adddup2(fa.get(), fds[1], 1);  // dup2 clears O_CLOEXEC on fd 1
    pid_t pid = -1;
    try {
        pid = spawn(argv, fa);
    } catch (...) {
        ::close(fds[0]);
        ::close(fds[1]);
        throw;
    }
    ::close(fds[1]);
    captured_run r;
    char buf[4096];
    for (;;) {
        const ssize_t n = ::read(fds[0], buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        r.output.append(buf, static_cast<std::size_t>(n));
    }
    ::close(fds[0]);
    r.exit_code = wait_child(pid);
    return r;
}

std::string self_executable() {
    std::error_code ec;
    const auto p = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (ec) throw io_error("cannot find the balnet executable (/proc/self/exe): " + ec.message());
    return p.string();
}

}  // namespace balnet
