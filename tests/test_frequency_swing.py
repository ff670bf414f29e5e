"""A warm winter on a call-in delivery route shows in how often customers order, not in the
size of each order: a season whose orders per account swung and came back is weather, not a
visit-frequency trend (core.swing.frequency_swing; trial 50 H1, M5).

The histories: three reps with five accounts each, a heating-oil round. Every account has its
meter read once a month (a visit without a sale, on the 2nd) and is delivered 200 litres at
¥100 (¥20,000, one visit each) 3 times a month in November – March and once in the other
months, unless said: 22 orders and 34 visits a year. A warm winter: 2 deliveries a month.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date

import numpy as np
import pandas as pd
import pytest

from routekpi.core.baselines import Evidence, build_evidence
from routekpi.core.history import History, PlanSettings
from routekpi.core.landing import year_landing
from routekpi.core.measure import TEAM
from routekpi.core.swing import (
    FREQUENCY_EDGE_ABOVE_NOTE,
    FREQUENCY_EDGE_NOTE,
    FREQUENCY_NOTE,
    frequency_swing,
)
from routekpi.messages import text

REPS = ("A", "B", "C")
WINTER = (11, 12, 1, 2, 3)
DAYS = (8, 16, 24, 27)


def _usual(_rep: str, month: pd.Period) -> int:
    """3 deliveries a month in the winter, 1 in the other months."""
    return 3 if month.month in WINTER else 1


def _history(first: str, months: int, deliveries: Callable[[str, pd.Period], int]) -> History:
    """Each account's orders and visits from ``first`` over ``months`` months:
    ``deliveries(rep, month)`` deliveries of ¥20,000 (200 litres) a month, each a visit,
    and a meter reading (a visit) on the 2nd."""
    start = pd.Period(first, freq="M")
    orders, visits, accounts = [], [], []
    for rep in REPS:
        for i in range(5):
            acc = f"{rep}{i}"
            accounts.append((acc, acc, rep, start.start_time, pd.NaT))
            for t in range(months):
                m = start + t
                visits.append((m.start_time + pd.Timedelta(days=1), rep, acc, "visit", None))
                for day in DAYS[: deliveries(rep, m)]:
                    when = m.start_time + pd.Timedelta(days=day - 1)
                    orders.append((when, acc, rep, 20_000.0, 200.0))
                    visits.append((when, rep, acc, "visit", None))
    return History(
        orders=pd.DataFrame(orders, columns=["date", "account", "rep", "amount", "quantity"]),
        visits=pd.DataFrame(visits, columns=["date", "rep", "account", "kind", "outcome"]),
        accounts=pd.DataFrame(accounts, columns=["account", "name", "rep", "start", "end"]),
    )


def _warm(season: tuple[str, str]) -> Callable[[str, pd.Period], int]:
    """2 deliveries a month from ``season[0]`` through ``season[1]``, the usual otherwise."""
    lo, hi = (pd.Period(s, freq="M") for s in season)
    return lambda rep, m: 2 if lo <= m <= hi else _usual(rep, m)


def _middle(deliveries: Callable[[str, pd.Period], int]) -> Evidence:
    """April 2022 – March 2026 (48 months), planning FY2026."""
    h = _history("2022-04", 48, deliveries)
    return build_evidence(h, PlanSettings(kgi=1.0, plan_year=2026, as_of=date(2026, 3, 31)))


MIDDLE_WARM = _warm(("2023-11", "2024-03"))


def test_a_warm_winter_in_order_frequency_is_found_by_hand() -> None:
    """Each warm month: 2 orders an account against 3 the year before and after, so
    log(2/3) against the mean of the two, and visits 3 against 4: log(3/4). The season
    2023-11 – 2024-03, every rep had it; the quantity per order (200 litres) never moved,
    so the quantity reading finds nothing."""
    ev = _middle(MIDDLE_WARM)
    lev = ev.lever_evidence
    assert lev.swing is None
    found = lev.frequency
    assert found is not None and not found.edge
    assert [str(m) for m in found.months] == ["2023-11", "2023-12", "2024-01", "2024-02", "2024-03"]
    assert found.orders == pytest.approx([math.log(2 / 3)] * 5, abs=1e-12)
    assert found.visits == pytest.approx([math.log(3 / 4)] * 5, abs=1e-12)
    assert found.size == pytest.approx(math.log(2 / 3))
    said = found.params()
    assert (said["before"], said["after"], said["share"]) == ("-33.3%", "+50.0%", "100%")
    note = next(n for n in ev.notes if n.code == FREQUENCY_NOTE)
    words = text(FREQUENCY_NOTE, "ja", **note.params)
    assert "2023-11〜2024-03の5か月" in words and "前後の年の平均より-33.3%" in words
    assert "訪問頻度や受注件数の伸び・落ち込みとしては見込みません" in words


def test_the_rebound_is_no_visit_frequency_trend_by_hand() -> None:
    """Booked, FY2023 (April 2023 – March 2024) holds 7 + 5 × 2 = 17 orders an account and
    7 × 2 + 5 × 3 = 29 visits where a normal year holds 22 and 34: the window ending March
    2025 is log(22/17) more orders and log(34/29) more visits per account than a year
    before. Read at the years either side every window is alike: no trend in orders or
    visits per account, orders per visit, unit price or revenue, and no strong year."""
    lev = _middle(MIDDLE_WARM).lever_evidence
    booked = lev.changes.xs(TEAM, level="rep")
    end = pd.Period("2025-03", freq="M")
    assert booked.at[end, "orders_per_account"] == pytest.approx(math.log(22 / 17))
    assert booked.at[end, "visits_per_account"] == pytest.approx(math.log(34 / 29))
    for lever in (
        "orders_per_account",
        "visits_per_account",
        "orders_per_visit",
        "unit_price",
        "revenue",
    ):
        assert lev.trend.at[TEAM, lever] == pytest.approx(0.0, abs=1e-12), lever
        assert lev.team_best[lever] == pytest.approx(0.0, abs=1e-12), lever


def test_the_month_pattern_reads_the_warm_winter_at_its_years_level_by_hand() -> None:
    """¥60,000 an account in each winter month, ¥20,000 in the others: a normal year's
    shares 1/22 April – October and 3/22 November – March, what the history without the
    warm winter makes."""
    ev = _middle(MIDDLE_WARM)
    expected = np.array([1 / 22] * 7 + [3 / 22] * 5)
    assert ev.seasonality == pytest.approx(expected, abs=1e-12)
    assert _middle(_usual).seasonality == pytest.approx(expected, abs=1e-12)


def test_what_is_no_frequency_swing() -> None:
    """A fall that stays (2 a winter month from November 2024 on); one rep's winter at 1
    (the team's −25% each way, but rep A holds 25 of the season's 175 orders, under two
    thirds); a dip in the light months (6 a winter month, 2 in the others, June – August
    2023 at 1: the run's months are the year's lighter ones); a company's good year (every
    month of FY2023 one delivery more: twelve months above both years, no heavier than the
    year); a swing larger than the season's extra (3 a winter month, 2 in the others, the
    winter of 2023/24 at 2: log 2/3 each way where the winter is 7/12 · log 3/2 = 23.7% over
    the year's mean in log); every year alike."""
    stays = _middle(
        lambda rep, m: (
            2 if m >= pd.Period("2024-11", freq="M") and m.month in WINTER else _usual(rep, m)
        )
    )
    assert stays.lever_evidence.frequency is None
    lo, hi = pd.Period("2023-11", freq="M"), pd.Period("2024-03", freq="M")
    one = _middle(lambda rep, m: 1 if rep == "A" and lo <= m <= hi else _usual(rep, m))
    assert one.lever_evidence.frequency is None
    summer = (pd.Period("2023-06", freq="M"), pd.Period("2023-08", freq="M"))

    def light(_rep: str, m: pd.Period) -> int:
        if summer[0] <= m <= summer[1]:
            return 1
        return 4 if m.month in WINTER else 2

    ev = _middle(light)
    assert ev.lever_evidence.frequency is None
    months = sorted(set(ev.facts.index.get_level_values("month")))
    assert frequency_swing(ev.facts, months[:48]) is None
    fy2023 = (pd.Period("2023-04", freq="M"), pd.Period("2024-03", freq="M"))
    good = _middle(lambda rep, m: _usual(rep, m) + (1 if fy2023[0] <= m <= fy2023[1] else 0))
    assert good.lever_evidence.frequency is None
    mild = _middle(lambda rep, m: MIDDLE_WARM(rep, m) if m.month in WINTER else 2)
    assert mild.lever_evidence.frequency is None
    assert _middle(_usual).lever_evidence.frequency is None


EDGE_WARM = _warm(("2024-11", "2025-03"))


def _edge(deliveries: Callable[[str, pd.Period], int], months: int = 30) -> Evidence:
    """April 2024 – September 2026 (30 months): the history's first winter, no year before."""
    h = _history("2024-04", months, deliveries)
    return build_evidence(h, PlanSettings(kgi=1.0, plan_year=2027, as_of=date(2026, 9, 30)))


def test_the_historys_first_winter_is_read_at_the_year_afters_level_by_hand() -> None:
    """November 2024 – March 2025 at 2 orders an account against 3 a year later, the rest
    of that year as the next: read at the year after's level (log 2/3 each month), the
    Plan says so, and no trend is left in orders or visits per account."""
    ev = _edge(EDGE_WARM)
    found = ev.lever_evidence.frequency
    assert found is not None and found.edge
    assert [str(m) for m in found.months] == ["2024-11", "2024-12", "2025-01", "2025-02", "2025-03"]
    assert found.orders == pytest.approx([math.log(2 / 3)] * 5, abs=1e-12)
    assert found.size == pytest.approx(math.log(2 / 3))
    note = next(n for n in ev.notes if n.code == FREQUENCY_EDGE_NOTE)
    words = text(FREQUENCY_EDGE_NOTE, "ja", **note.params)
    assert "履歴の最初の2024-11〜2025-03の5か月が、翌年の同じ月より-33.3%" in words
    assert "翌年の同じ月(2025-11〜2026-03)" in words
    lev = ev.lever_evidence
    for lever in ("orders_per_account", "visits_per_account", "revenue"):
        assert lev.trend.at[TEAM, lever] == pytest.approx(0.0, abs=1e-12), lever


def test_the_landing_reads_the_first_warm_winter_at_the_next_years_level_by_hand() -> None:
    """Landing FY2026 on 2026-09-30: April – September 2026 complete, 15 accounts × ¥20,000
    × 6 = ¥1,800,000. Read at the year after's level, April – September is 6/22 of every
    year before: the landing ¥6,600,000, what the history without the warm winter makes.
    As booked FY2024's April – September was 6/17 of its year, the average share
    (6/17 + 6/22) ÷ 2 and the landing ¥5,753,846 low (trial 50 M5: −4.1%)."""
    ev = _edge(EDGE_WARM)
    found = year_landing(ev, 2026, _history("2024-04", 30, EDGE_WARM))
    assert found is not None
    assert found.team("actual") == pytest.approx(1_800_000.0)
    assert found.team("landing") == pytest.approx(6_600_000.0, abs=1.0)
    flat = year_landing(_edge(_usual), 2026, _history("2024-04", 30, _usual))
    assert flat is not None and flat.team("landing") == pytest.approx(6_600_000.0, abs=1.0)
    booked = 1_800_000.0 / ((6 / 17 + 6 / 22) / 2)
    assert booked == pytest.approx(5_753_846.2, abs=0.1)  # what the booked shares gave


def test_a_first_year_that_moved_in_every_month_is_growth() -> None:
    """Every month of the second year one delivery more than the first (winter 3 → 4,
    the other months 1 → 2): the rest of the year moved too, so the first winter is no
    one-off season. A third year back at the first year's level in November 2026 (the
    later years disagree): not read either."""
    grew = _edge(lambda rep, m: _usual(rep, m) + (1 if m >= pd.Period("2025-04", freq="M") else 0))
    assert grew.lever_evidence.frequency is None

    def back(rep: str, m: pd.Period) -> int:
        return 2 if m == pd.Period("2026-11", freq="M") else EDGE_WARM(rep, m)

    h = _history("2024-04", 32, back)
    ev = build_evidence(h, PlanSettings(kgi=1.0, plan_year=2027, as_of=date(2026, 11, 30)))
    assert ev.lever_evidence.frequency is None


def test_a_cold_first_winter_is_said_the_other_way_round_by_hand() -> None:
    """November 2024 – March 2025 at 4 orders an account against 3 a year later (a cold
    first winter, log 4/3 above): read down at the year after's level, no trend left, and
    the Plan says a cold winter and that the plan reads low had the later one been warm
    (review50: the note said warm and high either way)."""
    lo, hi = pd.Period("2024-11", freq="M"), pd.Period("2025-03", freq="M")
    ev = _edge(lambda rep, m: 4 if lo <= m <= hi else _usual(rep, m))
    found = ev.lever_evidence.frequency
    assert found is not None and found.edge
    assert found.size == pytest.approx(math.log(4 / 3))
    assert found.note == FREQUENCY_EDGE_ABOVE_NOTE
    note = next(n for n in ev.notes if n.code == FREQUENCY_EDGE_ABOVE_NOTE)
    words = text(FREQUENCY_EDGE_ABOVE_NOTE, "ja", **note.params)
    assert "翌年の同じ月より+33.3%" in words and "天候(寒い冬など)" in words
    assert "見込みが低めになります" in words and "高め" not in words
    assert "reads low" in text(FREQUENCY_EDGE_ABOVE_NOTE, "en", **note.params)
    for lever in ("orders_per_account", "visits_per_account", "revenue"):
        assert ev.lever_evidence.trend.at[TEAM, lever] == pytest.approx(0.0, abs=1e-12), lever


def test_a_cold_winter_in_the_middle_is_said_both_ways_by_hand() -> None:
    """2023-11 – 2024-03 at 4 orders an account against 3 the year before and after: found
    above (log 4/3), and the note says neither a warm winter alone nor the fall after it
    as a rise (review50: 「暖冬など」, 「伸びとしては見込みません」 either way)."""
    lo, hi = pd.Period("2023-11", freq="M"), pd.Period("2024-03", freq="M")
    ev = _middle(lambda rep, m: 4 if lo <= m <= hi else _usual(rep, m))
    found = ev.lever_evidence.frequency
    assert found is not None and not found.edge
    assert found.size == pytest.approx(math.log(4 / 3))
    note = next(n for n in ev.notes if n.code == FREQUENCY_NOTE)
    said = (note.params["before"], note.params["after"], note.params["size"])
    assert said == ("+33.3%", "-25.0%", "+33.3%")
    words = text(FREQUENCY_NOTE, "ja", **note.params)
    assert "天候(暖冬・寒い冬など)" in words and "伸び・落ち込みとしては見込みません" in words
    assert "growth or decline" in text(FREQUENCY_NOTE, "en", **note.params)
