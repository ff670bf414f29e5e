"""A hire who took over a leaver's whole, established book on the plan year's first day is
not "building his first book": he is planned like any rep on that book (trial 49: 小野 美咲,
handed all of 佐々木's salons on 2026-04-01, was asked +9.3% on her book while colleagues got
+3.6…+7.9%; her book grew +5.3%).

The rule (``baselines.building``): a rep is still building his first book when he began
(his own first month) after the month a year before the baseline's first and no later than
the baseline's last month. One who began after the baseline held none of its months: the
accounts he holds were built by the rep before him, the baseline is their own year, and
his book at the plan year's start is that rep's, not what he built.

Book: FY2026 = calendar 2026, as of 2026-05-29. One order a month on the 10th, one visit on
the 12th. 田中 sells t1 ¥100 and t2 ¥200 a month from 2024-01 and wins t3 (¥150 a month)
in 2025-07; he leaves after December 2025 and 松本 serves all three from 2026-01-10. 佐藤
sells s1 ¥300 a month throughout. The Accounts sheet gives t1–t3 to 松本.

2025 baselines: 松本 12 × 300 + 6 × 150 = 4,500 on 2 + 6 ÷ 12 = 2.5 accounts on average,
3 held at the year's start; 佐藤 3,600 on 1. Before the fix 松本 was a newcomer: his 3
accounts against his 2.5 average counted whole in his share (``in_hand``, up to log 1.2 —
his whole active-accounts heading), not half as a colleague's heading does.
"""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from routekpi.core.baselines import building
from routekpi.core.targets import SPLIT_CARRY, in_hand, rep_weights
from routekpi.pipeline import compute_file
from tests.workbook_files import pasted_book

T = pd.Timestamp
END = T("2026-05-29")
HIRE = T("2026-01-01")
WON = T("2025-07-01")  # t3's first order month
MONTHLY = {"t1": 100, "t2": 200, "t3": 150, "s1": 300}


def _write(path: Path) -> Path:
    orders: list[list[object]] = []
    visits: list[list[object]] = []
    for m in pd.date_range("2024-01-01", "2026-05-01", freq="MS"):
        for account, amount in MONTHLY.items():
            if account == "t3" and m < WON:
                continue
            rep = "佐藤" if account == "s1" else ("松本" if m >= HIRE else "田中")
            orders.append([(m + pd.Timedelta(days=9)).date(), account, rep, amount, 1])
            visits.append([(m + pd.Timedelta(days=11)).date(), rep, account, "訪問"])
    visits += [[END.date(), "佐藤", "s1", "訪問"], [END.date(), "松本", "t1", "訪問"]]
    sheet = {"t1": "松本", "t2": "松本", "t3": "松本", "s1": "佐藤"}
    since = {"t3": WON.date()}
    accounts = [[a, a, r, since.get(a, date(2020, 1, 1))] for a, r in sheet.items()]
    rows = {"Orders": orders, "Visits": visits, "Accounts": accounts}
    return pasted_book(
        path, rows, kgi=8_100, plan_year=2026, start_month=1, as_of=END.date(), language="en"
    )


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> object:
    (out, _, _, _), _ = compute_file(_write(tmp_path_factory.mktemp("whole") / "book.xlsm"))
    return out


def test_building_ends_with_the_baseline() -> None:
    """Who began inside the baseline (or in the year before it) builds; who began after its
    last month, or with the history, does not."""
    window = list(pd.period_range("2025-01", "2025-12", freq="M"))
    starts = {
        "inside": pd.Period("2025-06", "M"),
        "year_before": pd.Period("2024-03", "M"),
        "after": pd.Period("2026-01", "M"),
        "veteran": pd.Period("2023-12", "M"),
        "history": pd.Period("2022-01", "M"),
    }
    reps = [*starts, "unknown"]
    assert building(starts, reps, window, pd.Period("2022-01", "M")) == ("inside", "year_before")


def test_the_hire_on_a_whole_book_is_planned_like_a_colleague(result: object) -> None:
    ev = result.evidence  # type: ignore[attr-defined]
    assert ev.reps == ["佐藤", "松本"]
    assert ev.base.at["松本", "revenue"] == 12 * 300 + 6 * 150
    assert ev.base.at["佐藤", "revenue"] == 12 * 300
    assert ev.base.at["松本", "active_accounts"] == pytest.approx(2 + 6 / 12)
    assert ev.flows.start["松本"] == pytest.approx(3)
    assert ev.building == ()
    # His 3 accounts against 2.5 are no newcomer's book in hand: nothing counted whole.
    assert in_hand(ev)["松本"] == 0.0
    heading = ev.trend.reindex(ev.reps)[list(ev.levers)].fillna(0.0).sum(axis=1)
    weights = rep_weights(ev)
    # Both split as colleagues: last year's revenue (t3, a win of July, for all 12 months:
    # core.won, the book's as it would be anyone's) × half of where each is heading.
    assert ev.won_share["松本"] == pytest.approx(6 * 150)
    for rep, base in (("松本", 12 * 300 + 12 * 150), ("佐藤", 3_600)):
        assert weights[rep] == pytest.approx(base * math.exp(SPLIT_CARRY * heading[rep]))
    assert not any(n.code.startswith("building_") for n in result.plan.notes)  # type: ignore[attr-defined]
