#!/bin/sh
# Trial 51 (自動車部品・用品卸) from nothing: exports + truth, the books, recalc, dumps, scores, PNGs, copies, backtest.
#   sh scripts/trial51/rerun.sh [DATA_DIR]        (from the worktree root; ~6 min on a loaded 2-core box)
set -e
export PYTHONPATH=$PWD PYTHONDONTWRITEBYTECODE=1
D=${1:-/work/wt/_trial51/rerun}
W=$PWD
RK="python -m routekpi.cli"
mkdir -p "$D"
[ -f "$D/truth.json" ] || python scripts/trial51/gen_data.py "$D"       # exports + truth.json (seed 51, ~1 min)
# asis: the exports as they came (H1); the working book: Words Call→連絡, sales lines re-exported with 担当者名;
# +cur = PlanYear 2026 (score keeping), +rev = the 2026-01 increase typed on Settings (H2)
V=${V:-"asis asis+words+salesname asis+words+salesname+cur asis+words+salesname+rev asis+words+salesname+rev+cur asis+words+salesname+rev27 asis+words+paste asis+words+currep"}
for v in $V; do python scripts/trial51/fill.py "$D" "$v" > /dev/null; done
cd "$D"
for v in $V; do b=$(echo "$v" | tr + _); $RK recalc "book_$b.xlsm" > "rc_$b.txt" 2> "rc_$b.err" || true
  for s in Plan Flags Checks Targets Review Daily Dashboard Attainment; do
    python "$W/scripts/trial_dump.py" "book_$b.xlsm" $s 100000 > "${b}_$s.txt" 2>/dev/null || true; done; done
F=asis_words_salesname
python "$W/scripts/trial51/score.py" . book_asis.xlsm > score_asis.txt || true                    # H1
python "$W/scripts/trial51/score.py" . book_$F.xlsm > score_fixed.txt
python "$W/scripts/trial51/score.py" . book_${F}_rev.xlsm > score_rev.txt                         # H2
python "$W/scripts/trial51/check_flags.py" . book_${F}_cur.xlsm > flags_cur.txt
python "$W/scripts/trial51/score.py" . book_asis_words_currep.xlsm > score_currep.txt                  # H5 control
mkdir -p png
$RK report book_asis.xlsm --pdf png/asis.pdf --sheets Dashboard,Plan || true                     # H1 on the Dashboard
$RK report book_${F}_cur.xlsm --pdf png/cur.pdf --sheets Dashboard,Checks || true
pdftoppm -png -r 60 png/asis.pdf png/asis || true
pdftoppm -png -r 110 -f 1 -l 1 png/asis.pdf png/asis110 || true
pdftoppm -png -r 60 png/cur.pdf png/cur || true
pdftoppm -png -r 110 -f 1 -l 1 png/cur.pdf png/cur110 || true
rm -rf share
$RK share book_${F}_cur.xlsm --out share --per-rep --email > share.txt 2> share.err || true
cp book_$F.xlsm book_bt.xlsm
$RK backtest book_bt.xlsm --sheet > bt.txt 2> bt.err || true
rm -rf share_asis
$RK share book_asis.xlsm --out share_asis --per-rep --email > share_asis.txt 2> share_asis.err || true   # H1: 19 copies
# the running year seen on 2026-10-31 (before the tyre peak): landing vs truth
python "$W/scripts/trial51/cut_at.py" . oct 2026-10-31
(cd "$W" && python scripts/trial51/fill.py "$D/oct" asis+words+salesname+cur > /dev/null)
(cd oct && $RK recalc book_${F}_cur.xlsm > rc_oct.txt 2> rc_oct.err || true
 python "$W/scripts/trial_dump.py" book_${F}_cur.xlsm Dashboard 20 > oct_Dashboard.txt 2>/dev/null || true)
echo "rerun done: $D"
