"""Each rep's year-end forecast from the book he holds now (core.held) reads the same from
history files as from pasted rows (trial 19: 長谷川 ¥31.9M pasted, ¥40.8M from files). The
files' compact history carries no per-account months: the lost-account flag reads the ended
accounts' months (``HistoryFacts.ended_months``) and the held book its holder × end × month
sums (``HistoryFacts.held_months``).

FY2026 (April – March) tracked on 2026-11-12; one order a month on the 10th and one visit on
the 12th, January 2025 – November 2026. A: a1 ¥5,000 (ends 2026-08-31: lost, 60,000 of A's
FY2025 84,000, critical), a2 and a3 ¥1,000. B: b1, b2 ¥1,000, b3 ¥1,000 ending 2027-01-31
(held until then).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from routekpi.core.measure import TEAM
from routekpi.pipeline import compute_file
from tests.test_standing_sources import _with_files
from tests.workbook_files import monthly_lines, pasted_book

MONTHLY = {"a1": 5000, "a2": 1000, "a3": 1000, "b1": 1000, "b2": 1000, "b3": 1000}
ENDS = {"a1": date(2026, 8, 31), "b3": date(2027, 1, 31)}
AS_OF = date(2026, 11, 12)


def _write_book(path: Path) -> Path:
    def amount(account: str, day: pd.Timestamp) -> float | None:  # none after its end
        return None if account in ENDS and day.date() > ENDS[account] else MONTHLY[account]

    orders, visits = monthly_lines(
        "2025-01-01", "2026-11-01", MONTHLY, lambda account, _: account[0].upper(), amount
    )
    accounts = [[a, a, a[0].upper(), date(2024, 1, 1), ENDS.get(a), None, None] for a in MONTHLY]
    rows = {"Orders": orders, "Visits": visits, "Accounts": accounts}
    return pasted_book(path, rows, kgi=12 * 10_000, plan_year=2026, start_month=4, as_of=AS_OF)


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> tuple[object, object]:
    """The book recalculated from its sheets and from its lines written out as files."""
    book = _write_book(tmp_path_factory.mktemp("held_sources") / "book.xlsm")
    (rows, _, _, _), _ = compute_file(book)
    (files, _, _, _), _ = compute_file(book, sources=_with_files(book))
    assert files.history is not None and files.history.facts is not None
    assert len(files.history.orders) == 0  # the engine never saw a line
    return rows, files


def test_files_give_every_attainment_column_as_rows_do(both: tuple[object, object]) -> None:
    rows, files = both
    pd.testing.assert_frame_equal(rows.attainment, files.attainment, check_exact=True)
    pd.testing.assert_frame_equal(rows.targets, files.targets, check_exact=True)


def test_the_lost_account_is_flagged_from_files_too(both: tuple[object, object]) -> None:
    for got in both:
        (flag,) = got.lost_accounts
        assert (flag["severity"], flag["rep"], flag["account"]) == ("critical", "A", "a1")
        assert flag["params"]["revenue"] == 60_000


def test_each_rep_lands_on_the_book_he_holds_from_files(both: tuple[object, object]) -> None:
    """The one landing (core.landing.year_landing; trial 32 L1), the same from files: each
    rep's complete months April – October at their pace (a flat FY2025: 1/12 a month),
    November (not ended) never below its orders so far. A: a1 (lost, material) out of his
    pace, a2 + a3 ¥2,000 a month: November ¥2,000 + December – March ¥8,000. B: ¥3,000 a month
    until b3 ends on 2027-01-31 (the master says so ahead), ¥2,000 after: November – January
    ¥9,000 + February, March ¥4,000 = ¥13,000, ¥10,000 of it beyond November's orders so far."""
    for got in both:
        assert got.evidence.as_of == AS_OF
        t = got.attainment
        fy = t[(t["period"] == "FY2026") & (t["kpi"] == "revenue")].set_index("rep")
        assert fy.at["A", "actual"] == 5 * 5000 + 8 * 2000  # a1 Apr – Aug, a2 + a3 Apr – Nov
        assert fy.at["A", "forecast"] - fy.at["A", "actual"] == 8_000
        assert fy.at["B", "forecast"] - fy.at["B", "actual"] == 10_000
        assert fy.at[TEAM, "forecast"] - fy.at[TEAM, "actual"] == 18_000
