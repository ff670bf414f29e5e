#!/bin/sh
# Trial 45: rebuild data and books, recalc, render, backtest, month-later recalc. From the worktree root.
set -e
export PYTHONPATH=$PWD PYTHONDONTWRITEBYTECODE=1
D=${1:-/work/wt/_trial45/data}
python scripts/trial45/make_books.py --out "$D"
for v in base words glob sen; do python scripts/trial45/fill.py "$D" $v; done
( cd "$D" && python -m routekpi.cli recalc book_base.xlsm || true
  python -m routekpi.cli recalc book_words.xlsm
  python -m routekpi.cli recalc book_glob.xlsm --out /tmp/t45_glob.xlsm || true   # L2
  python -m routekpi.cli recalc book_sen.xlsm --out /tmp/t45_sen.xlsm || true     # 千円 KGI
  python -m routekpi.cli backtest book_words.xlsm > backtest.txt
  python -m routekpi.cli report book_words.xlsm --pdf words.pdf --sheets Dashboard,Plan,Targets,Daily,Review,Checks )
python scripts/trial45/step2.py "$D"   # copies 2026-12 into kikan/: build the other books first
( cd "$D" && faketime '2027-01-08 09:00:00' python -m routekpi.cli recalc book_jan.xlsm || echo 'H1: the crash above'
  faketime '2027-01-08 09:00:00' python -m routekpi.cli recalc book_jan.xlsm --as-of 2026-12-31 --out /tmp/t45_jan31.xlsm )
# H2: a rep's returned log, collected and recalculated (faketime 2026-12-11); M7: closures typed on Accounts
python scripts/trial45/fill.py "$D" bad
( cd "$D" && python -m routekpi.cli share book_words.xlsm --out share --per-rep --email --force )
python scripts/trial45/fill_log.py "$D/share"
cp "$D/book_words.xlsm" "$D/book_collect.xlsm"
( cd "$D" && faketime '2026-12-11 18:00:00' python -m routekpi.cli collect book_collect.xlsm share/returned/book_words_伊藤_翔.xlsx --no-recalc
  faketime '2026-12-11 18:00:00' python -m routekpi.cli recalc book_collect.xlsm --out /tmp/t45_collect_rc.xlsm )
python scripts/trial45/closed_rows.py "$D/book_collect.xlsm" "$D/book_closed.xlsm"
( cd "$D" && faketime '2026-12-11 18:00:00' python -m routekpi.cli recalc book_closed.xlsm
  python -m routekpi.cli recalc book_bad.xlsm --out /tmp/t45_bad.xlsm )
# H2 contrast: the SFA export named on Sources (回収訪問 is read there)
python scripts/trial45/fill.py "$D" sfasrc
( cd "$D" && python -m routekpi.cli share book_sfasrc.xlsm --out share_src --per-rep )
python scripts/trial45/fill_log.py "$D/share_src" book_sfasrc
cp "$D/book_sfasrc.xlsm" "$D/book_sfasrc_c.xlsm"
( cd "$D" && faketime '2026-12-11 18:00:00' python -m routekpi.cli collect book_sfasrc_c.xlsm share_src/returned/book_sfasrc_伊藤_翔.xlsx --no-recalc
  faketime '2026-12-11 18:00:00' python -m routekpi.cli recalc book_sfasrc_c.xlsm )
# M8: the running year
python scripts/trial45/fill.py "$D" fy26
( cd "$D" && python -m routekpi.cli recalc book_fy26.xlsm && python -m routekpi.cli report book_fy26.xlsm --pdf fy26.pdf --sheets Dashboard,Review )
