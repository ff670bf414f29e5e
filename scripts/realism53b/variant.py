# ruff: noqa: E501
"""realism53b variants: the pace of winning new accounts read over more than one year
(env-flag monkeypatches over the engine; core.flows is not edited).

    R53=w3 PYTHONPATH=$PWD python scripts/realism53b/variant.py --only wholesale ... --no-write
    R51_OUT=/work/wt/_realism53b PYTHONPATH=$PWD python scripts/realism53b/worlds.py bt --seeds-all --variant r53w3

The engine's pace of winning (core.flows ``measure_flows``) is the baseline year's new
accounts per account held at its start. Each variant sets a TEAM factor f on that pace
(every rep's new accounts × f, their first-year losses with them, the book carried over the
gap with them), from the team's years: the baseline year and the up to two whole years
before it the churn is pooled over (``earlier``; clear of the lapse rule's start span).

R53=w3: the pace over up to 3 years, each year counting half as much as the one after it
(as the churn is read): f = Σ wₖ Wₖ / Σ wₖ Hₖ ÷ (W₀ / H₀).
R53=out: only when the baseline year's wins stand out beyond chance from the years before it
(Poisson: |W₀ − E| > R53_Z · √E, E = W₀'s exposure at the earlier years' pace; default Z 2),
the pace is the median of the (up to 3) years' paces; else the baseline year's.
R53=outw: as out, but the recency-weighted pace of w3 when it stands out.
R53=med: the median of the years' paces always.
R53=c3, outc, medc: the same on the team's COUNT of wins a year (not per account held): the
sample's teams win about the same number a year on a growing book.
R53=meet (step 1's largest account-flow loss, appointment attempts and meetings): each rep's
meetings are last year's, times the wins asked over his usual pace (new accounts planned ÷
the flows' pace; never fewer than last year's), instead of the planned wins ÷ his
credibility-weighted win rate (at least last year's): a floor on one side only lifts the
team's meetings every year. The win-rate target is then new ÷ meetings, attempts last
year's plus the extra meetings at his appointment rate (targets._pipeline), as before.
``targets._derive_rep`` wrapped (targets.py is realism53a's this session: measured only).
R53_LOG=FILE: one line per plan (team years, factor).
"""

from __future__ import annotations

import inspect
import os
import runpy
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd


def team_years(facts, window, earlier):  # type: ignore[no-untyped-def]
    """[(wins, held)] of the team, baseline year first, then the earlier years (nearest first)."""
    from routekpi.core.measure import TEAM

    out = []
    for months in [window, *[m for m, _ in earlier]]:
        span = facts[facts.index.get_level_values("month").isin(months)]
        if TEAM not in span.index.get_level_values("rep"):
            return []
        t = span.xs(TEAM, level="rep")
        if months[0] not in t.index:
            return []
        out.append((float(t["new_accounts"].sum()), float(t.loc[months[0], "accounts_start"])))
    return out


def factor(rule: str, years) -> float:  # type: ignore[no-untyped-def]
    """The team factor on the baseline year's pace (module doc)."""
    from routekpi.core.flows import RECENCY

    if len(years) < 2 or any(h <= 0 for _, h in years):
        return 1.0
    if rule.endswith("c") or rule == "c3":
        years = [(w, 1.0) for w, _ in years]  # counts: every year the same exposure
        rule = {"c3": "w3", "outc": "out", "medc": "med"}[rule]
    w0, h0 = years[0]
    r0 = w0 / h0
    rates = [w / h for w, h in years]
    if r0 <= 0:
        return 1.0
    weighted = sum(RECENCY**k * w for k, (w, _) in enumerate(years)) / sum(
        RECENCY**k * h for k, (_, h) in enumerate(years)
    )
    if rule == "w3":
        return weighted / r0
    if rule == "med":
        return float(np.median(rates)) / r0
    # out / outw: the baseline year against the years before it
    we = sum(w for w, _ in years[1:])
    he = sum(h for _, h in years[1:])
    expected = we / he * h0
    z = float(os.environ.get("R53_Z", "2"))
    if expected <= 0 or abs(w0 - expected) <= z * np.sqrt(expected):
        return 1.0
    return (weighted if rule == "outw" else float(np.median(rates))) / r0


def scaled(flows, f: float, gap: int):  # type: ignore[no-untyped-def]
    """The flows with every rep's pace × f (first-year losses with it, the book carried over
    the gap with it; the team's the sums of its reps')."""
    from routekpi.core.flows import team_churn
    from routekpi.core.measure import TEAM

    if f == 1.0:
        return flows
    new = flows.new_per_year.copy()
    start = flows.start.copy()
    lost = flows.first_year_losses.copy() if flows.first_year_losses is not None else None
    timing = flows.loss_timing
    reps = [r for r in new.index if r != TEAM]
    for r in reps:
        n0 = float(new[r])
        l0 = float(lost[r]) if lost is not None else 0.0
        n1, l1 = n0 * f, l0 * f

        def carried(n: float, lo: float) -> float:
            lg = (
                lo * (timing[min(gap, 12) - 1] + max(gap - 12, 0) / 12)
                if timing and gap > 0
                else 0.0
            )
            return max(n / 12 * gap - lg, 0.0)

        start[r] = float(start[r]) - carried(n0, l0) + carried(n1, l1)
        new[r] = n1
        if lost is not None:
            lost[r] = l1
    churn = flows.churn.copy()
    if TEAM in new.index and reps:
        start[TEAM] = float(start[reps].sum())
        new[TEAM] = float(new[reps].sum())
        if lost is not None:
            lost[TEAM] = float(lost[reps].sum())
        churn[TEAM] = team_churn(start.to_dict(), churn.to_dict(), reps, start[TEAM])
    return replace(flows, new_per_year=new, start=start, first_year_losses=lost, churn=churn)


def apply_meet() -> None:
    """``R53=meet``: ``targets._derive_rep`` wrapped (module doc)."""
    from routekpi.core import targets

    original = targets._derive_rep

    def patched(ev, row, rep, book=None, appointment_share=None, direct=None):  # type: ignore[no-untyped-def]
        original(ev, row, rep, book, appointment_share, direct)
        if book is not None:
            return
        usual = float(ev.flows.new_per_year.get(rep, np.nan))
        new = float(row.get("new_accounts", np.nan))
        if direct is not None:
            # Without the meetings stage (targets._direct_pipeline): last year's appointments
            # won, times the wins asked over the usual pace, at least last year's.
            attempts = float(ev.base.at[rep, "appointment_attempts"])
            last_rate = (
                float(ev.base.at[rep, "appointment_rate"]) if "appointment_rate" in ev.base else 0.0
            )
            if not (np.isfinite(attempts) and np.isfinite(last_rate)):
                return
            if not (np.isfinite(usual) and usual > 0):
                return
            last = attempts * last_rate
            needed = last * max(new / usual, 1.0)
            row["appointment_attempts"] = targets._pipeline(
                attempts, needed - last, row.get("appointment_rate", np.nan)
            )
            return
        last = float(ev.base.at[rep, "meetings"])
        if not (np.isfinite(last) and last > 0 and np.isfinite(usual) and usual > 0):
            return
        if not np.isfinite(row.get("meetings", np.nan)):
            return
        meetings = last * max(new / usual, 1.0)
        row["meetings"] = meetings
        row["meeting_win_rate"] = new / meetings
        share = (
            targets.meetings_from_appointments(ev, rep)
            if appointment_share is None
            else appointment_share
        )
        row["appointment_attempts"] = targets._pipeline(
            ev.base.at[rep, "appointment_attempts"],
            meetings - last,
            row.get("appointment_rate", np.nan),
            share,
        )

    targets._derive_rep = patched  # type: ignore[assignment]


def apply() -> None:
    """Patch ``core.baselines.measure_flows`` with the rule named by R53."""
    rule = os.environ.get("R53", "")
    if not rule:
        return
    if rule == "meet":
        apply_meet()
        return
    if rule not in ("w3", "out", "outw", "med", "c3", "outc", "medc"):
        raise SystemExit(f"unknown R53 rule {rule!r}")
    from routekpi.core import baselines, flows

    original = flows.measure_flows
    sig = inspect.signature(original)

    def patched(*args, **kwargs):  # type: ignore[no-untyped-def]
        fl = original(*args, **kwargs)
        b = sig.bind(*args, **kwargs)
        b.apply_defaults()
        a = b.arguments
        window, earlier = list(a["window"]), list(a["earlier"])
        if fl.measured_from is not None or len(window) != 12 or not earlier:
            return fl
        years = team_years(a["facts"], window, earlier)
        f = factor(rule, years)
        if os.environ.get("R53_LOG"):
            with open(os.environ["R53_LOG"], "a") as fh:
                fh.write(
                    f"{os.environ.get('R53_TAG', '')} {rule} base {window[0]}..{window[-1]} "
                    f"years {[(round(w), round(h)) for w, h in years]} f {f:.3f}\n"
                )
        return scaled(fl, f, int(a["gap_months"]))

    baselines.measure_flows = patched  # type: ignore[assignment]
    _ = pd


if __name__ == "__main__":
    apply()
    scripts = Path(__file__).resolve().parents[1]
    script, args = scripts / "backtest.py", sys.argv[1:]
    sys.argv = [str(script), *args]
    runpy.run_path(str(script), run_name="__main__")
