#!/bin/sh
# Trial 48: rebuild the exports and books, recalc, backtest, daily, share, render. From the worktree root.
# rk.py = the CLI with an overflow-safe drop_chance (finding H1); plain `python -m routekpi.cli` stops at H1.
set -e
export PYTHONPATH=$PWD PYTHONDONTWRITEBYTECODE=1
D=${1:-/work/wt/_trial48/data}
W=$PWD
RK="python $W/scripts/trial48/rk.py"
python scripts/trial48/gen_data.py "$D"            # exports + truth.json, ~45 s
python scripts/trial48/fix_kyen.py "$D"            # the manager's 千円 → 円 fix (L1)
python scripts/trial48/remap.py "$D"               # remap/ (VLOOKUP old→new) and byname/ (code columns deleted)
for v in raw run remap byname next remapnext bynamenext kyen remapnomaster; do python scripts/trial48/fill.py "$D" $v; done
cd "$D"
python -m routekpi.cli recalc book_raw.xlsm > rc_raw.txt 2>&1 || true          # L1: stops on 金額(千円)
python -m routekpi.cli recalc book_run.xlsm --out /tmp/t48_h1.xlsm > rc_h1.txt 2>&1 || true   # H1: exit 2
for v in run remap byname next remapnext bynamenext kyen remapnomaster; do $RK recalc book_$v.xlsm > rc_$v.txt 2> rc_$v.err || true; done
for v in run remap byname next remapnext bynamenext kyen remapnomaster; do for s in Plan Flags Checks Targets Review Daily Dashboard Attainment; do
  python "$W/scripts/trial48/dump.py" book_$v.xlsm $s 100000 > ${v}_$s.txt; done; done
cp book_run.xlsm book_bt_run.xlsm; cp book_byname.xlsm book_bt_byname.xlsm
$RK backtest book_bt_run.xlsm --sheet > bt_run.txt 2> bt_run.err || true
$RK backtest book_bt_byname.xlsm --sheet > bt_byname.txt 2> bt_byname.err || true
python "$W/scripts/trial48/check_atrisk.py" "$D" > atrisk.txt                      # M1/M2
$RK daily book_remap.xlsm --rep 上野美香 --days 1 > daily_ueno.txt 2>&1 || true   # M4 (pace 66.0 vs cap 58)
mkdir -p png
$RK report book_run.xlsm --pdf png/run.pdf --sheets Dashboard,Plan || true
$RK report book_byname.xlsm --pdf png/byname.pdf --sheets Dashboard,Daily || true  # L5: 461 pages
pdftoppm -png -r 80 -f 1 -l 1 png/run.pdf png/run; pdftoppm -png -r 160 -f 1 -l 1 -x 850 -y 160 -W 1150 -H 300 png/run.pdf png/runkpi
pdftoppm -png -r 80 -f 1 -l 2 png/byname.pdf png/byname || true   # L5: may time out under load
rm -rf share returned
$RK share book_byname.xlsm --out share --per-rep --email > share.txt 2> share.err || true
python -m routekpi.cli report share/book_byname_上野_美香.xlsx --pdf png/ueno.pdf --sheets 表紙 && pdftoppm -png -r 80 png/ueno.pdf png/ueno
python "$W/scripts/trial48/collect_demo.py" "$D"
cp book_byname.xlsm book_collect.xlsm
$RK collect book_collect.xlsm returned/book_byname_上野_美香.xlsx --no-recalc > collect1.txt 2>&1 || true
$RK collect book_collect.xlsm returned/book_byname_上野_美香_2.xlsx --no-recalc > collect2.txt 2>&1 || true
echo "rerun done: $D"
