"""A chain's exit leaves the landing's pace once (trial 40 L: a December landing carried the
chain's stores' pace into the rest of the year, as if they would keep ordering)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from routekpi.core.landing import landing
from routekpi.core.measure import TEAM
from routekpi.recalc import recalculate
from tests.workbook_files import paste, steady_accounts, template_book


def _book(path: Path, own: int) -> Path:
    """Three reps, each with ``own`` accounts of his own and two stores of サンエブリー (its
    first word: a chain guessed from the names), from 2020, ¥10,000 a month each from
    2023-01 (orders on the 5th); the six stores end 2026-09-10…21. FY2027 (April start)
    planned on 2026-12-31: FY2026 (2026-04 … 2027-03) is the running year."""
    typed: list[tuple[str, str, str, date | None, str | None]] = []
    for r, rep in enumerate(("Sato", "Ito", "Kato")):
        typed += [(f"{rep}{i}", f"{rep}商店{i}", rep, None, None) for i in range(own)]
        typed += [
            (f"CH{r}{i}", f"サンエブリー {r}{i}号店", rep, date(2026, 9, 10 + 5 * r + i), None)
            for i in range(2)
        ]
    accounts, orders = steady_accounts(typed, "2023-01-01", "2026-12-01")
    with template_book(
        path, kgi=20_000_000, plan_year=2027, start_month=4, as_of=date(2026, 12, 31)
    ) as wb:
        paste(wb, "Orders", orders)
        paste(wb, "Accounts", accounts)
    return path


@pytest.mark.parametrize(
    ("own", "month"),
    [
        # 41 accounts a rep: a store is ¥120,000 of his ¥5,160,000 (2.3%), two 4.7%: no
        # material loss, no rep's burst; only the chain's exit takes them out.
        (41, 410_000),
        # 10 a rep: a store is 8.3% of his book, material on its own too: out once.
        (10, 100_000),
    ],
)
def test_a_chain_exit_leaves_the_pace_once(tmp_path: Path, own: int, month: int) -> None:
    """By hand, per rep: Apr–Nov complete (the orders stop on 12-05: an export read to its
    last order's day, December the month in progress), flat usual shares (1/12 each: every past
    fiscal year had the same 43 or 12 accounts). The book he holds now, ``own`` × ¥10,000 a
    month, is his pace: Dec–Mar expected 4 × ``month``. Carried at the pace with the stores
    (own=41: (6 × ¥430,000 + 2 × ¥410,000) ÷ 8 = ¥425,000 a month) it was ¥1,700,000. The
    stores' orders this year, Apr–Sep, 6 × 2 × ¥10,000 = ¥120,000 a rep, leave the actual
    months' pace once (¥360,000 for the team), not again."""
    result = recalculate(_book(tmp_path / "book.xlsm", own)).result
    found = landing(result.evidence, result.history)
    assert found is not None
    assert found.partial == pd.Period("2026-12", "M")
    table = found.table
    for rep in ("Sato", "Ito", "Kato"):
        assert table.at[rep, "actual"] == 6 * (own + 2) * 10_000 + 2 * own * 10_000
        assert table.at[rep, "expected"] == 4 * month
    assert table.at[TEAM, "expected"] == 3 * 4 * month
    assert found.lost_revenue == 360_000
    assert found.lost_accounts == ("サンエブリー ×6",)  # the chain once, not six stores
