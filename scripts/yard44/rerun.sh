#!/bin/bash
# Re-run session 39's yard44 measurements (issue 10, the sample priced per account). From the
# worktree root:  bash scripts/yard44/rerun.sh /tmp/y44
# Variant L (book44) is applied to a copy of the tree in $OUT/exp, so the worktree stays as it is.
set -e
OUT=${1:-/tmp/y44}; ROOT=$(pwd)
export PYTHONPATH="$ROOT" PYTHONDONTWRITEBYTECODE=1
mkdir -p "$OUT"
P="orders-only-short-priced sample-november-priced sample-priced sample-long-priced orders-only-priced"
D="orders-only-short sample-november sample sample-long orders-only"
python scripts/realism42/harness.py "$OUT/base_p.pkl" $P
python scripts/realism42/harness.py "$OUT/base_d.pkl" $D
python scripts/realism42/harness.py "$OUT/base_w.pkl" wholesale wholesale-x5 wholesale-2y cdnow
python scripts/realism42/compare.py "$OUT/base_p.pkl" --kpis
python scripts/realism42/losses.py "$OUT/base_p.pkl"
python scripts/yard44/kpis.py "$OUT/base_d.pkl" "$OUT/base_p.pkl"
python scripts/yard44/kpis.py "$OUT/base_p.pkl" --by-year --kpis revenue unit_price orders_per_account
python scripts/yard44/level_slope.py "$OUT/base_d.pkl" "$OUT/base_p.pkl" "$OUT/base_w.pkl"
# book44's variant L on the priced sets (its baselines.py import hunk no longer applies: fixed by sed).
rm -rf "$OUT/exp" && mkdir -p "$OUT/exp"
git archive HEAD routekpi scripts | tar -x -C "$OUT/exp"
(cd "$OUT/exp" && (patch -p1 < "$ROOT/scripts/book44/variants.patch" || true) \
  && sed -i 's/^from routekpi.core.flows import Flows, average_book, earlier_years, measure_flows$/from routekpi.core.flows import Flows, average_book, earlier_years, held_book, held_pace, measure_flows/' routekpi/core/baselines.py \
  && PYTHONPATH="$OUT/exp" B44_L=0.5 python scripts/realism42/harness.py "$OUT/L_p.pkl" $P)
python scripts/realism42/compare.py "$OUT/base_p.pkl" "$OUT/L_p.pkl" --kpis
# The generated sections of docs/backtest.md for the priced sets:
python scripts/backtest.py --only sample-priced sample-long-priced sample-november-priced \
  orders-only-priced orders-only-short-priced --merge
# Held-out seeds, and the traced short-history price reading of seed 31:
python scripts/realism42/harness.py "$OUT/H_p.pkl" $P --seeds 5 13 31
python scripts/realism42/harness.py "$OUT/H_d.pkl" $D --seeds 5 13 31
python scripts/realism42/compare.py "$OUT/H_p.pkl"; python scripts/realism42/compare.py "$OUT/H_d.pkl"
python scripts/realism42/losses.py "$OUT/H_p.pkl"
python scripts/yard44/level_slope.py "$OUT/H_d.pkl" "$OUT/H_p.pkl"
python scripts/realism42/harness.py "$OUT/T.pkl" orders-only-short-priced sample-november-priced --seeds 31 --trace
