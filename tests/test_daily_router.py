"""The Daily list's routes planned elsewhere (core.daily's Router; routekpi.aside forks a child
for them on a big run): the same list whichever side plans which day, and whatever fails."""

from __future__ import annotations

import itertools
from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest

from routekpi.core.daily import (
    Points,
    RoutePlan,
    _route_days,
    daily_for,
    haversine_km,
    route_plan,
    short_route,
)
from routekpi.core.engine import Result, run
from routekpi.core.history import History, PlanSettings
from routekpi.sample import generate_sample

Work = Callable[[list[Points]], list[RoutePlan]]


@pytest.fixture(scope="module")
def result() -> Result:
    s = generate_sample()
    history = History(s.orders, s.visits, s.accounts, s.holidays)
    settings = PlanSettings(kgi=s.settings["KGI"], plan_year=2026, as_of=s.settings["AsOf"])
    return run(history, settings)


def _daily(result: Result, router: object = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    assert result.history is not None
    plan = daily_for(result.history, result.evidence, result.targets, router=router)  # type: ignore[arg-type]
    return plan.stops, plan.days


def test_routes_planned_by_a_router_give_the_same_list(result: Result) -> None:
    stops, days = _daily(result)
    asked: list[int] = []

    def router(work: Work, days_points: list[Points]) -> Callable[[], list[RoutePlan]]:
        asked.append(len(days_points))
        return lambda: work(days_points)

    routed_stops, routed_days = _daily(result, router)
    # The router got some of the days, not all of them (this side plans the rest).
    routed = int(np.isfinite(days["distance"].to_numpy(dtype=float)).sum())
    assert len(asked) == 1 and 0 < asked[0] < routed
    pd.testing.assert_frame_equal(routed_stops, stops)
    pd.testing.assert_frame_equal(routed_days, days)
    # The list is really routed: stops numbered 1.. along the day, with km between them.
    visits = stops[stops["kind"] == "visit"]
    first = visits.groupby(["rep", "date"], sort=False)["order"].min()
    assert (first == 1).all() and (visits["distance"] > 0).any()


def test_a_router_that_fails_leaves_the_routes_here(result: Result) -> None:
    stops, days = _daily(result)
    for router in (
        lambda work, pts: None,  # could not start
        lambda work, pts: lambda: None,  # started, then failed
        lambda work, pts: lambda: work(pts)[:-1],  # answered short
    ):
        routed_stops, routed_days = _daily(result, router)
        pd.testing.assert_frame_equal(routed_stops, stops)
        pd.testing.assert_frame_equal(routed_days, days)


def test_route_plan_is_the_short_route_with_exact_steps() -> None:
    rng = np.random.default_rng(3)
    points = [(35.6 + a, 139.7 + b) for a, b in rng.uniform(-0.05, 0.05, size=(12, 2))]
    path, steps = route_plan(points)
    assert path == short_route(points)
    assert steps[0] == 0.0
    assert steps[1:] == [haversine_km(*points[a], *points[b]) for a, b in itertools.pairwise(path)]


def test_deferred_days_are_put_back_in_their_reps_lists_in_route_order() -> None:
    """Two days of one rep, the second without coordinates: the first reordered along its
    route in place in the rep's list (the rows around it kept), its day row given the km;
    the second left as it was (no route: no number, no km, as ``_route`` leaves it)."""
    far, near, mid = (35.0, 139.0), (35.001, 139.0), (35.0005, 139.0)
    day1 = [
        {"account": a, "lat": p[0], "lon": p[1], "distance": np.nan}
        for a, p in (("start", far), ("far", (35.01, 139.0)), ("near", near), ("mid", mid))
    ]
    day2 = [{"account": "x", "lat": np.nan, "lon": np.nan, "distance": np.nan}]
    prospecting = {"account": "", "kind": "prospecting"}
    rep_stops = [*day1, prospecting, *day2]
    row1, row2 = {"distance": np.nan}, {"distance": np.nan}
    _route_days([(list(day1), rep_stops, 0, row1), (list(day2), rep_stops, 5, row2)], None)
    assert [s["account"] for s in rep_stops] == ["start", "mid", "near", "far", "", "x"]
    assert [s.get("order") for s in rep_stops] == [1, 2, 3, 4, None, None]
    km = [haversine_km(*far, *mid), haversine_km(*mid, *near), haversine_km(*near, 35.01, 139.0)]
    assert row1["distance"] == pytest.approx(sum(km)) and np.isnan(row2["distance"])  # type: ignore[arg-type]
    assert rep_stops[1]["distance"] == km[0]
