#!/bin/bash
# Re-run session 46's held46 measurements (issue 10). From the worktree root:
#   bash scripts/held46/rerun.sh /tmp/h46
# The rule lives in variants.patch (core.held_book, the facts' mix_months; never merged): applied
# to copies of the tree in $OUT/<variant>, its two constants set per variant, so the worktree
# stays as it is. Sets a few at a time, niced: the machine is shared.
set -e
OUT=${1:-/tmp/h46}; ROOT=$(pwd)
W="wholesale wholesale-x5 wholesale-2y"
P="sample-priced sample-long-priced sample-november-priced orders-only-priced orders-only-short-priced"
S="sample sample-long sample-november orders-only orders-only-short cdnow"
H="sample sample-long sample-november orders-only orders-only-short"
tree() {  # NAME HELD_CARRY OPA_CARRY [FOLLOW]: a patched copy; FOLLOW=off: no mix gate
  mkdir -p "$OUT/$1"
  git archive HEAD routekpi scripts | tar -x -C "$OUT/$1"
  (cd "$OUT/$1" && patch -s -p1 < "$ROOT/scripts/held46/variants.patch")
  sed -i "s/^HELD_CARRY = .*/HELD_CARRY = $2/; s/^OPA_CARRY = .*/OPA_CARRY = $3/" \
    "$OUT/$1/routekpi/core/held_book.py"
  if [ "${4:-on}" = off ]; then  # v1 / v05: no mix gate (unit price carried as far as trusted)
    sed -i 's/"unit_price": mix_follow(history, as_of)/"unit_price": OPA_CARRY/' \
      "$OUT/$1/routekpi/core/held_book.py"
  fi
}
run() {  # NAME TREE SEEDS SETS
  (cd "$2" && PYTHONPATH="$2" PYTHONDONTWRITEBYTECODE=1 nice -n 10 \
    python scripts/realism42/harness.py "$OUT/$1.pkl" $4 --seeds $3)
}
mkdir -p "$OUT/base" && git archive HEAD routekpi scripts | tar -x -C "$OUT/base"
tree v1 1.0 1.0 off     # trusted difference, carried whole, both levers (no mix gate)
tree v05 0.5 1.0 off    # the same, half-way
tree M 1.0 0.5          # unit price × mix-follow × trust whole; orders/account half the trusted
tree N 0.5 1.0          # unit price × mix-follow × trust half; orders/account half the trusted
tree U 0.5 0.0          # unit price only, × mix-follow × trust, half
tree F 1.0 0.0          # unit price only, × mix-follow × trust, whole
for v in base v1 v05 M N U; do
  for f in W P S; do run "${v}_${f,,}" "$OUT/$v" "7 11 23" "${!f}"; done
done
for f in W P; do run "F_${f,,}" "$OUT/F" "7 11 23" "${!f}"; done
run baseH_w "$OUT/base" "5 13 31" "$W"; run baseH_p "$OUT/base" "5 13 31" "$P"
run baseH_h "$OUT/base" "5 13 31" "$H"
for v in N U; do
  run "${v}H_w" "$OUT/$v" "5 13 31" "$W"; run "${v}H_p" "$OUT/$v" "5 13 31" "$P"
  run "${v}H_h" "$OUT/$v" "5 13 31" "$H"
done
for v in v1 v05 M N U F; do
  for f in w p s; do [ -f "$OUT/${v}_$f.pkl" ] && python scripts/realism42/compare.py "$OUT/base_$f.pkl" "$OUT/${v}_$f.pkl" --kpis; done
done
for v in N U; do
  for f in w p h; do python scripts/realism42/compare.py "$OUT/baseH_$f.pkl" "$OUT/${v}H_$f.pkl" --kpis; done
done
# Offline checks (need the patched tree for core.held_book):
PYTHONPATH="$OUT/N" python scripts/held46/diagnose.py trust w s p --seeds 7
PYTHONPATH="$OUT/N" python scripts/held46/diagnose.py persistence w w5 s p
PYTHONPATH="$OUT/N" python scripts/held46/diagnose.py track w s p
python scripts/held46/diagnose.py mix w w5 s p
python scripts/held46/diagnose.py moved "$OUT/base_p.pkl" "$OUT/M_p.pkl" unit_price,revenue
python scripts/held46/diagnose.py moved "$OUT/base_w.pkl" "$OUT/v1_w.pkl" unit_price,revenue,orders_per_account
