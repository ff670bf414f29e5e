"""The running year's losses to date count a master's untyped closures when they were known
(fix49i, after trial 48 N1).

A customer master's closure nobody typed is dated the day after its last order (core.lapse),
right for a complete year; but the lapse rule knows it only 180 days later, so the year so far
read by those dates missed every closure of its last half year (trial 48: 132 losses by
2026-12-04 against a pace of 219, green, where 212 happened). The year so far now counts such
a closure in the month the rule knew it (core.measure ``known_losses``), and the Dashboard
says so.

The book (written, recalculated and read back): rep 田中, fiscal year April–March, plan year
2026, one order a month on the 10th, every account started 2023-04-01, as-of 2026-11-10:

- 1001 … 1006 order 2023-04 … 2026-11: open;
- 1008 last order 2025-09-10: ended 2025-09-11, known 2026-03-08 (before the year: in neither);
- 1012 last order 2025-11-10: ended 2025-11-11, known 2026-05-09 (May);
- 1007 last order 2025-12-10: ended 2025-12-11, known 2026-06-08 (June);
- 1009 last order 2026-04-10: ended 2026-04-11, known 2026-10-07 (October, not April);
- 1010 last order 2026-06-10: silent 153 days, not known yet (open);
- 1011 last order 2026-08-10, end typed 2026-08-20 (August either way).

By hand, the plan year to date (2026-04 … 11). Dated: 1009 (April), 1011 (August): 2 lost,
of 9 open on 2026-04-01 (1001 … 1006, 1009, 1010, 1011). Known: 1012 (May), 1007 (June), 1011
(August), 1009 (October): 4 lost, of 11 held as known on 2026-04-01 (1012 and 1007 ended
before it, known only after it). The annualised churn is cancellations ÷ the starting book ×
12 ÷ the months gone: known ÷ dated = (4 / 11) ÷ (2 / 9) = 18 / 11. Three closures nobody
typed are counted when known (1012, 1007, 1009).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from routekpi.core.engine import attainment_table
from routekpi.pipeline import compute_file
from routekpi.recalc import recalculate
from tests.workbook_files import pasted_book

AMOUNT = {f"{1000 + i}": 100 * i for i in range(1, 13)}
LAST = {
    "1008": "2025-09",
    "1012": "2025-11",
    "1007": "2025-12",
    "1009": "2026-04",
    "1010": "2026-06",
    "1011": "2026-08",
}
TYPED_END = {"1011": date(2026, 8, 20)}
AS_OF = date(2026, 11, 10)


def _book(path: Path) -> Path:
    orders: list[list[object]] = []
    visits: list[list[object]] = []
    for m in pd.date_range("2023-04-01", "2026-11-01", freq="MS"):
        for account, amount in AMOUNT.items():
            if m.strftime("%Y-%m") > LAST.get(account, "9999"):
                continue
            day, seen = (m + pd.Timedelta(days=9)).date(), (m + pd.Timedelta(days=11)).date()
            orders.append([day, account, "田中", amount, 1, None])
            if seen <= AS_OF:
                visits.append([seen, "田中", account, "訪問", None])
    accounts = [
        [a, f"顧客{a}", "田中", date(2023, 4, 1), TYPED_END.get(a), None, None] for a in AMOUNT
    ]
    rows = {"Orders": orders, "Visits": visits, "Accounts": accounts}
    return pasted_book(path, rows, kgi=60_000, plan_year=2026, start_month=4, as_of=None)


def _row(table: pd.DataFrame, period: str, kpi: str) -> pd.Series:
    [row] = table[
        (table["period"] == period) & (table["rep"] == "ALL") & (table["kpi"] == kpi)
    ].to_dict("records")
    return pd.Series(row)


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _book(tmp_path_factory.mktemp("known") / "book.xlsm")


def test_losses_to_date_count_untyped_closures_when_known(book: Path) -> None:
    (result, _, _, _), _ = compute_file(book)
    ends = result.history.accounts.drop_duplicates("account", keep="last").set_index("account")
    assert ends.loc["1009", "end"] == pd.Timestamp("2026-04-11")  # dated (core.lapse)
    assert pd.isna(ends.loc["1010", "end"])
    assert result.history.lapsed_ends >= {"1007", "1008", "1009", "1012"}
    known = result.attainment
    assert _row(known, "FY2026", "cancellations")["actual"] == 4
    by_month = {p: _row(known, p, "cancellations")["actual"] for p in ("2026-04", "2026-05")}
    assert by_month == {"2026-04": 0, "2026-05": 1}
    assert _row(known, "2026-06", "cancellations")["actual"] == 1
    assert _row(known, "2026-08", "cancellations")["actual"] == 1
    assert _row(known, "2026-10", "cancellations")["actual"] == 1
    # The same table read by the dates (no history): 2 lost, of 9.
    dated = attainment_table(result.evidence, result.targets)
    assert _row(dated, "FY2026", "cancellations")["actual"] == 2
    assert _row(dated, "2026-04", "cancellations")["actual"] == 1
    churn = _row(known, "FY2026", "churn_rate")["actual"]
    assert churn / _row(dated, "FY2026", "churn_rate")["actual"] == pytest.approx(18 / 11)
    retention = _row(known, "FY2026", "retention_rate")["actual"]
    assert retention == pytest.approx(1 - churn)
    # The plan's own years are read by the dates, as before: only the year so far moves.
    assert (
        result.evidence.facts.xs("ALL", level="rep").loc[pd.Period("2026-04", "M"), "cancellations"]
        == 1
    )


def test_the_dashboard_says_how_losses_to_date_are_counted(book: Path, tmp_path: Path) -> None:
    path = tmp_path / "book.xlsm"
    path.write_bytes(book.read_bytes())
    recalculate(path)
    ws = openpyxl.load_workbook(path, read_only=True)["Dashboard"]
    said = "".join(str(c) for row in ws.iter_rows(values_only=True) for c in row if c)
    assert "解約数・継続率の実績: 顧客マスタに解約日のない解約 3件は" in said
    assert "最後の受注から180日たって解約と分かった月に数えています" in said
