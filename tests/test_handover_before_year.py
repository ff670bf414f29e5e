"""A book reassigned on the customer master from the plan year's start, planned months before
it (trial 22: 山口 retires in March, his accounts go to colleagues from April; the plan is
made on 2026-12-03, the orders end 2026-11-20 and the SFA visits run to 2026-12-02).

The visits after the last order day are the running year's, not the plan year's: the master
is the plan, the colleagues carry the accounts with their history, and the rep who gave the
whole book up has no target (core/handover.py ``plan_year_from``, ``Handover.released``).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from routekpi.core.compact import compact_history
from routekpi.core.handover import hand_over
from routekpi.messages import text
from routekpi.pipeline import compute_file
from tests.test_transfer import orders_to_csv
from tests.workbook_files import pasted_book

# One order a month on the 10th and one visit on the 12th, January 2025 – November 2026.
MONTHLY = {"t1": 100, "s1": 300, "y1": 30, "y2": 50}
SERVED_BY = {"t1": "田中", "s1": "佐藤", "y1": "山口", "y2": "山口", "y3": "山口"}
# The master as the manager updated it: 山口's open accounts to 田中 and 佐藤 from April;
# y3 (closed in June 2025) still under 山口.
MASTER = {"t1": "田中", "s1": "佐藤", "y1": "田中", "y2": "佐藤", "y3": "山口"}
LAST_ORDER = date(2026, 11, 20)
KGI = 6_000


def write_book(path: Path) -> Path:
    """The template with the history above pasted; AsOf blank (the last order day)."""
    orders: list[list[object]] = []
    visits: list[list[object]] = []
    for m in pd.date_range("2025-01-01", "2026-11-01", freq="MS"):
        for account, amount in MONTHLY.items():
            orders.append([(m + pd.Timedelta(days=9)).date(), account, SERVED_BY[account], amount])
            seen = (m + pd.Timedelta(days=11)).date()
            visits.append([seen, SERVED_BY[account], account, "訪問", None])
        if m < pd.Timestamp("2025-07-01"):  # y3 closes at the end of June 2025
            orders.append([(m + pd.Timedelta(days=9)).date(), "y3", "山口", 10])
    orders.append([LAST_ORDER, "t1", "田中", 100])  # the orders end on day X
    # The SFA runs a few days past it: everyone still visits his own accounts, 山口 too.
    for day in (date(2026, 11, 25), date(2026, 12, 2)):
        for account in MONTHLY:
            visits.append([day, SERVED_BY[account], account, "訪問", None])
    end = {"y3": date(2025, 6, 30)}
    accounts = [[a, a, r, date(2024, 1, 1), end.get(a), None, None] for a, r in MASTER.items()]
    rows = {"Orders": [[*row, 1, None] for row in orders], "Visits": visits, "Accounts": accounts}
    return pasted_book(path, rows, kgi=KGI, plan_year=2027, start_month=4, as_of=None)


def test_a_book_reassigned_from_the_plan_years_start_is_planned_with_the_colleagues(
    tmp_path: Path,
) -> None:
    """Baseline 2025-11 – 2026-10: 田中 12 × (100 + 30) = 1,560 with y1's history, 佐藤
    12 × (300 + 50) = 4,200 with y2's; 山口 keeps nothing (y3 closed before the baseline), so
    he has no target of any kind and the Plan says why. Before the fix the visits of 11-25 and
    12-02 read as FY2027 lines: y1 and y2 were "taken over during FY2027" (first record —),
    and 山口 kept their ¥960 and a target."""
    (result, _, _, _), _ = compute_file(write_book(tmp_path / "book.xlsm"))
    handed = result.history.handover
    assert handed is not None
    assert handed.later == () and handed.taken_over == ()
    assert handed.transfers == (("佐藤", "山口", 1), ("田中", "山口", 1))
    assert handed.released == ("山口",)
    base = result.evidence.base["revenue"]
    assert float(base["田中"]) == 12 * 130
    assert float(base["佐藤"]) == 12 * 350
    assert "山口" not in base.index or not float(base["山口"]) > 0
    assert "山口" not in set(result.targets["rep"])
    assert "山口" not in result.evidence.reps and "山口" not in result.evidence.unplanned
    notes = {n.code: dict(n.params) for n in result.evidence.notes}
    assert "accounts_transferred_in_year" not in notes
    assert notes["reps_book_handed_over"] == {"reps": "山口 (→ 佐藤 1, 田中 1)", "plan": "FY2027"}
    said = text("reps_book_handed_over", "ja", **notes["reps_book_handed_over"])
    assert said.startswith("担当顧客をすべて他の担当者に渡した担当者: 山口 (→ 佐藤 1, 田中 1)。")
    # The team's baseline is the same as without any handover: nothing is lost or doubled.
    assert float(base[[r for r in base.index if r in ("田中", "佐藤")]].sum()) == 12 * 480


def test_the_compact_history_and_the_history_file_hand_over_alike(tmp_path: Path) -> None:
    """The same book with its orders in a CSV file (DuckDB, sources/handover.py) and as a
    compact history (core.compact): the same handover and the same baselines."""
    path = write_book(tmp_path / "book.xlsm")
    (rows, _, _, _), _ = compute_file(path)
    (file, _, _, _), _ = compute_file(path, sources=orders_to_csv(path))
    assert file.history.facts is not None
    assert file.history.handover == rows.history.handover
    assert rows.history.handover.released == ("山口",)
    pd.testing.assert_series_equal(
        rows.evidence.base["revenue"].sort_index(), file.evidence.base["revenue"].sort_index()
    )
    pd.testing.assert_frame_equal(rows.targets, file.targets, check_exact=False)


def test_lines_in_the_plan_year_still_make_a_handover_during_the_year() -> None:
    """The rule where the plan year has begun is unchanged: 田中's first line on y1 in May
    2027, after 山口's April lines, is a handover during FY2027 (targets stay with 山口)."""
    from routekpi.core.history import ACCOUNT_COLUMNS, History

    days = pd.date_range("2025-01-10", "2027-06-10", freq="MS") + pd.Timedelta(days=9)
    rows = [(d, "t1", "田中", 100.0) for d in days]
    rows += [(d, "y1", "山口" if d < pd.Timestamp("2027-05-01") else "田中", 30.0) for d in days]
    orders = pd.DataFrame(rows, columns=["date", "account", "rep", "amount"]).assign(
        quantity=float("nan")
    )
    accounts = pd.DataFrame(
        {
            "account": ["t1", "y1"],
            "name": None,
            "rep": ["田中", "田中"],
            "start": pd.Timestamp("2024-01-01"),
            "end": pd.NaT,
        }
    ).reindex(columns=list(ACCOUNT_COLUMNS))
    history = History(orders=orders, accounts=accounts)
    _, handed = hand_over(history, date(2027, 3, 31), date(2027, 4, 1))
    assert handed is not None
    assert handed.later == (("田中", "山口", 1),) and handed.released == ()
    # Planned on 2026-12-01 for FY2027 from the same lines cut there: the master is the plan.
    cut = History(orders=orders[orders["date"] <= pd.Timestamp("2026-12-01")], accounts=accounts)
    moved = compact_history(cut, date(2026, 11, 10), year_start=date(2027, 4, 1))
    assert moved.handover is not None and moved.handover.later == ()
    assert moved.handover.transfers == (("田中", "山口", 1),)
