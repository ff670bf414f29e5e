"""Dump an output sheet's cells as tab-separated text (trial 41 reading aid)."""

import sys

import openpyxl

wb = openpyxl.load_workbook(sys.argv[1], read_only=True, data_only=True)
for name in sys.argv[2].split(","):
    print(f"===== {name}")
    for r in wb[name].iter_rows(values_only=True):
        if any(v is not None for v in r):
            print("\t".join("" if v is None else str(v) for v in r).rstrip())
