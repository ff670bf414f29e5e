"""Sample book with C0044 (Sato) made 6× larger, and from 2025-09 at 3% of that (−97%)."""
import sys, datetime as dt, openpyxl
src, dst, after = sys.argv[1], sys.argv[2], float(sys.argv[3])
wb = openpyxl.load_workbook(src, keep_vba=True)
ws = wb["Orders"]
for row in ws.iter_rows(min_row=2):
    if row[1].value == "C0044":
        k = 6.0 * (after if row[0].value >= dt.datetime(2025, 9, 1) else 1.0)
        row[3].value = round(row[3].value * k)
wb.save(dst)
