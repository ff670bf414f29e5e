"""How a year's targets spread over its months: by working days, and along the account path.

- **Seasonality per working day**: a month's share of the year is its usual level per working
  day (the history's, each history month divided by its own working days) times the plan
  month's working days. A May with Golden Week asks for fewer visits than a June, however
  many working days last year's May had; the year's total is unchanged.
  That holds when the history's sales follow its working days; a business that visits
  each account so many times a month whatever the month's days (the sample's routes) shows
  last years' shares better. Which of the two tells the history's years better decides
  (``follows_working_days``: each year predicted from the others both ways); one full year
  cannot tell, and keeps last year's shares (as a history without a full year keeps even
  months).
- **The account path**: active accounts is the average of the year's 12 month-end books
  (flows.py), so a target that is the same every month says the book neither grows nor
  shrinks. The months follow a straight line from the book at the year's start whose
  average is the year's target: month-end k is ``start + (target − start) × k ÷ 6.5``
  (the mean of k over 1…12 is 6.5).
- **Each rep's own season** (``own_season_weights``): a rep whose months differ from the
  team's (旭川's snowed-in January against 札幌's) keeps part of his own difference. His
  month shares are the team's plus ``z`` × his usual difference from the team's shares in the
  same full years, ``z = τ² ÷ (τ² + σ² ÷ n)`` (Bühlmann credibility): τ² how far the reps'
  usual shapes really differ from the team's, σ² how much his own difference swings from
  year to year (the reps' pooled swing when he has one year), n his full years. A rep with
  several steady years keeps most of his own shape; one year, or a shape that swings, stays
  near the team's; a team whose reps share one season stays on the team's. Only when the
  reps' own shapes told their past years better than the team's (``own_seasons_tell_better``:
  each year from the others, as ``follows_working_days`` decides the working days).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

# The mean month-end index over a year (1 … 12): a straight path from the start reaches its
# average at this month.
_MEAN_MONTH = 6.5
_MONTHS = np.arange(1, 13, dtype=float)


def per_day_index(values: np.ndarray, days: np.ndarray) -> np.ndarray | None:
    """One history year's level per working day in each month ÷ its level per working day
    over the year (1.0 = a month like the year); None when a month has no working day or the
    year no level."""
    values, days = np.asarray(values, dtype=float), np.asarray(days, dtype=float)
    if not (np.isfinite(values).all() and (days > 0).all()) or values.sum() <= 0:
        return None
    return (values / days) / (values.sum() / days.sum())


def follows_working_days(values: list[np.ndarray], days: list[np.ndarray]) -> bool:
    """Whether the full history years' months are told better per working day than as
    shares of the year: each year's month shares predicted from the other years' both ways
    (leave one year out), the smaller sum of squared errors winning (a tie: per working day).
    False with fewer than two years: nothing to compare."""
    if len(values) < 2:
        return False
    shares = [v / v.sum() for v in values]
    index = [v / d / (v.sum() / d.sum()) for v, d in zip(values, days, strict=True)]
    per_month = per_day = 0.0
    for i, (actual, plan_days) in enumerate(zip(shares, days, strict=True)):
        others = [j for j in range(len(values)) if j != i]
        by_share = np.mean([shares[j] for j in others], axis=0)
        by_day = shares_by_working_days(np.mean([index[j] for j in others], axis=0), plan_days)
        per_month += float(((by_share / by_share.sum() - actual) ** 2).sum())
        per_day += float(((by_day - actual) ** 2).sum())
    return per_day <= per_month


def shares_by_working_days(index: np.ndarray, days: np.ndarray) -> np.ndarray:
    """Each plan month's share of the year: its level per working day × its working days,
    normalised to 1 (even shares when the plan year has no working day at all)."""
    weight = np.asarray(index, dtype=float) * np.asarray(days, dtype=float)
    total = float(weight.sum())
    return weight / total if total > 0 else np.full(len(weight), 1 / len(weight))


def account_path(start: np.ndarray, average: np.ndarray) -> np.ndarray:
    """Month-end books (rep × 12) on a straight line from ``start`` whose mean is ``average``.

    A rep whose line would fall below 0 by the year's end (a target under half the starting
    book), or whose start or target is not a number, keeps the target every month."""
    start = np.asarray(start, dtype=float)[:, None]
    average = np.asarray(average, dtype=float)[:, None]
    with np.errstate(invalid="ignore"):
        path = start + (average - start) * _MONTHS[None, :] / _MEAN_MONTH
        flat = ~(np.isfinite(path).all(axis=1) & (path >= 0).all(axis=1))
    return np.where(flat[:, None], np.repeat(average, 12, axis=1), path)


def own_season_weights(differences: dict[str, list[np.ndarray]]) -> dict[str, float]:
    """Rep → how much of his own month shape he keeps (0 … 1): ``τ² ÷ (τ² + σ²ᵣ ÷ nᵣ)``.

    ``differences``: rep → one array per full year he worked throughout, his month shares
    minus the team's that year. σ²ᵣ: the variance of his differences across his years (mean
    over months, n − 1 in the divisor); with one year, the pooled σ² of the reps with two or
    more (weighted by n − 1). τ²: the mean square of the reps' mean differences less what
    their own swings add to it (the mean of σ²ᵣ ÷ nᵣ), at least 0. All 0 when no rep has two
    years (no swing to measure) or the reps do not differ (τ² = 0).
    """
    years = {rep: np.vstack(d) for rep, d in differences.items() if len(d)}
    if not years:
        return {}
    swing = {r: float(y.var(axis=0, ddof=1).mean()) for r, y in years.items() if len(y) > 1}
    if not swing:
        return dict.fromkeys(years, 0.0)
    dof = {r: len(years[r]) - 1 for r in swing}
    pooled = sum(swing[r] * dof[r] for r in swing) / sum(dof.values())
    noise = {r: swing.get(r, pooled) / len(y) for r, y in years.items()}
    spread = float(np.mean([(y.mean(axis=0) ** 2).mean() for y in years.values()]))
    between = max(0.0, spread - float(np.mean(list(noise.values()))))
    return {r: between / (between + noise[r]) if between + noise[r] > 0 else 0.0 for r in years}


def own_seasons_tell_better(years: dict[str, dict[int, np.ndarray]]) -> bool:
    """Whether the reps' own shapes told their past years better than the team's: each
    rep's difference in each full year predicted from his other years (leave one year out:
    the part kept, ``own_season_weights`` of the other years, × his usual difference in
    them) against no difference (the team's shape), the smaller sum of squared errors
    winning (a tie: the team's). ``years``: rep → year → his difference that year. So it
    takes three full years: with two, the year left out leaves one, no swing to measure, and
    every rep is kept at 0 (a tie)."""
    every = sorted({y for found in years.values() for y in found})
    own = team = 0.0
    for held in every:
        rest = {r: [d for y, d in found.items() if y != held] for r, found in years.items()}
        kept = own_season_weights(rest)
        for rep, found in years.items():
            if held not in found or not rest[rep]:
                continue
            actual = found[held]
            guess = kept.get(rep, 0.0) * np.mean(rest[rep], axis=0)
            own += float(((actual - guess) ** 2).sum())
            team += float((actual**2).sum())
    return own < team


def own_season(team: np.ndarray, difference: np.ndarray, weight: float) -> np.ndarray:
    """A rep's share of the year per plan month: the team's ``team`` plus ``weight`` × his
    usual ``difference`` from it (no month below 0; the shares sum to 1)."""
    shares = np.clip(np.asarray(team, dtype=float) + weight * np.asarray(difference), 0, None)
    total = float(shares.sum())
    return shares / total if total > 0 else np.asarray(team, dtype=float)


def baseline_years_back(month: pd.Period, last_base: pd.Period) -> int:
    """How many years before ``month`` its same-month baseline lies: 1 (last year's), or more
    when that month is after the baseline's last complete month ``last_base`` (planning
    before last year has closed: its November is not in yet, so November 2 years back).
    The rule of ``baselines._same_month_last_year``."""
    return max(1, math.ceil((month - last_base).n / 12))
