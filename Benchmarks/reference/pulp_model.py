#!/usr/bin/env python3
"""The LP core of the sourcing formulation (with the budget) in PuLP: what most analysts would write instead.

    python3 pulp_model.py scenario.json --solver glpk|highs [--threads 1]

Reads the scenario JSON (scenario_core.py applies the format's defaults; same subset as
asc.mod), builds the LP with PuLP, solves it through glpsol (PuLP's GLPK_CMD, which writes a
CPLEX LP file and runs glpsol) or HiGHS (PuLP's HiGHS, the highspy API), and prints one JSON
line: {"build": seconds, "solve": seconds, "status": ..., "objective": ...}. "build" is
PuLP's model generation (variables, constraints, objective); "solve" is everything after,
writing the file or passing the model to the solver included, as a user would see it.
"""
import argparse
import json
import sys
import time

import pulp

import scenario_core


def build(scenario):
    n = len(scenario["periods"])
    periods = range(n)
    delta = []
    weight = 1.0
    for _ in periods:
        delta.append(weight)
        weight /= 1 + scenario["rate"]
    ok = scenario_core.eligibility(scenario)
    countries = {c["id"]: c for c in scenario["countries"]}
    prob = pulp.LpProblem("sourcing", pulp.LpMinimize)

    # Orders x[s, t] for eligible sources inside the window, delivered within the horizon.
    x = {}
    by_item = {i["id"]: [] for i in scenario["items"]}
    for s in scenario["sources"]:
        if not ok[s["id"]]:
            continue
        by_item[s["item"]].append(s)
        last = min(s["until"], n - 1 - s["lead"])
        for t in range(s["from"], last + 1):
            x[s["id"], t] = pulp.LpVariable("x_%s_%d" % (s["id"], t), 0, s["capacity"][t])

    def delivery(s, t):
        return x.get((s["id"], t - s["lead"]))

    objective = []
    sources = {s["id"]: s for s in scenario["sources"]}
    for (sid, t), var in x.items():
        s = sources[sid]
        objective.append((var, delta[t] * s["costShare"] * s["cost"][t]))

    for item in scenario["items"]:
        iid = item["id"]
        inv = [pulp.LpVariable("inv_%s_%d" % (iid, t), 0) for t in periods]
        back = None
        if item["backlog"] is not None:
            back = []
            for t in periods:
                upper = 0 if (t == n - 1 and item["unmet"] is None) else None
                back.append(pulp.LpVariable("back_%s_%d" % (iid, t), 0, upper))
        for t in periods:
            objective.append((inv[t], delta[t] * item["holding"]))
            if back is not None:
                cost = delta[t] * item["backlog"]
                if t == n - 1 and item["unmet"] is not None:
                    cost += delta[t] * item["unmet"]
                objective.append((back[t], cost))
        item_sources = by_item[iid]
        # Balance: inv - back = previous inv - previous back + deliveries - demand.
        for t in periods:
            terms = [(inv[t], 1)]
            if back is not None:
                terms.append((back[t], -1))
            if t > 0:
                terms.append((inv[t - 1], -1))
                if back is not None:
                    terms.append((back[t - 1], 1))
            for s in item_sources:
                var = delivery(s, t)
                if var is not None:
                    terms.append((var, -1))
            rhs = -item["demand"][t] + (item["init"] if t == 0 else 0)
            prob += pulp.LpAffineExpression(terms) == rhs, "balance_%s_%d" % (iid, t)
        # Concurrent capacity: orders of the last max(L, 1) periods are still in work.
        for s in item_sources:
            if not s["concurrent"]:
                continue
            window = max(s["lead"], 1)
            for t in periods:
                terms = [(x[s["id"], u], 1) for u in range(max(0, t - window + 1), t + 1) if (s["id"], u) in x]
                if terms:
                    prob += pulp.LpAffineExpression(terms) <= s["capacity"][t], "inWork_%s_%d" % (s["id"], t)

        def share_rows(name, groups, coefficient):
            for key, group in groups:
                terms = []
                for t in group:
                    for s in item_sources:
                        var = delivery(s, t)
                        value = coefficient(s)
                        if var is not None and value != 0:
                            terms.append((var, value))
                if terms:
                    prob.addConstraint(pulp.LpAffineExpression(terms) >= 0, "%s_%s" % (name, key))

        # Domestic share in units delivered, per period from dsFrom or over those periods.
        if item["dsMin"] is not None or item["dsMax"] is not None:
            span = list(range(item["dsFrom"], n))
            groups = [("%s_%d" % (iid, t), [t]) for t in span] if item["dsPerPeriod"] else [(iid, span)]
            if item["dsMin"] is not None:
                share_rows("dsMin", groups, lambda s: s["dc"] - item["dsMin"])
            if item["dsMax"] is not None:
                share_rows("dsMax", groups, lambda s: item["dsMax"] - s["dc"])
        # Share caps: each source at most alpha, each foreign country at most beta.
        caps = [(str(t), [t]) for t in periods] if item["capPerPeriod"] else [("h", list(periods))]
        if item["alpha"] is not None and item["alpha"] < 1:
            alpha = item["alpha"]
            for own in item_sources:
                share_rows("srcCap_%s" % own["id"], caps,
                           lambda s: alpha - 1 if s["id"] == own["id"] else alpha)
        if item["beta"] is not None and item["beta"] < 1:
            beta = item["beta"]
            allies = []
            for s in item_sources:
                if not countries[s["country"]]["domestic"] and s["country"] not in allies:
                    allies.append(s["country"])
            for ally in allies:
                share_rows("allyCap_%s_%s" % (iid, ally), caps,
                           lambda s: beta - 1 if s["country"] == ally else beta)
    # Budget: procurement after cost share, paid in the order period, at most the period's budget.
    if scenario["budget"] is not None:
        spend = [[] for _ in periods]
        for (sid, t), var in x.items():
            s = sources[sid]
            if s["costShare"] * s["cost"][t] != 0:
                spend[t].append((var, s["costShare"] * s["cost"][t]))
        for t in periods:
            prob += pulp.LpAffineExpression(spend[t]) <= scenario["budget"][t], "budget_%d" % t
    prob += pulp.LpAffineExpression(objective)
    return prob


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("scenario")
    parser.add_argument("--solver", choices=["glpk", "highs"], required=True)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    scenario = scenario_core.load_or_exit(args.scenario)
    started = time.perf_counter()
    prob = build(scenario)
    built = time.perf_counter()
    if args.solver == "glpk":
        solver = pulp.GLPK_CMD(msg=False)
    else:
        solver = pulp.HiGHS(msg=False, threads=args.threads)
    prob.solve(solver)
    solved = time.perf_counter()
    status = pulp.LpStatus[prob.status]
    print(json.dumps({
        "build": built - started,
        "solve": solved - built,
        "status": status,
        "objective": pulp.value(prob.objective) if status == "Optimal" else None,
        "rows": len(prob.constraints),
        "columns": len(prob.variables()),
    }))
    sys.exit(0 if status == "Optimal" else 3)


if __name__ == "__main__":
    main()
