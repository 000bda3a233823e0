# SPDX-License-Identifier: BSD-3-Clause
balnet_unit_test(test_scan_spec app)
balnet_unit_test(test_scan_table app)
balnet_unit_test(test_scan_script app)
balnet_unit_test(test_scan_process app)
balnet_unit_test(test_scan_status app)
balnet_unit_test(test_scan_aggregate app)
balnet_unit_test(test_memory_estimate app)
balnet_unit_test(test_output_paths app)
