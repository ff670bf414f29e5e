#!/usr/bin/env bash
# Trial 44: rebuild the seeded data and the books from scratch, recalc, render, backtest, share, score.
# Usage: scripts/trial44/rerun.sh [OUT_DIR]   (run from the worktree root; ~17 minutes on the busy shared machine)
# Every routekpi run is under faketime: the manager works on 2027-01-15 (and a week later on 2027-01-22).
# The CLI runs through scripts/trial44/rk.py, which patches H1's crash (RK_TRIAL_NOPATCH=1 to see it).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${1:-/work/wt/_trial44}
export PYTHONPATH=$ROOT PYTHONDONTWRITEBYTECODE=1
RK="python $ROOT/scripts/trial44/rk.py"
DUMP="python $ROOT/scripts/trial44/dump.py"
jan() { faketime "2027-01-15 08:30:00" "$@"; }
mkdir -p "$OUT"
python "$ROOT/scripts/trial44/make_books.py" "$OUT" > /dev/null
python "$ROOT/scripts/trial44/build_books.py" "$OUT" book0 book book_id book_w2 truth book_fy26 book_res
cd "$OUT"
for b in book0 book book_id book_w2 truth book_fy26 book_res; do cp $b.xlsm ${b}_in.xlsm; done
# H1: the crash, unpatched
RK_TRIAL_NOPATCH=1 jan $RK recalc book.xlsm > h1_nopatch.txt 2>&1 || true
cp book_in.xlsm book.xlsm
jan $RK recalc book0.xlsm > recalc0.txt 2>&1 || true
jan $RK recalc book.xlsm > recalc1.txt 2>&1
jan $RK recalc book_id.xlsm > recalc_id.txt 2>&1
jan $RK recalc book_fy26.xlsm > recalc_fy26.txt 2>&1
jan $RK recalc book_res.xlsm > recalc_res.txt 2>&1
$DUMP book_res.xlsm Checks,Plan > dump_res.txt
faketime '2027-01-22 08:30:00' $RK recalc book_w2.xlsm > recalc_w2.txt 2>&1
faketime '2028-04-10 08:30:00' $RK recalc truth.xlsm > recalc_truth.txt 2>&1
# the oracle-KGI book: KGI = FY2027 revenue as routekpi reads the truth book
KGI=$(python - <<'P'
import openpyxl
wb = openpyxl.load_workbook("truth.xlsm", read_only=True, data_only=True)
print(int(next(r[4] for r in wb["Attainment"].iter_rows(values_only=True) if r[0] == "FY2027" and r[1] == "ALL" and r[2] == "revenue")))
P
)
python "$ROOT/scripts/trial44/build_books.py" "$OUT" book_okgi --kgi "$KGI"
jan $RK recalc book_okgi.xlsm > recalc_okgi.txt 2>&1
$DUMP book0.xlsm Checks > dump0_checks.txt
$DUMP book.xlsm Checks,Dashboard,Plan > dump1.txt
$DUMP book.xlsm Daily,Review,Flags > dump1b.txt
$DUMP book.xlsm Targets > dump1_targets.txt
$DUMP book_id.xlsm Dashboard > dump_id.txt
$DUMP book_fy26.xlsm Review > dump_fy26_review.txt
$DUMP book_fy26.xlsm Plan,Checks > dump_fy26_plan.txt
$DUMP truth.xlsm Attainment > dump_truth_att.txt
python "$ROOT/scripts/trial44/compare.py" "$OUT" book.xlsm book_okgi.xlsm > compare1.txt
faketime '2027-01-15 08:40:00' $RK backtest book.xlsm > bt.txt 2>&1
faketime '2027-01-15 08:40:00' $RK backtest book.xlsm --json > bt.json 2> bt.err
faketime "2027-01-15 08:40:00" $RK backtest book.xlsm --year 2024 --year 2025 > bt2425.txt 2>&1
faketime '2027-01-15 08:45:00' $RK report book.xlsm --pdf r1.pdf --sheets Dashboard,Plan,Daily,Review,Flags
faketime '2027-01-15 08:45:00' $RK report book_fy26.xlsm --pdf r26.pdf --sheets Review,Dashboard
pdftoppm -png -r 140 -f 1 -l 1 -x 0 -y 0 -W 1300 -H 560 r1.pdf dA
pdftoppm -png -r 140 -f 1 -l 1 -x 0 -y 540 -W 1500 -H 420 r1.pdf dB
pdftoppm -png -r 90 -f 10 -l 10 r1.pdf dly
pdftoppm -png -r 80 -f 1 -l 1 r26.pdf r26
rm -rf share
RK_PW=sake2027 faketime '2027-01-15 09:00:00' $RK share book.xlsm --out share/ --per-rep --password-env RK_PW --email > share.txt 2>&1
# a rep returns his copy with four visit-log rows; collect into a copy of the master, recalc on 1/19
python "$ROOT/scripts/trial44/collect_demo.py" "$OUT"
cp book.xlsm book_col.xlsm
RK_PW=sake2027 faketime '2027-01-19 08:30:00' $RK collect book_col.xlsm returned/book_加藤_亮.xlsx --password-env RK_PW --no-recalc > collect.txt 2>&1
faketime '2027-01-19 08:30:00' $RK recalc book_col.xlsm > recalc_col.txt 2>&1
$DUMP book_col.xlsm Daily,Checks > dump_col.txt
echo "done: $OUT"
