"""The Review's know-how advice (trial 18): who may be a model, when the target's assumption
is what is off, a lost account as the cause, and a Notes KPI typed by its short name."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from routekpi.cli import main
from routekpi.core.history import History
from routekpi.core.lost import EndedBook
from routekpi.core.measure import TEAM
from routekpi.core.review import _kpi_key, _mark_assumption, _mark_lost, _with_volume, at_work
from routekpi.io.sheetrewrite import rewrite_workbook
from routekpi.io.sheetxml import SheetContent

MONTHS = list(pd.period_range("2026-04", "2026-07", freq="M"))


def _ev(facts: pd.DataFrame, **more: object) -> SimpleNamespace:
    """The Evidence fields the helpers read: four plan months, all complete by 7/31."""
    days = SimpleNamespace(
        month_counts=lambda months: [20] * len(months),
        month_over=lambda month, as_of: month.end_time.date() <= as_of,  # all over by 7/31
    )
    return SimpleNamespace(
        plan_months=MONTHS,
        as_of=date(2026, 7, 31),
        has_visits=True,
        facts=facts,
        calendar=days,
        reps=["A", "B", "C"],
        **more,
    )


def test_a_rep_away_for_a_month_or_gone_is_no_model() -> None:
    # Visits per month (20 working days each): A 80, 80, 80, 80 — at work. B 80, 80, 0, 0
    # (on leave from June): median 40/month, June 0 < 0.5 × 2/day. C 80, 80, 80, 30: 30 <
    # 0.5 × 80, a month at under half his usual pace. Only A worked the whole period.
    visits = {"A": [80, 80, 80, 80], "B": [80, 80, 0, 0], "C": [80, 80, 80, 30]}
    index = pd.MultiIndex.from_tuples(
        [(r, m) for r in visits for m in MONTHS], names=["rep", "month"]
    )
    facts = pd.DataFrame({"visits": [v for r in visits for v in visits[r]]}, index=index)
    assert at_work(_ev(facts)) == {"A"}


def test_a_ratio_needs_volume_behind_it() -> None:
    # Orders per visit from visits to date A 400, B 380, C 10, D 150: median 265, floor
    # 0.5 × 265 = 132.5: C (10 visits) and nothing else drops. Revenue (a size KPI,
    # by attainment) keeps every row.
    rows = pd.DataFrame(
        {
            "rep": ["A", "B", "C", "D", "A", "C"],
            "kpi": ["orders_per_visit"] * 4 + ["revenue"] * 2,
            "actual_ytd": [0.8, 0.9, 1.5, 0.7, 100.0, 90.0],
        }
    )
    sums = pd.DataFrame({"visits": [400.0, 380.0, 10.0, 150.0]}, index=["A", "B", "C", "D"])
    kept = _with_volume(rows, sums)
    assert list(zip(kept["rep"], kept["kpi"], strict=True)) == [
        ("A", "orders_per_visit"),
        ("B", "orders_per_visit"),
        ("D", "orders_per_visit"),
        ("A", "revenue"),
        ("C", "revenue"),
    ]


def _lever_rows(attainment: dict[str, float], best: str) -> pd.DataFrame:
    reps = list(attainment)
    return pd.DataFrame(
        {
            "rep": [*reps, TEAM],
            "kpi": "unit_price",
            "attainment": [*attainment.values(), np.nan],
            "contribution": -1.0,
            "main": True,
            "best_rep": best,
            "detail": [{} for _ in range(len(reps) + 1)],
        }
    )


def test_the_targets_assumption_is_named_when_the_best_is_short_too() -> None:
    # Unit price attainment A 0.903 (the best's value, yet 9.7% short), B 0.86, C 0.99.
    # Short = more than 5% under: A and B, 2 of 3 > half. Plan growth: the Plan's team
    # factor 1.086 (its growth note's figure) → +8.6%; the trend carried ln 1.097 → +9.7%.
    out = _lever_rows({"A": 0.903, "B": 0.86, "C": 0.99}, best="A")
    ev = SimpleNamespace(
        base=pd.DataFrame({"unit_price": [100_000.0]}, index=[TEAM]),
        trend=pd.DataFrame({"unit_price": [np.log(1.097)]}, index=[TEAM]),
    )
    _mark_assumption(out, ["A", "B", "C"], ev, {"unit_price": 1.086})
    d = out.at[0, "detail"]
    assert (d["short"], d["of"], d["best"], d["best_short"]) == (2, 3, "A", True)
    assert d["plan_growth"] == pytest.approx(0.086)
    assert d["trend"] == pytest.approx(0.097)
    assert all(x.get("assumption") for x in out["detail"])
    # One rep short, the best at 104%: the reps differ, learn from the best (no detail).
    out = _lever_rows({"A": 1.04, "B": 0.86, "C": 0.99}, best="A")
    _mark_assumption(out, ["A", "B", "C"], ev, {})
    assert all(x == {} for x in out["detail"])


@pytest.mark.parametrize("read", [(), ("X",), ("X", "Z")])
def test_a_lost_account_is_the_main_cause_when_it_is_most_of_the_gap(read: tuple[str, ...]) -> None:
    # A's account X ended 2026-05-31: April–July last year it sold 4 × ¥100,000; this year
    # April–May ¥20,000 each. Lost: 40,000 − 400,000 = −¥360,000. A's gap −¥500,000, main
    # lever −¥600,000: −360,000 ≤ 0.5 × −600,000 → the cause is X, no lever is main. B's
    # gap −¥2,000,000: the loss is no half of it (B holds no lost account at all).
    lines = [(f"{m.year - 1}-{m.month:02d}-10", 100_000.0) for m in MONTHS]
    lines += [("2026-04-10", 20_000.0), ("2026-05-10", 20_000.0)]
    orders = pd.DataFrame(
        {
            "date": pd.to_datetime([d for d, _ in lines]),
            "account": "X",
            "rep": "A",
            "amount": [a for _, a in lines],
            "quantity": 1.0,
        }
    )
    accounts = pd.DataFrame(
        {
            "account": ["X", "Y"],
            "rep": ["A", "B"],
            "start": pd.to_datetime(["2020-01-01"] * 2),
            "end": pd.to_datetime(["2026-05-31", None]),
            "name": ["X工業", "Y商店"],
        }
    )
    visits = pd.DataFrame(columns=["date", "account", "rep", "kind", "outcome"])
    history = History(orders, visits, accounts, pd.DataFrame(columns=["date", "name"]))
    out = pd.DataFrame(
        {
            "rep": ["A", "A", "B", "B"],
            "kpi": ["revenue", "unit_price", "revenue", "unit_price"],
            "contribution": [-500_000.0, -600_000.0, -2_000_000.0, -2_000_000.0],
            "main": [False, True, False, True],
            "detail": [{}, {}, {}, {}],
        }
    )
    # The evidence's read of the ended accounts (``read``: the accounts it holds, X among
    # them, or none) or the Review's own: the same table for X either way.
    as_of = date(2026, 7, 31)
    book = EndedBook(history, frozenset(read), as_of) if read else None
    ev = SimpleNamespace(plan_months=MONTHS, as_of=as_of, reps=["A", "B"], ended=book)
    # The lost_account flag rows (core.flags) name the account: the Review reads those.
    lost = [{"rep": "A", "account": "X", "params": {"name": "X工業", "end": "2026-05-31"}}]
    _mark_lost(out, history, ev, MONTHS, np.ones(4), lost)
    assert out.at[0, "detail"] == {
        "lost": -360_000.0,
        "lost_accounts": 1,
        "lost_name": "X工業",
        "lost_end": "2026-05-31",
    }
    assert out["main"].tolist() == [False, False, False, True]


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("訪問頻度", "visits_per_account"),  # the label without its (月/顧客)
        ("訪問頻度(月/顧客)", "visits_per_account"),
        ("Visit frequency", "visits_per_account"),  # a declared alias
        ("単価", "unit_price"),
        ("", "revenue"),
    ],
)
def test_a_notes_kpi_by_its_short_name(typed: str, key: str) -> None:
    assert _kpi_key(typed) == key


@pytest.mark.slow
def test_a_note_by_short_name_sits_on_its_row_and_an_unknown_kpi_is_a_check(
    sample_book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [
        ["担当者", "年月", "KPI", "メモ"],
        ["Sato", "2026-09", "訪問頻度", "立会いで訪問が減った"],
        ["Sato", "2026-09", "やる気", "朝礼で共有"],  # no KPI of that name
    ]
    rewrite_workbook(sample_book, {"Notes": SheetContent(rows=rows)}, resize_tables=True)
    capsys.readouterr()
    assert main(["recalc", str(sample_book), "--json", "--quiet"]) == 0
    doc = json.loads(capsys.readouterr().out)
    notes = {(r["rep"], r["kpi"]): r["notes"] for r in doc["review"]}
    assert notes[("Sato", "visits_per_account")] == "2026-09: 立会いで訪問が減った"
    assert "[やる気] 2026-09: 朝礼で共有" in notes[("Sato", "revenue")]
    checks = [c for c in doc["checks"] if c["code"] == "note_kpi_unknown"]
    assert [(c["sheet"], c["row"], c["column"]) for c in checks] == [("Notes", 3, "C KPI")]
