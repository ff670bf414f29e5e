"""Visits typed further than the orders (an order export lagging the SFA by two weeks, AsOf
blank): the KPIs counted from the visit log alone (core.review ``VISIT_MEASURED``: visits,
visit frequency, calls, meetings, appointment rate) are measured through the last typed visit
on the Review, the Attainment and the Dashboard alike (``measured_through``, one rule); the
order-based rows (revenue, orders, orders per visit, win rate) stay on the last order, and
each sheet says which rows run to which day. A book whose visits and orders end on the same
day reads as before."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from routekpi.cli import main
from routekpi.io.samplebook import write_sample_workbook
from routekpi.io.sheetrewrite import rewrite_workbook
from routekpi.io.sheetxml import SheetContent
from tests.test_dashboard import _with_setting

ORDERS_CUT = date(2026, 10, 16)  # a Friday, two weeks before the visits' last day (10/30)
YEAR_START = date(2026, 4, 1)


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sample book, AsOf blank: ``later`` with its orders cut after ``ORDERS_CUT`` and
    its visits to 10/30; ``same`` with the visits cut there too; both recalculated."""
    tmp = tmp_path_factory.mktemp("through")
    fresh, blank = tmp / "fresh.xlsm", tmp / "blank.xlsm"
    write_sample_workbook(fresh, "ja", seed=11, orders_rows=4_000)
    _with_setting(fresh, blank, "AsOf", None)
    wb = openpyxl.load_workbook(blank, read_only=True)
    rows = {n: [list(r) for r in wb[n].iter_rows(values_only=True)] for n in ("Orders", "Visits")}
    wb.close()

    def upto(name: str, day: date) -> SheetContent:
        head, *body = rows[name]
        return SheetContent(rows=[head, *(r for r in body if r[0] and r[0].date() <= day)])

    later, same = tmp / "later.xlsm", tmp / "same.xlsm"
    rewrite_workbook(blank, {"Orders": upto("Orders", ORDERS_CUT)}, dst=later, resize_tables=True)
    rewrite_workbook(later, {"Visits": upto("Visits", ORDERS_CUT)}, dst=same, resize_tables=True)
    return {"later": later, "same": same}


def _recalc(book: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    capsys.readouterr()
    assert main(["recalc", str(book), "--json", "--quiet"]) == 0
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


def _by_key(doc: dict[str, object], sheet: str) -> dict[tuple[str, ...], dict[str, object]]:
    rows = doc[sheet]
    assert isinstance(rows, list)
    if sheet == "review":
        return {(r["rep"], r["kpi"]): r for r in rows}
    return {(r["period"], r["rep"], r["kpi"]): r for r in rows}


def _counts(book: Path, sheet: str, kind: str | None = None) -> dict[tuple[str, str], int]:
    """Hand counts from the sheet as written: (period, rep) → rows of the plan year (or of
    ``kind`` on Visits), the year as FY2026 and each month as YYYY-MM; the team as ALL."""
    wb = openpyxl.load_workbook(book, read_only=True)
    rows = list(wb[sheet].iter_rows(min_row=2, values_only=True))
    wb.close()
    rep_at = 1 if sheet == "Visits" else 2
    out: dict[tuple[str, str], int] = {}
    for r in rows:
        if not r[0] or r[0].date() < YEAR_START or (kind is not None and r[3] != kind):
            continue
        if sheet == "Orders" and not (r[3] or 0) > 0:
            continue  # a return is no order
        for period in ("FY2026", r[0].strftime("%Y-%m")):
            for rep in (str(r[rep_at]), "ALL"):
                out[(period, rep)] = out.get((period, rep), 0) + 1
    return out


def test_visit_rows_run_to_the_last_visit_and_order_rows_to_the_last_order(
    books: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    later, same = _recalc(books["later"], capsys), _recalc(books["same"], capsys)
    assert later["as_of"] == same["as_of"] == ORDERS_CUT.isoformat()
    att, att_same = _by_key(later, "attainment"), _by_key(same, "attainment")
    # Visits (訪問件数) through 10/30, by hand from the Visits sheet, the year and October.
    visits = _counts(books["later"], "Visits", "訪問")
    assert visits[("2026-10", "ALL")] > _counts(books["same"], "Visits", "訪問")[("2026-10", "ALL")]
    for (period, rep), n in visits.items():
        if (period, rep, "visits") in att:
            assert att[(period, rep, "visits")]["actual"] == pytest.approx(n), (period, rep)
    # Meetings (商談数) likewise.
    meetings = _counts(books["later"], "Visits", "商談")
    assert att[("FY2026", "ALL", "meetings")]["actual"] == pytest.approx(
        meetings[("FY2026", "ALL")]
    )
    # Orders (受注件数) stop at the last order: the same count in both books, by hand.
    orders = _counts(books["later"], "Orders")
    for period in ("FY2026", "2026-10"):
        assert att[(period, "ALL", "orders")]["actual"] == pytest.approx(orders[(period, "ALL")])
        for key in ("orders", "revenue", "orders_per_visit", "meeting_win_rate", "new_accounts"):
            a, b = att.get((period, "ALL", key)), att_same.get((period, "ALL", key))
            assert (a is None) == (b is None)
            if a is not None and b is not None:
                assert a["actual"] == pytest.approx(b["actual"], nan_ok=True), (period, key)
    # October's visits are due to 10/30 (its last working day): the month judged whole.
    october = att[("2026-10", "ALL", "visits")]
    assert october["target_to_date"] == pytest.approx(october["target"])
    assert att_same[("2026-10", "ALL", "visits")]["target_to_date"] < october["target"]

    review, review_same = _by_key(later, "review"), _by_key(same, "review")
    reps = sorted(
        {rep for rep, _ in review if rep != "ALL" and (rep, "visits_per_account") in review}
    )
    for rep in [*reps, "ALL"]:
        vpa, vpa_same = (
            review[(rep, "visits_per_account")],
            review_same[(rep, "visits_per_account")],
        )
        # The visit frequency to 10/30: the Attainment's year row, one measure.
        assert vpa["actual_ytd"] == pytest.approx(
            att[("FY2026", rep, "visits_per_account")]["actual"]
        )
        assert vpa["target_ytd"] == pytest.approx(
            att[("FY2026", rep, "visits_per_account")]["target_to_date"]
        )
        assert vpa["attainment"] == pytest.approx(vpa["actual_ytd"] / vpa["target_ytd"])
        # … while its yen stay the split of the revenue gap over the orders' period.
        assert vpa["contribution"] == pytest.approx(vpa_same["contribution"])
        for key in ("revenue", "orders_per_visit", "unit_price", "meeting_win_rate"):
            if (rep, key) in review:
                assert review[(rep, key)]["actual_ytd"] == pytest.approx(
                    review_same[(rep, key)]["actual_ytd"], nan_ok=True
                ), (rep, key)
                assert review[(rep, key)]["contribution"] == pytest.approx(
                    review_same[(rep, key)]["contribution"], nan_ok=True
                ), (rep, key)
    assert review[("ALL", "meetings")]["actual_ytd"] == pytest.approx(meetings[("FY2026", "ALL")])
    # Every rep visited in the two weeks: each one's frequency moved.
    moved = [
        rep
        for rep in reps
        if review[(rep, "visits_per_account")]["actual_ytd"]
        != review_same[(rep, "visits_per_account")]["actual_ytd"]
    ]
    assert moved == reps and reps
    # The book whose visits end on the last order counts them to that day, by hand.
    visits_same = _counts(books["same"], "Visits", "訪問")
    assert att_same[("FY2026", "ALL", "visits")]["actual"] == pytest.approx(
        visits_same[("FY2026", "ALL")]
    )
    assert visits_same[("FY2026", "ALL")] < visits[("FY2026", "ALL")]


def _cells(book: Path, sheet: str) -> list[list[object]]:
    wb = openpyxl.load_workbook(book, read_only=True)
    rows = [list(r) for r in wb[sheet].iter_rows(values_only=True)]
    wb.close()
    return rows


def test_each_sheet_says_which_rows_run_to_which_day(books: dict[str, Path]) -> None:
    for book in books.values():
        assert main(["recalc", str(book), "--quiet"]) == 0
    review = _cells(books["later"], "Review")
    said = next(r for r in review if "受注は10/16まで、訪問は10/30まで" in r)
    assert ("訪問頻度・商談数・アポ獲得率は10/30まで(目標も同日)、他の行は10/16まで") in said
    # The row under it: the visit frequency's yen are the revenue split's.
    under = review[review.index(said) + 1]
    assert "訪問頻度の売上差への寄与(円)は10/16までの売上の差の内訳です" in under
    title = str(_cells(books["later"], "Dashboard")[0][0])
    # The KPIs the Dashboard's table shows, in its order (dash45: not アポ打診数/アポ獲得率).
    assert (
        "受注は10/16まで、訪問は10/30まで(訪問頻度・訪問件数・商談数は10/30まで、他は10/16まで)"
    ) in title
    attainment = _cells(books["later"], "Attainment")
    labels = {str(c) for r in attainment[1:] for c in r if isinstance(c, str)}
    assert {"訪問件数(10/30まで)", "商談数(10/30まで)", "アポ獲得率(10/30まで)"} <= labels
    assert "受注件数" in labels and not any(x.startswith("受注件数(") for x in labels)
    # On the year's rows and October's (left open by the last order), not on the months
    # over before it: April's visits read the same either way.
    said_on = {str(r[0]) for r in attainment[1:] if "訪問件数(10/30まで)" in r}
    plain_on = {str(r[0]) for r in attainment[1:] if "訪問件数" in r}
    assert len(said_on) == 2 and not said_on & plain_on and len(plain_on) == 6
    # The same book with its visits ending on the last order: no second day said anywhere.
    for sheet in ("Review", "Dashboard", "Attainment"):
        cells = [c for r in _cells(books["same"], sheet) for c in r if isinstance(c, str)]
        assert not any("10/30まで" in c or "訪問は10/16まで" in c for c in cells), sheet
