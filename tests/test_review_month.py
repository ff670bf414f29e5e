"""The Review's month block (trial 35 L10: at the start of December the manager asks "how did
November go" — per rep the month's target against its actual, what fell short and why, who
did best — besides the year to date).

The book is test_review_giver's (FY2026 = calendar 2026, typed as of 2026-10-31; one order a month
on the 10th, one visit on the 12th): A holds a1 ¥300 and a2 ¥300 (a2 ¥150 from January 2026),
B b1 ¥50 and b2 ¥200 (b3, b4 ¥100 from their starts), C c1 ¥400; from 2026-07-01 a1 is the
newcomer N's (no plan), who opens n1 on 2026-08-01. The last line is on 2026-10-12, the
as-of date the book reads (Dashboard 基準日), so September is the last complete month. By
hand: A sold a2 ¥150 in September (a1 is N's); a1 was half his baseline (3,600 of 7,200), so
half his September target is the part of the accounts he handed over (sold ¥0) and the other
half the book he kept (sold ¥150). B sold 50 + 200 + 100 + 100 = ¥450, C ¥400. No account
opened in September: the team's new accounts 0.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import openpyxl
import pandas as pd
import pytest

from routekpi.core.calendar import BusinessCalendar
from routekpi.core.review import review_month
from routekpi.recalc import recalculate

sys.path.insert(0, str(Path(__file__).parent))
from test_handover_both_ways import A, B, C
from test_review_giver import write_book


@pytest.fixture(scope="module")
def sheets(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[tuple[object, ...]]]:
    book = write_book(tmp_path_factory.mktemp("month") / "book.xlsm")
    recalculate(book)
    wb = openpyxl.load_workbook(book, data_only=True)
    return {name: list(wb[name].iter_rows(values_only=True)) for name in ("Review", "Targets")}


def _month_target(targets: list[tuple[object, ...]], rep: str, kpi: str) -> float:
    head = [str(h) for h in targets[0]]
    at = {k: head.index(k) for k in ("期間", "担当者", "KPIキー", "目標")}
    (value,) = [
        r[at["目標"]]
        for r in targets[1:]
        if r[at["期間"]] == "2026-09" and r[at["担当者"]] == rep and r[at["KPIキー"]] == kpi
    ]
    return float(value)  # type: ignore[arg-type]


def test_the_month_block_reviews_september_against_its_targets(
    sheets: dict[str, list[tuple[object, ...]]],
) -> None:
    rows = sheets["Review"]
    head = [str(h) for h in rows[0]]
    rep, key, kpi = head.index("担当者"), head.index("KPIキー"), head.index("KPI")
    target, actual = head.index("目標"), head.index("実績")
    attain, comment = head.index("達成率"), head.index("所見")
    gap = head.index("売上差への寄与(円)")
    # The year-to-date rows come first, then a header row naming the month, then its rows.
    (at,) = [i for i, r in enumerate(rows) if str(r[key] or "").startswith("month@")]
    assert rows[at][key] == "month@2026-09"
    assert rows[at][kpi] == "9月の振り返り(月間)"
    # Each column named once, in the sheet's header (it prints over every page): the month's
    # title row names its span only, as the year's does above its rows (review37).
    assert rows[at][target] in (None, "") and rows[at][actual] in (None, "")
    assert str(rows[1][key]).startswith("ytd@") and rows[1][target] in (None, "")
    assert str(rows[1][kpi]).startswith("期初来の振り返り(")
    assert [str(h) for h in rows[0]].count("目標") == 1
    assert all(not str(r[key] or "").endswith("@2026-09") for r in rows[1:at])
    month = {(r[rep], str(r[key]).removesuffix("@2026-09")): r for r in rows[at + 1 :] if r[key]}
    assert all(str(r[key]).endswith("@2026-09") for r in rows[at + 1 :] if r[key])
    # A: ¥150 sold in September against his September target; the handover's half of it sold ¥0.
    t_a = _month_target(sheets["Targets"], A, "revenue")
    mine = month[(A, "revenue")]
    assert mine[kpi] == "9月 売上"
    assert mine[actual] == pytest.approx(150.0)
    assert mine[target] == pytest.approx(t_a)
    assert mine[attain] == pytest.approx(150.0 / t_a)
    assert mine[gap] == pytest.approx(150.0 - t_a)
    assert str(mine[comment]).startswith("9月の差 ")  # not 「期初来の差」
    moved, kept = month[(A, "moved_accounts")], month[(A, "revenue_kept")]
    assert moved[actual] == pytest.approx(0.0) and kept[actual] == pytest.approx(150.0)
    assert moved[target] == pytest.approx(t_a / 2) and kept[target] == pytest.approx(t_a / 2)
    # B and C: the month's own sales against the month's own targets.
    for who, sold in ((B, 450.0), (C, 400.0)):
        row = month[(who, "revenue")]
        assert row[actual] == pytest.approx(sold)
        assert row[target] == pytest.approx(_month_target(sheets["Targets"], who, "revenue"))
    # Each planned rep's levers, timing (and months unsplit) add up to his month's gap.
    for who in (B, C):
        parts = [
            r[gap]
            for (r_rep, k), r in month.items()
            if r_rep == who and k not in ("revenue",) and isinstance(r[gap], float)
        ]
        assert sum(parts) == pytest.approx(month[(who, "revenue")][gap], abs=1e-6)
    # No account opened in September; the retention rate (a year's rate) is not in the month.
    assert month[("ALL", "new_accounts")][actual] == pytest.approx(0.0)
    assert not any(k == "retention_rate" for _, k in month)
    # The best performer of the month's revenue: the best September attainment of the reps
    # who worked every month (the newcomer has no plan).
    # B: 450 against his September target (¥352 here), the best of A (25.3%), B and C.
    t_b = _month_target(sheets["Targets"], B, "revenue")
    assert 450.0 / t_b > max(150.0 / t_a, 400.0 / _month_target(sheets["Targets"], C, "revenue"))
    for who in (A, B, C, "ALL"):
        row = month[(who, "revenue")]
        assert row[head.index("ベスト担当者")] == B
        assert row[head.index("ベストの値")] == f"達成率 {450.0 / t_b * 100:.1f}%"


def _ev(
    as_of: date, first: str = "2026-01", calendar: BusinessCalendar | None = None
) -> SimpleNamespace:
    months = list(pd.period_range(first, periods=12, freq="M"))
    return SimpleNamespace(plan_months=months, as_of=as_of, calendar=calendar or BusinessCalendar())


def test_the_month_reviewed_is_the_last_complete_one() -> None:
    assert review_month(_ev(date(2026, 10, 31))) == pd.Period("2026-10", "M")
    assert review_month(_ev(date(2026, 12, 4))) == pd.Period("2026-11", "M")
    # Trial 43 M1: Friday 10/30 is October's last working day (10/31 a Saturday): it is over.
    assert review_month(_ev(date(2026, 10, 30))) == pd.Period("2026-10", "M")
    assert review_month(_ev(date(2026, 10, 29))) == pd.Period("2026-09", "M")
    # A company holiday on 10/30 (Holidays sheet) moves the last working day to Thursday.
    closed = BusinessCalendar(frozenset({date(2026, 10, 30)}))
    assert review_month(_ev(date(2026, 10, 29), calendar=closed)) == pd.Period("2026-10", "M")
    # Saturdays worked (WorkingDays 月-土): October runs to Saturday 10/31.
    six = BusinessCalendar(weekdays=frozenset(range(6)))
    assert review_month(_ev(date(2026, 10, 30), calendar=six)) == pd.Period("2026-09", "M")
    # The first month alone so far: the year-to-date rows are that month's already.
    assert review_month(_ev(date(2026, 1, 31))) is None
    assert review_month(_ev(date(2026, 1, 20))) is None
    # Before the year; after it, its last month.
    assert review_month(_ev(date(2025, 12, 31))) is None
    assert review_month(_ev(date(2027, 3, 1))) == pd.Period("2026-12", "M")
