"""A season whose quantity per order swung and came back is weather, not a trend (core.swing,
trial 37: a warm winter, then a normal one; the rebound read as the team's strong year).

The histories: three reps with five accounts each, every account ordering once a month on
the month's last day at ¥100 a litre, April 2022 – March 2026 (48 months); the plan year
FY2026 (baseline April 2025 – March 2026). 200 litres an order unless said.
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
from routekpi.core.swing import SWING_NOTE, weather_swing
from routekpi.messages import text
from tests.history_helpers import OrderLine, rep_accounts

FIRST = pd.Period("2022-04", freq="M")
MONTHS = 48
REPS = ("A", "B", "C")
AS_OF = date(2026, 3, 31)
# The warm winter: November 2023 – March 2024 (t = 19 … 23).
WARM = range(19, 24)


def _history(litres: Callable[[str, int], float | None]) -> History:
    """One order an account a month: ``litres(rep, t)`` at ¥100 a litre (t = 0: April 2022);
    None: the quantity left blank (the amount is 200 litres' worth)."""

    def line(rep: str, _i: int, month: pd.Period) -> list[OrderLine]:
        t = (month - FIRST).n
        q = litres(rep, t)
        amount = 100.0 * (200.0 if q is None else q)
        return [(month.end_time.normalize(), amount, np.nan if q is None else float(q))]

    return rep_accounts(REPS, FIRST, MONTHS, line)


def _evidence(h: History) -> Evidence:
    return build_evidence(h, PlanSettings(kgi=1.0, plan_year=2026, as_of=AS_OF))


def _warm(_rep: str, t: int) -> float:
    """180 litres an order (−10%) in the warm winter, 200 before and after."""
    return 180.0 if t in WARM else 200.0


def test_a_warm_winter_then_a_normal_one_is_found_by_hand() -> None:
    """Each warm month: log(180 ÷ 200) = −10.5% (−10.0%) on the year before and +11.1% the
    year after, so log 0.9 against the mean of the two: the season 2023-11 – 2024-03, every
    rep had it (100% of the orders)."""
    ev = _evidence(_history(_warm))
    swing = ev.lever_evidence.swing
    assert swing is not None
    assert [str(m) for m in swing.months] == ["2023-11", "2023-12", "2024-01", "2024-02", "2024-03"]
    assert swing.sizes == pytest.approx([math.log(0.9)] * 5, abs=1e-12)
    said = swing.params()
    assert (said["size"], said["before"], said["after"], said["share"]) == (
        "-10.0%",
        "-10.0%",
        "+11.1%",
        "100%",
    )
    note = next(n for n in ev.notes if n.code == SWING_NOTE)
    words = text(SWING_NOTE, "ja", **note.params)
    assert "2023-11〜2024-03の5か月" in words and "前後の年の平均より-10.0%" in words
    assert "月別の構成比(各月の目標と着地見込み)は、この5か月を" in words
    assert "前年実績(基準)は実績のままです" in words


def test_the_rebound_is_no_trend_and_no_strong_year_by_hand() -> None:
    """Booked, a window holding the five warm months is 11.5 ÷ 12 of a normal one: the
    windows ending April – October 2025 are +4.26% (log 12 ÷ 11.5) on a year before, November
    2025 log 12 ÷ 11.6 (four warm months a year before), … March 2026 0. Read at the years
    either side, every window is the same and every change 0: no revenue or unit-price trend,
    no strong year. The Plan's history (the changes kept) is as booked."""
    ev = _evidence(_history(_warm))
    lev = ev.lever_evidence
    booked = lev.changes.xs(TEAM, level="rep")
    rebound = math.log(12 / 11.5)
    assert booked.at[pd.Period("2025-04", freq="M"), "revenue"] == pytest.approx(rebound)
    assert booked.at[pd.Period("2024-03", freq="M"), "revenue"] == pytest.approx(-rebound)
    assert booked.at[pd.Period("2025-11", freq="M"), "revenue"] == pytest.approx(
        math.log(12 / 11.6)
    )
    assert booked.at[pd.Period("2026-03", freq="M"), "revenue"] == pytest.approx(0.0, abs=1e-12)
    for lever in ("revenue", "unit_price"):
        assert lev.trend.at[TEAM, lever] == pytest.approx(0.0, abs=1e-12)
        assert lev.team_high[lever] == pytest.approx(0.0, abs=1e-12)
        assert lev.team_best[lever] == pytest.approx(0.0, abs=1e-12)


def test_one_reps_swing_is_his_own() -> None:
    """Only rep A's orders at 140 litres (−35.7%) in those months: the team's quantity per
    order is (2 × 200 + 140) ÷ 3 = 180 (−10.5%), but reps holding a third of the orders had
    it, short of two thirds: no season. B's and C's are 200 throughout."""
    ev = _evidence(_history(lambda rep, t: 140.0 if rep == "A" and t in WARM else 200.0))
    assert ev.lever_evidence.swing is None
    assert not any(n.code == SWING_NOTE for n in ev.notes)


def test_a_fall_that_stays_or_a_season_every_year_is_no_swing() -> None:
    """180 litres from November 2023 on (down once, not back): the year after is no higher.
    A winter at three times the summer every year (the season, no swing): nothing either.
    The quantity left blank: not read."""
    stays = _evidence(_history(lambda _r, t: 180.0 if t >= 19 else 200.0))
    assert stays.lever_evidence.swing is None

    def winter(_rep: str, t: int) -> float:
        return 600.0 if (FIRST + t).month in (11, 12, 1, 2, 3) else 200.0

    assert _evidence(_history(winter)).lever_evidence.swing is None
    assert _evidence(_history(lambda _r, _t: None)).lever_evidence.swing is None


def test_two_weak_months_are_no_season() -> None:
    """Only December 2023 and January 2024 at 180 litres: two months at −10% each way, short
    of three (``SWING_MONTHS``). The same five months at 195 litres (−2.5%): under 5% each
    way. Read on the facts directly."""
    for litres in (
        lambda _r, t: 180.0 if t in (20, 21) else 200.0,
        lambda _r, t: 195.0 if t in WARM else 200.0,
    ):
        ev = _evidence(_history(litres))
        months = [m for m in sorted(set(ev.facts.index.get_level_values("month")))]
        assert weather_swing(ev.facts, months[:MONTHS]) is None


def test_the_month_pattern_reads_the_warm_winter_at_its_years_level_by_hand() -> None:
    """Trial 42 H3: the month pattern kept a weather-hit season as a lighter one in every year
    to come. Every account orders the same 200 litres a month but in the warm winter, so read
    at the years either side each month is 1/12 of the year. As booked FY2023 (April 2023 –
    March 2024) is 7 + 5 × 0.9 = 11.5 months' worth: its November – March shares 0.9 ÷ 11.5,
    and the average over FY2022 – FY2025 would put November 2026 at (3/12 + 0.9/11.5) ÷ 4."""
    ev = _evidence(_history(_warm))
    assert ev.lever_evidence.swing is not None
    assert ev.seasonality == pytest.approx(np.full(12, 1 / 12), abs=1e-12)
    flat = _evidence(_history(lambda _r, _t: 200.0))
    assert flat.lever_evidence.swing is None
    assert flat.seasonality == pytest.approx(ev.seasonality, abs=1e-12)


def test_the_landing_reads_the_warm_winter_at_its_years_level_by_hand() -> None:
    """The same books to September 2026, landing FY2026 (April 2026 – March 2027) on
    2026-09-30: six complete months, 15 accounts × ¥20,000 × 6 = ¥1,800,000. Read at the years
    either side, April – September is half of every year before: the landing ¥3,600,000,
    what the flat books make. As booked FY2023's April – September was 6 ÷ 11.5 of its year,
    the average share (3 × 0.5 + 6 ÷ 11.5) ÷ 4 = 0.50543, and the landing ¥3,561,290 low."""
    months = MONTHS + 6

    def line(rep: str, _i: int, month: pd.Period) -> list[OrderLine]:
        q = _warm(rep, (month - FIRST).n)
        return [(month.end_time.normalize(), 100.0 * q, q)]

    h = rep_accounts(REPS, FIRST, months, line)
    as_of = date(2026, 9, 30)
    ev = build_evidence(h, PlanSettings(kgi=1.0, plan_year=2026, as_of=as_of))
    found = year_landing(ev, 2026, h)
    assert found is not None
    assert found.team("actual") == pytest.approx(1_800_000.0)
    assert found.team("landing") == pytest.approx(3_600_000.0, abs=1.0)
    booked = 1_800_000.0 / ((3 * 0.5 + 6 / 11.5) / 4)
    assert booked == pytest.approx(3_561_290.3, abs=0.1)  # what the booked shares gave
