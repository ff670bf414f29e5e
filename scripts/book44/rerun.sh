#!/bin/bash
# Re-run session 39's book44 measurements (issue 10). From the worktree root:
#   bash scripts/book44/rerun.sh /tmp/b44
# The variants live in variants.patch (environment switches, never merged): applied to a copy
# of the tree in $OUT/exp, so the worktree stays as it is.
set -e
OUT=${1:-/tmp/b44}; ROOT=$(pwd)
mkdir -p "$OUT/exp"
git archive HEAD routekpi scripts | tar -x -C "$OUT/exp"
(cd "$OUT/exp" && patch -p1 < "$ROOT/scripts/book44/variants.patch")
W="wholesale wholesale-x5 wholesale-2y"
S="sample sample-long sample-november orders-only orders-only-short cdnow"
run() {  # NAME TREE SEEDS SETS ENV...
  local name=$1 tree=$2 seeds=$3 sets=$4; shift 4
  (cd "$tree" && env PYTHONPATH="$tree" PYTHONDONTWRITEBYTECODE=1 "$@" \
    python scripts/realism42/harness.py "$OUT/$name.pkl" $sets --seeds $seeds)
}
run base_w "$ROOT" "7 11 23" "$W"
run base_s "$ROOT" "7 11 23" "$S"
run A_w "$OUT/exp" "7 11 23" "$W" B44_B=0.5          # share half-way to the held book's pace
run A_s "$OUT/exp" "7 11 23" "$S" B44_B=0.5
run B_w "$OUT/exp" "7 11 23" "$W" B44_B=1            # share all the way
run B_s "$OUT/exp" "7 11 23" "$S" B44_B=1
run L_w "$OUT/exp" "7 11 23" "$W" B44_L=0.5          # unit price + orders/account half-way
run L_s "$OUT/exp" "7 11 23" "$S" B44_L=0.5
run LU_w "$OUT/exp" "7 11 23" "$W" B44_L=0.5 B44_LK=unit_price
run LU_s "$OUT/exp" "7 11 23" "$S" B44_L=0.5 B44_LK=unit_price
run L25_w "$OUT/exp" "7 11 23" "$W" B44_L=0.25       # a quarter of the way
run L25_s "$OUT/exp" "7 11 23" "$S" B44_L=0.25
run baseH_w "$ROOT" "5 13 31" "$W"
run LH_w "$OUT/exp" "5 13 31" "$W" B44_L=0.5
run L25H_w "$OUT/exp" "5 13 31" "$W" B44_L=0.25
python scripts/book44/table.py base="$OUT/base_w.pkl,$OUT/base_s.pkl" A="$OUT/A_w.pkl,$OUT/A_s.pkl" \
  B="$OUT/B_w.pkl,$OUT/B_s.pkl" L="$OUT/L_w.pkl,$OUT/L_s.pkl" LU="$OUT/LU_w.pkl,$OUT/LU_s.pkl" \
  L25="$OUT/L25_w.pkl,$OUT/L25_s.pkl"
for v in A B L LU L25; do
  python scripts/realism42/compare.py "$OUT/base_w.pkl" "$OUT/${v}_w.pkl" --kpis
  python scripts/realism42/compare.py "$OUT/base_s.pkl" "$OUT/${v}_s.pkl" --kpis
done
# The offline ranking check (held book vs last year per rep, team-relative log errors):
python scripts/book44/held_levers.py --seeds 7 11 23
