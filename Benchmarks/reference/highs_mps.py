#!/usr/bin/env python3
"""HiGHS (highspy) on a model file written by `sourcing export --format freemps`: the reference
for the MIPs, whose rules (whole units, fixed costs, minimum orders, minimum sources, resilience,
onshoring) the LP-core scripts leave out. Reading our exported model means HiGHS solves exactly
our formulation, with no Python model building to pay for.

    python3 highs_mps.py model.mps [--mip-gap 1e-4] [--time-limit 600] [--threads 1]

(command line, output and exit status shared with pulp_mps.py: mps_reference.py)

Prints one JSON line: {"seconds": wall clock of read + solve, "status": ..., "objective": ...,
"bound": ..., "gap": ...}; "status" is "Optimal" when HiGHS proved the optimum within the gap.
"""
import sys
import time

import highspy

from mps_reference import arguments, report


def main():
    args = arguments()
    started = time.perf_counter()
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("mip_rel_gap", args.mip_gap)
    h.setOptionValue("time_limit", args.time_limit)
    h.setOptionValue("threads", args.threads)
    if h.readModel(args.model) != highspy.HighsStatus.kOk:
        sys.stderr.write("HiGHS could not read %s\n" % args.model)
        sys.exit(1)
    h.run()
    seconds = time.perf_counter() - started
    status = h.getModelStatus()
    info = h.getInfo()
    optimal = status == highspy.HighsModelStatus.kOptimal
    has_solution = info.primal_solution_status == 2  # kSolutionStatusFeasible
    report({
        "seconds": seconds,
        "status": "Optimal" if optimal else h.modelStatusToString(status),
        "objective": info.objective_function_value if has_solution else None,
        "bound": info.mip_dual_bound if h.getLp().integrality_ else None,
        "gap": info.mip_gap if h.getLp().integrality_ else None,
    }, optimal)


if __name__ == "__main__":
    main()
