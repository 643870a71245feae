#!/usr/bin/env python3
"""Scenario JSON -> GNU MathProg data for asc.mod (the LP core of the formulation).

    python3 scenario_to_dat.py scenario.json > scenario.dat
    glpsol -m asc.mod -d scenario.dat

Eligibility is left to the model (it gets countries, approvals and screening); the converter
only applies the format's defaults (scenario_core.py) and writes the data out.
"""
import sys

import scenario_core


def q(text):
    return "'" + str(text).replace("'", "''") + "'"


def num(value):
    return repr(float(value))


def main():
    scenario = scenario_core.load_or_exit(sys.argv[1])
    out = []
    w = out.append
    n = len(scenario["periods"])
    header = " ".join(str(t) for t in range(n))
    w("data;")
    w("param NT := %d;" % n)
    w("param rate := %s;" % num(scenario["rate"]))
    countries = scenario["countries"]
    w("set C := %s;" % " ".join(q(c["id"]) for c in countries))
    w("param domestic := %s;" % " ".join("%s %d" % (q(c["id"]), c["domestic"]) for c in countries))
    w("param ip := %s;" % " ".join("%s %s" % (q(c["id"]), num(c["ip"])) for c in countries))
    w("param screenOK := %s;" % " ".join("%s %d" % (q(c["id"]), c["screenOK"]) for c in countries))
    w("set EMBARGO := %s;" % " ".join(q(e) for e in scenario["embargo"]))
    if scenario["budget"] is not None:
        w("param hasBudget := 1;")
        w("param budget := %s;" % " ".join("%d %s" % (t, num(v)) for t, v in enumerate(scenario["budget"])))
    categories = sorted({i["category"] for i in scenario["items"]})
    w("set CAT := %s;" % " ".join(q(k) for k in categories))
    pairs = ["(%s,%s)" % (q(c["id"]), q(k)) for c in countries for k in categories if k in c["approved"]]
    w("set APPROVED := %s;" % " ".join(pairs))
    w("set STAR := %s;" % " ".join(q(c["id"]) for c in countries if "*" in c["approved"]))

    items = scenario["items"]
    w("set I := %s;" % " ".join(q(i["id"]) for i in items))
    w("param cat := %s;" % " ".join("%s %s" % (q(i["id"]), q(i["category"])) for i in items))
    w("param d : %s :=" % header)
    for i in items:
        w("%s %s" % (q(i["id"]), " ".join(num(v) for v in i["demand"])))
    w(";")

    def column(name, values):
        entries = ["%s %s" % (q(key), value) for key, value in values if value is not None]
        if entries:
            w("param %s := %s;" % (name, " ".join(entries)))

    column("init", [(i["id"], num(i["init"])) for i in items])
    column("h", [(i["id"], num(i["holding"])) for i in items])
    column("hasBacklog", [(i["id"], int(i["backlog"] is not None)) for i in items])
    column("bpen", [(i["id"], num(i["backlog"] or 0)) for i in items])
    column("hasUnmet", [(i["id"], int(i["unmet"] is not None)) for i in items])
    column("upen", [(i["id"], num(i["unmet"] or 0)) for i in items])
    column("minip", [(i["id"], num(i["minIP"])) for i in items])
    column("dsMin", [(i["id"], None if i["dsMin"] is None else num(i["dsMin"])) for i in items])
    column("dsMax", [(i["id"], None if i["dsMax"] is None else num(i["dsMax"])) for i in items])
    column("dsFrom", [(i["id"], i["dsFrom"]) for i in items])
    column("dsPerPeriod", [(i["id"], int(i["dsPerPeriod"])) for i in items])
    column("alpha", [(i["id"], None if i["alpha"] is None else num(i["alpha"])) for i in items])
    column("beta", [(i["id"], None if i["beta"] is None else num(i["beta"])) for i in items])
    column("capPerPeriod", [(i["id"], int(i["capPerPeriod"])) for i in items])

    sources = scenario["sources"]
    w("set S := %s;" % " ".join(q(s["id"]) for s in sources))
    column("item", [(s["id"], q(s["item"])) for s in sources])
    column("country", [(s["id"], q(s["country"])) for s in sources])
    for name, key in (("c", "cost"), ("K", "capacity")):
        w("param %s : %s :=" % (name, header))
        for s in sources:
            w("%s %s" % (q(s["id"]), " ".join(num(v) for v in s[key])))
        w(";")
    column("concurrent", [(s["id"], int(s["concurrent"])) for s in sources])
    column("L", [(s["id"], s["lead"]) for s in sources])
    column("dc", [(s["id"], num(s["dc"])) for s in sources])
    column("cs", [(s["id"], num(s["costShare"])) for s in sources])
    column("afrom", [(s["id"], s["from"]) for s in sources])
    column("auntil", [(s["id"], s["until"]) for s in sources])
    w("end;")
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
