// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/run/stop_signal.hpp>

#include <csignal>

namespace balnet {
namespace {
volatile std::sig_atomic_t stop_flag = 0;  // see the header: the only global, for the handler
extern "C" void on_stop_signal(int) { stop_flag = 1; }
}  // namespace

void install_stop_handlers() {
    std::signal(SIGTERM, on_stop_signal);
    std::signal(SIGUSR1, on_stop_signal);
}

bool stop_requested() noexcept { return stop_flag != 0; }

}  // namespace balnet
