"""Where the running year will land: ONE definition for the Plan and the Dashboard.

A manager plans next fiscal year before this one ends (FY2027, April start, planned on
2026-12-04): the Plan shows where FY2026 lands. A copy of the same data planning FY2026 itself
shows the same year's 着地見込み on its Dashboard (the Attainment's revenue year forecast).
Trial 32 (L1) saw two figures, ¥2,102M and ¥2,073M, for one year, day and data; both places
now call ``year_landing`` and show the same yen.

    landing = actual so far + expected rest

The rule, in plain words (the Plan sheet and the README say the same):

- **Pace so far on the usual shape**: each rep's orders in the year's complete months,
  divided by the share of a usual year those months make, gives his pace for a whole year;
  the months left are expected at that pace, each at its usual share of the year. The usual
  share of a month is the average of its share of its year's team revenue over the whole
  fiscal years before this one in the history (each month complete and with sales; a
  season that swung and came back in them, weather by core.swing, read at the level of the
  same months a year before and after, as the targets' month pattern reads it: in the
  quantity per order or in the orders per account, and the history's first season that
  moved alone at the year after's level — trial 50 M5: a first winter that was the warm
  one left Dec – Mar 8% light, the landing −4.1%); none:
  the last 12 complete months' shares by calendar month, each month against their trend
  line first (their oldest months stand for the months to come: a book that grew or shrank
  over them is no season); fewer: even months. A whole year's own growth stays in its
  shares (taken out, the sample, wholesale and trial 33 landed about 1–2 points further
  off: that growth mostly goes on). The month in progress expects at least its orders so
  far; with no complete month yet (the year's, or a new rep's, first month) it sets the pace
  by its working days gone.
- A rep whose first sale lies inside the year is paced from that month.
- A rep whose book is younger than 12 months (his first sale under a year before the year's
  last complete month) is still building it: he is paced on his last 3 complete months (at
  their usual shares), his level now, not on his average since he began (trial 44 L4: a new
  hire's Apr–Dec average landed him 25.8% short; his last 3 months, 14.9%).
- A material lost account (an end date on the customer master inside the year, by the as-of
  date, with ≥ ``LOST_WARN_SHARE`` of its rep's revenue in its last 12 months or in the
  fiscal year before: core.flags' rule) orders no more: its orders this year are left out of
  its holder's pace. Smaller losses are the usual churn the pace carries, unless their end
  was typed on the master (not the lapse rule's): then, as an end typed ahead inside the
  year, their part of the pace stops after it (trial 53 M4: a store closed 11-30 kept
  "selling" Dec – Jun; ``_typed_ended``, ``_ending_later``), and an end ahead is said on
  Checks (``ending_ahead_notes``).
- A material win (core.won over the 12 complete months to the as-of date) counts at its run
  rate in the year's months before it was won too: the pace of the book held now.
- A rep who holds no account on the as-of date (the master says so) expects nothing more.
- An export that stops early (``baselines.complete_through``) is read to its last order's
  day: the cut month is in progress.
- Each rep's expected rest is rounded to whole yen; team = Σ reps; actual + expected =
  landing exactly. The Plan's rows: actual = the complete months; expected = the rest,
  the month in progress whole (its orders so far part of it).

It reads only what does not depend on which year a book plans (the facts' revenue per rep and
month, the as-of date, the working-day calendar, the customer master), so the two books agree
to the yen. Measured against the year that happened (scripts/landing_eval.py, README): as
close as the Dashboard's former forecast on the sample, wholesale and CDNOW, closer than the
Plan's former run rate × seasonal share × team trend.

The helpers ``yearly_trend``, ``like_for_like``, ``started_inside`` and
``newcomers_to_a_year`` remain for the plan's heading (core.targets.team_trend_kgi); the
landing no longer uses the trend.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from routekpi.core.baselines import Evidence, Note, complete_through
from routekpi.core.calendar import fiscal_months, fiscal_year_of
from routekpi.core.chain_exit import chain_exits_of
from routekpi.core.held import account_months, held_accounts, held_months
from routekpi.core.history import History
from routekpi.core.lost import (
    LOST_WARN_SHARE,
    bursts,
    ended_between,
    rep_book,
    shared_names,
    shown_name,
)
from routekpi.core.measure import TEAM
from routekpi.core.month_spread import own_season, own_season_weights, own_seasons_tell_better
from routekpi.core.swing import before_year
from routekpi.core.won import won_revenue

# A book younger than 12 months is paced on this many last complete months (its level now).
NEW_BOOK_MONTHS = 3


@dataclass(frozen=True)
class Landing:
    """The running year's actual to date, expected rest and landing, per rep and team."""

    year: int  # the running fiscal year (the plan year − 1)
    actual_months: list[pd.Period]  # its complete months (may be empty)
    rest_months: list[pd.Period]  # the months still to come, the partial one included
    partial: pd.Period | None  # the first month not complete (the as-of date's, or earlier)
    # rep (planned reps, then others with actual revenue, then ALL) × actual, expected,
    # landing, run_rate (the year the expectation is spread from), partial_to_date
    table: pd.DataFrame
    monthly: pd.DataFrame  # rep incl. ALL × rest month: expected revenue
    started_inside: tuple[str, ...] = ()  # reps whose first sale lies inside the 12 months
    # Material lost accounts (core.flags lost_account) and their orders in the 12 months,
    # taken out of their holders' run rates.
    lost_accounts: tuple[str, ...] = ()
    lost_revenue: float = 0.0
    # Material wins (core.won) counted at their run rate for all 12 months, and what that
    # adds to their holders' run rates (the months before each was won).
    won_accounts: tuple[str, ...] = ()
    won_revenue: float = 0.0
    # Reps whose book is younger than 12 months, paced on their last NEW_BOOK_MONTHS
    # complete months (``_young``).
    young: tuple[str, ...] = ()

    def team(self, column: str) -> float:
        """The team's value of ``column`` (``actual``, ``expected``, ``landing`` …)."""
        return float(self.table.at[TEAM, column])


def yearly_trend(ev: Evidence) -> float:
    """The team's lever trends as a yearly factor: e^(Σ trend ÷ horizon).

    The engine's trends run over the horizon from the baseline's centre to the plan year's
    centre, (12 + gap) months (baselines._lever_bounds); per year that is their sum ÷ the
    horizon in years. 1.0 without trends.
    """
    if TEAM not in ev.trend.index or not len(ev.levers):
        return 1.0
    total = float(ev.trend.loc[TEAM, list(ev.levers)].sum())
    horizon = (12 + ev.gap_months) / 12
    return math.exp(total / horizon) if math.isfinite(total) else 1.0


def like_for_like(ev: Evidence, inside: list[str]) -> float:
    """The yearly trend the rest months carry: the team's (``yearly_trend``), or, when reps
    in ``inside`` started inside the 12 months, that of the others, at work through all of
    them: e^(Σ_rep w × Σ lever trend ÷ horizon), w = the rep's share of their baseline
    revenue. A newcomer's book filling up is his start, not the team's growth (module doc).
    The team's when nobody was there throughout (no one to compare like for like)."""
    steady = [r for r in ev.reps if r not in inside and r in ev.trend.index]
    if not inside or not steady or not len(ev.levers):
        return yearly_trend(ev)
    totals = ev.trend.loc[steady, list(ev.levers)].sum(axis=1).to_numpy(dtype=float)
    weights = ev.base["revenue"].reindex(steady).to_numpy(dtype=float)
    ok = np.isfinite(totals) & np.isfinite(weights) & (weights > 0)
    if not ok.any():
        return yearly_trend(ev)
    horizon = (12 + ev.gap_months) / 12
    return math.exp(float(np.average(totals[ok], weights=weights[ok])) / horizon)


def started_inside(ev: Evidence, first: dict[str, pd.Period] | None = None) -> list[str]:
    """The planned reps who started inside the baseline window (the rule of ``_run_rate``: a
    first month of work after the window's first month), those ``like_for_like`` leaves out;
    ``first``: ``ev.first_months`` when the caller has it."""
    window = ev.baseline_months
    if not window:
        return []
    first = ev.first_months if first is None else first
    return [r for r in ev.reps if (f := first.get(r)) is not None and f > window[0]]


def newcomers_to_a_year(ev: Evidence, inside: list[str]) -> float:
    """What the reps who started inside the baseline window (``inside``) add when their
    months are made a year (``_run_rate``: their sum since they began ÷ those months'
    seasonal shares) instead of counted as they are: a newcomer's book at his run rate, as
    the landing counts it."""
    window = ev.baseline_months
    if not inside or not window:
        return 0.0
    revenue = ev.facts["revenue"].unstack("rep")
    season = _season_of(ev)
    first = ev.first_months
    added = 0.0
    for rep in inside:
        if rep not in revenue.columns:
            continue
        own = revenue[rep]
        year, _ = _run_rate(own, window, first.get(rep), season)
        added += year - float(own.reindex(window).fillna(0.0).sum())
    return added


def landing(ev: Evidence, history: History | None = None) -> Landing | None:
    """The running year's landing as the Plan shows it (``year_landing`` of the year before
    the plan), or None when the as-of date does not lie inside that year or it has closed."""
    year = ev.settings.plan_year - 1
    running = fiscal_months(year, ev.settings.fiscal_start_month)
    as_of_month = pd.Period(ev.as_of, freq="M")
    if not running[0] <= as_of_month <= running[-1]:
        return None
    if ev.calendar.month_over(running[-1], ev.as_of):
        # Closed: the baseline is that year itself. By its last working day, as the baseline
        # reads it (trial 45 H1: closed 12/30–31, December's orders to 12/29 made a landing
        # with no month to come, and the Plan stopped).
        return None
    return year_landing(ev, year, history)


def year_landing(ev: Evidence, year: int, history: History | None = None) -> Landing | None:
    """Where fiscal ``year`` lands (module doc): the ONE definition the Plan's landing (the
    year before the plan) and the Dashboard's 着地見込み (the plan year, once begun) both use.

    It reads only what is the same whichever year a book plans: the months' revenue per rep
    (``ev.facts``), the as-of date and the working-day calendar, and the customer master's
    end dates (``history``). None when the year has not begun on the as-of date.

    Once a run per year: the Plan's rows, the Dashboard's KGI line and the command line's
    summary ask for the same year of the same evidence and history (kept on ``ev`` with what
    it read; a changed field, or another history, computes it again)."""
    read = (history, ev.facts, ev.calendar, ev.as_of, ev.settings, ev.won_table, tuple(ev.reps))
    kept = ev.__dict__.get(f"_year_landing {year}")
    if (
        kept is not None
        and len(kept[0]) == len(read)
        and all(
            a is b or (isinstance(a, (date, tuple)) and a == b)
            for a, b in zip(kept[0], read, strict=True)
        )
    ):
        return kept[1]  # type: ignore[no-any-return]
    found = _year_landing(ev, year, history)
    ev.__dict__[f"_year_landing {year}"] = (read, found)
    return found


def _year_landing(ev: Evidence, year: int, history: History | None) -> Landing | None:
    """``year_landing`` computed."""
    months = fiscal_months(year, ev.settings.fiscal_start_month)
    if months[0].start_time.date() > ev.as_of:
        return None
    # The day the data reach: the as-of date, or the orders' last day when an export stops
    # early (baselines.complete_through: orders of the 20th planned on the 2nd), so the cut
    # month is a month in progress, not a whole one with a third of its orders missing.
    as_of = ev.as_of
    if history is not None and history.orders_end() is not None:
        _, short = complete_through(history, as_of, ev.calendar)
        if short is not None:
            as_of = min(as_of, history.orders_end())
    revenue = _revenue_by_rep(ev.facts)
    frac = np.array(
        [
            ev.calendar.elapsed_fraction(m, as_of) if m.start_time.date() <= as_of else 0.0
            for m in months
        ],
        dtype=float,
    )
    # Complete: every working day passed (baselines.last_complete_month's rule).
    complete = [m for m, f in zip(months, frac, strict=True) if f >= 1.0]
    rest_months = [m for m in months if m not in complete]
    started = [m for m in months if m.start_time.date() <= as_of]
    partial = rest_months[0] if rest_months and rest_months[0] in started else None
    # The shares are read with a season that swung and came back in the years before
    # (core.swing: weather) at the level of its years either side, as the targets' month
    # pattern is (trial 42 H3: a weather-hit spring left October–November 2.5% heavy).
    seasonal = _revenue_by_rep(before_year(ev.facts, months[0])[0])
    share = usual_shares(seasonal, months, as_of)
    # A rep whose own month shape told his past years better than the team's keeps his part
    # of it, as his targets do (baselines._own_seasons: a summer line is no team's summer).
    shapes = own_shapes(seasonal, months, as_of, share)
    shapes = off_months(seasonal, months, as_of, share, shapes, complete)
    at = {m: i for i, m in enumerate(months)}
    so_far = revenue.reindex(started).fillna(0.0)
    lost, named, codes = _lost_months(history, ev, months, started, revenue)
    won_add, won_names = _won_months(history, ev, as_of, started, codes)
    holders = _holders(history, as_of)
    # Who holds what on the as-of date itself (the files' sums are read to it: an export
    # stopped early would read no view from files and one from pasted rows; review 33).
    # The book each rep holds on the as-of date, its months this year, read once for both.
    book = _held_book(history, ev.as_of, months[0].start_time.date())
    view = _held_view(history, ev.as_of, started, codes, so_far, lost, book)
    ending = _ending_later(history, months, started, book)
    ending = _with_typed_ends(ending, _typed_ended(history, months, started, ev.as_of, codes))
    sold = [str(r) for r in so_far.columns if so_far[r].sum() != 0]
    # The planned reps first (the Plan's order), then anyone else with sales this year.
    reps = [*ev.reps, *[r for r in sold if r not in ev.reps]]
    # Each rep's first month with a sale (the months are sorted: the first positive one).
    positive = revenue.to_numpy(dtype=float) > 0
    first_sale = {
        str(r): revenue.index[int(np.argmax(positive[:, j]))]
        for j, r in enumerate(revenue.columns)
        if positive[:, j].any()
    }
    # The started months' values per rep as arrays (``pos``: a month's place among them).
    pos = {m: i for i, m in enumerate(started)}
    done_at = np.array([pos[m] for m in complete], dtype=np.intp)
    so_far_of = _columns(so_far)
    lost_of, view_of, won_of = _columns(lost), _columns(view), _columns(won_add)
    rest_start = [m.start_time for m in rest_months]
    rows: dict[str, dict[str, float]] = {}
    monthly: dict[str, np.ndarray] = {}
    inside: list[str] = []
    young: list[str] = []
    taken_out = added = 0.0
    for rep in reps:
        own = so_far_of.get(rep)
        own = np.zeros(len(started)) if own is None else own
        to_date = float(own.sum())
        actual = float(own[done_at].sum())
        # The book he holds now: his lost accounts out, his wins at their run rate; with a
        # customer master, the accounts handed over this year at their new holder's.
        held = own.copy()
        if (gone := lost_of.get(rep)) is not None:
            held = held - gone
            taken_out += float(gone[done_at].sum())
        if view is not None:
            held = view_of[rep] if rep in view_of else own * 0.0
        if (plus := won_of.get(rep)) is not None:
            held = held + plus
            added += float(plus[done_at].sum())
        begun = first_sale.get(rep)
        if begun is not None and begun > months[0]:
            inside.append(rep)
        mine = [m for m in months if begun is not None and m >= begun]
        # The pace of his complete months; none yet (a year, or a rep, just begun): the
        # month in progress by its working days gone.
        paced = [m for m in complete if m in mine]
        if begun is not None and _young(begun, complete) and len(paced) > NEW_BOOK_MONTHS:
            # A book younger than a year is still being built (trial 44 L4: a new hire's
            # Apr–Dec average landed him 26% short): its recent level, not its average.
            paced = paced[-NEW_BOOK_MONTHS:]
            young.append(rep)
        weight = {m: 1.0 for m in paced}
        if not paced and partial is not None and partial in mine:
            weight = {partial: float(frac[at[partial]])}
        mine_share = shapes.get(str(rep), share)
        done_share = sum(mine_share[at[m]] * w for m, w in weight.items())
        base = sum(float(held[pos[m]]) for m in weight)
        carries = holders is None or rep in holders  # a rep who holds no account: no more
        pace = max(base / done_share, 0.0) if done_share > 0 and carries else 0.0
        by_month = np.array(
            [pace * mine_share[at[m]] if m in mine else 0.0 for m in rest_months], dtype=float
        )
        if pace > 0 and rep in ending.columns:
            # An account the master ends later this year: its part of his pace stops with it.
            ends = ending[rep]
            # The months left he is paced in: their place, first day and share (each
            # account's test below: a Period's ``start_time`` is a new Timestamp a call).
            cut = [
                (i, rest_start[i], mine_share[at[m]])
                for i, m in enumerate(rest_months)
                if m in mine
            ]
            parts = _parts(ends, weight, done_share)
            for account_end, part in zip(ends.columns, parts, strict=True):
                if part <= 0:  # its year net returns (a closed store's): nothing to stop
                    continue
                for i, begins, weight_m in cut:
                    if begins > account_end:
                        by_month[i] -= min(part * weight_m, by_month[i])
        if partial is not None and len(by_month):
            # The month in progress: its orders so far are part of it, never less.
            # Its orders as the pace reads them: the book he holds now (review 33: an
            # account handed over inside the year counted under both reps in the month in
            # progress, the Dashboard ¥1,000 above the Plan's landing of the same year).
            if view is not None:
                mine_now = view_of.get(rep)
                so_far_partial = float(mine_now[pos[partial]]) if mine_now is not None else 0.0
            else:
                so_far_partial = float(own[pos[partial]])
            if partial in weight:  # paced on itself: its days to come at that pace
                by_month[0] = so_far_partial + pace * mine_share[at[partial]] * (
                    1 - weight[partial]
                )
            else:
                by_month[0] = max(by_month[0], so_far_partial)
        monthly[rep] = by_month
        expected = float(round(float(by_month.sum())))  # whole yen: the sums add up as shown
        rows[rep] = {
            "actual": actual,
            "expected": expected,
            "landing": actual + expected,
            "run_rate": pace,
            "partial_to_date": to_date - actual,
        }
    table = pd.DataFrame.from_dict(rows, orient="index", dtype=float)
    table = table.reindex(columns=["actual", "expected", "landing", "run_rate", "partial_to_date"])
    table.loc[TEAM] = table.sum(axis=0) if len(rows) else 0.0
    month_table = pd.DataFrame(monthly, index=rest_months, dtype=float).T
    month_table = month_table.reindex(columns=rest_months)
    month_table.loc[TEAM] = month_table.sum(axis=0)
    return Landing(
        year=year,
        actual_months=complete,
        rest_months=rest_months,
        partial=partial,
        table=table.rename_axis("rep"),
        monthly=month_table.rename_axis("rep"),
        started_inside=tuple(inside),
        lost_accounts=named if taken_out else (),
        lost_revenue=taken_out,
        won_accounts=won_names if added else (),
        won_revenue=added,
        young=tuple(young),
    )


def _parts(ends: pd.DataFrame, weight: dict[pd.Period, float], done_share: float) -> list[float]:
    """Per column of ``ends`` (month × end date: one rep's accounts ending later), its orders
    in the ``weight`` months over ``done_share``: ``sum(float(orders.get(m, 0.0)) for m in
    weight) / done_share`` for each column, the same ``sum`` of the same floats in the same
    order, read from one array (a ``Series.get`` a month and account was ~30 ms at a million
    order lines; issue 14)."""
    index = ends.index
    if not index.is_unique:  # ``get`` of a repeated month is a Series: the column by column way
        return [
            sum(float(orders.get(m, 0.0)) for m in weight) / done_share
            for _, orders in ends.items()
        ]
    values = ends.to_numpy(dtype=float)
    # A month not in the table reads 0.0 (``get``'s default): the row of zeros put last.
    padded = np.vstack([values, np.zeros((1, values.shape[1]))])
    picked = padded[index.get_indexer(list(weight))]  # -1: that last row
    return [sum(column) / done_share for column in picked.T.tolist()]


def _revenue_by_rep(facts: pd.DataFrame) -> pd.DataFrame:
    """Month × rep revenue of ``facts`` (the team's column left out, NaN as 0)."""
    revenue = facts["revenue"].unstack("rep").sort_index()
    return revenue.drop(columns=[TEAM], errors="ignore").fillna(0.0)


def _columns(frame: pd.DataFrame | None) -> dict[str, np.ndarray]:
    """Column (as text) → its values, NaN as 0, each a contiguous array of its own (summed
    as the column alone sums); empty for None."""
    if frame is None or not len(frame.columns):
        return {}
    values = np.ascontiguousarray(frame.to_numpy(dtype=float).T)
    values = np.where(np.isnan(values), 0.0, values)
    return {str(c): values[j] for j, c in enumerate(frame.columns)}


def _whole_years_before(
    team: pd.Series, months: list[pd.Period], as_of: date
) -> list[list[pd.Period]]:
    """The fiscal years before ``months``' (newest first) that the history holds whole: every
    month complete by ``as_of`` and with team revenue."""
    out = []
    back = 1
    while len(team):
        earlier = [m - 12 * back for m in months]
        if earlier[-1] < team.index.min():
            break
        values = team.reindex(earlier).to_numpy(dtype=float)
        if (
            earlier[-1].end_time.date() <= as_of
            and np.all(np.isfinite(values))
            and np.all(values > 0)
        ):
            out.append(earlier)
        back += 1
    return out


def own_shapes(
    revenue: pd.DataFrame, months: list[pd.Period], as_of: date, share: np.ndarray
) -> dict[str, np.ndarray]:
    """Rep → his share of the year per month of ``months``, for the reps who keep part of
    their own month shape: the team's ``share`` plus the part kept of his usual difference
    from the team over the whole years before (``own_season_weights``, only when the reps'
    own shapes told those years better: ``own_seasons_tell_better``), as
    ``baselines._own_seasons`` shapes his targets. Read from the same years in every book."""
    team = revenue.sum(axis=1)
    by_year: dict[str, dict[int, np.ndarray]] = {str(r): {} for r in revenue.columns}
    for back, earlier in enumerate(_whole_years_before(team, months, as_of)):
        t = team.reindex(earlier).to_numpy(dtype=float)
        # The year's months of every rep at once, each rep's a contiguous row.
        block = np.ascontiguousarray(revenue.reindex(earlier).to_numpy(dtype=float).T)
        for rep, own in zip(revenue.columns, block, strict=True):
            if np.isfinite(own).all() and (own > 0).all():
                by_year[str(rep)][back] = own / own.sum() - t / t.sum()
    if not own_seasons_tell_better(by_year):
        return {}
    differences = {rep: list(found.values()) for rep, found in by_year.items()}
    weights = own_season_weights(differences)
    return {
        rep: own_season(share, np.mean(differences[rep], axis=0), weights[rep])
        for rep in differences
        if weights.get(rep, 0.0) > 0
    }


def off_months(
    revenue: pd.DataFrame,
    months: list[pd.Period],
    as_of: date,
    share: np.ndarray,
    shapes: dict[str, np.ndarray],
    complete: list[pd.Period],
) -> dict[str, np.ndarray]:
    """``shapes`` with each rep's months off in every whole year before at nil: a month in
    which he sold nothing in each of those years, though he sold in every month of it that
    this year has completed (a summer line: trial 19's rep was 105.5% so far and sells nothing
    November – March). His share of the year is spread over his other months. A rep who
    began, or took a book over, inside a year before has months without sales there that
    are no season: that year reads no month off."""
    team = revenue.sum(axis=1)
    years = _whole_years_before(team, months, as_of)
    if not years:
        return shapes
    begun = [i for i, m in enumerate(months) if m in complete]
    out = dict(shapes)
    blocks = [
        np.ascontiguousarray(revenue.reindex(earlier).fillna(0.0).to_numpy(dtype=float).T)
        for earlier in years
    ]
    for j, rep in enumerate(revenue.columns):
        sold = [block[j] for block in blocks]
        if not all(len(begun) and (year[begun] > 0).all() for year in sold):
            continue
        off = np.logical_and.reduce([year <= 0 for year in sold])
        if not off.any() or off.all():
            continue
        mine = np.where(off, 0.0, out.get(str(rep), share))
        out[str(rep)] = mine / mine.sum()
    return out


def usual_shares(revenue: pd.DataFrame, months: list[pd.Period], as_of: date) -> np.ndarray:
    """Each of ``months``' usual share of its year: the average, over the fiscal years before
    it that the history holds whole (every month complete by ``as_of``, each with revenue), of
    that month's share of its year's team revenue; with none, the last 12 complete months'
    shares by calendar month (each with revenue; their own straight-line trend taken out,
    ``_without_trend``), else even months (1/12)."""
    team = revenue.sum(axis=1)
    shares = []
    for earlier in _whole_years_before(team, months, as_of):
        values = team.reindex(earlier).to_numpy(dtype=float)
        shares.append(values / values.sum())
    if not shares:
        # No whole fiscal year before it: the last 12 complete months, each calendar month
        # once (review 33: a December twice as strong was expected at an even twelfth).
        done = [m for m in team.index if m.end_time.date() <= as_of][-12:]
        values = team.reindex(done).to_numpy(dtype=float)
        if (
            len(done) == 12
            and (done[-1] - done[0]).n == 11
            and np.all(np.isfinite(values))
            and np.all(values > 0)
        ):
            # Their oldest months stand for the year's months to come (the 12 wrap round the
            # year): a book that grew or shrank over them would read as a season there.
            values = _without_trend(values)
            of_month = dict(zip((m.month for m in done), values, strict=True))
            year = np.array([of_month[m.month] for m in months], dtype=float)
            return year / year.sum()
        return np.full(len(months), 1.0 / len(months))
    mean = np.mean(shares, axis=0)
    return mean / mean.sum()


def _without_trend(values: np.ndarray) -> np.ndarray:
    """Consecutive months' revenue (``values``, oldest first) each against their trend line:
    what is left is their season. The line's slope is the median of the slopes between every
    two months (one strong month, a December, does not tilt it), through the median month
    once that slope is taken out. Unchanged when the line falls to nil or below within them
    (no level to measure a month against)."""
    t = np.arange(len(values), dtype=float)
    i, j = np.triu_indices(len(values), k=1)
    slope = float(np.median((values[j] - values[i]) / (t[j] - t[i])))
    line = float(np.median(values - slope * t)) + slope * t
    return values / line if np.all(line > 0) else values


def _holders(history: History | None, as_of: date) -> set[str] | None:
    """The reps holding a live account on ``as_of`` (the customer master), or None when no
    master says so: then every rep with sales carries on."""
    if history is None or history.accounts is None or not len(history.accounts):
        return None
    live = held_accounts(history, as_of)
    return {str(r) for r in live["rep"].unique()} if len(live) else None


def _lost_months(
    history: History | None,
    ev: Evidence,
    months: list[pd.Period],
    started: list[pd.Period],
    revenue: pd.DataFrame,
) -> tuple[pd.DataFrame, tuple[str, ...], frozenset[str]]:
    """month × rep: the orders this year of each rep's material lost accounts, their names
    and their codes: accounts the customer master ends inside the year by the as-of date
    whose orders were ≥ ``LOST_WARN_SHARE`` of their holder's in the 12 months before the end
    or in the fiscal year before this one (core.flags' lost_account rule). They order no
    more: his pace leaves them out. Smaller ones are the usual churn his pace carries."""
    empty = pd.DataFrame(index=started, dtype=float)
    none: tuple[pd.DataFrame, tuple[str, ...], frozenset[str]] = (empty, (), frozenset())
    if history is None or history.accounts is None or not len(history.accounts):
        return none
    ended = ended_between(history, months[0].start_time.date(), ev.as_of)
    if not len(ended):
        return none
    # The months it reads: the year before this one (and each account's 12 months before its
    # end, inside it or this year) and this year's.
    since = (months[0] - 12).start_time.date()
    table = account_months(history, set(ended.index.tolist()), ev.as_of, since)
    if table is None or not len(table):
        return none
    table.columns = pd.PeriodIndex(table.columns, freq="M")
    before = [m - 12 for m in months]
    holders = _holders(history, ev.as_of) or set(revenue.columns)
    no_book = {str(r) for r in revenue.columns if str(r) not in holders}
    # The accounts in the order they ended (then by code): the names are said in that order.
    ends = ended["end"].reindex(table.index)
    keys = list(zip(ends.tolist(), map(str, table.index), strict=True))
    order = sorted(range(len(table)), key=keys.__getitem__)
    table = table.iloc[order]
    ends = ends.iloc[order]
    reps = ended["rep"].reindex(table.index).astype(str).to_numpy()
    out: dict[str, np.ndarray] = {}
    names: list[str] = []
    shared = shared_names(history.accounts)
    codes: set[str] = set()
    # Every rep's orders over a span, and the book an account is measured against, once per
    # span (and rep): the ended accounts share a few end months (a per-account sum of every
    # rep's months was 1 s of a 100k-row recalc).
    books: dict[tuple[pd.Period, ...], dict[str, float]] = {}
    measured: dict[tuple[tuple[pd.Period, ...], str], float] = {}

    def book_of(span: tuple[pd.Period, ...], rep: str) -> float:
        if span not in books:
            # Every rep's sum over the span at once: each rep's months a row of their own
            # (contiguous), summed as his own column alone sums.
            values = revenue.reindex(list(span)).fillna(0.0).to_numpy(dtype=float)
            sums = np.ascontiguousarray(values.T).sum(axis=1)
            books[span] = dict(zip(map(str, revenue.columns), sums.tolist(), strict=True))
        if (span, rep) not in measured:
            # A rep who holds no account now: against the average book (core.lost.rep_book).
            measured[(span, rep)] = rep_book(books[span], rep, no_book)[0]
        return measured[(span, rep)]

    # Each account's orders over the 12 months before its end and over the year before this
    # one: a sum per distinct end month, not a reindex per account and span.
    end_month = pd.PeriodIndex(pd.to_datetime(ends.to_numpy()), freq="M")
    last_year = table.reindex(columns=before).fillna(0.0).sum(axis=1).to_numpy()
    window_sum = np.zeros(len(table))
    windows: dict[pd.Period, tuple[pd.Period, ...]] = {}
    for end in sorted(set(end_month)):
        at = np.flatnonzero(end_month == end)
        windows[end] = tuple(end - i for i in range(12, 0, -1))
        sums = table.iloc[at].reindex(columns=list(windows[end])).fillna(0.0).sum(axis=1)
        window_sum[at] = sums.to_numpy()
    this_year = table.reindex(columns=started).fillna(0.0).to_numpy(dtype=float)
    spans_before = tuple(before)
    # A burst of losses (core.lost.bursts: a group's clinics, a run far above the rep's usual
    # losses) is one decision, material on its summed orders as the baseline reads it
    # (trial 36 M2: a 6-clinic group, 7.5% of its rep's book, 1.25% a clinic, stayed in his
    # pace: his landing ¥101.16M against ¥99.18M without it, truth ¥98.74M).
    at = {str(a): i for i, a in enumerate(table.index)}
    run_of: dict[int, list[int]] = {}
    # Usual losses over the year before too (a quarter's own six would be its usual).
    wide = (months[0] - 12).start_time.date()
    for run in bursts(ended_between(history, wide, ev.as_of), wide, ev.as_of):
        rows = [at[a] for a in run if a in at]
        for i in rows:
            run_of[i] = rows
    # A chain's exit (core.chain_exit: typed or guessed from the names, its stores spread
    # over reps) orders no more whatever each store was to its rep (trial 40: a December
    # landing carried 35 small stores' pace into the rest of the year). Each store's orders
    # leave its holder's pace once, as a material lost account's do; named by the chain.
    chain_of: dict[int, str] = {}
    for e in chain_exits_of(history, wide, ev.as_of):
        stores = [at[a] for a in e.accounts if a in at]
        for i in stores:
            chain_of[i] = f"{e.name} ×{len(stores)}"
    for i, account in enumerate(table.index):
        rep = str(reps[i])
        if rep not in revenue.columns:
            continue
        run = run_of.get(i, [i])
        material = i in chain_of or any(
            sold >= LOST_WARN_SHARE * book_of(span, rep) > 0
            for sold, span in (
                (float(window_sum[run].sum()), windows[end_month[run[0]]]),
                (float(last_year[run].sum()), spans_before),
            )
        )
        if not material:
            continue
        mine = this_year[i]
        if not mine.any():
            continue
        out[rep] = out[rep] + mine if rep in out else mine.copy()
        codes.add(str(account))
        if i in chain_of:
            if chain_of[i] not in names:  # the chain once, not each of its stores
                names.append(chain_of[i])
            continue
        name = ended.at[account, "name"] if "name" in ended.columns else None
        shown = shown_name(name, str(account), shared) if isinstance(name, str) else ""
        names.append(shown or str(account))
    frame = pd.DataFrame(out, index=started, dtype=float) if out else empty
    return frame, tuple(names), frozenset(codes)


def _young(begun: pd.Period, complete: list[pd.Period]) -> bool:
    """Whether a book whose first sale was in ``begun`` is younger than 12 months at the
    year's last complete month (a rep who is still building it)."""
    return bool(complete) and (complete[-1] - begun).n + 1 < 12


def _held_book(history: History | None, as_of: date, since: date) -> pd.DataFrame | None:
    """``held_months`` on ``as_of`` from ``since`` (the year's first day) on; None without an
    accounts table or when it cannot be told."""
    if history is None or history.accounts is None or not len(history.accounts):
        return None
    return held_months(history, as_of, since)


def _held_view(
    history: History | None,
    as_of: date,
    started: list[pd.Period],
    lost: frozenset[str],
    so_far: pd.DataFrame,
    lost_months: pd.DataFrame,
    book: pd.DataFrame | None,
) -> pd.DataFrame | None:
    """month × rep: this year's orders by who holds each account on the as-of date (the
    customer master; core.held.held_months), the accounts ended by then under the rep the
    master last gave them, the material lost ones (``lost``) left out: each rep's pace is that
    of the book he holds now, whoever booked its orders — the same whichever year a book
    plans (a book planning this year keeps this year's orders where they were booked: its
    targets were set on them). None without a master, or when it does not cover the orders
    (then the orders as the book attributes them). ``book``: ``_held_book``'s."""
    if history is None or book is None or getattr(history, "accounts_derived", False):
        return None
    parts = []
    if len(book):
        month = pd.PeriodIndex(book["month"], freq="M")
        frame = pd.DataFrame(
            {"rep": book["rep"].astype(str).to_numpy(), "month": month, "v": book["revenue"]}
        )
        parts.append(frame[frame["month"].isin(started)])
    acc = history.accounts
    ended = acc[acc["end"].notna() & (acc["end"] <= pd.Timestamp(as_of))]
    ended = ended.drop_duplicates("account", keep="last").set_index("account")
    ended = ended[[str(a) not in lost for a in ended.index.tolist()]]
    if len(ended):
        table = account_months(history, set(ended.index.tolist()), as_of)
        if table is None:
            return None
        if len(table):
            table.columns = pd.PeriodIndex(table.columns, freq="M")
            table = table.reindex(columns=started).fillna(0.0)
            by_rep = table.groupby(ended["rep"].reindex(table.index).astype(str).to_numpy()).sum()
            long = by_rep.stack().rename("v").reset_index()
            long.columns = ["rep", "month", "v"]
            parts.append(long)
    if not parts:
        return None
    # Summed per month and rep (a pivot table's sums, without its general machinery).
    view = pd.concat(parts).groupby(["month", "rep"])["v"].sum().unstack("rep")
    view = view.reindex(started).fillna(0.0)
    # Covered: the master's accounts hold the orders (less the lost ones), within a yen a month.
    booked = float(so_far.to_numpy().sum()) - float(lost_months.to_numpy().sum())
    if abs(float(view.to_numpy().sum()) - booked) > max(1.0, 1e-6 * abs(booked)) * len(started):
        return None
    return view


def _ending_later(
    history: History | None,
    months: list[pd.Period],
    started: list[pd.Period],
    book: pd.DataFrame | None,
) -> pd.DataFrame:
    """month × (rep, end date): this year's orders of the accounts each rep holds on the as-of
    date that the customer master ends later inside the year (known ahead), summed per holder
    and end date (``book``: ``_held_book``'s core.held.held_months, the same from pasted rows
    and history files); empty when there are none or it cannot be told."""
    empty = pd.DataFrame(index=started, dtype=float)
    if history is None or book is None or not len(book):
        return empty
    ends = pd.to_datetime(book["ends"])
    keep = ends.notna() & (ends < months[-1].end_time)
    if not keep.any():
        return empty
    rows = book[keep.to_numpy()]
    frame = pd.DataFrame(
        {
            "rep": rows["rep"].astype(str).to_numpy(),
            "end": ends[keep].to_numpy(),
            "month": pd.PeriodIndex(rows["month"], freq="M"),
            "revenue": rows["revenue"].astype(float).to_numpy(),
        }
    )
    frame = frame[frame["month"].isin(started)]
    if not len(frame):
        return empty
    table = frame.pivot_table(
        index="month", columns=["rep", "end"], values="revenue", aggfunc="sum", fill_value=0.0
    )
    return table.reindex(started).fillna(0.0)


def _derived_end(history: History, account: str) -> bool:
    """Whether an account's end is the lapse rule's (read from its silence), not typed."""
    return (
        history.accounts_derived and account not in history.kept_ends
    ) or account in history.lapsed_ends


def _typed_ended(
    history: History | None,
    months: list[pd.Period],
    started: list[pd.Period],
    as_of: date,
    lost: frozenset[str],
) -> pd.DataFrame:
    """month × (rep, end date), as ``_ending_later``'s: this year's orders of the accounts
    whose typed end (on the customer master, not the lapse rule's) lies inside the year by
    ``as_of``, the material lost ones (``lost``: out of the pace whole) aside, under the rep
    the master last gave them. Their part of the pace stops at their end (trial 53 M4: a
    store closed on 11-30 kept "selling" December – June in its rep's landing). An end the
    lapse rule set is the usual churn the month shares carry."""
    empty = pd.DataFrame(index=started, dtype=float)
    if history is None or history.accounts is None or not len(history.accounts):
        return empty
    ended = ended_between(history, months[0].start_time.date(), as_of)
    typed = [
        a for a in ended.index.tolist() if str(a) not in lost and not _derived_end(history, str(a))
    ]
    if not typed:
        return empty
    table = account_months(history, set(typed), as_of, months[0].start_time.date())
    if table is None or not len(table):
        return empty
    table.columns = pd.PeriodIndex(table.columns, freq="M")
    table = table.reindex(columns=started).fillna(0.0)
    table.index = pd.MultiIndex.from_arrays(
        [
            ended["rep"].reindex(table.index).astype(str).to_numpy(),
            pd.to_datetime(ended["end"].reindex(table.index)).to_numpy(),
        ],
        names=["rep", "end"],
    )
    return table.groupby(level=[0, 1]).sum().T


def _with_typed_ends(ending: pd.DataFrame, ended: pd.DataFrame) -> pd.DataFrame:
    """``_ending_later``'s table with ``_typed_ended``'s columns (summed where both hold a
    rep and end date)."""
    if not len(ended.columns):
        return ending
    if not len(ending.columns):
        return ended
    both = pd.concat([ending, ended], axis=1).fillna(0.0)
    return both.T.groupby(level=[0, 1]).sum().T


# The accounts ending ahead named on Checks one by one, at most this many (the rest counted).
ENDING_AHEAD_NAMED = 10


def ending_ahead_notes(ev: Evidence, history: History | None) -> list[Note]:
    """One Checks note per account whose typed end lies after the as-of date inside the
    fiscal year holding it, with orders this year (``ending_ahead``; at most
    ``ENDING_AHEAD_NAMED``, then one ``ending_ahead_more`` with the rest's count): its part of
    its holder's pace is left out of the landing from the month after its end
    (``_ending_later``), said where the user typed it (trial 53 M4: 港南店's 2027-02-28 was on
    no sheet)."""
    if history is None or history.accounts is None or not len(history.accounts):
        return []
    start = ev.settings.fiscal_start_month
    months = fiscal_months(fiscal_year_of(ev.as_of, start), start)
    acc = history.accounts
    end = pd.to_datetime(acc["end"])
    ahead = acc[end.notna() & (end > pd.Timestamp(ev.as_of)) & (end < months[-1].start_time)]
    ahead = ahead.drop_duplicates("account", keep="last").set_index("account")
    ahead = ahead[[not _derived_end(history, str(a)) for a in ahead.index]]
    if not len(ahead):
        return []
    # Its orders this year (a compact history sends no months of an account not ended yet:
    # then each is said, as the landing's held book carries its end).
    table = account_months(history, set(ahead.index), ev.as_of, months[0].start_time.date())
    sold = table.sum(axis=1) if table is not None else pd.Series(1.0, index=ahead.index)
    shared = shared_names(acc)
    notes = []
    for account, row in ahead.sort_values("end", kind="stable").iterrows():
        if float(sold.get(account, 0.0)) <= 0:
            continue
        name = row.get("name")
        shown = shown_name(name, str(account), shared) if isinstance(name, str) else ""
        after = pd.Period(row["end"], freq="M") + 1
        notes.append(
            Note(
                "ending_ahead",
                {
                    "name": shown or str(account),
                    "end": pd.Timestamp(row["end"]).date().isoformat(),
                    "month": str(after),
                    "month_num": after.month,
                },
            )
        )
    if len(notes) > ENDING_AHEAD_NAMED:
        more = len(notes) - ENDING_AHEAD_NAMED
        notes = [*notes[:ENDING_AHEAD_NAMED], Note("ending_ahead_more", {"count": more})]
    return notes


def _won_months(
    history: History | None,
    ev: Evidence,
    as_of: date,
    started: list[pd.Period],
    lost: frozenset[str],
) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """month × rep: what the material wins (core.won, over the 12 complete months to the as-of
    date, as a baseline planned that day reads them) add to the months before each was won,
    and their names: a large new customer counts at its run rate in the year's months before
    it was won too, so its holder's pace is that of the book he holds now."""
    empty = pd.DataFrame(index=started, dtype=float)
    if history is None:
        return empty, ()
    last, _ = complete_through(history, as_of, ev.calendar)
    window = [last - i for i in range(11, -1, -1)]
    # The evidence's table when it was read on this very day (an export stopped early is
    # read to its last order here).
    table = ev.won_table if as_of == ev.as_of else None
    # The facts' revenue only (and the accounts columns the fill also writes): the landing
    # reads the revenue the wins add, and the fill's other columns were a third of its cost.
    keep = [c for c in ("revenue", "accounts_start", "active_accounts") if c in ev.facts.columns]
    wins, add = won_revenue(history, ev.facts[keep], window, as_of, lost, table)
    if add is None or not wins:
        return empty, ()
    table = add.unstack("rep").reindex(started).fillna(0.0)
    return table, tuple(w.name or w.account for w in wins)


def _season_of(ev: Evidence) -> dict[int, float]:
    """Calendar month number → its share of the year (the plan months' seasonality)."""
    return {m.month: float(s) for m, s in zip(ev.plan_months, ev.seasonality, strict=True)}


def _run_rate(
    own: pd.Series, window: list[pd.Period], first: pd.Period | None, season: dict[int, float]
) -> tuple[float, bool]:
    """A rep's year of revenue from the 12-month window, and whether the rep started inside it.

    A rep there before the window (or from its first month) has its sum (a window of other
    than 12 months: made a year by its months' seasonal share). One whose first month
    of any work (``first``: a sale, a visit or an account held) lies inside it has its sum
    since then ÷ those months' seasonal shares: four months of a rep who joined in August are
    not a year with eight months of nothing. Accounts held count as work, so a rep who took
    over customers is there from when the master gives them to him, and their history is not
    counted twice (once with the rep who sold to them before, once scaled up for him).
    """
    values = own.reindex(window).fillna(0.0).to_numpy(dtype=float)
    if first is None or first <= window[0]:
        if len(window) == 12:
            return float(values.sum()), False
        # A window of other than a year (a short history, BaselineMonths ≠ 12): its sum ÷
        # its months' seasonal share, as the baseline is scaled to a year.
        share = sum(season[m.month] for m in window)
        return (float(values.sum()) / share if share > 0 else float(values.sum())), False
    seen = [m for m in window if m >= first]
    share = sum(season[m.month] for m in seen)
    total = float(values[len(window) - len(seen) :].sum())
    return (total / share if share > 0 else total), True
