#!/bin/bash
# Re-run session 39's short45 measurement (issue 10: the short history's unit-price pace read on
# the same customers). From the worktree root:  bash scripts/short45/rerun.sh BASE_COMMIT /tmp/s45
# BASE_COMMIT: the tree before the change (e.g. short45's parent on main); the variant is HEAD.
set -e
BASE=${1:?base commit}; OUT=${2:-/tmp/s45}; ROOT=$(pwd)
S="sample-november sample-november-priced orders-only-short-priced sample-priced wholesale-2y wholesale-nov wholesale-2y-jul"
mkdir -p "$OUT/before" "$OUT/after"
git archive "$BASE" routekpi scripts | tar -x -C "$OUT/before"
git archive HEAD routekpi scripts | tar -x -C "$OUT/after"
for t in before after; do
  for seeds in "7 11 23" "5 13 31"; do
    (cd "$OUT/$t" && PYTHONPATH="$OUT/$t" PYTHONDONTWRITEBYTECODE=1 \
      python scripts/realism42/harness.py "$OUT/${t}_${seeds// /_}.pkl" $S --seeds $seeds)
  done
done
for seeds in 7_11_23 5_13_31; do
  PYTHONPATH="$ROOT" python scripts/realism42/compare.py "$OUT/before_$seeds.pkl" "$OUT/after_$seeds.pkl" --kpis
done
