"""6-digit dates: a month typed yyyymm (202104) or a day typed yymmdd (200405), decided by
the whole column (left50b; review50b: a day of 2020, 200405, was read as the month 2004-05
and 200417 as a serial day of the year 2448).

By hand: K0010 (佐藤 一郎) orders ¥10,000 on the 5th and the 17th of every month 2020-04 …
2021-03, typed 200405, 200417 … 210317: 24 orders, ¥240,000, every one on its own day. As
months, 200405 … 201205 were 2004-05 … 2012-05 and the 17ths no date at all.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from routekpi.io.reader import read_workbook
from routekpi.sources import SourceRef, external_history
from routekpi.validation.cells import parse_date_column
from routekpi.validation.tables import validate_inputs
from tests.test_monthly_summary import REPS, TODAY, _data
from tests.workbook_files import template_book

HEADER = ["受注日", "得意先コード", "担当者", "金額", "数量"]
DAYS = [
    d.date()
    for m in pd.date_range("2020-04-01", "2021-03-01", freq="MS")
    for d in (m + pd.Timedelta(days=4), m + pd.Timedelta(days=16))
]


def _typed(day: date) -> int:
    return int(f"{day:%y%m%d}")


def _rows() -> list[list[object]]:
    return [[_typed(d), "K0010", REPS["K0010"], 10_000, 1] for d in DAYS]


def _book(path: Path, rows: list[list[object]]) -> Path:
    """The rows typed as numbers in General cells of a real workbook's Orders sheet (as a
    manager pastes values from an old system), the account on Accounts."""
    with template_book(path, kgi=300_000, plan_year=2022, start_month=4, as_of=None) as wb:
        ws = wb["Orders"]
        for j, name in enumerate(HEADER, 1):
            ws.cell(1, j, name)
        for i, r in enumerate(rows, 2):
            for j, v in enumerate(r, 1):
                ws.cell(i, j, v).number_format = "General"
        acc = wb["Accounts"]
        for j, v in enumerate(("K0010", "株式会社K0010", REPS["K0010"], date(2019, 1, 1)), 1):
            acc.cell(2, j, v)
    return path


def _csv(path: Path, rows: list[list[object]]) -> SourceRef:
    text = [",".join(HEADER), *(",".join(str(v) for v in r) for r in rows)]
    path.write_bytes(("\r\n".join(text) + "\r\n").encode("cp932"))
    return SourceRef("Orders", str(path))


def test_a_column_of_yymmdd_days_reads_as_days_in_both_doors(tmp_path: Path) -> None:
    sheet = validate_inputs(read_workbook(_book(tmp_path / "b.xlsm", _rows())).sheets, today=TODAY)
    ref = _csv(tmp_path / "旧受注.csv", _rows())
    raw = external_history(_data(None), {"Orders": ref}, today=TODAY).raw_inputs()
    for inputs, label in ((sheet, "Orders"), (raw, "旧受注.csv")):
        orders = inputs.history.orders
        assert sorted(orders["date"].dt.date) == DAYS
        assert float(orders["amount"].sum()) == 240_000.0
        (said,) = [c for c in inputs.checks if c.problem == "dates_yymmdd"]
        assert (said.sheet, said.column, said.severity) == (label, "A 受注日", "info")
        assert said.params["values"] == "24" and said.params["read"] == "2020-04-17"
        assert not [c for c in inputs.checks if c.severity in ("error", "critical")]
        assert not [c for c in inputs.checks if c.problem.startswith("monthly_summary")]


def test_a_month_column_stays_months(tmp_path: Path) -> None:
    """202104 … 202203: months (no yymmdd day has a month 21), a monthly summary."""
    months = pd.date_range("2021-04-01", "2022-03-01", freq="MS")
    rows = [[int(f"{m:%Y%m}"), "K0010", REPS["K0010"], 10_000, 1] for m in months]
    ref = _csv(tmp_path / "月報.csv", rows)
    raw = external_history(_data(None), {"Orders": ref}, today=TODAY).raw_inputs()
    assert sorted(raw.history.orders["date"]) == list(months)
    assert not [c for c in raw.checks if c.problem == "dates_yymmdd"]
    assert [c.problem for c in raw.checks if c.problem.startswith("monthly_summary")] == [
        "monthly_summary_no_count"
    ]


def test_yymmdd_firsts_are_a_summary_of_those_months(tmp_path: Path) -> None:
    """200401, 200501 … 201201 (each readable both ways): as months every one a January of
    2004 … 2012; as days the 1sts of 2020-04 … 2020-12, a monthly summary by its 1sts."""
    firsts = pd.date_range("2020-04-01", "2020-12-01", freq="MS")
    rows = [[_typed(m.date()), "K0010", REPS["K0010"], 10_000, 1] for m in firsts]
    ref = _csv(tmp_path / "月報.csv", rows)
    raw = external_history(_data(None), {"Orders": ref}, today=TODAY).raw_inputs()
    assert sorted(raw.history.orders["date"]) == list(firsts)
    (said,) = [c for c in raw.checks if c.problem == "dates_yymmdd"]
    assert said.params["why_en"].startswith("Read as months (202104 = April 2021), every one")
    (summary,) = [c for c in raw.checks if c.problem.startswith("monthly_summary")]
    assert summary.params["why"] == "列「A 受注日」の日付が何か月にもわたってすべて月の1日"


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([200405, 200417], [date(2020, 4, 5), date(2020, 4, 17)]),
        (["250405", "251231"], [date(2025, 4, 5), date(2025, 12, 31)]),
        (["050405", "050517"], [date(2005, 4, 5), date(2005, 5, 17)]),
        # One value readable both ways: a month, as before.
        ([200401], [date(2004, 1, 1)]),
        # A value no day (an order number): the column is no yymmdd column.
        ([200405, 123456], [date(2004, 5, 1), date(2238, 1, 3)]),
    ],
)
def test_yymmdd_is_decided_by_the_column(values: list[object], expected: list[date]) -> None:
    days, _ = parse_date_column(values)
    assert [pd.Timestamp(d).date() for d in days] == expected
