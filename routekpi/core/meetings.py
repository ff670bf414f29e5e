"""A meeting (商談) at a customer already held is a visit to that customer.

Meetings are the new-business pipeline: the meeting win rate is new accounts ÷ meetings, and
a plan that needs more new accounts asks for more meetings and appointment attempts at that
rate. Many SFA logs also call a proposal at an existing customer 商談. Counted as pipeline,
those dilute the win rate (2.4% on a trial's log where one routine visit in seven was so
named) and the plan then asks for about three times the attempts.

So a meeting row whose account was held before that day — its start on the Accounts sheet,
or its first order, is earlier — counts as a visit of that account. A meeting with a
prospect (no account code, or a code first seen that day or later) stays a meeting.

The engine reads the visits this way (``with_customer_meetings``: the plan, the backtest's
realised values, flags and daily list); the history sources apply the same rule in SQL
(sources/assemble.py). What the user typed is never changed: the sheets, and the validated
rows that ``collect`` compares returned logs with, keep the kind as typed.

A meetings and appointment log begun inside the baseline (``pipeline_log``: an SFA in use
for 8 of its months) is read per month of its months, carried to 12: the meetings and
attempts targets start from that year (``pipeline_per_year``), the meetings' win rate is the
wins of those months over their meetings (core.flows), and the Plan names the months.

A rep who prospects but has not sold yet (no baseline revenue: no share of the KGI) is given
pipeline targets all the same (``with_prospects``): the team's meetings and attempts per rep
and month for his months at work, and the new accounts they give at the team's win rate.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from routekpi.core.at_work import month_presence
from routekpi.core.handover import first_days, frame_coded
from routekpi.core.history import OWN_FIRST_COLUMNS, empty_frame, once
from routekpi.core.measure import TEAM
from routekpi.core.rounding import round_rows

if TYPE_CHECKING:
    from routekpi.core.baselines import Evidence
    from routekpi.core.history import History
    from routekpi.core.targets import Plan


def unrecorded_attempts(
    facts: pd.DataFrame, baseline_months: list[pd.Period], team: str
) -> int | None:
    """The baseline's appointment attempts when the history records no appointment won at
    all (else None): the visit log has no outcome (結果) column, or never fills it.

    Then the appointment rate is not measured (0 appointments is no rate of 0%): the plan keeps
    each rep's attempts at last year's (targets ``_pipeline``) and says why, instead of asking
    for "last year's plus the extra meetings at 0%", which has no answer (trial 23: 617
    attempts in the baseline, a target of 37 — the newcomer's alone)."""
    if not {"attempts", "appointments"} <= set(facts.columns):
        return None
    team_rows = facts.xs(team, level="rep")
    attempts = float(team_rows["attempts"].reindex(baseline_months).fillna(0.0).sum())
    if attempts <= 0 or float(team_rows["appointments"].fillna(0.0).sum()) > 0:
        return None
    return round(attempts)


def held_since(orders: pd.DataFrame, accounts: pd.DataFrame) -> pd.Series:
    """account (text) → the earliest of its Accounts-sheet start and its first order."""
    parts = []
    for frame, column in ((orders, "date"), (accounts.dropna(subset=["start"]), "start")):
        kind = frame["date"].dtype if frame is orders else None
        if isinstance(kind, np.dtype) and kind.kind == "M" and len(frame):  # not tz or Arrow
            parts.append(_first_orders(frame))
        elif len(frame):
            # Grouped by the codes as they are, made text once per account, not per line.
            first = frame.groupby("account", observed=True, sort=False)[column].min()
            first.index = first.index.astype(str)
            parts.append(pd.to_datetime(first).dt.normalize())
    if not parts:
        return pd.Series(dtype="datetime64[ns]")
    return pd.concat(parts).groupby(level=0).min()


def _first_orders(orders: pd.DataFrame) -> pd.Series:
    """account (text, one per code) → its first order day, normalized (NaT where none is
    dated): the groupby of the old rule from the account codes the run already holds
    (core.handover ``frame_coded``: validation's, ``keep_coded``) and one ``np.minimum.at``
    (~10 ms a million lines where the groupby on the column took ~40)."""
    codes, names = frame_coded(orders, "account")
    dates = orders["date"]
    days = dates.to_numpy().view(np.int64)
    nat = np.iinfo(np.int64).min
    ok = (codes >= 0) & (days != nat)
    first = np.full(len(names), np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(first, codes[ok], days[ok])
    first[first == np.iinfo(np.int64).max] = nat  # no dated line: NaT, as the groupby's min
    text = pd.Index(names, name="account").astype(str)  # the names the groupby gave
    out = pd.Series(first.view(dates.to_numpy().dtype), index=text, name="date")
    return out.dt.normalize()


def customer_meetings_as_visits(
    visits: pd.DataFrame, orders: pd.DataFrame, accounts: pd.DataFrame
) -> pd.DataFrame:
    """``visits`` with each meeting at an account held before its day as a visit.

    ``accounts``: the customer master as typed (empty when the accounts are read from the
    orders: then the first order decides)."""
    if not len(visits):
        return visits
    meeting = (visits["kind"] == "meeting").to_numpy(dtype=bool)
    if not meeting.any():
        return visits
    since = held_since(orders, accounts)
    held = visits.loc[meeting, "account"].astype(str).map(since)
    customer = held.notna() & (held < visits.loc[meeting, "date"])
    if not customer.any():
        return visits
    out = visits.copy()
    if isinstance(out["kind"].dtype, pd.CategoricalDtype):
        out["kind"] = out["kind"].astype(object)
    out.loc[customer.index[customer.to_numpy()], "kind"] = "visit"
    return out


def with_customer_meetings(history: History) -> History:
    """``history`` with its meetings at held customers as visits (the compact history was
    summed with the rule already, in SQL or ``compact_history``)."""
    if history.facts is not None or not len(history.visits):
        return history
    # Once per history (``once``): the Checks' stopped-visits warning and the engine both ask
    # it of the same history (~45 ms each at 100,000 orders).
    return once(history, "_with_customer_meetings", lambda: _customer_meetings(history))


def _customer_meetings(history: History) -> History:
    accounts = history.accounts.iloc[:0] if history.accounts_derived else history.accounts
    visits = customer_meetings_as_visits(history.visits, history.orders, accounts)
    return history if visits is history.visits else replace(history, visits=visits)


# Prospecting counts: the rep's own work, never moved by a handover (no account holds them).
PIPELINE_COUNTS: tuple[str, ...] = ("meetings", "appointment_attempts")


def own_first_months(history: History) -> dict[str, pd.Period]:
    """Rep → the month of the first order or visit in the rep's own name.

    Read before the handover moves an account's past lines to its holder (handover.py): a
    newcomer given accounts then has a whole year of their sales and visits, but prospecting
    only from the month he joined. A compact history carries it summed before its handover
    (``HistoryFacts.own_first``, ``own_first_frame`` and ``own_first.sql``), so a history
    read from files or a database reads the same start as the same rows pasted (trial 29: a
    newcomer's one meeting the month before her first day was her start pasted, not from
    files); empty for facts built without it."""
    frame = own_first_frame(history) if history.facts is None else history.facts.own_first
    if frame is None or not len(frame):
        return {}
    return {str(r): pd.Period(m, "M") for r, m in zip(frame["rep"], frame["month"], strict=True)}


def own_first_frame(history: History) -> pd.DataFrame:
    """OWN_FIRST_COLUMNS of the raw lines: each rep's first month with an order or a visit
    in his own name (``HistoryFacts.own_first``; the SQL is ``own_first.sql``)."""
    frames = [f for f in (history.orders, history.visits) if len(f)]
    # Each rep's first day: ``groupby(rep.astype(str)).min()`` on the reps' codes (3 ms on
    # the demo book where the groupby on the texts took 4: a cold UDF call reads it).
    first = first_days(frames) if frames else None
    if first is None or not len(first):
        return empty_frame(OWN_FIRST_COLUMNS)
    months = first.dt.to_period("M")
    return pd.DataFrame({"rep": list(first.index), "month": months.array})


def start_months(
    own: dict[str, pd.Period],
    facts: pd.DataFrame,
    receivers: set[str],
    team: str,
    last: pd.Period | None = None,
) -> dict[str, pd.Period]:
    """Rep → the month the rep began work: the first own line (``own_first_months``: the raw
    lines', or the compact history's ``own_first``) where known; otherwise the first month
    of a sale, a visit or an account held in ``facts`` (as the landing reads a start), and
    for a rep given accounts in a handover (``receivers``), whose facts carry those
    accounts' past, the first month of his own
    prospecting (attempts or meetings: no handover moves them), when later and followed by
    prospecting in every month through ``last`` (a newcomer's steady start; a colleague who
    prospects now and then began long before his first attempt)."""
    reps = facts.index.get_level_values("rep").astype(str)
    months = pd.PeriodIndex(facts.index.get_level_values("month"), freq="M")
    # On arrays (a frame per step cost ~2 ms of a cold UDF call on the demo book): each rep
    # coded in text order, each month by its ordinal.
    codes, names = pd.factorize(reps, sort=True)
    ordinals = months.asi8

    def hits(columns: list[str]) -> np.ndarray:
        """Rows with any of ``columns`` above 0 (a blank is none)."""
        present = [c for c in columns if c in facts.columns]
        if not present:
            return np.zeros(len(facts), dtype=bool)
        return np.asarray((facts[present].to_numpy(dtype=float) > 0).any(axis=1))

    def first(hit: np.ndarray) -> dict[str, pd.Period]:
        """Rep → his first month among the rows ``hit``, by rep."""
        never = np.iinfo(np.int64).max
        earliest = np.full(len(names), never, dtype=np.int64)
        np.minimum.at(earliest, codes[hit], ordinals[hit])
        return {
            str(name): pd.Period(ordinal=int(o), freq="M")
            for name, o in zip(names, earliest.tolist(), strict=True)
            if o != never
        }

    out = first(hits(["revenue", "visits", "active_accounts"]))
    active = hits(["attempts", "meetings"])
    prospecting = first(active)
    # The month prospecting was first logged at all: a start there is the log's, not a rep's.
    logged = min(prospecting.values()) if prospecting else None
    for rep in list(out):
        if rep == team:
            del out[rep]
        elif rep in own:
            # A rep handed accounts has their past in his facts: his own first line says when
            # he began. Anyone else began no later than his facts show (an account held
            # before his first order or visit), as the summed history reads it.
            out[rep] = own[rep] if rep in receivers else min(own[rep], out[rep])
        elif (
            rep in receivers
            and rep in prospecting
            and prospecting[rep] > out[rep]
            and prospecting[rep] != logged
        ):
            begun = prospecting[rep]
            end = last if last is not None else months.max()
            mine = (reps == rep) & (months >= begun) & (months <= end)
            steady = bool(active[np.asarray(mine, dtype=bool)].all())
            span = (end - begun).n + 1 if end >= begun else 0
            if steady and int(mine.sum()) == span:
                out[rep] = begun
    return out


def months_at_work(since: dict[str, pd.Period], window: list[pd.Period]) -> dict[str, int]:
    """Rep → the window's months from the rep's first own line on, for reps who began after
    the window's first month (the others worked all of it)."""
    out: dict[str, int] = {}
    for rep, first in since.items():
        if window and window[0] < first:
            out[rep] = sum(1 for m in window if m >= first)
    return out


# The facts' columns the prospecting log fills (``pipeline_log``).
LOG_COLUMNS: tuple[str, ...] = ("meetings", "attempts")
# A log begun inside the baseline is read from its first month only when at least this share
# of the months from there on logged something (a steady log, not a first stray meeting).
LOG_STEADY_SHARE = 0.5


@dataclass(frozen=True)
class PipelineLog:
    """The baseline months a prospecting log begun inside them covers (``pipeline_log``)."""

    months: tuple[pd.Period, ...]  # from its first month to the baseline's last
    window: int  # the baseline's months

    def params(self) -> dict[str, object]:
        """The Plan's words: the months used and how many of the baseline's."""
        return {
            "first": str(self.months[0]),
            "last": str(self.months[-1]),
            "months": len(self.months),
            "window": self.window,
        }


def pipeline_log(
    facts: pd.DataFrame, baseline_months: list[pd.Period], team: str
) -> PipelineLog | None:
    """The baseline months the meetings and appointment-attempts log covers, when it began
    inside them: the team's first month with a meeting or an attempt in the whole history
    lies after the baseline's first month, and at least ``LOG_STEADY_SHARE`` of the months
    from it on logged one. None when it covers the whole baseline (or logs nothing in it).

    Why (trial 40: a bakery's meetings log 8 months long): the months before the log
    began logged nothing, not no meetings; read as a year they planned two thirds of the
    meetings and attempts, and a win rate of a year's wins over 8 months' meetings."""
    columns = [c for c in LOG_COLUMNS if c in facts.columns]
    if not columns or not baseline_months or team not in facts.index.get_level_values("rep"):
        return None
    rows = facts.xs(team, level="rep")[columns].fillna(0.0)
    logged = (rows.to_numpy(dtype=float) > 0).any(axis=1)
    if not logged.any():
        return None
    first = rows.index[int(np.argmax(logged))]
    months = [m for m in baseline_months if m >= first]
    if first <= baseline_months[0] or not months:
        return None
    seen = pd.Series(logged, index=rows.index).reindex(months, fill_value=False)
    if float(seen.mean()) < LOG_STEADY_SHARE:
        return None
    return PipelineLog(tuple(months), len(baseline_months))


def logged_months(
    facts: pd.DataFrame, baseline_months: list[pd.Period], team: str
) -> list[pd.Period]:
    """The baseline months the meetings and calls log covers (``pipeline_log``): the whole
    baseline when it covers it. The months every pipeline rate is read over."""
    log = pipeline_log(facts, baseline_months, team)
    return list(log.months) if log is not None else list(baseline_months)


def sums_over(facts: pd.DataFrame, months: Iterable[pd.Period], columns: list[str]) -> pd.DataFrame:
    """Each rep's (the team's too) sums of ``columns`` of ``facts`` over ``months``."""
    logged = facts[facts.index.get_level_values("month").isin(list(months))]
    return logged.groupby(level="rep")[columns].sum()


def pipeline_win_rate(facts: pd.DataFrame, baseline_months: list[pd.Period], team: str) -> float:
    """The team's wins over its meetings as the plan reads its win rates: over the baseline
    months its meetings log covers (``pipeline_log``; the whole baseline when it covers it),
    the months core.flows measures ``win_rate`` over, which every planned rep's rate is
    drawn toward (``credible_rates``: all nought when it is). NaN without a meeting there.

    The one rate catalog ``shows_pipeline`` is asked of, wherever the Plan's meetings line
    is decided (its argument there)."""
    if not {"meetings", "new_accounts"} <= set(facts.columns) or not baseline_months:
        return math.nan
    if team not in facts.index.get_level_values("rep"):
        return math.nan
    months = logged_months(facts, baseline_months, team)
    columns = [c for c in ("meetings", "new_accounts", "appointments") if c in facts.columns]
    sums = sums_over(facts, months, columns).reindex([team]).fillna(0.0)
    meetings, wins = float(sums.at[team, "meetings"]), float(sums.at[team, "new_accounts"])
    won = float(sums.at[team, "appointments"]) if "appointments" in sums.columns else 0.0
    if no_pipeline(meetings, wins, won):
        return math.nan
    return wins / meetings if meetings > 0 else math.nan


# Fewer meetings than this, in the months the log covers, carry no win rate (``direct_wins``):
# flows trusts a rep's own rate half at this many events (``flows.CREDIBILITY_EVENTS``), and
# a team rate read off fewer moves by ten points or more with one meeting more or less.
MIN_PIPELINE_MEETINGS = 10


def no_pipeline(meetings: float, wins: float, appointments: float) -> bool:
    """The team's new accounts come through no logged pipeline: it logged meetings with
    prospects (those at customers held are visits, ``customer_meetings_as_visits``), but
    too few to carry a win rate (fewer than ``MIN_PIPELINE_MEETINGS``), and no appointment
    was won to read the new accounts from instead (``direct_wins``). The plan then has no
    win rate: 商談数 and 商談成約率 get no target, the new accounts are planned as without a
    meetings log. No meeting at all is no log (nothing said); ten or more fewer than the
    wins are still planned at 100% (trial 52 M3: one rate, said once).

    Why (trial 52 M8, a housing-equipment wholesaler): its 打合せ and 見積提出 (Words → 商談)
    are at customers held, 3 with prospects a year against 32 new accounts; a 100% rate
    planned 36 meetings (+1100%) and the Dashboard read 商談数 3 / 23.6 = 12.7%, red, for a
    log that was never the way its customers came."""
    return wins > 0 and not appointments > 0 and 0 < meetings < MIN_PIPELINE_MEETINGS


@dataclass(frozen=True)
class DirectWins:
    """A log whose meetings are too few to carry the new accounts (``direct_wins``): the
    plan reads them from the appointments won instead."""

    meetings: float  # the team's meetings over the months the log covers
    wins: float  # its new accounts there
    appointments: float  # its appointments won there
    # rep (team too) → new accounts ÷ appointments won: above 1 when some wins came without
    # a logged appointment (``direct_wins``: not capped at one appointment a win)
    rates: pd.Series
    # rep (team too) → his new accounts and appointments won there (the Plan's own figures)
    own: pd.DataFrame | None = None

    @property
    def team_rate(self) -> float:
        """The team's new accounts per appointment won (above 1 when some wins came
        without a logged appointment: ``direct_wins``)."""
        return self.wins / self.appointments

    def rate_of(self, rep: str) -> float:
        """The rep's new accounts per appointment won (``rates``), the team's without one."""
        rate = float(self.rates.get(rep, self.team_rate))
        return rate if math.isfinite(rate) and rate > 0 else self.team_rate

    def won_a_year(self, base: pd.DataFrame, rep: str) -> float:
        """The rep's appointments won a year (``base``: attempts × appointment rate, paced
        over the months he worked as ``base`` is); 0 without them."""
        if not {"appointment_attempts", "appointment_rate"} <= set(base.columns):
            return 0.0
        if rep not in base.index:
            return 0.0
        won = float(base.at[rep, "appointment_attempts"]) * float(base.at[rep, "appointment_rate"])
        return won if math.isfinite(won) and won > 0 else 0.0

    def pace(self, base: pd.DataFrame, rep: str) -> float:
        """The new accounts a year the rep's prospecting is on course for without a meetings
        stage: his appointments won a year (``won_a_year``) at his ``rate_of``. A
        newcomer's floor (targets.building_pace) where meetings × the win rate read 0, or a
        stray meeting at the flows' win rate (fix46b's leftover)."""
        return self.won_a_year(base, rep) * self.rate_of(rep)


def direct_wins(
    facts: pd.DataFrame, baseline_months: list[pd.Period], team: str
) -> DirectWins | None:
    """The pipeline without its meetings stage: when the team logs appointments won but its
    meetings (over the months ``pipeline_win_rate`` reads) are fewer than
    ``MIN_PIPELINE_MEETINGS`` or fewer than its new accounts, the new accounts do not come
    from logged meetings, and the plan reads them from the appointments: each rep's new
    accounts ÷ appointments won there, trusted as far as the reps differ beyond chance
    (``flows.credible_rates``). None otherwise (the meetings carry a rate, or nothing to
    read instead: no appointment or no new account logged).

    Why (trial 45, a beauty dealer whose new salons come from cold calls straight to a first
    order; its 講習会 at held salons count as visits): 0 meetings left the meetings and
    attempts targets blank; one stray meeting a year read as a 100% win rate planned 139
    meetings (+13800%) and put a red 0% on every rep.

    **Not capped at one appointment a win** (trial 48 N2). Where the log holds more new
    accounts than appointments won (477 wins, ~407 appointments: some customers came
    without a logged appointment), the ratio is kept as it is, above 1: the appointments
    planned grow in proportion with the new accounts planned, and so do the attempts.
    Capped at 1, the plan asked one appointment per win: +23% appointments and +32%
    attempts for +5% new accounts, and more attempts for reps whose new-account target
    fell (青木 31 → 28 wins, 180 → 343 attempts). The binomial credibility cannot weigh a
    ratio above 1 (``flows.credible_weight``: it gives everyone the team's), so then each
    rep reads his own wins per appointment won (``own_ratios``): at the team's 1.17 a rep
    who won 1.6 customers per appointment was asked 55% more attempts for 21% more wins."""

    from routekpi.core.flows import credible_rates  # flows imports this module

    if not {"meetings", "new_accounts", "appointments"} <= set(facts.columns):
        return None
    if not baseline_months or team not in facts.index.get_level_values("rep"):
        return None
    months = logged_months(facts, baseline_months, team)
    sums = sums_over(facts, months, ["meetings", "new_accounts", "appointments"])
    if team not in sums.index:
        return None
    meetings, wins, won = (float(sums.at[team, k]) for k in sums.columns)
    if not (wins > 0 and won > 0) or (meetings >= MIN_PIPELINE_MEETINGS and meetings >= wins):
        return None
    rates = credible_rates(sums["new_accounts"], sums["appointments"], wins / won)
    if wins > won:  # a ratio, not a chance: each rep's own (module doc of the cap)
        rates = own_ratios(sums["new_accounts"], sums["appointments"], wins / won)
    own = sums[["new_accounts", "appointments"]]
    return DirectWins(meetings, wins, won, rates, own)


def own_ratios(wins: pd.Series, appointments: pd.Series, team: float) -> pd.Series:
    """Each rep's wins ÷ appointments won (``direct_wins`` when the team won more customers
    than appointments); the team's ratio for a rep without both."""
    out = pd.Series(team, index=wins.index, dtype=float)
    has = (wins > 0) & (appointments > 0)
    out[has] = wins[has].astype(float) / appointments[has].astype(float)
    return out


def with_log_win_rate(
    base: pd.DataFrame, facts: pd.DataFrame, log: PipelineLog | None
) -> pd.DataFrame:
    """``base`` with each row's meeting win rate read over the months a prospecting log
    begun inside the baseline covers (``pipeline_log``): its wins there over its meetings
    there, the rate core.flows plans (``pipeline_win_rate`` for the team). Unchanged without
    such a log.

    Why (dedup44): the baseline's rate was the year's wins over the log's meetings — 11 ÷ 28
    = 39% on trial 40's bakery shape where the log's 7 months hold 7 wins (25%, the rate the
    targets use) — so the Targets sheet's 基準値 read above the plan with nothing changed."""
    if "meeting_win_rate" in base.columns and base_no_pipeline(base):
        out = base.copy()
        out["meeting_win_rate"] = np.nan  # no win rate to plan (``no_pipeline``)
        return out
    if (
        log is None
        or "meeting_win_rate" not in base.columns
        or not {"new_accounts", "meetings"} <= set(facts.columns)
    ):
        return base
    sums = sums_over(facts, log.months, ["new_accounts", "meetings"]).reindex(base.index)
    meetings = sums["meetings"].to_numpy(dtype=float)
    wins = sums["new_accounts"].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.where(meetings > 0, wins / meetings, np.nan)
    out = base.copy()
    out["meeting_win_rate"] = rate
    return out


def base_no_pipeline(base: pd.DataFrame) -> bool:
    """``no_pipeline`` of the baseline's team row (its meetings, new accounts and
    appointments won a year): the plan's rates (``with_log_win_rate``), the Plan's line and
    the Targets' reasons (render) ask it."""
    if TEAM not in base.index or not {"meetings", "new_accounts"} <= set(base.columns):
        return False
    won = float(base.at[TEAM, "appointments"]) if "appointments" in base.columns else 0.0
    meetings, wins = float(base.at[TEAM, "meetings"]), float(base.at[TEAM, "new_accounts"])
    return no_pipeline(meetings, wins, won if math.isfinite(won) else 0.0)


# A rep with at most this many months of the baseline at work is still ramping up: his
# prospecting made a year is his first months' pace (``pipeline_per_year``, trial 41 L3).
RAMP_MONTHS = 6


def pipeline_per_year(
    base: pd.DataFrame,
    worked: dict[str, int],
    window: int,
    team: str,
    log: PipelineLog | None = None,
    ramp: dict[str, dict[str, object]] | None = None,
) -> pd.DataFrame:
    """``base`` (a year's values per rep, from a ``window``-month baseline) with the
    prospecting counts of a rep who worked only ``worked[rep]`` of those months scaled to a
    year: count ÷ months × 12. ``log``: a prospecting log begun inside the baseline
    (``pipeline_log``): every rep's counts are of its months at most, so scaled the same.

    As the landing reads a newcomer's revenue (landing.py: his months, not a year with months
    of nothing): four months of 8 attempts are 96 a year, not 32. The team's counts are its
    reps' sums.

    **His first full year** (trial 41 L3). A rep at work for at most ``RAMP_MONTHS`` of the
    baseline has only his ramp months: 渡辺, six months from 2025-07 on at half the pace he
    went on to keep, was planned 20 meetings and 60 attempts (two of his months × 12) and made
    32 and 110. So his year is the team's pace per rep — the middle rep's count among those at
    work all the baseline (the middle one: a rep who left part-way rarely pulls it down) — and
    never below his own pace so far (trial 29's newcomer prospected at twice the veterans'
    pace in her first six months). ``ramp``: filled with rep → the Plan's words
    (``ramp_note_params``) for each rep so raised."""
    out = base.copy()
    keys = [k for k in PIPELINE_COUNTS if k in out.columns]
    covered = len(log.months) if log is not None else window
    reps = [r for r in out.index if r != team] if log is not None else list(worked)
    for rep in reps:
        months = min(worked.get(rep, window), covered)
        if rep in out.index and rep != team and 0 < months < window:
            scaled = out.loc[rep, keys] * (window / months)
            if team in out.index:
                out.loc[team, keys] = out.loc[team, keys] + scaled - out.loc[rep, keys]
            out.loc[rep, keys] = scaled
    _first_full_year(out, worked, window, team, keys, ramp)
    return out


def _first_full_year(
    out: pd.DataFrame,
    worked: dict[str, int],
    window: int,
    team: str,
    keys: list[str],
    ramp: dict[str, dict[str, object]] | None,
) -> None:
    """``pipeline_per_year``'s first full year, in place: each ramping rep's counts raised
    to the team's pace per rep where his own is lower."""
    ramping = [r for r, m in worked.items() if 0 < m <= RAMP_MONTHS and r in out.index]
    full = [r for r in out.index if r != team and r not in worked]
    if not ramping or not full or not keys:
        return
    pace = out.loc[full, keys].astype(float).median(skipna=True)
    for rep in ramping:
        own = out.loc[rep, keys].astype(float)
        lift = (pace - own.fillna(0.0)).clip(lower=0.0).where(pace.notna() & (pace > 0), 0.0)
        if not (lift > 0).any():
            continue
        if team in out.index:
            out.loc[team, keys] = out.loc[team, keys] + lift
        out.loc[rep, keys] = own.fillna(0.0) + lift
        if ramp is not None:
            ramp[rep] = ramp_note_params(rep, worked[rep], own, out.loc[rep, keys])


def ramp_note_params(rep: str, months: int, own: pd.Series, used: pd.Series) -> dict[str, object]:
    """The Plan's words on a rep's first full year (``pipeline_per_year``): his months at
    work, his own meetings and attempts made a year, and the year's counts used."""

    def count(values: pd.Series, key: str) -> str:
        value = float(values.get(key, np.nan))
        return f"{value:,.0f}" if np.isfinite(value) else "—"

    return {
        "rep": rep,
        "months": months,
        "own_meetings": count(own, "meetings"),
        "meetings": count(used, "meetings"),
        "own_attempts": count(own, "appointment_attempts"),
        "attempts": count(used, "appointment_attempts"),
    }


# The first-full-year note by what it raised (``ramp_note_code``): both counts, or one.
FIRST_YEAR_NOTES: tuple[str, ...] = (
    "pipeline_first_year",
    "pipeline_first_year_meetings",
    "pipeline_first_year_attempts",
)


# The codes that say his meetings are the team's pace (his building note says so too).
TEAM_PACE_MEETINGS: frozenset[str] = frozenset(FIRST_YEAR_NOTES[:2])


def ramp_note_code(params: Mapping[str, object]) -> str:
    """The note for ``ramp_note_params``' words that says only what changed: meetings and
    attempts raised (``pipeline_first_year``), or only one of them (「商談 年42 → 42件」 said
    nothing). Compared as printed: a count not logged (—) is none, and a raise that rounds
    to the same figure is no change to the reader either."""

    def raised(key: str) -> bool:
        own, used = (str(params.get(k, "—")).replace("—", "0") for k in (f"own_{key}", key))
        return own != used

    meetings, attempts = raised("meetings"), raised("attempts")
    if meetings and not attempts:
        return "pipeline_first_year_meetings"
    if attempts and not meetings:
        return "pipeline_first_year_attempts"
    return "pipeline_first_year"


# What a prospecting newcomer without a share of the KGI is given (``with_prospects``).
PROSPECT_COUNTS: tuple[str, ...] = ("meetings", "appointment_attempts", "new_accounts")
PROSPECT_RATES: tuple[str, ...] = ("meeting_win_rate", "appointment_rate")


def prospecting_reps(ev: Evidence) -> list[str]:
    """Reps left out of the KGI's split (no baseline revenue, ``Evidence.unplanned``) who
    made appointment attempts or meetings in the baseline: a newcomer prospecting."""
    base = ev.base
    out = []
    for rep in ev.unplanned:
        if rep not in base.index:
            continue
        logged = [float(base.at[rep, k]) for k in PIPELINE_COUNTS if k in base.columns]
        if any(np.isfinite(v) and v > 0 for v in logged):
            out.append(rep)
    return out


def pipeline_norms(ev: Evidence) -> dict[str, float]:
    """The planned reps' meetings and appointment attempts per rep and month of the baseline
    (a rep who began inside it counts at his months worked, made a year:
    ``pipeline_per_year``)."""
    reps = [r for r in ev.reps if r in ev.base.index]
    out: dict[str, float] = {}
    for key in PIPELINE_COUNTS:
        values = ev.base.loc[reps, key].astype(float) if key in ev.base.columns else None
        out[key] = float(values.sum()) / (12 * len(reps)) if values is not None and reps else 0.0
    return out


def prospect_basis(ev: Evidence, rep: str) -> dict[str, tuple[float, str]]:
    """A prospecting newcomer's meetings and attempts per month at work, and whose: the
    team's per rep-month (``pipeline_norms``, "team"), or his own baseline per month worked
    when the planned reps logged none ("own"); and the win and appointment rates they are
    turned into new accounts and meetings at: the team's planned ones ("team"), NaN when the
    team has none."""
    norms = pipeline_norms(ev)
    out: dict[str, tuple[float, str]] = {}
    for key in PIPELINE_COUNTS:
        if norms[key] > 0:
            out[key] = (norms[key], "team")
        else:  # nothing logged by anyone: no target (NaN), not a target of 0
            own = _own_per_month(ev, rep, key)
            out[key] = (own if own > 0 else np.nan, "own")
    return out


def _own_per_month(ev: Evidence, rep: str, key: str) -> float:
    """A rep's own ``key`` (meetings, attempts) per month of the baseline from his first
    month with any line on: read off the monthly facts, not the baseline (which has it per
    year only for a rep whose start it could read: scaling that again would count his
    months twice)."""
    column = "attempts" if key == "appointment_attempts" else key
    if column not in ev.facts.columns or rep not in ev.facts.index.get_level_values("rep"):
        return 0.0
    mine = ev.facts.xs(rep, level="rep").reindex(ev.baseline_months).fillna(0.0)
    work = [c for c in ("revenue", "visits", "attempts", "meetings") if c in mine.columns]
    busy = mine[work].abs().sum(axis=1) > 0
    if not busy.any():
        return 0.0
    months = len(busy) - int(np.argmax(busy.to_numpy()))  # from his first busy month on
    return float(mine[column].sum()) / months


def with_prospects(ev: Evidence, plan: Plan) -> Plan:
    """``plan`` with pipeline targets for each prospecting newcomer (``prospecting_reps``):
    meetings and appointment attempts per month at work (``prospect_basis``; a month of
    leave: the share of its working days he is at work), and the new accounts those
    meetings give at the team's planned win rate (none without one), each year rounded half
    up and spread over his months as the others' are. No revenue, accounts or lever target:
    he has no share of the KGI. His counts are added to the team's (the team's counts are
    its reps' sums); the reps' revenue still adds up to the KGI. In place; returns ``plan``.

    Why: a newcomer who prospects but has not sold yet had no target at all, and an
    Overrides row could not give him one (no Targets row to put it in)."""
    reps = prospecting_reps(ev)
    if not reps or any(k not in plan.monthly for k in PROSPECT_COUNTS):
        return plan
    from routekpi.core.measure import TEAM

    months = list(ev.plan_months)
    win = float(plan.fy.at[TEAM, "meeting_win_rate"])
    appt = float(plan.fy.at[TEAM, "appointment_rate"])
    present = month_presence(ev.calendar, reps, months)  # rep × month: share at work
    per_month = {k: np.zeros(len(reps)) for k in PIPELINE_COUNTS}
    for i, rep in enumerate(reps):
        for key, (value, _) in prospect_basis(ev, rep).items():
            per_month[key][i] = value
    raw = {
        "meetings": present * per_month["meetings"][:, None],
        "appointment_attempts": present * per_month["appointment_attempts"][:, None],
    }
    raw["new_accounts"] = raw["meetings"] * (win if np.isfinite(win) and win > 0 else np.nan)
    fy = plan.fy.reindex([*(r for r in plan.fy.index if r != TEAM), *reps, TEAM])
    for key, matrix in raw.items():
        frame = plan.monthly[key]
        # Rows without a basis (NaN) stay NaN: no target, and nothing added to the team's.
        values = np.full_like(matrix, np.nan)
        known = np.isfinite(matrix).all(axis=1)
        if known.any():
            values[known] = round_rows(matrix[known])
        mine = pd.DataFrame(values, index=reps, columns=frame.columns, dtype=float)
        # The team's count is its reps' sum (a row without a target, NaN, adds nothing).
        team = pd.concat([frame.drop(index=TEAM), mine]).sum(axis=0, min_count=1)
        plan.monthly[key] = pd.concat([frame.drop(index=TEAM), mine, team.to_frame(TEAM).T])
        fy.loc[reps, key] = np.where(known, values.sum(axis=1), np.nan)
        fy.loc[TEAM, key] = fy.loc[fy.index != TEAM, key].sum(min_count=1)
    for key, value in (("meeting_win_rate", win), ("appointment_rate", appt)):
        if key in plan.monthly and np.isfinite(value) and value > 0:
            frame = plan.monthly[key]
            mine = pd.DataFrame(value, index=reps, columns=frame.columns, dtype=float)
            plan.monthly[key] = pd.concat([frame.drop(index=TEAM), mine, frame.loc[[TEAM]]])
            fy.loc[reps, key] = value
    plan.fy = fy
    return plan
