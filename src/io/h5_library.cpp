// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/io/h5_library.hpp>

#include <hdf5.h>

namespace balnet {

void start_hdf5_without_shutdown() noexcept {
    // Both fail only when the library is already running (then nothing changes): ignored.
    (void)H5dont_atexit();
    (void)H5open();
}

}  // namespace balnet
