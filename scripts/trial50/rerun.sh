#!/bin/sh
# Trial 50 (燃料・LPガス販売店) from nothing: exports + truth, the books, recalc, dumps, scores, PNGs, copies, backtest.
#   sh scripts/trial50/rerun.sh [DATA_DIR]        (from the worktree root)
set -e
export PYTHONPATH=$PWD PYTHONDONTWRITEBYTECODE=1
D=${1:-/work/wt/_trial50/rerun}
W=$PWD
RK="python -m routekpi.cli"
mkdir -p "$D"
[ -f "$D/truth.json" ] || python scripts/trial50/gen_data.py "$D"       # exports + truth.json, ~15 s (seed 50)
V=${V:-"asis asis+monthhdr+hdrfix+vishdr asis+monthfix+hdrfix+vishdr+words+leave asis+noold+hdrfix+vishdr+words+leave asis+monthfix+hdrfix+vishdr+words+leave+cur"}
for v in $V; do python scripts/trial50/fill.py "$D" "$v" > /dev/null; done
cd "$D"
for v in $V; do b=$(echo "$v" | tr + _); $RK recalc "book_$b.xlsm" > "rc_$b.txt" 2> "rc_$b.err" || true
  for s in Plan Flags Checks Targets Review Daily Dashboard Attainment; do
    python "$W/scripts/trial_dump.py" "book_$b.xlsm" $s 100000 > "${b}_$s.txt" 2>/dev/null || true; done; done
python "$W/scripts/trial50/score.py" . book_asis_monthfix_hdrfix_vishdr_words_leave.xlsm > score_fixed.txt
python "$W/scripts/trial50/score.py" . book_asis_noold_hdrfix_vishdr_words_leave.xlsm > score_noold.txt
echo "rerun done: $D"
