# SPDX-License-Identifier: BSD-3-Clause
# The Python package python/balnet (reader of run files and scans, figures) on real outputs of
# every model, and the plot commands of tools/python built on it. It needs python3-pandas and
# python3-matplotlib (python3-neo optional: the Neo check is skipped without it); without pandas
# or matplotlib the test is not registered, and a warning says so.
execute_process(COMMAND ${BALNET_PYTHON} -c "import pandas, matplotlib" RESULT_VARIABLE BALNET_PYTHON_PANDAS_RC
                OUTPUT_QUIET ERROR_QUIET)
if(BALNET_PYTHON_PANDAS_RC EQUAL 0)
  # A few seconds of simulation; the timeout allows for a loaded machine (each plot command and
  # each `balnet mft` call pays its start-up).
  balnet_regression(python_package NP 2 TIMEOUT 900
    ARGS ${REG_DIR}/check_python_package.py --work ${REG_OUT}/python_package)
else()
  message(WARNING "${BALNET_PYTHON} cannot import pandas and matplotlib: python_package test not registered "
                  "(install python3-pandas python3-matplotlib)")
endif()
