#!/bin/sh
# Trial 49 (理美容ディーラー) from nothing: exports + truth, the books, recalc, dumps, checks, PNGs, copies, backtest.
#   sh scripts/trial49/rerun.sh [DATA_DIR]        (from the worktree root; ~5 min on a loaded 2-core box)
set -e
export PYTHONPATH=$PWD PYTHONDONTWRITEBYTECODE=1
D=${1:-/work/wt/_trial49/rerun}
W=$PWD
RK="python -m routekpi.cli"
mkdir -p "$D"
[ -f "$D/truth.json" ] || python scripts/trial49/gen_data.py "$D"       # exports + truth.json, ~10 s (seed 49)
V="asis+nowords asis asis+next asis+norate asis+norate+oldnet asis+visname asis+visname+kintoneid asis+viscode+kintoneid asis+viscode+kintoneid+next byname asis+viscode+kintoneid+override"
for v in $V; do python scripts/trial49/fill.py "$D" "$v"; done
cd "$D"
for v in $V; do b=$(echo "$v" | tr + _); $RK recalc "book_$b.xlsm" > "rc_$b.txt" 2> "rc_$b.err" || true; done
for v in $V; do b=$(echo "$v" | tr + _); for s in Plan Flags Checks Targets Review Daily Dashboard Attainment; do
  python "$W/scripts/trial_dump.py" "book_$b.xlsm" $s 100000 > "${b}_$s.txt"; done; done
python "$W/scripts/trial49/check_atrisk.py" "$D" asis_viscode_kintoneid > atrisk.txt                   # M2
mkdir -p png
$RK report book_asis.xlsm --pdf png/asis.pdf --sheets Dashboard,Plan || true
$RK report book_asis_viscode_kintoneid_next.xlsm --pdf png/next.pdf --sheets Dashboard,Plan || true
pdftoppm -png -r 60 png/asis.pdf png/asis || true
pdftoppm -png -r 60 png/next.pdf png/next || true
rm -rf share
$RK share book_asis_viscode_kintoneid.xlsm --out share --per-rep --email > share.txt 2> share.err || true
cp book_asis_viscode_kintoneid.xlsm book_bt_fixed.xlsm && cp book_asis.xlsm book_bt_asis.xlsm
$RK backtest book_bt_fixed.xlsm --sheet > bt_fixed.txt 2> bt_fixed.err || true                         # M3
$RK backtest book_bt_asis.xlsm --sheet > bt_asis.txt 2> bt_asis.err || true                            # H2 seen in the backtest
$RK formula book_asis_viscode_kintoneid.xlsm '=KPI_TARGET("unit_price","伊藤 真理")' '=KPI_TARGET("取引単価","伊藤 真理","2026-12")' \
  '=KPI_TARGET("revenue","佐々木 健")' '=KGI_MAX_REACHABLE()' '=KPI_TARGET("revenue",,,1300000000)' > formula.txt 2>&1 || true   # L2
echo "rerun done: $D"
