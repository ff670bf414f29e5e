"""A newcomer whose book is still growing at the baseline's end is planned from what his
accounts buy at its end, not from his twelve-month average (trial 32 M3: 中村, started
2025-07, planned 16% under what he then sold, scaled to the team's total; the veterans
carried the difference). Rule (baselines.end_levels, targets.at_end): his revenue per
account-month over the baseline's last three months against the whole baseline, less the
team's change over the same months, is carried whole in his share of the KGI and on his
per-account levers (spread as the team's push is); the accounts he holds count as before.

Hand-built, calendar fiscal year, FY2026 planned on 2025-11-30 (window 2024-12 … 2025-11,
December the one month between it and the plan year):

- A and B, there since 2023-01, each hold 10 accounts ordering ¥1,000 a month (one order,
  one visit), and prospect every month;
- N starts in 2025-04, eight months before the baseline's end, with no account handed to
  him, and wins one account on the 1st of every month (N0 in 2025-04 … N7 in 2025-11). A
  new account orders ¥500 a month in its first three months, ¥1,000 from its fourth.

By hand, N's months Apr … Nov: accounts 1 … 8 (36 account-months); revenue 500, 1,000,
1,500, 2,500, 3,500, 4,500, 5,500, 6,500 = ¥25,500. Per account-month: the year 25,500 ÷ 36
= ¥708.33; the last three months (Sep–Nov) 16,500 ÷ 21 = ¥785.71. The team (A, B and N):
the year 265,500 ÷ 276 = ¥961.96, Sep–Nov 76,500 ÷ 81 = ¥944.44. His change beyond the
team's: ln(785.71 ÷ 708.33) − ln(944.44 ÷ 961.96) = 0.10367 + 0.01838 = 0.12205 (×1.1298).
"""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from routekpi.core import baselines
from routekpi.core.baselines import Evidence, build_evidence
from routekpi.core.history import History, PlanSettings
from routekpi.core.measure import TEAM
from routekpi.core.targets import (
    SPLIT_CARRY,
    at_end,
    decompose,
    end_level_notes,
    in_hand,
    lever_mix,
    rep_weights,
    split_base,
)
from routekpi.messages import text
from routekpi.recalc import recalculate
from tests.workbook_files import frames_book

FIRST = pd.Period("2023-01", "M")
LAST = pd.Period("2025-11", "M")
JOINS = pd.Period("2025-04", "M")
AS_OF = date(2025, 11, 30)  # a Sunday: November complete on both paths
KGI = 300_000.0
SETTINGS = PlanSettings(kgi=KGI, plan_year=2026, fiscal_start_month=1, as_of=AS_OF)

YEAR = 25_500 / 36  # N's revenue per account-month over the window
END = 16_500 / 21  # … over its last three months
TEAM_YEAR = 265_500 / 276
TEAM_END = 76_500 / 81
CHANGE = math.log(END / YEAR) - math.log(TEAM_END / TEAM_YEAR)


def _history() -> History:
    """A and B from 2023-01 with 10 accounts each; N from 2025-05 winning one a month."""
    orders, visits, accounts = [], [], []
    for rep in "AB":
        for i in range(10):
            acc = f"{rep}{i}"
            accounts.append((acc, acc, rep, FIRST.start_time, pd.NaT))
            for m in range((LAST - FIRST).n + 1):
                day = (FIRST + m).start_time
                orders.append((day + pd.Timedelta(days=9), acc, rep, 1000.0, 1))
                visits.append((day + pd.Timedelta(days=8), rep, acc, "visit", None))
    for j in range((LAST - JOINS).n + 1):
        won, acc = JOINS + j, f"N{j}"
        accounts.append((acc, acc, "N", won.start_time, pd.NaT))
        for age in range((LAST - won).n + 1):
            day = (won + age).start_time
            amount = 500.0 if age < 3 else 1000.0
            orders.append((day + pd.Timedelta(days=9), acc, "N", amount, 1))
            visits.append((day + pd.Timedelta(days=8), "N", acc, "visit", None))
    for m in range((LAST - FIRST).n + 1):
        month = FIRST + m
        day = month.start_time + pd.Timedelta(days=27)  # the 28th: Friday 2025-11-28 ends it
        for rep in "AB":
            for k in range(4):
                visits.append((day, rep, None, "attempt", "won" if k == 0 else None))
            visits.append((day, rep, None, "meeting", None))
        if month >= JOINS:
            for k in range(6):
                visits.append((day, "N", None, "attempt", "won" if k < 2 else None))
            visits.extend([(day, "N", None, "meeting", None)] * 2)
    return History(
        orders=pd.DataFrame(orders, columns=["date", "account", "rep", "amount", "quantity"]),
        visits=pd.DataFrame(visits, columns=["date", "rep", "account", "kind", "outcome"]),
        accounts=pd.DataFrame(accounts, columns=["account", "name", "rep", "start", "end"]),
    )


@pytest.fixture(scope="module")
def ev() -> Evidence:
    return build_evidence(_history(), SETTINGS)


def test_his_revenue_per_account_at_the_baseline_end_by_hand(ev: Evidence) -> None:
    """N is building his first book; his revenue per account-month over the year and over
    its last three months are the hand figures, and the change beyond the team's is 0.12205,
    all of it on his per-account levers (none on active accounts); A and B have none."""
    assert ev.building == ("N",)
    assert ev.base.at["N", "revenue"] == pytest.approx(25_500)
    assert ev.base.at["N", "active_accounts"] == pytest.approx(36 / 12)
    assert ev.end_spend.at["N", "year"] == pytest.approx(YEAR)
    assert ev.end_spend.at["N", "end"] == pytest.approx(END)
    assert pytest.approx(0.12205, abs=5e-5) == CHANGE
    end = at_end(ev)
    assert end.loc["N"].sum() == pytest.approx(CHANGE)
    assert end.at["N", "active_accounts"] == 0.0
    assert (end.loc[["A", "B"]] == 0.0).all(axis=None)


def test_his_target_by_hand_from_the_rule(ev: Evidence) -> None:
    """His share stands on last year's revenue (with his wins counted for 12 months, core.won:
    ``split_base``), half his heading, the book he holds whole (9 accounts at the start — his
    8 and December's win at his pace of 12 a year — on an average of 3: his flows' book
    9 + 12 × 6.5 ÷ 12 = 15.5 on average, so half of ln(15.5 ÷ 3) and half of ln(9 ÷ 3)), and
    the change at the baseline's end whole: w_N = base × √(15.5 × 9) ÷ 3 × e^0.12205. A and B
    head nowhere (w = ¥120,000 each). Nobody capped, nothing added by his book: each target
    = KGI × w ÷ Σw."""
    assert ev.flows is not None and ev.flows.start["N"] == pytest.approx(9.0)
    assert in_hand(ev)["N"] == pytest.approx(math.log(9 / 3))
    assert ev.trend.loc["N", list(ev.levers)].sum() == pytest.approx(math.log(15.5 / 3))
    base = float(split_base(ev)["N"])
    w_n = base * math.sqrt(15.5 * 9) / 3 * math.exp(CHANGE)
    weights = rep_weights(ev)
    assert weights["N"] == pytest.approx(w_n)
    assert weights["A"] == weights["B"] == pytest.approx(120_000)
    plan = decompose(ev, KGI)
    assert plan.lift.empty
    total = w_n + 2 * 120_000
    assert plan.fy.at["N", "revenue"] == pytest.approx(KGI * w_n / total)
    assert plan.fy.at["A", "revenue"] == pytest.approx(KGI * 120_000 / total)
    assert plan.fy.loc[["A", "B", "N"], "revenue"].sum() == pytest.approx(KGI)
    # Without the rule his weight is e^0.12205 less: the change, not anything else, moved it.
    no_rule = base * np.exp(
        SPLIT_CARRY * ev.trend.loc["N", list(ev.levers)].sum()
        + (1 - SPLIT_CARRY) * in_hand(ev)["N"]
    )
    assert weights["N"] / no_rule == pytest.approx(math.exp(CHANGE))


def test_his_levers_start_from_the_baseline_end(
    ev: Evidence, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The change is where his per-account levers start (``lever_mix``'s offsets: nobody's
    ratios trend here, so they are the change alone, 0.12205 in all; active accounts start
    from his book as before), and his ceilings stand on that level: each per-account lever's
    headroom and his revenue's are the ones without the rule raised by its part of it."""
    offsets = pd.Series(lever_mix(ev, "N")[0], index=list(ev.levers))
    per_account = [k for k in ev.levers if k != "active_accounts"]
    end = at_end(ev)
    assert offsets[per_account].sum() == pytest.approx(CHANGE)
    assert offsets[per_account].to_numpy() == pytest.approx(end.loc["N", per_account])
    a = pd.Series(lever_mix(ev, "A")[0], index=list(ev.levers))
    assert a[per_account].to_numpy() == pytest.approx(0.0)
    monkeypatch.setattr(
        baselines, "end_levels", lambda *args, **kw: (pd.DataFrame(), pd.DataFrame())
    )
    before = build_evidence(_history(), SETTINGS)
    assert before.at_end.empty
    for key in per_account:
        assert ev.headroom.at["N", key] == pytest.approx(
            before.headroom.at["N", key] + end.at["N", key]
        )
    assert ev.headroom.at["N", "revenue"] == pytest.approx(
        before.headroom.at["N", "revenue"] + CHANGE
    )
    assert ev.headroom.loc["A"].to_numpy() == pytest.approx(before.headroom.loc["A"].to_numpy())
    # Without the rule his target is lower: his weight e^0.12205 lower, the team's the same.
    assert decompose(before, KGI).fy.at["N", "revenue"] < decompose(ev, KGI).fy.at["N", "revenue"]


def test_the_targets_never_fall_when_the_kgi_rises(ev: Evidence) -> None:
    """Monotone in the KGI: every rep's revenue target and N's per-account levers."""
    low, high = decompose(ev, 280_000.0), decompose(ev, 300_000.0)
    keys = ["revenue", "unit_price", "active_accounts"]
    assert (high.fy.loc[["A", "B", "N"], keys] >= low.fy.loc[["A", "B", "N"], keys] - 1e-9).all(
        axis=None
    )


def test_the_note_says_the_rule_in_both_languages(ev: Evidence) -> None:
    """The Plan note: his revenue per account a month over the year and the last three months,
    the change beyond the team's, and what it does to his share."""
    (note,) = end_level_notes(ev)
    assert note.code == "building_end_levels"
    assert note.params["year"] == "¥708" and note.params["end"] == "¥786"
    assert note.params["change"] == "+13.0%" and note.params["factor"] == "1.130"
    assert note.params["since"] == "2025-09" and note.params["months"] == 3
    ja = text(note.code, "ja", **note.params)
    assert "最後の3か月(2025-09〜)の水準から計画しました: 顧客あたり月 ¥708 → ¥786" in ja
    assert "チーム全体の同じ月の動きを除いて +13.0%" in ja
    en = text(note.code, "en", **note.params)
    assert "from the baseline's last 3 months (from 2025-09), not its 12-month average" in en
    assert "¥708 → ¥786 a month per account (+13.0% beyond the team's own change" in en


def test_a_flat_newcomer_gets_no_change() -> None:
    """A newcomer whose accounts buy the same from their first month: his revenue per account
    at the end is his year's, so the rule moves nothing and no note is written."""
    h = _history()
    h.orders.loc[h.orders["account"].str.startswith("N"), "amount"] = 1000.0
    ev = build_evidence(h, SETTINGS)
    assert ev.building == ("N",)
    assert at_end(ev).abs().to_numpy().max() == pytest.approx(0.0, abs=1e-12)
    assert end_level_notes(ev) == []


# --- the written workbook ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("newcomer_ramp") / "book.xlsm"
    frames_book(
        path,
        _history(),
        {"KGI": KGI, "PlanYear": 2026, "FiscalStartMonth": 1, "AsOf": AS_OF},
    )
    recalculate(path)
    return path


def test_the_written_plan_and_targets(book: Path, ev: Evidence) -> None:
    """Read back: N's FY revenue target on Targets is the hand figure; the Plan says the rule
    (note) and his line multiplies to his factor with the end part named."""
    wb = openpyxl.load_workbook(book, read_only=True)
    try:
        plan = "".join(
            str(r[2]) for r in wb["Plan"].iter_rows(values_only=True) if len(r) > 2 and r[2]
        ).replace(" ", "")
        rows = wb["Targets"].iter_rows(min_row=2, values_only=True)
        targets = {(r[0], r[1], r[2]): r for r in rows if r[0] is not None}
    finally:
        wb.close()
    w_n = float(split_base(ev)["N"]) * math.sqrt(15.5 * 9) / 3 * math.exp(CHANGE)
    expected = KGI * w_n / (w_n + 240_000)
    assert float(targets[("FY2026", "N", "revenue")][5]) == pytest.approx(expected, abs=1)
    assert float(targets[("FY2026", TEAM, "revenue")][5]) == pytest.approx(KGI, abs=1)
    assert "立ち上げ中の顧客:Nさんはまだ最初の担当先を作っている途中" in plan
    assert "顧客あたり月¥708→¥786(チーム全体の同じ月の動きを除いて+13.0%)" in plan
    assert "顧客あたりの売上を基準期間の最後の水準(×1.130)にして" in plan


def test_orders_only_the_same_change_on_orders_per_account_and_price() -> None:
    """Without visits his levers per account are orders per account and unit price: the same
    hand change (revenue per account-month), the note naming those two levers."""
    h = _history()
    ev = build_evidence(History(orders=h.orders, accounts=h.accounts), SETTINGS)
    assert ev.building == ("N",) and "visits_per_account" not in ev.levers
    assert at_end(ev).loc["N"].sum() == pytest.approx(CHANGE)
    (note,) = end_level_notes(ev)
    assert note.code == "building_end_levels_orders"
    assert "顧客あたりの売上(顧客あたり受注数・取引単価)" in text(note.code, "ja", **note.params)
    assert "(orders per account, unit price)" in text(note.code, "en", **note.params)
