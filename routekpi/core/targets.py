"""From KGI to KPI targets: rep split, water-filling over the levers, month and day splits.

The method, in plain words (this is what the Plan sheet explains to a manager):

1. Revenue = active accounts × visits per account × orders per visit × unit price (× 12 months
   for a year). Last year's values of these four levers multiply to last year's revenue.
2. Each rep gets a share of the KGI (default: in proportion to last year's revenue). The rep's
   required uplift is g = share ÷ last year's revenue.
3. log(g) is spread over the four levers by the policy weights on Settings. No lever may go
   above its evidence ceiling (what the best 10% of the company's own rep-months achieved);
   what a capped lever cannot carry is handed to the others ("water-filling").
4. If a rep is capped on every lever, the rest of their share goes to reps with room left. If
   the whole team is capped, the KGI is infeasible: the targets are the ceilings and the Plan
   says the largest reachable KGI and the gap. No target is ever set above the evidence.
5. Active accounts are reached through retention, new accounts from meetings, and appointments:
   each of those rates moves the same fraction of the way from last year to its ceiling.
6. Months follow seasonality (visit frequency carries it); days divide a month's target by its
   working days (weekdays minus national and company holidays).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from routekpi.core.baselines import Evidence, Note
from routekpi.core.catalog import KPI_BY_KEY, LEVER_WEIGHT_SETTING
from routekpi.core.measure import TEAM
from routekpi.core.rounding import controlled_round

# Relative tolerance for "the KGI is reachable".
FEASIBILITY_TOL = 1e-9
COUNT_KPIS = (
    "visits",
    "orders",
    "new_accounts",
    "cancellations",
    "meetings",
    "appointment_attempts",
)
# KPIs produced per rep × month in the Targets table, in display order.
TARGET_KPIS = (
    "revenue",
    "active_accounts",
    "visits_per_account",
    "orders_per_account",
    "orders_per_visit",
    "unit_price",
    "visits",
    "orders",
    "retention_rate",
    "churn_rate",
    "cancellations",
    "new_accounts",
    "meetings",
    "appointment_attempts",
    "appointment_rate",
    "meeting_win_rate",
    "usage_to_date",
    "retention_months",
)


def water_fill(uplift_log: float, weights: np.ndarray, headroom: np.ndarray) -> np.ndarray:
    """Spread ``uplift_log`` over levers by weight, none past its headroom (all in log space).

    Levers with weight 0 move only when every weighted lever is capped. A negative uplift (KGI
    below baseline) is spread by weight with no cap. Returns each lever's log-uplift; when the
    total headroom is smaller than the uplift every lever sits at its headroom.
    """
    w = np.asarray(weights, dtype=float)
    h = np.maximum(np.asarray(headroom, dtype=float), 0.0)
    if w.sum() <= 0:
        w = np.ones_like(w)
    if uplift_log <= 0:
        return uplift_log * w / w.sum()
    x = np.zeros_like(h)
    remaining = uplift_log
    for group in (w > 0, w <= 0):
        if remaining <= 0 or not group.any():
            continue
        # Zero-weight levers share what is left equally.
        gw = np.where(group, np.where(w > 0, w, 1.0), 0.0)
        x_group, remaining = _fill(remaining, gw, np.where(group, h, 0.0))
        x += x_group
    return x


def _fill(amount: float, w: np.ndarray, h: np.ndarray) -> tuple[np.ndarray, float]:
    """x_i = min(h_i, λ·w_i) with Σx = amount (or all at h when that is not enough)."""
    active = w > 0
    if h[active].sum() <= amount:
        return np.where(active, h, 0.0), amount - float(h[active].sum())
    # λ is found by walking the levers in the order they hit their caps.
    ratios = np.where(active, h / np.where(active, w, 1.0), np.inf)
    order = np.argsort(ratios)
    used, w_left = 0.0, float(w[active].sum())
    lam = 0.0
    for i in order:
        if not active[i]:
            continue
        if used + ratios[i] * w_left >= amount:
            lam = (amount - used) / w_left
            break
        used += h[i]
        w_left -= w[i]
    else:
        # Rounding left the amount a hair above Σh after all: every lever is at its cap.
        return np.where(active, h, 0.0), 0.0
    return np.where(active, np.minimum(h, lam * w), 0.0), 0.0


def split_reps(kgi: float, weights: pd.Series, maxima: pd.Series) -> pd.Series:
    """Rep revenue targets t_r = min(max_r, s·w_r) summing to the KGI (or all maxima).

    Reps with weight 0 get nothing unless the weighted reps are all at their maxima; then
    they share the rest equally (capped at their own maxima), as zero-weight levers do.
    """
    w = weights.astype(float).clip(lower=0)
    m = maxima.astype(float)
    if kgi >= m.sum():
        return m.copy()
    if w.sum() <= 0:
        w = pd.Series(1.0, index=w.index)
    weighted = w > 0
    if kgi <= m[weighted].sum():
        out = _saturating_split(kgi, w[weighted], m[weighted])
        return out.reindex(m.index, fill_value=0.0)
    rest = _saturating_split(
        kgi - float(m[weighted].sum()), pd.Series(1.0, index=m.index[~weighted]), m[~weighted]
    )
    return pd.concat([m[weighted], rest]).reindex(m.index)


def _saturating_split(amount: float, w: pd.Series, m: pd.Series) -> pd.Series:
    """min(m_r, s·w_r) summing to amount (w > 0, amount ≤ Σm): walk reps as they saturate."""
    ratio = (m / w).sort_values()
    fixed, w_left, s = 0.0, float(w.sum()), 0.0
    for rep, r in ratio.items():
        if fixed + r * w_left >= amount:
            s = (amount - fixed) / w_left
            break
        fixed += m[rep]
        w_left -= w[rep]
    else:
        return m.copy()
    return pd.concat([m, s * w], axis=1).min(axis=1)


@dataclass
class Plan:
    """The decomposition for one KGI: rep and team targets per KPI, FY and per month."""

    kgi: float
    baseline_revenue: float
    feasible: bool
    max_reachable_kgi: float
    levers: tuple[str, ...]
    fy: pd.DataFrame  # rep incl. ALL × KPI → FY target
    monthly: dict[str, pd.DataFrame]  # KPI → rep incl. ALL × plan month
    capped: pd.DataFrame  # rep × lever → True when held at its ceiling
    lever_uplift: pd.DataFrame  # rep incl. ALL × lever → target ÷ baseline
    notes: list[Note] = field(default_factory=list)

    @property
    def uplift(self) -> float:
        """Required uplift g = KGI ÷ baseline revenue."""
        return self.kgi / self.baseline_revenue if self.baseline_revenue else math.nan

    @property
    def gap(self) -> float:
        """KGI minus the largest reachable KGI (0 when feasible)."""
        return max(self.kgi - self.max_reachable_kgi, 0.0)


def rep_weights(ev: Evidence) -> pd.Series:
    """Split weights per rep from the RepSplit setting."""
    s = ev.settings
    if s.rep_split == "equal":
        return pd.Series(1.0, index=ev.reps)
    if s.rep_split == "manual" and s.rep_weights:
        return pd.Series({r: float(s.rep_weights.get(r, 0.0)) for r in ev.reps})
    return ev.base.loc[ev.reps, "revenue"].astype(float)


def rep_maxima(ev: Evidence) -> pd.Series:
    """Largest revenue each rep can reach with every lever at its ceiling."""
    out = {}
    for rep in ev.reps:
        out[rep] = ev.base.loc[rep, "revenue"] * math.exp(float(_headroom(ev, rep).sum()))
    return pd.Series(out, dtype=float)


def _headroom(ev: Evidence, rep: str) -> np.ndarray:
    """log(ceiling ÷ baseline) per lever for one rep (0 where there is no room or no data)."""
    base = ev.base.loc[rep, list(ev.levers)].to_numpy(dtype=float)
    ceil = ev.ceiling.loc[rep, list(ev.levers)].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        h = np.log(ceil / base)
    return np.where(np.isfinite(h), np.maximum(h, 0.0), 0.0)


def decompose(ev: Evidence, kgi: float) -> Plan:
    """Targets for every rep, lever and sub-lever for this KGI."""
    weights = np.array(
        [ev.settings.weights.get(LEVER_WEIGHT_SETTING[k], 1.0) for k in ev.levers], dtype=float
    )
    maxima = rep_maxima(ev)
    shares = split_reps(kgi, rep_weights(ev), maxima) if ev.reps else pd.Series(dtype=float)
    max_reachable = float(maxima.sum())
    feasible = kgi <= max_reachable * (1 + FEASIBILITY_TOL)
    baseline_revenue = float(ev.base.loc[TEAM, "revenue"]) if TEAM in ev.base.index else 0.0

    fy = pd.DataFrame(index=[*ev.reps, TEAM], columns=list(TARGET_KPIS), dtype=float)
    capped = pd.DataFrame(False, index=ev.reps, columns=list(ev.levers))
    uplift = pd.DataFrame(index=[*ev.reps, TEAM], columns=list(ev.levers), dtype=float)
    for rep in ev.reps:
        base = ev.base.loc[rep, list(ev.levers)].to_numpy(dtype=float)
        head = _headroom(ev, rep)
        g_log = math.log(shares[rep] / ev.base.loc[rep, "revenue"]) if shares[rep] > 0 else -50.0
        x = water_fill(g_log, weights, head)
        capped.loc[rep] = (x >= head - 1e-12) & (g_log > 0)
        targets = base * np.exp(x)
        uplift.loc[rep] = np.exp(x)
        for key, value in zip(ev.levers, targets, strict=True):
            fy.loc[rep, key] = value
        _derive_rep(ev, fy, rep)
    _team_totals(ev, fy, uplift)
    monthly = _monthly(ev, fy)
    return Plan(
        kgi=float(kgi),
        baseline_revenue=baseline_revenue,
        feasible=bool(feasible),
        max_reachable_kgi=max_reachable,
        levers=ev.levers,
        fy=fy,
        monthly=monthly,
        capped=capped,
        lever_uplift=uplift,
        notes=[],
    )


def _derive_rep(ev: Evidence, fy: pd.DataFrame, rep: str) -> None:
    """Fill revenue, counts and the account sub-levers from one rep's lever targets."""
    t = fy.loc[rep]
    a = t["active_accounts"]
    if ev.has_visits:
        fy.loc[rep, "visits"] = a * t["visits_per_account"] * 12
        fy.loc[rep, "orders"] = fy.loc[rep, "visits"] * t["orders_per_visit"]
        fy.loc[rep, "orders_per_account"] = fy.loc[rep, "orders"] / (a * 12) if a else np.nan
    else:
        fy.loc[rep, "orders"] = a * t["orders_per_account"] * 12
        fy.loc[rep, "visits"] = np.nan
    fy.loc[rep, "revenue"] = fy.loc[rep, "orders"] * t["unit_price"]

    base, ceil = ev.base.loc[rep], ev.ceiling.loc[rep]
    # f: how far active accounts move from baseline toward their ceiling (0…1).
    a0, a1 = base["active_accounts"], ceil["active_accounts"]
    f = float(np.clip((a - a0) / (a1 - a0), 0.0, 1.0)) if a1 > a0 else float(a > a0)

    def toward(key: str) -> float:
        b = base[key]
        if not np.isfinite(b) or b <= 0:
            # No usable record of this rate for the rep (e.g. 0 wins from 2 meetings):
            # plan with the team's rate rather than an impossible 0.
            b = ev.base.at[TEAM, key]
        c = ceil.get(key, np.nan)
        if not np.isfinite(b) or b <= 0:
            return np.nan
        return b + f * (c - b) if np.isfinite(c) and c > b else b

    start = float(ev.start_accounts.get(rep, 0.0))
    retention = toward("retention_rate")
    # Linear path from the accounts at the start: the year's average is a. Retention is never
    # planned below last year's (no target asks for more cancellations); when the start is
    # already above the path, new accounts go to zero and the year ends above it.
    year_end = max(2 * a - start, 0.0)
    new = max(year_end - start * retention, 0.0) if np.isfinite(retention) else np.nan
    win, appt = toward("meeting_win_rate"), toward("appointment_rate")
    fy.loc[rep, "retention_rate"] = retention
    fy.loc[rep, "churn_rate"] = 1 - retention
    fy.loc[rep, "cancellations"] = start * (1 - retention)
    fy.loc[rep, "new_accounts"] = new
    meetings = new / win if win and np.isfinite(win) and win > 0 else np.nan
    fy.loc[rep, "meetings"] = meetings
    fy.loc[rep, "meeting_win_rate"] = win
    fy.loc[rep, "appointment_rate"] = appt
    fy.loc[rep, "appointment_attempts"] = meetings / appt if appt and appt > 0 else np.nan
    # Usage to date at year end: what retained accounts had, plus this year's revenue.
    kept = start * retention
    usage0 = base["usage_to_date"] if np.isfinite(base["usage_to_date"]) else 0.0
    fy.loc[rep, "usage_to_date"] = (
        (kept * usage0 + fy.loc[rep, "revenue"]) / year_end if year_end else np.nan
    )
    tenure0 = base["retention_months"] if np.isfinite(base["retention_months"]) else 0.0
    fy.loc[rep, "retention_months"] = (
        (kept * (tenure0 + 12) + new * 6) / year_end if year_end and np.isfinite(new) else np.nan
    )


def _team_totals(ev: Evidence, fy: pd.DataFrame, uplift: pd.DataFrame) -> None:
    """Team targets aggregate the reps' (sums, and ratios of sums)."""
    reps = fy.loc[ev.reps]
    team = fy.loc[TEAM]
    for key in (
        "revenue",
        "active_accounts",
        "visits",
        "orders",
        "cancellations",
        "new_accounts",
        "meetings",
        "appointment_attempts",
    ):
        team[key] = reps[key].sum(min_count=1)
    a = team["active_accounts"]
    start = float(ev.start_accounts.reindex(ev.reps).fillna(0).sum())
    with np.errstate(divide="ignore", invalid="ignore"):
        team["visits_per_account"] = team["visits"] / (a * 12) if ev.has_visits else np.nan
        team["orders_per_account"] = team["orders"] / (a * 12)
        team["orders_per_visit"] = team["orders"] / team["visits"] if ev.has_visits else np.nan
        team["unit_price"] = team["revenue"] / team["orders"]
        team["churn_rate"] = team["cancellations"] / start if start else np.nan
        team["retention_rate"] = 1 - team["churn_rate"]
        team["meeting_win_rate"] = team["new_accounts"] / team["meetings"]
        team["appointment_rate"] = team["meetings"] / team["appointment_attempts"]
        year_end = (
            reps["active_accounts"] * 2 - ev.start_accounts.reindex(ev.reps).fillna(0)
        ).clip(lower=0)
        team["usage_to_date"] = (reps["usage_to_date"] * year_end).sum() / year_end.sum()
        team["retention_months"] = (reps["retention_months"] * year_end).sum() / year_end.sum()
    fy.loc[TEAM] = team
    base = ev.base.loc[TEAM]
    for key in ev.levers:
        uplift.loc[TEAM, key] = team[key] / base[key] if base[key] else np.nan


def _monthly(ev: Evidence, fy: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Per rep × plan month targets; counts controlled-rounded so rows and columns add up."""
    months = ev.plan_months
    season = ev.seasonality * 12  # 1.0 = an average month
    reps = ev.reps
    out: dict[str, pd.DataFrame] = {}

    def frame(values: np.ndarray) -> pd.DataFrame:
        return pd.DataFrame(values, index=reps, columns=months)

    def flat(key: str) -> pd.DataFrame:
        return frame(np.repeat(fy.loc[reps, key].to_numpy(dtype=float)[:, None], 12, axis=1))

    revenue = fy.loc[reps, "revenue"].to_numpy(dtype=float)[:, None] * ev.seasonality[None, :]
    out["revenue"] = frame(revenue)
    for key in (
        "active_accounts",
        "orders_per_visit",
        "unit_price",
        "appointment_rate",
        "meeting_win_rate",
    ):
        out[key] = flat(key)
    freq = "visits_per_account" if ev.has_visits else "orders_per_account"
    out[freq] = flat(freq) * season[None, :]
    a = out["active_accounts"].to_numpy()
    if ev.has_visits:
        out["visits"] = frame(a * out["visits_per_account"].to_numpy())
        out["orders"] = frame(out["visits"].to_numpy() * out["orders_per_visit"].to_numpy())
        out["orders_per_account"] = frame(out["orders"].to_numpy() / np.where(a > 0, a, np.nan))
    else:
        out["orders"] = frame(a * out["orders_per_account"].to_numpy())
    for key in ("cancellations", "new_accounts", "meetings", "appointment_attempts"):
        out[key] = flat(key) / 12
    start = ev.start_accounts.reindex(reps).fillna(0).to_numpy(dtype=float)[:, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        out["churn_rate"] = frame(
            np.where(start > 0, out["cancellations"].to_numpy() / start, np.nan)
        )
    out["retention_rate"] = 1 - out["churn_rate"]
    for key in ("usage_to_date", "retention_months"):
        out[key] = flat(key)

    # Team ratios come from the unrounded reps' numbers, so rounding cannot push them past a
    # ceiling; counts are then rounded so reps add up to the team and months to the year.
    unrounded = dict(out)
    team_ratio = {
        key: _team_ratio(key, unrounded, ev, df)
        for key, df in unrounded.items()
        if not KPI_BY_KEY[key].additive and key != "active_accounts"
    }
    for key in ("revenue", *COUNT_KPIS):
        values = out[key].to_numpy(dtype=float) if key in out else None
        if values is not None and np.isfinite(values).all():
            out[key] = frame(controlled_round(values).astype(float))
    # Active accounts is a year average: kept fractional so it never rounds past its ceiling.
    result: dict[str, pd.DataFrame] = {}
    for key, df in out.items():
        team = df.sum(axis=0, min_count=1) if key not in team_ratio else team_ratio[key]
        result[key] = pd.concat([df, team.to_frame(TEAM).T])
    return result


def _team_ratio(
    key: str, out: dict[str, pd.DataFrame], ev: Evidence, df: pd.DataFrame
) -> pd.Series:
    """Team value of a ratio KPI per month, from the reps' numerators and denominators."""
    s = {
        k: v.sum(axis=0, min_count=1)
        for k, v in out.items()
        if KPI_BY_KEY[k].additive or k == "active_accounts"
    }
    start = float(ev.start_accounts.reindex(ev.reps).fillna(0).sum())
    blank = s["revenue"] * np.nan
    v = {
        k: s.get(k, blank)
        for k in (
            "visits",
            "orders",
            "revenue",
            "active_accounts",
            "cancellations",
            "new_accounts",
            "meetings",
            "appointment_attempts",
        )
    }
    ratios = {
        "visits_per_account": ("visits", "active_accounts"),
        "orders_per_account": ("orders", "active_accounts"),
        "orders_per_visit": ("orders", "visits"),  # no visit history: NaN, not an error
        "unit_price": ("revenue", "orders"),
        "meeting_win_rate": ("new_accounts", "meetings"),
        "appointment_rate": ("meetings", "appointment_attempts"),
    }
    with np.errstate(divide="ignore", invalid="ignore"):
        if key in ratios:
            num, den = ratios[key]
            return v[num] / v[den]
        if key in ("churn_rate", "retention_rate"):
            churn = v["cancellations"] / start if start else blank
            return churn if key == "churn_rate" else 1 - churn
    weights = out["active_accounts"].sum(axis=1)
    return (df.mul(weights, axis=0)).sum(axis=0) / weights.sum()
