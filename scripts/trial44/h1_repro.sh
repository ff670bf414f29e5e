#!/usr/bin/env bash
# Trial 44 H1, minimal: the sample book plus ONE visit row — a rep with no other record (so he
# reads as "left") visiting a code that never ordered (a prospect) — crashes recalc with
# "assignment destination is read-only" (core/flags.py orphan_orders, pandas 3 copy-on-write).
# Usage: scripts/trial44/h1_repro.sh [DIR]   (from the worktree root; ~1 minute)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DIR=${1:-/tmp/t44h1}
export PYTHONPATH=$ROOT PYTHONDONTWRITEBYTECODE=1
mkdir -p "$DIR" && cd "$DIR"
rm -f book.xlsm && python -m routekpi.cli new --sample book.xlsm > /dev/null
python - <<'P'
import csv
import openpyxl
wb = openpyxl.load_workbook("book.xlsm", read_only=True, data_only=True)
rows = [r for r in wb["Visits"].iter_rows(values_only=True) if any(v is not None for v in r)]
with open("visits.csv", "w", newline="", encoding="utf-8") as fh:
    w = csv.writer(fh)
    w.writerow(rows[0])
    for r in rows[1:]:
        w.writerow([r[0].strftime("%Y-%m-%d") if hasattr(r[0], "strftime") else r[0], *r[1:]])
    w.writerow(["2025-05-12", "Retired", "P0000", "アポ", ""])  # the one added row
P
python -m routekpi.cli --debug recalc book.xlsm --visits visits.csv --out out.xlsm 2>&1 | tail -4
