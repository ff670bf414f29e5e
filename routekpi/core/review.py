"""The Review: year to date, which lever made the gap, and who to learn from (振り返り).

Per rep and for the team:

- **Gap by lever.** Year-to-date revenue is exactly the product of its levers and the months
  elapsed: R = a × v × o × p × m (average active accounts, visits per account per month,
  orders per visit, unit price, elapsed months by working days; without visits
  R = a × orders per account per month × p × m). The targets multiply the same way to
  T' = m × Π tₖ, where tₖ are the monthly lever targets averaged over the elapsed months.
  The target to date T (monthly revenue targets × elapsed share) differs from T' only by
  timing (seasonality and working days), so ln(R/T) = Σ ln(aₖ/tₖ) + ln(T'/T). Each term is
  turned into yen with the logarithmic mean L = (R − T) / ln(R/T) (LMDI): contribution
  cₖ = L·ln(aₖ/tₖ), timing = L·ln(T'/T); they sum to R − T exactly.
- **The team.** Its ratio levers (and rates) are at the baseline's mix, like their targets
  (catalog): each rep's value weighted by its baseline denominator. They do not multiply to
  team revenue, so a team lever's contribution is the sum of its reps' contributions to that
  lever and its timing the sum of its reps' timing; what no rep's levers explain (a rep with
  no sales to date, revenue of reps without a plan) gets a row of its own (``UNSPLIT``).
- **Months left out of a rep's split.** A month he was on leave for at least half its
  working days, and the months after his last visit when his visit records stop (orders go
  on, and the next month began ``VISITS_STOPPED_WORKING_DAYS`` working days or more before
  the as-of date: Checks' ``visits_stopped``, an export not pasted yet), are not split: his
  levers are those of the other months (a visit not recorded is not zero visits, as his
  baseline leaves his leave out: core.at_work), and their gap is a row of its own
  (``AWAY``; the team's is its reps' sum), so the rows still add up to the gap.
- **Main lever**: the lever whose contribution explains most of the gap (the most negative
  when behind, the most positive when ahead). A rep who took accounts over during the year
  is judged on his own book, as the best performers are: the same split of his revenue
  without those accounts (``revenue_own``) by his levers without them (the accounts taken
  over raise his active accounts with no part of his target); his revenue row's ``detail``
  holds that gap, the lever and its part (``own_gap``, ``own_main``, ``own_contribution``).
  A gap shown as ¥0 (``on_target``) has no main lever: on target, not 「主因は…(+¥0)」
  (a rep on target on his own book: ``own_gap`` alone).
  The rows' contributions stay those of his booked revenue (they add up to the team's). A
  compact history has no per-account visits: there his active accounts are left out of the
  choice instead.
- **A price-list move for everyone** (trial 40 M1, 薬価改定: every product −4 to −6% each
  April; the Review named unit price the main cause for 4 of 9 reps and coached them to learn
  from a colleague). Where the order lines carry a product (``History.product_months``), the
  team's like-for-like price (core.flags ``like_for_like_change``: each product against
  itself) over the months so far against the baseline's months is the price list's move;
  less the lift the Plan gave the baseline's months before a price step (core.levers
  ``as_level``'s carry: they are in the target at the new prices; trial 51 H4) and what the
  rest of the target's unit price carries the same way (the Plan's team growth of unit
  price), it is the list's part of every rep's unit-price term: ln(1 + move) of
  ln(actual ÷ target), in yen by the same logarithmic mean (``price_list_yen``). Under
  ``PRICE_LIST_MIN`` (2%) it is taken as no move, unless the year's own months hold a revision
  found like for like (``_year_revision``: beside the Plan's step, a second one on some
  products, core.price_index ``find_second_step``; trial 51: the tyre makers' +3% in 2026-01,
  +1.7% for the company, was every rep's own unit price). When it is at least
  ``PRICE_LIST_MIN`` (2%) (or named so) and goes the gap's way (a fall for a rep behind), the
  main lever is chosen with unit price net of it (a rep ahead in spite of it: as booked); when
  the list's part is larger than any lever's (net), it is the main cause and no lever is
  (``PRICE_LIST_KEYS`` on the revenue row: nothing to coach); when unit price is still the
  main lever net of it, its row carries the list's part and names no colleague (a better
  unit price there is mix or noise). The rows still add up: the unit-price row keeps its
  whole contribution and says the list's part.
- **Best performer** per KPI (the colleague to learn from): for rates and ratios the rep with
  the best year-to-date value; for KPIs that scale with the size of a book (revenue, active
  accounts, new accounts, meetings) and a ratio the book's customers set (unit price:
  ``OWN_BOOK_RATIOS``) the rep with the best attainment of their own target.
  A rep who left during the year (``core.handover.left_during``) is no model, and each rep is
  compared on his own book: revenue by the attainment without the accounts that changed hands
  in the year (``revenue_kept``, ``revenue_own``), and a rep who took accounts over is not
  compared on active accounts (``TAKEOVER_SIZED``: the takeover counts there, with no figure
  without it).
  A model also worked through every complete month of the year so far (``AT_WORK_SHARE``:
  no month of a leave, a departure or a late start) and, for a ratio, has at least
  ``MIN_VOLUME_SHARE`` of the median rep's denominator behind it; a taker's ratios are those
  of his own book (his ride-along visits on accounts not yet his do not count). A KPI that
  depends on the days worked (``DAY_BOUND``: visits or orders per account per month) is
  compared only between reps whose working days are not materially apart (core.workweek:
  a part-timer on Monday, Wednesday and Friday is not told to copy a five-day colleague);
  with no such colleague his row names none and says why (``detail`` ``apart``). Nor is a
  rep the model for orders per visit while he is a fifth or more behind his visit frequency
  (``INFLATED_BY``): fewer visits alone raise it. Nor is a rep who began work less than
  ``MIN_MODEL_MONTHS`` (12, core.examples: the Flags' rule too) months before the plan year
  (``Evidence.starts``): his months have no baseline year beside them, and a hire's first
  quarter on a book his colleagues built is no way of working to copy.
- **The target's assumption**: when the best rep on a main lever is himself short of his
  target there, or most reps at work are (``MOST_SHORT_SHARE``, ``SHORT_BAND``), the main
  rows say so with the Plan's growth of that lever and the past trend it carried, instead of
  "learn from X".
- **A lost account**: when the accounts a rep holds that ended this year sold less than in
  the same months last year by at least ``LOST_CAUSE_SHARE`` of his gap and of his main
  lever's contribution, his revenue row names them as the main cause and no lever is main.
- **A rep who left during the year** keeps his rows (his sales are the team's) with no main
  lever, nothing to coach; his revenue row says when he was last seen (``detail`` departed).
- **Trend**: the last complete month against the one before (counts per working day):
  up / down / flat (within ±2%).
- **Notes**: rows of the Notes input sheet for the same rep and KPI in the plan year; the KPI
  by any of its names (``catalog.find_kpi``: 訪問頻度 too). One that matches no KPI stays on
  the revenue row, marked, and the Checks sheet names its cell (validation.tables).
- **Accounts that changed hands during the year.** Between two planned reps the targets
  follow the accounts from the handover month (core.carry): such a rep is judged as booked,
  with no rows on what changed hands (his revenue row's ``detail`` ``carried`` says it, for
  core.book_change). When only some of his handovers carried (he also gave accounts to a
  newcomer without a plan, or took some from a rep who left during the year: the Checks'
  ``handover_partly_carried``), the accounts that did not carry get the rows below, against
  his targets after the carry (``judged_handed``): the rest of him is his own book.
  Otherwise (core.handover: the year's targets stay with the reps who held the accounts at
  its start) the rows below, against the targets as set; and a rep
  behind as booked only for the handover (his book changed materially and on his own book
  he is at PaceWarn or better, as the Flags judge it) gets no main lever, his revenue row's
  ``detail`` ``handover_cause`` naming the handover (``_mark_handover``). A rep with
  actuals but no plan (a newcomer who took accounts over) gets rows with the actuals since
  their first order or visit and no target (``planned`` False; no split by lever, their
  sales are in the team's unsplit row). A rep who handed accounts over gets two rows under
  revenue (``handed_over``):
  the year's sales of those accounts while the rep still held them, against the part of the
  rep's target they stood for (their share of the rep's baseline revenue), and the revenue
  without them against the rest of the target — the attainment on the book the rep kept. A
  rep with a plan who took accounts over gets the mirror rows: the year's sales of those
  accounts since (no part of the target) and the revenue without them against the target.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date

import numpy as np
import pandas as pd

from routekpi.contract import WHITESPACE, fold, lazy_pattern
from routekpi.core.at_work import (
    VISITS_STOPPED_WORKING_DAYS,
    levers_at_work,
    season_visit_frequency,
    visit_season,
    with_cover_visits,
)
from routekpi.core.at_work import lever_values as _lever_values
from routekpi.core.at_work import target_to_date as _target_ytd
from routekpi.core.baselines import Evidence, last_complete_month
from routekpi.core.book_change import (
    CARRIED_KEY,
    CAUSE_KEY,
    BookChange,
    book_changes,
    near_empty,
)
from routekpi.core.calendar import fiscal_label, month_label
from routekpi.core.carry import Carry, carried_reps, uncarried_accounts
from routekpi.core.catalog import (
    KPI_BY_KEY,
    NO_VISIT_LEVERS,
    NOTE_ROWS,
    VISIT_LEVERS,
    attainment_ratio,
    find_kpi,
)
from routekpi.core.engine import YearSoFar, attainment_table, elapsed_months
from routekpi.core.examples import example_reps
from routekpi.core.flags import PRICE_LIST_MIN, like_for_like_change, lost_accounts
from routekpi.core.frames import by_key, cells, records
from routekpi.core.handover import left_during
from routekpi.core.history import History, once
from routekpi.core.lost import ended_months_from
from routekpi.core.lumps import held_lump_months, lumps_missing, projects_short
from routekpi.core.measure import (
    TEAM,
    month_grid,
    monthly_facts,
    sum_by_rep,
    summarize,
    team_at_mix,
    with_team,
    with_team_at_mix,
)
from routekpi.core.price_index import IndexStep, find_second_step, find_step
from routekpi.core.visit_days import visit_link
from routekpi.core.workweek import apart, has_own_week, own_days, rep_weekdays

REVIEW_COLUMNS = (
    "rep",
    "kpi",
    "target_ytd",
    "actual_ytd",
    "attainment",
    "contribution",
    "main",
    "trend",
    "best_rep",
    "best_value",
    "notes",
    "planned",  # False: a rep with actuals but no plan (no target on any row)
    "detail",  # parameters of the row's finding (handed-over accounts), {} otherwise
)
TIMING = "timing"  # the row that carries seasonality / working-day timing
# Below a hundredth of a yen the timing row's residual is the float noise of subtracting sums
# of ~10⁸ yen: written, it shows as ¥0 but reads 4.66e-09 in the cell (the Decomposition keeps
# the exact residual, so its parts still add up to the gap).
YEN_NOISE = 0.01
# The team's gap no rep's levers explain: reps with no split (no sales to date, a lever at 0)
# and sales by reps without a plan. Shown only when there is such a gap.
UNSPLIT = "unsplit"
# A rep's rows on accounts handed over during the plan year (``handed_over``): the year's
# sales of those accounts while the rep held them, and the rep's revenue without them.
MOVED = "moved_accounts"
KEPT = "revenue_kept"
# The mirror rows of a rep with a plan who took accounts over during the year: their sales
# since the takeover (no part of the rep's target) and the rep's revenue without them.
TAKEN = "taken_accounts"
OWN = "revenue_own"
# A rep's gap in the months his split leaves out (months mostly on leave, months after his
# visit records stop: ``_months_split``), and the team's sum of them. Shown when any.
AWAY = "months_unsplit"
GAP_ROWS = (TIMING, UNSPLIT, MOVED, KEPT, TAKEN, OWN, AWAY)  # Review rows that are not KPIs
OTHER_KPIS = ("new_accounts", "meetings", "appointment_rate", "meeting_win_rate", "retention_rate")
# The counts among them whose team row sums the planned reps only when a rep without a plan
# has rows of her own (the team's target is the planned reps'); the rates stay the team's.
PLANNED_SUMS = ("new_accounts", "meetings")
# KPIs that grow with the size of a rep's book: compared by attainment, not by raw value.
SIZE_KPIS = ("revenue", "active_accounts", "new_accounts", "meetings")
# A ratio whose level a rep's book sets more than his way of working: unit price is what his
# customers buy (trial 35 L7: a rep whose accounts were 37% schools had the team's highest
# ¥16,648 at 97.2% of his own target, and four colleagues were told to learn his pricing).
# Compared as the size KPIs are, by attainment of his own target (set from his own book's
# baseline): the best is who moved his own customers' price most, a practice to share.
OWN_BOOK_RATIOS = ("unit_price",)
# The KPIs whose best performer is the best attainment of his own target (else: best value).
BY_ATTAINMENT = (*SIZE_KPIS, *OWN_BOOK_RATIOS)
FLAT_BAND = 0.02
# Size KPIs a takeover raises with no figure without it on the sheet: a rep who took accounts
# over during the year is not the best at them (revenue has ``revenue_own``).
TAKEOVER_SIZED = ("active_accounts",)
# KPIs a rep's book sets: a rep whose book changed materially in the year (core.book_change:
# a handover in or out) is no one's model on them (trial 39 H2: the rep who took over a
# leaver's high-ticket supermarkets read 154.1% of a unit-price target set on his old book,
# and every colleague's row named him the best); the best is among the unchanged books.
BOOK_SET = ("revenue", *TAKEOVER_SIZED, *OWN_BOOK_RATIOS)
# KPIs that depend on the days a rep works (per account per month: a part-timer on three
# days a week visits each account less often than a colleague on five): compared only
# between reps who work as many days (``_days_alike``, core.workweek; trial 24 M2).
DAY_BOUND = ("visits_per_account", "orders_per_account")
# A model rep worked through the period compared: every complete month of the year so far
# has at least this share of his usual (median) month's visits per working day (orders
# without visits). A leave, a departure or a late start leaves ratios no one can copy.
AT_WORK_SHARE = 0.5
# Enough volume behind a ratio: its denominator to date (account-months, visits, orders,
# attempts, meetings) is at least this share of the median rep's (a rate from a handful of
# attempts is luck, not a way of working).
MIN_VOLUME_SHARE = 0.5
# The target's assumption, not the reps, is off on a lever when the best rep on it is short
# of his own target there too, or more than this share of the reps at work are short;
# short = more than SHORT_BAND below target on that lever (1% under is on target).
MOST_SHORT_SHARE = 0.5
SHORT_BAND = 0.05
# A rep's gap is mostly a lost account when the accounts that ended this year (core.lost)
# sold less than in the same months last year by at least this share of the gap and of his
# main lever's contribution (which carries the loss too: a lost big-ticket account lowers
# the unit price).
LOST_CAUSE_SHARE = 0.5
# A ratio that a rep's own shortfall on the lever below it raises is no model's: fewer visits
# alone raise the orders per visit of a rep whose customers order as before (trial 32 M2: a
# rep whose visits halved from July, orders held, showed the team's best orders per visit,
# 1.81 against his 1.33 before, and every colleague was told to learn it from him). Ratio →
# that lever; the rep is left out of the ratio's best when he is ``INFLATED_SHORT`` or more
# below his target on the lever (the sample's reps are within 6% of theirs).
# The visit rows a Review shows with the actuals alone when the book has visit records in
# the year but its plan was made without them (core.baselines: records that begin inside
# the baseline, ``visits_start_in_baseline``): visits, visit frequency and orders per visit,
# no target and no part of the gap's split (a new-user trial: a book with a Visits log
# showed no visit row at all). Their first row's ``detail`` says why (``VISITS_KEY``: the
# note's code and parameters); a book without visit records gets the team's visits row
# with no numbers, saying they are left out (``no_visits``).
VISIT_ROWS = ("visits", "visits_per_account", "orders_per_visit")
# A mover's handover cause (``_mark_moves``): what he left and took, and whether the move
# explains his gap.
MOVE_KEY = "move"
VISITS_KEY = "visits_unplanned"
INFLATED_BY = {"orders_per_visit": "visits_per_account"}
INFLATED_SHORT = 0.2
# Where the visits do not bring the orders (core.visit_days: orders apart from the visits, or
# visits that are the deliveries), visit frequency × orders per visit is how often an account
# orders, and neither is a cause of its own: the two are weighed as one when the main lever
# is chosen (their contributions added: ln(v/tv) + ln(o/to) is the orders per account's), the
# first of them carries it, its row says so (``TIED_KEY``) and names no colleague to copy
# (trial 40 M6: 「高橋 誠 0.91 件/訪問」 ranked for EDI orders; trial 41 L4: 「主因は訪問頻度」
# for customers skipping their deliveries). Apart, orders per visit has no best performer.
TIED_LEVERS = ("visits_per_account", "orders_per_visit")
TIED_KEY = "visit_link"
# A count of events compared by attainment (new accounts, meetings) names a rep the best
# only when his target over the period was at least ``MIN_BEST_BASE`` (3 accounts or
# meetings): 12 new accounts won against 1 planned read 「達成率 1200%」 and made him every
# colleague's model for one lucky account (a new-user trial). The best's count and target
# are kept beside his percentage (``detail`` ``best_count`` / ``best_base``).
MIN_BEST_BASE = 3.0
BASE_COUNTED = tuple(
    k for k in SIZE_KPIS if KPI_BY_KEY[k].unit == "count" and KPI_BY_KEY[k].additive
)
# A colleague is named as the model for a rep only when his value beats the rep's own by at
# least this share (3%: 0.67 against 0.65 orders per visit): a model barely ahead, level or
# behind teaches nothing (trial 43 M2: Ito at 0.65 was told to learn from Takahashi's 0.65,
# his gap a target of 0.67 above anyone's). Such a row keeps the best in its columns and
# says in ``detail`` ``NEAR_BEST_KEY`` why no one is named: ``"above"`` when the target is
# above what anyone on the team reaches now, else ``"level"``; ``"ahead"`` when he does
# clearly better than the best (left out of the comparison, e.g. by too few meetings).
MODEL_MARGIN = 0.03
# The pipeline's rates (not levers of the revenue gap): the best must beat the team's own rate,
# or no one is named. The volume rule (``MIN_VOLUME_SHARE``) leaves out the reps with few
# meetings, and the team's rate counts their wins and the accounts won without a logged
# meeting: trial 42's book named 中村 at 14.3% (1 won of 7) the best 商談成約率 while the
# team's was 25.7% (山本 2 of 2 and 佐藤's 2 without a meeting left out of the comparison).
TEAM_BOUND = tuple(k for k in OTHER_KPIS if k not in SIZE_KPIS)
NEAR_BEST_KEY = "near_best"


@dataclass(frozen=True)
class Decomposition:
    """Year-to-date revenue gap split by lever (contributions sum to ``actual − target``)."""

    target: float
    actual: float
    levers: dict[str, tuple[float, float, float]]  # lever → (target, actual, contribution)
    timing: float

    @property
    def gap(self) -> float:
        """Actual minus target to date."""
        return self.actual - self.target


def decompose_gap(
    actual: float,
    target: float,
    lever_actual: dict[str, float],
    lever_target: dict[str, float],
    months: float,
) -> Decomposition:
    """Split ``actual − target`` into log contributions of each lever plus timing.

    ``actual`` must equal ``months × Π lever_actual`` (it does by construction of the
    levers); the target side's product may differ from ``target``: that difference is timing.
    """
    keys = list(lever_actual)
    ok = (
        actual > 0
        and target > 0
        and all(lever_actual[k] > 0 and lever_target.get(k, 0) > 0 for k in keys)
    )
    if not ok:
        nan = float("nan")
        return Decomposition(
            target, actual, {k: (lever_target.get(k, nan), lever_actual[k], nan) for k in keys}, nan
        )
    implied = months * math.prod(lever_target[k] for k in keys)
    log_gap = math.log(actual / target)
    # Logarithmic mean; at R = T every contribution is 0 (the limit of L·ln is 0·finite).
    weight = (actual - target) / log_gap if abs(log_gap) > 1e-15 else actual
    levers = {
        k: (lever_target[k], lever_actual[k], weight * math.log(lever_actual[k] / lever_target[k]))
        for k in keys
    }
    # Timing is weight·ln(T'/T); taken as the remainder so the sum is the gap to the last
    # float bit rather than to rounding (``implied`` documents what it is).
    del implied
    timing = (actual - target) - sum(c for _, _, c in levers.values())
    return Decomposition(target, actual, levers, timing)


def _denoised(residual: float) -> float:
    """A yen residual, 0 when it is only float noise (``YEN_NOISE``)."""
    return 0.0 if abs(residual) < YEN_NOISE else residual


def _elapsed(ev: Evidence, through: date | None = None) -> tuple[list[pd.Period], np.ndarray]:
    """The plan months started by ``through`` (default the as-of date) and each one's share
    of working days gone by then."""
    day = ev.as_of if through is None else through
    started = [m for m in ev.plan_months if m.start_time.date() <= day]
    frac = np.array([ev.calendar.elapsed_fraction(m, day) for m in started], dtype=float)
    return started, frac


# The KPIs measured from the visit log alone (trial 43 H1; review44): with a blank AsOf the
# as-of date is the last order, and reps' visits typed after it (collect, every Monday) left
# them frozen for a month while orders wait for the monthly paste (or an order export lags
# the SFA by two weeks). They are measured through the last typed visit instead
# (``measured_through``), each against its target to that day, on the Review, the Attainment
# and the Dashboard alike. Their facts are visits, calls and meetings over the accounts held
# (a month's active accounts are the accounts live at its end, not those that ordered).
# The rest wait for the orders: 訪問あたり受注数 counts orders; 商談成約率 counts new
# accounts, first orders (meetings two weeks further than the wins they lead to read as a
# falling rate); revenue and its split. 訪問頻度 is also a lever of the revenue split: its
# row's value and target run to the last visit, its yen stay the split of the revenue gap
# over the revenue's own period (they add up to that gap only there), and the Review's
# title row says so.
VISIT_MEASURED = (
    "visits",
    "visits_per_account",
    "appointment_attempts",
    "meetings",
    "appointment_rate",
)
# The Review's rows among them (its visit-only rows and the visit-frequency lever).
VISIT_PERIOD_KPIS = ("visits_per_account", "meetings", "appointment_rate")


@dataclass(frozen=True)
class VisitPeriod:
    """The span the visit-measured rows are measured over: through ``through`` (the last
    typed visit, later than the as-of date), the months started by then and their shares
    gone, the rep × KPI values over it (``ytd``, as ``YearSoFar.ytd``) and the evidence as of
    that day (``ev``: its facts those of the period's months, measured through it)."""

    through: date
    started: list[pd.Period]
    frac: np.ndarray
    ytd: pd.DataFrame
    ev: Evidence


def measured_through(history: History | None, ev: Evidence, kpi: str) -> date:
    """The day ``kpi``'s actuals run to, the one rule the Review, the Attainment and the
    Dashboard read: the last typed visit (``visits_through``) for ``VISIT_MEASURED`` when
    the visits run past the as-of date, else the as-of date."""
    if history is None or kpi not in VISIT_MEASURED:
        return ev.as_of
    return visits_through(history, ev) or ev.as_of


def visits_through(history: History, ev: Evidence) -> date | None:
    """The last typed visit when it runs past the as-of date (a blank AsOf: the as-of date
    is the last order; ``History.contact_through``), else None: a typed AsOf measures every
    row to that day, and a book without visits has nothing to measure later."""
    if not ev.has_visits or ev.settings.as_of is not None:
        return None
    through = history.contact_through(ev.as_of, typed=False)
    f = history.facts
    # A history summed from files holds the later visits apart (``late_visits``, through its
    # contact day): measured from them when they reach this day, else not at all.
    if (
        f is not None
        and not f.complete_through(through)
        and (f.late_visits is None or f.contact_day != through)
    ):
        return None
    return through if through > ev.as_of else None


# The visit columns a history summed from files holds for the days after its as-of date.
LATE_COLUMNS = ("visits", "attempts", "appointments", "meetings")


def _later_facts(
    history: History, ev: Evidence, through: date, grid: pd.PeriodIndex
) -> pd.DataFrame:
    """The rep × month facts of the as-of date with their visit columns (``LATE_COLUMNS``)
    through ``through``: from the rows, or, for a history summed from files, its later
    visits (``late_visits``) added — the same sums. The orders end at the as-of date either
    way, and so does what is known of the accounts (their starts and ends come with the
    orders or the customer master pasted with them): visit frequency is the visits to the
    later day over the accounts held as the as-of date knows them, from rows or files."""
    fsm = ev.settings.fiscal_start_month
    f = history.facts
    if f is None:
        facts = monthly_facts(history, ev.as_of, grid, fsm)
        later = monthly_facts(history, through, grid, fsm).reindex(facts.index, fill_value=0)
        cols = [c for c in LATE_COLUMNS if c in facts.columns and c in later.columns]
        facts = facts.copy()
        facts[cols] = later[cols].to_numpy(float)
        return facts
    if f.complete_through(through):
        return monthly_facts(history, through, grid, fsm)
    # On the facts' own grid (their usage to date is summed from its first month) run on to
    # the later day's month, then the period's months: the months after the as-of date's
    # get their rows (the accounts held, as the rows' path measures them) for the later
    # visits to land on (orders to 9/25, visits to 10/30: October's visits were dropped).
    facts = monthly_facts(history, ev.as_of, month_grid(history, through), fsm)
    facts = facts[facts.index.get_level_values("month").isin(grid)]
    assert f.late_visits is not None  # visits_through said so
    late = f.late_visits[f.late_visits["month"] >= grid[0]]
    if len(late):
        cols = [c for c in LATE_COLUMNS if c in facts.columns and c in late.columns]
        sums = late.groupby(["rep", "month"], observed=True)[cols].sum()
        facts = facts.copy()
        facts[cols] = facts[cols] + sums.reindex(facts.index, fill_value=0).to_numpy(float)
    return facts


def visits_after(history: History, ev: Evidence) -> tuple[date, int] | None:
    """``visits_through`` and the visit rows typed after the as-of date through it (0 when
    the history holds them only aggregated); None as ``visits_through``."""
    through = visits_through(history, ev)
    if through is None:
        return None
    when = pd.to_datetime(history.visits["date"]) if len(history.visits) else pd.Series([])
    late = (when > pd.Timestamp(ev.as_of)) & (when <= pd.Timestamp(through))
    return through, int(late.sum())


def visit_period(history: History, ev: Evidence) -> VisitPeriod | None:
    """``VisitPeriod`` through ``visits_through``; None when the visits stop at the as-of date."""
    through = visits_through(history, ev)
    if through is None:
        return None
    started, frac = _elapsed(ev, through)
    if not started:
        return None
    grid = pd.PeriodIndex(started, freq="M")
    # Measured as ``Evidence.facts`` are (core.baselines), through the later day.
    facts = with_team(with_cover_visits(_later_facts(history, ev, through, grid), history, through))
    ytd = with_team_at_mix(summarize(facts, started, annualize=True), ev.mix_weights)
    return VisitPeriod(through, started, frac, ytd, replace(ev, as_of=through, facts=facts))


def visit_period_of(history: History, ev: Evidence) -> VisitPeriod | None:
    """``visit_period``, measured once per run on the evidence (``once``): the Review's rows
    and the Attainment's read the same period."""
    return once(ev, "_review_visit_period", lambda: visit_period(history, ev))


def _later_lever(
    later: VisitPeriod,
    t: Mapping[object, object],
    fy: str,
    rep: str,
    key: str,
    reps: dict[str, dict[str, float]],
    weights: pd.DataFrame,
) -> tuple[float, float]:
    """A lever's target and actual to date through ``later.through``, measured as the
    year's lever rows are: a rep's over his months at work (``_months_split`` on the
    later evidence), the team's the reps' at the baseline's mix (``_team_levers``; the
    reps come first, each adds his value to ``reps``)."""
    if rep == TEAM:
        actual = _team_levers((key,), math.nan, reps, weights)[key]
        return _target_ytd(t, rep, key, later.started, later.frac, fy), actual
    months, share = later.started, later.frac
    split = _months_split(later.ev, rep, months)
    if split is not None:
        months, share = [m for m, w in zip(months, split, strict=True) if w], share[split]
    actual = levers_at_work(later.ev.facts, rep, months, share, (key,))[key]
    reps.setdefault(rep, {})[key] = actual
    return _target_ytd(t, rep, key, months, share, fy), actual


def with_visit_rows(
    table: pd.DataFrame, history: History, ev: Evidence, targets: pd.DataFrame
) -> pd.DataFrame:
    """The Attainment ``table`` (``attainment_table``) with the rows of ``VISIT_MEASURED``
    through the last typed visit (``measured_through``): those KPIs' rows of the same table
    measured on the evidence as of that day (``visit_period``: its months, its facts), each
    (rep, KPI) block in the place of the one it replaces; ``table`` itself when the visits
    stop at the as-of date."""
    later = visit_period_of(history, ev)
    if later is None or not len(table):
        return table
    ahead = attainment_table(later.ev, targets, YearSoFar(later.ev), history)
    visit = table["kpi"].isin(VISIT_MEASURED).to_numpy()
    if not visit.any():
        return table
    blocks = set(zip(table["rep"][visit], table["kpi"][visit], strict=True))
    keep = ahead[[(r, k) in blocks for r, k in zip(ahead["rep"], ahead["kpi"], strict=True)]]
    # Each (rep, KPI) block where the table had it: its first row's position, then the
    # block's own order (months, then the year).
    place: dict[tuple[object, object], int] = {}
    for i, pair in enumerate(zip(table["rep"], table["kpi"], strict=True)):
        place.setdefault(pair, i)
    merged = pd.concat([table[~visit], keep], ignore_index=True)
    order = [place[p] for p in zip(merged["rep"], merged["kpi"], strict=True)]
    at = np.argsort(np.asarray(order), kind="stable")
    return merged.iloc[at].reset_index(drop=True)


def review_table(
    history: History,
    ev: Evidence,
    targets: pd.DataFrame,
    handed: Mapping[str, list[HandedOver]] | None = None,
    year: YearSoFar | None = None,
    departed: Mapping[str, date] | None = None,
    *,
    lost: list[dict[str, object]] | None = None,
    growth: Mapping[str, float] | None = None,
    planned: pd.DataFrame | None = None,
    carries: Iterable[Carry] = (),
    notes_month: str | None = None,
) -> pd.DataFrame:
    """The Review rows (see the module doc); empty before the plan year starts. ``handed``
    is ``handed_over``'s answer when the caller has it (``Result.handed_over``, which the
    Attainment sheet reads too), else computed here; ``year`` likewise (the year so far,
    ``Result.year_so_far``: the Attainment measures the same year-to-date summary),
    ``departed`` (``Result.departed``: rep → last order or visit) and ``lost`` (the
    ``lost_account`` flag rows, ``Result.lost_accounts``). ``growth``: the Plan's team growth
    factor per lever (``Plan.lever_uplift``'s team row, the figure its growth note quotes);
    without it the target's assumption is named without a growth figure. ``planned``: the
    targets as set (``Result.planned_targets``, before core.carry; ``targets`` when None)
    and ``carries`` (``Result.carries``): a rep whose handover was only partly carried gets
    the handover rows of the accounts that did not carry (``judged_handed``).
    ``notes_month``: only the Notes of that month (``month_review``), else the plan year's."""
    year = year if year is not None else YearSoFar(ev)
    started, frac = year.started, year.frac
    # The year's rows only: a past month's visits are all in by the as-of date.
    later = None if isinstance(year, _OneMonth) else visit_period_of(history, ev)
    if not started or frac.sum() <= 0:
        return pd.DataFrame(columns=list(REVIEW_COLUMNS))
    fy = fiscal_label(ev.settings.plan_year)
    # A dict by (period, rep, KPI): _target_ytd looks up a few hundred targets.
    t = _by_period_rep_kpi(targets)
    months = float(frac.sum())
    facts = ev.facts[ev.facts.index.get_level_values("month").isin(started)]
    sums = sum_by_rep(facts)
    n_started = len(started)
    weights = ev.mix_weights
    ytd = year.ytd
    levers = VISIT_LEVERS if ev.has_visits else NO_VISIT_LEVERS
    # The last two complete months and the reps at work: the same for the year's rows and
    # the month's (``month_review``), measured once per run on the evidence (``once``).
    trend = once(ev, "_review_trends", lambda: _trends(ev, weights))
    rows: list[dict[str, object]] = []
    rep_levers: dict[str, dict[str, float]] = {}
    rep_contributions: dict[str, dict[str, float]] = {}
    rep_timing: dict[str, float] = {}
    own_levers: dict[str, dict[str, float]] = {}  # a taker's levers on his own book
    rep_away: dict[str, float] = {}  # the gap of months left out of a rep's split (AWAY)
    on_leave: dict[str, float] = {}  # a rep's due with leave − his target to date (the team's)
    unsplit = away = 0.0
    rep_listed: dict[str, float] = {}  # a rep's price-list part of his unit-price term (yen)
    list_log = _price_list_log(history, ev, started, (growth or {}).get("unit_price"))
    link = visit_link(n.code for n in ev.notes) if ev.has_visits else None
    revenue_split = (math.nan, math.nan)
    later_levers: dict[str, dict[str, float]] = {}  # a rep's levers through the later day
    if handed is None:
        handed = handed_over(history, ev, targets)
    # Reps whose targets followed the accounts (core.carry): judged as booked, no rows on
    # the accounts that changed hands; what changed is on the revenue row (``CARRIED_KEY``).
    carried = carried_reps(targets)
    only = uncarried_accounts(history, carries)
    judged = judged_handed(
        handed,
        history,
        ev,
        planned if planned is not None else targets,
        targets,
        carries,
        (started, frac),
    )
    fully = carried - set(only)  # judged as booked: every handover of his carried
    taken_accounts = _taken_accounts(history, ev.reps)
    for rep, accounts in only.items():  # his own book: without the uncarried ones only
        if rep in taken_accounts:
            taken_accounts[rep] &= accounts
            if not taken_accounts[rep]:
                del taken_accounts[rep]
    taken_facts = _taken_sums(history, ev, started, taken_accounts)
    unplanned = year.unplanned
    for rep in [*ev.reps, TEAM]:
        if rep == TEAM:  # the reps without a plan after the planned ones, the team last
            for other, own in unplanned.items():
                rows += _unplanned_rows(other, own, ev, facts, levers, trend, history)
        s = sums.loc[rep] if rep in sums.index else pd.Series(0.0, index=ev.facts.columns)
        active = float(s["active_accounts"]) / n_started
        revenue, orders, visits = float(s["revenue"]), float(s["orders"]), float(s["visits"])
        lever_target = {k: _target_ytd(t, rep, k, started, frac, fy) for k in levers}
        target_rev = _target_ytd(t, rep, "revenue", started, frac, fy)
        if rep != TEAM and ev.calendar.has_leave(rep):
            # What he owes as the Attainment judges it (trial 31 M1: 85.6% there, 74.7% here):
            # his days at work, his accounts' bookings on his leave days due as booked. The
            # team owes the whole target: its months-away row holds the difference.
            due = year.due(rep, "revenue", t)
            if np.isfinite(due) and np.isfinite(target_rev):
                on_leave[rep], target_rev = due - target_rev, due
        if rep == TEAM:
            # The team's ratios at the baseline's mix, like their targets (catalog); they no
            # longer multiply to team revenue, so the team's gap by lever (and its timing) is
            # the sum of its reps'; the rest is the unsplit row.
            lever_actual = _team_levers(levers, active, rep_levers, weights)
            gap = revenue - target_rev
            contributions = {
                k: float(np.nansum([c[k] for c in rep_contributions.values()])) for k in levers
            }
            timing = float(np.nansum(list(rep_timing.values())))
            away = float(sum(rep_away.values()) + sum(on_leave.values()))
            unsplit = gap - sum(contributions.values()) - timing - away
        elif _all_away(ev, rep, started):
            # On leave for half or more of every month reviewed (trial 47 H2: his November,
            # 10 of 19 days away, read −¥15.6M of visit frequency beside a colleague's tip):
            # no lever of his to split or coach; the whole gap is the months-away row.
            lever_actual = _lever_values(levers, active, visits, orders, revenue, months)
            contributions = {k: math.nan for k in levers}
            gap, timing = revenue - target_rev, 0.0
            rep_away[rep] = gap
            rep_levers[rep], rep_contributions[rep] = lever_actual, contributions
            rep_timing[rep] = timing
        elif (split := _months_split(ev, rep, started)) is not None:
            # Months on leave, or after his visit records stop (module doc): his levers over
            # the other months, as his baseline is measured (core.at_work); their gap is a
            # row of its own (AWAY), so the rows still add up to his gap.
            lever_actual, lever_target, dec = _split_over(
                ev, rep, facts, started, frac, split, levers, t, fy
            )
            contributions = {k: c for k, (_, _, c) in dec.levers.items()}
            gap, timing = revenue - target_rev, dec.timing
            revenue_split = (dec.actual, dec.target)
            rep_away[rep] = gap - dec.gap
            rep_levers[rep], rep_contributions[rep] = lever_actual, contributions
            rep_timing[rep] = timing
        else:
            lever_actual = _lever_values(levers, active, visits, orders, revenue, months)
            dec = decompose_gap(revenue, target_rev, lever_actual, lever_target, months)
            revenue_split = (dec.actual, dec.target)
            contributions = {k: c for k, (_, _, c) in dec.levers.items()}
            gap, timing = dec.gap, dec.timing
            rep_levers[rep], rep_contributions[rep] = lever_actual, contributions
            rep_timing[rep] = timing
        # A price-list move for everyone (module doc): its part of the unit-price term.
        listed = 0.0
        if list_log and np.isfinite(contributions.get("unit_price", math.nan)):
            if rep == TEAM:
                listed = float(sum(rep_listed.values()))
            else:
                listed = _list_part(revenue_split, list_log)
                rep_listed[rep] = listed
        # The list's way is the gap's way (a fall for a rep behind): it explains that much
        # of the gap, so the levers are weighed without it. The other way (a rep ahead in
        # spite of it) the levers stay as booked.
        explains = bool(listed and np.isfinite(listed) and np.sign(listed) == np.sign(gap))
        net = dict(contributions)
        if explains:
            net["unit_price"] = contributions["unit_price"] - listed
        main = _main_lever(_tied(net, link), gap)
        by_list = explains and (not main or abs(listed) > abs(net[main]))
        if by_list:
            main = ""
        own_book: dict[str, object] = {}
        if rep in taken_facts:  # took accounts over: the main lever of his own book
            own_main, own_book, own_levers[rep] = _own_book_main(
                taken_facts[rep], s, n_started, levers, lever_target, target_rev, months
            )
            if rep in fully:  # their targets came with them: his booked gap is his own
                own_book = {}
            else:
                main = own_main
        elif judged.get(rep):
            # Handed accounts over: the gap they hold is the handover's, not his selling;
            # the main lever is that of the book he kept (``_given_main``).
            own_main, own_book = _given_main(contributions, judged[rep])
            main = own_main if own_book else main
        elif (
            rep in taken_accounts and rep not in fully
        ):  # no per-account facts: not the lever the takeover moved
            kept = {k: c for k, c in net.items() if k not in TAKEOVER_SIZED}
            main = _main_lever(_tied(kept, link), gap)
        rows.append(_row(rep, "revenue", target_rev, revenue, gap, False, trend))
        rows[-1]["detail"] = own_book
        if rep in rep_away and _all_away(ev, rep, started) and not on_target(gap):
            rows[-1]["detail"] = {**own_book, "away_all": True}  # the leave's gap, said
        if rep in fully and handed.get(rep):
            rows[-1]["detail"] = {CARRIED_KEY: _carried_detail(handed[rep])}
        said_list = (
            {"price_list": float(np.expm1(list_log)), "price_list_yen": listed}
            if listed and np.isfinite(listed)
            else {}
        )
        if by_list:  # the price list's move is the main cause: nothing to coach
            rows[-1]["detail"] = {**rows[-1]["detail"], **said_list}
        for h in judged.get(rep, []):
            rows.append(_row(rep, h.kpi, h.target_ytd, h.actual_ytd, np.nan, False, trend))
            rows[-1].update(attainment=h.attainment, detail=h.detail)
        # The visit-frequency lever through the last typed visit (``VISIT_PERIOD_KPIS``):
        # its value and target to that day, its yen the split's over the revenue's period.
        shown = {k: (lever_target[k], lever_actual[k]) for k in levers}
        if later is not None:
            for k in (k for k in levers if k in VISIT_PERIOD_KPIS):
                shown[k] = _later_lever(later, t, fy, rep, k, later_levers, weights)
        for k in levers:
            rows.append(_row(rep, k, *shown[k], contributions[k], k == main, trend))
            if k == "unit_price" and said_list:
                rows[-1]["detail"] = dict(said_list)
            if link is not None and k == main == TIED_LEVERS[0]:
                rows[-1]["detail"] = _tied_detail(link, lever_target, lever_actual, contributions)
        rows.append(_row(rep, TIMING, np.nan, np.nan, _denoised(timing), False, trend))
        away_gap = away if rep == TEAM else rep_away.get(rep)
        if away_gap is not None and (rep != TEAM or rep_away or on_leave):
            rows.append(_row(rep, AWAY, np.nan, np.nan, away_gap, False, trend))
        if rep == TEAM and abs(unsplit) >= 1.0:  # a yen or more, not float noise
            rows.append(_row(rep, UNSPLIT, np.nan, np.nan, unsplit, False, trend))
        for k in OTHER_KPIS:
            if k not in ytd.columns or not ev.measures(k):
                continue  # not measured: no visits and no pipeline log (no targets either)
            # A visit-only row through the last typed visit, its target to that day too.
            v_ytd, v_started, v_frac = (
                (later.ytd, later.started, later.frac)
                if later is not None and k in VISIT_PERIOD_KPIS
                else (ytd, started, frac)
            )
            actual = float(v_ytd.at[rep, k]) if rep in v_ytd.index else np.nan
            if rep == TEAM and unplanned and k in PLANNED_SUMS:
                # Against the planned reps' targets, the planned reps' counts: a newcomer
                # with no target is in her own rows, not in the team's attainment (trial 29:
                # new accounts 21/16 = 131% with hers, 12/16 = 75% without).
                actual = float(v_ytd.reindex(list(ev.reps))[k].sum(min_count=1))
            target = _target_ytd(t, rep, k, v_started, v_frac, fy)
            rows.append(_row(rep, k, target, actual, np.nan, False, trend))
        rows += _visit_rows(ev, rep, s, n_started, months)
    out = pd.DataFrame(rows, columns=list(REVIEW_COLUMNS))
    if departed is None:
        departed = left_during(history, ev.plan_months[0].start_time.date(), ev.as_of, ev.reps)
    # At work through every month by his records, and nameable today (core.examples: not on
    # leave now, MIN_MONTHS_AT_WORK at work, MIN_MODEL_MONTHS before the plan year): the
    # cover's visits make a leave look worked.
    working = once(ev, "_review_working", lambda: at_work(ev) & example_reps(ev))
    models = [r for r in ev.reps if r not in departed and r in working]
    changes = _book_changes(out, ev, t, started, frac, departed)
    comparable = _not_inflated(
        _with_volume(_own_book_levers(_comparable(out, models, departed), own_levers), sums)
    )
    comparable = _unchanged_books(comparable, changes)
    if link == "apart":  # orders per visit is no way of working to copy (TIED_LEVERS)
        comparable = comparable[(comparable["kpi"] != TIED_LEVERS[1]).to_numpy()]
    # A count of visits without a target says a book's size, no way of working.
    comparable = comparable[(comparable["kpi"] != "visits").to_numpy()]
    # A rep measured on fewer months (a leave) is compared on them carried to the period by
    # the team's visit season, as his baseline is (core.at_work; trial 50 H5).
    seasoned = _seasoned(ev, later, started, frac)
    comparable = _with_seasoned(comparable, seasoned)
    _mark_seasoned(out, seasoned)
    best_performers(out, ev.reps, comparable, seasoned)
    _days_alike(out, comparable, ev, started)
    if lost is None:
        lost = lost_accounts(history, ev)
    _mark_lost(out, history, ev, started, frac, lost)
    _mark_assumption(out, models, ev, growth or {})
    _mark_lumps(out, history, ev)
    _mark_handover(out, changes, ev.settings.pace_warn)
    _mark_moves(out, history, ev, changes, started)
    _mark_departed(out, departed)
    _attach_notes(out, history.notes, ev, notes_month)
    if link is not None:
        _unnamed_tied(out)
    _mark_team_sums(out, ev.reps)
    return out


# The Review row of a rep measured on fewer months (``_months_split``) whose figure beside a
# colleague's is his months carried by the team's visit season (``SEASON_KEY`` in its detail).
SEASONED_KPI = "visits_per_account"
SEASON_KEY = "at_work_season"


def _seasoned(
    ev: Evidence, later: VisitPeriod | None, started: list[pd.Period], frac: np.ndarray
) -> dict[str, float]:
    """Rep → his visit frequency to date carried to the whole period by the team's visit
    season (core.at_work ``season_visit_frequency``), for each rep whose row is measured on
    fewer months (``_months_split``: months mostly on leave, or after his visits stop): his
    Apr–May and Sep–Nov on a kerosene route are its busy months, not his way of working.
    Measured on the evidence the row is (``later``'s through the last typed visit)."""
    source, months, share = (ev, started, frac)
    if later is not None and SEASONED_KPI in VISIT_PERIOD_KPIS:
        source, months, share = later.ev, later.started, later.frac
    if not source.has_visits or not months:
        return {}
    out: dict[str, float] = {}
    season: dict[pd.Period, float] | None = None  # read once, for the first such rep
    for rep in source.reps:
        split = _months_split(source, rep, months)
        if split is None:
            continue
        if season is None:
            season = visit_season(source.facts, source.calendar, months, TEAM)
        kept = [m for m, w in zip(months, split, strict=True) if w]
        value = season_visit_frequency(source.facts, rep, season, kept, float(share.sum()))
        if np.isfinite(value):
            out[rep] = value
    return out


def _with_seasoned(comparable: pd.DataFrame, seasoned: Mapping[str, float]) -> pd.DataFrame:
    """``comparable`` with each seasoned rep's visit-frequency actual (``_seasoned``)."""
    if not seasoned:
        return comparable
    at = (comparable["kpi"] == SEASONED_KPI).to_numpy() & comparable["rep"].isin(
        list(seasoned)
    ).to_numpy()
    if not at.any():
        return comparable
    out = comparable.copy()
    out.loc[at, "actual_ytd"] = out.loc[at, "rep"].map(seasoned).to_numpy(dtype=float)
    return out


def _mark_seasoned(out: pd.DataFrame, seasoned: Mapping[str, float]) -> None:
    """The seasoned rep's visit-frequency row says the figure he is compared on."""
    for rep, value in seasoned.items():
        for i in np.flatnonzero(((out["rep"] == rep) & (out["kpi"] == SEASONED_KPI)).to_numpy()):
            had = out.at[out.index[i], "detail"]
            mine = had if isinstance(had, dict) else {}
            out.at[out.index[i], "detail"] = {**mine, SEASON_KEY: value}


def _tied(contributions: dict[str, float], link: str | None) -> dict[str, float]:
    """``contributions`` with ``TIED_LEVERS`` added into the first (``link`` None: as
    they are)."""
    if link is None or not all(k in contributions for k in TIED_LEVERS):
        return contributions
    out = {k: c for k, c in contributions.items() if k != TIED_LEVERS[1]}
    out[TIED_LEVERS[0]] = sum(contributions[k] for k in TIED_LEVERS)
    return out


def _tied_detail(
    link: str,
    target: Mapping[str, float],
    actual: Mapping[str, float],
    contributions: Mapping[str, float],
) -> dict[str, object]:
    """The main row's ``TIED_KEY`` detail: how visits and orders go together, and the orders
    per account (visits per account × orders per visit) to date, its target and its part."""
    return {
        TIED_KEY: link,
        "tied_target": math.prod(float(target[k]) for k in TIED_LEVERS),
        "tied_actual": math.prod(float(actual[k]) for k in TIED_LEVERS),
        "tied_contribution": sum(float(contributions[k]) for k in TIED_LEVERS),
    }


def _unnamed_tied(out: pd.DataFrame) -> None:
    """A main row said as how often accounts order (``TIED_KEY``) names no colleague: the
    frequency is the customers' ordering here, not a way of visiting to copy."""
    for i, detail in enumerate(out["detail"].tolist()):
        if isinstance(detail, Mapping) and TIED_KEY in detail and bool(out["main"].iat[i]):
            out.at[out.index[i], "best_rep"] = ""
            out.at[out.index[i], "best_value"] = np.nan


# The team's lever rows (trial 42 M2): their values are the reps' at the baseline's mix, each
# rep's measured on his months at work, not the team's own visits ÷ accounts ÷ months the
# Dashboard shows (1.598 here against 1.53 there), and their yen are the sum of the reps'
# parts (−¥5.6M, mostly one rep's −¥4.2M, beside a 99.4% attainment). Each row names the rep
# whose part is largest in the row's direction (``TEAM_SUM_KEY``); the first ratio row of the
# block also says how the team's value is made ("mix"), and that months on leave are left
# out when a rep's are ("away": the block has an ``AWAY`` row).
TEAM_SUM_KEY = "team_sum"


def _mark_team_sums(out: pd.DataFrame, reps: list[str]) -> None:
    """Each team lever row's ``detail`` gets ``TEAM_SUM_KEY``: the rep with the largest part
    of its contribution in its direction and that part ({} parts: nothing added)."""
    kpis = out["kpi"].to_numpy()
    team = (out["rep"] == TEAM).to_numpy()
    away = bool((kpis == AWAY).any())
    said_mix = False
    # The reps' rows and the contributions read once (``to_numeric`` converts element by
    # element, so a KPI's slice of the column is the same numbers): a frame filter and two
    # conversions per lever cost ~1 ms a table.
    of_reps = out["rep"].isin(reps).to_numpy()
    out_reps = out["rep"].to_numpy(dtype=object)
    contribution = pd.to_numeric(out["contribution"], errors="coerce").to_numpy(dtype=float)
    for key in dict.fromkeys(k for k in kpis[team] if k in (*VISIT_LEVERS, *NO_VISIT_LEVERS)):
        mine = np.flatnonzero(team & (kpis == key))
        part_rows = np.flatnonzero((kpis == key) & of_reps)
        values = contribution[part_rows]
        total = contribution[mine]
        if not len(mine) or not np.isfinite(values).any() or not np.isfinite(total[0]):
            continue
        sign = -1.0 if total[0] < 0 else 1.0
        at = int(np.nanargmax(sign * values))
        mix = key not in SIZE_KPIS and not said_mix  # a ratio: the reps' at the mix, said once
        said_mix |= mix
        for i in mine.tolist():
            had = out.at[out.index[i], "detail"]
            out.at[out.index[i], "detail"] = {
                **(had if isinstance(had, dict) else {}),
                TEAM_SUM_KEY: {
                    "rep": str(out_reps[part_rows[at]]),
                    "part": float(values[at]),
                    "mix": mix,
                    "away": away,
                },
            }


def _visit_rows(
    ev: Evidence, rep: str, s: pd.Series, n_started: int, months: float
) -> list[dict[str, object]]:
    """A rep's visit rows when the plan has none (``VISIT_ROWS``): his visits to date, visit
    frequency and orders per visit, no target; the team's visits row alone, with no numbers,
    when the book has no visit records. [] when the plan has visit levers (their rows are
    the split's), or when visit records exist but none in the year so far for the team."""
    if ev.has_visits:
        return []
    notes = {n.code: dict(n.params) for n in ev.notes}
    late = notes.get("visits_start_in_baseline")
    if late is None:  # no visit records: said once, on the team's rows
        if rep != TEAM:
            return []
        row = _row(rep, "visits", np.nan, np.nan, np.nan, False, {})
        row["detail"] = {VISITS_KEY: {"code": "no_visits"}}
        return [row]
    visits, orders = float(s.get("visits", 0.0)), float(s.get("orders", 0.0))
    active = float(s.get("active_accounts", 0.0)) / n_started if n_started else np.nan
    if rep == TEAM and visits <= 0:
        return []
    per_account = visits / (active * months) if active > 0 and months > 0 else np.nan
    per_visit = orders / visits if visits > 0 else np.nan
    out = [
        _row(rep, key, np.nan, value, np.nan, False, {})
        for key, value in zip(VISIT_ROWS, (visits, per_account, per_visit), strict=True)
    ]
    for row in out:
        row["planned"] = False  # no target: 「目標なし」, not a blank that reads as missing
    out[0]["detail"] = {VISITS_KEY: {"code": "visits_start_in_baseline", **late}}
    return out


# The month's review (trial 35 L10: at the start of December the manager asks "how did
# November go" besides the year to date): the rows above over the plan year's last complete
# month alone, against that month's targets. Left out: the retention rate (a year's rate: one
# month's cancellations annualised is noise) and the reps who left before the month began and
# hold no revenue target in it (one who does keeps his rows: trial 35's 加藤, gone 9/11, still
# held ¥1,918,723 of November's team target, the team's unsplit gap).
MONTH_LEFT_OUT = ("retention_rate",)


class _OneMonth(YearSoFar):
    """A ``YearSoFar`` over one whole month: the Review's rows read it as the year so far."""

    def __init__(self, ev: Evidence, month: pd.Period) -> None:
        self._ev = ev
        self.started, self.frac = [month], np.array([1.0])


def review_month(ev: Evidence) -> pd.Period | None:
    """The month the Review's month block is about: the plan year's last complete month (its
    last working day on or before the as-of date, ``BusinessCalendar.month_over``); None when
    no month is complete yet, or when that month is the whole year so far (the year-to-date
    rows are that month's already)."""
    started = [m for m in ev.plan_months if m.start_time.date() <= ev.as_of]
    done = [m for m in started if ev.calendar.month_over(m, ev.as_of)]
    if not done or started == done[-1:]:
        return None
    return done[-1]


def month_review(
    history: History,
    ev: Evidence,
    targets: pd.DataFrame,
    month: pd.Period,
    departed: Mapping[str, date] | None = None,
    *,
    lost: list[dict[str, object]] | None = None,
    growth: Mapping[str, float] | None = None,
    planned: pd.DataFrame | None = None,
    carries: Iterable[Carry] = (),
    year: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The Review's rows (``review_table``, the same columns and rules) over ``month`` alone:
    each rep's revenue against the month's target split by lever (what fell short and why),
    the other KPIs' month against its target, the month's best performer on each; the
    accounts that changed hands counted over the month (``handed_over``), the Notes of that
    month. ``MONTH_LEFT_OUT`` and the reps who left before the month without a revenue
    target in it are not shown. ``year``: the year-to-date rows (``review_table``): a rep
    behind there only for a handover (``_mark_handover``, judged on his months before it) is
    behind in the month for it too when he is, with no lever to coach (a rep who handed his
    whole book over has no target of his own left to judge a month after it on)."""
    one = _OneMonth(ev, month)
    if departed is None:
        departed = left_during(history, ev.plan_months[0].start_time.date(), ev.as_of, ev.reps)
    span = (one.started, one.frac)
    handed = handed_over(history, ev, planned if planned is not None else targets, span=span)
    out = review_table(
        history,
        ev,
        targets,
        handed,
        one,
        departed,
        lost=lost,
        growth=growth,
        planned=planned,
        carries=carries,
        notes_month=month_label(month),
    )
    if not len(out):
        return out
    if year is not None and len(year):
        out = _as_the_year(out, year)
    first = month.start_time.date()
    revenue = out[out["kpi"] == "revenue"].set_index("rep")["target_ytd"]
    due = {str(r) for r, v in revenue.items() if pd.notna(v) and float(v) > 0}
    gone = [rep for rep, day in departed.items() if day < first and rep not in due]
    keep = ~out["rep"].isin(gone) & ~out["kpi"].isin(MONTH_LEFT_OUT)
    # A book without visit records: said once, in the year's rows (``_visit_rows``).
    keep &= ~((out["kpi"] == "visits") & pd.to_numeric(out["actual_ytd"], errors="coerce").isna())
    return out[keep.to_numpy()].reset_index(drop=True)


def _as_the_year(out: pd.DataFrame, year: pd.DataFrame) -> pd.DataFrame:
    """The month's rows of each rep as his year-to-date rows judge him, read in one pass over
    the year's rows:

    - his year's revenue row names the handover as his gap's cause (``CAUSE_KEY``): no main
      lever, and the same cause on his month's revenue row when he is behind in the month;
    - his year shows no book of his own (he handed nine tenths of it over: ``_shown`` left
      no KEPT or OWN row): none in the month either — no kept or own row, no gap on his own
      book and no lever to coach (trial 39 H3: the mover's month read 「引継ぎ分を除く差
      −¥600 の主因は取引単価」)."""
    causes: dict[object, object] = {}
    gave: set[object] = set()
    own: set[object] = set()
    for rep, kpi, detail in zip(year["rep"], year["kpi"], year["detail"], strict=True):
        if kpi == "revenue" and isinstance(detail, Mapping) and CAUSE_KEY in detail:
            causes[rep] = detail[CAUSE_KEY]
        elif kpi == MOVED:
            gave.add(rep)
        elif kpi in (KEPT, OWN):
            own.add(rep)
    bare = gave - own
    if not causes and not bare:
        return out
    if bare:
        drop = out["rep"].isin(bare).to_numpy() & out["kpi"].isin([KEPT, OWN]).to_numpy()
        out = out[~drop].reset_index(drop=True)
    out.loc[out["rep"].isin([*causes, *bare]).to_numpy(), "main"] = False
    for i in np.flatnonzero((out["kpi"] == "revenue").to_numpy()).tolist():
        at = out.index[i]
        rep = out.at[at, "rep"]
        if rep in causes and float(out.at[at, "contribution"]) < 0:
            out.at[at, "detail"] = {CAUSE_KEY: causes[rep]}
        elif rep in bare and isinstance(detail := out.at[at, "detail"], Mapping):
            kept = {k: v for k, v in detail.items() if not str(k).startswith("own_")}
            out.at[at, "detail"] = kept
    return out


def _months_split(ev: Evidence, rep: str, started: list[pd.Period]) -> np.ndarray | None:
    """Which started months ``rep``'s gap is split by lever over, when some are left out
    (None: all of them). Left out: a month he was on leave for at least half its working
    days (``calendar.PRESENT_SHARE``, as his baseline ratios: core.at_work), and the months
    after the last month with a visit of his when his visit records stop
    (``visits_unrecorded``)."""
    keep = np.ones(len(started), dtype=bool)
    if ev.calendar.has_leave(rep):
        present = set(ev.calendar.present_months(rep, started))
        keep &= np.array([m in present for m in started], dtype=bool)
    last = visits_unrecorded(ev, rep, started)
    if last is not None:
        keep &= np.array([m <= last for m in started], dtype=bool)
    return keep if 0 < keep.sum() < len(started) else None


def _all_away(ev: Evidence, rep: str, started: list[pd.Period]) -> bool:
    """True when ``rep`` was on leave for at least half the working days
    (``calendar.PRESENT_SHARE``) of every month in ``started``: none to split his gap over."""
    if rep == TEAM or not started or not ev.calendar.has_leave(rep):
        return False
    return not ev.calendar.present_months(rep, started)


def visits_unrecorded(ev: Evidence, rep: str, started: list[pd.Period]) -> pd.Period | None:
    """The last month with a visit of ``rep``'s when his visit records stop: he has orders
    in a started month after it, and its next month began at least
    ``VISITS_STOPPED_WORKING_DAYS`` working days before the as-of date (Checks'
    ``visits_stopped``, by month). Visits a month behind orders are an export not pasted
    yet, not a month without visits (trial 20, finding 9). None otherwise."""
    if not ev.has_visits:
        return None
    months = once(ev, "_review_rep_months", lambda: _rep_months(ev))
    if rep not in months:
        return None
    month, visits, orders = months[rep]
    inside = month.isin(started)
    visited = month[inside & visits]
    if not len(visited):
        return None
    last = max(visited)
    if not (inside & (month > last) & orders).any():
        return None
    gone = ev.calendar.count((last + 1).start_time.date(), ev.as_of)
    return last if gone >= VISITS_STOPPED_WORKING_DAYS else None


def _rep_months(ev: Evidence) -> dict[str, tuple[pd.PeriodIndex, np.ndarray, np.ndarray]]:
    """Rep → his fact months, and which of them have visits and which orders: read once per
    run for ``visits_unrecorded`` (an ``xs`` per rep and block cost ~2 ms each)."""
    facts = ev.facts
    reps = facts.index.get_level_values("rep")
    month = facts.index.get_level_values("month")
    visits = facts["visits"].to_numpy(dtype=float) > 0
    orders = facts["orders"].to_numpy(dtype=float) > 0
    out: dict[str, tuple[pd.PeriodIndex, np.ndarray, np.ndarray]] = {}
    codes, names = pd.factorize(reps)
    for i, rep in enumerate(names):
        at = np.flatnonzero(codes == i)
        out[rep] = (pd.PeriodIndex(month[at]), visits[at], orders[at])
    return out


def _split_over(
    ev: Evidence,
    rep: str,
    facts: pd.DataFrame,
    started: list[pd.Period],
    frac: np.ndarray,
    split: np.ndarray,
    levers: tuple[str, ...],
    t: Mapping[object, object],
    fy: str,
) -> tuple[dict[str, float], dict[str, float], Decomposition]:
    """A rep's lever split over the months ``split`` marks (``_months_split``): his levers'
    actuals and targets to date there, and the split of that part of his gap."""
    months = [m for m, w in zip(started, split, strict=True) if w]
    share = frac[split]
    # The Attainment's year row measures the same (core.at_work.levers_at_work, trial 31 H1).
    lever_actual = levers_at_work(facts, rep, months, share, levers)
    mine = facts[
        (facts.index.get_level_values("rep") == rep)
        & facts.index.get_level_values("month").isin(months)
    ]
    revenue = float(mine["revenue"].sum()) if "revenue" in mine else 0.0
    elapsed = float(share.sum())
    lever_target = {k: _target_ytd(t, rep, k, months, share, fy) for k in levers}
    target = _target_ytd(t, rep, "revenue", months, share, fy)
    return (
        lever_actual,
        lever_target,
        decompose_gap(revenue, target, lever_actual, lever_target, elapsed),
    )


def at_work(ev: Evidence) -> set[str]:
    """The planned reps at work through every complete month of the year so far
    (``AT_WORK_SHARE``): no month of a leave, a departure or a late start among them."""
    done = [m for m in ev.plan_months if ev.calendar.month_over(m, ev.as_of)]
    if not done:
        return set(ev.reps)
    key = "visits" if ev.has_visits else "orders"
    month = ev.facts.index.get_level_values("month")
    counts = ev.facts.loc[month.isin(done), key].unstack("month").reindex(columns=done)
    days = np.asarray(ev.calendar.month_counts(done), dtype=float)
    per_day = counts.fillna(0.0).to_numpy(dtype=float) / np.where(days > 0, days, np.nan)
    usual = np.nanmedian(per_day, axis=1) if per_day.size else np.zeros(0)
    ok = (per_day >= AT_WORK_SHARE * usual[:, None]).all(axis=1) & (usual > 0)
    at = {str(r) for r, good in zip(counts.index, ok, strict=True) if good}
    return {r for r in ev.reps if r in at}


def _days_alike(
    out: pd.DataFrame, basis: pd.DataFrame, ev: Evidence, started: list[pd.Period]
) -> None:
    """Each row's best performer on a KPI that depends on the days worked (``DAY_BOUND``)
    among the colleagues who work as many days (module doc): when a rep works fewer weekdays
    than the company (core.workweek), his rows' model is picked from the reps whose working
    days in the started months are not materially apart from his (``workweek.apart``), the
    team's from those who work the company's week. With no such colleague but himself, the
    row names none and its ``detail`` says why (``apart``: his weekdays). Nothing changes
    when every rep works the company's week."""
    if not ev.calendar.weeks or not started:
        return
    first, last = started[0].start_time.date(), started[-1].end_time.date()
    company = float(ev.calendar.count(first, last))

    def days(rep: object) -> float:
        if rep == TEAM:
            return company
        return float(own_days(ev.calendar, rep, first, last, leave=False))

    for key in DAY_BOUND:
        rows = basis[basis["kpi"] == key]
        value = pd.to_numeric(rows["actual_ytd"], errors="coerce").to_numpy(dtype=float)
        sign = -1.0 if KPI_BY_KEY[key].direction == "lower" else 1.0
        pool = [
            (str(r), v, days(r))
            for r, v in zip(rows["rep"], value, strict=True)
            if np.isfinite(v) and r != TEAM
        ]
        for i in np.flatnonzero((out["kpi"] == key).to_numpy()).tolist():
            at = out.index[i]
            rep = out.at[at, "rep"]
            mine = days(rep)
            alike = [(r, v) for r, v, d in pool if not apart(mine, d)]
            detail = out.at[at, "detail"]
            had = detail if isinstance(detail, dict) else {}
            week = sorted(rep_weekdays(ev.calendar, rep))
            if alike and [r for r, _ in alike] != [rep]:
                best, best_value = max(alike, key=lambda rv: sign * rv[1])
                out.at[at, "best_rep"], out.at[at, "best_value"] = best, best_value
                if has_own_week(ev.calendar, rep):  # the best of those days, not the team's
                    out.at[at, "detail"] = {**had, "alike": week}
                continue
            out.at[at, "best_rep"], out.at[at, "best_value"] = "", np.nan
            out.at[at, "detail"] = {**had, "apart": week, "apart_days": int(mine)}


def _with_volume(rows: pd.DataFrame, sums: pd.DataFrame) -> pd.DataFrame:
    """``rows`` less a ratio's rows with too little behind them (``MIN_VOLUME_SHARE`` of
    the median rep's denominator among ``rows``)."""
    keep = np.ones(len(rows), dtype=bool)
    kpis, reps = rows["kpi"].to_numpy(), rows["rep"].to_numpy()
    for key in set(kpis.tolist()):
        kpi = KPI_BY_KEY.get(str(key))
        if kpi is None or kpi.key in SIZE_KPIS or kpi.denominator not in sums.columns:
            continue
        mine = np.flatnonzero(kpis == key)
        volume = sums[kpi.denominator].reindex(reps[mine]).to_numpy(dtype=float)
        usual = float(np.nanmedian(volume)) if len(volume) else 0.0
        keep[mine] = np.nan_to_num(volume) >= MIN_VOLUME_SHARE * usual
    return rows[keep]


def _not_inflated(rows: pd.DataFrame) -> pd.DataFrame:
    """``rows`` less a rep's ratio row that his own shortfall on the lever below it raises
    (``INFLATED_BY``: ``INFLATED_SHORT`` or more below his target on that lever)."""
    kpis, reps = rows["kpi"].to_numpy(), rows["rep"].to_numpy()
    attainment = pd.to_numeric(rows["attainment"], errors="coerce").to_numpy(dtype=float)
    keep = np.ones(len(rows), dtype=bool)
    for ratio, lever in INFLATED_BY.items():
        short = reps[(kpis == lever) & (attainment <= 1.0 - INFLATED_SHORT)]
        keep &= ~((kpis == ratio) & np.isin(reps, short))
    return rows if keep.all() else rows[keep]


def _mark_assumption(
    out: pd.DataFrame, models: list[str], ev: Evidence, growth: Mapping[str, float]
) -> None:
    """A lever the target's assumption got wrong (``MOST_SHORT_SHARE``): the best rep on it
    is short of his own target there too, or most reps at work are. Judged for each main
    lever and for visit frequency (the lever a visits flag names); every row of that lever
    carries the finding in ``detail`` (the Review words it on the main rows, the Flags'
    behind-pace action on the row it names: one judgement for both), with the Plan's growth
    of that lever (``growth``: its team factor, the figure the Plan's growth note quotes)
    and the part of it that carried the team's past trend (``Evidence.trend``)."""
    keys = out.loc[out["main"].astype(bool), "kpi"].unique().tolist()
    if "visits_per_account" in set(out["kpi"]) and "visits_per_account" not in keys:
        keys.append("visits_per_account")
    # The columns as arrays once, not a frame filter per lever (~2 ms each).
    kpis = out["kpi"].to_numpy(dtype=object)
    reps = out["rep"].to_numpy(dtype=object)
    modelled = out["rep"].isin(models).to_numpy()
    attainment = pd.to_numeric(out["attainment"], errors="coerce").to_numpy(dtype=float)
    best_reps = out["best_rep"].to_numpy(dtype=object)
    for key in keys:
        of_key = kpis == key
        mine = of_key & modelled
        att = attainment[mine]
        ok = np.isfinite(att)
        if not ok.any():
            continue
        short = int((att[ok] < 1.0 - SHORT_BAND).sum())
        # The team row's best: the KPI's best among the reps who work the company's week
        # (``_days_alike``; every row's, when all do).
        best = str(best_reps[of_key & (reps == TEAM)][0])
        best_att = att[(reps[mine] == best) & ok]
        best_short = bool(len(best_att)) and float(best_att[0]) < 1.0 - SHORT_BAND
        if not (best_short or short > MOST_SHORT_SHARE * int(ok.sum())):
            continue
        factor = float(growth.get(key, np.nan))
        trend = ev.trend.get(key) if isinstance(ev.trend, pd.DataFrame) else None
        carried = float(trend.get(TEAM, np.nan)) if trend is not None else np.nan
        detail = {
            "assumption": True,
            "short": short,
            "of": int(ok.sum()),
            "best": best if len(best_att) else "",
            "best_attainment": float(best_att[0]) if len(best_att) else np.nan,
            "best_short": best_short,
            "plan_growth": factor - 1 if factor > 0 else np.nan,
            "trend": math.expm1(carried) if np.isfinite(carried) else np.nan,
        }
        for i in np.flatnonzero(of_key).tolist():
            had = out.at[out.index[i], "detail"]  # a row's ``_days_alike`` finding stays
            out.at[out.index[i], "detail"] = {**(had if isinstance(had, dict) else {}), **detail}


def _mark_lumps(out: pd.DataFrame, history: History, ev: Evidence) -> None:
    """A rep's unit-price rows when his baseline held rare large orders this year to date
    lacks (core.lumps ``lumps_missing``, trial 49 M1): the finding in ``detail``, which the
    Review's main row and the Flags' behind-pace action both word (no colleague to copy).
    Where large orders are his ordinary business, his main unit-price row behind when fewer
    of them landed so far than the same months of the baseline, by chance (core.lumps
    ``projects_short``, ``_projects_short``): that finding instead (trial 52 H3)."""
    if history.lump_months is None or not len(out):
        return
    now = pd.Period(ev.as_of, freq="M")
    to_date = [m for m in ev.plan_months if m <= now]
    reps = out["rep"].to_numpy(dtype=object)
    kpis = out["kpi"].to_numpy(dtype=object)
    actual = pd.to_numeric(out["actual_ytd"], errors="coerce").to_numpy(dtype=float)
    target = pd.to_numeric(out["target_ytd"], errors="coerce").to_numpy(dtype=float)
    revenue = {
        str(r): float(a) for r, k, a in zip(reps, kpis, actual, strict=True) if k == "revenue"
    }
    gaps = {
        str(r): float(t) - float(a)
        for r, k, a, t in zip(reps, kpis, actual, target, strict=True)
        if k == "revenue"
    }
    complete: list[pd.Period] | None = None
    for i in np.flatnonzero(kpis == "unit_price").tolist():
        rep = str(reps[i])
        if rep not in ev.base.index or rep not in revenue:
            continue
        found = lumps_missing(
            history.lump_months,
            rep,
            list(ev.baseline_months),
            float(ev.base.at[rep, "revenue"]),
            to_date,
            revenue[rep],
            shortfall=actual[i] / target[i] if target[i] > 0 else np.nan,
        )
        if not found and _projects_eligible(out, i):
            if complete is None:
                complete = _complete_plan_months(ev)
            # Each large order under its account's holder now (a cover's are not his).
            held = held_lump_months(history, ev.as_of)
            found = projects_short(held, rep, list(ev.baseline_months), complete, gaps[rep])
        if found:
            had = out.at[out.index[i], "detail"]
            out.at[out.index[i], "detail"] = {**(had if isinstance(had, dict) else {}), **found}


# The unit-price row's findings that already say why it is behind (the price list's move,
# the target's assumption, visits that do not bring the orders): a count of projects is said
# only where none is, as the Flags' behind-pace advice reads it (core.flags _OTHER_CAUSES).
_PROJECT_OTHER_CAUSES = ("price_list", "assumption", TIED_KEY)


def _projects_eligible(out: pd.DataFrame, i: int) -> bool:
    """Row ``i``: a rep's main unit-price row, behind, with no other cause said."""
    if not bool(out.at[out.index[i], "main"]):
        return False
    contribution = float(out.at[out.index[i], "contribution"])
    detail = out.at[out.index[i], "detail"]
    said = detail if isinstance(detail, dict) else {}
    return contribution < 0 and not any(said.get(k) for k in _PROJECT_OTHER_CAUSES)


def _complete_plan_months(ev: Evidence) -> list[pd.Period]:
    """The plan year's complete months so far: those whose working days have all passed by
    the as-of date (``baselines.last_complete_month``), as the Flags' projects advice reads
    them, so the Review and the Flags count the same projects."""
    last = last_complete_month(ev.as_of, ev.calendar)
    months = set(ev.facts.index.get_level_values("month").unique().tolist())
    return [m for m in ev.plan_months if m <= last and m in months]


def _mark_lost(
    out: pd.DataFrame,
    history: History,
    ev: Evidence,
    started: list[pd.Period],
    frac: np.ndarray,
    lost: list[dict[str, object]],
) -> None:
    """A rep whose gap is mostly accounts lost this year (``LOST_CAUSE_SHARE``): his revenue
    row's ``detail`` names them (the largest first) and what they sold less than in the same
    months last year; no lever is his main one (the loss is no way of working to learn).

    The accounts are those the ``lost_account`` flags name (``lost``, core.flags
    ``lost_accounts``: material, ended this year, under their holder on Accounts), so the
    Review and the Flags speak of the same accounts; ended in the plan year up to today."""
    year_start = ev.plan_months[0].start_time.date().isoformat()
    flagged = [f for f in lost if str(_params(f).get("end", "")) >= year_start]
    if not flagged:
        return
    holder = {str(f["account"]): str(f["rep"]) for f in flagged}
    names = {str(f["account"]): str(_params(f).get("name") or f["account"]) for f in flagged}
    ends = {str(f["account"]): str(_params(f).get("end", "")) for f in flagged}
    # The evidence's read when it was of these rows (not of accounts derived from orders);
    # the same accounts for the year's rows and the month's: read once per run (``once``).
    accounts = frozenset(holder)
    read = once(ev, "_review_lost_months", lambda: (accounts, _lost_months(history, ev, accounts)))
    table = read[1] if read[0] == accounts else _lost_months(history, ev, accounts)
    if table is None:
        return
    weight = {m: float(f) for m, f in zip(started, frac, strict=True)}
    weight.update({m - 12: float(f) for m, f in zip(started, frac, strict=True)})
    now = table[table["month"].isin(started)].groupby("account")["revenue"].sum()
    before_months = table["month"].isin([m - 12 for m in started])
    last = table[before_months]
    before = (last["revenue"] * last["month"].map(weight)).groupby(last["account"]).sum()
    drop = now.reindex(before.index, fill_value=0.0) - before  # < 0: sold less this year
    # The rows' reps and each account's holder read once, not a column comparison per rep
    # (~40 ms of a 10k-line run).
    drop = drop[drop < 0]
    held_by = [holder.get(a) for a in drop.index]
    out_rep = out["rep"].to_numpy(dtype=object)
    revenue_row = (out["kpi"] == "revenue").to_numpy()
    # Each rep's accounts and main levers by NumPy on arrays read once (a Series filtered,
    # sorted and summed, and two columns read, per rep: ~4 ms a call at 10k lines). The
    # sort is ``sort_values``' own (quicksort; no NaN is below nought) and the sum NumPy's
    # over the sorted values, as ``Series.sum`` takes it. A rep's main flags are read before
    # the loop clears any: it clears only the rep's own rows, each rep read once.
    drop_names = drop.index.to_numpy(dtype=object)
    drop_values = drop.to_numpy(dtype=float)
    contribution = pd.to_numeric(out["contribution"], errors="coerce").to_numpy(dtype=float)
    is_main = out["main"].astype(bool).to_numpy()
    for rep in [*ev.reps, TEAM]:
        held = np.flatnonzero([rep == TEAM or h == rep for h in held_by])
        mine_rows = out_rep == rep
        row = np.flatnonzero(mine_rows & revenue_row)
        if not len(held) or not len(row):
            continue
        values = drop_values[held]
        order = values.argsort(kind="quicksort")
        i = out.index[row[0]]
        gap = float(out.at[i, "contribution"])
        total = float(values[order].sum())
        main = contribution[mine_rows & is_main]
        main = main[~np.isnan(main)]
        lever = float(main.min()) if len(main) and np.isfinite(main.min()) else 0.0
        if not (gap < 0 and total <= LOST_CAUSE_SHARE * min(gap, lever)):
            continue
        first = str(drop_names[held[order[0]]])
        out.at[i, "detail"] = {
            "lost": total,
            "lost_accounts": len(held),
            "lost_name": names[first],
            "lost_end": ends[first],
        }
        out.loc[mine_rows, "main"] = False


def _lost_months(history: History, ev: Evidence, accounts: frozenset[str]) -> pd.DataFrame | None:
    """``ended_months_from`` of ``accounts`` with their codes as text; None when none."""
    table = ended_months_from(ev.ended, history, set(accounts), ev.as_of)
    if table is None or not len(table):
        return None
    return table.assign(account=table["account"].astype(str))


def _params(flag: Mapping[str, object]) -> Mapping[str, object]:
    """A flag row's ``params`` ({} when it has none)."""
    params = flag.get("params")
    return params if isinstance(params, Mapping) else {}


def _taken_accounts(history: History, reps: list[str]) -> dict[str, set[str]]:
    """Planned rep → the accounts he took over during the plan year (``Handover.taken_over``,
    the accounts of ``handed_over``'s TAKEN rows)."""
    handover = history.handover
    out: dict[str, set[str]] = {}
    for account, rep, previous, _day in handover.taken_over if handover else ():
        if rep in reps and rep != previous:
            out.setdefault(rep, set()).add(account)
    return out


def _taken_sums(
    history: History,
    ev: Evidence,
    started: list[pd.Period],
    taken: Mapping[str, set[str]],
) -> dict[str, pd.Series]:
    """Taker → his facts on the accounts he took over, summed over the started months: the
    same measure (``monthly_facts``) on a history of only those accounts, so his revenue,
    orders, visits and active accounts less these are his own book's, to the definition.
    Empty for a compact history (no per-account orders or visits)."""
    if history.facts is not None or not len(history.orders) or not taken or not started:
        return {}
    grid = pd.period_range(started[0], started[-1], freq="M")
    year_start, year_end = started[0].start_time, started[-1].end_time

    def lines(frame: pd.DataFrame, accounts: set[str]) -> pd.DataFrame:
        # The year's lines only (the grid starts with it; a month's review ends with its
        # month): a few accounts' months, not the whole history's lines (a 136k-line book:
        # ~1 s for two takers, ~0.05 s so).
        hit = frame["account"].astype(str).isin(list(accounts)).to_numpy()
        dates = frame["date"]
        return frame[hit & ((dates >= year_start) & (dates <= year_end)).to_numpy()]

    every = {a for accounts in taken.values() for a in accounts}
    orders, visits = lines(history.orders, every), lines(history.visits, every)
    out: dict[str, pd.Series] = {}
    for rep, accounts in taken.items():
        keep = list(accounts)
        part = replace(
            history,
            orders=orders[orders["account"].astype(str).isin(keep).to_numpy()],
            visits=visits[visits["account"].astype(str).isin(keep).to_numpy()],
            accounts=history.accounts[
                history.accounts["account"].astype(str).isin(keep).to_numpy()
            ],
        )
        facts = monthly_facts(part, ev.as_of, grid, ev.settings.fiscal_start_month)
        mine = facts[facts.index.get_level_values("rep") == rep]
        out[rep] = mine[mine.index.get_level_values("month").isin(started)].sum()
    return out


def _own_book_main(
    taken: pd.Series,
    booked: pd.Series,
    n_started: int,
    levers: tuple[str, ...],
    lever_target: dict[str, float],
    target: float,
    months: float,
) -> tuple[str, dict[str, object], dict[str, float]]:
    """A taker's main lever judged on his own book (his facts less those of the accounts he
    took over: they raise his active accounts with no part of his target), and what the
    revenue row's finding says: that book's gap and the lever's contribution to it; and his
    levers on that book (the best performers compare those)."""

    def own(key: str) -> float:
        return float(booked[key]) - float(taken.get(key, 0.0))

    revenue = own("revenue")
    values = _lever_values(
        levers,
        own("active_accounts") / n_started,
        own("visits"),
        own("orders"),
        revenue,
        months,
    )
    dec = decompose_gap(revenue, target, values, lever_target, months)
    contributions = {k: c for k, (_, _, c) in dec.levers.items()}
    main = _main_lever(contributions, dec.gap)
    if not main:  # on target on his own book: that said, no lever named
        return "", ({"own_gap": round(dec.gap) + 0.0} if on_target(dec.gap) else {}), values
    finding = {"own_gap": dec.gap, "own_main": main, "own_contribution": contributions[main]}
    return main, finding, values


def _given_main(
    contributions: Mapping[str, float], handed: list[HandedOver]
) -> tuple[str, dict[str, object]]:
    """A giver's main lever judged without the accounts he handed over (trial 29: 佐藤's
    −¥9.26M put on his active accounts and 「鈴木さんのやり方を共有」, ¥3.99M of it the 8
    accounts handed to a colleague). Their gap (the MOVED row: their sales while he held
    them less their part of his target) is the handover's, not his selling; handing accounts
    over shows as fewer active accounts, so it comes off that lever's contribution
    (``TAKEOVER_SIZED``), and the main lever is the one explaining most of the rest, the
    gap on the book he kept (the KEPT row). The revenue row's finding says that gap, the
    lever and its part (as a taker's, ``_own_book_main``); the rows' contributions stay
    those of his booked revenue (they add up to the team's). The same on every history
    (per-account or compact): only the MOVED and KEPT rows are read.

    A taker on a compact history (no per-account facts for ``_own_book_main``) is judged
    the mirror way (trial 35 H2: 佐藤 told his +¥3.05M came from active accounts, ¥2.94M
    of it the 35 accounts he took over, on his own book +¥0.11M): the TAKEN row's sales
    (no part of his target) come off the same lever, and the OWN row is the book he is
    judged on. A rep who both gave and took: both handovers come off, the later row stands."""
    moves = [h for h in handed if h.kpi in (MOVED, TAKEN)]
    kept = next((h for h in reversed(handed) if h.kpi in (KEPT, OWN)), None)
    if not moves or kept is None:
        return "", {}
    handover_gap = sum(
        float(h.actual_ytd) - (float(h.target_ytd) if np.isfinite(h.target_ytd) else 0.0)
        for h in moves
    )
    own_gap = float(kept.actual_ytd) - float(kept.target_ytd)
    if not (math.isfinite(handover_gap) and math.isfinite(own_gap)):
        return "", {}
    own = dict(contributions)
    for k in TAKEOVER_SIZED:
        if k in own:
            own[k] = own[k] - handover_gap
            break
    main = _main_lever(own, own_gap)
    if not main:  # on target on the book he kept: that said, no lever named
        return "", ({"own_gap": round(own_gap) + 0.0} if on_target(own_gap) else {})
    return main, {"own_gap": own_gap, "own_main": main, "own_contribution": own[main]}


def _own_book_levers(rows: pd.DataFrame, own: Mapping[str, dict[str, float]]) -> pd.DataFrame:
    """``rows`` with a taker's ratio levers on his own book: his ride-along visits on the
    accounts he is taking over, before they are his, would otherwise count against a book
    without them (the handover month read 4.56 visits per account for 3.15 on his own)."""
    if not own:
        return rows
    rows = rows.copy()
    for rep, values in own.items():
        for key, value in values.items():
            if key in TAKEOVER_SIZED:
                continue
            hit = ((rows["rep"] == rep) & (rows["kpi"] == key)).to_numpy()
            rows.loc[hit, "actual_ytd"] = value
    return rows


def _unplanned_rows(
    rep: str,
    own: list[pd.Period],
    ev: Evidence,
    facts: pd.DataFrame,
    levers: tuple[str, ...],
    trend: dict[tuple[str, str], str],
    history: History,
) -> list[dict[str, object]]:
    """A rep without a plan: revenue, levers and the other KPIs over the months from their
    first order or visit (``own``), no target, no split by lever."""
    mine = facts[facts.index.get_level_values("rep") == rep]
    s = mine[mine.index.get_level_values("month").isin(own)].sum()
    n = len(own)
    months = float(sum(ev.calendar.elapsed_fraction(m, ev.as_of) for m in own))
    active = float(s["active_accounts"]) / n if n else np.nan
    revenue, orders, visits = float(s["revenue"]), float(s["orders"]), float(s["visits"])
    values = _lever_values(levers, active, visits, orders, revenue, months)
    nan = np.nan
    out = [_row(rep, "revenue", nan, revenue, nan, False, trend)]
    out += [_row(rep, k, nan, values[k], nan, False, trend) for k in levers]
    # Annualised over the working days gone, as the Attainment's row for him (a month in
    # progress its share, not a whole month: the two read the same churn mid-month).
    ytd = summarize(ev.facts, own, annualize=True, elapsed=elapsed_months(ev, own))
    for k in OTHER_KPIS:
        if k in ytd.columns and ev.measures(k):
            actual = float(ytd.at[rep, k]) if rep in ytd.index else nan
            out.append(_row(rep, k, nan, actual, nan, False, trend))
    taken = _taken_over(history, rep)
    for r in out:
        r["planned"] = False
    out[0]["detail"] = {"since": month_label(own[0]) if own else "", **taken}
    return out


def _taken_over(history: History, rep: str) -> dict[str, object]:
    """What ``rep`` took over during the plan year (core.handover): the accounts and the first
    line after the takeover; {} when nothing. (Who from is on each giver's rows.)"""
    handover = history.handover
    mine = [row for row in (handover.taken_over if handover else ()) if row[1] == rep]
    if not mine:
        return {}
    days = [day for *_, day in mine if day is not None]
    return {"accounts": len(mine), "first": min(days).isoformat() if days else ""}


@dataclass(frozen=True)
class HandedOver:
    """One of a rep's rows on accounts handed over during the plan year (``handed_over``)."""

    kpi: str  # MOVED or KEPT (a giver), TAKEN or OWN (a taker)
    target: float  # the part of the rep's full-year revenue target (TAKEN: NaN, none)
    target_ytd: float  # the part of the rep's revenue target to date
    actual_ytd: float  # the sales so far (MOVED: while the rep held the accounts; TAKEN: since)
    detail: dict[str, object]  # accounts, first (the new holder's first line), share, booked

    @property
    def attainment(self) -> float:
        """KEPT, OWN: actual ÷ target to date (NaN without a target). MOVED, TAKEN: NaN —
        sales of accounts that changed hands mid-year are not a performance to colour."""
        ok = self.kpi in (KEPT, OWN) and np.isfinite(self.target_ytd) and self.target_ytd > 0
        return self.actual_ytd / self.target_ytd if ok else np.nan


def handed_over(
    history: History,
    ev: Evidence,
    targets: pd.DataFrame,
    *,
    only: Mapping[str, set[str]] | None = None,
    current: pd.DataFrame | None = None,
    span: tuple[list[pd.Period], np.ndarray] | None = None,
) -> dict[str, list[HandedOver]]:
    """Per planned rep whose accounts changed hands during the plan year: (MOVED, KEPT) rows
    for one who handed accounts over, (TAKEN, OWN) for one who took accounts over, both
    pairs (in that order) for a rep who did both.

    The accounts are ``Handover.taken_over``'s (their targets stayed with the giver). Their
    part of the giver's target is their share of his baseline revenue (the revenue the
    targets were derived from); the sales are the rep's order lines on them in the plan year
    up to the as-of date. Revenue without them against the rest of the target is the
    attainment on the book the giver kept. A taker's target was set without them: their
    sales since the takeover are no part of it, and his revenue without them is measured
    against the whole of it. A compact history reads the same sums from its facts
    (``_order_lines``); empty without order lines.

    ``only``: per rep, the accounts to count (the others that changed hands are left out of
    his rows; a rep not in it has none), for a handover only partly carried
    (``judged_handed``). ``current``: the targets the KEPT and OWN rows are measured
    against when they differ from ``targets`` (core.carry moved the carried accounts'
    part): the MOVED part is the accounts' share of ``targets`` (as set, which still holds
    it), KEPT the rest of ``current``. ``span``: the months read and each one's share
    (``month_review``: one whole month), else the plan year so far.
    """
    handover = history.handover
    orders = _order_lines(history)
    if handover is None or not handover.taken_over or not len(orders):
        return {}
    given: dict[str, set[str]] = {}  # giver → the accounts handed over
    taken: dict[str, set[str]] = {}  # taker with a plan → the accounts taken over
    first: dict[str, date] = {}
    first_taken: dict[str, date] = {}
    for account, sheet_rep, previous, day in handover.taken_over:
        for who, accounts, since in ((previous, given, first), (sheet_rep, taken, first_taken)):
            if only is not None and str(account) not in only.get(who, ()):
                continue
            if who in ev.reps:
                accounts.setdefault(who, set()).add(account)
                if day is not None and (who not in since or day < since[who]):
                    since[who] = day
    if not given and not taken:
        return {}
    started, frac = _elapsed(ev) if span is None else span
    if not started:
        return {}
    t = _by_period_rep_kpi(targets)
    now = t if current is None else _by_period_rep_kpi(current)
    fy = fiscal_label(ev.settings.plan_year)
    # Only the givers' lines on the moved accounts and the givers' baseline lines are read
    # (a million order lines: a filter on the rep first, dates compared as bounds).
    moved_all = {a for book in (given, taken) for accounts in book.values() for a in accounts}
    lines = orders[orders["rep"].astype(str).isin([*given, *taken]).to_numpy()]
    dates = lines["date"].to_numpy(dtype="datetime64[ns]")
    months = ev.baseline_months
    in_base = np.zeros(len(lines), dtype=bool)
    if months:  # the months the targets were derived from
        base_from, base_to = min(months).start_time, max(months).end_time
        in_base = (dates >= base_from.to_datetime64()) & (dates <= base_to.to_datetime64())
    year_start = started[0].start_time.to_datetime64()
    year_end = min(pd.Timestamp(ev.as_of), started[-1].end_time.normalize()).to_datetime64()
    in_year = (dates >= year_start) & (dates <= year_end)
    keep = in_base | in_year
    lines, in_base, in_year = lines[keep], in_base[keep], in_year[keep]
    account = lines["account"].astype(str).to_numpy()
    rep = lines["rep"].astype(str).to_numpy()
    amount = lines["amount"].to_numpy(dtype=float)
    moved_any = np.isin(account, list(moved_all))
    revenue_ytd = ev.facts["revenue"]
    month_of = revenue_ytd.index.get_level_values("month").isin(started)
    rep_revenue = revenue_ytd[month_of].groupby(level="rep").sum()
    out: dict[str, list[HandedOver]] = {}
    for taker, accounts in taken.items():
        mine = (rep == taker) & in_year & moved_any & np.isin(account, list(accounts))
        sales = float(np.nansum(amount[mine]))
        booked = float(rep_revenue.get(taker, 0.0))
        target = float(now.get((fy, taker, "revenue"), np.nan))
        target_ytd = _target_ytd(now, taker, "revenue", started, frac, fy)
        about: dict[str, object] = {
            "accounts": len(accounts),
            "first": first_taken[taker].isoformat() if taker in first_taken else "",
            "booked": booked / target_ytd if target_ytd > 0 else np.nan,
            "revenue": booked,  # core.book_change: the taken share without an OWN row
        }
        out[taker] = [
            HandedOver(TAKEN, np.nan, np.nan, sales, about),
            HandedOver(OWN, target, target_ytd, booked - sales, about),
        ]
    for giver, accounts in sorted(given.items()):
        mine = rep == giver
        moved = moved_any & np.isin(account, list(accounts))
        base_all = float(np.nansum(amount[mine & in_base]))
        base_moved = float(np.nansum(amount[mine & in_base & moved]))
        share = base_moved / base_all if base_all > 0 else np.nan
        sales = float(np.nansum(amount[mine & in_year & moved]))
        booked = float(rep_revenue.get(giver, 0.0))
        target = float(t.get((fy, giver, "revenue"), np.nan))
        target_ytd = _target_ytd(t, giver, "revenue", started, frac, fy)
        # The moved accounts' part of his target as set; the rest of his target now (the
        # same unless core.carry moved other accounts' part away: ``current``).
        whole = float(now.get((fy, giver, "revenue"), np.nan))
        whole_ytd = _target_ytd(now, giver, "revenue", started, frac, fy)
        detail: dict[str, object] = {
            "accounts": len(accounts),
            "first": first[giver].isoformat() if giver in first else "",
            "share": share,
            "booked": booked / whole_ytd if whole_ytd > 0 else np.nan,
        }
        part, part_ytd = share * target, share * target_ytd
        if current is None:
            kept, kept_ytd = (1 - share) * target, (1 - share) * target_ytd
        else:
            kept, kept_ytd = whole - part, whole_ytd - part_ytd
        out[giver] = [
            HandedOver(MOVED, part, part_ytd, sales, detail),
            HandedOver(KEPT, kept, kept_ytd, booked - sales, detail),
            *out.get(giver, []),
        ]
    return dict(sorted(out.items()))


def not_carried(
    handed: Mapping[str, list[HandedOver]], targets: pd.DataFrame
) -> dict[str, list[HandedOver]]:
    """``handed`` without the reps whose targets followed the accounts (core.carry): their
    attainment as booked is on their own book, with no row on what changed hands."""
    carried = carried_reps(targets)
    return {rep: rows for rep, rows in handed.items() if rep not in carried}


def judged_handed(
    handed: Mapping[str, list[HandedOver]],
    history: History,
    ev: Evidence,
    planned: pd.DataFrame,
    targets: pd.DataFrame,
    carries: Iterable[Carry] = (),
    span: tuple[list[pd.Period], np.ndarray] | None = None,
) -> dict[str, list[HandedOver]]:
    """The handover rows the Review and the Attainment show: ``handed`` (``handed_over``
    against the targets as set, ``planned``) of the reps whose targets stayed, and, of a
    rep whose handover was only partly carried (``uncarried_accounts``), the rows of the
    accounts whose targets did not follow, against his targets now (``targets``, after
    core.carry): a giver's part of his target still holds them (fix30: 91.7% as booked was
    100% on the book he kept), a taker's never held them (115.4% was 100%); the carried
    accounts are his own book on both sides. No KEPT or OWN row of a rep who handed over
    nine tenths or more of his book (``_shown``)."""
    out = dict(not_carried(handed, targets))
    only = uncarried_accounts(history, carries)
    if only:
        partly = handed_over(history, ev, planned, only=only, current=targets, span=span)
        out |= {rep: rows for rep, rows in partly.items() if rep in only}
    return {rep: _shown(rows) for rep, rows in sorted(out.items())}


def _carried_detail(rows: list[HandedOver]) -> dict[str, object]:
    """What changed hands for a rep whose targets followed the accounts (his
    ``handed_over`` rows, against the targets as set): the accounts given and their share
    of his baseline revenue, the accounts taken and their sales since, the first day (the
    revenue row's ``CARRIED_KEY``, read by core.book_change)."""
    out: dict[str, object] = {"given": 0, "given_share": math.nan, "taken": 0, "taken_sales": 0.0}
    days = []
    for h in rows:
        if h.kpi == MOVED:
            out["given"] = int(h.detail.get("accounts", 0) or 0)  # type: ignore[call-overload]
            out["given_share"] = float(h.detail.get("share", math.nan))  # type: ignore[arg-type]
        elif h.kpi == TAKEN:
            out["taken"] = int(h.detail.get("accounts", 0) or 0)  # type: ignore[call-overload]
            out["taken_sales"] = float(h.actual_ytd)
        if h.kpi in (MOVED, TAKEN) and h.detail.get("first"):
            days.append(str(h.detail["first"]))
    out["first"] = min(days) if days else ""
    return out


def _book_changes(
    out: pd.DataFrame,
    ev: Evidence,
    t: Mapping[object, object],
    started: list[pd.Period],
    frac: np.ndarray,
    departed: Mapping[str, date],
) -> dict[str, BookChange]:
    """core.book_change's read of the Review rows (``out``), of the planned reps still there:
    as the Flags, the Dashboard and a rep's copy read it (a rep whose targets followed the
    accounts too: ``basis`` "carried")."""
    own_rows = out["kpi"].isin([MOVED, KEPT, TAKEN, OWN]).to_numpy()
    reps = sorted(set(out.loc[own_rows, "rep"].astype(str)) - set(departed))
    months = _revenue_months(ev, t, started, frac, reps)
    changes = book_changes(records(out), months, ev.settings.plan_year)
    return {rep: c for rep, c in changes.items() if rep not in departed}


def _unchanged_books(rows: pd.DataFrame, changes: Mapping[str, BookChange]) -> pd.DataFrame:
    """``rows`` less the ``BOOK_SET`` rows of the reps whose book changed materially in the
    year, for each KPI on which a rep with an unchanged book is left to be the model (else
    the KPI keeps them: a blank best reads as "he is the team's best")."""
    changed = [rep for rep, c in changes.items() if c.material and c.since is not None]
    if not changed:
        return rows
    # Revenue on his own book (the kept or own row) compares like with like: such a rep
    # stays a model on revenue (test_departed: the taker at 110% of his own book).
    own_book = [rep for rep, c in changes.items() if c.basis in ("kept", "own")]
    same_book = (rows["kpi"] == "revenue") & rows["rep"].isin(own_book)
    theirs = (rows["rep"].isin(changed) & rows["kpi"].isin(BOOK_SET) & ~same_book).to_numpy()
    scored = np.isfinite(pd.to_numeric(rows["attainment"], errors="coerce").to_numpy(dtype=float))
    others = set(rows.loc[~theirs & scored & rows["kpi"].isin(BOOK_SET).to_numpy(), "kpi"])
    drop = theirs & rows["kpi"].isin(list(others)).to_numpy()
    return rows[~drop] if drop.any() else rows


def _shown(rows: list[HandedOver]) -> list[HandedOver]:
    """A rep's handover rows as the Review shows them: no KEPT or OWN row when he handed
    over nine tenths or more of his book (core.book_change ``near_empty``): the rest of his
    target is a few accounts' and the booked revenue without the accounts handed over is
    mostly the accounts he took (trial 39 H3: ¥43,140,911 against ¥235,703, 18303.1%)."""
    handed = next((h for h in rows if h.kpi == MOVED), None)
    share = float(handed.detail.get("share", math.nan)) if handed is not None else math.nan  # type: ignore[arg-type]
    if not near_empty(share):
        return rows
    return [h for h in rows if h.kpi not in (KEPT, OWN)]


def _mark_handover(out: pd.DataFrame, changes: Mapping[str, BookChange], warn: float) -> None:
    """A rep behind as booked only for a handover (core.book_change, as the Flags judge it:
    his book changed materially and on his own book he is at ``PaceWarn`` or better; his
    targets did not follow the accounts), and a rep who moved (``BookChange.moved``: he
    handed his book over and took another, trial 39 H3: +¥21.4M as booked, −¥19.6M "on his
    own book" put on active accounts, 「佐藤さんのやり方を共有」), ahead or behind: no main
    lever (nothing to coach, no colleague to learn from), and his revenue row's ``detail``
    names the handover (``CAUSE_KEY``) and the attainment he is judged on."""
    for rep, change in changes.items():
        if change.since is None or not change.material or change.basis == "carried":
            continue
        revenue = np.flatnonzero(((out["rep"] == rep) & (out["kpi"] == "revenue")).to_numpy())
        if not len(revenue):
            continue
        at = out.index[revenue[0]]
        gap = float(out.at[at, "contribution"])
        if not (np.isfinite(gap) and math.isfinite(change.own)):
            continue
        if not (change.moved or (gap < 0 and change.own >= warn)):
            continue
        out.loc[(out["rep"] == rep).to_numpy(), "main"] = False
        months_judged = list(change.before_months)
        out.at[at, "detail"] = {
            CAUSE_KEY: {
                "handover": change.since.isoformat(),
                "given": change.given,
                "taken": change.taken,
                "own": change.own,
                "basis": change.basis,
                "months": [months_judged[0], months_judged[-1]] if months_judged else [],
                "booked": change.booked,
            }
        }


def _mark_moves(
    out: pd.DataFrame,
    history: History,
    ev: Evidence,
    changes: Mapping[str, BookChange],
    started: list[pd.Period],
) -> None:
    """A mover's revenue row (``_mark_handover``: ``BookChange.moved``) also says what he
    left and what he took (``MOVE_KEY``: the accounts' count, the largest by name, their
    size — the baseline revenue of those he left, the sales since of those he took — and
    who and which branch, 営業所 on Reps, they went to or came from), and whether the move
    explains his gap: he was at PaceWarn or better on the months before it (``explained``;
    a new-user trial: a mover behind before the move too read 「売り方の問題ではありません」)."""
    handover = history.handover
    if handover is None or not handover.taken_over or not started:
        return
    rows = np.flatnonzero((out["kpi"] == "revenue").to_numpy())
    reps = out["rep"].to_numpy(dtype=object)
    for i in rows.tolist():
        at = out.index[i]
        detail = out.at[at, "detail"]
        cause = detail.get(CAUSE_KEY) if isinstance(detail, Mapping) else None
        change = changes.get(str(reps[i]))
        if not isinstance(cause, Mapping) or change is None or not change.moved:
            continue
        rep = str(reps[i])
        left = [(a, new) for a, new, old, _ in handover.taken_over if old == rep and new != rep]
        took = [(a, old) for a, new, old, _ in handover.taken_over if new == rep and old != rep]
        year_from = started[0].start_time
        move = {
            "left": _moved_side(history, ev, rep, left, ev.baseline_months, None),
            "took": _moved_side(history, ev, rep, took, started, year_from),
            "explained": bool(math.isfinite(change.own) and change.own >= ev.settings.pace_warn),
        }
        out.at[at, "detail"] = {**detail, CAUSE_KEY: {**cause, MOVE_KEY: move}}


def _moved_side(
    history: History,
    ev: Evidence,
    rep: str,
    pairs: list[tuple[str, str]],
    months: list[pd.Period],
    since: pd.Timestamp | None,
) -> dict[str, object]:
    """One side of a move (``_mark_moves``): the accounts (count, the largest's name), their
    revenue in ``months`` booked to ``rep`` (the baseline for those he left) or to anyone
    from ``since`` (the year for those he took: his sales since the takeover), and the
    other reps (the new or the previous holders) with their branches."""
    accounts = sorted({str(a) for a, _ in pairs})
    others = sorted({str(o) for _, o in pairs})
    orders = _order_lines(history)
    size = {a: 0.0 for a in accounts}
    if months and len(orders):
        first, last = min(months).start_time, max(months).end_time
        if since is not None:
            first = max(first, since)
        last = min(last, pd.Timestamp(ev.as_of) + pd.Timedelta(days=1))
        mine = orders[(orders["rep"].astype(str) == rep).to_numpy()]  # his lines first
        hit = (
            mine["account"].astype(str).isin(accounts)
            & (mine["date"] >= first)
            & (mine["date"] < last)
        ).to_numpy()
        for a, v in mine[hit].groupby(mine["account"].astype(str)[hit])["amount"].sum().items():
            size[str(a)] = float(v)
    largest = min(accounts, key=lambda a: (-size[a], a)) if accounts else ""
    names = history.accounts if history.accounts is not None else pd.DataFrame()
    name = largest
    if largest and len(names) and {"account", "name"} <= set(names.columns):
        found = names.loc[names["account"].astype(str) == largest, "name"].dropna()
        name = str(found.iloc[-1]) if len(found) and str(found.iloc[-1]).strip() else largest
    branches = ev.settings.branches
    return {
        "accounts": len(accounts),
        "largest": name,
        "revenue": float(sum(size.values())),
        "reps": others,
        "branches": sorted({branches[o] for o in others if o in branches}),
    }


def _revenue_months(
    ev: Evidence,
    t: Mapping[object, object],
    started: list[pd.Period],
    frac: np.ndarray,
    reps: list[str],
) -> pd.DataFrame:
    """The Attainment's revenue month rows of ``reps`` as core.book_change reads them
    (period, rep, kpi, actual, target_to_date: the month's target × its elapsed share)."""
    revenue = ev.facts["revenue"]
    at = {(str(r), m): float(v) for (r, m), v in revenue.items() if str(r) in reps}
    rows = [
        (
            label,
            rep,
            "revenue",
            at.get((rep, m), 0.0),
            float(t.get((label, rep, "revenue"), np.nan)) * f,
        )
        for rep in reps
        for m, f in zip(started, frac.tolist(), strict=True)
        for label in (month_label(m),)
    ]
    return pd.DataFrame(rows, columns=["period", "rep", "kpi", "actual", "target_to_date"])


def _order_lines(history: History) -> pd.DataFrame:
    """The order lines ``handed_over`` reads (date, account, rep, amount): the rows, or of a
    compact history one line per account × rep × month of the accounts taken over
    (``HistoryFacts.handover_months``, dated the month's first day) and one per rep × month
    with the rest of his revenue (account ""). Months are whole in both the baseline and the
    year to date (the facts stop at the as-of date), so the sums are the rows'."""
    facts = history.facts
    if len(history.orders) or facts is None or facts.handover_months is None:
        return history.orders
    taken = facts.handover_months.astype({"account": str, "rep": str})
    per_rep = facts.rep_months.astype({"rep": str})
    moved = taken.groupby(["rep", "month"])["revenue"].sum()
    total = per_rep.groupby(["rep", "month"])["revenue"].sum()
    rest = total.sub(moved.reindex(total.index, fill_value=0.0)).reset_index()
    lines = pd.concat(
        [taken[["account", "rep", "month", "revenue"]], rest.assign(account="")],
        ignore_index=True,
    )
    return pd.DataFrame(
        {
            "date": pd.PeriodIndex(lines["month"], freq="M").to_timestamp(),
            "account": lines["account"].astype(str),
            "rep": lines["rep"].astype(str),
            "amount": lines["revenue"].astype(float),
        }
    )


def _by_period_rep_kpi(targets: pd.DataFrame) -> dict[object, object]:
    """``by_key(targets.set_index(["period", "rep", "kpi"])["target"])`` from the columns'
    lists: the same keys and values without building a MultiIndex (~8 ms at 2,000 rows)."""
    keys = list(zip(*(targets[k].tolist() for k in ("period", "rep", "kpi")), strict=True))
    if len(set(keys)) != len(keys):
        return by_key(targets.set_index(["period", "rep", "kpi"])["target"])
    return dict(zip(keys, targets["target"].to_numpy(), strict=True))


def _team_levers(
    levers: tuple[str, ...],
    active: float,
    rep_levers: dict[str, dict[str, float]],
    weights: pd.DataFrame,
) -> dict[str, float]:
    """The team's year-to-date levers: accounts summed, ratios at the baseline's mix."""
    ratios = [k for k in levers if k != "active_accounts"]
    values = pd.DataFrame.from_dict(rep_levers, orient="index", columns=list(levers))
    at_mix = team_at_mix(values[ratios], weights[ratios]) if len(values) else {}
    out = {"active_accounts": active, **{k: float(at_mix.get(k, np.nan)) for k in ratios}}
    return {k: out[k] for k in levers}


def _row(
    rep: str,
    kpi: str,
    target: float,
    actual: float,
    contribution: float,
    main: bool,
    trend: dict[tuple[str, str], str],
) -> dict[str, object]:
    direction = KPI_BY_KEY[kpi].direction if kpi in KPI_BY_KEY else "higher"
    att = attainment_ratio(float(actual), float(target), direction)
    return {
        "rep": rep,
        "kpi": kpi,
        "target_ytd": target,
        "actual_ytd": actual,
        "attainment": att,
        "contribution": contribution,
        "main": main,
        "trend": trend.get((rep, kpi), ""),
        "best_rep": "",
        "best_value": np.nan,
        "notes": "",
        "planned": True,
        "detail": {},
    }


# The Review's words for a price-list move for everyone (module doc): the move (ratio − 1) and
# its part of the gap in yen, on the revenue row (the main cause) and the unit-price row.
PRICE_LIST_KEYS = ("price_list", "price_list_yen")


def _price_list_log(
    history: History, ev: Evidence, started: list[pd.Period], growth: float | None
) -> float:
    """The price list's move the targets do not carry (log; 0 below ``PRICE_LIST_MIN`` or
    without product prices): the team's like-for-like price over the months so far against
    the baseline's months, less the lift the Plan gave the baseline's months before a price
    step (``_baseline_lift``), less the rest of the Plan's team growth of unit price where
    it went the same way (never past the move)."""
    if not started or not ev.baseline_months:
        return 0.0
    move = like_for_like_change(history, started, list(ev.baseline_months))
    # A revision found in the year's own months is named whatever its size (trial 51: the
    # tyre makers' +3% in 2026-01, +1.7% for the company, under the 2% bar, read as every
    # rep's own unit price; ``_year_revision``).
    named = np.isfinite(move) and _year_revision(history, ev, started) is not None
    if not np.isfinite(move) or (abs(move) < PRICE_LIST_MIN and not named):
        return 0.0
    # The baseline's months before a step are at the old prices: the target already holds
    # them at the new ones (trial 51 H4: the 2025-04 step's January–March, +0.9%, was read
    # again as this year's list move, +3.7% where the year's new step was +1.5%).
    lift = _baseline_lift(ev)
    moved = math.log1p(move) - lift
    carried = (math.log(growth) if growth is not None and growth > 0 else lift) - lift
    if np.sign(carried) == np.sign(moved):
        moved -= carried if abs(carried) < abs(moved) else moved
    return moved if named or abs(math.expm1(moved)) >= PRICE_LIST_MIN else 0.0


def _year_revision(history: History, ev: Evidence, started: list[pd.Period]) -> IndexStep | None:
    """A one-off price revision in the plan year up to the last of ``started`` (the months so
    far, or a month's own review), found like for like in the history through them: beside
    the Plan's price step a second one (``price_index.find_second_step``: some products'
    revision, at least 1% for the company), without one a step (``find_step``). None where
    Settings declares a revision (the manager's own, carried by the Plan), beside a yearly one
    (planned by the Plan), or without product prices."""
    table = history.product_months
    levers = ev.lever_evidence
    step = levers.price_step if levers is not None else None
    if table is None or not len(table) or ev.settings.price_revision is not None:
        return None
    if step is not None and step.earlier:
        return None  # a revision every year: the plan year's is planned (find_yearly)
    first = pd.Period(table["month"].min(), freq="M")
    months = [first + i for i in range(max(started).ordinal - first.ordinal + 1)]
    # Once per last month read (the year's review and each month's read the same search).
    found = once(
        ev,
        f"_year_revision_{months[-1]}",
        lambda: find_second_step(table, months, step.month) if step else find_step(table, months),
    )
    if found is None or found.month > months[-1] or found.month not in ev.plan_months:
        return None
    return found  # in the plan year up to the months read (a month's review: before it too)


def _baseline_lift(ev: Evidence) -> float:
    """The log lift that brings the baseline's months to the latest prices of a price step in
    the history (found or declared; ``core.levers.as_level``'s ``carry``, the Plan's
    「改定前の…か月を新しい価格に揃え」): part of every target's unit price. 0 without one."""
    levers = ev.lever_evidence
    step = levers.price_step if levers is not None else None
    return float(step.carry) if step is not None and np.isfinite(step.carry) else 0.0


def _list_part(split: tuple[float, float], list_log: float) -> float:
    """The list's part of a rep's unit-price term in yen: ``list_log`` by the gap's
    logarithmic mean (``decompose_gap``: (R − T) ÷ ln(R/T), R at T: R); NaN without a split."""
    actual, target = split
    if not (np.isfinite(actual) and np.isfinite(target) and actual > 0 and target > 0):
        return math.nan
    log_gap = math.log(actual / target)
    weight = (actual - target) / log_gap if abs(log_gap) > 1e-15 else actual
    return weight * list_log


def _main_lever(contributions: dict[str, float], gap: float) -> str:
    """The lever that explains most of the gap ('' when nothing is known, or when the gap
    is ¥0 as shown: on target, no lever is its cause — fix30: 「引継ぎ分を除く差 +¥0 の主因は
    訪問頻度(+¥0)」)."""
    known = {k: c for k, c in contributions.items() if np.isfinite(c)}
    if not known or not np.isfinite(gap) or on_target(gap):
        return ""
    if gap < 0:
        return min(known, key=lambda k: (known[k], k))
    return max(known, key=lambda k: (known[k], k))


def on_target(gap: float) -> bool:
    """A gap shown as ¥0 (under half a yen): on target, no lever to name."""
    return bool(np.isfinite(gap)) and abs(float(gap)) < 0.5


def _comparable(out: pd.DataFrame, reps: list[str], departed: Mapping[str, date]) -> pd.DataFrame:
    """The rows the best performers are picked from (module doc): the planned reps still
    there, a revenue row's attainment on the rep's own book where the sheet has it (a rep
    who both gave and took accounts: ``revenue_own``, the later row), and no row of a rep who
    took accounts over for a ``TAKEOVER_SIZED`` KPI."""
    rows = out[out["rep"].isin([r for r in reps if r not in departed])]
    own = rows[rows["kpi"].isin([KEPT, OWN])]
    if not len(own):
        return rows
    book = dict(zip(own["rep"], own["attainment"], strict=True))
    rows = rows.copy()
    revenue = (rows["kpi"] == "revenue") & rows["rep"].isin(list(book))
    rows.loc[revenue, "attainment"] = rows.loc[revenue, "rep"].map(book).to_numpy()
    takers = set(own.loc[own["kpi"] == OWN, "rep"])
    return rows[~(rows["rep"].isin(list(takers)) & rows["kpi"].isin(TAKEOVER_SIZED))]


def _mark_departed(out: pd.DataFrame, departed: Mapping[str, date]) -> None:
    """A departed rep's rows: no main lever (no one to coach); his revenue row's ``detail``
    says the day he was last seen."""
    for rep, day in departed.items():
        mine = (out["rep"] == rep).to_numpy()
        out.loc[mine, "main"] = False
        first = np.flatnonzero(mine & (out["kpi"] == "revenue").to_numpy())
        if len(first):
            out.at[out.index[first[0]], "detail"] = {"departed": day.isoformat()}


def best_performers(
    out: pd.DataFrame,
    reps: list[str],
    basis: pd.DataFrame | None = None,
    seasoned: Mapping[str, float] | None = None,
) -> None:
    """Fill best_rep / best_value per KPI (the same on every rep's row, team included),
    picked from ``basis`` (default: the rows of ``reps``); ``seasoned`` (rep → his visit
    frequency as compared: ``_seasoned``) is his own figure beside the best's."""
    found: dict[object, tuple[object, object]] = {}  # KPI → (best rep, its value)
    # The rows as positions, KPI by KPI in the order they first occur (``groupby(sort=False)``
    # per KPI cost ~10 ms a table, a Series ``iloc`` and ``to_numeric`` per KPI ~0.2 ms); the
    # first highest score wins, as ``argmax`` over each group. Each column is made numeric
    # once (``to_numeric`` converts element by element, so a KPI's slice of it is the same).
    frame = out if basis is None else basis
    rows_of: dict[object, list[int]] = {}
    kpis = frame["kpi"].tolist()
    for i in np.flatnonzero(frame["rep"].isin(reps).to_numpy()).tolist():
        rows_of.setdefault(kpis[i], []).append(i)
    scores = {
        c: pd.to_numeric(frame[c], errors="coerce").to_numpy(dtype=float)
        if c in frame
        else np.full(len(frame), np.nan)
        for c in ("attainment", "actual_ytd", "target_ytd")
    }
    # Too small a base to mean anything (``MIN_BEST_BASE``): no score, no model (a frame
    # without targets has no base to judge).
    small = frame["kpi"].isin(BASE_COUNTED).to_numpy() & ~(scores["target_ytd"] >= MIN_BEST_BASE)
    small &= "target_ytd" in frame
    scores["attainment"] = np.where(small, np.nan, scores["attainment"])
    counted: dict[object, tuple[float, float]] = {}  # KPI → the best's (count, target)
    team_actual: dict[object, object] | None = None  # read on the first ``TEAM_BOUND`` KPI
    for kpi, rows in rows_of.items():
        if kpi in GAP_ROWS:
            continue
        by_size = kpi in BY_ATTAINMENT
        name = "attainment" if by_size else "actual_ytd"
        score = scores[name][rows]
        if not by_size and KPI_BY_KEY[str(kpi)].direction == "lower":
            score = -score
        ok = np.flatnonzero(np.isfinite(score))
        if not len(ok):
            continue
        at = ok[int(np.argmax(score[ok]))]
        best = rows[at]
        if not float(score[at]) > 0 and (by_size or KPI_BY_KEY[str(kpi)].direction != "lower"):
            # Nobody has made progress (the best at 0% of his target, or 0 made): no one to
            # learn from (trial 45 M8: 「ベスト担当者 中村 優子 達成率 0.0%(0/目標14.7)」).
            continue
        if kpi in TEAM_BOUND:
            team_actual = _team_actuals(out) if team_actual is None else team_actual
            if not _beats_team(team_actual, str(kpi), float(score[at])):
                continue
        found[kpi] = (frame["rep"].iat[best], frame[name].iat[best])
        if kpi in BASE_COUNTED:
            counted[kpi] = (float(scores["actual_ytd"][best]), float(scores["target_ytd"][best]))
    if found:  # one assignment per column for every KPI's rows, not two per KPI (~0.4 ms each)
        hit = out["kpi"].isin(list(found)).to_numpy()
        picked = [found[k] for k in out["kpi"][hit].tolist()]
        out.loc[hit, "best_rep"] = [rep for rep, _ in picked]
        out.loc[hit, "best_value"] = [value for _, value in picked]
    for kpi, (count, base) in counted.items():
        for i in np.flatnonzero((out["kpi"] == kpi).to_numpy()).tolist():
            had = out.at[out.index[i], "detail"]
            mine = had if isinstance(had, dict) else {}
            out.at[out.index[i], "detail"] = {**mine, "best_count": count, "best_base": base}
    _mark_near_best(out, found, seasoned or {})


def _team_actuals(out: pd.DataFrame) -> dict[object, object]:
    """KPI → the team's ``actual_ytd`` on its first row of it (the columns read once as
    lists: a filter of the frame per KPI cost ~0.5 ms)."""
    found: dict[object, object] = {}
    columns = (out["rep"].tolist(), out["kpi"].tolist(), out["actual_ytd"].tolist())
    for rep, kpi, actual in zip(*columns, strict=True):
        if rep == TEAM and kpi not in found:
            found[kpi] = actual
    return found


def _beats_team(team_actual: Mapping[object, object], kpi: str, score: float) -> bool:
    """Whether a best's ``score`` (higher is better, as ``best_performers`` signs it) beats
    the team's own value of ``kpi`` (``TEAM_BOUND``; ``team_actual``: ``_team_actuals``);
    True when the team has none."""
    value = _float(team_actual[kpi]) if kpi in team_actual else np.nan
    if not np.isfinite(value):
        return True
    return score > (-value if KPI_BY_KEY[kpi].direction == "lower" else value)


def _mark_near_best(
    out: pd.DataFrame,
    found: Mapping[object, tuple[object, object]],
    seasoned: Mapping[str, float],
) -> None:
    """On a rep's row whose best (``found``) does no better than his own by ``MODEL_MARGIN``,
    ``detail[NEAR_BEST_KEY]``: no one to learn from (module constant). A seasoned rep's own
    visit frequency is his compared figure (``_seasoned``), not his months' own."""
    if "detail" not in out.columns:  # a bare frame (no findings to say it in)
        return
    # The columns read once as lists (a row ``iloc`` per KPI row copied the frame's mixed
    # blocks: ~15 ms a table); a missing column reads as None, as ``row.get`` did.
    rows = np.flatnonzero(out["kpi"].isin(list(found)).to_numpy()).tolist()

    def column(name: str) -> list[object]:
        return out[name].tolist() if name in out.columns else [None] * len(out)

    kpis, reps, details = column("kpi"), column("rep"), column("detail")
    attainment, actual, target_of = column("attainment"), column("actual_ytd"), column("target_ytd")
    for i in rows:
        kpi = str(kpis[i])
        best_rep, best = found[kpi]
        if best_rep == reps[i]:
            continue
        by_size = kpi in BY_ATTAINMENT
        if kpi in BASE_COUNTED and not _float(target_of[i]) >= MIN_BEST_BASE:
            continue  # his own attainment is on too small a base to compare (MIN_BEST_BASE)
        own = _float(attainment[i] if by_size else actual[i])
        if kpi == SEASONED_KPI and reps[i] in seasoned:
            own = float(seasoned[str(reps[i])])
        best_value = _float(best)
        if not (np.isfinite(own) and np.isfinite(best_value)):
            continue
        lower = not by_size and KPI_BY_KEY[kpi].direction == "lower"
        ahead = (
            best_value <= own * (1 - MODEL_MARGIN)
            if lower
            else (best_value >= own * (1 + MODEL_MARGIN))
        )
        if ahead:
            continue
        beaten = (
            best_value <= own * (1 - MODEL_MARGIN)
            if not lower
            else (best_value >= own * (1 + MODEL_MARGIN))
        )
        if beaten:  # he does clearly better than the best named (left out of the comparison)
            had = details[i]
            mine = had if isinstance(had, dict) else {}
            out.at[out.index[i], "detail"] = {**mine, NEAR_BEST_KEY: "ahead"}
            continue
        target = _float(target_of[i])
        if by_size:  # the best's attainment short of 100%: the target above everyone's
            above = best_value < 1.0
        else:
            above = np.isfinite(target) and (target < best_value if lower else target > best_value)
        had = details[i]
        mine = had if isinstance(had, dict) else {}
        out.at[out.index[i], "detail"] = {**mine, NEAR_BEST_KEY: "above" if above else "level"}


def _float(value: object) -> float:
    """A cell as a float, NaN when it is none."""
    if isinstance(value, float):  # the usual cell, as it is (``to_numeric`` costs ~20 µs)
        return float(value)
    number = pd.to_numeric(value, errors="coerce")
    return float(number) if number is not None and not pd.isna(number) else np.nan


def _trends(ev: Evidence, weights: pd.DataFrame) -> dict[tuple[str, str], str]:
    """up / down / flat: the last complete month vs the one before (counts per working day);
    complete as the month block's (``BusinessCalendar.month_over``: its last working day
    passed), so data to Friday 10/30 compares October with September, not September with
    August (small44)."""
    # Over by the one rule, read on the distinct months (a Period per fact row cost ~6 ms).
    months = ev.facts.index.get_level_values("month").unique()
    done = sorted(m for m in months if ev.calendar.month_over(m, ev.as_of))
    if len(done) < 2:
        return {}
    prev, last = done[-2], done[-1]
    a, b = (with_team_at_mix(summarize(ev.facts, [m]), weights) for m in (prev, last))
    days = ev.calendar.month_counts([prev, last])
    out: dict[tuple[str, str], str] = {}
    a_cells, b_cells = cells(a), cells(b)  # ~200 lookups: dicts, not .at
    for key in (*VISIT_LEVERS, "orders_per_account", "revenue", *OTHER_KPIS):
        if key not in a.columns or not ev.measures(key):
            continue
        scale = (days[0] / days[1]) if KPI_BY_KEY[key].additive and days[1] else 1.0
        for rep in b.index:
            x, y = (
                a_cells[rep][key] if rep in a_cells else np.nan,
                b_cells[rep][key] * scale,
            )
            if not (np.isfinite(x) and np.isfinite(y)) or x == 0:
                continue
            change = y / x - 1
            out[(rep, key)] = (
                "up" if change > FLAT_BAND else "down" if change < -FLAT_BAND else "flat"
            )
    return out


_MONTH = lazy_pattern(r"(\d{4})\D{1,3}(\d{1,2})")


def note_month(value: object) -> str:
    """A Notes month as ``YYYY-MM`` ('' when blank or unreadable): 2026-09, 2026/9, 2026年9月."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if hasattr(value, "year") and hasattr(value, "month"):
        return f"{value.year:04d}-{value.month:02d}"  # type: ignore[attr-defined]
    m = _MONTH.search(unicodedata.normalize("NFKC", str(value)))
    if not m or not 1 <= int(m.group(2)) <= 12:
        return ""
    return f"{int(m.group(1)):04d}-{int(m.group(2)):02d}"


def _fold(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return fold(value, WHITESPACE)


def _kpi_key(value: object) -> str:
    """A KPI as typed on Notes (any of its names, ``catalog.find_kpi``) → its key; blank =
    the revenue row; a name no KPI has comes back folded (the Checks sheet names its cell)."""
    folded = _fold(value)
    if not folded:
        return "revenue"
    kpi = find_kpi(str(value))
    return kpi.key if kpi is not None else folded


def _attach_notes(
    out: pd.DataFrame, notes: pd.DataFrame, ev: Evidence, only: str | None = None
) -> None:
    """Notes of the plan year (or without a month) beside the rows of the same rep and KPI;
    ``only``: the notes of that month alone (the month's review)."""
    if notes is None or not len(notes):
        return
    plan = {month_label(m) for m in ev.plan_months} if only is None else {only}
    reps = {_fold(r): r for r in out["rep"].unique()}
    reps.update({"": TEAM, _fold("チーム"): TEAM, _fold("team"): TEAM})
    texts: dict[tuple[str, str], list[str]] = {}
    for n in notes.itertuples(index=False):
        body = (
            ""
            if n.note is None or (isinstance(n.note, float) and math.isnan(n.note))
            else str(n.note)
        )
        if not body.strip():
            continue
        month = note_month(n.month)
        if (month or only is not None) and month not in plan:
            continue
        rep = reps.get(_fold(n.rep))
        if rep is None:
            continue
        texts.setdefault((rep, _kpi_key(n.kpi)), []).append(f"{month}: {body}" if month else body)
    for (rep, kpi), lines in texts.items():
        hit = (out["rep"] == rep) & (out["kpi"] == kpi)
        for row in NOTE_ROWS.get(kpi, ()):  # no row of its own: the row measuring it
            if hit.any():
                break
            hit = (out["rep"] == rep) & (out["kpi"] == row)
        if not hit.any():  # a KPI the Review has no row for: keep it on the revenue row
            hit = (out["rep"] == rep) & (out["kpi"] == "revenue")
            lines = [f"[{kpi}] {line}" for line in lines]
        joined = [x for x in (out.loc[hit, "notes"].iloc[0], *lines) if x]
        out.loc[hit, "notes"] = " / ".join(joined)
