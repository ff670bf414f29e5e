"""Overrides: typed targets replace computed ones, and sums stay sums (core/overrides.py).

Trial 18: a rep on leave for October and November had his visit targets typed 0 for those
months; the months became 0 but his year stayed 1,477 (the months summed to 1,245) and his
pace to date did not move. Each case runs the engine on the seeded sample (FY2026 from
April, as of 2026-06-30) and checks the targets against sums computed here.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import pandas as pd
import pytest

from routekpi.core.engine import Result, run
from routekpi.core.history import History, Override, PlanSettings
from routekpi.core.measure import TEAM
from routekpi.sample import generate_sample

AS_OF = date(2026, 6, 30)
FY = "FY2026"
MONTHS = [f"2026-{m:02d}" for m in range(4, 13)] + [f"2027-{m:02d}" for m in range(1, 4)]


@lru_cache(maxsize=1)
def _history() -> tuple[History, float, str]:
    s = generate_sample(seed=5, reps=3, accounts=60)
    return (
        History(s.orders, s.visits, s.accounts, s.holidays),
        1.0e8,
        sorted(s.orders["rep"].unique())[0],
    )


def _run(*overrides: Override) -> Result:
    history, kgi, _ = _history()
    settings = PlanSettings(kgi=kgi, plan_year=2026, as_of=AS_OF, overrides=tuple(overrides))
    return run(history, settings)


def _rows(t: pd.DataFrame, kpi: str, rep: str) -> pd.Series:
    rows = t[(t["kpi"] == kpi) & (t["rep"] == rep)]
    return rows.set_index("period")["target"]


def test_months_typed_make_the_year_and_the_team_their_sums() -> None:
    """Visits of 0 typed for May and June: the rep's year is his months' sum, the team's
    months and year its reps' sums, and the pace to date follows the typed months."""
    rep = _history()[2]
    plain = _run().targets
    typed = _run(Override("visits", rep, "2026-05", 0.0), Override("visits", rep, "2026-06", 0.0))
    before, after = _rows(plain, "visits", rep), _rows(typed.targets, "visits", rep)
    assert after["2026-05"] == 0 and after["2026-06"] == 0
    # The other months as computed; the year is what they leave.
    others = [m for m in MONTHS if m not in ("2026-05", "2026-06")]
    assert after[others].tolist() == before[others].tolist()
    assert after[FY] == pytest.approx(before[others].sum(), abs=1e-9)
    assert after[FY] < before[FY]
    for period in [FY, *MONTHS]:
        reps = typed.targets[
            (typed.targets["kpi"] == "visits") & (typed.targets["period"] == period)
        ]
        team = float(reps.loc[reps["rep"] == TEAM, "target"].iloc[0])
        assert team == pytest.approx(float(reps.loc[reps["rep"] != TEAM, "target"].sum()))
    # What is due by June 30 is April's target: May and June ask nothing.
    year = typed.attainment
    row = year[(year["period"] == FY) & (year["rep"] == rep) & (year["kpi"] == "visits")].iloc[0]
    assert row["target_to_date"] == pytest.approx(after["2026-04"])
    plain_row = _run().attainment
    plain_row = plain_row[
        (plain_row["period"] == FY) & (plain_row["rep"] == rep) & (plain_row["kpi"] == "visits")
    ].iloc[0]
    assert plain_row["pace"] < row["pace"]
    assert [n.code for n in typed.notes if n.code.startswith("override")] == []


def test_a_year_typed_is_shared_by_its_months_and_the_team_leaves_the_kgi() -> None:
    """Revenue ¥20,000,000 typed for the year: the months share it in proportion to their
    computed targets (whole yen, summing exactly); the team's year is the reps' sum, and a
    note says how far that is from the KGI."""
    rep = _history()[2]
    plain = _run().targets
    typed = _run(Override("revenue", rep, FY, 20_000_000.0))
    before, after = _rows(plain, "revenue", rep), _rows(typed.targets, "revenue", rep)
    assert after[FY] == 20_000_000
    assert after[MONTHS].sum() == 20_000_000
    share = before[MONTHS] / before[MONTHS].sum() * 20_000_000
    assert (after[MONTHS] - share).abs().max() <= 1.0  # each within a yen of its share
    team = _rows(typed.targets, "revenue", TEAM)
    reps = typed.targets[(typed.targets["kpi"] == "revenue") & (typed.targets["period"] == FY)]
    total = float(reps.loc[reps["rep"] != TEAM, "target"].sum())
    assert team[FY] == pytest.approx(total)
    (note,) = [n for n in typed.notes if n.code == "override_team_off_kgi"]
    assert note.params["team"] == f"¥{total:,.0f}"
    assert note.params["gap"] == f"{total - 1.0e8:+,.0f}"


def test_typed_months_above_the_typed_year_are_kept_and_said() -> None:
    """Year 100 visits typed and April alone 150: nothing is left for the other months, what
    was typed stays, and a note names the rep, the KPI and both sums."""
    rep = _history()[2]
    typed = _run(Override("visits", rep, FY, 100.0), Override("visits", rep, "2026-04", 150.0))
    after = _rows(typed.targets, "visits", rep)
    assert after[FY] == 100 and after["2026-04"] == 150
    (note,) = [n for n in typed.notes if n.code == "override_months_miss_year"]
    months = float(after[MONTHS].sum())
    assert note.params == {
        "kpi": "visits",
        "rep": rep,
        "period": FY,
        "year": "100",
        "months": f"{months:,.0f}",
    }
    assert months > 100


def test_a_ratio_typed_changes_its_row_only() -> None:
    """Unit price typed for May: that row, nothing else."""
    rep = _history()[2]
    plain = _run().targets
    typed = _run(Override("unit_price", rep, "2026-05", 12_345.0)).targets
    changed = plain.compare(typed)
    assert len(changed) == 1
    row = typed.loc[changed.index[0]]
    assert (row["kpi"], row["rep"], row["period"], row["target"]) == (
        "unit_price",
        rep,
        "2026-05",
        12_345.0,
    )
