#!/bin/sh
# Trial 54 (動物用医薬品・ペットフード卸, FY Oct–Sep, 第41期) from nothing: exports + truth, the books, recalc, dumps,
# PNGs, rep copies, backtest.   sh scripts/trial54/rerun.sh [DATA_DIR]   (from the worktree root; ~5 min)
set -e
export PYTHONPATH=$PWD PYTHONDONTWRITEBYTECODE=1
D=${1:-/work/wt/_trial54/rerun}
W=$PWD
RK="python -m routekpi.cli"
mkdir -p "$D"
[ -f "$D/truth.json" ] || python scripts/trial54/gen_data.py "$D" > "$D/gen.txt"    # exports + truth.json (seed 54, ~10 s)
# asis: as exported (M2); asis+words: the manager's book (M1, M3, M4); +price: the maker's +8% typed (M3);
# +sep: the September plan (exports to 08-31, carve-out typed ahead on the master); +sep+ride: one training
# ride-along under the hire (H1); +sepold: the master before the carve-out was typed; +ki: PlanYear 「第41期」 (L1);
# +mold: December with the master exported before the carve-out was keyed (H2); +meet: 新規開拓 read as 商談 (M4)
V=${V:-"asis asis+words asis+words+price asis+words+sep asis+words+sep+ride asis+words+sepold asis+words+ki asis+words+mold asis+words+meet"}
for v in $V; do python scripts/trial54/fill.py "$D" "$v" > /dev/null; done
cd "$D"
for v in $V; do b=$(echo "$v" | tr + _); $RK recalc "book_$b.xlsm" > "rc_$b.txt" 2>&1 || true
  for s in Plan Flags Checks Targets Review Daily Dashboard Attainment; do
    python "$W/scripts/trial_dump.py" "book_$b.xlsm" $s 100000 > "${b}_$s.txt" 2>/dev/null || true; done; done
mkdir -p png
$RK report book_asis_words.xlsm --pdf png/aw.pdf --sheets Dashboard,Plan,Checks || true
pdftoppm -png -r 60 png/aw.pdf png/aw || true
pdftoppm -png -r 110 -f 1 -l 1 png/aw.pdf png/aw110 || true
rm -rf share
$RK share book_asis_words.xlsm --out share --per-rep --email > share.txt 2> share.err || true
cp book_asis_words.xlsm book_bt.xlsm
$RK backtest book_bt.xlsm > bt.txt 2> bt.err || true
echo "rerun done: $D"
