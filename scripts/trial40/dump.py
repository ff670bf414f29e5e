"""Trial 40: print an output sheet's cells as text (tab-separated), for reading and quoting."""

import sys

import openpyxl

wb = openpyxl.load_workbook(sys.argv[1], read_only=True, data_only=True)
lim = int(sys.argv[3]) if len(sys.argv) > 3 else 10**9
for i, row in enumerate(wb[sys.argv[2]].iter_rows(values_only=True)):
    if i >= lim:
        break
    vals = ["" if v is None else str(v) for v in row]
    while vals and vals[-1] == "":
        vals.pop()
    if vals:
        print(f"{i + 1}\t" + "\t".join(vals))
