#!/bin/sh
# Trial 47: rebuild the ERP database and books, recalc, formula, backtest, render, repair. From the worktree root.
set -e
export PYTHONPATH=$PWD PYTHONDONTWRITEBYTECODE=1
D=${1:-/work/wt/_trial47/data}
W=$PWD
python scripts/trial47/make_db.py "$D"            # erp.db + truth.json, ~12 s
for v in base replan url; do python scripts/trial47/fill.py "$D" $v; done
( cd "$D"                                          # cwd = the book's folder (see M4)
  python -m routekpi.cli recalc book_base.xlsm > rc_base.txt
  python -m routekpi.cli recalc book_replan.xlsm > rc_replan.txt
  python -m routekpi.cli recalc book_url.xlsm --out /tmp/t47_url.xlsm > rc_url.txt
  python -m routekpi.cli formula book_replan.xlsm '=KPI_TARGET("revenue","鈴木 一郎")' \
     '=KPI_TARGET("revenue","鈴木 一郎","2026-12")' '=KPI_TARGET("visits","鈴木 一郎","2026-12")' \
     '=KPI_ATTAINMENT("revenue","鈴木 一郎")' '=KPI_TARGET("revenue",,"FY2027")' '=KPI_TARGET("revenue","浜松")' > formula.txt || true
  cp book_replan.xlsm book_bt.xlsm && python -m routekpi.cli backtest book_bt.xlsm --sheet > bt.txt
  python -m routekpi.cli report book_replan.xlsm --pdf replan.pdf --sheets Dashboard,Review
  pdftoppm -png -r 60 -f 1 -l 3 replan.pdf replan
  for s in Plan Flags Review Targets Checks; do python "$W/scripts/trial47/dump.py" book_replan.xlsm $s 3000 > $s.txt; done
  python "$W/scripts/trial47/dump.py" book_bt.xlsm Backtest 300 > Backtest.txt
  python "$W/scripts/trial47/score.py" book_replan.xlsm truth.json | tee score.txt
  mkdir -p lo && soffice --headless --convert-to xlsx --outdir lo book_replan.xlsm >/dev/null 2>&1
  python -m routekpi.cli repair lo/book_replan.xlsx --out lo/book_repaired.xlsm
  python -m routekpi.cli recalc lo/book_repaired.xlsm --out /tmp/t47_lo.xlsm )  # reads ./erp.db of the cwd (M4)
# M4: the same book recalculated from another folder cannot find erp.db
mkdir -p /tmp/t47cwd && ( cd /tmp/t47cwd && python -m routekpi.cli recalc "$D/book_replan.xlsm" --out /tmp/t47cwd/out.xlsm || echo "M4: the message above" )
