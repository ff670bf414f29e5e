#!/bin/sh
# Trial 48 on main, as the new user, WITHOUT the trial's workarounds (VERIFY.md): the exports as they came
# (FY2023 in 金額(千円)), the master with its 旧得意先コード, plain `python -m routekpi.cli`. From the worktree root.
#   sh scripts/trial48/rerun.sh [DATA_DIR] [--trial]
# --trial also rebuilds the trial's workaround books (fix_kyen.py, remap.py, byname; rk.py is no longer needed:
# H1 is fixed) as contrasts.
set -e
export PYTHONPATH=$PWD PYTHONDONTWRITEBYTECODE=1
D=${1:-/work/wt/_verify48}
W=$PWD
RK="python -m routekpi.cli"
[ -f "$D/truth.json" ] || python scripts/trial48/gen_data.py "$D"      # exports + truth.json, ~45 s (seed 48)
python scripts/trial48/fix_kyen.py "$D"       # remap.py reads its yen file; the asis books do not (L1 fixed)
python scripts/trial48/remap.py "$D"          # writes 旧ERP_受注_FY2023_千円無表示.csv (H4's file) and remap/, byname/
V="asis asisnext asiskyen asiskyenunit asisnoold"
if [ "$2" = "--trial" ]; then V="$V run remap byname next remapnext bynamenext kyen remapnomaster"; fi
for v in $V; do python scripts/trial48/fill.py "$D" $v; done
cd "$D"
for v in $V; do $RK recalc book_$v.xlsm > rc_$v.txt 2> rc_$v.err || true; done
for v in $V; do for s in Plan Flags Checks Targets Review Daily Dashboard Attainment; do
  python "$W/scripts/trial_dump.py" book_$v.xlsm $s 100000 > ${v}_$s.txt; done; done
python "$W/scripts/trial48/check_atrisk.py" "$D" asis > atrisk.txt                 # M1/M2: flags / Daily vs truth
$RK daily book_asis.xlsm --rep 上野美香 --days 1 > daily_ueno.txt 2>&1 || true      # M4: pace 56.2, cap 58
cp book_asis.xlsm book_bt_asis.xlsm
$RK backtest book_bt_asis.xlsm --sheet > bt_asis.txt 2> bt_asis.err || true       # M3, L4 (stderr empty)
mkdir -p png
$RK report book_asis.xlsm --pdf png/asis.pdf --sheets Dashboard,Plan,Checks || true
pdftoppm -png -r 80 png/asis.pdf png/asis
pdftoppm -png -r 160 -f 1 -l 1 -x 850 -y 160 -W 1150 -H 300 png/asis.pdf png/asiskpi
rm -rf share
$RK share book_asis.xlsm --out share --per-rep --email > share.txt 2> share.err || true   # L3
echo "rerun done: $D"
