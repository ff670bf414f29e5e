"""A run of wins is one material win only when it is well above what its rep usually wins in
a month (core.won ``WIN_BURST_OVER_USUAL`` × ``usual_monthly_wins``; trial 33 L1: 高橋's
routine April, five wins within a month for a rep who wins about two a month, read as one
large win of "5件 … 32%" and held for 12 months in his share of the KGI).

The history (tests.test_material_win): reps A and B, 20 accounts each at ¥100 a month,
2023-04 – 2025-06; FY2025 planned as of 2025-03-31 on the baseline FY2024 (2024-04 –
2025-03). A wins six accounts W1 – W6 on 2024-10-10 at ¥80 a month each (4% of his book
each; together ¥5,760 a year, a material burst when they are one).

Routine wins: ``per_month`` accounts a month on the 20th of 2024-04 … 2024-08 and 2024-12 …
2025-03 (nine months; none in the two months around October, so no routine win falls
within 31 days of the six), ¥10 a month each from their first month. By hand:

- 3 a month: A's first orders in the baseline's 12 months 27 + 6 = 33, usually 2.75 a
  month; a burst needs 3 × 2.75 = 8.25: the six are his routine, no burst, and ¥80 alone
  is 4% of his book: no material win. (Before: the pace read counted only the wins old
  enough for a run rate, 21, over the whole year — 3 × 21 × 31 / 365 = 5.35 — and the six
  were one win of 24%.) Two months of routine wins (six within 31 days) are no burst
  either.
- 1 a month: 9 + 6 = 15, 1.25 a month, 3.75 needed: the six are a burst, one material win.
"""

from __future__ import annotations

import pandas as pd
import pytest

from routekpi.core.engine import run
from routekpi.core.history import History
from routekpi.core.won import WIN_BURST_OVER_USUAL, usual_monthly_wins
from tests.test_material_win import _history, _settings

ROUTINE_MONTHS = [
    *pd.period_range("2024-04", "2024-08", freq="M"),
    *pd.period_range("2024-12", "2025-03", freq="M"),
]


def _with_routine(per_month: int) -> History:
    h = _history(80.0, accounts=6)
    orders, accounts = [], []
    for month in ROUTINE_MONTHS:
        for k in range(per_month):
            name = f"R{month.strftime('%Y%m')}-{k}"
            accounts.append((name, name, "A", month.start_time, pd.NaT))
            for m in pd.period_range(month, "2025-06", freq="M"):
                orders.append((m.start_time + pd.Timedelta(days=19), name, "A", 10.0, 1.0))
    o = pd.DataFrame(orders, columns=h.orders.columns)
    a = pd.DataFrame(accounts, columns=h.accounts.columns)
    return History(
        orders=pd.concat([h.orders, o], ignore_index=True),
        visits=h.visits,
        accounts=pd.concat([h.accounts, a], ignore_index=True),
    )


def test_usual_monthly_wins_by_hand() -> None:
    assert usual_monthly_wins(["A"] * 33 + ["B"] * 3, 12) == {"A": 2.75, "B": 0.25}
    assert usual_monthly_wins(["A"], 0) == {}
    assert WIN_BURST_OVER_USUAL == 3.0


def test_a_reps_routine_month_of_wins_is_no_large_win() -> None:
    result = run(_with_routine(3), _settings())
    assert not [n for n in result.notes if n.code == "won_account_in_share"]
    assert result.evidence.won_share is None or "A" not in result.evidence.won_share


def test_a_month_well_above_the_reps_usual_is_one_win() -> None:
    result = run(_with_routine(1), _settings())
    (note,) = [n for n in result.notes if n.code == "won_account_in_share"]
    assert note.params["count"] == 6 and note.params["monthly"] == "480"


@pytest.mark.parametrize("per_month", [3])
def test_the_routine_wins_stay_in_the_book(per_month: int) -> None:
    """Nothing else moves: A's baseline new accounts are every win, 9 × 3 + 6 = 33."""
    ev = run(_with_routine(per_month), _settings()).evidence
    assert ev.base.at["A", "new_accounts"] == pytest.approx(33)


def test_a_large_wins_monthly_run_rate_is_said_to_a_tenth_of_a_million() -> None:
    """Trial 36 L1: ¥2,459,902 a month read 「月平均 ¥2M」, 19% under; now ¥2.5M (and under a
    million the yen)."""
    from datetime import date as _date

    from routekpi.core.won import WonAccount, won_notes_params

    big = WonAccount(
        "H1", "横浜みなと総合病院", "清水", _date(2026, 5, 7), 2_459_902.0, 1.4e7, 0.26
    )
    small = WonAccount("C1", "", "清水", _date(2026, 5, 7), 612_345.0, 3.0e6, 0.12)
    assert [p["monthly"] for p in won_notes_params([big, small])] == ["2.5M", "612,345"]
