"""A book under a year old: its revenue ceiling is its levers' ceilings together, not the
year-on-year bound (targets.young_books; trial 44 M5: 加藤, from 2026-04, held at ¥80.5M
for FY2027 against ¥123.5M sold).

The evidence is a stand-in with the fields the rule reads, numbers by hand: every rep's
baseline revenue ¥10M; lever headroom (log) ×2 active accounts, ×1.1 visits per account,
×1 orders per visit, ×1.2 unit price — together ×2.64; the revenue bound ×1.5."""

from __future__ import annotations

import math
from types import SimpleNamespace

import pandas as pd
import pytest

from routekpi.core.targets import rep_maxima, young_book_notes, young_books
from routekpi.messages import text

TEAM = "ALL"
LEVERS = ("active_accounts", "visits_per_account", "orders_per_visit", "unit_price")
BASELINE = list(pd.period_range("2026-01", "2026-12", freq="M"))


def _ev(starts: dict[str, str], building: tuple[str, ...]) -> SimpleNamespace:
    reps = ("V", "K", "O")
    head = [math.log(2.0), math.log(1.1), 0.0, math.log(1.2), math.log(1.5)]
    headroom = pd.DataFrame([head] * 3, index=list(reps), columns=[*LEVERS, "revenue"])
    base = pd.DataFrame({"revenue": [10e6] * 3}, index=list(reps))
    ceiling = pd.DataFrame({"active_accounts": [40.0, 38.8, 40.0]}, index=list(reps))
    flows = SimpleNamespace(new_per_year=pd.Series({"K": 25.1, "O": 30.0}))
    # K won 20 accounts in 2026-06 (his own); nobody was handed any.
    facts = pd.DataFrame(
        {"new_accounts": [20.0]},
        index=pd.MultiIndex.from_tuples([("K", pd.Period("2026-06", "M"))], names=["rep", "month"]),
    )
    return SimpleNamespace(
        facts=facts,
        handed_in={},
        reps=reps,
        levers=LEVERS,
        headroom=headroom,
        base=base,
        ceiling=ceiling,
        flows=flows,
        building=building,
        starts={r: pd.Period(m, "M") for r, m in starts.items()},
        baseline_months=BASELINE,
    )


def test_a_book_under_a_year_old_reaches_its_levers_ceilings_together() -> None:
    # K began 2026-04: 9 months at the baseline's end (2026-12). O began 2025-11, building
    # but 14 months old: the bound holds him, as it holds the veteran V.
    ev = _ev({"K": "2026-04", "O": "2025-11"}, ("K", "O"))
    assert young_books(ev) == {"K": 9}
    maxima = rep_maxima(ev)
    assert maxima["K"] == pytest.approx(10e6 * 2.0 * 1.1 * 1.2)  # ¥26.4M
    assert maxima["V"] == pytest.approx(15e6)  # min(×2.64, ×1.5)
    assert maxima["O"] == pytest.approx(15e6)


def test_a_newcomer_not_building_his_first_book_keeps_the_bound() -> None:
    # Began 2026-04 but handed a book (not in ``building``): his book has a past.
    ev = _ev({"K": "2026-04"}, ())
    assert young_books(ev) == {}
    assert rep_maxima(ev)["K"] == pytest.approx(15e6)


def test_a_book_mostly_handed_over_keeps_the_bound() -> None:
    # 25 accounts handed to K against his 20 wins: his book has its accounts' past.
    ev = _ev({"K": "2026-04"}, ("K",))
    ev.handed_in = {"K": 25}
    assert young_books(ev) == {}
    assert rep_maxima(ev)["K"] == pytest.approx(15e6)
    ev.handed_in = {"K": 20}  # no more than he won: still his own book
    assert young_books(ev) == {"K": 9}


def test_the_plan_note_names_the_age_the_ceiling_and_the_bound() -> None:
    ev = _ev({"K": "2026-04", "O": "2025-11"}, ("K", "O"))
    (note,) = young_book_notes(ev)
    assert note.code == "young_book_ceiling"
    assert note.params == {
        "rep": "K",
        "months": 9,
        "ceiling": "26,400,000",
        "bound": "15,000,000",
        "accounts": "38.8",
        "wins": "25.1",
    }
    line = text(note.code, "ja", **note.params)
    assert (
        "9か月" in line and "¥15,000,000" in line and "¥26,400,000" in line and "年25.1件" in line
    )
    # A bound already above the levers' ceilings together: nothing raised, nothing said.
    ev.headroom.loc["K", "revenue"] = math.log(3.0)
    assert young_book_notes(ev) == []
    assert rep_maxima(ev)["K"] == pytest.approx(26.4e6)


def test_the_sheets_revenue_ceiling_of_a_young_book_is_its_reach() -> None:
    """Targets' 根拠上限 of a book under a year old holds what the split bounds him by: his
    levers' ceilings together (¥26.4M), not the year-on-year bound (¥15M) — the trial's
    加藤 showed a target of ¥87.8M, every lever at its ceiling, over a ceiling of ¥72.7M.
    The team's ceiling, the reps' sum, rises with it; the others' stay."""
    from routekpi.core.targets import building_ceilings

    ev = _ev({"K": "2026-04", "O": "2025-11"}, ("K", "O"))
    ev.ceiling = pd.DataFrame({"revenue": [15e6, 15e6, 15e6, 45e6]}, index=["V", "K", "O", TEAM])
    out = building_ceilings(ev)
    assert out.at["K", "revenue"] == pytest.approx(26.4e6)
    assert (out.at["V", "revenue"], out.at["O", "revenue"]) == (15e6, 15e6)
    assert out.at[TEAM, "revenue"] == pytest.approx(45e6 + 11.4e6)
    assert ev.ceiling.at["K", "revenue"] == 15e6  # the evidence's own table is not changed
