"""The projects a rep lands are counted under the rep who holds the account, not under the
slip's rep (core.lumps ``held_lump_months``; trial 52: 井上 and 松本 covered 小林's 育休 and
were then told they were short of projects that had been 小林's).

A small book written and read back (as tests/test_projects_short.py): reps A, B and C, ten
accounts each, 2024-04 … 2026-11, fiscal year from April, plan year FY2026, KGI 3 × 12 ×
¥1,700,000, as of 2026-11-30 (the data end on 2026-11-20: April – October complete). Every
account orders ¥10,000 on the 5th and the 20th; each rep lands three projects of ¥500,000 a
month (50× his median order, 36 a year: his business) on the 12th at his own accounts.

- **A is on leave in July 2025** (Leave sheet: 2025-07-01 … 2025-07-31): C books A's
  accounts that month, A's three projects included (slips under C).
- **C lands two projects a month in April – September 2026** (three in October): 15 so far
  against 21 of his own in April – October 2025 — 6 short, within 2 × √21 = 9.2 (chance),
  ¥7,500,000 against ¥10,500,000; his revenue to date (April – November 20) 8 × ¥200,000
  + 18 × ¥500,000 = ¥10,600,000, behind (his baseline is his own: the cover's orders went to
  A), the ¥3,000,000 short is more than half of his gap.

By hand, under the account's holder: C's April – October 2025 holds 21 projects
(¥10,500,000), not the 24 (¥12,000,000) of the slips that carried A's three in July. Before,
the flag and the Review said 「前年の同じ月の 24件 ¥12,000,000 より 9件」.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from routekpi.core import flags as flags_module
from routekpi.core import review as review_module
from routekpi.pipeline import compute_file
from routekpi.render_daily import flag_action
from tests.workbook_files import pasted_book

REPS = "ABC"
JULY = pd.Period("2025-07", "M")


def _landed(rep: str, month: pd.Period) -> int:
    """Projects the rep lands in ``month`` at his accounts: three; C's April – September 2026
    two."""
    if rep == "C" and pd.Period("2026-04", "M") <= month <= pd.Period("2026-09", "M"):
        return 2
    return 3


def _book(path: Path) -> Path:
    orders: list[list[object]] = []
    for month in pd.period_range("2024-04", "2026-11", freq="M"):
        start = month.start_time
        for rep in REPS:
            booker = "C" if rep == "A" and month == JULY else rep  # A's July: C's slips
            for i in range(10):
                for day in (5, 20):
                    stamp = (start + pd.Timedelta(days=day - 1)).date()
                    orders.append([stamp, f"{rep}{i}", booker, 10_000, 1, None])
            for k in range(_landed(rep, month)):
                stamp = (start + pd.Timedelta(days=11)).date()
                orders.append([stamp, f"{rep}{(month.month + k) % 10}", booker, 500_000, 1, None])
    accounts = [
        [f"{r}{i}", f"{r}{i}", r, date(2020, 4, 1), None, None, None]
        for r in REPS
        for i in range(10)
    ]
    leave = [["A", date(2025, 7, 1), date(2025, 7, 31), "休暇"]]
    rows = {"Orders": orders, "Accounts": accounts, "Leave": leave}
    kgi = 3 * 12 * 1_700_000
    return pasted_book(path, rows, kgi=kgi, plan_year=2026, start_month=4, as_of=date(2026, 11, 30))


def _found(path: Path) -> tuple[dict[str, object], dict[str, object]]:
    """C's behind-pace revenue flag's params and his unit-price Review row's detail."""
    (computed, *_), _ = compute_file(path)
    flags = computed.flags
    rows = flags[(flags["code"] == "behind_pace") & (flags["kpi"] == "revenue")]
    flag = {str(r["rep"]): dict(r["params"]) for r in rows.to_dict("records")}["C"]
    review = computed.review
    unit = review[(review["kpi"] == "unit_price") & (review["rep"] == "C")]
    return flag, dict(unit["detail"].iloc[0] or {})


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _book(tmp_path_factory.mktemp("held") / "book.xlsm")


def test_a_covers_projects_are_not_counted_as_his_own(book: Path) -> None:
    flag, detail = _found(book)
    assert flag["actual"] == pytest.approx(10_600_000.0) and flag["pace"] < 0.9
    for found in (flag, detail):
        assert (found["projects_expected"], found["projects_n"]) == (21, 15)
        assert found["projects_base"] == pytest.approx(10_500_000.0)
        assert found["projects_now"] == pytest.approx(7_500_000.0)
    words = flag_action("behind_pace", flag, "C", "ja")
    assert "ここまで 15件 ¥7,500,000 で、前年の同じ月の 21件 ¥10,500,000 より 6件" in words


def test_control_under_the_slips_rep_the_cover_counts(
    book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The slips' table as it is (the rule before): C's baseline months hold A's three."""

    def slips(history: object, as_of: date) -> object:
        return history.lump_months  # type: ignore[attr-defined]

    monkeypatch.setattr(flags_module, "held_lump_months", slips)
    monkeypatch.setattr(review_module, "held_lump_months", slips)
    flag, detail = _found(book)
    for found in (flag, detail):
        assert (found["projects_expected"], found["projects_n"]) == (24, 15)
        assert found["projects_base"] == pytest.approx(12_000_000.0)
