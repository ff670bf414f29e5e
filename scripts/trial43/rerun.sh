#!/bin/sh
# Trial 43: rebuild the book and replay the four weeks (about 6-8 minutes on a shared 2-core box).
set -e
cd "$(dirname "$0")/../.."
export PYTHONPATH=$PWD PYTHONDONTWRITEBYTECODE=1
D=${1:-/work/wt/_trial43/data}
rm -rf "$D"; mkdir -p "$D"
python scripts/trial43/gen_data.py "$D"
cp "$D/book.xlsm" "$D/book0.xlsm"
python scripts/trial43/simulate_weeks.py "$D" | tee "$D/sim.out"
for w in 1 4 5; do pdftoppm -png -r 60 "$D/rev_w$w.pdf" "$D/rev_w$w"; done
