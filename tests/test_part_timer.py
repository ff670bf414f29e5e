"""A part-timer who works Monday, Wednesday and Friday (trial 24, M1 and M2).

M1: her per-working-day targets count her own working days, as the Daily list does, and the
Targets rows and the Plan say so. M2: visits per account per month depend on the days a rep
works, so the Review and the Flags compare them only between reps who work as many days.

Four reps, ten accounts each, April-start years: A and B work Monday to Friday, P and Q
Monday, Wednesday and Friday. Every working day of his A visits one account, B two; every
Monday, Wednesday and Friday P visits one, Q two. Every account orders 100 on the 10th of
each month. History 2023-04 … 2025-06, FY2025 (2025-04 … 2026-03) planned for 48,000.

FY2025's working days (no company holidays): Apr 21, May 20, Jun 21, Jul 22, Aug 20, Sep 20,
Oct 22, Nov 18, Dec 23, Jan 20, Feb 18, Mar 21: 246. Its Mondays, Wednesdays and Fridays:
13 a month less those on national holidays — May 5, Jul 21, Aug 11, Sep 15, Oct 13, Nov 3
and 24, Jan 12, Feb 11 and 23, Mar 20 — and 14 in October and December, 12 in November and
February: 13, 12, 13, 12, 12, 12, 13, 10, 14, 12, 10, 12 = 145.
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date

import numpy as np
import pandas as pd
import pytest

from routekpi import schema
from routekpi.core.calendar import BusinessCalendar
from routekpi.core.compact import compact_history
from routekpi.core.engine import Result, run
from routekpi.core.flags import _lever_advice
from routekpi.core.frames import records
from routekpi.core.history import History, PlanSettings
from routekpi.core.measure import TEAM
from routekpi.core.workweek import apart, month_days, own_days, with_weeks
from routekpi.messages import text
from routekpi.render import target_rows
from routekpi.render_daily import flag_action, review_rows
from routekpi.share.copies import _basis_to_cover

MONTHS = pd.period_range("2023-04", "2025-06", freq="M")
PLAN = list(pd.period_range("2025-04", periods=12, freq="M"))
COMPANY = [21, 20, 21, 22, 20, 20, 22, 18, 23, 20, 18, 21]
MWF = [13, 12, 13, 12, 12, 12, 13, 10, 14, 12, 10, 12]
# Visits a working day, and the weekdays each rep works.
REPS = {"A": (1, range(5)), "B": (2, range(5)), "P": (1, (0, 2, 4)), "Q": (2, (0, 2, 4))}


def _history(reps: str, orders_from: pd.Period | None = None, ride_along: str = "") -> History:
    """Ten accounts a rep ordering ¥100 on the 10th of each month (from ``orders_from``), each
    rep visiting on his weekdays; the ``ride_along`` reps on every weekday before the orders
    start (tests/test_part_timer_history_start.py)."""
    cal = BusinessCalendar()
    orders, visits, accounts = [], [], []
    for rep in reps:
        per_day, week = REPS[rep]
        names = [f"{rep}{i}" for i in range(10)]
        accounts += [(n, n, rep, pd.Timestamp("2020-01-01"), pd.NaT) for n in names]
        turn = 0
        for month in MONTHS:
            before = orders_from is not None and month < orders_from
            if not before:
                day10 = month.start_time + pd.Timedelta(days=9)
                orders += [(day10, n, rep, 100.0, 1.0) for n in names]
            for day in cal.month_working_days(month):
                if day.weekday() in week or (before and rep in ride_along):
                    for _ in range(per_day):
                        visits.append((pd.Timestamp(day), rep, names[turn % 10], "visit", None))
                        turn += 1
    return History(
        orders=pd.DataFrame(orders, columns=["date", "account", "rep", "amount", "quantity"]),
        visits=pd.DataFrame(visits, columns=["date", "rep", "account", "kind", "outcome"]),
        accounts=pd.DataFrame(accounts, columns=["account", "name", "rep", "start", "end"]),
    )


def _run(reps: str) -> Result:
    settings = PlanSettings(kgi=12_000.0 * len(reps), plan_year=2025, as_of=date(2025, 6, 30))
    return run(_history(reps), settings)


@pytest.fixture(scope="module")
def four() -> Result:
    return _run("ABPQ")


@pytest.fixture(scope="module")
def alone() -> Result:
    """The trial's case: one part-timer among full-timers."""
    return _run("ABP")


def test_her_working_days_are_the_companys_on_her_weekdays() -> None:
    cal = with_weeks(BusinessCalendar(), {"P": frozenset({0, 2, 4})})
    assert cal.month_counts(PLAN).tolist() == COMPANY
    assert month_days(cal, "P", PLAN, leave=False) == MWF
    assert month_days(cal, "A", PLAN, leave=False) == COMPANY
    # April 2025 (the 1st a Tuesday): Mondays 7 14 21 28, Wednesdays 2 9 16 23 30, Fridays
    # 4 11 18 25; a week of leave (Mon 14 – Fri 18: three of them) counted where asked.
    leave = with_weeks(
        BusinessCalendar(leave=(("P", date(2025, 4, 14), date(2025, 4, 18)),)),
        {"P": frozenset({0, 2, 4})},
    )
    assert own_days(leave, "P", date(2025, 4, 1), date(2025, 4, 30), leave=False) == 13
    assert own_days(leave, "P", date(2025, 4, 1), date(2025, 4, 30), leave=True) == 10
    # Materially apart: three days a week against five, four against five; not 20 vs 19.
    assert apart(38, 62) and apart(49, 62) and not apart(19, 20)


def test_per_working_day_targets_count_her_own_days(four: Result) -> None:
    """Read from her visits as the Daily list reads days off; the full-timers and the team
    keep the company's days."""
    assert four.evidence.calendar.weeks == (
        ("P", frozenset({0, 2, 4})),
        ("Q", frozenset({0, 2, 4})),
    )
    t = four.targets
    for rep, days in (("P", MWF), ("Q", MWF), ("A", COMPANY), (TEAM, COMPANY)):
        mine = t[(t["rep"] == rep) & (t["kpi"] == "revenue")].set_index("period")
        year = mine.at["FY2025", "target"]
        assert mine.at["FY2025", "working_days"] == sum(days)
        assert mine.at["FY2025", "per_working_day"] == pytest.approx(year / sum(days))
        months = mine.loc[[f"{m.year}-{m.month:02d}" for m in PLAN]]
        assert months["working_days"].tolist() == days
        assert months["per_working_day"].to_numpy() == pytest.approx(
            months["target"].to_numpy() / np.array(days)
        )
    # P's year: 145 days; her per day 145 / 246 of the company's count apart, ¥ for ¥.
    p = t[(t["rep"] == "P") & (t["kpi"] == "visits") & (t["period"] == "FY2025")].iloc[0]
    assert p["per_working_day"] == pytest.approx(p["target"] / 145)


def test_the_targets_rows_and_the_plan_say_so(four: Result) -> None:
    rows = target_rows(four, "ja")
    said = {
        (r[0], r[1], r[2]): r[-1]
        for r in rows
        if r[1] in ("P", "A") and r[2] in ("revenue", "unit_price")
    }
    assert said[("FY2025", "P", "revenue")] == (
        "KGIの担当者配分。1営業日あたりは本人の勤務日(月水金)145日で割った数(会社の営業日は246日)"
    )
    assert said[("2025-11", "P", "revenue")] == (
        "1営業日あたりは本人の勤務日(月水金)10日で割った数(会社の営業日は18日)"
    )
    assert said[("FY2025", "A", "revenue")] == "KGIの担当者配分"
    assert said[("2025-11", "A", "revenue")] == ""
    assert said[("2025-11", "P", "unit_price")] == ""  # no per-day figure: nothing said
    [note] = [n for n in four.notes if n.code == "rep_own_weekdays"]
    assert note.params == {
        "reps_ja": "P(月水金、年145日)、Q(月水金、年145日)",
        "reps_en": "P (Mon, Wed, Fri: 145 days); Q (Mon, Wed, Fri: 145 days)",
        "total": 246,
    }
    assert text(note.code, "en", **note.params).startswith(
        "reps who work fewer weekdays than the company: P (Mon, Wed, Fri: 145 days); Q"
    )


def test_a_reps_copy_points_her_kgi_share_to_the_cover_and_keeps_her_days(four: Result) -> None:
    """share.copies._basis_to_cover matched 「KGIの担当者配分」 whole only: P's row, with her
    per-day sentence after it, kept the bare words in her copy (no pointer to the cover)."""
    header = [c.header("ja") for c in schema.OUTPUT_COLUMNS[schema.TARGETS.name]]
    rows = _basis_to_cover(schema.TARGETS.name, [header, *target_rows(four, "ja")], "ja")
    said = {(r[0], r[1], r[2]): r[-1] for r in rows[1:] if r[2] == "revenue"}
    pointer = "KGIの担当者配分(根拠は「表紙」の「目標の根拠」)"
    assert said[("FY2025", "P", "revenue")] == (
        f"{pointer}。1営業日あたりは本人の勤務日(月水金)145日で割った数(会社の営業日は246日)"
    )
    assert said[("FY2025", "A", "revenue")] == pointer
    assert said[("2025-11", "P", "revenue")].startswith("1営業日あたりは")  # no share to point
    # In English the same, after its "; ".
    en = target_rows(four, "en")
    rows = _basis_to_cover(schema.TARGETS.name, [header, *en], "en")
    p = next(r[-1] for r in rows[1:] if r[:3] == ["FY2025", "P", "revenue"])
    assert p.startswith("rep share of the KGI (why: see the Cover, 'Why this target'); per ")


def _visits_row(result: Result, rep: str) -> dict[str, object]:
    r = result.review
    return r[(r["rep"] == rep) & (r["kpi"] == "visits_per_account")].iloc[0].to_dict()


def test_visit_frequency_is_compared_between_reps_who_work_as_many_days(four: Result) -> None:
    """April – June 2025, ten accounts a rep: A 62 visits (21 + 20 + 21 working days) over
    30 account-months, 2.067; B 124, 4.133; P 38 (13 + 12 + 13), 1.267; Q 76, 2.533. All
    compared, B (4.133) was everyone's model; now the part-timers' is Q."""
    values = {rep: _visits_row(four, rep)["actual_ytd"] for rep in "ABPQ"}
    assert values == pytest.approx({"A": 62 / 30, "B": 124 / 30, "P": 38 / 30, "Q": 76 / 30})
    best = {
        rep: (_visits_row(four, rep)["best_rep"], _visits_row(four, rep)["best_value"])
        for rep in ("A", "B", "P", "Q", TEAM)
    }
    assert best["A"] == best["B"] == best[TEAM] == ("B", pytest.approx(124 / 30))
    assert best["P"] == best["Q"] == ("Q", pytest.approx(76 / 30))
    # KPIs that do not depend on the days worked keep one model for all (unit price: 100).
    r = four.review
    prices = r[r["kpi"] == "unit_price"]
    assert prices["best_rep"].nunique() == 1
    # Q, the best of the reps who work as many days, is not called the team's best.
    assert _comment(four, "Q", main=False) == "勤務日(月水金)が同じくらいの同僚の中で最高"
    assert (
        _comment(four, "Q", main=True) == "差の主因(勤務日(月水金)が同じくらいの同僚の中で最高の値)"
    )
    assert _comment(four, "B", main=False) == "チーム最高"
    assert (
        _comment(four, "P", main=True)
        == "差の主因。勤務日(月水金)が同じくらいの同僚のうち、Qさん(2.53 回/顧客・月)"
        "のやり方を共有してもらいましょう"
    )


def _comment(result: Result, rep: str, *, main: bool, language: str = "ja") -> str:
    """The Review's comment on ``rep``'s visit-frequency row, as the main lever or not (a
    main lever short of its target: one ahead is told what carries him, trial31 L8)."""
    row = dict(_visits_row(result, rep), main=main)
    if main:
        row["contribution"] = -abs(float(row["contribution"])) or -1.0
    [line] = review_rows(pd.DataFrame([row]), language)
    return str(line[10].value)


def test_a_part_timer_alone_is_compared_with_no_one_and_told_why(alone: Result) -> None:
    """The trial: P's only colleagues work five days; her row names no model and says why,
    the full-timers' and the team's are as before (B)."""
    p = _visits_row(alone, "P")
    assert p["best_rep"] == "" and math.isnan(float(p["best_value"]))
    assert p["detail"]["apart"] == [0, 2, 4]
    assert _visits_row(alone, "A")["best_rep"] == _visits_row(alone, TEAM)["best_rep"] == "B"
    assert _comment(alone, "P", main=False) == "比較なし(勤務日(月水金)が同じくらいの同僚なし)"
    assert _comment(alone, "P", main=True) == (
        "差の主因。勤務日(月水金)が同じくらいの同僚がいないため、ほかの担当者とは比べていません"
        "(勤務日数で変わるKPIです)"
    )
    assert _comment(alone, "P", main=True, language="en") == (
        "explains most of the gap; no colleague works as many days (Mon, Wed, Fri), so it is "
        "not compared with anyone's (the KPI depends on the days worked)"
    )


def test_the_behind_pace_action_names_no_full_timer(alone: Result) -> None:
    """The flag carries the Review row's (empty) model: not "ask B", not "the team's best"."""
    p = _visits_row(alone, "P")
    params = {
        "lever": "visits_per_account",
        "lever_actual": 2.74,
        "lever_target": 2.99,
        "contribution": -321477.0,
        "best_rep": p["best_rep"],
        "best_value": float(p["best_value"]),
        "apart": [0, 2, 4],  # the Review row's (core.review._days_alike)
    }
    assert flag_action("behind_pace", params, "", "ja") == (
        "差の主因は訪問頻度(月/顧客)です(実績 2.74 / 目標 2.99、売上への影響 −¥321,477)。"
        "勤務日数が同じくらいの同僚がいないため、ほかの担当者とは比べていません。"
        "訪問計画の前倒しで取り戻してください"
    )
    # No model for another reason (nobody at work through every month so far, the team's
    # row; review26): no word of working days, nor of "the team's best".
    unmatched = {k: v for k, v in params.items() if k != "apart"}
    assert flag_action("behind_pace", unmatched, "", "ja") == (
        "差の主因は訪問頻度(月/顧客)です(実績 2.74 / 目標 2.99、売上への影響 −¥321,477)。"
        "訪問計画の前倒しで取り戻してください"
    )
    # A colleague who does it best on as many days is still named.
    named = dict(unmatched, best_rep="Q", best_value=76 / 30)
    assert "Qさん(2.53)にやり方を聞いてください" in flag_action("behind_pace", named, "", "ja")


def test_the_behind_pace_advice_carries_the_reviews_like_with_like_model(
    four: Result, alone: Result
) -> None:
    """part24 left the flag's advice without the Review row's ``alike``: P's action named Q
    as if Q were the team's model, and Q's called her "the team's best" (B, 4.13, is). The
    advice now carries her weekdays and the action says whom she is compared with."""
    review = records(four.review)
    p = _lever_advice(review, "P", "visits")
    assert p["lever"] == "visits_per_account" and p["best_rep"] == "Q"
    assert p["alike"] == [0, 2, 4] and "apart" not in p
    # Her revenue is on target to the yen (3,000 / 3,000): a ¥0 gap has no main lever, so
    # her revenue's advice names none (lv31; it named visits, +¥162 against −¥162).
    assert _lever_advice(review, "P", "revenue") == {}
    p_text = flag_action("behind_pace", p, "", "ja")
    # 38 visits over 30 account-months (module doc); Q's 76 / 30.
    assert p_text.startswith("差の主因は訪問頻度(月/顧客)です(実績 1.27 / 目標 ")
    assert p_text.endswith(
        ")。勤務日(月水金)が同じくらいの同僚のうち、Qさん(2.53)にやり方を聞いてください"
    )
    assert "of the colleagues who work as many days (Mon, Wed, Fri), ask Q (2.53)" in (
        flag_action("behind_pace", p, "", "en")
    )
    q = _lever_advice(review, "Q", "visits")
    assert q["best_rep"] == "" and q["best_value"] == pytest.approx(76 / 30)
    assert flag_action("behind_pace", q, "", "ja").endswith(
        "勤務日(月水金)が同じくらいの同僚の中で最高の値なので、訪問計画の前倒しで取り戻してください"
    )
    # A full-timer's advice is as before: the team's model, no weekdays.
    a = _lever_advice(review, "A", "visits")
    assert a["best_rep"] == "B" and "alike" not in a and "apart" not in a
    assert "Bさん(4.13)にやり方を聞いてください" in flag_action("behind_pace", a, "", "ja")
    # Alone, the Review row's ``apart`` goes with the advice: no one to ask.
    lone = _lever_advice(records(alone.review), "P", "visits")
    assert lone["apart"] == [0, 2, 4] and lone["best_rep"] == ""
    assert "勤務日数が同じくらいの同僚がいないため" in flag_action("behind_pace", lone, "", "ja")


def test_the_same_weeks_from_a_compact_history_and_from_order_days_alone() -> None:
    """A history summed to facts (the database sources) reads the same weekdays and so the
    same per-day targets; without visit records the order days are the contacts, as the
    Daily list takes them (here every visit an order: the same days)."""
    history = _history("ABPQ")
    settings = PlanSettings(kgi=48_000.0, plan_year=2025, as_of=date(2025, 6, 30))
    raw = run(history, settings)
    compact = run(compact_history(history, date(2025, 6, 30)), settings)
    assert compact.evidence.calendar.weeks == raw.evidence.calendar.weeks
    key = ["period", "rep", "kpi"]
    pd.testing.assert_series_equal(
        compact.targets.set_index(key)["per_working_day"],
        raw.targets.set_index(key)["per_working_day"],
    )
    orders = history.visits.assign(amount=100.0, quantity=1.0)
    only = replace(
        history,
        orders=orders[["date", "account", "rep", "amount", "quantity"]],
        visits=history.visits.iloc[:0],
    )
    from_orders = run(only, settings)
    assert not from_orders.evidence.has_visits
    assert from_orders.evidence.calendar.weeks == raw.evidence.calendar.weeks
    days = from_orders.daily.days
    assert sorted(days.loc[days["off"].astype(bool), "rep"].unique()) == ["P", "Q"]
