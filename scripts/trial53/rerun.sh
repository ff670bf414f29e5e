#!/bin/sh
# Trial 53 (書籍・文具卸, FY July–June) from nothing: exports + truth, the books, recalc, dumps, scores, PNGs, copies,
# backtest.   sh scripts/trial53/rerun.sh [DATA_DIR]   (from the worktree root; ~20 min on a loaded 2-core box)
set -e
export PYTHONPATH=$PWD PYTHONDONTWRITEBYTECODE=1
D=${1:-/work/wt/_trial53/rerun}
W=$PWD
RK="python -m routekpi.cli"
mkdir -p "$D"
[ -f "$D/truth.json" ] || python scripts/trial53/gen_data.py "$D" > "$D/gen.txt"    # exports + truth.json (seed 53, ~1 min)
# asis: as exported (30% of visits unread: 目的 words); asis+words: the manager's book (H1, H2);
# +nsp: H2's control (school names without the space); +next: FY2028 first look (H3); +pct: KGI typed 「-2%」;
# +close: the chain's closures typed in a 閉店日 column (M4)
V=${V:-"asis asis+words asis+words+nsp asis+words+nsp+next asis+words+pct asis+words+nsp+close"}
for v in $V; do python scripts/trial53/fill.py "$D" "$v" > /dev/null; done
cd "$D"
for v in $V; do b=$(echo "$v" | tr + _); $RK recalc "book_$b.xlsm" > "rc_$b.txt" 2>&1 || true
  for s in Plan Flags Checks Targets Review Daily Dashboard Attainment; do
    python "$W/scripts/trial_dump.py" "book_$b.xlsm" $s 100000 > "${b}_$s.txt" 2>/dev/null || true; done
  python "$W/scripts/trial53/score.py" . "book_$b.xlsm" > "score_$b.txt" 2>/dev/null || true; done
mkdir -p png
for b in asis_words asis_words_nsp; do
  $RK report book_$b.xlsm --pdf png/$b.pdf --sheets Dashboard,Checks || true
  pdftoppm -png -r 60 png/$b.pdf png/$b || true
  pdftoppm -png -r 130 -f 1 -l 1 png/$b.pdf png/${b}130 || true; done
rm -rf share
$RK share book_asis_words.xlsm --out share --per-rep --email > share.txt 2> share.err || true
cp book_asis_words.xlsm book_bt.xlsm; cp book_asis_words_nsp.xlsm book_bt_nsp.xlsm
$RK backtest book_bt.xlsm > bt.txt 2> bt.err || true
$RK backtest book_bt_nsp.xlsm > bt_nsp.txt 2> bt_nsp.err || true
# the other returns convention (negative 返品/値引 lines): the same baseline expected
cd "$W" && python scripts/trial53/neg.py "$D" "$D/neg" && python scripts/trial53/fill.py "$D/neg" asis+words+nsp > /dev/null
cd "$D/neg" && $RK recalc book_asis_words_nsp.xlsm > rc_neg.txt 2>&1 || true
echo "rerun done: $D"
