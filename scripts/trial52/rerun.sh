#!/bin/sh
# Trial 52 (住宅設備・建材卸) from nothing: exports + truth, the books, recalc, dumps, scores, flag checks, PNGs, copies,
# backtest.   sh scripts/trial52/rerun.sh [DATA_DIR]   (from the worktree root; ~15 min on a loaded 2-core box)
set -e
export PYTHONPATH=$PWD PYTHONDONTWRITEBYTECODE=1
D=${1:-/work/wt/_trial52/rerun}
W=$PWD
RK="python -m routekpi.cli"
mkdir -p "$D"
[ -f "$D/truth.json" ] || python scripts/trial52/gen_data.py "$D" > "$D/gen.txt"    # exports + truth.json (seed 52, ~45 s)
# asis: stops on 見積一覧.csv (M1); asis+noquote: 219 criticals (M2); the working book: +words; +cur: FY2026 score keeping;
# +rev: TOTO typed (M5); +rev74: the Plan's advice typed (H2); quotefix: the quote file made readable (H5);
# kgizeikomi: the KGI read off the 税込 請求 figures
V=${V:-"asis asis+noquote asis+noquote+words asis+noquote+words+leave asis+noquote+words+cur asis+noquote+words+cur+flagcol asis+noquote+words+rev asis+noquote+words+rev74 asis+quotefix+words asis+noquote+words+kgizeikomi"}
for v in $V; do python scripts/trial52/fill.py "$D" "$v" > /dev/null; done
cd "$D"
for v in $V; do b=$(echo "$v" | tr + _); $RK recalc "book_$b.xlsm" > "rc_$b.txt" 2> "rc_$b.err" || true
  for s in Plan Flags Checks Targets Review Daily Dashboard Attainment; do
    python "$W/scripts/trial_dump.py" "book_$b.xlsm" $s 100000 > "${b}_$s.txt" 2>/dev/null || true; done; done
F=asis_noquote_words
python "$W/scripts/trial52/score.py" . book_$F.xlsm > score_fixed.txt                                # H4
python "$W/scripts/trial52/score.py" . book_asis_quotefix_words.xlsm > score_quotefix.txt || true   # H5
python "$W/scripts/trial52/check_flags.py" . book_$F.xlsm > flags_fixed.txt                         # H1
python "$W/scripts/trial52/check_flags.py" . book_${F}_cur.xlsm > flags_cur.txt                     # H1, H3
python "$W/scripts/trial52/shime.py" . ${F}_cur_Attainment.txt > shime.txt                          # M6
mkdir -p png
$RK report book_${F}_cur.xlsm --pdf png/cur.pdf --sheets Dashboard,Checks || true
pdftoppm -png -r 60 png/cur.pdf png/cur || true
pdftoppm -png -r 110 -f 1 -l 1 png/cur.pdf png/cur110 || true
rm -rf share
$RK share book_${F}_cur.xlsm --out share --per-rep --email > share.txt 2> share.err || true
cp book_$F.xlsm book_bt.xlsm
$RK backtest book_bt.xlsm --sheet > bt.txt 2> bt.err || true
cp book_${F}_leave.xlsm book_bt_leave.xlsm
$RK backtest book_bt_leave.xlsm > bt_leave.txt 2> bt_leave.err || true                             # M10
echo "rerun done: $D"
