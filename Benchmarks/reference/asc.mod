/* The LP core of the sourcing formulation (shared/design/scenario-format.md) in GNU MathProg:
   what a GLPK user would write instead of our Swift model builder. Solved by glpsol:
       python3 scenario_to_dat.py scenario.json > scenario.dat
       glpsol -m asc.mod -d scenario.dat
   Covered (the "LP core"; scenarios from `sourcing generate --lp-core --integer-share 0`):
   orders with lead times (no delivery after the last period), availability windows,
   eligibility (embargo, export approval incl. "*", IP protection, screening with
   allowPendingScreening; domestic lines always eligible), balance with initial inventory,
   hard demand or backlog (with or without unmetPenalty), starts and concurrent capacity,
   holding, backlog and unmet costs, discounting, costShare, domesticContent, domestic share
   (min and/or max, from, per period or over the horizon), maxSharePerSource and
   maxSharePerAlly (per period or over the horizon), policy.budget (procurement only, which is
   all the LP core spends).
   Not covered: integerUnits, fixedCost, minOrder, minSources, minCountries, resilience,
   reserveCost, onshoring (the converter refuses scenarios that use them).
   Periods are numbered 0..NT-1; "from" fields are period numbers. */

param NT integer > 0;
set T := 0..NT-1;
param rate >= 0;
param delta{t in T} := 1 / (1 + rate) ** t;

/* Countries and export control. */
set C;
param domestic{C} binary;
param ip{C} >= 0, <= 1;
param screenOK{C} binary;        /* cleared, or pending with allowPendingScreening */
set EMBARGO within C;
set CAT;
set APPROVED within C cross CAT; /* (country, category) approved */
set STAR within C;               /* countries with exportApproved ["*"] */

/* Items. */
set I;
param cat{I} symbolic in CAT;
param d{I, T} >= 0;
param init{I} >= 0;
param h{I} >= 0;
param hasBacklog{I} binary;
param bpen{I} >= 0;
param hasUnmet{I} binary;
param upen{I} >= 0;
param minip{I} >= 0;
param dsMin{I} default -1;       /* -1: no minimum */
param dsMax{I} default 2;        /*  2: no maximum */
param dsFrom{I} integer >= 0 default 0;
param dsPerPeriod{I} binary default 1;
param alpha{I} default 1;        /* maxSharePerSource; 1: none */
param beta{I} default 1;         /* maxSharePerAlly; 1: none */
param capPerPeriod{I} binary default 0;
param hasBudget binary default 0;
param budget{T} >= 0 default 0;

/* Sources. */
set S;
param item{S} symbolic in I;
param country{S} symbolic in C;
param c{S, T} >= 0;
param K{S, T} >= 0;
param concurrent{S} binary;
param L{S} integer >= 0;
param dc{S} >= 0, <= 1;
param cs{S} >= 0, <= 1;
param afrom{S} integer >= 0 default 0;
param auntil{S} integer >= 0 default NT - 1;

/* Eligible sources, and the order periods of each (inside the window, delivered in time). */
set E := {s in S: domestic[country[s]] = 1 or (
    country[s] not in EMBARGO
    and (country[s] in STAR or (country[s], cat[item[s]]) in APPROVED)
    and ip[country[s]] >= minip[item[s]]
    and screenOK[country[s]] = 1)};
set X := {s in E, t in T: t >= afrom[s] and t <= auntil[s] and t + L[s] <= NT - 1};
/* Eligible sources of each item; the order of source s delivering in t is x[s, t - L[s]]. */
set SRC{i in I} := {s in E: item[s] = i};
/* Foreign countries with an eligible source of item i. */
set ALLIES{i in I} := setof{s in SRC[i]: domestic[country[s]] = 0} country[s];

var x{(s, t) in X} >= 0, <= K[s, t];
var inv{I, T} >= 0;
var back{i in I, t in T} >= 0,
    <= if hasBacklog[i] = 1 and (t < NT - 1 or hasUnmet[i] = 1) then Infinity else 0;

minimize cost:
    sum{(s, t) in X} delta[t] * cs[s] * c[s, t] * x[s, t]
  + sum{i in I, t in T} delta[t] * (h[i] * inv[i, t] + bpen[i] * back[i, t])
  + sum{i in I} delta[NT - 1] * upen[i] * back[i, NT - 1];

s.t. balance{i in I, t in T}:
    inv[i, t] - back[i, t]
  = (if t = 0 then init[i] else 0)
  + (if t > 0 then inv[i, t - 1] - back[i, t - 1] else 0)
  + sum{s in SRC[i]: (s, t - L[s]) in X} x[s, t - L[s]] - d[i, t];

/* Concurrent capacity: units ordered in the last max(L, 1) periods are still in work. */
s.t. inWork{s in E, t in T: concurrent[s] = 1}:
    sum{u in T: u > t - max(L[s], 1) and u <= t and (s, u) in X} x[s, u] <= K[s, t];

/* Domestic share in units delivered, per period from dsFrom, or summed over those periods. */
s.t. dsMinPeriod{i in I, t in T: dsMin[i] >= 0 and dsPerPeriod[i] = 1 and t >= dsFrom[i]}:
    sum{s in SRC[i]: (s, t - L[s]) in X} (dc[s] - dsMin[i]) * x[s, t - L[s]] >= 0;
s.t. dsMaxPeriod{i in I, t in T: dsMax[i] <= 1 and dsPerPeriod[i] = 1 and t >= dsFrom[i]}:
    sum{s in SRC[i]: (s, t - L[s]) in X} (dsMax[i] - dc[s]) * x[s, t - L[s]] >= 0;
s.t. dsMinHorizon{i in I: dsMin[i] >= 0 and dsPerPeriod[i] = 0}:
    sum{t in T, s in SRC[i]: t >= dsFrom[i] and (s, t - L[s]) in X} (dc[s] - dsMin[i]) * x[s, t - L[s]] >= 0;
s.t. dsMaxHorizon{i in I: dsMax[i] <= 1 and dsPerPeriod[i] = 0}:
    sum{t in T, s in SRC[i]: t >= dsFrom[i] and (s, t - L[s]) in X} (dsMax[i] - dc[s]) * x[s, t - L[s]] >= 0;

/* Share caps on deliveries: a source (domestic included) at most alpha of the item's
   deliveries, a foreign country at most beta; per period or over the horizon. */
s.t. sourceCapHorizon{s in E: alpha[item[s]] < 1 and capPerPeriod[item[s]] = 0}:
    sum{t in T, s2 in SRC[item[s]]: (s2, t - L[s2]) in X}
        (if s2 = s then alpha[item[s]] - 1 else alpha[item[s]]) * x[s2, t - L[s2]] >= 0;
s.t. sourceCapPeriod{s in E, t in T: alpha[item[s]] < 1 and capPerPeriod[item[s]] = 1}:
    sum{s2 in SRC[item[s]]: (s2, t - L[s2]) in X}
        (if s2 = s then alpha[item[s]] - 1 else alpha[item[s]]) * x[s2, t - L[s2]] >= 0;
s.t. allyCapHorizon{i in I, k in ALLIES[i]: beta[i] < 1 and capPerPeriod[i] = 0}:
    sum{t in T, s in SRC[i]: (s, t - L[s]) in X}
        (if country[s] = k then beta[i] - 1 else beta[i]) * x[s, t - L[s]] >= 0;
s.t. allyCapPeriod{i in I, k in ALLIES[i], t in T: beta[i] < 1 and capPerPeriod[i] = 1}:
    sum{s in SRC[i]: (s, t - L[s]) in X}
        (if country[s] = k then beta[i] - 1 else beta[i]) * x[s, t - L[s]] >= 0;

/* Budget: procurement after cost share, paid in the order period. */
s.t. budgetRow{t in T: hasBudget = 1}:
    sum{s in E: (s, t) in X} cs[s] * c[s, t] * x[s, t] <= budget[t];

solve;

printf "OBJECTIVE %.15g\n", cost;
end;
