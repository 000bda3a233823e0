# SPDX-License-Identifier: BSD-3-Clause
balnet_unit_test(test_scan_spec app)
balnet_unit_test(test_scan_table scan)
balnet_unit_test(test_scan_script scan)
balnet_unit_test(test_scan_process scan)
balnet_unit_test(test_scan_status scan)
balnet_unit_test(test_scan_aggregate scan)
balnet_unit_test(test_memory_estimate models)
balnet_unit_test(test_output_paths app)
