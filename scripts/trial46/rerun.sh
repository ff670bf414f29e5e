#!/bin/sh
# Trial 46: rebuild data and books, recalc, share, render. From the worktree root.
set -e
export PYTHONPATH=$PWD PYTHONDONTWRITEBYTECODE=1
D=${1:-/work/wt/_trial46/data}
T=$PWD/scripts/trial46
python "$T/gen_data.py" --out "$D"
( cd "$D" && { head -1 訪問日報.csv | sed 's/訪問開始/訪問日時/; s/訪問目的/訪問区分/'; tail -n +2 訪問日報.csv; } > 訪問日報_見出し修正.csv )
for v in base words sen; do python "$T/fill.py" "$D" $v; done
cd "$D"
faketime '2026-12-06 09:00:00' python -m routekpi.cli recalc book_base.xlsm || echo 'M1: the stop above'
faketime '2026-12-06 09:00:00' python -m routekpi.cli recalc book_words.xlsm
faketime '2026-12-06 09:00:00' python -m routekpi.cli recalc book_sen.xlsm --out /tmp/t46_sen.xlsm || true   # L2
faketime '2026-12-06 10:00:00' python -m routekpi.cli share book_words.xlsm --out share --per-rep --email --force
python -m routekpi.cli report share/book_words_新井_悠斗.xlsx --pdf arai.pdf
python -m routekpi.cli report share/book_words_新井_悠斗.xlsx --pdf arai_cover.pdf --sheets 表紙 || echo 'L1: the refusal above'
mkdir -p lo && cp share/book_words_新井_悠斗.xlsx lo/arai.xlsx && ( cd lo && soffice --headless --convert-to pdf arai.xlsx >/dev/null )
