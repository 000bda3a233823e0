// SPDX-License-Identifier: BSD-3-Clause
// Where a command is when it fails: still validating its input (bad input: exit 2, nothing
// written) or running (the output file exists and says how the run ended). A model's mft
// command moves it to running once its input is checked; the command line reports by it.
#pragma once

namespace balnet {

enum class run_phase { validating, running };

}  // namespace balnet
