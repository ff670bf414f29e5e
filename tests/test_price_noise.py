"""A unit-price fall is flagged only when it stands out from the rep's own month-to-month
noise (core.flags PRICE_NOISE_Z; trial 29 M4: 佐藤 −8.7% on prices swinging ±9% a month, and
the flag quoted November alone, his best month since May, as 「直近」).

History 2025-05 – 2026-10 (no full April fiscal year: every month's usual level is 1), as
of 2026-10-31, planning FY2027. Each rep has 10 accounts that each order once a month.
- Sato's price swings: ¥1,100 in even months from May 2025, ¥900 in odd ones, and ×0.92
  from August 2026. Aug – Oct 2026: (900 + 1,100 + 900) × 0.92 ÷ 3 = ¥889.33 against
  ¥966.67 a year earlier: −8.0%, beyond YOY_DROP (5%). His price moves ±ln(1100/900) =
  ±0.20 every month (over the 15 months compared, Aug 2025 – Oct 2026): noise 0.20 ÷
  0.6745 ÷ √2 = 0.21 (core.flags._price_noise, the median move); two three-month averages
  move by 0.21 × √(2/3) = 0.17, so a fall must be ≥ 0.34 (2 ×) in log: −ln(0.92) = 0.083
  is not. No flag (before: warned for −8.0%, quoting October's ¥828).
- Ito's price is a steady ¥1,000, then ¥940, ¥920, ¥900 in Aug – Oct 2026: three months
  down (−10%) and the three months' ¥920 is −8.0% on last year's ¥1,000; his price moves
  in 3 of the 14 steps only (median move 0: no noise), so both stand out: critical, quoting
  the three months' ¥920 (the figure the year-on-year compares), not October's ¥900.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd

from routekpi.recalc import recalculate
from tests.workbook_files import pasted_book

MONTHS = pd.period_range("2025-05", "2026-10", freq="M")


def _price(rep: str, k: int, month: pd.Period) -> float:
    if rep == "Sato":
        base = 1100.0 if k % 2 == 0 else 900.0
        return base * (0.92 if month >= pd.Period("2026-08", "M") else 1.0)
    return {"2026-08": 940.0, "2026-09": 920.0, "2026-10": 900.0}.get(str(month), 1000.0)


def _book(path: Path) -> Path:
    orders: list[list[object]] = []
    visits: list[list[object]] = []
    accounts = [(f"{r[0].lower()}{i}", r) for r in ("Sato", "Ito") for i in range(10)]
    for k, m in enumerate(MONTHS):
        for i, (account, rep) in enumerate(accounts):
            # Spread over the month, the last on its last day (so October is complete).
            day = m.end_time if i % 10 == 9 else m.start_time + pd.Timedelta(days=3 * (i % 10))
            day = day.date()
            orders.append([day, account, rep, _price(rep, k, m), 1, None])
            visits.append([day, rep, account, "訪問", None])
    rows = {
        "Orders": orders,
        "Visits": visits,
        "Accounts": [[a, a, r, date(2024, 1, 1), None, None, None] for a, r in accounts],
    }
    return pasted_book(
        path, rows, kgi=300_000, plan_year=2027, start_month=4, as_of=date(2026, 10, 31)
    )


def test_a_fall_within_the_reps_own_noise_is_not_flagged(tmp_path: Path) -> None:
    book = _book(tmp_path / "book.xlsm")
    recalculate(book)
    rows = list(openpyxl.load_workbook(book, data_only=True)["Flags"].iter_rows(values_only=True))
    price = {r[3]: r for r in rows[1:] if r[1] == "unit_price_declining"}
    assert "Sato" not in price  # −8.0% inside his ±10% months
    ito = price["Ito"]
    assert ito[0] == "重大"  # three months down and below last year, both beyond his noise
    assert "直近3か月 ¥920" in ito[6], ito[6]
    assert "-8.0%" in ito[6] or "−8.0%" in ito[6], ito[6]
