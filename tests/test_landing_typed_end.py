"""A typed end date on the customer master counts in the landing, past or future (trial 53
M4: a chain's store closed on 11-30 kept "selling" December – June in its rep's landing, one
closing 2027-02-28 was on no sheet).

FY2027 (April start) planned on Monday 2026-11-30, one order a month on its last weekday,
flat months (FY2025 gives 1/12 a month), complete months 2026-04 – 2026-11:

- Tanaka: C1 ¥1,000,000 a month; C2 ¥40,000 a month, ended 2026-10-31 (typed; its last order
  October): under 5% of his book, no material lost account, yet closed.
- Sato: C3 ¥1,000,000 a month; C4 ¥20,000 a month, to end 2027-01-31 (typed, two months
  ahead).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd

from routekpi.core.landing import landing
from routekpi.io.samplebook import input_contents
from routekpi.io.sheetrewrite import rewrite_workbook
from routekpi.io.template import build_template
from routekpi.recalc import recalculate
from routekpi.sample import SampleHistory

AS_OF = date(2026, 11, 30)
SALES = [
    ("C1", "Tanaka", 1_000_000, "2025-04", "2026-11"),
    ("C2", "Tanaka", 40_000, "2025-04", "2026-10"),
    ("C3", "Sato", 1_000_000, "2025-04", "2026-11"),
    ("C4", "Sato", 20_000, "2025-04", "2026-11"),
]
ENDS = {"C2": "2026-10-31", "C4": "2027-01-31"}


def _book(path: Path) -> Path:
    rows = []
    for account, rep, amount, first, last in SALES:
        for month in pd.period_range(first, last, freq="M"):
            day = pd.offsets.BMonthEnd().rollback(month.end_time.normalize())
            rows.append((day, account, rep, float(amount)))
    orders = pd.DataFrame(rows, columns=["date", "account", "rep", "amount"])
    orders["quantity"] = 1.0
    accounts = pd.DataFrame(
        {
            "account": [s[0] for s in SALES],
            "name": [f"Customer {s[0]}" for s in SALES],
            "rep": [s[1] for s in SALES],
            "start": pd.Timestamp("2025-01-01"),
            "end": [pd.Timestamp(ENDS[s[0]]) if s[0] in ENDS else pd.NaT for s in SALES],
            "lat": float("nan"),
            "lon": float("nan"),
        }
    )
    visits = pd.DataFrame(columns=["date", "rep", "account", "kind", "outcome"])
    visits["date"] = pd.to_datetime(visits["date"])
    holidays = pd.DataFrame({"date": pd.to_datetime([]), "name": pd.Series([], dtype=str)})
    settings = {"KGI": 30_000_000, "PlanYear": 2027, "FiscalStartMonth": 4, "AsOf": AS_OF}
    sample = SampleHistory(orders, visits, accounts, holidays, dict(settings), {})
    template = path.with_suffix(".template.xlsm")
    template.write_bytes(build_template("ja", settings={**settings, "Language": "ja"}))
    rewrite_workbook(template, input_contents(sample, "ja"), dst=path, resize_tables=True)
    template.unlink()
    return path


def _checks(path: Path) -> list[str]:
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return [" ".join(str(c) for c in r if c) for r in wb["Checks"].iter_rows(values_only=True)]
    finally:
        wb.close()


def test_typed_ends_leave_the_landing_after_them(tmp_path: Path) -> None:
    book = _book(tmp_path / "ends.xlsm")
    result = recalculate(book).result
    found = landing(result.evidence, result.history)
    assert found is not None
    assert [str(m) for m in found.rest_months] == ["2026-12", "2027-01", "2027-02", "2027-03"]
    table = found.table
    # Tanaka: actual 8 × 1,000,000 + 7 × 40,000 = 8,280,000; pace 8,280,000 ÷ 8/12 =
    # 12,420,000 (1,035,000 a month), less C2's part from December on: 280,000 ÷ 8/12 ÷ 12 =
    # 35,000 a month: 4 × 1,000,000 = 4,000,000 to come (before: 4,140,000).
    assert table.loc["Tanaka", ["actual", "expected"]].tolist() == [8_280_000, 4_000_000]
    # Sato: actual 8 × 1,020,000 = 8,160,000; 1,020,000 a month to come, less C4's 20,000 in
    # February and March (after its end 01-31): 4,080,000 − 40,000 = 4,040,000.
    assert table.loc["Sato", ["actual", "expected"]].tolist() == [8_160_000, 4_040_000]
    # The end ahead is said on Checks.
    said = [c for c in _checks(book) if "2027-01-31 に取引終了予定" in c]
    assert len(said) == 1 and "Customer C4" in said[0] and "2月以降" in said[0]
