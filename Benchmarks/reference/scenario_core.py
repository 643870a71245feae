"""Read a scenario JSON file (shared/design/scenario-format.md) into plain Python data for the
LP core of the formulation, applying the format's defaults. Shared by scenario_to_dat.py
(GNU MathProg) and pulp_model.py (PuLP), so both read a file exactly as the format says.

Refuses (exit 2) scenarios that use what the LP core leaves out: integerUnits, fixedCost,
minOrder, minSources, minCountries, resilience, reserveCost, onshoring. `policy.budget` is
covered (in the LP core the budget rows hold procurement only).
Generate comparable scenarios with `sourcing generate --lp-core --integer-share 0
[--budget-share F]`.
"""
import json
import sys


class Unsupported(Exception):
    pass


def _label(value):
    # A period label: a string, or a whole number read as its decimal text.
    if isinstance(value, bool):
        raise ValueError("a period label cannot be a boolean")
    if isinstance(value, (int, float)):
        return str(int(value))
    return value


def _per_period(value, n):
    if isinstance(value, list):
        if len(value) != n:
            raise ValueError("expected %d values, one per period" % n)
        return [float(v) for v in value]
    return [float(value)] * n


def load(path):
    with open(path, "rb") as handle:
        raw = json.loads(handle.read().decode("utf-8-sig"))
    periods = [_label(p) for p in raw["periods"]]
    n = len(periods)
    index = {label: t for t, label in enumerate(periods)}

    def period(value, default):
        return default if value is None else index[_label(value)]

    policy = raw.get("policy") or {}
    budget = policy.get("budget")
    countries = []
    for c in raw["countries"]:
        countries.append({
            "id": c["id"],
            "domestic": bool(c.get("domestic", False)),
            "approved": list(c.get("exportApproved", [])),
            "ip": float(c.get("ipProtection", 0)),
            "screening": c.get("screening", "cleared"),
        })
    domestic_ids = {c["id"] for c in countries if c["domestic"]}
    allow_pending = bool(policy.get("allowPendingScreening", False))
    for c in countries:
        c["screenOK"] = c["screening"] == "cleared" or (c["screening"] == "pending" and allow_pending)

    items = []
    for it in raw["items"]:
        for key in ("minSources", "minCountries", "resilience"):
            if it.get(key) is not None:
                raise Unsupported("items[%s].%s" % (it["id"], key))
        if it.get("integerUnits", False):
            raise Unsupported("items[%s].integerUnits" % it["id"])
        share = it.get("domesticShare")
        items.append({
            "id": it["id"],
            "category": it["category"],
            "demand": _per_period(it["demand"], n),
            "init": float(it.get("initialInventory", 0)),
            "holding": float(it.get("holdingCost", 0)),
            "backlog": it.get("backlogPenalty"),
            "unmet": it.get("unmetPenalty"),
            "minIP": float(it.get("minIPProtection", 0)),
            "dsMin": None if share is None else share.get("min"),
            "dsMax": None if share is None else share.get("max"),
            "dsFrom": 0 if share is None else period(share.get("from"), 0),
            "dsPerPeriod": share is None or share.get("over", "period") == "period",
            "alpha": it.get("maxSharePerSource"),
            "beta": it.get("maxSharePerAlly"),
            "capPerPeriod": it.get("shareOver", "horizon") == "period",
        })

    sources = []
    for s in raw["sources"]:
        for key in ("fixedCost", "minOrder", "reserveCost"):
            if float(s.get(key, 0)) != 0:
                raise Unsupported("sources[%s].%s" % (s["id"], key))
        if s.get("onshoring") is not None:
            raise Unsupported("sources[%s].onshoring" % s["id"])
        sources.append({
            "id": s["id"],
            "country": s["country"],
            "item": s["item"],
            "cost": _per_period(s["unitCost"], n),
            "capacity": _per_period(s["capacity"], n),
            "concurrent": s.get("capacityMode", "starts") == "concurrent",
            "lead": int(s.get("leadTime", 0)),
            "dc": float(s.get("domesticContent", 1 if s["country"] in domestic_ids else 0)),
            "costShare": float(s.get("costShare", 1)),
            "from": period(s.get("availableFrom"), 0),
            "until": period(s.get("availableUntil"), n - 1),
        })
    return {
        "name": raw.get("name", ""),
        "periods": periods,
        "rate": float(raw.get("discountRate", 0)),
        "countries": countries,
        "embargo": list(policy.get("embargo", [])),
        "budget": None if budget is None else _per_period(budget, n),
        "items": items,
        "sources": sources,
    }


def eligibility(scenario):
    """Source id -> eligible. Domestic lines always; an ally's if not embargoed,
    export-approved for the item's category, IP protection at least the item's minimum, and
    screening cleared (or pending with allowPendingScreening)."""
    countries = {c["id"]: c for c in scenario["countries"]}
    items = {i["id"]: i for i in scenario["items"]}
    embargo = set(scenario["embargo"])
    result = {}
    for source in scenario["sources"]:
        country = countries[source["country"]]
        item = items[source["item"]]
        result[source["id"]] = country["domestic"] or (
            country["id"] not in embargo
            and ("*" in country["approved"] or item["category"] in country["approved"])
            and country["ip"] >= item["minIP"]
            and country["screenOK"])
    return result


def load_or_exit(path):
    try:
        return load(path)
    except Unsupported as error:
        sys.stderr.write("%s: uses %s, which the LP-core reference models leave out; "
                         "generate with --lp-core --integer-share 0\n" % (path, error))
        sys.exit(2)
