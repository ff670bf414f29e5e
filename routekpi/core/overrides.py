"""The manager's own targets (Overrides sheet) laid over the computed ones.

In plain words: a typed target replaces the computed one. For a count or a yen amount, which
adds up over months and reps, the rest follows so that the months still add up to the year
and the reps to the team:

- months typed, the year not: the year becomes the sum of its months (a rep on leave for two
  months typed 0 there: his year and his pace to date follow; trial 18 saw months of 0 under
  an unchanged year target and the same 76.5% pace);
- the year typed: the months not typed share what the typed months leave of it, in
  proportion to their computed targets;
- a team row not typed becomes the sum of its reps'.

A year typed below its typed months (nothing left for the others) keeps what was typed and a
Checks row says the months do not add up. Ratios (unit price, visit frequency …) are not
sums: a typed ratio replaces that one row only.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from routekpi.core.baselines import Evidence, Note
from routekpi.core.calendar import fiscal_label, fiscal_months, month_label
from routekpi.core.catalog import KPI_BY_KEY
from routekpi.core.history import Override
from routekpi.core.measure import TEAM
from routekpi.core.rounding import apportion, round_half_up

# Yen and counts off by less than this are the same (float sums of whole numbers).
SAME = 0.5


def apply_overrides(ev: Evidence, targets: pd.DataFrame) -> tuple[pd.DataFrame, list[Note]]:
    """Targets with the typed ones in (``basis`` ``override``) and the sums made whole again
    (module doc); the notes: rows matching no target, years their typed months miss."""
    out = targets.copy()
    typed: set[tuple[str, str, str]] = set()
    notes: list[Note] = []
    for ov in ev.settings.overrides:
        hit = (out["kpi"] == ov.kpi) & (out["rep"] == ov.rep) & (out["period"] == ov.period)
        if not hit.any():
            notes.append(_unused(ov, out, ev))  # dropped, and said why
            continue
        out.loc[hit, "target"] = ov.target
        out.loc[hit, "basis"] = "override"
        typed.add((ov.kpi, ov.rep, ov.period))
    fy = fiscal_label(ev.settings.plan_year)
    sums = {kpi for kpi, _, _ in typed if KPI_BY_KEY[kpi].additive}
    for kpi in sorted(sums):
        for rep in sorted({r for k, r, _ in typed if k == kpi and r != TEAM}):
            note = _year_and_months(out, typed, kpi, rep, fy)
            if note is not None:
                notes.append(note)
        _team_sums(out, typed, kpi)
    if "revenue" in sums and ("revenue", TEAM, fy) not in typed:
        team = float(
            out.loc[
                (out["kpi"] == "revenue") & (out["rep"] == TEAM) & (out["period"] == fy), "target"
            ].sum()
        )
        if abs(team - ev.settings.kgi) >= SAME:
            notes.append(
                Note(
                    "override_team_off_kgi",
                    {
                        "team": f"¥{team:,.0f}",
                        "kgi": f"¥{ev.settings.kgi:,.0f}",
                        "gap": f"{team - ev.settings.kgi:+,.0f}",
                    },
                )
            )
    if sums:
        days = out["working_days"].to_numpy(dtype=float)
        additive = out["kpi"].map(lambda k: KPI_BY_KEY[k].additive).to_numpy(dtype=bool)
        with np.errstate(divide="ignore", invalid="ignore"):
            per_day = np.where(additive & (days > 0), out["target"] / days, np.nan)
        out["per_working_day"] = per_day
    return out, notes


def _unused(ov: Override, targets: pd.DataFrame, ev: Evidence) -> Note:
    """Why an Overrides row matches no target, truly: its period is not one of the plan's
    (named as the workbook names years: FiscalYearLabel), its rep has no target in this plan,
    the plan has no target of that KPI at all (a visit KPI without visit history), or the rep
    has targets but not of that KPI (a newcomer without sales has no revenue target)."""
    settings = ev.settings
    params: dict[str, object] = {
        "kpi": ov.kpi,
        "rep": ov.rep,
        "period": settings.period_name(ov.period),
    }
    periods = set(targets["period"])
    if ov.period not in periods:
        months = fiscal_months(settings.plan_year, settings.fiscal_start_month)
        params |= {
            "year": settings.year_name(),
            "first": month_label(months[0]),
            "last": month_label(months[-1]),
        }
        return Note("override_period_unplanned", params)
    if ov.rep not in set(targets["rep"]):
        return Note("override_rep_unplanned", params)
    if ov.kpi not in set(targets["kpi"]):
        kpi = KPI_BY_KEY.get(ov.kpi)
        visit_only = kpi is not None and kpi.visit_only
        return Note("override_unplanned" if visit_only else "override_kpi_unplanned", params)
    return Note("override_rep_kpi_unplanned", params)


def _year_and_months(
    out: pd.DataFrame, typed: set[tuple[str, str, str]], kpi: str, rep: str, fy: str
) -> Note | None:
    """One rep's year and months of one sum made to agree (module doc)."""
    rows = out.index[(out["kpi"] == kpi) & (out["rep"] == rep)]
    year = [i for i in rows if out.at[i, "period"] == fy]
    months = [i for i in rows if out.at[i, "period"] != fy]
    if not year or not months:
        return None
    fixed = [i for i in months if (kpi, rep, out.at[i, "period"]) in typed]
    free = [i for i in months if i not in fixed]
    if (kpi, rep, fy) not in typed:
        out.loc[year, "target"] = float(out.loc[months, "target"].sum())
        return None
    left = float(out.at[year[0], "target"]) - float(out.loc[fixed, "target"].sum())
    if free and left >= 0:
        weights = out.loc[free, "target"].to_numpy(dtype=float)
        if weights.sum() <= 0:
            weights = out.loc[free, "working_days"].to_numpy(dtype=float)
        out.loc[free, "target"] = apportion(round_half_up(left), weights).astype(float)
    total = float(out.loc[months, "target"].sum())
    if abs(total - float(out.at[year[0], "target"])) < SAME:
        return None
    params = {"kpi": kpi, "rep": rep, "period": fy}
    return Note(
        "override_months_miss_year",
        {**params, "year": f"{out.at[year[0], 'target']:,.0f}", "months": f"{total:,.0f}"},
    )


def _team_sums(out: pd.DataFrame, typed: set[tuple[str, str, str]], kpi: str) -> None:
    """The team's rows of one sum (not typed) as its reps' sums, period by period."""
    rows = out[out["kpi"] == kpi]
    reps = rows[rows["rep"] != TEAM].groupby("period", sort=False)["target"].sum()
    for i in rows.index[rows["rep"] == TEAM]:
        period = out.at[i, "period"]
        if (kpi, TEAM, period) not in typed and period in reps.index:
            out.at[i, "target"] = float(reps[period])


def overridden_years(
    settings_overrides: Sequence[Override],
    computed: pd.DataFrame,
    targets: pd.DataFrame,
    fy: str,
) -> pd.DataFrame:
    """The year targets the Overrides changed: one row per (rep, KPI) with the plan's computed
    year (``computed``: ``Plan.fy``, rep × KPI) and the one the Targets sheet shows.

    A typed year or month changes that rep's year; a rep's typed sum (revenue, visits …) also
    the team's, which is its reps' sum (module doc). The Plan and the Dashboard show the
    Targets' number there (trial 22: ¥520M on Targets, ¥549.6M on the Plan) and say what was
    computed. Columns ``rep``, ``kpi``, ``computed``, ``shown``, ``typed`` (the year itself
    typed, not only months or the reps under a team).
    """
    touched: dict[tuple[str, str], bool] = {}
    for ov in settings_overrides:
        kpi, rep, period = ov.kpi, ov.rep, ov.period
        key = (rep, kpi)
        touched[key] = touched.get(key, False) or period == fy
        if rep != TEAM and kpi in KPI_BY_KEY and KPI_BY_KEY[kpi].additive:
            touched.setdefault((TEAM, kpi), False)
    year = targets[targets["period"] == fy]
    shown = dict(zip(zip(year["rep"], year["kpi"], strict=True), year["target"], strict=True))
    rows: list[tuple[str, str, float, float, bool]] = []
    for (rep, kpi), typed in touched.items():
        if (rep, kpi) not in shown:
            continue  # a row matching no target (override_unplanned says so)
        before = (
            float(computed.at[rep, kpi])
            if rep in computed.index and kpi in computed.columns
            else np.nan
        )
        after = float(shown[(rep, kpi)])
        # Yen and counts within SAME (float sums), ratios equal to a billionth.
        additive = kpi in KPI_BY_KEY and KPI_BY_KEY[kpi].additive
        same = SAME if additive else 1e-9 * abs(before)
        if np.isfinite(before) and abs(after - before) <= same:
            continue  # typed as computed: nothing to say
        rows.append((rep, kpi, before, after, typed))
    # Reps first (in the order typed), the team last.
    rows.sort(key=lambda r: r[0] == TEAM)
    return pd.DataFrame(rows, columns=["rep", "kpi", "computed", "shown", "typed"])
