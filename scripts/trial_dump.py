"""Print an output sheet's non-empty rows (values), to read a book as text (trials 45–49 share it):
trial_dump.py BOOK SHEET [MAXROWS]."""

from __future__ import annotations

import sys

import openpyxl


def main() -> None:
    wb = openpyxl.load_workbook(sys.argv[1], read_only=True, data_only=True)
    ws = wb[sys.argv[2]]
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 400
    for i, row in enumerate(ws.iter_rows(values_only=True), 1):
        cells = [str(v) for v in row if v not in (None, "")]
        if cells:
            print(i, " | ".join(cells))
        if i >= n:
            break


if __name__ == "__main__":
    main()
