"""A one-off wave of closures (a churn shock year) out of the plan's churn and its record.

A chain's exit is one decision (core.chain_exit); a wave of independent closures — a
covid-like year when many restaurants closed — is many decisions with one cause. Carried as
it is, the wave makes next year's plan lose as many accounts again, and every year-on-year
window that spans it reads as a bad year: the team's record ("a strong year") and the
ceilings are read from the shrinking book (trial 44 M6: planned on 2024-12-30, after a
FY2023 with churn ×2.2 the other years', 200 cancellations planned for 132 real, the strong
year ±0 and the largest reachable KGI +1.6% beside a real +5.4%).

The rule, in plain words:

- **A shock year** is a fiscal year whose losses per account-year held (the team's
  cancellations ÷ the months' starting books ÷ 12) are more than ``SHOCK_RATIO`` times the
  median of the other years', with at least ``MIN_OTHER_YEARS`` other years to compare it
  with. A year counts with at least ``MIN_YEAR_MONTHS`` months of history (a part year is
  read per account-year, as a whole one). Only the year with the highest rate can be one,
  and only a wave that has passed and is no chance: a later year counts in the history (the
  last year's high churn may be the new normal, not a wave), and the year lost at least
  ``MIN_SHOCK_LOSSES`` accounts (six losses against the usual two are chance, not a wave).
  A year after it as high (``SHOCK_RATIO`` times the usual or more) says the wave goes on:
  none.
- **The base year itself** (the last year read, ``base_year``; trial 50 M4: a running-year
  plan for FY2026 whose base year FY2025 held a town's wave of switches to city gas, 67 of
  130 losses: its churn target 99 for 56 real) is a shock too when it is a whole year, the
  years before it show the usual level (the highest at most ``STEADY_RATIO`` times the
  lowest: a spike, not the end of a rise) and the months after it the data close (``after``:
  a running plan year's to date), from ``MIN_AFTER_MONTHS`` on, are not at the shock's level
  (their rate under ``SHOCK_RATIO`` times the usual). The Plan says the base year is read so
  (``Note("churn_shock_base")``; with the months since, ``churn_shock_base_after``). The
  months since are evidence only, not a year of the history: a history's first year can read
  high on losses from before it (trial 50's two line-level years: FY2024 8.5%, the wave 7.5%),
  and a running year's losses are known late. A part year at the end (the running year in a
  next-year plan) is still not over.
- **The churn** the plan reads counts the shock year's losses at the other years' rate: every
  rep's cancellations in its months × (usual ÷ shock rate) (``calm_losses``).
- **The year-on-year changes** (trends, record, ceilings) are read as if the shock's excess
  losses had not happened (``without_shock``): each month after one of them, the accounts
  lost beyond the usual rate (still thinning at the usual rate) are added back to the active
  accounts, and revenue, orders, quantity and visits grow with them at that month's per
  account values (the ratios between them stay as they were). Every window is kept: a rule
  that left out the windows spanning the wave would have none left within two years of it.
- The Plan says so (``Note("churn_shock")``, ``Note("churn_shock_base")``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from routekpi.core.calendar import fiscal_year_of
from routekpi.core.measure import TEAM

# A year's churn this many times the median of the other years' is a shock (trial 44: a
# closure wave ×2.2; the sample books' and the wholesale simulation's years lie within ×1.4
# of each other).
SHOCK_RATIO = 1.8
# Other years the shock is compared with: one other year is no "usual".
MIN_OTHER_YEARS = 2
# Months of history a fiscal year needs to count (its rate is per account-year).
MIN_YEAR_MONTHS = 6
# The shock year's team losses at the least: under it a high year is chance (a Poisson count
# of 30 at 1.8 times its usual mean of 16.7 has a chance of about 0.2%).
MIN_SHOCK_LOSSES = 30.0
# The base year as a shock (module doc): the other years' highest rate at most this many times
# their lowest (the sample books' and the wholesale simulation's years lie within ×1.4 of each
# other; trial 50's four years before the wave 44–54 losses a year); a rise (0.12, 0.24, then
# 0.48) is no usual level ...
STEADY_RATIO = 1.4
# ... and the months after it read only from this many on (one or two months of a small
# book's losses say little either way).
MIN_AFTER_MONTHS = 3
# The columns that are sizes of the book (``without_shock`` lifts them together).
SIZE_COLUMNS = ("revenue", "orders", "quantity", "visits", "active_accounts")


@dataclass(frozen=True)
class ChurnShock:
    """A fiscal year of losses far above the others' (module doc)."""

    year: int  # the fiscal year (calendar.fiscal_year_of)
    months: tuple[pd.Period, ...]  # its months in the history
    rate: float  # its losses per account-year
    usual: float  # the median of the other years' rates
    losses: float  # the team's losses in it
    # The last year read (the plan's base year): the other years' lowest and highest rates,
    # and the rate of the months after it (NaN: none read) with how many (module doc).
    base_year: bool = False
    low: float = float("nan")
    high: float = float("nan")
    after_rate: float = float("nan")
    after_months: int = 0

    @property
    def keep(self) -> float:
        """The share of the shock year's losses counted as usual (usual ÷ shock rate)."""
        return self.usual / self.rate

    @property
    def excess(self) -> float:
        """The team's losses in the shock year beyond the usual rate."""
        return self.losses * (1.0 - self.keep)


def churn_shock(
    facts: pd.DataFrame,
    months: list[pd.Period],
    fiscal_start_month: int,
    after: list[pd.Period] | None = None,
) -> ChurnShock | None:
    """The shock year of the team's losses in ``months`` (module doc), or None. ``after``:
    the months after ``months`` the data close (a running plan year's to date; None: none)."""
    if TEAM not in facts.index.get_level_values("rep"):
        return None
    every = facts.xs(TEAM, level="rep")
    if "cancellations" not in every.columns or "accounts_start" not in every.columns:
        return None
    every = every[["cancellations", "accounts_start"]].astype(float).fillna(0.0)
    team = every.reindex(months).fillna(0.0)
    years = pd.Index(
        [fiscal_year_of(m.start_time.date(), fiscal_start_month) for m in months], name="year"
    )
    by_year = team.groupby(years.to_numpy()).agg(["sum", "count"])
    counts = by_year[("cancellations", "count")]
    lost = by_year[("cancellations", "sum")][counts >= MIN_YEAR_MONTHS]
    held = by_year[("accounts_start", "sum")][counts >= MIN_YEAR_MONTHS] / 12.0
    ok = held > 0
    rates = (lost[ok] / held[ok]).astype(float)
    if len(rates) < 1 + MIN_OTHER_YEARS:
        return None
    top = int(rates.idxmax())
    usual = float(rates.drop(top).median())
    rate = float(rates[top])
    if not (usual > 0 and rate > SHOCK_RATIO * usual):
        return None
    if float(lost[top]) < MIN_SHOCK_LOSSES:
        return None  # too few losses to tell from chance (module doc)
    inside = tuple(m for m, y in zip(months, years, strict=True) if y == top)
    others = rates.drop(top)
    if top != int(rates.index.max()):
        # Passed: the years after it back under the bar (one as high goes on: no wave).
        if bool((others[others.index > top] >= SHOCK_RATIO * usual).any()):
            return None
        return ChurnShock(top, inside, rate, usual, float(lost[top]))
    # The last year read: a shock only as the plan's base year (module doc); after it a
    # part year under ``MIN_YEAR_MONTHS`` and the months ``after`` (a running plan year's).
    rest = [m for m, y in zip(months, years, strict=True) if y > top] + list(after or [])
    later = _rate(every.reindex(rest).dropna())
    steady = float(others.max()) <= STEADY_RATIO * float(others.min())
    whole = int(counts[top]) == 12
    calmed = later[1] < MIN_AFTER_MONTHS or later[0] < SHOCK_RATIO * usual
    if not (whole and steady and calmed):
        return None  # not over yet: the new normal, a rise, or still going (module doc)
    shown = later[1] >= MIN_AFTER_MONTHS
    return ChurnShock(
        top,
        inside,
        rate,
        usual,
        float(lost[top]),
        base_year=True,
        low=float(others.min()),
        high=float(others.max()),
        after_rate=later[0] if shown else float("nan"),
        after_months=later[1] if shown else 0,
    )


def _rate(team: pd.DataFrame) -> tuple[float, int]:
    """The team's losses per account-year held over ``team``'s months (``cancellations``,
    ``accounts_start``) and how many months (NaN rate: none held)."""
    held = float(team["accounts_start"].sum()) / 12.0
    if not len(team) or held <= 0:
        return float("nan"), len(team)
    return float(team["cancellations"].sum()) / held, len(team)


def _in_shock(facts: pd.DataFrame, shock: ChurnShock) -> np.ndarray:
    return np.asarray(facts.index.get_level_values("month").isin(shock.months), dtype=bool)


def calm_losses(facts: pd.DataFrame, shock: ChurnShock | None) -> pd.DataFrame:
    """``facts`` with the shock year's cancellations counted at the usual rate (module doc);
    ``facts`` itself without a shock."""
    if shock is None or "cancellations" not in facts.columns:
        return facts
    out = facts.copy()
    at = _in_shock(out, shock)
    out.loc[at, "cancellations"] = out.loc[at, "cancellations"].astype(float) * shock.keep
    return out


def without_shock(facts: pd.DataFrame, shock: ChurnShock | None) -> pd.DataFrame:
    """``facts`` as if the shock's excess losses had not happened (module doc): per rep, the
    accounts lost beyond the usual rate, each from the month after its loss and thinning at
    the usual monthly hazard, added to the active accounts; the book's sizes lifted with
    them. ``facts`` itself without a shock."""
    if shock is None or not {"cancellations", "active_accounts"} <= set(facts.columns):
        return facts
    hazard = 1.0 - float(np.exp(-shock.usual / 12.0))
    out = facts.copy()
    columns = [c for c in SIZE_COLUMNS if c in out.columns]
    for c in columns:
        out[c] = out[c].astype(float)
    shock_months = set(shock.months)
    for rep in out.index.get_level_values("rep").unique():
        rows = out.xs(rep, level="rep", drop_level=False).sort_index(level="month")
        back, lift = 0.0, []
        for (_, month), lost in rows["cancellations"].astype(float).items():
            lift.append(back)  # lost in an earlier month: missing from this one on
            back *= 1.0 - hazard
            if month in shock_months and np.isfinite(lost):
                back += lost * (1.0 - shock.keep)
        active = rows["active_accounts"].to_numpy(dtype=float)
        added = np.asarray(lift, dtype=float)
        factor = np.where(active > 0, 1.0 + added / np.where(active > 0, active, 1.0), 1.0)
        out.loc[rows.index, columns] = rows[columns].to_numpy(dtype=float) * factor[:, None]
    return out


def shock_params(shock: ChurnShock, year_name: str) -> dict[str, object]:
    """The Plan note's parameters (core stays free of the message catalog); for the base
    year also the other years' range and, where read, the months after it."""
    out: dict[str, object] = {
        "year": year_name,
        "rate": f"{shock.rate * 100:.1f}%",
        "usual": f"{shock.usual * 100:.1f}%",
        "times": f"{shock.rate / shock.usual:.1f}",
        "excess": f"{shock.excess:,.0f}",
    }
    if shock.base_year:
        out["low"] = f"{shock.low * 100:.1f}%"
        out["high"] = f"{shock.high * 100:.1f}%"
        out["months"] = shock.after_months
        out["after"] = f"{shock.after_rate * 100:.1f}%" if shock.after_months else ""
    return out


def shock_note_code(shock: ChurnShock) -> str:
    """The Plan note's message key: the base year's own words (module doc) or the wave's."""
    if not shock.base_year:
        return "churn_shock"
    return "churn_shock_base_after" if shock.after_months else "churn_shock_base"
