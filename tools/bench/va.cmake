# SPDX-License-Identifier: BSD-3-Clause
# CUBA and COBA benchmark (Brette et al. 2007): N = 4000, 1 s each; steps/s and synaptic events/s.
add_executable(bench_va bench_va.cpp)
target_link_libraries(bench_va PRIVATE balnet::analysis balnet_warnings)
