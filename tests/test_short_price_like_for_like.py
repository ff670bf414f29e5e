"""Under two years of history, the unit price's pace on the months a year apart read on the
same customers (core.levers.same_month_account_sums / same_month_account_changes), where that
is the steadier reading (core.levers.same_month_trend's ``like``): a customer won or lost at
another price is no price pace. The same sums come from the order rows, the pandas compact
history and the shipped SQL (sources/sql/same_months.sql), so a short history read from a
file plans its unit price as the same rows pasted.

Every number is worked out on paper.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from history_helpers import sql_views

from routekpi.contract import RawSheet
from routekpi.core.baselines import build_evidence
from routekpi.core.compact import build_facts, compact_history
from routekpi.core.engine import run
from routekpi.core.history import History, PlanSettings
from routekpi.core.levers import (
    same_month_account_changes,
    same_month_account_sums,
    same_month_trend,
)
from routekpi.core.measure import TEAM
from routekpi.messages import text
from routekpi.sources import SourceRef, external_history
from routekpi.sources.sqltext import facts_from_sql
from routekpi.validation.tables import validate_inputs
from tests.test_same_month_robust import _facts
from tests.test_sources import _workbook_data

START = pd.Period("2023-01", freq="M")
MONTHS = [START + i for i in range(18)]


def _changes(spec: list[tuple[str, str, int, float]], months: list[pd.Period]) -> np.ndarray:
    """The like-for-like changes of order lines (account, month, orders, price each)."""
    rows = [(a, pd.Period(m, freq="M"), p) for a, m, n, p in spec for _ in range(n)]
    frame = pd.DataFrame(rows, columns=["account", "month", "amount"])
    sums = same_month_account_sums(
        frame["account"], frame["month"], frame["amount"], (frame["amount"] > 0).astype(float)
    )
    return same_month_account_changes(sums, months)


def test_same_month_account_changes_by_hand() -> None:
    # January: account A 30 orders at ¥100 in 2023 and 30 at ¥110 in 2024; account B, won in
    # 2024, 30 orders at ¥300. Booked, the team's price went 100 → (3,300 + 9,000) ÷ 60 = 205;
    # on the same customer (A only) it went 100 → 110: log 1.1. February: A in both years but
    # 10 orders each (under 30): no reading. Every other month: no orders, no reading.
    out = _changes(
        [
            ("A", "2023-01", 30, 100.0),
            ("A", "2024-01", 30, 110.0),
            ("B", "2024-01", 30, 300.0),
            ("A", "2023-02", 10, 100.0),
            ("A", "2024-02", 10, 120.0),
        ],
        MONTHS,
    )
    assert len(out) == 18
    assert out[12] == pytest.approx(math.log(1.1), abs=1e-12)
    assert np.isnan(np.delete(out, 12)).all()


def test_same_month_account_changes_weights_by_orders() -> None:
    # March: A 30 + 30 orders, +10%; C 10 + 50 orders, −20%. Weights 60 and 60: the change is
    # (log 1.1 + log 0.8) ÷ 2. A credit note (−¥500) in A's March 2024 is revenue, no order:
    # A's price then (3,300 − 500) ÷ 30, so with it the change is
    # (log(2,800 ÷ 3,000) + log 0.8) ÷ 2.
    spec = [
        ("A", "2023-03", 30, 100.0),
        ("A", "2024-03", 30, 110.0),
        ("C", "2023-03", 10, 50.0),
        ("C", "2024-03", 50, 40.0),
    ]
    assert _changes(spec, MONTHS)[14] == pytest.approx(
        (math.log(1.1) + math.log(0.8)) / 2, abs=1e-12
    )
    credit = _changes([*spec, ("A", "2024-03", 1, -500.0)], MONTHS)
    assert credit[14] == pytest.approx((math.log(2800 / 3000) + math.log(0.8)) / 2, abs=1e-12)
    # Read on a month grid that starts in 2023-04, 2024-03 is its 12th month: no month a year
    # before among the grid's, no reading (the rows a year before the grid are not read).
    later = [START + 3 + i for i in range(18)]
    assert np.isnan(_changes(spec, later)).all()


def test_a_month_credited_to_zero_reads_quietly() -> None:
    """A month whose order was cancelled by a credit note (¥500 then −¥500: revenue 0 on one
    order) against a month with orders made log 0 = −∞, and ∞ × weight 0 warned on stderr
    (trial 48 L4); it reads nothing, silently, and the other account's month still reads its
    change (log 1.1)."""
    spec = [
        ("A", "2023-03", 30, 100.0),
        ("A", "2024-03", 30, 110.0),
        ("D", "2023-03", 1, 500.0),
        ("D", "2023-03", 1, -500.0),
        ("D", "2024-03", 5, 80.0),
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = _changes(spec, MONTHS)
    assert out[14] == pytest.approx(math.log(1.1), abs=1e-12)


def test_a_steadier_like_for_like_pace_replaces_the_booked_mix() -> None:
    # One rep, booked 100 for a year then 105, 110, 100, 108, 102, 107 (customers won and lost
    # at other prices). On the same customers every month a year apart moved +2%: that pace
    # has no scatter (variance 0 ≤ half the booked one), so it is read, and carried whole.
    facts, months = _facts({"A": [100.0] * 12 + [105.0, 110.0, 100.0, 108.0, 102.0, 107.0]})
    like = np.array([np.nan] * 12 + [0.02] * 6)
    carried, pace, pairs = same_month_trend(facts, months, like)
    assert pairs == 6
    assert pace == pytest.approx(0.02, abs=1e-12)
    assert carried == pytest.approx(0.02, abs=1e-12)


def test_a_noisier_like_for_like_pace_leaves_the_booked_one() -> None:
    # Booked, a steady +2% on every month (no scatter); the same customers scatter around it:
    # the booked price is the steadier reading and stays, as without ``like``.
    facts, months = _facts({"A": [100.0] * 12 + [102.0] * 6})
    like = np.array([np.nan] * 12 + [0.0, 0.04, 0.01, 0.03, 0.02, 0.02])
    assert same_month_trend(facts, months, like) == same_month_trend(facts, months)
    _, pace, _ = same_month_trend(facts, months, like)
    assert pace == pytest.approx(math.log(1.02), abs=1e-12)
    # Fewer than six months read on the same customers: the booked price too.
    short = np.array([np.nan] * 13 + [0.02] * 5)
    scattered, _ = _facts({"A": [100.0] * 12 + [105.0, 110.0, 100.0, 108.0, 102.0, 107.0]})
    assert same_month_trend(scattered, months, short) == same_month_trend(scattered, months)


# --- the same short history pasted, compacted, and read from a file -----------------------------
HEADER = ["受注日", "受注番号", "得意先コード", "得意先名", "担当者", "数量", "単価", "金額"]
FIRST = pd.Period("2023-04", freq="M")
AS_OF = date(2024, 11, 30)  # 20 months: 2023-04 … 2024-11
STEADY = {"K01": "佐藤 一郎", "K02": "佐藤 一郎", "K03": "佐藤 一郎", "K04": "佐藤 一郎"}
STEADY |= {"K05": "伊藤 花子", "K06": "伊藤 花子", "K07": "伊藤 花子", "K08": "伊藤 花子"}


def _order_rows() -> list[list[object]]:
    """K01–K08 order 4 times a month (the 5th, 12th, 19th, 26th), ¥1,000 an order through
    March 2024 and ¥1,020 from April 2024: every month a year apart +2% on the same customers.
    K98 (伊藤's) and K99 (佐藤's), ¥2,000 customers, order 4 times in May, July, September and
    November 2023 only. Booked, those months' price (32 × 1,000 + 8 × 2,000) ÷ 40 = 1,200, for
    the team and each rep, makes the changes a year later log(1,020 ÷ 1,200) = −16.3%, the
    others +2.0%: the customer mix."""
    rows: list[list[object]] = []
    for i in range(20):
        month = FIRST + i
        price = 1000 if i < 12 else 1020
        buyers = [(a, r, price) for a, r in STEADY.items()]
        if i in (1, 3, 5, 7):
            buyers += [("K98", "伊藤 花子", 2000), ("K99", "佐藤 一郎", 2000)]
        for day in (5, 12, 19, 26):
            when = date(month.year, month.month, day)
            for account, rep, yen in buyers:
                slip = f"S{account}{when:%Y%m%d}"
                rows.append([when, slip, account, f"株式会社{account}", rep, 1, yen, yen])
    return rows


def _settings() -> PlanSettings:
    return PlanSettings(kgi=500_000_000.0, plan_year=2025, as_of=AS_OF)


def _unit_price(result: object) -> pd.DataFrame:
    targets = result.targets  # type: ignore[attr-defined]
    return targets[targets["kpi"] == "unit_price"].reset_index(drop=True)


def test_a_short_history_read_from_a_file_plans_unit_price_as_the_same_rows_pasted(
    tmp_path: Path,
) -> None:
    rows = _order_rows()
    pasted = validate_inputs(
        _workbook_data({"Orders": RawSheet(name="Orders", rows=[HEADER, *rows])}).sheets,
        today=date(2024, 12, 1),
    ).history
    frame = pd.DataFrame(rows, columns=HEADER)
    frame["受注日"] = pd.to_datetime(frame["受注日"])
    frame.to_parquet(tmp_path / "orders.parquet", index=False)
    ref = SourceRef("Orders", str(tmp_path / "orders.parquet"))
    ext = external_history(_workbook_data({}), {"Orders": ref}, today=date(2024, 12, 1))
    files = ext.inputs(AS_OF).history
    assert files.facts is not None and len(files.orders) == 0  # the SQL's sums, no rows
    assert files.facts.same_months is not None
    # By hand: 8 months a year apart (2024-04 … 2024-11), each +2% on K01–K08 (32 + 32 orders).
    months = [FIRST + i for i in range(20)]
    like = same_month_account_changes(files.facts.same_months, months)
    assert np.isnan(like[:12]).all()
    assert np.allclose(like[12:], math.log(1.02), rtol=0, atol=1e-12)
    settings = _settings()
    raw = build_evidence(pasted, settings).lever_evidence
    carry = float(raw.team_carry["unit_price"])
    # The months' pace on the same customers has no scatter: carried whole, +2% a year.
    assert raw.trend.at[TEAM, "unit_price"] == pytest.approx(carry * math.log(1.02), abs=1e-11)
    a, b = run(pasted, settings), run(files, settings)
    pd.testing.assert_frame_equal(_unit_price(a), _unit_price(b), check_exact=True)
    pd.testing.assert_frame_equal(a.targets, b.targets, check_exact=True)
    pd.testing.assert_frame_equal(a.evidence.lever_evidence.trend, b.evidence.lever_evidence.trend)
    assert (a.evidence.lever_evidence.trend == b.evidence.lever_evidence.trend).all().all()
    # The pandas compact history too; without the sums the booked mix is read (a mean of
    # four −16.3% and four +2.0% months, held at the second-highest and -lowest): another plan.
    compact = compact_history(pasted, AS_OF)
    pd.testing.assert_frame_equal(
        _unit_price(a), _unit_price(run(compact, settings)), check_exact=True
    )
    assert compact.facts is not None
    bare = History(
        orders=compact.orders,
        visits=compact.visits,
        accounts=compact.accounts,
        holidays=compact.holidays,
        facts=replace(compact.facts, same_months=None),
    )
    booked = build_evidence(bare, settings).lever_evidence.trend.at[TEAM, "unit_price"]
    # By hand: the mean m = (log(1,020 ÷ 1,200) + log 1.02) ÷ 2, their scatter e² = the
    # changes' variance (ddof 1) ÷ 8, carried m³ ÷ (m² + e²) (same_month_trend).
    changes = np.array([math.log(1020 / 1200), math.log(1.02)] * 4)
    m, e2 = changes.mean(), changes.var(ddof=1) / 8
    assert booked == pytest.approx(carry * m**3 / (m * m + e2), abs=1e-11)
    assert booked < -0.05
    # The Plan says the months were read on the same customers, with the booked pace beside:
    # exp((log(1,020 ÷ 1,200) + log 1.02) ÷ 2) − 1 = −6.9% booked, +2.0% on the same customers.
    notes = [n for n in build_evidence(pasted, settings).notes if "same_months" in n.code]
    assert [(n.code, n.params) for n in notes] == [
        (
            "price_same_months_held_same",
            {"months": 8, "pace": "+2.0%", "carried": "+2.0%", "booked": "-6.9%"},
        )
    ]
    said = text("price_same_months_held_same", "en", **notes[0].params)
    assert "customers won and lost at other prices (-6.9% a year)" in said
    assert "+2.0% a year, the mean" in said


def test_same_months_sql_gives_the_pandas_sums() -> None:
    frame = pd.DataFrame(_order_rows(), columns=HEADER)
    orders = pd.DataFrame(
        {
            "date": pd.to_datetime(frame["受注日"]),
            "account": frame["得意先コード"],
            "rep": frame["担当者"],
            "amount": frame["金額"].astype(float),
            "quantity": frame["数量"].astype(float),
        }
    )
    # A credit note of K01 in 2024-06 and a line without an amount in 2024-07 (revenue and
    # no order; nothing), as the SQL must count them too.
    extra = pd.DataFrame(
        {
            "date": pd.to_datetime(["2024-06-20", "2024-07-20"]),
            "account": ["K01", "K02"],
            "rep": ["佐藤 一郎", "佐藤 一郎"],
            "amount": [-500.0, np.nan],
            "quantity": [1.0, 1.0],
        }
    )
    orders = pd.concat([orders, extra], ignore_index=True)
    want = build_facts(orders, History(orders=orders).visits, AS_OF).same_months
    con = sql_views(orders)
    got = facts_from_sql(lambda sql: con.execute(sql).df(), AS_OF).same_months
    assert want is not None and got is not None
    got = got.sort_values("month").reset_index(drop=True)
    assert list(got["month"]) == [FIRST + i for i in range(12, 20)] == list(want["month"])
    for col in ("weight", "orders_now", "orders_then"):
        assert (got[col] == want[col]).all()
    assert np.allclose(got["weighted"], want["weighted"], rtol=1e-12, atol=1e-13)
    # 2024-06: K01's price (4 × 1,020 − 500) ÷ 4 = 895 against 1,000, weight 8; the other
    # seven +2%, weight 8 each: (8 log 0.895 + 56 log 1.02) ÷ 64.
    months = [FIRST + i for i in range(20)]
    changes = same_month_account_changes(got, months)
    assert changes[14] == pytest.approx((8 * math.log(0.895) + 56 * math.log(1.02)) / 64)
    assert np.array_equal(changes, same_month_account_changes(want, months), equal_nan=True)


# --- 24 – 28 months: window ends a year apart, too few to weigh -------------------------------
def test_between_two_years_and_29_months_the_same_customer_months_serve() -> None:
    # 26 months, 2023-04 … 2025-05: K01–K08 4 orders a month at ¥1,000, ¥1,020 from 2024-04
    # and ¥1,040.40 from 2025-04 (+2% a year on the same customers); K98 and K99 at twice
    # that in the odd months of the first 14 (2023-05 … 2024-05, every other month) only.
    # The window ends 2025-03 … 2025-05 (three, under MIN_TEAM_CHANGES) read the booked mix;
    # the 14 months a year apart (2024-04 … 2025-05) on the same customers are all log 1.02
    # (no scatter), steadier than the booked months (−16.3% / +2.0% alternating, then +2.0%
    # from 2024-06 where K98/K99's months a year before end): the trend reads log 1.02.
    rows = []
    first = pd.Period("2023-04", freq="M")
    for i in range(26):
        month, level = first + i, 1.02 ** (i // 12)
        buyers = [(a, r, 1000 * level) for a, r in STEADY.items()]
        if i % 2 == 1 and i < 14:
            buyers += [("K98", "伊藤 花子", 2000 * level), ("K99", "佐藤 一郎", 2000 * level)]
        for day in (5, 12, 19, 26):
            when = pd.Timestamp(month.year, month.month, day)
            rows += [(when, a, r, float(yen), 1.0) for a, r, yen in buyers]
    orders = pd.DataFrame(rows, columns=["date", "account", "rep", "amount", "quantity"])
    settings = PlanSettings(kgi=1.0, plan_year=2026, as_of=date(2025, 5, 31))
    history = History(orders=orders)
    ev = build_evidence(history, settings).lever_evidence
    carry = float(ev.team_carry["unit_price"])
    assert ev.trend.at[TEAM, "unit_price"] == pytest.approx(carry * math.log(1.02), abs=1e-11)
    # The Plan's note: the booked mean of the three window ends against the same customers'.
    assert ev.same_accounts_read is not None
    same, booked = ev.same_accounts_read
    assert same == pytest.approx(math.log(1.02), abs=1e-11) and booked < -0.05
    # The same from the compact history (the sums, no rows).
    compact = build_evidence(compact_history(history, date(2025, 5, 31)), settings)
    assert compact.lever_evidence.trend.equals(ev.trend)
