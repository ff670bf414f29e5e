"""A hire who took over a leaver's whole book is planned like a colleague the year after too,
when the baseline holds her first months on it (trial 49, FY2027: 小野 美咲, handed all of
佐々木's salons on 2026-04-01, still read as "building her first book": her book at the start
counted whole and her per-account level read on her last three months, 「引き継いだ顧客が中心
… 最後の3か月(2026-09〜)の水準から計画しました」; target ¥102.5M (+9.6%) for a book that sold
¥100.6M).

The rule (``baselines.took_over_book``): a rep handed at least ``TAKEN_OVER_SHARE`` (3/4) of
the accounts he holds at the baseline's last month, on a book no smaller than
``COMPARABLE_BOOK`` of the median rep's, took over an established book and is not building
(``baselines.building``).

Book: FY = calendar year, plan year 2027, as of 2026-11-30 (baseline 2025-12 … 2026-11, the
trailing 12 complete months). One order a month on the 10th, one visit on the 12th (and
one each on 11-30). 田中 sells t1 ¥100, t2 ¥200 and t3 ¥150 a month from 2024-01 and
leaves after December 2025; 松本 serves all three from 2026-01-10, and t1 buys ¥160 from
2026-09 (his last three months). 佐藤 sells s1 ¥300 and s2 ¥150 a month throughout. The
Accounts sheet gives t1–t3 to 松本.

Baselines (12 months): 松本 9 × 450 + 3 × 510 = 5,580 on 3 accounts, all 3 handed to him
(3 ≥ 0.75 × 3; his 3 against the median book 2.5 ≥ 0.5 × 2.5); 佐藤 12 × 450 = 5,400. Before
the fix 松本 began (2026-01) inside the baseline and was building: his level read on
September–November, 510 ÷ 465 an account-month (``end_levels``), lifted his share.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from routekpi.core.baselines import TAKEN_OVER_SHARE, took_over_book
from routekpi.core.targets import SPLIT_CARRY, in_hand, rep_weights
from routekpi.pipeline import compute_file
from tests.workbook_files import pasted_book

T = pd.Timestamp
END = T("2026-11-30")
HIRE = T("2026-01-01")
RISE = T("2026-09-01")  # t1 buys 160 from here on
MONTHLY = {"t1": 100, "t2": 200, "t3": 150, "s1": 300, "s2": 150}


def _write(path: Path) -> Path:
    orders: list[list[object]] = []
    visits: list[list[object]] = []
    for m in pd.date_range("2024-01-01", "2026-11-01", freq="MS"):
        for account, amount in MONTHLY.items():
            mine = account.startswith("t")
            rep = ("松本" if m >= HIRE else "田中") if mine else "佐藤"
            amount = 160 if account == "t1" and m >= RISE else amount
            orders.append([(m + pd.Timedelta(days=9)).date(), account, rep, amount, 1])
            visits.append([(m + pd.Timedelta(days=11)).date(), rep, account, "訪問"])
    visits += [[END.date(), "佐藤", "s1", "訪問"], [END.date(), "松本", "t1", "訪問"]]
    sheet = {"t1": "松本", "t2": "松本", "t3": "松本", "s1": "佐藤", "s2": "佐藤"}
    accounts = [[a, a, r, "2020-01-01"] for a, r in sheet.items()]
    rows = {"Orders": orders, "Visits": visits, "Accounts": accounts}
    return pasted_book(
        path, rows, kgi=12_000, plan_year=2027, start_month=1, as_of=END.date(), language="en"
    )


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> object:
    (out, _, _, _), _ = compute_file(_write(tmp_path_factory.mktemp("next") / "book.xlsm"))
    return out


def test_took_over_book_reads_the_share_handed() -> None:
    """3 of 3 handed: took over; 2 of 3 (under 3/4): building; a book of 1 when the median
    is 4 (under half of it): a newcomer's starter book, building."""
    month = pd.Period("2026-11", "M")
    index = pd.MultiIndex.from_tuples(
        [(r, month) for r in ("a", "b", "c", "d", "e")], names=["rep", "month"]
    )
    facts = pd.DataFrame({"active_accounts": [3.0, 3.0, 1.0, 4.0, 5.0]}, index=index)
    assert TAKEN_OVER_SHARE == 0.75
    assert took_over_book({"a": 3, "b": 2, "c": 1}, facts, month) == frozenset({"a"})


def test_the_hire_is_a_colleague_the_year_after(result: object) -> None:
    ev = result.evidence  # type: ignore[attr-defined]
    assert ev.reps == ["佐藤", "松本"]
    assert [str(m) for m in ev.baseline_months] == [
        str(p) for p in pd.period_range("2025-12", "2026-11", freq="M")
    ]
    assert ev.base.at["松本", "revenue"] == 9 * 450 + 3 * 510
    assert ev.base.at["佐藤", "revenue"] == 12 * 450
    assert ev.handed_in == {"松本": 3}
    assert ev.starts.get("松本") == pd.Period("2026-01", "M")  # began inside the baseline
    assert ev.building == ()
    assert ev.at_end.empty  # no level read on his last three months
    assert in_hand(ev).get("松本", 0.0) == 0.0
    # Both split as colleagues: last year's revenue × half of where each is heading.
    heading = ev.trend.reindex(ev.reps)[list(ev.levers)].fillna(0.0).sum(axis=1)
    weights = rep_weights(ev)
    for rep, base in (("松本", 5_580), ("佐藤", 5_400)):
        assert weights[rep] == pytest.approx(base * math.exp(SPLIT_CARRY * heading[rep]))
    notes = result.plan.notes  # type: ignore[attr-defined]
    assert not any(n.code.startswith("building_") for n in notes)
