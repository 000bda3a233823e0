/* SPDX-License-Identifier: BSD-3-Clause
 * peak_rss CMD ARGS...: runs CMD and prints "peak_rss_kib N" (the largest resident set of CMD or
 * of any descendant it waited for) to stderr, with CMD's exit code as its own. compare_peers.py
 * measures through it because a child's peak counts what it inherited at fork: a process forked
 * from the Python harness starts with the harness's resident set (~50 MB with h5py and brian2
 * loaded), this small program's children start with about 1 MB. */
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char** argv) {
    if (argc < 2) return 2;
    const pid_t pid = fork();
    if (pid == 0) {
        execvp(argv[1], argv + 1);
        perror(argv[1]);
        _exit(127);
    }
    int status = 0;
    struct rusage ru;
    if (pid < 0 || wait4(pid, &status, 0, &ru) < 0) return 126;
    fprintf(stderr, "peak_rss_kib %ld\n", ru.ru_maxrss);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
