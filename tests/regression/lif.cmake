# SPDX-License-Identifier: BSD-3-Clause
# LIF networks through the CLI (reference cases of tests/data/spiking_cases.md, bad
# inputs, rank independence). A3 is full size: label validation, not run in CI.
foreach(np 1 3)
  balnet_regression(bad_lif_inputs_np${np} NP ${np} TIMEOUT 600
    ARGS ${REG_DIR}/check_bad_lif_inputs.py --work ${REG_OUT}/bad_lif_np${np})
endforeach()
foreach(case A2 A2-fine A4)
  balnet_regression(lif_reference_${case} NP 2 TIMEOUT 600
    ARGS ${REG_DIR}/check_lif_reference.py --case ${case} --out ${REG_OUT}/lif_reference)
endforeach()
balnet_regression(lif_rank_independence_np1_np4 NP 4 TIMEOUT 600
  ARGS ${REG_DIR}/check_lif_reference.py --case ranks --out ${REG_OUT}/lif_np)
# Not through balnet_regression, which adds the label regression (what CI runs).
add_test(NAME lif_reference_A3 COMMAND ${BALNET_PYTHON} ${REG_DIR}/check_lif_reference.py --case A3
         --out ${REG_OUT}/lif_reference --balnet $<TARGET_FILE:balnet> --mpiexec ${MPIEXEC_EXECUTABLE} --np 4)
set_tests_properties(lif_reference_A3 PROPERTIES ENVIRONMENT "${BALNET_MPI_TEST_ENV}" PROCESSORS 4
                     TIMEOUT 3600 LABELS validation)
# Brunel's phase diagram (docs/models.md §2.2.5): the four reference points, one per state, classified
# by their signatures (regression); the 18-point g x eta sweep (validation, a few minutes).
balnet_regression(brunel_phase_points NP 2 TIMEOUT 600
  ARGS ${REG_DIR}/check_brunel_phase.py --case points --work ${REG_OUT}/brunel_phase)
add_test(NAME brunel_phase_diagram COMMAND ${BALNET_PYTHON} ${REG_DIR}/check_brunel_phase.py --case diagram
         --work ${REG_OUT}/brunel_phase --balnet $<TARGET_FILE:balnet> --mpiexec ${MPIEXEC_EXECUTABLE} --np 2)
set_tests_properties(brunel_phase_diagram PROPERTIES ENVIRONMENT "${BALNET_MPI_TEST_ENV}" PROCESSORS 2
                     TIMEOUT 1800 LABELS validation)
# The general two-population network (lif.network = general, docs/models.md §2.2.4): model A
# equivalence, the model-B example against the two-population Siegert fixed point, and the E/I
# input-current traces (lif_output.current_traces).
foreach(case equivalence model-b currents)
  balnet_regression(lif_general_${case} NP 2 TIMEOUT 300
    ARGS ${REG_DIR}/check_lif_general.py --case ${case} --out ${REG_OUT}/lif_general)
endforeach()
# The Potjans & Diesmann microcircuit's mean field (lif.network = microcircuit, docs/models.md 2.7)
# against a numpy/scipy mean field written from the papers.
balnet_regression(microcircuit_mft NP 2 TIMEOUT 300
  ARGS ${REG_DIR}/check_microcircuit_mft.py --work ${REG_OUT}/microcircuit_mft)
# The microcircuit simulated (docs/models.md 2.7): the example at scale 0.1 (rank independence,
# statistics from the spikes, rates against its mean field) in CI; the full-scale model against
# NEST's full-scale rates as a validation run (about 1 min at 2 ranks, 2.2 GB per rank).
balnet_regression(microcircuit_run NP 3 TIMEOUT 600
  ARGS ${REG_DIR}/check_microcircuit_run.py --case scaled --out ${REG_OUT}/microcircuit_run)
add_test(NAME microcircuit_full COMMAND ${BALNET_PYTHON} ${REG_DIR}/check_microcircuit_run.py --case full
         --out ${REG_OUT}/microcircuit_run --balnet $<TARGET_FILE:balnet> --mpiexec ${MPIEXEC_EXECUTABLE} --np 2)
set_tests_properties(microcircuit_full PROPERTIES ENVIRONMENT "${BALNET_MPI_TEST_ENV}" PROCESSORS 2
                     TIMEOUT 3600 LABELS validation)
# The network description file (lif.network = file, docs/models.md §2.6): the example files give the
# keys' spikes bitwise, a three-population network with every rule and law is the same at np 1 and
# np 3 (spikes and /network/checksum), and cuba/coba run on Brunel's topology.
foreach(case equivalence ranks neurons)
  balnet_regression(lif_network_file_${case} NP 1 TIMEOUT 600
    ARGS ${REG_DIR}/check_network_file.py --case ${case} --out ${REG_OUT}/network_file)
endforeach()
# AdEx neurons in the engine (neuron = adex in a network file, docs/models.md 2.8): single neurons of
# four Naud et al. (2008) parameter sets against scipy, and an E/I AdEx network at np 1 and np 3.
balnet_regression(adex_network_single NP 1 TIMEOUT 300
  ARGS ${REG_DIR}/check_adex_network.py --case single --out ${REG_OUT}/adex_network)
balnet_regression(adex_network_ranks NP 3 TIMEOUT 600
  ARGS ${REG_DIR}/check_adex_network.py --case network --out ${REG_OUT}/adex_network)
# A network of two neuron models (docs/models.md 2.3.4: AdEx E, cuba I) at np 1 and np 3, bitwise.
balnet_regression(mixed_network_ranks NP 3 TIMEOUT 600
  ARGS ${REG_DIR}/check_mixed_network.py --case ranks --out ${REG_OUT}/mixed_network)
