#!/usr/bin/env bash
# Trial 41: rebuild the seeded data and both books from scratch, recalc, render, backtest.
# Usage: scripts/trial41/rerun.sh [OUT_DIR]   (run from the worktree root)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${1:-/work/wt/_trial41}
export PYTHONPATH=$ROOT PYTHONDONTWRITEBYTECODE=1
mkdir -p "$OUT"
python "$ROOT/scripts/trial41/simulate.py" "$OUT/data" > /dev/null
python "$ROOT/scripts/trial41/build_books.py" "$OUT/data" "$OUT"
cd "$OUT"
python -m routekpi.cli recalc book26.xlsm
python -m routekpi.cli recalc book27.xlsm
python "$ROOT/scripts/trial41/dump.py" book26.xlsm Plan,Checks,Flags,Review,Attainment > dump26_all.txt
python "$ROOT/scripts/trial41/dump.py" book27.xlsm Plan,Checks,Flags,Targets,Dashboard > dump27_all.txt
python -m routekpi.cli report book26.xlsm --pdf r26.pdf --sheets Dashboard,Review,Daily
python -m routekpi.cli report book27.xlsm --pdf r27.pdf --sheets Dashboard,Plan
pdftoppm -png -r 60 -f 1 -l 3 r26.pdf r26
pdftoppm -png -r 60 -f 1 -l 3 r27.pdf r27
python -m routekpi.cli backtest book27.xlsm > bt27.txt
python -m routekpi.cli backtest book27.xlsm --json > bt27.json
echo "done: $OUT"
