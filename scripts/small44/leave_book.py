"""Sample book with Sato on leave 2026-10-05..2026-10-30 and his visits then removed."""
import sys, datetime as dt, openpyxl
src, dst = sys.argv[1], sys.argv[2]
rep, a, b = "Sato", dt.datetime(2026, 10, 5), dt.datetime(2026, 10, 30)
wb = openpyxl.load_workbook(src, keep_vba=True)
ws = wb["Visits"]
rows = list(ws.iter_rows(min_row=2, values_only=True))
keep = [r for r in rows if not (r[1] == rep and r[0] is not None and a <= r[0] <= b)]
print("removed", len(rows) - len(keep))
ws.delete_rows(2, ws.max_row)
for r in keep:
    ws.append(r)
lv = wb["Leave"]
lv.cell(2, 1, rep); lv.cell(2, 2, a); lv.cell(2, 3, b); lv.cell(2, 4, "休暇")
wb.save(dst)
