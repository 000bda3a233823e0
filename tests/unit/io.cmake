# SPDX-License-Identifier: BSD-3-Clause
balnet_unit_test(test_config io)
balnet_unit_test(test_config_schema io)
balnet_unit_test(test_text_input io)
