#!/bin/sh
# Trial 47: rebuild the ERP database and books, recalc, formula, backtest, render, repair. From the worktree root.
set -e
export PYTHONPATH=$PWD PYTHONDONTWRITEBYTECODE=1
D=${1:-/work/wt/_trial47/data}
W=$PWD
python scripts/trial47/make_db.py "$D"            # erp.db + truth.json, ~12 s
for v in base replan url; do python scripts/trial47/fill.py "$D" $v; done
( cd "$D"                                          # outputs beside the books (M4 fixed: any cwd)
  python -m routekpi.cli recalc book_base.xlsm > rc_base.txt
  python -m routekpi.cli recalc book_replan.xlsm > rc_replan.txt
  python -m routekpi.cli recalc book_url.xlsm --out /tmp/t47_url.xlsm > rc_url.txt
  python -m routekpi.cli formula book_replan.xlsm '=KPI_TARGET("revenue","鈴木 一郎")' \
     '=KPI_TARGET("revenue","鈴木 一郎","2026-12")' '=KPI_TARGET("visits","鈴木 一郎","2026-12")' \
     '=KPI_ATTAINMENT("revenue","鈴木 一郎")' '=KPI_TARGET("revenue",,"FY2027")' '=KPI_TARGET("revenue","浜松")' > formula.txt || true
  cp book_replan.xlsm book_bt.xlsm && python -m routekpi.cli backtest book_bt.xlsm --sheet > bt.txt
  python -m routekpi.cli report book_replan.xlsm --pdf replan.pdf --sheets Dashboard,Review
  pdftoppm -png -r 60 -f 1 -l 3 replan.pdf replan
  for s in Plan Flags Review Targets Checks; do python "$W/scripts/trial_dump.py" book_replan.xlsm $s 3000 > $s.txt; done
  python "$W/scripts/trial_dump.py" book_bt.xlsm Backtest 300 > Backtest.txt
  python "$W/scripts/trial47/score.py" book_replan.xlsm truth.json | tee score.txt
  mkdir -p lo && soffice --headless --convert-to xlsx --outdir lo book_replan.xlsm >/dev/null 2>&1
  python -m routekpi.cli repair lo/book_replan.xlsx --out lo/book_repaired.xlsm
  # sqlite:///erp.db is read from the book's folder (M4 fixed): lo/ has no erp.db, so the
  # repaired copy stops naming the Sources row and the full path tried (rc 1) ...
  if python -m routekpi.cli recalc lo/book_repaired.xlsm --out /tmp/t47_lo.xlsm 2> lo_missing.txt; then
    echo "M4: expected a missing erp.db in lo/" >&2; exit 1
  fi
  grep -q "$D/lo/erp.db" lo_missing.txt            # 「…が見つかりません: DIR/lo/erp.db(sqlite:///ファイル名 はブックと同じフォルダから…)」
  # ... and with the database beside it recalculates.
  ln -sf ../erp.db lo/erp.db
  python -m routekpi.cli recalc lo/book_repaired.xlsm --out /tmp/t47_lo.xlsm > rc_lo.txt )
# M4 (fixed): the same book recalculated from another folder reads DIR/erp.db, the book's folder.
mkdir -p /tmp/t47cwd && ( cd /tmp/t47cwd && python -m routekpi.cli recalc "$D/book_replan.xlsm" --out /tmp/t47cwd/out.xlsm > "$D/rc_cwd.txt" )
echo "M4: recalc from /tmp/t47cwd rc 0 ($(grep -c sqlite "$D/rc_cwd.txt") source line)"
