#!/usr/bin/env python3
"""PuLP + HiGHS on a model file written by `sourcing export --format freemps`: the MIP reference
of compare.sh. The MIPs' rules (whole units, fixed costs, minimum orders, minimum sources,
resilience, onshoring) are beyond the LP-core scripts, so PuLP reads our exported formulation
(LpProblem.fromMPS) and solves it with its HiGHS interface, as an analyst handed the model file
would. Comparing with highs_mps.py (highspy reading the file itself) shows what PuLP adds.

    python3 pulp_mps.py model.mps [--mip-gap 1e-4] [--time-limit 600] [--threads 1]

(command line, output and exit status shared with highs_mps.py: mps_reference.py)

Prints one JSON line: {"seconds": wall clock of read + solve, "read": seconds reading the file
into PuLP, "status": ..., "objective": ...}; "status" is "Optimal" when HiGHS proved the optimum
within the gap.
"""
import time

import pulp

from mps_reference import arguments, report


def main():
    args = arguments()
    started = time.perf_counter()
    _, prob = pulp.LpProblem.fromMPS(args.model, sense=pulp.LpMinimize)
    read = time.perf_counter()
    solver = pulp.HiGHS(msg=False, gapRel=args.mip_gap, timeLimit=args.time_limit, threads=args.threads)
    prob.solve(solver)
    seconds = time.perf_counter() - started
    status = pulp.LpStatus[prob.status]
    # PuLP reports "Optimal" also for a MIP stopped by the time limit with a solution; ask HiGHS.
    proven = status == "Optimal" and seconds < args.time_limit
    report({
        "seconds": seconds,
        "read": read - started,
        "status": "Optimal" if proven else status,
        "objective": pulp.value(prob.objective),
    }, proven)


if __name__ == "__main__":
    main()
