#!/bin/sh
# Trial 46: rebuild data and books, recalc, share, render. From the worktree root.
set -e
export PYTHONPATH=$PWD PYTHONDONTWRITEBYTECODE=1
D=${1:-/work/wt/_trial46/data}
T=$PWD/scripts/trial46
python "$T/gen_data.py" --out "$D"
( cd "$D" && { head -1 訪問日報.csv | sed 's/訪問開始/訪問日時/; s/訪問目的/訪問区分/'; tail -n +2 訪問日報.csv; } > 訪問日報_見出し修正.csv )
for v in base words asis sen; do python "$T/fill.py" "$D" $v; done
cd "$D"
faketime '2026-12-06 09:00:00' python -m routekpi.cli recalc book_base.xlsm || echo 'M1: the stop above'
faketime '2026-12-06 09:00:00' python -m routekpi.cli recalc book_words.xlsm
faketime '2026-12-06 09:00:00' python -m routekpi.cli recalc book_asis.xlsm   # M1: the export as written, with Words
faketime '2026-12-06 09:00:00' python -m routekpi.cli recalc book_sen.xlsm --out /tmp/t46_sen.xlsm || true   # L2
faketime '2026-12-06 10:00:00' python -m routekpi.cli share book_words.xlsm --out share --per-rep --email --force
python -m routekpi.cli report share/book_words_新井_悠斗.xlsx --pdf arai.pdf
python -m routekpi.cli report share/book_words_新井_悠斗.xlsx --pdf arai_cover.pdf --sheets 表紙 || echo 'L1: the refusal above'
mkdir -p lo && cp share/book_words_新井_悠斗.xlsx lo/arai.xlsx && ( cd lo && soffice --headless --convert-to pdf arai.xlsx >/dev/null )
# the week: 新井 and 菅原 return their 訪問入力 (12/7–12/11); collected and recalculated Friday evening (H3)
python "$T/fill_log.py" "$D/share"
cp book_words.xlsm book_collect.xlsm
faketime '2026-12-11 19:00:00' python -m routekpi.cli collect book_collect.xlsm share/returned/book_words_新井_悠斗.xlsx share/returned/book_words_菅原_恵.xlsx --no-recalc
faketime '2026-12-11 19:00:00' python -m routekpi.cli recalc book_collect.xlsm
# month end: December's exports named on Sources, recalculated on 2027-01-08
python "$T/step2.py" "$D"
faketime '2027-01-08 09:00:00' python -m routekpi.cli recalc book_jan.xlsm || echo 'the stop above'
python -m routekpi.cli report book_jan.xlsm --pdf jan.pdf --sheets Dashboard,Review || true
# month-end review of the running year (PlanYear 2026) with December in
python "$T/fill.py" "$D" fy26dec
faketime '2027-01-08 09:00:00' python -m routekpi.cli recalc book_fy26dec.xlsm || echo 'the stop above'
python -m routekpi.cli report book_fy26dec.xlsm --pdf fy26dec.pdf --sheets Dashboard,Review || true
# H5: a hire joining 2027-04 given 25 of 鈴木's clinics in the master (no rows anywhere else)
python - <<'PY'
import csv
rows = list(csv.reader(open("得意先マスタ.csv", encoding="cp932")))
n = 0
for r in rows[1:]:
    if r[4] == "鈴木 大輔" and r[7] == "0" and r[2] == "" and n < 25 and int(r[0]) % 3 == 0:
        r[4] = "小野寺 蓮"
        n += 1
csv.writer(open("得意先マスタ_2027.csv", "w", encoding="cp932", newline="")).writerows(rows)
PY
python "$T/fill.py" "$D" hire27
faketime '2026-12-06 09:00:00' python -m routekpi.cli recalc book_hire27.xlsm
python "$T/../trial_dump.py" book_hire27.xlsm Checks 200 | grep -A2 "小野寺\|担当替え"
# verify46 N5: the hire's copy and Daily in December (he starts 2027-04)
faketime '2026-12-06 10:00:00' python -m routekpi.cli share book_hire27.xlsm --out share27 --per-rep --force
python -m routekpi.cli report share27/book_hire27_小野寺_蓮.xlsx --pdf onodera.pdf --sheets 表紙,訪問計画
