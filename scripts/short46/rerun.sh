#!/bin/bash
# Re-run session 40's short46 measurements (issue 10). From the worktree root:
#   bash scripts/short46/rerun.sh BASE P1 P2 [OUT]
# BASE: main before (4d390312); P1: part 1 (short45's change with the compact/SQL sums,
# fabb9ada); P2: part 2 (24–28 months, 39a7cd6c or later). Trees unpack under /tmp/s46.
set -e
BASE=${1:?base}; P1=${2:?part 1}; P2=${3:?part 2}; OUT=${4:-/tmp/s46/out}; ROOT=$(pwd)
mkdir -p "$OUT"
tree() { local t=/tmp/s46/$1; [ -d "$t" ] || { mkdir -p "$t"; git archive "$1" routekpi scripts | tar -x -C "$t"; }
  mkdir -p "$t/scripts/short46"; cp "$ROOT/scripts/short46/traced_harness.py" "$t/scripts/short46/"; echo "$t"; }
run() { local c=$1 out=$2 seeds=$3; shift 3; local t; t=$(tree "$c")
  (cd "$t" && PYTHONPATH="$t" PYTHONDONTWRITEBYTECODE=1 python scripts/short46/traced_harness.py "$out" "$@" --seeds $seeds); }
S1="sample-november sample-november-priced wholesale-nov wholesale-2y-jul"
S2="sample-priced orders-only-short-priced orders-only-short wholesale-2y wholesale wholesale-x5 sample-long-priced orders-only-priced"
for seeds in "7 11 23" "5 13 31"; do
  s=${seeds// /_}
  run "$BASE" "$OUT/p1_base_$s.pkl" "$seeds" $S1; run "$P1" "$OUT/p1_var_$s.pkl" "$seeds" $S1
  run "$P1" "$OUT/p2_base_$s.pkl" "$seeds" $S2; run "$P2" "$OUT/p2_var_$s.pkl" "$seeds" $S2
done
for p in p1 p2; do
  for t in base var; do python scripts/short46/pool6.py "$OUT/${p}_${t}_6.pkl" "$OUT/${p}_${t}_7_11_23.pkl" "$OUT/${p}_${t}_5_13_31.pkl"; done
  for s in 7_11_23 5_13_31 6; do
    PYTHONPATH="$ROOT" python scripts/realism42/compare.py "$OUT/${p}_base_$s.pkl" "$OUT/${p}_var_$s.pkl" --kpis
  done
  PYTHONPATH="$ROOT" python scripts/short46/team_price.py "$OUT/${p}_base_6.pkl" "$OUT/${p}_var_6.pkl"
done
# The data sets that must not move, as backtest.py prints them (diff the two files):
for c in "$BASE" "$P2"; do t=$(tree "$c")
  (cd "$t" && PYTHONPATH="$t" python scripts/backtest.py --only sample sample-long orders-only wholesale \
    wholesale-x5 sample-long-priced orders-only-priced cdnow --no-write > "$OUT/ident_$c.txt")
done
