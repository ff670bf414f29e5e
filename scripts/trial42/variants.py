"""Trial 42 variants: book27k (KGI typed 税込), book27p (PriceRevision typed 2025-03 / 7.2%,
the team's true step) and
book27h (the amount header renamed 税込金額 -> 金額, 税区分 kept) to pin the (税込) label."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import build_books as bb

data, out = Path(sys.argv[1]), Path(sys.argv[2])
common = {
    "FiscalStartMonth": 10,
    "FiscalYearLabel": "end",
    "WorkingDays": "月-土",
    "KGI": bb.KGI,
    "PlanYear": 2026,
}
bb.book(
    data,
    out / "book27p.xlsm",
    {**common, "PriceRevisionMonth": "2025-03", "PriceRevisionPct": 7.2},
    True,
)
h = out / "data_h"
h.mkdir(exist_ok=True)
for f in ["visits.csv", "accounts.csv", "leave.csv"]:
    (h / f).write_text((data / f).read_text(encoding="utf-8"), encoding="utf-8")
txt = (data / "orders.csv").read_text(encoding="utf-8")
(h / "orders.csv").write_text(txt.replace("税込金額", "金額", 1), encoding="utf-8")
bb.book(h, out / "book27h.xlsm", common, True)
# book27k: the KGI typed 税込 (¥847M × 1.1), as the (税込) labels tell the manager to (H1)
bb.book(data, out / "book27k.xlsm", {**common, "KGI": 931_700_000}, True)
