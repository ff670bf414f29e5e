"""A rep back from a leave in the running year: one visit frequency on every sheet (trial 31,
H1: Baker's visits per account 2.20 = 109% on Attainment, Matrix and KPI_ATTAINMENT, 1.87 = 92%
on the Review; the 2.20 counted Chen's cover visits of the leave months but divided by Baker's
months at work only). core.at_work.levers_at_work is the one measure both read. A small English
workbook written with openpyxl, recalculated, read back; numbers by hand.

FY2026 (April – March), as of 2026-09-30: six complete months. Baker holds b1 and b2, Chen c1.
Every month each account orders once (the 10th, ¥100) and its holder visits it twice (the 8th
and the month's last weekday). Baker is on leave all of July 2026: Chen visits b1 and b2 once
each (the 15th) and books b1's order under his own name (cover, counted as Baker's); b2 orders
nothing that month.

By hand, Baker's levers to date on his months at work (April – June, August, September: 5):
active accounts 2, visits 2 × 2 × 5 = 20 → 20 / 2 / 5 = 2.0 visits per account a month (the
old figure: (20 + 2 cover) / 2 / 5 = 2.2); orders 2 × 5 = 10 → 1.0 order per account a month
(old: 11 / 2 / 5 = 1.1); orders per visit 10 / 20 = 0.5; unit price ¥100.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from routekpi.recalc import recalculate
from tests.workbook_files import pasted_book

HOLDER = {"b1": "Baker", "b2": "Baker", "c1": "Chen"}
LEAVE = (date(2026, 7, 1), date(2026, 7, 31))


def write_book(path: Path) -> Path:
    orders: list[list[object]] = []
    visits: list[list[object]] = []
    for m in pd.date_range("2025-01-01", "2026-09-01", freq="MS"):
        away = m.year == 2026 and m.month == 7
        for account, rep in HOLDER.items():
            who = "Chen" if away and rep == "Baker" else rep
            if not (away and account == "b2"):  # b2 orders nothing while Baker is away
                orders.append([(m + pd.Timedelta(days=9)).date(), account, who, 100, 1, None])
            # The 8th and the month's last weekday (the book's last record: the as-of date).
            days = [m + pd.Timedelta(days=7), m + pd.offsets.BMonthEnd(0)]
            if away and rep == "Baker":
                days = [m + pd.Timedelta(days=14)]
            for d in days:
                visits.append([d.date(), who, account, "Visit", None])
    rows = {
        "Orders": orders,
        "Visits": visits,
        "Accounts": [[a, a, r, date(2023, 1, 1), None, None, None] for a, r in HOLDER.items()],
        "Leave": [["Baker", LEAVE[0], LEAVE[1], "Parental leave"]],
    }
    return pasted_book(
        path,
        rows,
        kgi=6_000,
        plan_year=2026,
        start_month=4,
        as_of=date(2026, 9, 30),
        language="en",
    )


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = write_book(tmp_path_factory.mktemp("levers") / "book.xlsm")
    recalculate(path, today=date(2026, 10, 1))
    return path


def _rows(path: Path, sheet: str) -> list[tuple[object, ...]]:
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return [r for r in wb[sheet].iter_rows(values_only=True) if any(v is not None for v in r)]
    finally:
        wb.close()


HAND = {
    "visits_per_account": 2.0,
    "orders_per_account": 1.0,
    "orders_per_visit": 0.5,
    "unit_price": 100.0,
    "active_accounts": 2.0,
}


def test_attainment_year_row_measures_his_levers_on_his_months_at_work(book: Path) -> None:
    att = {
        (r[1], r[2]): r[4]
        for r in _rows(book, "Attainment")
        if r[0] == "FY2026" and r[1] == "Baker"
    }
    for key, value in HAND.items():
        assert att[("Baker", key)] == pytest.approx(value), key
    # His orders stay as booked, the cover's included (README: his book stays with him); his
    # visits are his own, the cover's 2 apart, against the months he was at work (fix48: the
    # behind-pace flag's measure, so the sheet and the flag say one pace).
    assert att[("Baker", "orders")] == 11
    assert att[("Baker", "visits")] == 20
    rows = [r for r in _rows(book, "Attainment") if r[1] == "Baker" and r[2] == "visits"]
    months = {str(r[0]): r for r in rows}
    assert months["2026-07"][4] == 0 and months["2026-07"][9] == 0  # away all July: none due
    due = sum(float(months[m][5]) for m in ("2026-04", "2026-05", "2026-06", "2026-08", "2026-09"))
    assert months["FY2026"][9] == pytest.approx(due)
    assert months["FY2026"][6] == pytest.approx(20 / due)


def test_review_and_matrix_show_the_same_numbers(book: Path) -> None:
    review = {(r[0], r[1]): r[4] for r in _rows(book, "Review") if r[0] == "Baker"}
    for key in ("visits_per_account", "orders_per_visit", "unit_price", "active_accounts"):
        assert review[("Baker", key)] == pytest.approx(HAND[key]), key
    matrix = [
        r
        for r in _rows(book, "Matrix")
        if r[1] == "Baker" and r[2] == "Actual" and str(r[0]).startswith("Visits per account")
    ]
    assert len(matrix) == 1 and matrix[0][3] == pytest.approx(2.0)  # the year column


def test_the_worksheet_function_gives_the_same(
    book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from routekpi.cli import main

    f = '=KPI_ACTUAL("visits_per_account","Baker","FY2026")'
    assert main(["formula", str(book), f]) == 0
    assert capsys.readouterr().out.strip().endswith("→ 2.00")  # as the sheets show it


def test_his_revenue_owes_the_same_on_attainment_and_review(book: Path) -> None:
    """Trial 31, M1 (Baker 85.6% on Attainment, 74.7% on Review). By hand: his month targets
    of April – June, August and September, plus what his accounts booked in July while he
    was away (Chen's cover order, ¥100: due as booked, where July's target is ¥200); his
    actual 5 × ¥200 + ¥100 = ¥1,100. The Review owed July's whole target before (1,100 / 1,200)."""
    att = [r for r in _rows(book, "Attainment") if r[1] == "Baker" and r[2] == "revenue"]
    months = {str(r[0]): r for r in att}
    due = sum(float(months[m][5]) for m in ("2026-04", "2026-05", "2026-06", "2026-08")) + float(
        months["2026-09"][5]
    )
    due += 100
    fy = months["FY2026"]
    assert fy[4] == 1_100 and fy[9] == pytest.approx(due)
    assert fy[6] == pytest.approx(1_100 / due)
    review = {r[1]: r for r in _rows(book, "Review") if r[0] == "Baker"}
    assert review["revenue"][3] == pytest.approx(due)  # Target YTD
    assert review["revenue"][5] == pytest.approx(fy[6])  # the same attainment
    # His rows add up to his gap; his months away (due as booked) hold none of it.
    assert float(review["months_unsplit"][6]) == pytest.approx(0.0, abs=1e-6)
    levers = ("active_accounts", "visits_per_account", "orders_per_visit", "unit_price")
    assert sum(float(review[k][6]) for k in (*levers, "timing")) == pytest.approx(
        1_100 - due, abs=1
    )


def test_his_month_away_is_not_shown_on_target(book: Path) -> None:
    """Trial 31, L3: a month he was away all its days gone has no pace (the Matrix read
    Baker's July and August "100%" vs target to date); his months at work keep theirs."""
    att = {
        str(r[0]): r
        for r in _rows(book, "Attainment")
        if r[1] == "Baker" and r[2] == "visits_per_account"
    }
    assert att["2026-07"][7] is None and att["2026-06"][7] == pytest.approx(1.0)
    matrix = [
        r
        for r in _rows(book, "Matrix")
        if r[1] == "Baker" and str(r[0]).startswith("Visits per account") and r[2] != "Target"
    ]
    actual, due = matrix  # Actual, vs target to date: year, April … March
    assert actual[7] == pytest.approx(1.0)  # July: b1 and b2 one cover visit each
    assert due[7] is None and due[6] == pytest.approx(1.0)


def test_assumed_company_holidays_read_in_english() -> None:
    """Trial 31, L2: "2023〜2028", "12/29〜1/3", "8/13・8/14・8/15" on the English Checks."""
    from routekpi.contract import Check
    from routekpi.render import check_message
    from routekpi.validation.holidays import with_assumed_holidays
    from tests.test_assumed_holidays import _history

    checks: list[Check] = []
    holidays = pd.DataFrame({"date": pd.Series([], dtype="datetime64[ns]"), "name": []})
    with_assumed_holidays(holidays, _history(last=date(2026, 11, 30)), checks)
    (check,) = checks
    said = check_message(check, "en")
    assert "〜" not in said and "・" not in said
    assert "2023 – 2028" in said and "8/13, 8/14" in said
    assert "2023〜2028" in check_message(check, "ja")
