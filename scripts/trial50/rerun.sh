#!/bin/sh
# Trial 50 (燃料・LPガス販売店) from nothing: exports + truth, the books, recalc, dumps, scores, flag check, PNGs, copies, backtest.
#   sh scripts/trial50/rerun.sh [DATA_DIR]        (from the worktree root; ~6 min on a loaded 2-core box)
set -e
export PYTHONPATH=$PWD PYTHONDONTWRITEBYTECODE=1
D=${1:-/work/wt/_trial50/rerun}
W=$PWD
RK="python -m routekpi.cli"
mkdir -p "$D"
[ -f "$D/truth.json" ] || python scripts/trial50/gen_data.py "$D"       # exports + truth.json, ~15 s (seed 50)
# asis: first run (stops on 年月); monthhdr+hdrfix+vishdr: headers renamed, months still 2021/04 (M3);
# the working books: monthfix (summary dated the 1st) or noold (delivery lines only), each PlanYear 2027 and +cur (2026)
V=${V:-"asis asis+monthhdr+hdrfix+vishdr asis+monthfix+hdrfix+vishdr+words+leave asis+noold+hdrfix+vishdr+words+leave asis+monthfix+hdrfix+vishdr+words+leave+cur asis+noold+hdrfix+vishdr+words+leave+cur asis+monthfix+hdrfix+vishdr+words+leave+rev asis+noold+hdrfix+vishdr+words+leave+rev asis+monthfix+hdrfix+vishdr+words+leave+mon5 asis+monthfix+hdrfix+vishdr+words+leave+policy asis+monthfix+hdrfix+vishdr+words"}
for v in $V; do python scripts/trial50/fill.py "$D" "$v" > /dev/null; done
cd "$D"
for v in $V; do b=$(echo "$v" | tr + _); $RK recalc "book_$b.xlsm" > "rc_$b.txt" 2> "rc_$b.err" || true
  for s in Plan Flags Checks Targets Review Daily Dashboard Attainment; do
    python "$W/scripts/trial_dump.py" "book_$b.xlsm" $s 100000 > "${b}_$s.txt" 2>/dev/null || true; done; done
F=asis_monthfix_hdrfix_vishdr_words_leave
N=asis_noold_hdrfix_vishdr_words_leave
python "$W/scripts/trial50/score.py" . book_$F.xlsm > score_fixed.txt                     # H1/H2 (PlanYear 2027)
python "$W/scripts/trial50/score.py" . book_$N.xlsm > score_noold.txt
python "$W/scripts/trial50/check_flags.py" . book_$F.xlsm > flags_fixed.txt                # H4
python "$W/scripts/trial50/score.py" . book_asis_monthfix_hdrfix_vishdr_words.xlsm > score_noleave.txt   # H6
python "$W/scripts/trial50/score.py" . book_${F}_policy.xlsm > score_policy.txt                # H1 workaround
python "$W/scripts/trial50/check_flags.py" . book_${F}_cur.xlsm > flags_cur.txt
mkdir -p png
$RK report book_${F}_cur.xlsm --pdf png/cur.pdf --sheets Dashboard,Checks || true         # H3 / M4 on the Dashboard
$RK report book_$F.xlsm --pdf png/next.pdf --sheets Dashboard,Plan || true
pdftoppm -png -r 60 png/cur.pdf png/cur || true
pdftoppm -png -r 110 -f 1 -l 1 png/cur.pdf png/cur110 || true
pdftoppm -png -r 60 png/next.pdf png/next || true
rm -rf share
$RK share book_${F}_cur.xlsm --out share --per-rep --email > share.txt 2> share.err || true
cp book_$F.xlsm book_bt_fixed.xlsm && cp book_$N.xlsm book_bt_noold.xlsm
$RK backtest book_bt_fixed.xlsm --sheet > bt_fixed.txt 2> bt_fixed.err || true               # M7
$RK backtest book_bt_noold.xlsm --sheet > bt_noold.txt 2> bt_noold.err || true
# H4's July view: the same exports cut at 2026-07-31
python "$W/scripts/trial50/cut_at.py" . jul 2026/07/31
(cd "$W" && python scripts/trial50/fill.py "$D/jul" asis+monthfix+hdrfix+vishdr+words+leave+cur > /dev/null)
(cd jul && $RK recalc book_${F}_cur.xlsm > rc_jul.txt 2> rc_jul.err || true
 python "$W/scripts/trial50/check_flags.py" . book_${F}_cur.xlsm > flags_jul.txt)
echo "rerun done: $D"
