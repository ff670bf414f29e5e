#!/usr/bin/env bash
# Trial 42: rebuild the seeded data and the books from scratch, recalc, render, backtest, share.
# Usage: scripts/trial42/rerun.sh [OUT_DIR]   (run from the worktree root; about 4½ minutes on a busy machine)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${1:-/work/wt/_trial42}
export PYTHONPATH=$ROOT PYTHONDONTWRITEBYTECODE=1
mkdir -p "$OUT"
python "$ROOT/scripts/trial42/gen_data.py" "$OUT/data" > /dev/null
python "$ROOT/scripts/trial42/build_books.py" "$OUT/data" "$OUT"            # book27, book27typo
python "$ROOT/scripts/trial42/build_books.py" "$OUT/data" "$OUT" --words    # book27w (+ Words rows)
python "$ROOT/scripts/trial42/variants.py" "$OUT/data" "$OUT"               # book27p, book27h
cd "$OUT"
for b in book27 book27typo book27w book27p book27h book27k; do python -m routekpi.cli recalc $b.xlsm || true; done
python "$ROOT/scripts/trial42/dump.py" book27w.xlsm Dashboard,Plan,Flags,Targets,Attainment,Review,Daily,Checks,Matrix > dump27w_all.txt
python "$ROOT/scripts/trial42/dump.py" book27.xlsm Checks > dump27_checks.txt
python "$ROOT/scripts/trial42/dump.py" book27p.xlsm Plan,Checks > dump27p.txt
python "$ROOT/scripts/trial42/dump.py" book27h.xlsm Dashboard,Plan > dump27h.txt
python -m routekpi.cli report book27w.xlsm --pdf r27w.pdf --sheets Dashboard,Review,Daily
pdftoppm -png -r 60 -f 1 -l 4 r27w.pdf r27w
pdftoppm -png -r 130 -f 1 -l 1 -x 0 -y 0 -W 800 -H 420 r27w.pdf hia
pdftoppm -png -r 130 -f 1 -l 1 -x 700 -y 0 -W 850 -H 420 r27w.pdf hib
python -m routekpi.cli backtest book27w.xlsm > bt.txt
python -m routekpi.cli backtest book27w.xlsm --json > bt.json
python -m routekpi.cli backtest book27w.xlsm --year 2024 > bt24.txt
python -m routekpi.cli backtest book27w.xlsm --year 2024 --json > bt24.json
RK_PW=nouka2026 python -m routekpi.cli share book27w.xlsm --out share/ --per-rep --password-env RK_PW --email
echo "done: $OUT"
