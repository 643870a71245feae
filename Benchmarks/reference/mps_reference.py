"""What the two MIP references of compare.sh share: pulp_mps.py (PuLP + HiGHS) and highs_mps.py
(highspy alone) both solve a model file written by `sourcing export --format freemps`, take the
same command line and print one JSON line.

    python3 pulp_mps.py|highs_mps.py model.mps [--mip-gap 1e-4] [--time-limit 600] [--threads 1]

The exit status is 0 when the solver proved the optimum within the gap, 3 otherwise (1 when the
file cannot be read).
"""
import argparse
import json
import sys


def arguments():
    """The command line: the model file, the relative MIP gap, the time limit in seconds and the
    number of solver threads."""
    parser = argparse.ArgumentParser()
    parser.add_argument("model")
    parser.add_argument("--mip-gap", type=float, default=1e-4)
    parser.add_argument("--time-limit", type=float, default=600)
    parser.add_argument("--threads", type=int, default=1)
    return parser.parse_args()


def report(fields, proven):
    """Prints `fields` (a dict, in its order) as one JSON line and exits 0 if `proven`, else 3."""
    print(json.dumps(fields))
    sys.exit(0 if proven else 3)
