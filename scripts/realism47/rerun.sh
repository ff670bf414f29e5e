#!/bin/bash
# Re-run realism47's measurements (issue 10, each rep's revenue share). From the worktree root:
#   bash scripts/realism47/rerun.sh /tmp/r47                     # base only
#   bash scripts/realism47/rerun.sh /tmp/r47 base "R47=buhl,R47_LEVERS=1" "R47=hard,R47_LEVERS=1" \
#     "R47=carry,R47_K=0.75,R47_LEVERS=1" "R47=soft,R47_LEVERS=1" "R47=soft,R47_LEVERS=0"
#   (session 41's runs: about 5 minutes a variant on a quiet box, 10 – 15 under load)
# base: capture.py on the engine as it is; variants: variant.py (the rule set by R47, R47_K,
# R47_LEVERS; see its docstring). Seeds 7 11 23 ("d") and held-out 5 13 31 ("h"). Then
#   python scripts/realism47/offline.py $OUT/base_*.pkl [--male]   # the split's parts re-split offline
#   python scripts/realism47/slopes.py $OUT/base_*.pkl             # how far each part came true
#   python scripts/realism47/paired.py $OUT/base_*.pkl             # rep revenue vs uniform, intervals
#   python scripts/realism47/pooled.py $OUT base R47_buhl_R47_LEVERS_1   # pooled, paired
set -e
OUT=${1:-/tmp/r47}; shift || true
VARIANTS=${*:-base}
mkdir -p "$OUT"
D=("sample sample-long sample-november" "orders-only orders-only-short cdnow" "wholesale wholesale-x5 wholesale-2y" "sample-priced sample-long-priced sample-november-priced" "orders-only-priced orders-only-short-priced")
H=("sample sample-long sample-november" "orders-only orders-only-short" "wholesale wholesale-x5 wholesale-2y" "sample-priced sample-long-priced sample-november-priced" "orders-only-priced orders-only-short-priced")
for v in $VARIANTS; do
  case $v in
    base) script=capture.py; env="" ;;
    *) script=variant.py; env="$v" ;;   # e.g. R47=buhl,R47_LEVERS=1
  esac
  tag=$(echo "$v" | tr ',=' '__')
  for g in "${D[@]}"; do
    env $(echo "$env" | tr ',' ' ') nice -n 5 python scripts/realism47/$script "$OUT/${tag}_d_${g// /_}.pkl" $g
  done
  for g in "${H[@]}"; do
    env $(echo "$env" | tr ',' ' ') nice -n 5 python scripts/realism47/$script "$OUT/${tag}_h_${g// /_}.pkl" $g --seeds 5 13 31
  done
done
