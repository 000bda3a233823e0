# SPDX-License-Identifier: BSD-3-Clause
# SCN benchmark: N = 20 000 SCN-2D circle, 500 ms (run with mpirun -n P; prints steps/s and the
# time of the per-step argmax collective).
add_executable(bench_scn bench_scn.cpp)
target_link_libraries(bench_scn PRIVATE balnet::spiking balnet_warnings)
