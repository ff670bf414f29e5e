#!/usr/bin/env bash
# Trial 40: rebuild the pharma-wholesaler data and every book from scratch (seeded, deterministic).
# Usage: scripts/trial40/rerun.sh [OUT]   (default /work/wt/_trial40/rerun; run from the worktree root)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${1:-/work/wt/_trial40/rerun}
export PYTHONPATH=$ROOT PYTHONDONTWRITEBYTECODE=1
RK="python -m routekpi.cli"
S=$ROOT/scripts/trial40
rm -rf "$OUT" && mkdir -p "$OUT"
python "$S/gen_data.py" "$OUT/data"
csvs() { cp "$OUT"/data/*.csv "$1"/; }

# FY2027 plan (KGI ¥1,170M), first without the Words sheet (ディテール/説明会 unknown), then with it.
mkdir -p "$OUT/fy2027" && csvs "$OUT/fy2027" && cd "$OUT/fy2027"
$RK new plan.xlsm
python "$S/fill_book.py" plan.xlsm --plan-year 2027 --kgi 1170000000
cp plan.xlsm plan_nowords.xlsm && $RK recalc plan_nowords.xlsm | tee recalc_nowords.txt
python "$S/fill_book.py" plan.xlsm --plan-year 2027 --kgi 1170000000 --words --no-sources
$RK recalc plan.xlsm | tee recalc.txt                                   # H1
cp plan.xlsm plan_rev.xlsm
python "$S/fill_book.py" plan_rev.xlsm --plan-year 2027 --kgi 1170000000 --no-sources --rev-month 2027-04 --rev-pct -5
$RK recalc plan_rev.xlsm | tee recalc_rev.txt                           # H2
$RK backtest plan.xlsm | tee backtest.txt                               # L5
for b in plan plan_rev; do for s in Plan Checks Flags Targets; do python "$S/dump.py" $b.xlsm $s > ${b}_$s.txt; done; done

# FY2026 running year (KGI ¥1,180M), Sources for all three inputs.
mkdir -p "$OUT/fy2026" && csvs "$OUT/fy2026" && cd "$OUT/fy2026"
$RK new plan.xlsm
python "$S/fill_book.py" plan.xlsm --plan-year 2026 --kgi 1180000000 --words
$RK recalc plan.xlsm | tee recalc.txt                                   # H4, M1, M2
cp plan.xlsm plan_rev.xlsm
python "$S/fill_book.py" plan_rev.xlsm --plan-year 2026 --kgi 1180000000 --no-sources --rev-month 2026-04 --rev-pct -5.8
$RK recalc plan_rev.xlsm | tee recalc_rev.txt                           # H3
for b in plan plan_rev; do for s in Plan Checks Flags Review Daily; do python "$S/dump.py" $b.xlsm $s > ${b}_$s.txt; done; done

# H4 control: the same master with 取引停止日 renamed 解約日.
mkdir -p "$OUT/fy2026alias" && csvs "$OUT/fy2026alias" && cd "$OUT/fy2026alias"
cp ../fy2026/plan.xlsm .
python -c "
p='得意先マスタ.csv'; s=open(p,encoding='cp932').read(); open(p,'w',encoding='cp932',newline='').write(s.replace('取引停止日','解約日',1))"
$RK recalc plan.xlsm | tee recalc.txt
python "$S/dump.py" plan.xlsm Daily > plan_Daily.txt

# M2 control: the chain's 8 stores typed as ended 2025/09/30 under a 解約日 header.
mkdir -p "$OUT/fy2027chain" && csvs "$OUT/fy2027chain" && cd "$OUT/fy2027chain"
cp ../fy2027/plan.xlsm .
python -c "
import csv
rows = list(csv.reader(open('得意先マスタ.csv', encoding='cp932')))
rows[0][7] = '解約日'
for r in rows[1:]:
    if r[5] == '株式会社さくらファーマ':
        r[7] = '2025/09/30'
csv.writer(open('得意先マスタ.csv', 'w', encoding='cp932', newline='')).writerows(rows)"
$RK recalc plan.xlsm | tee recalc.txt
for s in Plan Checks Targets; do python "$S/dump.py" plan.xlsm $s > plan_$s.txt; done

# H1 over time: two backtest years (FY2024 finds the 2023-04 step as a one-off).
cd "$OUT/fy2027" && $RK backtest plan.xlsm --year 2024 --year 2025 | tee backtest_multi.txt

# H2, the Plan's suggested way out: LeverMix policy + WeightUnitPrice 0, without and with the revision.
mkdir -p "$OUT/fy2027policy" && csvs "$OUT/fy2027policy" && cd "$OUT/fy2027policy"
cp ../fy2027/plan.xlsm plan.xlsm && cp ../fy2027/plan_rev.xlsm plan_rev.xlsm
python -c "
import openpyxl
for f in ['plan.xlsm', 'plan_rev.xlsm']:
    wb = openpyxl.load_workbook(f, keep_vba=True)
    wb['Settings']['B16'] = 'policy'
    wb['Settings']['B12'] = 0
    wb.save(f)"
for b in plan plan_rev; do $RK recalc $b.xlsm | tee recalc_$b.txt; python "$S/dump.py" $b.xlsm Plan > ${b}_Plan.txt; done

# FY2026 with visits pasted (so copies carry 訪問入力), share and collect a rep's copy (M4, M5).
mkdir -p "$OUT/fy2026p" && cd "$OUT/fy2026p" && cp ../data/売上明細_2022-2026.csv ../data/得意先マスタ.csv .
$RK new plan.xlsm
python "$S/fill_book.py" plan.xlsm --plan-year 2026 --kgi 1180000000 --words --paste-visits ../data/SFA活動履歴.csv
$RK recalc plan.xlsm | tee recalc.txt
$RK share plan.xlsm --out share --per-rep | tee share.txt
mkdir -p returned && python "$S/fill_visitlog.py" share/plan_高橋_誠.xlsx returned/plan_高橋_誠.xlsx
$RK collect plan.xlsm returned/plan_高橋_誠.xlsx 2>&1 | tee collect.txt

# Renders (needs LibreOffice).
mkdir -p "$OUT/png" && cd "$OUT/png"
$RK report ../fy2026/plan.xlsm --pdf fy26.pdf --sheets Dashboard,Review,Daily,Checks && pdftoppm -png -r 60 fy26.pdf fy26
$RK report ../fy2027/plan.xlsm --pdf fy27.pdf --sheets Dashboard,Plan && pdftoppm -png -r 60 fy27.pdf fy27


# Optional (slow, ~5 min): the order export pasted into the Orders sheet instead of Sources.
if [[ ${PASTE_ORDERS:-0} == 1 ]]; then
  mkdir -p "$OUT/fy2026o" && cd "$OUT/fy2026o" && cp ../fy2026/plan.xlsm . && cp ../data/SFA活動履歴.csv ../data/得意先マスタ.csv .
  python "$S/paste_orders.py" plan.xlsm ../data/売上明細_2022-2026.csv
  $RK recalc plan.xlsm | tee recalc.txt
fi
echo "done: $OUT"
