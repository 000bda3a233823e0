# SPDX-License-Identifier: BSD-3-Clause
# LIF benchmark: Brunel model A at full size, 1 s of biological time (run with mpirun -n P).
add_executable(bench_lif bench_lif.cpp)
target_link_libraries(bench_lif PRIVATE balnet::analysis balnet_warnings)
