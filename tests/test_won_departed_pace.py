"""A departed rep's wins are his pace of winning, not his heir's (review 34 leftover): a
colleague who holds them now does not usually win more for it, so a run of his own wins is
judged against his own usual pace (core.won ``usual_monthly_wins`` on the openers,
``Handover.opened_by``).

The history is test_won_usual_pace's with one routine win a month (reps A and B, 20
accounts each at ¥100 a month, 2023-04 – 2025-06, FY2025 planned as of 2025-03-31 on FY2024;
A wins six accounts W1 – W6 on 2024-10-10 at ¥80 a month each, and one routine account a
month on the 20th of 2024-04 … 2024-08 and 2024-12 … 2025-03 at ¥10), plus a rep K who won
two accounts a month on the 5th of 2024-04 … 2024-08 (ten, ¥10 a month each, none within 31
days of the six) and left after August: A serves them from 2024-09 and the Accounts sheet
gives them to him. By hand:

- A's own first orders in the baseline's 12 months: 9 + 6 = 15, usually 1.25 a month; a
  burst needs 3 × 1.25 = 3.75: the six are one material win (as without K).
- Counting K's ten under A, as the sheet's rep, read 25 — 2.08 a month, 6.25 needed — and
  the six were A's routine: no material win.
"""

from __future__ import annotations

import pandas as pd

from routekpi.core.engine import run
from routekpi.core.history import History
from tests.test_material_win import _settings
from tests.test_won_usual_pace import _with_routine

K_MONTHS = pd.period_range("2024-04", "2024-08", freq="M")


def _with_departed_wins() -> History:
    h = _with_routine(1)
    orders, accounts = [], []
    for month in K_MONTHS:
        for k in range(2):
            name = f"K{month.strftime('%Y%m')}-{k}"
            accounts.append((name, name, "A", month.start_time, pd.NaT))
            for m in pd.period_range(month, "2025-06", freq="M"):
                rep = "K" if m <= K_MONTHS[-1] else "A"
                day = m.start_time + pd.Timedelta(days=4)
                orders.append((day, name, rep, 10.0, 1.0))
    o = pd.DataFrame(orders, columns=h.orders.columns)
    a = pd.DataFrame(accounts, columns=h.accounts.columns)
    return History(
        orders=pd.concat([h.orders, o], ignore_index=True),
        visits=h.visits,
        accounts=pd.concat([h.accounts, a], ignore_index=True),
    )


def test_the_departed_reps_wins_are_not_his_heirs_pace() -> None:
    result = run(_with_departed_wins(), _settings())
    handed = result.history.handover
    assert handed is not None and "K" in handed.departed
    # K opened his ten (his order the first on each): his wins, held by A now.
    assert sum(1 for _, rep in handed.opened_by if rep == "K") == 10
    (note,) = [n for n in result.notes if n.code == "won_account_in_share"]
    assert note.params["count"] == 6 and note.params["monthly"] == "480"
