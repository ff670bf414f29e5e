"""New accounts as many as the meetings or more (accounts that start without a logged
meeting): the team's win rate reads 100%, on the Plan's 商談 line as in the targets (trial 52
M3: 「成約率 100.0% で得るには商談 45件 … 全員チームの率 800.0% で計画しています」, README: the
rates never read above 100%)."""

from __future__ import annotations

from datetime import date

import pandas as pd

from routekpi.core.engine import run
from routekpi.core.history import History, PlanSettings
from routekpi.core.measure import TEAM
from routekpi.messages import text
from routekpi.render import plan_rows

FIRST = pd.Period("2024-01", "M")
LAST = pd.Period("2025-12", "M")
# Each rep holds one meeting a month and wins three new accounts a month of 2025: the team's
# 72 wins of 24 meetings = 300%.
WINS_A_MONTH = 3


def _history() -> History:
    """Two reps, 2024-01 … 2025-12, each holding 10 accounts from the start (an order of
    ¥1,000 and a visit every month) and a meeting a month (no appointment log: the wins are
    the meetings'); the ``WINS_A_MONTH`` new accounts a month of 2025 order ¥1,000 a month
    from their month on."""
    orders, visits, accounts = [], [], []
    months = [FIRST + i for i in range((LAST - FIRST).n + 1)]
    for rep in "AB":
        held = [(f"{rep}{i}", FIRST) for i in range(10)]
        held += [
            (f"{rep}W{m}-{i}", pd.Period(f"2025-{m:02d}", "M"))
            for m in range(1, 13)
            for i in range(WINS_A_MONTH)
        ]
        for acc, since in held:
            accounts.append((acc, acc, rep, since.start_time, pd.NaT))
            for month in months:
                if month >= since:
                    day = month.start_time
                    orders.append((day + pd.Timedelta(days=9), acc, rep, 1000.0, 1))
                    visits.append((day + pd.Timedelta(days=8), rep, acc, "visit", None))
        for month in months:
            day = month.start_time + pd.Timedelta(days=14)
            visits.append((day, rep, None, "meeting", None))
    return History(
        orders=pd.DataFrame(orders, columns=["date", "account", "rep", "amount", "quantity"]),
        visits=pd.DataFrame(visits, columns=["date", "rep", "account", "kind", "outcome"]),
        accounts=pd.DataFrame(accounts, columns=["account", "name", "rep", "start", "end"]),
    )


def test_more_wins_than_meetings_reads_and_plans_100_percent() -> None:
    settings = PlanSettings(
        kgi=300_000.0, plan_year=2026, fiscal_start_month=1, as_of=date(2025, 12, 31)
    )
    result = run(_history(), settings)
    flows = result.evidence.flows
    assert flows is not None and flows.team_win_rate == 3.0  # 72 wins ÷ 24 meetings, as read
    # Planned at most 100% for every rep and the team (core.targets ``_bounded``).
    win = result.plan.fy["meeting_win_rate"]
    assert win.notna().all() and (win <= 1.0).all() and win[TEAM] == 1.0
    ja, en = _pipeline_note(result, "ja"), _pipeline_note(result, "en")
    assert ja.startswith("商談の目標 54件(前年 24件、+125.0%)。新規獲得の目標 54件(前年 72件)")
    assert "成約率 100.0%で得るには商談 54件" in ja and "300.0%" not in ja
    assert ja.endswith(text("plan.pipeline_win_all", "ja", team="100.0%"))
    # Nor does it say the reps differ by no more than chance: the rate is above 1, not alike.
    assert "偶然" not in ja and "300.0%" not in en
    assert en.endswith("the team's win rate reads 100.0% and every rep is planned at it")


def _pipeline_note(result: object, language: str) -> str:
    """The Plan's 商談・アポ打診 line's note: its rows' third cells up to the next line, joined
    (English wrapped at a space)."""
    rows = plan_rows(result, language)  # type: ignore[arg-type]
    label = text("plan.pipeline", language)
    at = next(i for i, r in enumerate(rows) if str(r[0]) == label)
    end = next((i for i in range(at + 1, len(rows)) if rows[i][0]), len(rows))
    return ("" if language == "ja" else " ").join(str(r[2]) for r in rows[at:end] if r[2])
