#!/usr/bin/env bash
# Side by side: sourcing vs what a GLPK user (GNU MathProg + glpsol) or an analyst (PuLP with
# glpsol or HiGHS) would write instead, on the same generated LP-core scenarios, in one run.
#
#   Benchmarks/compare.sh --quick     small and medium sizes (about a minute)
#   Benchmarks/compare.sh             also the 400 x 10 x 40 LP of issue 9 (~1 M nonzeros):
#                                     glpsol and PuLP+glpsol take minutes each on it
#   Benchmarks/compare.sh --sizes "20:5:6:12 100:8:8:24" [--seed N] [--skip-glpk]
#   Benchmarks/compare.sh --sizes "200:8:8:30:1.2 400:10:10:40:1.2" --mip-sizes ""
#                                     issue 15's budget-coupled LPs
#
# Sizes are ITEMS:SOURCES_PER_ITEM:COUNTRIES:PERIODS[:BUDGET_SHARE], generated with
# `sourcing generate --lp-core --integer-share 0 [--budget-share F] --seed N` into a scratch
# folder (never the repository); with a budget share, a budget row per period ties the items. Every implementation solves the same JSON file; their objectives must agree
# to 1e-6 (relative) or the script fails. It prints, per size, each implementation's times and
# every comparison as a ratio (theirs / ours: above 1 means we are faster):
#   build: ours = PlanningModel build + loading into GLPK (`sourcing timings`, best of 3);
#          glpsol = MathProg translation (`glpsol --check`: reading the .dat and generating the
#          model, wall clock); PuLP = its model generation in Python (variables, constraints).
#   end to end: wall clock of one process from the JSON file to the optimum: ours
#          `sourcing solve --format json --no-sensitivity` (release build; items solved as
#          independent blocks on --jobs threads) and, as `ours-mono`, one monolithic GLPK
#          problem (`sourcing timings --solve`); glpsol = converter (Python) + glpsol;
#          PuLP = python3 pulp_model.py (read, build, solve).
# MIPs (after the LPs; --mip-sizes "ITEMS:SOURCES:COUNTRIES:PERIODS:INTEGER_SHARE[:BUDGET_SHARE] ...",
# --mip-sizes "" to skip; default issue 15's 50 x 6 x 20 with a third of the items in whole units
# and 30 x 5 x 16 with a budget at 1.2 x the estimated spend): generated without --lp-core (fixed
# costs, minimum orders and sources, onshoring, resilience), so the LP-core scripts cannot model
# them; every reference solves our exported formulation instead (`sourcing export --format
# freemps`): PuLP + HiGHS (reference/pulp_mps.py: LpProblem.fromMPS, HiGHS, one thread),
# highspy alone (reference/highs_mps.py) and glpsol (`glpsol --freemps --intopt`, GLPK's MIP
# presolver as ours). All at the default gap 1e-4 and --mip-time-limit S (default 600);
# objectives are compared when both sides proved the optimum (to 1e-6, and the run fails beyond
# the gap 1e-4 they were proven to). --sourcing PATH uses that binary instead of building the
# release one (a debug build times the GLPK solves the same, its own code slower).
# Needs glpsol (apt glpk-utils), Python 3 with pulp and highspy (installed into
# Benchmarks/.venv when missing) and a release build of sourcing (built when missing).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
reference="$here/reference"
quick_sizes="20:5:6:12 100:8:8:24"
full_sizes="20:5:6:12 100:8:8:24 400:10:10:40"
sizes="$full_sizes"
seed=1
skip_glpk=0
skip_mono=0
mip_sizes="50:6:6:20:0.34 30:5:6:16:0.34:1.2"
mip_time_limit=600
sourcing_binary=""
jobs=$(nproc)
while [ $# -gt 0 ]; do
    case "$1" in
        --quick) sizes="$quick_sizes" ;;
        --sizes) sizes="$2"; shift ;;
        --seed) seed="$2"; shift ;;
        --jobs) jobs="$2"; shift ;;
        --skip-glpk) skip_glpk=1 ;;
        --skip-mono) skip_mono=1 ;;
        --mip-sizes) mip_sizes="$2"; shift ;;
        --mip-time-limit) mip_time_limit="$2"; shift ;;
        --sourcing) sourcing_binary="$2"; shift ;;
        -h|--help) sed -n '2,37p' "$0"; exit 0 ;;
        *) echo "unknown argument $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done

# --- Tools -------------------------------------------------------------------------------
if ! command -v glpsol >/dev/null; then
    echo "Installing glpk-utils (glpsol) with apt-get..." >&2
    SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq glpk-utils >&2
fi
venv="$here/.venv"
python="$venv/bin/python"
if ! "$python" -c "import pulp, highspy" 2>/dev/null; then
    echo "Installing pulp and highspy into $venv..." >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q "pulp==3.3.2" "highspy==1.15.1" >&2
fi
if [ -n "$sourcing_binary" ]; then
    sourcing="$(cd "$(dirname "$sourcing_binary")" && pwd)/$(basename "$sourcing_binary")"
else
    scratch="$root/.build-bench"
    echo "Building sourcing (release, $scratch)..." >&2
    (cd "$root" && swift build -c release --scratch-path "$scratch" --product sourcing >&2)
    sourcing="$scratch/release/sourcing"
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/sourcing-compare.XXXXXX")"
trap 'rm -rf "$work"' EXIT

now() { date +%s.%N; }
elapsed() { python3 -c "import sys; print('%.3f' % (float(sys.argv[2]) - float(sys.argv[1])))" "$1" "$2"; }
field() { python3 -c "import json, sys; v = json.loads(sys.argv[1]).get(sys.argv[2]); print('' if v is None else v)" "$1" "$2"; }

echo "machine: $(nproc) cores, $(uname -m); glpsol $(glpsol --version | head -1 | awk '{print $NF}'); $("$python" -c 'import pulp, highspy; from importlib.metadata import version; print("pulp", version("pulp"), "highspy", version("highspy"))' 2>/dev/null); sourcing $("$sourcing" --version)"
echo "seed $seed; ours uses --jobs $jobs; ratios are theirs / ours (above 1: we are faster)"
failed=0
for size in $sizes; do
    IFS=: read -r n m c t budget <<<"$size"
    budget_args=(); budget_text=""
    if [ -n "${budget:-}" ]; then budget_args=(--budget-share "$budget"); budget_text=" --budget-share $budget"; fi
    file="$work/lp-$n-$m-$c-$t.json"
    "$sourcing" generate --items "$n" --sources-per-item "$m" --countries "$c" --periods "$t" \
        --integer-share 0 --lp-core "${budget_args[@]}" --seed "$seed" --out "$file"
    echo
    echo "== $n items x $m sources x $t periods, $c countries (sourcing generate --items $n --sources-per-item $m --countries $c --periods $t --integer-share 0 --lp-core$budget_text --seed $seed)"

    # Ours: build + load (best of 3), monolithic solve, and the end-to-end CLI.
    timing=$("$sourcing" timings "$file" --repeat 3)
    ours_build=$(python3 -c "import json, sys; d = json.loads(sys.argv[1]); print('%.4f' % (d['buildSeconds'] + d['loadSeconds']))" "$timing")
    echo "   model: $(field "$timing" rows) rows, $(field "$timing" columns) columns, $(field "$timing" nonzeros) nonzeros"
    start=$(now)
    "$sourcing" solve "$file" --format json --no-sensitivity --jobs "$jobs" > "$work/ours.json"
    ours_e2e=$(elapsed "$start" "$(now)")
    ours_obj=$(python3 -c "import json; print(json.load(open('$work/ours.json'))['objective'])")
    mono='{}'; mono_e2e=""; mono_obj=""
    if [ "$skip_mono" = 0 ]; then
        start=$(now)
        mono=$("$sourcing" timings "$file" --solve)
        mono_e2e=$(elapsed "$start" "$(now)")
        mono_obj=$(field "$mono" objective)
    fi

    # GNU MathProg + glpsol.
    start=$(now)
    python3 "$reference/scenario_to_dat.py" "$file" > "$work/s.dat"
    convert=$(elapsed "$start" "$(now)")
    start=$(now)
    glpsol --check -m "$reference/asc.mod" -d "$work/s.dat" > "$work/check.log"
    mathprog_build=$(elapsed "$start" "$(now)")
    mathprog_e2e=""; mathprog_obj=""
    if [ "$skip_glpk" = 0 ]; then
        start=$(now)
        glpsol -m "$reference/asc.mod" -d "$work/s.dat" > "$work/glpsol.log"
        mathprog_e2e=$(python3 -c "print('%.3f' % ($(elapsed "$start" "$(now)") + $convert))")
        mathprog_obj=$(awk '/^OBJECTIVE/ {print $2}' "$work/glpsol.log")
    fi

    # PuLP with glpsol and with HiGHS.
    pulp_glpk=""; pulp_glpk_e2e=""
    if [ "$skip_glpk" = 0 ]; then
        start=$(now)
        pulp_glpk=$(cd "$reference" && "$python" pulp_model.py "$file" --solver glpk)
        pulp_glpk_e2e=$(elapsed "$start" "$(now)")
    fi
    start=$(now)
    pulp_highs=$(cd "$reference" && "$python" pulp_model.py "$file" --solver highs)
    pulp_highs_e2e=$(elapsed "$start" "$(now)")

    python3 - "$ours_obj" "$mono_obj" "$mathprog_obj" "$(field "$pulp_glpk" objective 2>/dev/null || true)" "$(field "$pulp_highs" objective)" <<'EOF' || failed=1
import sys
names = ["ours", "ours-mono", "glpsol", "pulp-glpk", "pulp-highs"]
values = [(n, float(v)) for n, v in zip(names, sys.argv[1:]) if v]
ref = values[0][1]
bad = [(n, v) for n, v in values if abs(v - ref) > 1e-6 * max(1.0, abs(ref))]
print("   objectives: " + ", ".join("%s %.10g" % (n, v) for n, v in values)
      + ("  -> agree (1e-6)" if not bad else "  -> DISAGREE: " + ", ".join(n for n, _ in bad)))
sys.exit(1 if bad else 0)
EOF
    python3 - "$ours_build" "$mathprog_build" "$(field "$pulp_highs" build)" \
        "$ours_e2e" "$(field "$mono" solveSeconds)" "$mono_e2e" "$mathprog_e2e" "$pulp_glpk_e2e" "$pulp_highs_e2e" "$convert" \
        "$(field "$pulp_glpk" build 2>/dev/null || true)" <<'EOF'
import sys
a = [float(x) if x else None for x in sys.argv[1:]]
ours_build, mathprog_build, pulp_build, ours_e2e, mono_solve, mono_e2e, mathprog_e2e, pulp_glpk_e2e, pulp_highs_e2e, convert, pulp_build_glpk = a
def ratio(theirs, ours):
    return "n/a" if theirs is None or ours is None or ours == 0 else "%.1fx" % (theirs / ours)
def secs(x):
    if x is None:
        return "skipped"
    return "%.1f ms" % (x * 1000) if x < 1 else "%.2f s" % x
print("   build:      ours %s | glpsol translation %s (%s) | PuLP generation %s (%s)   [converter JSON->.dat %s]"
      % (secs(ours_build), secs(mathprog_build), ratio(mathprog_build, ours_build), secs(pulp_build),
         ratio(pulp_build, ours_build), secs(convert)))
print("   end to end: ours %s | ours-mono %s (GLPK solve %s) | glpsol %s (%s) | PuLP+glpsol %s (%s) | PuLP+HiGHS %s (%s)"
      % (secs(ours_e2e), secs(mono_e2e), secs(mono_solve), secs(mathprog_e2e), ratio(mathprog_e2e, ours_e2e),
         secs(pulp_glpk_e2e), ratio(pulp_glpk_e2e, ours_e2e), secs(pulp_highs_e2e), ratio(pulp_highs_e2e, ours_e2e)))
print("   same solver, same single problem: glpsol / ours-mono %s, PuLP+glpsol / ours-mono %s"
      % (ratio(mathprog_e2e, mono_e2e), ratio(pulp_glpk_e2e, mono_e2e)))
EOF
done

# --- MIPs --------------------------------------------------------------------------------
for size in $mip_sizes; do
    IFS=: read -r n m c t share budget <<<"$size"
    budget_args=(); budget_text=""
    if [ -n "${budget:-}" ]; then budget_args=(--budget-share "$budget"); budget_text=" --budget-share $budget"; fi
    file="$work/mip-$n-$m-$c-$t.json"
    "$sourcing" generate --items "$n" --sources-per-item "$m" --countries "$c" --periods "$t" \
        --integer-share "$share" "${budget_args[@]}" --seed "$seed" --out "$file"
    "$sourcing" export "$file" --format freemps -o "$work/mip.mps"
    echo
    echo "== MIP $n items x $m sources x $t periods, $c countries (sourcing generate --items $n --sources-per-item $m --countries $c --periods $t --integer-share $share$budget_text --seed $seed)"
    start=$(now)
    # The generator writes solver.mipGap 0.01; every side solves to the default gap 1e-4.
    "$sourcing" solve "$file" --format json --no-sensitivity --jobs "$jobs" --mip-gap 1e-4 --time-limit "$mip_time_limit" > "$work/ours.json" || true
    ours_e2e=$(elapsed "$start" "$(now)")
    ours=$(python3 -c "import json; p = json.load(open('$work/ours.json')); s = p['solver']; print(json.dumps({'status': p['status'], 'objective': p['objective'], 'gap': p.get('mipGap'), 'rows': s['rows'], 'columns': s['columns'], 'integerColumns': s['integerColumns'], 'nonzeros': s['nonzeros']}))")
    echo "   model: $(field "$ours" rows) rows, $(field "$ours" columns) columns ($(field "$ours" integerColumns) integer), $(field "$ours" nonzeros) nonzeros"
    pulp_highs=$(cd "$reference" && "$python" pulp_mps.py "$work/mip.mps" --time-limit "$mip_time_limit" || true)
    highs=$(cd "$reference" && "$python" highs_mps.py "$work/mip.mps" --time-limit "$mip_time_limit" || true)
    glpsol_e2e=""; glpsol_obj=""; glpsol_status=""
    if [ "$skip_glpk" = 0 ]; then
        start=$(now)
        glpsol --freemps "$work/mip.mps" --min --intopt --mipgap 1e-4 --tmlim "$mip_time_limit" -o "$work/glpsol.out" > "$work/glpsol.log" || true
        glpsol_e2e=$(elapsed "$start" "$(now)")
        glpsol_status=$(awk '/^Status:/ {print $2, $3}' "$work/glpsol.out")
        glpsol_obj=$(awk '/^Objective:/ {print $4}' "$work/glpsol.out")
    fi
    python3 - "$ours" "$ours_e2e" "$pulp_highs" "$highs" "$glpsol_e2e" "$glpsol_obj" "$glpsol_status" <<'EOF' || failed=1
import json, sys
ours, ours_e2e, pulp_highs, highs, glpsol_e2e, glpsol_obj, glpsol_status = sys.argv[1:]
ours = json.loads(ours)
runs = [("ours", float(ours_e2e), ours["status"] == "optimal", ours["objective"], ours["gap"])]
for name, text in [("PuLP+HiGHS", pulp_highs), ("highspy", highs)]:
    if text:
        d = json.loads(text)
        runs.append((name, d["seconds"], d["status"] == "Optimal", d["objective"], d.get("gap")))
if glpsol_e2e:
    runs.append(("glpsol", float(glpsol_e2e), glpsol_status.startswith("INTEGER OPTIMAL"),
                 float(glpsol_obj) if glpsol_obj else None, None))
def secs(x):
    return "%.1f ms" % (x * 1000) if x < 1 else "%.2f s" % x
def show(run):
    name, seconds, proven, objective, gap = run
    what = "optimal" if proven else ("stopped, gap %.3g%%" % (100 * gap) if gap is not None else "stopped")
    return "%s %s (%s%s)" % (name, secs(seconds), what, "" if objective is None else ", %.10g" % objective)
print("   end to end: " + " | ".join(show(r) for r in runs))
print("   ratios (theirs / ours, above 1: we are faster): "
      + ", ".join("%s %.2fx" % (r[0], r[1] / runs[0][1]) for r in runs[1:]))
bad = []
if runs[0][2]:
    for name, _, proven, objective, _ in runs[1:]:
        if proven and objective is not None:
            difference = abs(objective - runs[0][3]) / max(1.0, abs(runs[0][3]))
            print("   objective vs %s: relative difference %.2g (%s)" % (name, difference,
                  "agree to 1e-6" if difference <= 1e-6 else "within the gap 1e-4" if difference <= 1e-4 else "DISAGREE"))
            if difference > 1e-4:
                bad.append(name)
sys.exit(1 if bad else 0)
EOF
done

echo
if [ "$failed" != 0 ]; then echo "FAILED: objectives disagree" >&2; exit 1; fi
echo "all objectives agree"
