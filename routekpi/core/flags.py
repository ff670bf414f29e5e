"""Issue flags: what needs a manager's attention, each with severity, KPI, rep and period.

Rules (thresholds in plain words; the pace thresholds come from Settings):

- ``behind_pace``: year-to-date revenue below PaceWarn (warn) / PaceCritical (critical) of the
  target expected by now (cumulative target by working days elapsed); visits warn only. The
  flag gives the Review's finding for the rep, never one of its own: the lever that explains
  most of the gap and the colleague best at it; or, where the Review found the target's
  assumption off on that lever (most reps short, or the best too), that; or, where it found
  the gap mostly accounts lost this year, those accounts. **One account that carries the
  gap** is named beside it (``CARRIES_SHARE``, ``_carried_by``: a live account whose orders
  over the last 12 months fell against the 12 before by at least half the rep's gap to date
  and half the fall of all his accounts together;
  trial 40 M1: one hospital ordering fewer lines).
  A rep who handed accounts over during the year is judged on the revenue without them
  against the rest of the target (the Review's row), and his visits on the accounts he kept
  against the rest of the visit target (the handed-over accounts' share of his baseline
  visits); the flag says so and gives the pace as booked too.
  **A rep whose book changed materially in the year** (core.book_change: accounts handed
  over or taken over holding ``HANDOVER_SHARE``, a tenth, of his revenue; a rep may have
  done both, as in a branch move) is judged on his own book (``BookChange.own``): without
  the accounts he gave and took, or, when he gave his whole book, on the months before the
  handover. Behind on it, the flag stands, said with the handover. Not behind on it (or no
  part of the year left to judge it on), a pace behind as booked is the handover's, not his
  selling: the flag is ``info``, names the handover (day, accounts given and taken) and the
  attainment on his own book, and carries no lever or colleague to learn from
  (``_handover_judged``). The mirror case: a rep ahead as booked only for the accounts he
  took over, his own book behind PaceWarn, is flagged on his own book (``_takers_behind``).
  **A lever's target off for the whole team** (trial 50 H3: all 10 reps flagged on visits,
  team 84.9%, while revenue ran at 103% of its target to date): on a lever KPI (visits; not
  revenue), when the Review found the target's assumption off on that lever (its own test:
  most reps short, or the best too; ``_mark_assumption``) and the team's revenue is on pace
  (≥ PaceWarn), the team's row is ``info`` and says so (``premise_off``, the revenue pace),
  and a rep keeps his warning only where he is clearly below the team's own pace on that
  KPI (his pace < the team's × PaceWarn: the margin the book counts as behind, taken against
  the team instead of the target): his, then, not the plan's, coached as usual
  (``_premise_off``).
  **Visits judged on the accounts a rep still holds** (trial 50: 吉田's visits fell with the
  households that left for 都市ガス): a rep (or the team) behind on visits whose visits per
  held account are on pace — the Attainment's year row of 訪問頻度 (``visits_per_account``:
  visits ÷ the accounts live at each month's end, the Review's figure), its pace ≥ PaceWarn
  — visits as often as the target asks: the fall is the accounts that left, which the
  lost-account and retention flags carry. The flag is then ``info``, says both paces and the
  accounts held against their target, and coaches nothing (``_held_explained``). A rep
  losing 5 of 20 accounts who visits the 15 he holds as before: info; the same 20 visited
  30% less: a warning as before. The figure needs no per-account visit counts (visits per
  rep × month and the accounts held, which both the sheet and the Sources paths keep);
  without that row (no visit records) the visits pace alone decides, as before.
- ``unit_price_declining``: unit price, each month taken against its usual level for that
  month (``Evidence.ratio_seasonality``: the summer's larger orders, the autumn's smaller
  ones), fell three months in a row (by ≥ 3% in all, ``STREAK_MIN_DROP``); or the last
  three months are ≥ 5% (``YOY_DROP``) below the same months last year. Both at once:
  critical. The usual fall after a summer peak is no decline; a fall beyond it still is.
  Not for a rep whose book changed materially (``behind_pace``) up to the flag's month: the
  accounts he gave or took, not his prices, changed the mix his price averages over.
  **Only a fall that stands out from the rep's own month-to-month noise** (trial 29: −8.7%
  on three months whose price swings ±9% a month, about 1.2 times its noise): the monthly
  price, each month against its usual level, moves by some percent from one month to the
  next (its typical move over the ``PRICE_NOISE_MONTHS`` (15) months the comparison spans,
  from the year-ago months to the last, at least ``PRICE_NOISE_MIN_MONTHS`` of them with a
  price; the median move, so one real step such as a big account lost is not taken for
  noise; on the accounts still held when the year-on-year is read on those); a three-month
  average moves by that ÷ √3, two of
  them compared by that × √(2/3), a month against one three months earlier by that × √2.
  A year-on-year fall is counted only when it is at least ``PRICE_NOISE_Z`` (2) times that: a
  rep whose price is this jumpy shows such a fall without anything changing about one time
  in 40. A streak is three falls in a row, itself unlikely by chance (1 in 24 for months
  that only wobble), so its fall need only be ``STREAK_NOISE_Z`` (1) times that.
  **Nor a fall the same months showed before** (trial 50 M8): while the price is not down
  on a year ago (the year-on-year short of ``YOY_DROP`` below), a streak's fall, first month
  to last against their usual levels, counts only when it is larger than the same months'
  fall in each of the ``SAME_MONTHS_YEARS`` (3) years before that has their prices. The
  usual levels are the team's pattern, averaged over years: a rep whose book has its own
  season (more business customers) falls against it in the same months every year, and the
  team's months move a few percent from year to year (the team's Aug → Nov: +2.0%, −5.5%,
  −1.0% before, −3.2% this year, read as three falls in a row while ¥/order rose Sep →
  Nov). A season comes back within the year; a price also down on a year ago is not judged
  so (the same months' falls before may be the same slide). The flag then says the largest
  fall before (``earlier_fall``) beside its own (``streak_fall``).
  The year-on-year flag quotes the last three months' price (the figure it compares), the
  streak its last month's.
  **A price list that moved for everyone** (trial 40 M1, 薬価改定: every product −4 to −6% each
  April, −21.3% "per unit" quoted for a rep whose products run from ¥80 to ¥25,000): where
  the order lines carry a product (``History.product_months``), the team's like-for-like
  price over the same months (core.price_index: each product against itself, chained) is
  the "price" part, and the rest of the price per unit is the product mix
  (``like_for_like_change``). When that like-for-like price moved by at least
  ``PRICE_LIST_MIN`` (2%) the same way as the rep's unit price, it is the price list's move,
  no rep's doing: the rep is judged on his unit price without it (his change ÷ the list's),
  flagged only when that still falls by the rules above, and the flag says the list's part
  (「全社の価格改定(−5.8%)によるもの」); the team, when it is not flagged so, gets one info
  flag naming the price-list move, so the manager sees it once rather than once per rep,
  said the way it went (a rise is no 「低下」) with the month that carries it
  (``list_move_words``: trial 48 L8), which the Plan and Checks name too when the plan does
  not carry it (render ``revision_found_note``). A rise has its own code,
  ``unit_price_rising`` (``price_code``; label 取引単価の上昇): the team's price going up with
  the list is no decline (fix49a; the code was ``unit_price_declining`` for both).
  The like-for-like index is the team's: a rep's own discount on a product beside colleagues
  who do not discount cannot be told from his product mix (the lines' rep is not kept by
  product).
- ``retention_worsening``: 12-month retention down ≥ 5 points and churn ×1.5 vs the 12 months
  before (warn); ≥ 10 points and churn ×2 (critical). Only when the rep then held at least
  half the book he held a year later (``RETENTION_MIN_BOOK_SHARE``): not a newcomer's start.
  **Only a drop chance does not explain** (trial 27: 6 of 14 reps flagged, 2 critical, for
  3 cafés lost of 20 after none, where the team lost 9, 8, 12 a year): at least
  ``RETENTION_MIN_LOSSES`` (3) losses in the last 12 months, and losing as before (the same
  rate per account held at the start of each 12 months) would put so many of the two years'
  losses in the last 12 less than once in 20 times (``DROP_SIGNIFICANCE``, the at-risk
  accounts' test, ``drop_chance``): 0 then 3 of 20 is chance (1 in 8), 0 then 5 is not.
  Critical only when it also matters in yen: the accounts lost in the last 12 months bought
  at least ``LOST_WARN_SHARE`` (5%) of the rep's revenue in the 12 months before them (their
  holder on Accounts; core.lost's rule for one lost account). The flag says how many losses
  and how many the earlier rate gives. The earlier 12 months are read as known a year ago
  (``_unknown_a_year_ago``): a customer master's closure nobody typed is dated the day after
  its last order (core.lapse) but known only ``LAPSE_DAYS`` later, so the last 12 months
  miss their latest ones; the earlier year leaves out those it could not have known then.
  Not for a rep whose book changed materially (above) up to the flag's month: the 12 months
  compared are two different books, and an account lost before he held it is not his loss.
- ``churn_spike``: one of the last ``SPIKE_MONTHS`` (3) complete months in which a rep lost
  so many accounts (at least two) that chance alone would give so many less than once in 100
  rep-months (``SPIKE_SIGNIFICANCE``). What to expect: his usual rate (his cancellations ÷
  the accounts he held at each month's start, over the complete months before those three),
  or the team's when his own is lower (a rep with a quiet past, or little history, is not
  flagged for a month that is ordinary for the team; a history without any cancellation
  reads as one), times the accounts he held at the month's start; the chance is the Poisson
  tail, P(so many or more) (``spike_chance``). Trial 33 (L7): 伊藤 lost 3 of 44 accounts in
  2026-09, where the team's 1.6% a month (57 in 3,560 account-months; his own 4 in 614,
  0.65%, is lower) expects 0.70: 3.5% by chance, which a team of six meets every few months:
  no flag (it was one above the rep-months' 90th percentile). The same 3 of 20 accounts
  (0.32 expected): 0.43%, a flag. Trial 34: 佐藤 3 of 67 in 2026-10 (the team's 0.95%, his
  0.90%: 0.64 expected) 2.7%, 高橋 2 of 67 in 2026-09 (his 1.06%: 0.71) 16%: neither now. With
  accounts derived from orders the expected count is raised by the usual share of lost
  customers who order again (a recent month still counts them, older months no longer do).
  A customer master's closures nobody typed count in the month the lapse rule knew them, and
  stay in the book held until then (``_known_moves``): they are dated the day after the last
  order (core.lapse), half a year before the rule can know them.
  The flag says the count, the book, the usual rate, the count it expects and the chance.
- ``lost_account``: an account that ended this fiscal year (from its start to the as-of date)
  whose revenue the fiscal year before was material to its rep: ≥ ``LOST_WARN_SHARE`` of the
  rep's revenue that year (warn; core.lost, the rule the plan's baseline shares),
  ≥ ``LOST_CRITICAL_SHARE`` (critical). Ended = an end date on Accounts, or, with no
  customer master, the lapse rule's end (core.lapse: ``LAPSE_DAYS`` after its last order).
  The flag names the account, its end and last order, its revenue last year, the month's
  share of it the rep's target still counts on (a twelfth) and what the rest of the year's
  months brought last year: the hole the rep has to fill. The running month counts for the
  share of its working days still to come (its month last year × days left ÷ its days), and
  the text says so. Planning a later year, the
  account is out of the baseline the targets stand on (core.lost; the Plan's note names
  it); only a summed history, which cannot take it out, keeps it, and the flag then says
  how much of the account the baseline holds.
- ``typed_closures`` (info, KPI key ``revenue``; trial 53): the closures typed on Accounts
  (not the lapse rule's ends) this fiscal year under the ``lost_account`` bar and at least
  ``TYPED_MIN_SHARE`` of the rep's revenue the year before, one row per rep naming them with
  that revenue: a known loss, part of his gap, no warning.
- ``at_risk_account``: a live account whose silence or drop is unlikely to be chance (KPI
  key ``active_accounts``, ``AT_RISK_KPI``: it may drop out of the rep's active book).
  Neglected (warn): not visited for more than ``NEGLECT_FACTOR`` (5) times its usual interval
  and at least ``NEGLECT_MIN_DAYS`` (28) (that day moved to the next working day when it is a
  weekend or holiday, so a weekend never makes an account neglected): even a rep who visits
  on random days leaves such a gap about once in 32 times. **Not when its orders keep up
  without visits** (orders by phone or FAX; trial 22: 「97日訪問なし」 on an account whose
  orders were +285.7%): it has ordered since its last visit, the last time no longer ago than
  ``ORDER_GAP_FACTOR`` (2) times its usual gap between orders (365 days ÷ its days with an
  order in the last 12 months) or ``NEGLECT_MIN_DAYS``, whichever is longer, and its orders
  over the last 12 months are at least ``KEEPING_UP_SHARE`` (100%) of the 12 before.
  Fading (info; warn together): it ordered at least ``MIN_PRIOR_ORDERS`` (6) times in the
  12 months before the last 12, its orders in yen fell ≥ ``ORDERS_DROP`` (30%), and its
  number of orders fell so far that ordering as before would give so few less than once in
  20 times (``DROP_SIGNIFICANCE``, ``drop_chance``): a clinic ordering ten times a year that
  orders seven times is chance, one ordering monthly that orders four times is not. The flag
  names the account, its last
  visit, usual interval, the drop and the orders counted; **an account with no visit on
  record** (a book of orders only, trial 34 L1: 「前回訪問 —、通常 —日ごと」 on a machine last
  refilled 2026-05-07, every 7 days) its last order and usual days between orders instead
  (``order_days_rhythm``: the order days the Daily list plans such a book from), said as
  前回注文 (``by_orders``).
  **An account nobody holds** (its rep has left and no colleague took it over:
  ``Handover.orphan_accounts``, the Checks line 今の担当者が分からない顧客; trial 33 M5: three
  flags addressed to 木村, who had left) is flagged to the manager (rep ``ALL``), the flag
  saying who left it (``orphan``): he decides who takes it over, or whether it has closed.
  When it has gone without an order past the day the lapse rule counts a customer lost
  (``orphan_orders``: six of its usual gaps between orders and twice its longest silence so
  far, within 60 – 180 days; 180 with fewer than five order days; ``stopped``), the action
  asks for its end date (解約日), naming its last order, rather than a visit.
  **Only on a year before** (``prior_covered``): a history that starts inside the 12 months
  before the last 12 (an ERP replaced 15 months ago, trial 24) has no whole year to compare
  with; the 3 months it holds read every account as "+241.7%". With ``MIN_COVERED_MONTHS``
  (9) or more of them covered, the earlier orders are read per covered month, as a year
  (× 12 ÷ months; the drop's chance for that exposure, ``drop_chance``), on accounts held
  since the history's first day, and the flag says so; with fewer no change is shown (the
  flag says the history starts in that month) and no account is fading. The keeping-up rule
  always reads the earlier orders per covered month. The Flags sheet lists each rep's
  ``AT_RISK_PER_REP`` (5) with most yen at stake (``at_risk_stake``: the larger of the two
  years' orders) and one line for the rest (``capped_at_risk``); the Daily list reads
  every one (``account_status``).
- ``probably_closed`` (warn, KPI key ``active_accounts``; trial 48 M2): the at-risk accounts
  silent (no visit, no order) ``LONG_SILENT_TIMES`` their usual gap and ``LONG_SILENT_DAYS``
  that ordered on ``CLOSED_MIN_ORDERS`` days or more in the two years, not on a seasonal break
  (the wait core.lapse holds it live for, its season + ``SEASON_MARGIN_DAYS``: ``season_breaks``'
  ``held``, so a run never calls probably closed one its Checks hold for its season; trial 50
  H4; the at-risk line still warns from last year's return day, the day to call):
  one row per rep naming them (``CLOSED_NAMED``, the rest counted), with their silence and
  the yen they bought, asking to confirm and type the end date — not an at-risk flag each.
  Weekly water deliveries whose closings went untyped (40%) kept 62 such at-risk flags, all
  closed customers, until the lapse rule's 180 days. The Daily list visits one only in the
  ``CLOSED_CONFIRM_DAYS`` after it crossed the line (core.daily ``_closed_off``).
- ``account_stepped_down`` (warn, KPI key ``revenue``; trial 47 H1): a rep's material account
  (``LOST_WARN_SHARE`` of his revenue over the year before) whose orders stepped down to at
  most ``core.account_step.DOWN_TO`` (60%) of the same months a year before, over at least
  ``DOWN_MONTHS`` (4) complete months, its last ``DOWN_STAYED`` (3) still down and still
  ordering (``find_step_downs``). A customer that moved production abroad and orders half as
  much every working day fades by no at-risk rule. The flag names the month, the level before
  and since, the yen a month less, its share of the rep's book and how much of its old level
  the plan's baseline holds; read over ``CARRY_MONTHS`` (6) or more, the Plan says it too
  (the baseline keeps it: carried out, the backtests lost — ``CARRY_STEP_DOWNS``).
- ``target_beyond_evidence``: a manual override above the evidence ceiling (below the floor
  for lower-is-better KPIs).
- ``kgi_infeasible`` (critical), ``kgi_beyond_record`` (warn: reachable only with every rep
  at its best year at once, beyond the team's own record growth; judged on history before the
  plan year starts — once it is running, a forecast landing that reaches the KGI, or misses
  it by no more than the pace warning, answers the question instead and the flag is not
  raised: ``core.stretch.landing_clears``, trial 41 M2; nor is ``kgi_infeasible`` for a year
  landing on a KGI past every ceiling), ``kgi_below_trend`` (warn:
  the team is growing on its own and the KGI asks less than its trends give, so the targets
  slow it down) and ``kgi_below_baseline`` (info) about the plan itself.

A rep who left during the year (``core.handover.left_during``: no order or visit for six
weeks, his accounts now held by others) gets none of the rep flags (``REP_FLAGS``): there is
no one to catch up or to coach. His sales stay in the team's year and its flags. A rep gone
on the as-of date (before the tracked year too) gets no ``lost_account``: his book went to
colleagues with its history, so no share of his revenue measures the loss.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import date, timedelta

import numpy as np
import pandas as pd

from routekpi.core.account_step import StepDown, find_step_downs, step_inputs
from routekpi.core.baselines import Evidence, last_complete_month
from routekpi.core.book_change import BookChange, book_changes
from routekpi.core.calendar import (
    BusinessCalendar,
    LeaveSpan,
    fiscal_label,
    fiscal_months,
    fiscal_year_of,
    leave_spans,
    month_label,
    weekmask,
)
from routekpi.core.catalog import KPI_BY_KEY
from routekpi.core.chain_exit import ChainExit, chain_exits_of, exit_losses
from routekpi.core.examples import example_reps
from routekpi.core.frames import distinct, lexsort_pair, records
from routekpi.core.held import account_months
from routekpi.core.history import History, HistoryFacts, coded, once
from routekpi.core.landing_warn import landing_flags
from routekpi.core.lapse import day_rhythm, is_break, line_sold, on_break, sale_lines
from routekpi.core.levers import quantity_covers
from routekpi.core.lost import LOST_WARN_SHARE as LOST_WARN_SHARE
from routekpi.core.lost import (
    ended_between,
    ended_months_from,
    is_material,
    rep_book,
    without_book,
)
from routekpi.core.lumps import LUMP_KEYS, LUMP_MAX_PER_YEAR, held_lump_months, projects_short
from routekpi.core.measure import TEAM, lapse_known, month_tables, team_at_mix
from routekpi.core.price_index import main_move, monthly_changes, price_index
from routekpi.core.stretch import landing_answers
from routekpi.core.targets import Plan

FLAG_COLUMNS = ("severity", "code", "kpi", "rep", "period", "account", "params")
SEVERITY_ORDER = {"critical": 0, "warn": 1, "info": 2}

STREAK_MONTHS = 3
STREAK_MIN_DROP = 0.03
YOY_DROP = 0.05
# A unit-price fall must be at least PRICE_NOISE_Z times the rep's own month-to-month noise
# (module doc), measured over the last PRICE_NOISE_MONTHS months (12 + the 3 compared) when
# PRICE_NOISE_MIN_MONTHS of them have a price (fewer: the plain thresholds above alone).
PRICE_NOISE_Z = 2.0
STREAK_NOISE_Z = 1.0
# With the price not down on a year ago, a streak's fall counts only when it is larger than
# the fall of the same months (first to last, each against its usual level) in every one of
# the SAME_MONTHS_YEARS years before that has a price in each of them (module doc; trial 50 M8).
SAME_MONTHS_YEARS = 3
PRICE_NOISE_MONTHS = 15
PRICE_NOISE_MIN_MONTHS = 8
RETENTION_WARN_POINTS, RETENTION_WARN_RATIO = 0.05, 1.5
RETENTION_CRIT_POINTS, RETENTION_CRIT_RATIO = 0.10, 2.0
# The 12 months before are compared only when the rep then held at least half the book he
# held at the start of the last 12: a newcomer's handful of accounts a year ago (none lost,
# "100%") says nothing about how he keeps the book he has now (trial 21: 81.4% vs 100.0%).
RETENTION_MIN_BOOK_SHARE = 0.5
# A retention drop is flagged only on at least this many losses in the last 12 months, and
# when chance is unlikely to explain it (``drop_chance`` ≤ DROP_SIGNIFICANCE, as for the
# at-risk accounts): a 20-account book losing 3 after none is chance once in 8 times.
RETENTION_MIN_LOSSES = 3
SPIKE_MONTHS = 3
SPIKE_MIN_CANCELLATIONS = 2
# A churn spike is a month whose cancellations come by chance at most once in 100 rep-months
# at the rep's usual rate (module doc, ``spike_chance``). Each recalculation looks at every
# rep's last SPIKE_MONTHS months: a team of 7 reads 21 rep-months, so at one in 100 a flag
# of chance alone shows in about one recalculation in five (at one in 20 in about every one).
SPIKE_SIGNIFICANCE = 0.01
# The usual rate needs at least this many rep-months (with 3 accounts or more) before them.
SPIKE_MIN_REP_MONTHS = 12
# At-risk accounts (module doc): flagged only when chance is an unlikely explanation.
# Neglected: a gap over NEGLECT_FACTOR usual intervals and at least NEGLECT_MIN_DAYS. The usual
# interval is the median gap; visits on random days (gaps exponential, the most irregular a
# route can be) leave the days since the last visit over k medians with probability 2^-k:
# 1 in 4 at twice (the old rule: 24% of trial 20's clinics neglected), 1 in 32 at five times.
# Visits on a schedule exceed it far more rarely, so a flag is a real silence.
NEGLECT_FACTOR = 5.0
NEGLECT_MIN_DAYS = 28  # four weeks: a holiday fortnight is no neglect, even seen twice a week
# Orders keeping up without visits (module doc): no neglect while the account still orders
# at its usual rhythm (its last order within this many usual gaps between orders) ...
ORDER_GAP_FACTOR = 2.0
# ... and its last 12 months' orders are at least this share of the 12 before.
KEEPING_UP_SHARE = 1.0
# Fading: yen down ORDERS_DROP (material), on at least MIN_PRIOR_ORDERS orders the year before
# (fewer cannot show a drop beyond chance), and the count of orders down beyond chance
# (``drop_chance`` ≤ DROP_SIGNIFICANCE: once in 20).
ORDERS_DROP = 0.30
MIN_PRIOR_ORDERS = 6
# The 12 months before the last 12 count as a year only when the history covers them, less
# at most this many days at their start (an export of two years read on its last order's
# day misses a few days of the earlier year: under 4% of it, far inside the 30% drop and the
# chance test). A shorter history has no year before (``prior_covered``): no change is shown,
# no account is fading, and the keeping-up rule compares the rate per covered month.
YOY_SLACK_DAYS = 14
# A partial year before of at least this many months (its days rounded) is compared per
# covered month: the orders as a year (× 12 ÷ months) and the drop's chance for the shorter
# exposure; fewer months say too little (a season, at most) and are not compared at all.
MIN_COVERED_MONTHS = 9
DROP_SIGNIFICANCE = 0.05
MIN_VISITS_FOR_INTERVAL = 4
# ... covering at least this many days at their usual interval ((visits − 1) × the median
# days between them): a new account's four visits in its first week are its onboarding, not
# a rhythm of one day (trial 29: K0308, 「通常 1日ごと」). Less: no usual interval of its own
# (the rep's is used where one is needed). Read from the count and the median alone, so a
# compact history (Sources) reads the same. Ten days: an account seen every working day for
# five weeks (24 × 1 day: weekends are not in the median), every six days five times (4 × 6)
# or every four days four times (3 × 4) keeps its rhythm; four visits in a first week
# (3 × 2 = 6 days) do not.
MIN_INTERVAL_SPAN_DAYS = 10


def has_rhythm(count: np.ndarray, usual: np.ndarray) -> np.ndarray:
    """Per account: enough visits (or order days) over enough days for a usual interval of
    its own (``MIN_VISITS_FOR_INTERVAL``, ``MIN_INTERVAL_SPAN_DAYS``)."""
    with np.errstate(invalid="ignore"):
        return (count >= MIN_VISITS_FOR_INTERVAL) & ((count - 1) * usual >= MIN_INTERVAL_SPAN_DAYS)


# The Flags sheet lists each rep's at-risk accounts with most yen at stake, and one line for
# the rest (the Daily list and the flag table keep them all).
AT_RISK_PER_REP = 5  # about what a rep can add to a week's route
# A lost account is material (warn) by core.lost's rule; critical from this share.
LOST_CRITICAL_SHARE = 0.20
# The KPI an at-risk account is about (the Flags sheet's KPI key): an account that may drop
# out of the rep's active book — not usage to date, a running total over the accounts held
# at the year's start (trial 35 L8).
AT_RISK_KPI = "active_accounts"

# Flags about how a rep is doing: none for a rep who has left (the at-risk and lost-account
# flags are about an account, the override flags about the plan).
REP_FLAGS = (
    "behind_pace",
    "behind_landing",
    "unit_price_declining",
    "unit_price_rising",
    "retention_worsening",
    "churn_spike",
)
# The unit-price flag's codes: a fall (or a rep's streak), and the team's price-list rise
# (module doc; ``price_code``). Readers of "the unit-price flag" ask for either.
PRICE_CODES = ("unit_price_declining", "unit_price_rising")


def price_code(list_only: bool, yoy: float) -> str:
    """The unit-price flag's code: ``unit_price_rising`` for the team's info flag of a
    price list that went up (its year-on-year above 0), else ``unit_price_declining``."""
    rising = list_only and np.isfinite(yoy) and yoy > 0
    return "unit_price_rising" if rising else "unit_price_declining"


def find_flags(
    history: History,
    ev: Evidence,
    plan: Plan,
    targets: pd.DataFrame,
    attainment: pd.DataFrame,
    *,
    review: pd.DataFrame | None = None,
    status: pd.DataFrame | None = None,
    departed: Collection[str] = (),
    gone: Collection[str] = (),
    lost: list[dict[str, object]] | None = None,
) -> pd.DataFrame:
    """All flags, most severe first, at-risk accounts worst first (``_ranked``; ``review``:
    the Review rows, for specific actions;
    ``status``: ``account_status`` as of the as-of date, when the caller has it already;
    ``departed``: the reps who left during the year, ``Result.departed``; ``gone``: every rep
    gone on the as-of date, ``Result.gone``; ``lost``: the ``lost_accounts`` rows, when the
    caller has them already)."""
    rows: list[dict[str, object]] = []
    rows += _plan_flags(ev, plan, attainment)
    away = absences(ev, history)
    rows += _pace_flags(ev, attainment, review, history, away)
    rows += _away_flags(ev, away, rows)
    complete = _complete_months(ev)
    # A rep on pace to date whose year lands short (core.landing_warn; trial 47 鈴木).
    start = pd.Period(year=ev.settings.plan_year, month=ev.settings.fiscal_start_month, freq="M")
    months_in = sum(1 for m in complete if m >= start)
    # A rep who handed accounts over during the year is judged on his kept book by the pace
    # flags (``_kept_books``): his landing against a target still holding them is not.
    # (Only the Review's kept-book rows converted: _pace_flags reads all of them.)
    kept = review[review["kpi"] == "revenue_kept"] if review is not None and len(review) else None
    givers = set(_kept_books(records(kept))) if kept is not None and len(kept) else set()
    settings = ev.settings
    rows += landing_flags(attainment, settings.plan_year, settings.pace_warn, months_in, givers)
    by_rep = _facts_by_rep(ev.facts)
    rows += _unit_price_flags(ev, complete, by_rep, history)
    exits = _chain_exits(history, ev)
    chains = _chain_exit_flags(history, ev, exits)
    rows += chains
    # The retention flag compares two 12-month spans: the exits that began in either.
    span = complete[-24:]
    since = span[0].start_time.date() if span else ev.as_of
    rows += _retention_flags(
        ev, complete, by_rep, history, chain_exits_of(history, since, ev.as_of)
    )
    rows += _churn_spike_flags(ev, complete, by_rep, exit_losses(exits), history)
    contact = contact_for(history, ev)
    if status is None or status_contact(status, ev.as_of) != contact:
        status = account_status(history, ev.as_of, contact, ev.calendar)
    rows += _at_risk_accounts(history, ev, status)
    rows += _step_down_flags(history, ev, complete)
    lost = lost_accounts(history, ev) if lost is None else lost
    rows += _folded(lost, exits, chains)
    rows += typed_closures(history, ev, lost, exits)
    rows += _override_flags(targets)
    rows = _without_departed(rows, departed)
    rows = _handover_judged(rows, ev, attainment, review)
    _carried_by(rows, status)  # after the handover's words: a changed book names none
    # A gone rep's lost accounts: his book went to colleagues with its history, so "his"
    # revenue is what is left under him and the loss's share of it means nothing (trial 26:
    # 27.4% of a leaver's ¥12M, where the account was 1.4% of the ¥242M he sold), nor has
    # he a target to make it up in. The same for a rep released of his whole book (core.
    # handover): his loss was measured against the average rep's book, and no book of his is
    # left to make it up in (review 30: 「担当のFY2024売上の 12.8%」 on a 93.8% account).
    away = set(gone) | without_book(history)
    rows = [r for r in rows if not (r["code"] in LOST_CODES and r["rep"] in away)]
    return _ranked(pd.DataFrame(rows, columns=list(FLAG_COLUMNS)))


# The flags of a rep's ended accounts, measured against his book (none for a rep without one).
LOST_CODES = ("lost_account", "typed_closures")


def _ranked(flags: pd.DataFrame) -> pd.DataFrame:
    """Most severe first, then by code and rep; the at-risk accounts of each severity worst
    first (most yen at stake, whoever's: the manager's list to act on)."""
    if not len(flags):
        return flags.reset_index(drop=True)
    worst = [
        -_stake_of(p) if code in ("at_risk_account", "account_stepped_down") else 0.0
        for code, p in zip(flags["code"], flags["params"], strict=True)
    ]
    return (
        flags.assign(_o=flags["severity"].map(SEVERITY_ORDER), _w=worst)
        .sort_values(["_o", "code", "_w", "rep"], kind="stable")
        .drop(columns=["_o", "_w"])
        .reset_index(drop=True)
    )


def _without_departed(
    rows: list[dict[str, object]], departed: Collection[str]
) -> list[dict[str, object]]:
    """The flags without the ``REP_FLAGS`` of the reps who left during the year."""
    if not departed:
        return rows
    gone = set(departed)
    return [r for r in rows if not (r["rep"] in gone and r["code"] in REP_FLAGS)]


def _flag(
    severity: str, code: str, kpi: str, rep: str, period: str, account: str = "", **params: object
) -> dict[str, object]:
    return {
        "severity": severity,
        "code": code,
        "kpi": kpi,
        "rep": rep,
        "period": period,
        "account": account,
        "params": params,
    }


def _complete_months(ev: Evidence) -> list[pd.Period]:
    """Months of the history whose working days have all passed by the as-of date
    (``baselines.last_complete_month``, the landing's and the Review's rule: data to Friday
    10/30 ends October when 10/31 is a Saturday)."""
    months = ev.facts.index.get_level_values("month").unique().sort_values()
    last = last_complete_month(ev.as_of, ev.calendar)
    return [m for m in months.tolist() if m <= last]


def _complete_plan_months(ev: Evidence) -> list[pd.Period]:
    """The plan year's complete months so far (``_complete_months`` inside the plan year)."""
    plan = set(ev.plan_months)
    return [m for m in _complete_months(ev) if m in plan]


def _plan_flags(ev: Evidence, plan: Plan, attainment: pd.DataFrame) -> list[dict[str, object]]:
    """The flags about the plan itself. ``kgi_beyond_record`` is the record's judgement,
    made on history: in a running plan year whose landing reaches the KGI (or misses it by
    no more than the pace warning) the landing is the better evidence, and a warning 11
    months in that the KGI is past the record while the year lands on it is false (trial 41
    M2; core.stretch.landing_answers, the gate the outputs ask too). The same for
    ``kgi_infeasible``: a year landing on a KGI past every ceiling is not infeasible. Before
    the year starts nothing changes."""
    fy = fiscal_label(ev.settings.plan_year)

    def about_plan(severity: str, code: str, **params: object) -> dict[str, object]:
        return _flag(severity, code, "revenue", TEAM, fy, **params)

    out = []
    landed = landing_answers(ev, plan, attainment)
    if landed is not None:
        pass  # the landing answers the record's "no" (core.stretch): no flag about reach
    elif not plan.feasible:
        out.append(
            about_plan(
                "critical",
                "kgi_infeasible",
                kgi=plan.kgi,
                max=plan.max_reachable_kgi,
                gap=plan.gap,
                # The record it is past too (trial 30 M2: worded as a far stretch).
                record=plan.record_kgi,
                growth=plan.record_uplift,
                annual=plan.record_yearly,
            )
        )
    elif plan.beyond_record:
        out.append(
            about_plan(
                "warn",
                "kgi_beyond_record",
                kgi=plan.kgi,
                record=plan.record_kgi,
                growth=plan.record_uplift,
                annual=plan.record_yearly,
                max=plan.max_reachable_kgi,
            )
        )
    elif plan.below_trend:
        out.append(
            about_plan(
                "warn",
                "kgi_below_trend",
                kgi=plan.kgi,
                trend=plan.trend_kgi,
                growth=plan.trend_kgi / plan.baseline_revenue,
                baseline=plan.baseline_revenue,
            )
        )
    if plan.baseline_revenue and plan.kgi < plan.baseline_revenue:
        out.append(
            about_plan("info", "kgi_below_baseline", kgi=plan.kgi, baseline=plan.baseline_revenue)
        )
    return out


def _lever_advice(
    review: list[dict[str, object]],
    rep: str,
    kpi: str,
    examples: Callable[[], set[str]] | None = None,
) -> dict[str, object]:
    """For a behind-pace flag: the Review's finding for the rep (``records(review)``: three
    filters of the frame per flag cost ~1 ms), so the flag and the Review give one advice.

    Revenue: when the Review names accounts lost this year as the cause (core.review
    ``_mark_lost``), those (``lost``…, no lever: nothing to learn); otherwise the rep's main
    lever. Visits: the visit-frequency lever. With the lever, the colleague who does it best,
    or, when the Review found the target's assumption off on it (``_mark_assumption``), that
    finding instead (``assumption``…): the gap is the plan's premise, not a way of working.
    On a KPI that depends on the days worked (core.review ``_days_alike``), the rep's
    weekdays when the best was picked among the reps who work as many days (``alike``), or
    when no colleague does (``apart``): the advice says so (trial 24 M2). A colleague not in
    ``examples`` (core.examples: on leave now, or too few months at work) is not named: the
    advice then names no one (a Review built without that rule, e.g. a cached one).
    """
    mine = [r for r in review if r["rep"] == rep]
    if kpi == "revenue":
        cause = next((_detail(r) for r in mine if r["kpi"] == "revenue"), {})
        if cause.get("lost_name"):
            return {k: cause[k] for k in LOST_CAUSE_KEYS if k in cause}
        if "price_list" in cause:  # the Review: a price-list move for everyone, no lever
            return {k: cause[k] for k in PRICE_LIST_KEYS if k in cause}
    row = next(
        (
            r
            for r in mine
            if (bool(r["main"]) if kpi == "revenue" else r["kpi"] == "visits_per_account")
        ),
        None,
    )
    if row is None:
        return {}
    advice: dict[str, object] = {
        "lever": row["kpi"],
        "lever_actual": float(row["actual_ytd"]),
        "lever_target": float(row["target_ytd"]),
        "contribution": float(row["contribution"]),
        "best_rep": row["best_rep"] if row["best_rep"] != rep else "",
        "best_value": float(row["best_value"]),
    }
    if examples is not None and advice["best_rep"] and advice["best_rep"] not in examples():
        advice.update(best_rep="", best_value=np.nan)
    finding = _detail(row)
    if finding.get("near_best") and "alike" not in finding and advice["best_rep"]:
        # The Review's best does no better than he does (core.review MODEL_MARGIN, not
        # imported: core.review imports this module): no colleague named.
        advice.update(best_rep="", near_best=finding["near_best"])
    advice.update({k: list(finding[k]) for k in DAYS_ALIKE_KEYS if k in finding})
    if finding.get("assumption"):
        advice.update({k: finding[k] for k in ASSUMPTION_KEYS if k in finding})
    # Visits that do not bring the orders (core.review TIED_LEVERS): the revenue lever as
    # the Review says it, orders per account, with no colleague to copy. Not on a visits
    # flag: its cause is the visit frequency itself (verify54: 岡田's visits flag said 「差の
    # 主因は顧客あたり受注数です」, an orders measure for a visits gap).
    if kpi == "revenue":
        advice.update({k: finding[k] for k in TIED_KEYS if k in finding})
    elif TIED_KEYS[0] in finding:  # how visits and orders go together, said of the visits
        advice[VISITS_LINK_KEY] = finding[TIED_KEYS[0]]
    if row["kpi"] == "unit_price" and "lumps_n" in finding:
        # Last year's rare large orders this year lacks (core.lumps, the Review's
        # ``_mark_lumps``): said, and no colleague named for a gap no way of selling makes.
        advice.update({k: finding[k] for k in LUMP_KEYS if k in finding}, best_rep="")
    if row["kpi"] == "unit_price" and "price_list" in finding:
        # Part of it the price list's move (core.review): no colleague's unit price to copy.
        advice.update({k: finding[k] for k in PRICE_LIST_KEYS if k in finding}, best_rep="")
    return advice


def _examples(ev: Evidence) -> Callable[[], set[str]]:
    """``core.examples.example_reps(ev)``, measured on the first call only (most flags name
    no colleague)."""
    found: list[set[str]] = []

    def get() -> set[str]:
        if not found:
            found.append(example_reps(ev))
        return found[0]

    return get


# The Review's words for a price-list move for everyone (core.review ``PRICE_LIST_KEYS``; not
# imported: core.review imports this module).
PRICE_LIST_KEYS = ("price_list", "price_list_yen")
# core.review ``_tied_detail``: visit frequency × orders per visit as one (core.visit_days).
TIED_KEYS = ("visit_link", "tied_target", "tied_actual", "tied_contribution")
# A visits flag's ``visit_link`` (render_daily: the visit frequency, said without the orders).
VISITS_LINK_KEY = "visits_link"


# The Review's findings a behind-pace flag carries over (core.review ``_mark_lost``,
# ``_mark_assumption``), under the same names.
LOST_CAUSE_KEYS = ("lost", "lost_accounts", "lost_name", "lost_end")
# core.review ``_days_alike``: the rep's weekdays, the model picked among the reps who work
# as many days (``alike``) or no colleague who does (``apart``).
DAYS_ALIKE_KEYS = ("alike", "apart")
ASSUMPTION_KEYS = (
    "assumption",
    "short",
    "of",
    "best",
    "best_attainment",
    "best_short",
    "plan_growth",
    "trend",
)


def _detail(row: dict[str, object]) -> dict[str, object]:
    """A Review row's ``detail`` ({} when it has none)."""
    detail = row.get("detail")
    return detail if isinstance(detail, dict) else {}


# A month of the plan year with no order and no visit of a rep's own, between months with
# both, while a colleague booked her accounts (trial 28 M5: her leave's row typed with its end
# before its start was left out, and the month read as a shortfall coached to "learn from"
# the very colleague who covered her). Months a declared leave reaches are not absences.
def absences(ev: Evidence, history: History | None) -> dict[str, tuple[list[str], str]]:
    """Rep → (her months of the plan year so far with nothing of her own, the colleague who
    booked most orders on her accounts then; "" when the history has no order lines). Only
    complete months, with a month of her own sales before and after them (back at work: a
    rep who left is ``departed``), none reached by her declared leave."""
    # No visit records (an orders-only book; facts carry a visits column of zeros): a month
    # without orders is no sign she was away (review28).
    if not ev.has_visits or "visits" not in ev.facts.columns:
        return {}
    months = _complete_plan_months(ev)
    if not months:
        return {}
    leave = ev.calendar.leave
    out: dict[str, tuple[list[str], str]] = {}
    for rep in ev.reps:
        try:
            mine = ev.facts.xs(rep, level="rep")
        except KeyError:
            continue
        revenue = mine["revenue"].fillna(0.0)
        busy = (revenue != 0) | (mine["visits"].fillna(0.0) > 0)
        sold = [m for m, v in revenue.items() if v > 0]
        gone = [
            m
            for m in months
            if m in busy.index
            and not busy[m]
            and not any(
                r == rep and a <= m.end_time.date() and b >= m.start_time.date()
                for r, a, b in leave
            )
        ]
        gone = [m for m in gone if any(x < m for x in sold) and any(x > m for x in sold)]
        if gone:
            out[str(rep)] = ([month_label(m) for m in gone], _cover_of(history, rep, gone))
    return out


def _cover_of(history: History | None, rep: str, months: list[pd.Period]) -> str:
    """The colleague who booked most orders in ``months`` on the accounts ``rep`` booked in
    the 3 months before the first of them ("" without order lines or such orders)."""
    if history is None or not len(history.orders):
        return ""
    orders = history.orders
    day = pd.to_datetime(orders["date"])
    first = months[0].start_time
    before = (orders["rep"] == rep) & (day >= first - pd.DateOffset(months=3)) & (day < first)
    accounts = set(orders.loc[before, "account"])
    if not accounts:
        return ""
    month = day.dt.to_period("M")
    inside = month.isin(months) & orders["account"].isin(accounts) & (orders["rep"] != rep)
    who = orders.loc[inside, "rep"].astype(str).value_counts()
    return str(who.index[0]) if len(who) else ""


def _pace_without(
    attainment: pd.DataFrame, rep: str, kpi: str, months: list[str], actual: float, due: float
) -> float:
    """The year's pace without ``months`` (their actual and their due to date taken out)."""
    rows = attainment[
        (attainment["rep"] == rep) & (attainment["kpi"] == kpi) & attainment["period"].isin(months)
    ]
    rest = due - float(rows["target_to_date"].astype(float).sum())
    return (actual - float(rows["actual"].astype(float).sum())) / rest if rest > 0 else np.nan


def _away_flags(
    ev: Evidence, away: dict[str, tuple[list[str], str]], rows: list[dict[str, object]]
) -> list[dict[str, object]]:
    """An info flag per rep whose accounts a colleague booked through months with nothing of
    her own, then handed back (``absences``: a leave nobody declared, trial 28 M5), unless a
    behind-pace flag of hers says so already: declaring it keeps the colleague's numbers his
    own and the months out of her pace."""
    said = {str(r["rep"]) for r in rows if r["code"] == "behind_pace" and _said_away(r)}
    fy = fiscal_label(ev.settings.plan_year)
    return [
        _flag("info", "away_undeclared", "revenue", rep, fy, months=months, cover=cover)
        for rep, (months, cover) in away.items()
        if cover and rep not in said
    ]


def _said_away(row: dict[str, object]) -> bool:
    params = row["params"]
    return isinstance(params, dict) and bool(params.get("absent"))


def _pace_flags(
    ev: Evidence,
    attainment: pd.DataFrame,
    review: pd.DataFrame | None = None,
    history: History | None = None,
    absent: dict[str, tuple[list[str], str]] | None = None,
) -> list[dict[str, object]]:
    fy = fiscal_label(ev.settings.plan_year)
    warn, crit = ev.settings.pace_warn, ev.settings.pace_critical
    rows = attainment[(attainment["period"] == fy) & attainment["kpi"].isin(["revenue", "visits"])]
    advice = records(review) if review is not None and len(review) else []
    examples = _examples(ev)  # who can be named to learn from (one rule with the Review)
    kept = _kept_books(advice)
    kept_visits = _kept_visits(history, ev, set(kept)) if kept and history is not None else {}
    per_held = _per_held_account(attainment, fy)
    out = []  # ``absent``: ``absences``, measured here when needed if not given
    for r in rows.itertuples(index=False):
        pace, actual, forecast, target = r.pace, r.actual, r.forecast, r.target
        booked: dict[str, object] = {}
        if r.kpi == "revenue" and r.rep in kept:
            # Accounts handed over during the year: judged on the book the rep kept, the
            # Review's revenue without them against the rest of the target.
            due, actual, share, accounts = kept[r.rep]
            pace = actual / due
            target = (1 - share) * r.target
            forecast = pace * target  # the run rate on the target's own shape, as booked
            booked = {"booked_pace": r.pace, "accounts": accounts}
        elif r.kpi == "visits" and r.rep in kept_visits and r.target_to_date > 0:
            # The same for visits: the visits on the accounts he kept against the rest of the
            # visit target, the handed-over accounts' share of it being their share of his
            # baseline visits (the visit target was derived from those, not from revenue).
            moved, share = kept_visits[r.rep]
            due = (1 - share) * r.target_to_date
            if due > 0:
                actual = r.actual - moved
                pace = actual / due
                target = (1 - share) * r.target
                forecast = pace * target
                booked = {"booked_pace": r.pace, "accounts": kept[r.rep][3]}
        # A declared leave (trial 47 H2): the Attainment's visits row is his own visits on
        # his days at work already (core.engine ``attainment_table``, at_work.own_visit_months).
        if not np.isfinite(pace) or pace >= warn:
            continue
        held = per_held.get(str(r.rep)) if r.kpi == "visits" and not booked else None
        extras: dict[str, object]
        if held is not None and held["held_pace"] >= warn:
            # Fewer accounts held, each visited as the target asks: not his visiting.
            severity, extras = "info", dict(held)
        else:
            severity = "critical" if pace < crit and r.kpi == "revenue" else "warn"
            coaching = _lever_advice(advice, r.rep, r.kpi, examples)
            if r.kpi == "revenue" and not booked and history is not None:
                coaching |= _projects_advice(ev, history, str(r.rep), coaching, actual, r)
            if absent is None and not booked:
                absent = absences(ev, history) if history is not None else {}
            away = absent.get(str(r.rep)) if absent and not booked else None
            if away is not None:
                # Months with nothing of her own while a colleague served her accounts: a
                # leave not declared (or its row not used), not a way of selling to coach;
                # judged on the other months (info when those are on pace).
                without = _pace_without(attainment, r.rep, r.kpi, away[0], actual, r.target_to_date)
                coaching = {"absent": away[0], "cover": away[1], "pace_without": without}
                if np.isfinite(without):
                    severity = (
                        "info"
                        if without >= warn
                        else "critical"
                        if without < crit and r.kpi == "revenue"
                        else "warn"
                    )
            # Disjoint keys (booked: booked_pace, accounts; coaching: the advice's own).
            extras = {**booked, **coaching}
        # One behind-pace flag, whichever reading above decided it (duplicates D10).
        out.append(
            _flag(
                severity,
                "behind_pace",
                r.kpi,
                r.rep,
                fy,
                pace=pace,
                actual=actual,
                forecast=forecast,
                target=target,
                **extras,
            )
        )
    return _premise_off(out, rows, warn)


# A behind-pace unit price the Review gave no other cause for (rare large orders, the price
# list, the target's assumption): the only ones a count of projects landed can explain.
_OTHER_CAUSES = ("lumps_n", "price_list", "assumption", "lost_name")


def _projects_advice(
    ev: Evidence,
    history: History,
    rep: str,
    coaching: dict[str, object],
    actual: float,
    row: object,
) -> dict[str, object]:
    """For a revenue flag whose main lever is the unit price: fewer of the rep's ordinary
    large orders (projects) landed so far than the same months of the baseline, by chance
    (core.lumps ``projects_short``): the finding, and no colleague named (trial 52 H3)."""
    if coaching.get("lever") != "unit_price" or any(coaching.get(k) for k in _OTHER_CAUSES):
        return {}
    gap = float(getattr(row, "target_to_date", np.nan)) - float(actual)
    now = _complete_plan_months(ev)
    # Each large order under its account's holder now: a cover's projects are not his own.
    held = held_lump_months(history, ev.as_of)
    found = projects_short(held, rep, list(ev.baseline_months), now, gap)
    return {**found, "best_rep": ""} if found else {}


# The Attainment's year rows a visits flag reads to judge visits on the accounts held
# (``_per_held_account``): visit frequency (visits per held account and month) and the
# accounts held (live at each month's end, averaged), each with its pace to date.
HELD_KPIS = {"visits_per_account": "held", "active_accounts": "accounts"}


def _per_held_account(attainment: pd.DataFrame, fy: str) -> dict[str, dict[str, float]]:
    """rep (and the team) → the year's visits per held account and accounts held, as the
    Attainment rows ``HELD_KPIS`` give them: ``held_pace``, ``held_actual`` and
    ``held_target`` (to date), ``accounts_actual`` and ``accounts_target`` (to date); only
    the reps with a finite visit-frequency pace (none without visit records)."""
    rows = attainment[(attainment["period"] == fy) & attainment["kpi"].isin(list(HELD_KPIS))]
    out: dict[str, dict[str, float]] = {}
    for r in rows.itertuples(index=False):
        name = HELD_KPIS[str(r.kpi)]
        got = out.setdefault(str(r.rep), {})
        if name == "held":
            got.update(held_pace=float(r.pace), held_actual=float(r.actual))
            got["held_target"] = float(r.target_to_date)
        else:
            got.update(accounts_actual=float(r.actual), accounts_target=float(r.target_to_date))
    return {rep: v for rep, v in out.items() if np.isfinite(v.get("held_pace", np.nan))}


def _held_explained(flag: dict[str, object]) -> bool:
    """A visits flag the accounts that left explain (``_pace_flags``: visits per held
    account on pace)."""
    params = flag["params"]
    return isinstance(params, dict) and "held_pace" in params


def _premise_off(
    flags: list[dict[str, object]], rows: pd.DataFrame, warn: float
) -> list[dict[str, object]]:
    """The behind-pace ``flags`` with a lever whose target is off for the whole team said once
    (module doc, trial 50 H3): the team's row of that lever ``info`` when it carries the
    Review's ``assumption`` finding and the team's revenue ``rows`` pace is ≥ ``warn``; a rep's
    row of it kept only below the team's pace × ``warn``, without the
    finding (the plan's premise does not explain his gap) and with the team's pace."""
    team_revenue = rows[(rows["rep"] == TEAM) & (rows["kpi"] == "revenue")]["pace"]
    revenue = float(team_revenue.iloc[0]) if len(team_revenue) else np.nan
    if not (np.isfinite(revenue) and revenue >= warn):
        return flags
    off: dict[object, float] = {}  # lever KPI → the team's pace on it
    for f in flags:
        p = f["params"]
        lever = f["rep"] == TEAM and f["kpi"] != "revenue" and isinstance(p, dict)
        if lever and p.get("assumption"):  # type: ignore[union-attr]
            f["severity"] = "info"
            p.update(premise_off=True, revenue_pace=revenue)  # type: ignore[union-attr]
            off[f["kpi"]] = float(p["pace"])  # type: ignore[index]
    if not off:
        return flags
    out = []
    for f in flags:
        team_pace = off.get(f["kpi"])
        if team_pace is None or f["rep"] == TEAM or _held_explained(f):
            out.append(f)
            continue
        p = f["params"] if isinstance(f["params"], dict) else {}
        if float(p.get("pace", np.nan)) < team_pace * warn:  # type: ignore[arg-type]
            kept = {k: v for k, v in p.items() if k not in ASSUMPTION_KEYS}
            out.append({**f, "params": {**kept, "team_pace": team_pace}})
    return out


# One account carries a rep's gap (trial 40 M1: 東口中央病院 ordering fewer lines, ¥121.5M →
# ¥96.1M over April–November, where 鈴木 was told to learn unit price from a colleague): its
# orders over the last 12 months fell against the 12 before by at least this share of the
# rep's year-to-date revenue gap, and of the fall of all his accounts together.
CARRIES_SHARE = 0.5


def _carried_by(rows: list[dict[str, object]], status: pd.DataFrame) -> None:
    """Name the account that carries a behind-pace rep's revenue gap (``CARRIES_SHARE``):
    of his live accounts (``account_status``: the holder on Accounts), the one whose orders
    fell most over the last 12 months against the 12 before, when that fall is at least
    half his gap to date (target to date − revenue; the target to date is revenue ÷ pace)
    and half the fall of all his accounts together (one account, not one of many falling).
    The 12-month windows are the at-risk flags' own (cheap: read once); they may reach back
    before the plan year, so the words give the account's two 12-month figures. In place:
    the flag's params get ``carrier``, ``carrier_recent``, ``carrier_prior``. Not for a rep
    whose book changed in the year (``handover``: the windows compare two books) nor one
    with months away (``absent``)."""
    for row in rows:
        params = row["params"]
        if row["code"] != "behind_pace" or row["kpi"] != "revenue" or row["rep"] == TEAM:
            continue
        if not isinstance(params, dict) or params.get("handover") or params.get("absent"):
            continue
        pace, actual = float(params.get("pace", np.nan)), float(params.get("actual", np.nan))
        if not (np.isfinite(pace) and np.isfinite(actual) and 0 < pace < 1):
            continue
        params.update(gap_carrier(status, str(row["rep"]), actual / pace - actual))


def gap_carrier(status: pd.DataFrame | None, rep: str, gap: float) -> dict[str, object]:
    """The account that carries ``rep``'s revenue ``gap`` to date (``_carried_by``'s test:
    ``CARRIES_SHARE``) as ``carrier`` (its name, else its code), ``carrier_recent`` and
    ``carrier_prior`` (its orders over the last 12 months and the 12 before); {} when none.
    The behind-pace flag and the Review's revenue row (``with_review_carriers``) both ask."""
    if status is None or not len(status) or "rep" not in status.columns:
        return {}
    if not (np.isfinite(gap) and gap > 0):
        return {}
    drop = carried_drop(status)
    mine = np.flatnonzero((status["rep"].astype(str).to_numpy() == rep) & np.isfinite(drop))
    if not len(mine):
        return {}
    top = mine[int(np.argmax(drop[mine]))]
    # Half the gap, and half of his accounts' whole fall: one account, not one of many.
    if drop[top] < CARRIES_SHARE * max(gap, float(drop[mine].sum())):
        return {}
    name = status["name"].iloc[top] if "name" in status.columns else None
    label = str(name) if isinstance(name, str) and name else str(status.index[top])
    return {
        "carrier": label,
        "carrier_recent": float(status["recent"].iloc[top]),
        "carrier_prior": float(status["prior"].iloc[top]),
    }


def carried_drop(status: pd.DataFrame) -> np.ndarray:
    """Each account's fall in orders (the 12 months before the last 12 − the last 12) that
    can carry a rep's gap (``gap_carrier``): the whole fall, but of an account whose large
    orders (``LARGE_WINDOW_COLUMNS``) are a few a year (at most ``LUMP_MAX_PER_YEAR`` on
    average over the two years: more are its ordinary business, a hospital's weekly ¥2M
    orders) only the fall of its ordinary orders: a few projects come or do not, each of its
    own size, and whether the next one comes is no finding about the account. Trial 52
    (seed 53): open builders landing one or two ¥2–8M projects a year had five in the year
    before and none or one since (¥22.6M then ¥1.6M, ¥25.7M then ¥4.4M, their ordinary
    orders held) and were named as carrying 井上's gap."""
    drop = (status["prior"] - status["recent"]).to_numpy(dtype=float)
    if not set(LARGE_WINDOW_COLUMNS) <= set(status.columns):
        return drop
    big = (status["large_prior"] - status["large_recent"]).to_numpy(dtype=float)
    n = (status["large_prior_n"] + status["large_recent_n"]).to_numpy(dtype=float)
    few = (n > 0) & (n <= 2 * LUMP_MAX_PER_YEAR)
    return np.where(few, drop - np.maximum(big, 0.0), drop)


# A Review revenue row's findings beside which its carrier is named (``with_review_carriers``):
# none, a price-list move's or lost accounts'. Any other (a handover, a move, a rep who left,
# targets that followed the accounts) compares two books over the 12-month windows.
CARRIER_WITH = frozenset({*PRICE_LIST_KEYS, *LOST_CAUSE_KEYS})


def with_review_carriers(
    review: pd.DataFrame, status: pd.DataFrame | None, pace_warn: float
) -> pd.DataFrame:
    """The Review rows with each rep's revenue row behind pace as the flag judges it (its
    attainment to date below ``pace_warn``, PaceWarn) naming the account that carries his
    gap (``gap_carrier``: the behind-pace flag's words, trial 40 M1) in its ``detail``; not
    where that detail tells of another book (a handover, a move, a rep who left:
    ``CARRIER_WITH``). A copy; the rows as they are when none is found. (A rep a few per
    cent short is no account's doing: on the sample every rep behind target had an account
    whose fall was half his small gap.)"""
    if status is None or not len(review) or "detail" not in review.columns:
        return review
    out = review
    revenue = (review["kpi"] == "revenue").to_numpy() & (review["rep"] != TEAM).to_numpy()
    for i in np.flatnonzero(revenue):
        at = review.index[i]
        detail = review.at[at, "detail"]
        detail = detail if isinstance(detail, dict) else {}
        gap = float(pd.to_numeric(review.at[at, "contribution"], errors="coerce"))
        pace = float(pd.to_numeric(review.at[at, "attainment"], errors="coerce"))
        if not set(detail) <= CARRIER_WITH or not (np.isfinite(gap) and gap < 0):
            continue
        if not (np.isfinite(pace) and pace < pace_warn):
            continue
        found = gap_carrier(status, str(review.at[at, "rep"]), -gap)
        if found:
            out = out.copy() if out is review else out
            out.at[at, "detail"] = {**detail, **found}
    return out


# The flags a handover moves by itself (``_handover_judged``): the 12-month retention and
# the unit price compare the rep's book across the handover.
HANDOVER_BLIND = ("retention_worsening", *PRICE_CODES)
# The behind-pace advice keys that coach the rep (``_lever_advice``): none when the handover
# is the cause.
ADVICE_KEYS = (
    "lever",
    "lever_actual",
    "lever_target",
    "contribution",
    "best_rep",
    "best_value",
    *DAYS_ALIKE_KEYS,
    *ASSUMPTION_KEYS,
    *LOST_CAUSE_KEYS,
)


def _handover_judged(
    rows: list[dict[str, object]],
    ev: Evidence,
    attainment: pd.DataFrame,
    review: pd.DataFrame | None,
) -> list[dict[str, object]]:
    """The rep flags of the reps whose book changed materially in the year (module doc,
    ``behind_pace``): no retention or unit-price flag from a month the handover reached, and
    a behind-pace flag on the handover unless he is behind on his own book too."""
    if review is None or not len(review):
        return rows
    every = book_changes(records(review), attainment, ev.settings.plan_year)
    changed = {rep: c for rep, c in every.items() if c.material and c.since is not None}
    if not changed:
        return rows
    out = []
    for row in rows:
        change = changed.get(str(row["rep"]))
        if change is None or change.since is None:
            out.append(row)
            continue
        code, p = row["code"], row["params"]
        if code in HANDOVER_BLIND:  # unless its months end before the handover
            if pd.Period(change.since, freq="M") > pd.Period(str(row["period"]), freq="M"):
                out.append(row)
            continue
        if code != "behind_pace" or not isinstance(p, dict):
            out.append(row)
            continue
        # The revenue on his own book; the visits on the accounts he kept when the flag is
        # on them already (``_kept_visits``), else unknown: the handover's.
        own = change.own if row["kpi"] == "revenue" else math.nan
        if row["kpi"] != "revenue" and "booked_pace" in p:
            own = float(p["pace"])  # type: ignore[arg-type]
        if np.isfinite(own) and own < ev.settings.pace_warn:
            if "booked_pace" not in p:  # said as booked: the handover beside it
                row = {**row, "params": {**p, **_handover_params(change, row["kpi"])}}
            out.append(row)
            continue
        kept = {k: v for k, v in p.items() if k not in ADVICE_KEYS and k != "booked_pace"}
        if "booked_pace" in p:  # the kept-book numbers are the pace he is not behind on
            continue
        params = {**kept, **_handover_params(change, row["kpi"])}
        out.append({**row, "severity": "info", "params": params})
    out += _takers_behind(rows, ev, attainment, review, changed)
    return out


def _takers_behind(
    rows: list[dict[str, object]],
    ev: Evidence,
    attainment: pd.DataFrame,
    review: pd.DataFrame,
    changed: dict[str, BookChange],
) -> list[dict[str, object]]:
    """The mirror case: a rep ahead as booked only for the accounts he took over (his own
    book behind PaceWarn) gets the behind-pace flag on his own book, said with the
    handover, and the Review's advice for him."""
    flagged = {str(r["rep"]) for r in rows if r["code"] == "behind_pace" and r["kpi"] == "revenue"}
    fy = fiscal_label(ev.settings.plan_year)
    year = attainment[(attainment["period"] == fy) & (attainment["kpi"] == "revenue")]
    target = dict(zip(year["rep"].astype(str), year["target"].astype(float), strict=True))
    out = []
    advice = records(review)
    warn, crit = ev.settings.pace_warn, ev.settings.pace_critical
    for rep, change in sorted(changed.items()):
        if rep in flagged or not change.taken or change.basis not in ("own", "kept"):
            continue
        own, booked = change.own, change.booked
        if not (np.isfinite(own) and own < warn and np.isfinite(booked) and booked >= warn):
            continue
        share = change.given_share if change.basis == "kept" else 0.0
        full = (1 - share) * target.get(rep, np.nan)
        out.append(
            _flag(
                "critical" if own < crit else "warn",
                "behind_pace",
                "revenue",
                rep,
                fy,
                pace=own,
                actual=own * _own_due(change, attainment, fy, share),
                forecast=own * full,
                target=full,
                booked_pace=booked,
                **_handover_params(change, "revenue"),
                **_lever_advice(advice, rep, "revenue", _examples(ev)),
            )
        )
    return out


def _own_due(change: BookChange, attainment: pd.DataFrame, fy: str, share: float) -> float:
    """His revenue target to date on his own book (the whole, less the given share)."""
    hit = attainment[
        (attainment["period"] == fy)
        & (attainment["kpi"] == "revenue")
        & (attainment["rep"] == change.rep)
    ]
    return (1 - share) * float(hit["target_to_date"].iloc[0]) if len(hit) else np.nan


def _handover_params(change: BookChange, kpi: object) -> dict[str, object]:
    """A behind-pace flag's words on the handover (render: ``flag.behind_pace_handover``)."""
    out: dict[str, object] = {
        "handover": change.since.isoformat() if change.since else "",
        "given": change.given,
        "taken": change.taken,
    }
    if kpi == "revenue" and np.isfinite(change.own):
        out |= {"own": change.own, "basis": change.basis}
        if change.before_months:
            out["months"] = [change.before_months[0], change.before_months[-1]]
    return out


def _kept_books(review: list[dict[str, object]]) -> dict[str, tuple[float, float, float, int]]:
    """rep → (revenue target to date, revenue, share of the target, accounts) without the
    accounts handed over during the year: the Review's ``revenue_kept`` row (core.review
    ``handed_over``), for the reps with a part of their target left to judge it on."""
    out = {}
    for row in review:
        detail = row.get("detail")
        # core.review.KEPT (review imports the engine, which imports this module)
        if row["kpi"] != "revenue_kept" or not isinstance(detail, dict):
            continue
        due, share = float(row["target_ytd"]), float(detail.get("share", np.nan))
        if np.isfinite(due) and due > 0 and np.isfinite(share):
            accounts = int(detail.get("accounts", 0))
            out[str(row["rep"])] = (due, float(row["actual_ytd"]), share, accounts)
    return out


def _kept_visits(
    history: History, ev: Evidence, givers: set[str]
) -> dict[str, tuple[float, float]]:
    """giver → (his visits in the plan year up to the as-of date on the accounts he handed
    over, their share of his baseline visits), for the givers of ``_kept_books``. Read from
    the visit lines (kind visit, as the visits KPI counts); none in a compact history, whose
    Review has no kept book either."""
    handover, visits = history.handover, history.visits
    if handover is None or not len(visits) or not ev.baseline_months:
        return {}
    given: dict[str, set[str]] = {}
    for account, _holder, previous, _day in handover.taken_over:
        if previous in givers:
            given.setdefault(previous, set()).add(account)
    v = visits[(visits["kind"] == "visit").to_numpy() & visits["rep"].astype(str).isin(given)]
    if not len(v):
        return {}
    dates = v["date"].to_numpy(dtype="datetime64[ns]")
    base_from = min(ev.baseline_months).start_time.to_datetime64()
    base_to = max(ev.baseline_months).end_time.to_datetime64()
    in_base = (dates >= base_from) & (dates <= base_to)
    year_start = ev.plan_months[0].start_time.to_datetime64()
    in_year = (dates >= year_start) & (dates <= pd.Timestamp(ev.as_of).to_datetime64())
    rep = v["rep"].astype(str).to_numpy()
    account = v["account"].astype(str).to_numpy()
    out = {}
    for giver, accounts in given.items():
        mine = rep == giver
        moved = np.isin(account, list(accounts))
        base_all = int(np.count_nonzero(mine & in_base))
        if base_all:
            share = np.count_nonzero(mine & in_base & moved) / base_all
            out[giver] = (float(np.count_nonzero(mine & in_year & moved)), float(share))
    return out


class _RepFacts:
    """One rep's (or the team's) monthly facts as plain arrays: month → position, and a
    column's values by position (``ev.facts.xs(rep, level="rep")`` without a pandas lookup
    per month: the flags read a few hundred cells)."""

    def __init__(
        self, months: list[pd.Period], table: np.ndarray, at: dict[str, int], rows: np.ndarray
    ) -> None:
        self.where: dict[pd.Period, int] = {m: i for i, m in enumerate(months)}
        self._table, self._at, self._rows = table, at, rows
        self._columns: dict[str, np.ndarray] = {}

    def column(self, name: str) -> np.ndarray:
        """The column as floats (made once)."""
        if name not in self._columns:
            self._columns[name] = self._table[self._rows, self._at[name]]
        return self._columns[name]


def _facts_by_rep(facts: pd.DataFrame) -> dict[object, _RepFacts]:
    """Every rep's facts (the team's too): each rep's rows in their order, as ``xs`` gives
    them, read from one float array of the facts (a frame per rep through ``groupby`` and
    ``droplevel`` cost ~0.4 ms a rep; the floats are the same)."""
    codes, reps = pd.factorize(facts.index.get_level_values("rep"))
    months = facts.index.get_level_values("month").tolist()
    table = facts.to_numpy(dtype=float)
    at = {str(c): j for j, c in enumerate(facts.columns)}
    # Each rep's row positions in row order: a stable sort of the codes groups them.
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(len(reps) + 1))
    out: dict[object, _RepFacts] = {}
    for i, rep in enumerate(reps.tolist()):
        rows = order[bounds[i] : bounds[i + 1]]
        out[rep] = _RepFacts([months[r] for r in rows.tolist()], table, at, rows)
    return out


# Per rep: month → position, and the revenue and orders columns of its facts.
_Sums = dict[str, tuple[dict[pd.Period, int], np.ndarray, np.ndarray]]


def _rep_sums(ev: Evidence, by_rep: dict[object, _RepFacts] | None = None) -> _Sums:
    """Each rep's revenue and orders by month as arrays, taken from the facts once."""
    by_rep = _facts_by_rep(ev.facts) if by_rep is None else by_rep
    out: _Sums = {}
    for r in ev.reps:
        f = by_rep[r]
        out[r] = (f.where, f.column("revenue"), f.column("orders"))
    return out


def _span_sum(values: np.ndarray, where: dict[pd.Period, int], span: list[pd.Period]) -> float:
    """Σ over the span's months, a month outside the facts or NaN counting 0 (as a pandas
    reindex + sum: the same additions in the same order)."""
    picked = np.array([values[where[m]] if m in where else np.nan for m in span], dtype=float)
    return np.where(np.isnan(picked), 0.0, picked).sum()


def _prices(
    sums: _Sums, reps: list[str], rep: str, spans: list[list[pd.Period]], weights: pd.Series
) -> np.ndarray:
    """Unit price (revenue ÷ orders) over each span; the team's at the baseline's rep mix
    (catalog), so a shift of orders toward cheaper reps is not a falling price."""

    def own(r: str) -> list[float]:
        where, revenue, orders = sums[r]
        out = []
        for span in spans:
            rev, n = _span_sum(revenue, where, span), _span_sum(orders, where, span)
            out.append(rev / n if n > 0 else np.nan)
        return out

    if rep != TEAM:
        return np.array(own(rep), dtype=float)
    frame = pd.DataFrame({r: own(r) for r in reps}).T
    return team_at_mix(frame, weights).to_numpy(dtype=float)


def _usual_price_levels(ev: Evidence, months: list[pd.Period]) -> np.ndarray:
    """Each month's usual unit price ÷ the year's (the team's pattern over the full fiscal
    years, ``Evidence.ratio_seasonality``); all 1.0 without such a year."""
    pattern = ev.ratio_seasonality.get("unit_price")
    if pattern is None or len(pattern) != 12:
        return np.ones(len(months))
    start = ev.settings.fiscal_start_month
    return np.array([pattern[(m.month - start) % 12] for m in months], dtype=float)


def _held_sums(
    history: History | None, ev: Evidence, sums: _Sums, first: pd.Period
) -> tuple[_Sums, dict[str, list[str]]]:
    """``sums`` without the accounts that ended from ``first`` to the as-of date, and those
    accounts' names by rep (empty: none ended, or no Accounts dates to tell).

    The year-on-year price is judged on the accounts still held when that reads a smaller
    drop (``_unit_price_flags``): a chain of big slips lost
    (trial 22: ベルマート, 57% of a rep's book) lowers the booked price by −29% with no
    discount given, and the lost accounts have their own flag and Plan line.
    """
    if history is None or not len(history.accounts):
        return sums, {}
    ended = ended_between(history, first.start_time.date(), ev.as_of)
    if not len(ended):
        return sums, {}
    ids = ended.index.tolist()  # not the index itself: iterating it boxes each text
    accounts = set(map(str, ids))
    # The evidence's read of the accounts ended since the baseline began, when it was of
    # these rows (core.review reads it so too).
    table = ended_months_from(ev.ended, history, accounts, ev.as_of)
    if table is None or not len(table):
        return sums, {}
    out: _Sums = {r: (w, rev.copy(), n.copy()) for r, (w, rev, n) in sums.items()}
    lost: dict[str, dict[str, float]] = {}  # rep → account name → revenue left out
    name_of = dict(zip(ids, ended["name"].tolist(), strict=True)) if "name" in ended else {}
    # The rows from ``first`` on with a revenue or an order (NaN counts as one), as arrays;
    # each rep's months by ordinal. Then row by row in the table's order, as before: the
    # same subtractions in the same order, the names in the order they come.
    month = pd.PeriodIndex(table["month"], freq="M").asi8
    revenue = table["revenue"].to_numpy(dtype=float)
    orders = table["orders"].to_numpy(dtype=float)
    rows = np.flatnonzero((month >= first.ordinal) & ((revenue != 0) | (orders != 0)))
    at_of = {r: {m.ordinal: i for m, i in w.items()} for r, (w, _, _) in out.items()}
    for rep, ordinal, account, amount, count in zip(
        table["rep"].astype(str).to_numpy(dtype=object)[rows].tolist(),
        month[rows].tolist(),
        table["account"].astype(str).to_numpy(dtype=object)[rows].tolist(),
        revenue[rows].tolist(),
        orders[rows].tolist(),
        strict=True,
    ):
        if rep not in out:
            continue
        at = at_of[rep].get(ordinal)
        if at is None:
            continue
        _, rev, n = out[rep]
        rev[at] -= amount
        n[at] -= count
        name = name_of.get(account)
        label = str(name) if isinstance(name, str) and name else account
        mine = lost.setdefault(rep, {})
        mine[label] = mine.get(label, 0.0) + amount
    # Largest first: the message names the first (a chain's biggest store) and counts the rest.
    names = {r: sorted(m, key=lambda a: (-m[a], a)) for r, m in lost.items()}
    return out, names


def _unit_price_flags(
    ev: Evidence,
    months: list[pd.Period],
    by_rep: dict[object, _RepFacts] | None = None,
    history: History | None = None,
) -> list[dict[str, object]]:
    """The unit-price flags (module doc); the year-on-year drop on the accounts still held
    when accounts ended since the year-ago months began (``_held_sums``)."""
    if len(months) < STREAK_MONTHS + 1:
        return []
    out = []
    last = months[-STREAK_MONTHS:]
    year_ago = [m - 12 for m in last]
    weights = ev.mix_weights["unit_price"]
    sums = _rep_sums(ev, by_rep)
    held, gone = _held_sums(history, ev, sums, year_ago[0])
    streak_months = months[-(STREAK_MONTHS + 1) :]
    usual = _usual_price_levels(ev, streak_months)
    base = (streak_months, last, year_ago, usual)
    # With a quantity on every line, the price per unit over the same months (trial 37 M4: a
    # heating-oil round's price per litre fell with the market; "discounts, smaller lots" was
    # the wrong advice for that part).
    per_unit = quantity_covers(ev.facts, months[-UNIT_MONTHS:], least=UNIT_MONTHS - STREAK_MONTHS)
    lfl: dict[tuple[tuple[pd.Period, ...], tuple[pd.Period, ...]], float] = {}
    for rep in [*ev.reps, TEAM]:
        streak_months, last, year_ago, usual = base
        if rep != TEAM and ev.calendar.has_leave(rep):
            # Judged on the months he worked: a month mostly on leave is no price of his.
            worked = ev.calendar.present_months(rep, months)
            if len(worked) < STREAK_MONTHS + 1:
                continue
            streak_months, last = worked[-(STREAK_MONTHS + 1) :], worked[-STREAK_MONTHS:]
            year_ago, usual = [m - 12 for m in last], _usual_price_levels(ev, streak_months)
        price = _prices(sums, ev.reps, rep, [[m] for m in streak_months], weights)
        # Against each month's usual level: Sep → Oct → Nov after a summer peak falls every
        # year, and a rep up 10% on last year is not declining for following it.
        level = price / usual
        streak = bool(np.all(np.diff(level) < 0)) and level[-1] <= level[0] * (1 - STREAK_MIN_DROP)
        fall = -math.log(level[-1] / level[0])
        yoy = _yoy(sums, ev.reps, rep, last, year_ago, weights)
        lost = [n for r, ns in gone.items() if r == rep or rep == TEAM for n in ns]
        extra: dict[str, object] = {}
        if lost:
            kept = _yoy(held, ev.reps, rep, last, year_ago, weights)
            # Only the milder reading: the lost accounts may explain a drop, never make one
            # (the demo's reps lost low-priced accounts: on the rest the price read lower
            # than booked, and four reps were flagged for a drop the book did not show).
            if np.isfinite(kept) and (not np.isfinite(yoy) or kept > yoy + 0.005):
                # Said with the booked change and the accounts left out (render).
                extra = {"yoy_booked": yoy, "lost": lost}
                yoy = kept
        key = (tuple(last), tuple(year_ago))
        if key not in lfl:
            lfl[key] = like_for_like_change(history, last, year_ago)
        listed = lfl[key]
        # The price list's move, when it went the rep's way (module doc): judged without it.
        moved = price_list_moved(listed, yoy)
        judged = (1.0 + yoy) / (1.0 + listed) - 1.0 if moved else yoy
        yoy_hit = bool(np.isfinite(judged) and judged <= -YOY_DROP)
        noise = _price_noise(ev, held if extra else sums, rep, months, weights)
        if np.isfinite(noise):  # beyond the rep's own month-to-month noise (module doc)
            streak = streak and fall >= STREAK_NOISE_Z * noise * SQRT2
            yoy_hit = yoy_hit and -math.log1p(judged) >= PRICE_NOISE_Z * noise * math.sqrt(2 / 3)
        # With the year not down (no year-on-year decline), a fall the same months showed
        # before is the season, not a decline (module doc: ``SAME_MONTHS_YEARS``).
        earlier: list[float] = []
        if streak and not (np.isfinite(judged) and judged <= -YOY_DROP):
            earlier = _earlier_falls(sums, ev, rep, streak_months, usual, weights)
            streak = not earlier or fall > max(earlier)
        if moved:
            extra = {**extra, "price_list": listed, "yoy_net": judged}
            if rep == TEAM:  # the month it took effect, for Settings (trial 48 L8)
                extra.update(list_move_words(history, ev, last, year_ago, listed))
        # The team's price fell only by the price list: one info flag saying so.
        list_only = rep == TEAM and moved and not (streak or yoy_hit)
        if streak and earlier:  # said beside the same months' largest fall before
            extra = {**extra, "streak_fall": math.expm1(-fall)}
            extra.update(earlier_fall=math.expm1(-max(earlier)), earlier_years=len(earlier))
        if streak or yoy_hit or list_only:
            severity = "critical" if streak and yoy_hit else "warn"
            severity = "info" if list_only else severity
            # The figure the words compare: the last month of a streak still up on last
            # year, else the last three months' price (the year-on-year's own months).
            if not (streak and np.isfinite(yoy) and yoy > 0):
                price = _prices(sums, ev.reps, rep, [last], weights)
            # The price per unit; not read apart (one quantity per order), the price per order.
            unit = _unit_yoy(ev.facts, rep, last, year_ago) if per_unit else float(yoy)
            if per_unit and np.isfinite(unit):
                extra = {**extra, "unit_yoy": unit}
            if np.isfinite(listed) and np.isfinite(unit):
                # The same products' prices beside the rest: the mix (and, with the price per
                # unit not read apart, the quantity per order).
                extra["like_for_like"] = listed
                extra["mix_yoy"] = (1.0 + unit) / (1.0 + listed) - 1.0
            out.append(
                _flag(
                    severity,
                    price_code(list_only, float(yoy)),
                    "unit_price",
                    rep,
                    month_label(last[-1]),
                    streak=streak,
                    yoy=yoy,
                    price=float(price[-1]),
                    **extra,
                )
            )
    return out


SQRT2 = math.sqrt(2)
# The team's like-for-like price moved at least this much (2%) the same way as a rep's unit
# price: a price-list change for everyone (薬価改定), not the rep's selling (module doc).
PRICE_LIST_MIN = 0.02


def price_list_moved(listed: float, change: float) -> bool:
    """The like-for-like price (``listed``) moved by ``PRICE_LIST_MIN`` or more the same way
    as ``change`` (both as ratios − 1)."""
    return bool(
        np.isfinite(listed)
        and np.isfinite(change)
        and abs(listed) >= PRICE_LIST_MIN
        and np.sign(listed) == np.sign(change)
    )


def list_move_words(
    history: History | None,
    ev: Evidence,
    now: list[pd.Period],
    then: list[pd.Period],
    listed: float,
) -> dict[str, object]:
    """The month carrying the team's like-for-like move (core.price_index.main_move) as the
    flag says it: ``list_month`` ("YYYY-MM"), ``list_step`` (its change, a ratio − 1),
    ``list_before`` (months of product prices before it) and ``list_carried`` (the plan
    carries it: declared on Settings at that month, or found as a step there). Empty when
    no one month carries it."""
    table = None if history is None else history.product_months
    if table is None or not now or not then:
        return {}
    first, end = min([*now, *then]), max([*now, *then])
    span = [first + i for i in range(end.ordinal - first.ordinal + 1)]
    move = main_move(table, span, math.log1p(listed))
    if move is None:
        return {}
    revision = ev.settings.price_revision
    step = ev.lever_evidence.price_step if ev.lever_evidence is not None else None
    carried = (revision is not None and pd.Period(revision[0], freq="M") == move.month) or (
        step is not None and move.month in [m for m, _ in step.edges()]
    )
    return {
        "list_month": str(move.month),
        "list_step": float(math.expm1(move.size)),
        "list_before": move.before,
        "list_carried": bool(carried),
    }


def like_for_like_change(
    history: History | None, now: list[pd.Period], then: list[pd.Period]
) -> float:
    """The team's like-for-like price over ``now`` against ``then`` − 1: the chained index of
    core.price_index (each product against itself) averaged over each span. NaN without
    product prices, or when a month between them has no like-for-like change (too few
    products sold both months): a gap in the chain would read as no change. Each month's
    change sized as core.price_index sizes a step (``sized=True``: +12% on 60% of the
    revenue is +7.2% for the team, not the weighted median's +12%; trial 42 H2)."""
    table = None if history is None else history.product_months
    if table is None or not len(table) or not now or not then:
        return math.nan
    first, end = min([*now, *then]), max([*now, *then])
    span = [first + i for i in range(end.ordinal - first.ordinal + 1)]
    changes, _ = monthly_changes(table, span, sized=True)
    if not np.isfinite(changes[1:]).all():
        return math.nan
    level = price_index(changes)
    at = {m: i for i, m in enumerate(span)}
    mean_now = float(np.mean([level[at[m]] for m in now]))
    mean_then = float(np.mean([level[at[m]] for m in then]))
    return float(math.expm1(mean_now - mean_then))


# The months the price per unit is read over: the year-ago months through the last.
UNIT_MONTHS = 12 + STREAK_MONTHS


def _unit_yoy(
    facts: pd.DataFrame, rep: str, last: list[pd.Period], year_ago: list[pd.Period]
) -> float:
    """The rep's price per unit (revenue ÷ quantity) over ``last`` against ``year_ago``, − 1;
    NaN without a quantity in either span."""
    t = month_tables(facts, [rep], [*year_ago, *last], ["revenue", "quantity"])
    revenue = np.nan_to_num(t["revenue"].to_numpy()[:, 0])
    quantity = np.nan_to_num(t["quantity"].to_numpy()[:, 0])
    k = len(year_ago)
    then, now = quantity[:k].sum(), quantity[k:].sum()
    if then <= 0 or now <= 0:
        return math.nan
    return float((revenue[k:].sum() / now) / (revenue[:k].sum() / then) - 1.0)


def _earlier_falls(
    sums: _Sums,
    ev: Evidence,
    rep: str,
    months: list[pd.Period],
    usual: np.ndarray,
    weights: pd.Series,
) -> list[float]:
    """The fall (−log change, first month to last, each against its ``usual`` level) of the
    same ``months`` in each of the ``SAME_MONTHS_YEARS`` years before with a price in all of
    them (a rise: a negative fall): what a streak is judged against (module doc)."""
    out = []
    for years in range(1, SAME_MONTHS_YEARS + 1):
        before = [m - 12 * years for m in months]
        level = _prices(sums, ev.reps, rep, [[m] for m in before], weights) / usual
        if np.isfinite(level).all() and (level > 0).all():
            out.append(-math.log(float(level[-1] / level[0])))
    return out


def _price_noise(
    ev: Evidence, sums: _Sums, rep: str, months: list[pd.Period], weights: pd.Series
) -> float:
    """The rep's month-to-month noise of his unit price, each month against its usual level,
    as a standard deviation of one month's log price: the median size of the log change
    from one month to the next (÷ 0.6745, a normal spread's median; ÷ √2, two months in a
    change) over the last ``PRICE_NOISE_MONTHS`` months (the year-ago months to the last).
    The median: a slow trend or one real step (a big account lost) barely moves it. NaN
    with fewer than ``PRICE_NOISE_MIN_MONTHS`` months with a price."""
    span = months[-PRICE_NOISE_MONTHS:]
    level = _prices(sums, ev.reps, rep, [[m] for m in span], weights)
    level = level / _usual_price_levels(ev, span)
    ok = np.isfinite(level) & (level > 0)
    if int(ok.sum()) < PRICE_NOISE_MIN_MONTHS:
        return math.nan
    steps = np.diff(np.log(level[ok]))
    return float(np.median(np.abs(steps)) / 0.6745 / SQRT2)


def _yoy(
    sums: _Sums,
    reps: list[str],
    rep: str,
    last: list[pd.Period],
    year_ago: list[pd.Period],
    weights: pd.Series,
) -> float:
    """The unit price over ``last`` against ``year_ago`` − 1 (NaN when either is unknown)."""
    now, then = _prices(sums, reps, rep, [last, year_ago], weights)
    return now / then - 1 if np.isfinite(now) and np.isfinite(then) and then > 0 else np.nan


def _retention_12m(f: _RepFacts, months: list[pd.Period], less: int = 0) -> float:
    """1 − cancellations over the months ÷ accounts at their start (a month outside the
    facts counts as NaN, as ``reindex`` makes it); ``less``: losses left out of the count
    (a chain's exit: ``_chain_losses``)."""
    first = f.where.get(months[0])
    start = f.column("accounts_start")[first] if first is not None else np.nan
    if not (start and np.isfinite(start)):
        return np.nan
    return 1 - (_span_sum(f.column("cancellations"), f.where, months) - less) / start


def _chain_losses(
    losses: Mapping[tuple[str, pd.Period], int], rep: object, months: list[pd.Period]
) -> int:
    """How many chain-exit stores the rep (TEAM: anyone) lost in ``months``, from the
    exits' losses per (holder, month) (core.chain_exit.exit_losses)."""
    span = set(months)
    return sum(n for (r, m), n in losses.items() if (rep == TEAM or r == str(rep)) and m in span)


def _book_at(f: _RepFacts, month: pd.Period) -> float:
    """The accounts the rep held at the month's start (0 outside the facts)."""
    at = f.where.get(month)
    value = f.column("accounts_start")[at] if at is not None else np.nan
    return float(value) if np.isfinite(value) else 0.0


def _retention_flags(
    ev: Evidence,
    months: list[pd.Period],
    by_rep: dict[object, _RepFacts] | None = None,
    history: History | None = None,
    exits: Collection[ChainExit] = (),
) -> list[dict[str, object]]:
    """The retention flags (module doc): a drop in points and churn ratio, beyond chance on
    at least ``RETENTION_MIN_LOSSES`` losses; critical only when the losses matter in yen
    (``_lost_revenue_shares``; without the history, never critical). ``exits``: chain exits
    (core.chain_exit) over the two years, whose stores are left out of the losses: one
    decision of a chain's head office, flagged on its own, not a rep's retention getting
    worse (trial 40: a chain's 5 stores were one rep's 「継続率が悪化」, her only losses)."""
    if len(months) < 24:
        return []
    by_rep = _facts_by_rep(ev.facts) if by_rep is None else by_rep
    recent, prior = months[-12:], months[-24:-12]
    losses = exit_losses(list(exits))  # the chains' stores per (holder, month of the end)
    shares: dict[str, float] | None = None
    quiet = _quiet_not_lost(history, ev, recent)
    unknown = _unknown_a_year_ago(history, ev, prior)
    out = []
    for rep in [*ev.reps, TEAM]:
        f = by_rep[rep]
        chain_now, chain_then = (
            _chain_losses(losses, rep, recent),
            _chain_losses(losses, rep, prior),
        )
        now = _retention_12m(f, recent, chain_now)
        # The earlier year as it read a year ago (``_unknown_a_year_ago``): censored alike.
        chain_then += unknown.get(str(rep), 0)
        before = _retention_12m(f, prior, chain_then)
        if not (np.isfinite(now) and np.isfinite(before)):
            continue
        # Closures the lapse rule read at the window's edge that the accounts' own rhythm
        # explains (trial 47 M1): not counted lost, their part of the churn taken out too.
        explained = quiet.get(rep, 0)
        counted = round(_span_sum(f.column("cancellations"), f.where, recent)) - chain_now
        if explained and counted > 0:
            explained = min(explained, counted)
            now = 1 - (1 - now) * (counted - explained) / counted
        book_then, book_now = _book_at(f, prior[0]), _book_at(f, recent[0])
        if book_then < RETENTION_MIN_BOOK_SHARE * book_now:
            continue
        drop = before - now
        churn_ratio = (1 - now) / (1 - before) if before < 1 else np.inf
        if not (drop >= RETENTION_WARN_POINTS and churn_ratio >= RETENTION_WARN_RATIO):
            continue
        cancelled = f.column("cancellations")
        lost_now = round(_span_sum(cancelled, f.where, recent)) - chain_now - explained
        lost_then = round(_span_sum(cancelled, f.where, prior)) - chain_then
        if lost_now < RETENTION_MIN_LOSSES:
            continue
        # The two years' losses at one rate per account held at each year's start: the chance
        # that the earlier year holds as few of them (the earlier year as the "recent" count
        # of ``drop_chance``, its exposure the later book over the earlier).
        chance = float(
            drop_chance(np.array([lost_now]), np.array([lost_then]), book_now / book_then)[0]
        )
        if chance > DROP_SIGNIFICANCE:
            continue
        severity = "warn"
        if drop >= RETENTION_CRIT_POINTS and churn_ratio >= RETENTION_CRIT_RATIO:
            if shares is None:
                shares = _lost_revenue_shares(history, ev, recent, prior)
            if shares.get(rep, 0.0) >= LOST_WARN_SHARE:
                severity = "critical"
        said: dict[str, object] = {}
        for e in exits:  # left out above; the chain's own flag tells of them (trial 39 M2)
            n = _chain_losses(exit_losses([e]), rep, recent)
            if n:
                said = {"chain": e.name, "chain_lost": n}
                break
        out.append(
            _flag(
                severity,
                "retention_worsening",
                "retention_rate",
                rep,
                month_label(months[-1]),
                now=now,
                before=before,
                lost=lost_now,
                expected=lost_then * book_now / book_then,
                chance=chance,
                **said,
                **({"quiet": explained} if explained else {}),
            )
        )
    return out


def _unknown_a_year_ago(
    history: History | None, ev: Evidence, prior: list[pd.Period]
) -> dict[str, int]:
    """Per rep (and the team): the accounts of ``prior`` (the earlier 12 months) a customer
    master's lapse rule ended (``History.lapsed_ends``, dated the day after the last order:
    core.lapse, "One date for an end nobody typed") that the rule could not have known a
    year before the as-of date: its ``LAPSE_DAYS`` had not passed by then.

    The last 12 months hold only the closures the rule knows today: one not typed in their
    last half year is not known yet. Left in the earlier year, those known only later made
    it read worse than it looked a year ago, and the recent rise smaller (trial 48 with the
    new dating: 田村's losses 27 → 33, 1.18× on his book, where 25 → 38 happened): the two
    years are compared each as known at its own end. Accounts derived from the orders are
    dated on the rule's day, known when dated: none."""
    from routekpi.core.lapse import LAPSE_DAYS

    if history is None or history.accounts_derived or not history.lapsed_ends:
        return {}
    ended = ended_between(history, prior[0].start_time.date(), prior[-1].end_time.date())
    ended = ended[ended.index.astype(str).isin(history.lapsed_ends)]
    if not len(ended):
        return {}
    known_by = pd.Timestamp(ev.as_of) - pd.DateOffset(years=1)
    # Dated the day after the last order: known ``LAPSE_DAYS`` after that order.
    known = pd.to_datetime(ended["end"]) + pd.Timedelta(days=LAPSE_DAYS - 1)
    reps = ended["rep"][(known > known_by).to_numpy()].astype(str)
    out = {str(k): int(v) for k, v in reps.value_counts().items()}
    out[TEAM] = len(reps)
    return out


def _quiet_not_lost(
    history: History | None, ev: Evidence, recent: list[pd.Period]
) -> dict[str, int]:
    """Per rep (and the team): the accounts ended in ``recent`` by the lapse rule, not typed
    (``chain_exit.ruled_codes``), whose silence at the as-of date their own order rhythm
    explains (``lapse.rhythm_explains``): the rule's latest window is censored — an account
    quiet 180 days at its edge looks lost though its usual gap is long, where in the earlier
    window a quiet spell that ended with an order was no closure (trial 47 M1: 39 lost, 8 of
    them typed). Empty without the raw or compact history's rhythm."""
    from routekpi.core.chain_exit import ruled_codes
    from routekpi.core.lapse import rhythm_at, rhythm_explains

    if history is None:
        return {}
    ruled = ruled_codes(history)
    if not ruled:
        return {}
    ended = ended_between(history, recent[0].start_time.date(), recent[-1].end_time.date())
    ended = ended[ended.index.astype(str).isin(ruled)]
    if not len(ended):
        return {}
    codes = sorted(str(c) for c in ended.index)
    quiet = rhythm_explains(rhythm_at(history, ev.as_of), codes, ev.as_of)
    if not quiet:
        return {}
    reps = ended["rep"][ended.index.astype(str).isin(quiet)].astype(str)
    out = {str(k): int(v) for k, v in reps.value_counts().items()}
    out[TEAM] = len(reps)
    return out


def _lost_revenue_shares(
    history: History | None, ev: Evidence, recent: list[pd.Period], prior: list[pd.Period]
) -> dict[str, float]:
    """Per rep (and the team): the revenue over ``prior`` of the accounts that ended in
    ``recent`` (their holder on Accounts), as a share of the rep's revenue over ``prior``;
    empty without the history or the accounts' order amounts."""
    if history is None:
        return {}
    ended = ended_between(history, recent[0].start_time.date(), recent[-1].end_time.date())
    if not len(ended):
        return {}
    table = account_months(history, set(ended.index), ev.as_of)
    if table is None:
        return {}
    cols = [m for m in table.columns if m in set(prior)]
    by_account = table[cols].sum(axis=1) if cols else pd.Series(0.0, index=table.index)
    rep_of = ended["rep"].astype(str)
    lost = by_account.groupby(rep_of.reindex(by_account.index)).sum()
    revenue = ev.facts["revenue"]
    months = revenue.index.get_level_values("month").isin(prior)
    base = revenue[months].groupby(level="rep").sum()
    out: dict[str, float] = {}
    for rep, value in [*lost.items(), (TEAM, float(lost.sum()))]:
        total = float(base.get(rep, 0.0))
        if total > 0:
            out[str(rep)] = float(value) / total
    return out


def _churn_spike_flags(
    ev: Evidence,
    months: list[pd.Period],
    by_rep: dict[object, _RepFacts] | None = None,
    told: dict[tuple[str, pd.Period], int] | None = None,
    history: History | None = None,
) -> list[dict[str, object]]:
    """The churn spikes (module doc): a month of the last ``SPIKE_MONTHS`` complete ones whose
    cancellations chance is unlikely to give at the rep's usual rate on his book that month
    (``spike_chance`` ≤ ``SPIKE_SIGNIFICANCE``). ``told``: the losses a chain exit's own flag
    tells of, per (rep, month), left out of the month's count; so are the lapse rule's
    closures the account's own order rhythm explains (``_quiet_by_month``, the retention
    flag's rule)."""
    told = dict(told or {})
    window, usual = months[-SPIKE_MONTHS:], months[:-SPIKE_MONTHS]
    for key, n in _quiet_by_month(history, ev, window).items():
        told[key] = told.get(key, 0) + n
    moves, unknown = _known_moves(history, ev, window)
    for key, n in moves.items():  # counted in the month known (< 0: added there)
        told[key] = told.get(key, 0) + n
    reps = ev.facts[ev.facts.index.get_level_values("rep") != TEAM]
    hist = reps[reps.index.get_level_values("month").isin(usual)]
    if int((hist["accounts_start"] >= 3).sum()) < SPIKE_MIN_REP_MONTHS:
        return []
    by_rep = _facts_by_rep(ev.facts) if by_rep is None else by_rep
    team_lost, team_held = _usual_churn(by_rep[TEAM], usual) if TEAM in by_rep else (0.0, 0.0)
    if team_held <= 0:
        return []
    # Never a rate of zero: a history without a cancellation reads as one over it.
    team_rate = max(team_lost, 1.0) / team_held
    # Accounts derived from orders: a recent month's losses still include the customers who
    # will order again, whom the older months, read in hindsight, no longer count as lost.
    # Compared like with like, the usual rate is raised by the usual share of them.
    back = ev.return_share if math.isfinite(ev.return_share) else 0.0
    out = []
    for rep in ev.reps:
        f = by_rep[rep]
        lost_before, held_before = _usual_churn(f, usual)
        own = lost_before / held_before if held_before > 0 else 0.0
        rate = max(own, team_rate)
        starts, cancelled = f.column("accounts_start"), f.column("cancellations")
        for m in window:
            at = f.where[m]  # every rep has a row for each month of the facts
            # The book as it was known then: with the accounts ended before the month that
            # the rule knew only later (``_known_moves``).
            start = float(starts[at]) + unknown.get((str(rep), m), 0)
            lost = max(float(cancelled[at]) - told.get((str(rep), m), 0), 0.0)
            if not (start > 0 and lost >= SPIKE_MIN_CANCELLATIONS):
                continue
            expected = rate * start / (1 - back) if back < 1 else math.inf
            chance = spike_chance(expected, round(lost))
            if chance > SPIKE_SIGNIFICANCE:
                continue
            params: dict[str, object] = {
                "churn": lost / start,
                "cancellations": round(lost),
                "book": start,
                "rate": rate,
                "whose": "own" if own >= team_rate else "team",
                "expected": expected,
                "chance": chance,
            }
            if back > 0:
                params["returning"] = back
            out.append(_flag("warn", "churn_spike", "churn_rate", rep, month_label(m), **params))
    return out


def _known_moves(
    history: History | None, ev: Evidence, window: list[pd.Period]
) -> tuple[dict[tuple[str, pd.Period], int], dict[tuple[str, pd.Period], int]]:
    """Per (holder, month) in ``window``: the customer master's lapse-rule ends
    (``History.lapsed_ends``) to count in the month the rule knew them rather than the month
    they are dated — +1 off the month of the end, −1 onto the month known. Dated the day
    after the last order (core.lapse, "One date for an end nobody typed"), a closure is known
    ``LAPSE_DAYS`` later (by the as-of date at the latest): read by its date a churn spike
    of closures nobody typed would always lie behind the last ``SPIKE_MONTHS`` months
    (test_fix48_churn_rhythm: five buyers silent since 2026-04-03, known 2026-09-30: a
    September spike, as it read when such closures were dated on the rule's day). Second,
    per (holder, month): those ended before the month but known only from it on, still in
    the book held at its start as known then (25 held in September, not 20). Those whose
    own rhythm explains the silence are left to ``_quiet_by_month``. Accounts derived from
    the orders are dated on the rule's day: none."""
    from routekpi.core.lapse import rhythm_at, rhythm_explains

    none: tuple[dict[tuple[str, pd.Period], int], dict[tuple[str, pd.Period], int]] = ({}, {})
    seen = lapse_known(history, ev.as_of) if window else None
    if seen is None or history is None:
        return none
    # The same closures in the same months as the running year's losses (measure.known_losses).
    codes, reps, end_m, known_m = seen
    span = set(window)
    hit = (end_m != known_m) & (np.isin(end_m, list(span)) | (known_m >= window[0]))
    if not hit.any():
        return none
    codes, reps, end_m, known_m = codes[hit], reps[hit], end_m[hit], known_m[hit]
    quiet = rhythm_explains(rhythm_at(history, ev.as_of), sorted(codes), ev.as_of)
    out: dict[tuple[str, pd.Period], int] = {}
    held: dict[tuple[str, pd.Period], int] = {}
    for code, rep, was, now in zip(codes, reps, end_m, known_m, strict=True):
        if code in quiet:
            continue
        if was in span:
            out[(rep, was)] = out.get((rep, was), 0) + 1
        if now in span:
            out[(rep, now)] = out.get((rep, now), 0) - 1
        for m in window:  # ended before the month, known from it on: held at its start
            if was < m <= now:
                held[(rep, m)] = held.get((rep, m), 0) + 1
    return out, held


def _quiet_by_month(
    history: History | None, ev: Evidence, window: list[pd.Period]
) -> dict[tuple[str, pd.Period], int]:
    """Per (holder, month of its end) in ``window``: the accounts the lapse rule ended (not
    typed) whose silence at the as-of date their own order rhythm explains (at least 5 order
    days, silent no longer than 6 usual gaps or twice the longest: ``lapse.rhythm_explains``,
    as ``_quiet_not_lost`` for the retention flag). No churn spike of them (trial 47 M2:
    鈴木's 「月初 49件中 解約 3件」 in November were occasional buyers quiet 180 days)."""
    from routekpi.core.chain_exit import ruled_codes
    from routekpi.core.lapse import rhythm_at, rhythm_explains

    if history is None or not window:
        return {}
    ruled = ruled_codes(history)
    if not ruled:
        return {}
    ended = ended_between(history, window[0].start_time.date(), window[-1].end_time.date())
    ended = ended[ended.index.astype(str).isin(ruled)]
    if not len(ended):
        return {}
    codes = sorted(str(c) for c in ended.index)
    quiet = rhythm_explains(rhythm_at(history, ev.as_of), codes, ev.as_of)
    hit = ended[ended.index.astype(str).isin(quiet)]
    out: dict[tuple[str, pd.Period], int] = {}
    for rep, end in zip(hit["rep"].astype(str), pd.to_datetime(hit["end"]), strict=True):
        key = (rep, pd.Period(end, freq="M"))
        out[key] = out.get(key, 0) + 1
    return out


# A chain exit is flagged while it is this year's news: from the fiscal year's start, and
# at least this many days back (an exit in last year's final quarter, early in the new year).
CHAIN_RECENT_DAYS = 92


def _chain_exits(history: History, ev: Evidence) -> list[ChainExit]:
    """The chain exits (core.chain_exit) that began this fiscal year or lately."""
    start = ev.settings.fiscal_start_month
    year = fiscal_months(fiscal_year_of(ev.as_of, start), start)
    since = min(year[0].start_time.date(), ev.as_of - timedelta(days=CHAIN_RECENT_DAYS))
    return chain_exits_of(history, since, ev.as_of)


def _chain_exit_flags(
    history: History, ev: Evidence, exits: list[ChainExit]
) -> list[dict[str, object]]:
    """``chain_exit``: one flag per chain exit (core.chain_exit), its yen the chain's revenue
    over the 12 months before its first end; critical when that is ``LOST_WARN_SHARE`` of
    the team's revenue over them (the rule for one lost account)."""
    out = []
    team = ev.facts.xs(TEAM, level="rep")["revenue"] if len(ev.facts) else pd.Series(dtype=float)
    for e in exits:
        month = pd.Period(e.first, freq="M")
        before = [month - k for k in range(12, 0, -1)]
        table = account_months(history, set(e.accounts), ev.as_of)
        revenue = math.nan
        if table is not None:
            revenue = float(table[[m for m in before if m in table.columns]].to_numpy().sum())
        whole = float(team[team.index.isin(before)].sum())
        share = revenue / whole if whole > 0 and math.isfinite(revenue) else math.nan
        severity = "critical" if share >= LOST_WARN_SHARE else "warn"
        out.append(
            _flag(
                severity,
                "chain_exit",
                "churn_rate",
                TEAM,
                month_label(month),
                name=e.name,
                typed=e.typed,
                accounts=len(e.accounts),
                live=e.live,
                reps=len(set(e.reps)),
                # Each holder's stores of it: a rep's copy shows the flag to these only.
                holders={r: e.reps.count(r) for r in dict.fromkeys(e.reps)},
                first=e.first.isoformat(),
                last=e.last.isoformat(),
                revenue=revenue,
                share=share,
            )
        )
    return out


def _folded(
    lost: list[dict[str, object]], exits: list[ChainExit], chains: list[dict[str, object]]
) -> list[dict[str, object]]:
    """``lost`` (the ``lost_account`` rows) without a chain exit's stores: the chain's one
    flag names them and their count (trial 40: 35 store flags beside the chain's). Each
    chain flag (``chains``, in ``exits``' order) counts its stores folded (``folded``)."""
    if not exits:
        return lost
    out = []
    folded = [0] * len(exits)
    stores = [set(e.accounts) for e in exits]
    for row in lost:
        at = next((i for i, s in enumerate(stores) if str(row["account"]) in s), None)
        if at is None:
            out.append(row)
        else:
            folded[at] += 1
    for row, n in zip(chains, folded, strict=True):
        row["params"]["folded"] = n  # type: ignore[index]
    return out


def _usual_churn(f: _RepFacts, months: list[pd.Period]) -> tuple[float, float]:
    """(cancellations, accounts held at the months' starts) summed over ``months``: the
    usual rate's count and exposure in account-months (months outside the facts, or NaN,
    count 0)."""
    return (
        _span_sum(f.column("cancellations"), f.where, months),
        _span_sum(f.column("accounts_start"), f.where, months),
    )


def spike_chance(expected: float, count: int) -> float:
    """The Poisson tail P(X ≥ count) for X ~ Poisson(expected): the chance that a month at
    the usual rate brings ``count`` or more cancellations. 0.6 expected, 3 or more:
    1 − e^−0.6 (1 + 0.6 + 0.18) = 2.3%; 0.02 expected, 2 or more: 0.02%."""
    if count <= 0:
        return 1.0
    if not math.isfinite(expected):
        return 1.0
    if expected <= 0:
        return 0.0
    # Each term in logs (e^(−λ + j·ln λ − ln j!)): λ^j ÷ j! overflows a float from j ≈ 171
    # (a rep losing 200 accounts in a month), and e^−λ underflows to 0 from λ ≈ 745.
    log_rate = math.log(expected)
    below = math.fsum(math.exp(-expected + j * log_rate - math.lgamma(j + 1)) for j in range(count))
    return min(1.0, max(0.0, 1.0 - below))


class Workdays:
    """Working days of the company calendar (``BusinessCalendar``: weekends, national and
    company holidays) counted for many days at once with NumPy's business-day functions.

    ``through(d)``: working days from a fixed origin up to and including ``d``, so the working
    days in (a, b] are ``through(b) - through(a)`` (a Friday to the Monday after: 1). National
    holidays are known for the years of ``first`` … ``last`` (and one either side).
    """

    ORIGIN = np.datetime64("2000-01-03", "D")

    def __init__(self, calendar: BusinessCalendar, first: date, last: date) -> None:
        years = range(first.year - 1, last.year + 2)
        off = sorted(set(calendar.company_holidays).union(*map(calendar.national_closed, years)))
        self._cal = np.busdaycalendar(
            weekmask=weekmask(calendar.weekdays), holidays=np.array(off, dtype="datetime64[D]")
        )
        # One day at a time (the scheduler's visits): a few hundred distinct days, each once.
        self._through: dict[date, int] = {}
        self._roll: dict[date, date] = {}

    def through(self, days: np.ndarray) -> np.ndarray:
        """Working days from the origin through each day (``datetime64[D]`` values)."""
        return np.busday_count(self.ORIGIN, days + np.timedelta64(1, "D"), busdaycal=self._cal)

    def through_day(self, day: date) -> int:
        """``through`` of one day."""
        known = self._through.get(day)
        if known is None:
            known = self._through[day] = int(self.through(np.array([day], "datetime64[D]"))[0])
        return known

    def roll(self, days: np.ndarray) -> np.ndarray:
        """Each day, or the first working day after it when it is not one."""
        return np.busday_offset(days, 0, roll="forward", busdaycal=self._cal)

    def roll_day(self, day: date) -> date:
        """``roll`` of one day."""
        known = self._roll.get(day)
        if known is None:
            rolled = self.roll(np.array([day], dtype="datetime64[D]"))[0]
            known = self._roll[day] = rolled.astype(object)
        return known


def calendar_of(history: History) -> BusinessCalendar:
    """The company calendar of a history (its Holidays rows), as the evidence builds it."""
    hol = history.holidays
    return BusinessCalendar(
        frozenset(d.date() for d in hol["date"].dropna()) if len(hol) else frozenset(),
        leave_spans(history.leave),
        history.weekdays,
    )


def neglect_deadline(last: np.ndarray, usual: np.ndarray, clock: Workdays) -> np.ndarray:
    """The last day an account is not yet neglected: ``NEGLECT_FACTOR`` times its usual
    interval (whole days, at least ``NEGLECT_MIN_DAYS``) after its last visit, moved to the
    next working day when that is a weekend or holiday.
    ``last``: day numbers (days since 1970-01-01); NaN rows give NaN."""
    ok = np.isfinite(last) & np.isfinite(usual) & (usual > 0)
    out = np.full(len(last), np.nan)
    if ok.any():
        wait = np.maximum(np.floor(NEGLECT_FACTOR * usual[ok]), NEGLECT_MIN_DAYS)
        day = (last[ok] + wait).astype("datetime64[D]")
        out[ok] = clock.roll(day).astype(np.int64)
    return out


def account_status(
    history: History,
    as_of: date,
    contact_through: date | None = None,
    calendar: BusinessCalendar | None = None,
) -> pd.DataFrame:
    """Every live account as of ``as_of``: visit rhythm, orders trend, at-risk verdicts.

    One row per account (index), columns: rep, name, start, lat, lon, last_visit (Timestamp or
    NaT), usual (median days between visits; NaN with fewer than MIN_VISITS_FOR_INTERVAL
    visits or spanning fewer than MIN_INTERVAL_SPAN_DAYS), days (days since the last visit),
    recent / prior (orders in the last 12 months and the 12 before), change (recent ÷ prior
    − 1), orders_recent / orders_prior (days with an order in each), chance (``drop_chance``,
    NaN where not tested), neglected, fading (the at-risk rules).
    The Daily sheet schedules from the same table the at-risk flags come from.

    ``contact_through`` (``History.contact_through``; default ``as_of``): visits up to that
    day count as contact, and the accounts live then and the days since their last visit are
    taken on that day. Visits are typed daily and orders pasted monthly: a visit typed after
    the last order happened, and an account seen yesterday is not neglected. Orders (recent,
    prior, fading) stay measured at ``as_of``. The day is kept in ``attrs["contact_through"]``.

    Neglected: the contact day is past ``neglect_deadline`` (``NEGLECT_FACTOR`` usual
    intervals, at least ``NEGLECT_MIN_DAYS``, moved off weekends and holidays of ``calendar``,
    default the history's own Holidays). Fading: the module doc's rule.
    """
    contact = max(as_of, contact_through) if contact_through is not None else as_of
    if history.facts is not None:  # visits aggregated through one contact day: that one
        contact = history.facts.contact_day if history.facts.as_of == as_of else as_of
    ts, seen = pd.Timestamp(as_of), pd.Timestamp(contact)
    acc = history.accounts
    live = acc[(acc["start"] <= seen) & (acc["end"].isna() | (acc["end"] > seen))]
    live = live.drop_duplicates("account").set_index("account")
    out = live.reindex(columns=["rep", "name", "start", "lat", "lon"]).copy()
    ids = out.index

    if history.facts is not None:
        history.facts.require(as_of, exact=True)
        usual, last_visit, recent, prior, counts = _status_from_facts(history.facts)
        last_order = _last_orders(
            history.facts.lifetimes["account"], history.facts.lifetimes["last"]
        )
    else:
        usual, last_visit, recent, prior, counts, last_order = _status_from_rows(
            history, as_of, contact
        )
    gap_days = pd.Series(dtype=float)
    if len(last_visit):
        gap_days = seen.to_datetime64().astype("datetime64[D]").astype(np.int64) - last_visit

    # Vectorised over accounts (tens of thousands at Excel's scale).
    u = usual.reindex(ids).to_numpy(dtype=float)
    g = gap_days.reindex(ids).to_numpy(dtype=float)
    before = prior.reindex(ids).fillna(0.0).to_numpy(dtype=float)
    now = recent.reindex(ids).fillna(0.0).to_numpy(dtype=float)
    last = last_visit.reindex(ids).to_numpy(dtype=float)
    calendar = calendar if calendar is not None else calendar_of(history)
    finite = last[np.isfinite(last)]
    first = (np.datetime64(int(finite.min()), "D").astype(object)) if len(finite) else contact
    clock = Workdays(calendar, min(first, contact), contact + timedelta(days=366))
    limit = neglect_deadline(last, u, clock)
    today = float(np.datetime64(contact, "D").astype(np.int64))
    n_now = counts["recent_orders"].reindex(ids).fillna(0.0).to_numpy(dtype=float)
    n_before = counts["prior_orders"].reindex(ids).fillna(0.0).to_numpy(dtype=float)
    ordered = last_order.reindex(ids.astype(str)).to_numpy(dtype=float)
    covered, whole_year = prior_covered(history, as_of)
    # A partial year before is read per covered month (its days to whole months: 3 monthly
    # orders in Apr–Jun are a year of 12, not 12.03): the keeping-up rule always, the change
    # and the fading test from ``MIN_COVERED_MONTHS`` on (module doc).
    months = 12 if whole_year else round(covered * 12 / 365)
    per_year = before * (12.0 / months) if months > 0 else before
    comparable = whole_year or months >= MIN_COVERED_MONTHS
    with np.errstate(invalid="ignore", divide="ignore"):
        # Orders keeping up without visits (module doc): ordered since the last visit, at
        # its usual rhythm up to the as-of date, and the year at least the year before.
        order_gap = np.where(n_now > 0, 365.0 / np.where(n_now > 0, n_now, 1.0), np.inf)
        recent_enough = float(np.datetime64(as_of, "D").astype(np.int64)) - ordered <= np.maximum(
            ORDER_GAP_FACTOR * order_gap, NEGLECT_MIN_DAYS
        )
        keeping_up = (
            np.isfinite(ordered)
            & (ordered > last)
            & recent_enough
            & (now > 0)
            & (now >= KEEPING_UP_SHARE * per_year)
        )
        neglected = np.isfinite(limit) & np.isfinite(g) & (today > limit) & ~keeping_up
        change = np.where(per_year > 0, now / np.where(per_year > 0, per_year, 1.0) - 1, np.nan)
    if not comparable:  # no year before to compare with (module doc): no change, no fading
        change = np.full(len(ids), np.nan)
    # Held through the compared window: from two years back, or the history's first day.
    since = ts - pd.DateOffset(years=2)
    if not whole_year and (first_day := history.first_date()) is not None:
        since = pd.Timestamp(first_day)
    started_before = (out["start"] <= since).to_numpy()
    dropped = (
        comparable
        & started_before
        & (before > 0)
        & (now <= per_year * (1 - ORDERS_DROP))
        & (n_before >= MIN_PRIOR_ORDERS)
    )
    chance = np.full(len(ids), np.nan)
    chance[dropped] = drop_chance(n_before[dropped], n_now[dropped], months / 12)
    fading = dropped & (chance <= DROP_SIGNIFICANCE)
    out["last_visit"] = pd.to_datetime(
        pd.Series(last, index=ids).where(np.isfinite(last)), unit="D"
    )
    out["usual"] = u
    out["days"] = g
    out["recent"] = now
    out["prior"] = before
    # The large orders in the same windows (core.lumps): a fall that is only a few of them
    # not coming again is no account carrying a rep's gap (``gap_carrier``).
    for col, values in _large_windows(history, as_of, ids).items():
        out[col] = values
    out["change"] = change
    out["orders_recent"] = n_now
    out["orders_prior"] = n_before
    out["chance"] = chance
    out["ordering"] = keeping_up  # orders keep up without visits: no neglect (module doc)
    out["order_silent"] = today - ordered  # days since its last order (NaN: none)
    out["neglected"] = neglected
    out["fading"] = fading
    # Neglected and silent (no visit, no order) for LONG_SILENT_TIMES its usual gap: more
    # likely closed than neglected — the flag asks to check, the Daily visits it once.
    silent = np.where(out["order_silent"].to_numpy(dtype=float) < g, out["order_silent"], g)
    out["long_silent"] = neglected & long_silent(silent, u)
    # ... and when it ordered on a steady rhythm before (``CLOSED_MIN_ORDERS`` order days in
    # the two years), probably closed: named once per rep (``probably_closed``), not an
    # at-risk account at the top of every Daily list (trial 48 M2). ``closed_days``: days
    # since it crossed that line (how recently; NaN when not probably closed).
    steady = n_now + n_before >= CLOSED_MIN_ORDERS
    closed = out["long_silent"].to_numpy(dtype=bool) & steady
    # Gone quiet (fix49a, trial 48 M2): a steady buyer neglected (no visit past the neglect
    # line) with no order since its last visit either — silent on both, under the 10× line.
    # The Daily gives it one check visit in the week it crossed the neglect line, as it
    # gives a probably closed one (core.daily ``_closed_off``); its at-risk flag stays.
    with np.errstate(invalid="ignore"):
        quiet = neglected & steady & ~closed & (out["order_silent"].to_numpy(dtype=float) >= g)
    if (closed | quiet).any():
        # Not one the lapse rule holds for its seasonal break (``season_breaks``' ``held``:
        # its season + core.lapse's margin, as the Checks say), nor one not yet past last
        # year's return (``resting``; the held wait is never shorter but for its cap).
        breaks = season_breaks(history, as_of, [str(a) for a in ids[closed | quiet]])
        on = breaks["held"].to_numpy(dtype=bool) | breaks["resting"].to_numpy(dtype=bool)
        resting = set(breaks.index[on])
        rests = np.asarray([str(a) in resting for a in ids], dtype=bool)
        closed &= ~rests
        quiet &= ~rests
    out["probably_closed"] = closed
    with np.errstate(invalid="ignore"):
        past = silent - np.maximum(LONG_SILENT_TIMES * u, LONG_SILENT_DAYS)
    out["closed_days"] = np.where(closed, past, np.nan)
    out["quiet_days"] = np.where(quiet, today - limit, np.nan)  # since the neglect line
    out.attrs["contact_through"] = contact
    if not comparable:
        first = history.first_date()
        out.attrs["history_from"] = month_label(pd.Period(first, freq="M")) if first else None
    elif not whole_year:
        out.attrs["prior_months"] = months  # the change reads them as a year
    return out


# ``account_status``' columns of the large orders (core.lumps ``lump_orders``) in its two
# 12-month windows: their yen (recent, prior) and their number.
LARGE_WINDOW_COLUMNS = ("large_recent", "large_prior", "large_recent_n", "large_prior_n")


def _large_windows(history: History, as_of: date, ids: pd.Index) -> dict[str, np.ndarray]:
    """Per account of ``ids``: its large orders' (``History.lump_orders``, whole orders of at
    least ``LUMP_RATIO`` times the slip rep's median, read the same on both paths) yen and
    count in the last 12 months and the 12 before (``order_window_bounds``); 0 without."""
    out = {c: np.zeros(len(ids)) for c in LARGE_WINDOW_COLUMNS}
    big = history.lump_orders
    if big is None or not len(big) or not len(ids):
        return out
    lo, mid, hi = order_window_bounds(as_of)
    day = pd.to_datetime(big["date"])
    keep = ((day > lo) & (day <= hi) & big["account"].notna()).to_numpy(dtype=bool)
    if not keep.any():
        return out
    late = (day > mid).to_numpy(dtype=bool)[keep]
    amount = big["amount"].to_numpy(dtype=float)[keep]
    at = pd.Index(ids.astype(str)).get_indexer(big["account"].astype(str).to_numpy()[keep])
    mine = at >= 0
    for col, rows in (("recent", late & mine), ("prior", ~late & mine)):
        out[f"large_{col}"] = np.bincount(at[rows], weights=amount[rows], minlength=len(ids))
        out[f"large_{col}_n"] = np.bincount(at[rows], minlength=len(ids)).astype(float)
    return out


def prior_covered(history: History, as_of: date) -> tuple[int, bool]:
    """(days of the 12 months before the last 12 the history covers, whether that is the
    whole year): the history's first day (``History.first_date``) against the earlier
    window of ``order_window_bounds``, ``YOY_SLACK_DAYS`` at its start forgiven.

    Trial 24 (history from 2025-09, as of 2026-12-04): the earlier window 2024-12-05 …
    2025-12-04 holds 95 days of data, so every account read "+241.7%" on the flag that said
    it had stopped ordering."""
    lo, mid, _hi = order_window_bounds(as_of)
    first = history.first_date()
    if first is None:
        return 365, True
    start = pd.Timestamp(first)
    covered = max(int((mid - max(start, lo + pd.Timedelta(days=1))).days) + 1, 0)
    return covered, start <= lo + pd.Timedelta(days=1 + YOY_SLACK_DAYS)


def _last_orders(account: pd.Series, day: pd.Series) -> pd.Series:
    """Each account's last order day (days since 1970-01-01), any line; by account code
    (``pd.factorize``): a groupby on the codes, not on a million account strings (0.7 s)."""
    if not len(account):
        return pd.Series(dtype=float)
    codes, names = pd.factorize(account)
    days = pd.to_datetime(day).to_numpy(dtype="datetime64[D]").astype(np.int64)
    ok = codes >= 0
    last = pd.Series(days[ok]).groupby(codes[ok]).max()
    index = pd.Index(names.take(last.index.to_numpy())).astype(str)
    return pd.Series(last.to_numpy(dtype=float), index=index)


def status_contact(status: pd.DataFrame, as_of: date) -> date:
    """The contact day an ``account_status`` table was measured to (``as_of`` if unsaid)."""
    day = status.attrs.get("contact_through")
    return day if isinstance(day, date) else as_of


def contact_for(history: History, ev: Evidence) -> date:
    """The contact day of a recalculation: a blank AsOf counts visits typed after the
    as-of date (the last order) as contact; a typed one does not (``History.contact_through``)."""
    return history.contact_through(ev.as_of, typed=ev.settings.as_of is not None)


def order_window_bounds(as_of: date) -> tuple[pd.Timestamp, pd.Timestamp, pd.Timestamp]:
    """(two years back, one year back, as-of): prior orders are in the first half-open
    interval (lo, mid], recent ones in (mid, as-of]."""
    ts = pd.Timestamp(as_of)
    return ts - pd.DateOffset(years=2), ts - pd.DateOffset(years=1), ts


def _status_from_rows(
    history: History, as_of: date, contact: date | None = None
) -> tuple[pd.Series, pd.Series, pd.Series, pd.Series, pd.DataFrame, pd.Series]:
    """Per account from raw rows: usual visit interval, last visit (days), recent, prior,
    the days with an order in each window (``recent_orders``, ``prior_orders``) and the last
    order day in the two years' windows (days since 1970-01-01; an account with orders in
    the last 12 months has its last order there, which is all the keeping-up rule reads)
    (visits up to ``contact``, default ``as_of``; orders up to ``as_of``).

    On account codes (``pd.factorize``, once per column) and NumPy arrays rather than on
    filtered, string-sorted frames: a million visit rows in ~0.2 s instead of ~1.5 s. The
    values are the same: gaps between a visit and the account's previous one (ties of a day
    give a gap of 0 in any order), their median, the latest day, and order amounts summed per
    account in row order (``groupby.sum`` on the codes adds the same rows in the same order).
    """
    seen = pd.Timestamp(contact or as_of)
    usual = pd.Series(dtype=float)
    last_visit = pd.Series(dtype="int64")
    v = history.visits
    keep = ((v["kind"] == "visit") & v["account"].notna() & (v["date"] <= seen)).to_numpy(bool)
    if (late := history.orders_start()) is not None:  # no history before it (orders_start)
        keep = keep & (v["date"] >= pd.Timestamp(late.day)).to_numpy(bool)
    if keep.any():
        codes, names = coded(history, "visits", "account")
        codes = codes[keep]
        days = v["date"].to_numpy(dtype="datetime64[D]").astype(np.int64)[keep]
        order = lexsort_pair(days, codes)  # by account, then day
        codes, days = codes[order], days[order]
        same = np.r_[False, codes[1:] == codes[:-1]]
        gaps = np.where(same, np.diff(days, prepend=days[0]), np.nan)
        last = np.flatnonzero(np.r_[~same[1:], True])  # each account's last (latest) row
        counts = np.bincount(codes, minlength=len(names))
        median = pd.Series(gaps).groupby(codes).median()
        at = median.index.to_numpy()
        median = median[has_rhythm(counts[at], median.to_numpy(dtype=float))]
        usual = pd.Series(median.to_numpy(), index=names.take(median.index.to_numpy()))
        last_visit = pd.Series(days[last], index=names.take(codes[last]))

    lo, mid, hi = order_window_bounds(as_of)
    o = history.orders
    dates = o["date"]
    codes, names = coded(history, "orders", "account")
    window = ((dates <= hi) & (dates > lo)).to_numpy(bool) & (codes >= 0)
    late = (dates > mid).to_numpy(bool)
    amount = o["amount"].to_numpy(dtype=float)

    def by_account(rows: np.ndarray) -> pd.Series:
        sums = pd.Series(amount[rows]).groupby(codes[rows]).sum()
        return pd.Series(sums.to_numpy(), index=names.take(sums.index.to_numpy()))

    # Days with an order: each account's distinct days with a positive line, per window.
    # The distinct (account, day, window) triples as one integer key each, sorted once:
    # ``np.unique(..., axis=0)`` on the stacked rows took ~0.6 s at a million rows.
    day = dates.to_numpy(dtype="datetime64[D]").astype(np.int64)
    # Each account's last order day, on the codes already made: its last sale (a line not
    # below 0: a return is no order, core.lapse ``sale_lines``, as the SQL ``lifetimes``
    # reads it), or its last line when it has no sale in the window. Trial 53: a closed
    # bookshop's returns trickled in for three months and kept it off ``probably_closed``.
    sale = window & line_sold(o)
    latest = pd.Series(day[window]).groupby(codes[window]).max()
    sold = pd.Series(day[sale]).groupby(codes[sale]).max()
    latest.loc[sold.index] = sold.to_numpy()
    last_order = pd.Series(
        latest.to_numpy(dtype=float),
        index=pd.Index(names.take(latest.index.to_numpy())).astype(str),
    )
    placed = window & (amount > 0)
    account, day, late_day = codes[placed].astype(np.int64), day[placed], late[placed]
    first = int(day.min()) if len(day) else 0
    span = int(day.max()) - first + 1 if len(day) else 1
    keys = distinct((account * span + (day - first)) * 2 + late_day)
    account, late_day = keys // (2 * span), (keys % 2).astype(bool)
    counts = pd.DataFrame(
        {
            col: np.bincount(account[late_day == flag], minlength=len(names)).astype(float)
            for col, flag in (("recent_orders", True), ("prior_orders", False))
        },
        index=names,
    )
    recent, prior = by_account(window & late), by_account(window & ~late)
    return usual, last_visit, recent, prior, counts, last_order


def _status_from_facts(
    facts: HistoryFacts,
) -> tuple[pd.Series, pd.Series, pd.Series, pd.Series, pd.DataFrame]:
    """The same from the compact history (aggregated as of the same day)."""
    r = facts.rhythm.set_index("account")
    ok = has_rhythm(r["count"].to_numpy(dtype=float), r["usual"].to_numpy(dtype=float))
    usual = r["usual"][ok].dropna().astype(float)
    last_visit = r["last_visit"].to_numpy(dtype="datetime64[D]").astype(np.int64)
    last = pd.Series(last_visit, index=r.index)
    w = facts.windows.set_index("account")
    counts = w.reindex(columns=["recent_orders", "prior_orders"]).astype(float)
    return usual, last, w["recent"], w["prior"], counts


def drop_chance(prior: np.ndarray, recent: np.ndarray, exposure: float = 1.0) -> np.ndarray:
    """The chance that an account ordering as often as before orders as few times as
    ``recent`` (or fewer) after ``prior`` orders the year before.

    Orders on a steady rate (a Poisson process) put each of the two years' n = prior + recent
    orders in either year with probability one half, so the chance is the binomial tail
    P(X ≤ recent), X ~ Bin(n, ½): 12 orders then 4 gives 2,517 / 65,536 = 3.8%; 10 then 7
    gives 31%. Exact (integer sums), each distinct pair once.

    ``exposure``: the years the prior orders were counted over (11 covered months: 11/12);
    an order then falls in the recent year with probability 1 ÷ (1 + exposure).
    """
    known: dict[tuple[int, int], float] = {}
    out = np.empty(len(prior))
    q = 1.0 / (1.0 + exposure)
    for i, (a, b) in enumerate(zip(prior.tolist(), recent.tolist(), strict=True)):
        key = (int(a), int(b))
        if key not in known:
            n, k = key[0] + key[1], key[1]
            if exposure == 1.0:
                known[key] = sum(math.comb(n, j) for j in range(k + 1)) / 2**n
            elif n > _EXACT_TAIL_MAX:
                known[key] = _log_tail(n, k, q)
            else:
                known[key] = sum(math.comb(n, j) * q**j * (1 - q) ** (n - j) for j in range(k + 1))
        out[i] = known[key]
    return out


# Past about a thousand orders C(n, j) no longer fits a float (a team's lost accounts over two
# years reach it in a book of 3,500 accounts: trial 48 H1), so bigger tails are summed in logs.
_EXACT_TAIL_MAX = 1000


def _log_tail(n: int, k: int, q: float) -> float:
    """P(X ≤ k), X ~ Bin(n, q), summed from log terms (for n past ``_EXACT_TAIL_MAX``)."""
    if q >= 1.0:
        return 1.0 if k >= n else 0.0
    log_q, log_p = math.log(q) if q > 0.0 else -math.inf, math.log1p(-q)
    whole = math.lgamma(n + 1)
    logs = [
        whole - math.lgamma(j + 1) - math.lgamma(n - j + 1) + j * log_q + (n - j) * log_p
        for j in range(k + 1)
    ]
    top = max(logs)
    if top == -math.inf:
        return 0.0
    return min(1.0, math.exp(top) * math.fsum(math.exp(v - top) for v in logs))


def _at_risk_accounts(
    history: History, ev: Evidence, status: pd.DataFrame | None = None
) -> list[dict[str, object]]:
    """Live accounts neglected (visit gap) or fading (orders down) as of the as-of date.

    The flag names what a rep needs to act: the account, the last visit, the usual interval
    and the drop in orders, and the date to visit by (one usual interval after the last visit,
    never before the next working day, nor before today: ``visit_floor``). An account with
    no visit on record (a book of orders only) carries its last order and its usual days
    between orders instead (``order_days_rhythm``: the Daily list's, ``by_orders``). An
    account nobody holds (``orphan_orders``) is the manager's (module doc, ``orphan``).
    """
    contact = contact_for(history, ev)
    if status is None or status_contact(status, ev.as_of) != contact:
        # Measured to another day (a caller that did not pass the contact day): again.
        status = account_status(history, ev.as_of, contact, ev.calendar)
    if not len(status):
        return []
    period = month_label(pd.Period(ev.as_of, freq="M"))
    hits = status[status["neglected"] | status["fading"]]
    quiet = hits.index[hits["neglected"].to_numpy(dtype=bool)]
    breaks = season_breaks(history, ev.as_of, [str(a) for a in quiet]) if len(quiet) else None
    if breaks is not None and bool(breaks["resting"].any()):
        # Silent on its seasonal break: not neglected (its fading still said).
        resting = set(breaks.index[breaks["resting"].to_numpy(dtype=bool)])
        rest = np.asarray([str(a) in resting for a in hits.index], dtype=bool)
        hits = hits.assign(neglected=hits["neglected"].to_numpy(dtype=bool) & ~rest)
        hits = hits[hits["neglected"] | hits["fading"]]
    next_day = visit_floor(ev, contact)
    since = status.attrs.get("history_from")  # no year before: no change (prior_covered)
    covered = status.attrs.get("prior_months")  # a partial year before, read as a year
    handed = history.handover
    left = {str(a): r for a, _, r in handed.orphan_accounts} if handed is not None else {}
    unseen = hits.index[hits["last_visit"].isna().to_numpy(dtype=bool)]
    asked = {str(a) for a in unseen} | {str(a) for a in hits.index if str(a) in left}
    rhythm = order_days_rhythm(history, ev.as_of, asked) if len(asked) else None
    nobody = orphan_orders(history, ev.as_of, rhythm) if left and rhythm is not None else None
    out = []
    closed: dict[str, list[tuple[str, str, float, float]]] = {}  # rep → probably closed
    # Plain dicts, not iterrows (a Series per account: ~0.2 s for the ~800 hits at 1M rows).
    for account, row in zip(hits.index, records(hits), strict=True):
        name = row["name"]
        last = row["last_visit"]
        extra: dict[str, object] = {}
        key = str(account)
        if bool(row.get("probably_closed", False)) and key not in left:
            # Probably closed (``CLOSED_MIN_ORDERS``): one row for the rep, not a flag each.
            closed.setdefault(str(row["rep"]), []).append(
                (
                    key,
                    "" if pd.isna(name) else str(name),
                    float(min(row["days"], row["order_silent"]))
                    if np.isfinite(row["order_silent"])
                    else float(row["days"]),
                    at_risk_stake(float(row["recent"]), float(row["prior"])),
                )
            )
            continue
        if pd.isna(last) and rhythm is not None and key in rhythm.index:
            extra = _by_orders(rhythm.loc[key])
        rep = str(row["rep"])
        if breaks is not None and key in breaks.index and bool(row["neglected"]):
            due = breaks.at[key, "due"]
            # Held by the lapse rule but not a dated break: no return day (None, read as a
            # missing str under pandas 3 — "nan ごろ" on trial 50's book before this test).
            if isinstance(due, str) and due:
                extra["season_due"] = str(due)  # past its season's return
        if nobody is not None and key in nobody.index:
            # Its rep has left and nobody took it over: the manager's, said so.
            gone = nobody.loc[key]
            rep = TEAM
            extra = {
                **extra,
                "orphan": left[key],
                "stopped": bool(gone["stopped"]),
                **({"last_order": gone["last_order"]} if gone["last_order"] else {}),
                **({"silent": int(gone["silent"])} if np.isfinite(gone["silent"]) else {}),
                **(
                    {"order_usual": float(gone["usual"])}
                    if np.isfinite(gone["usual"]) and "order_usual" not in extra
                    else {}
                ),
            }
        if (
            bool(row["long_silent"])  # neglected too (account_status)
            and not ({"season_due", "orphan"} & extra.keys())  # said their own way
        ):
            extra["long_silent"] = LONG_SILENT_TIMES  # the words say how many times
        out.append(
            _flag(
                "warn" if row["neglected"] else "info",
                "at_risk_account",
                AT_RISK_KPI,
                rep,
                period,
                key,
                name="" if pd.isna(name) else str(name),
                days=float(row["days"]),
                usual=float(row["usual"]),
                neglected=bool(row["neglected"]),
                fading=bool(row["fading"]),
                change=float(row["change"]),
                value=float(row["prior"]),
                stake=at_risk_stake(float(row["recent"]), float(row["prior"])),
                orders_prior=int(row["orders_prior"]),
                orders_recent=int(row["orders_recent"]),
                last_visit=None if pd.isna(last) else last.date().isoformat(),
                visit_by=next_day.isoformat(),
                **({"history_from": since} if since else {}),
                **({"prior_months": int(covered)} if covered else {}),
                **extra,
            )
        )
    out.sort(key=lambda r: -float(r["params"]["stake"]))  # most at stake first
    return out + [_closed_flag(rep, period, rows) for rep, rows in sorted(closed.items())]


def _closed_flag(
    rep: str, period: str, rows: list[tuple[str, str, float, float]]
) -> dict[str, object]:
    """The ``probably_closed`` row of one rep (``CLOSED_MIN_ORDERS``): how many, the first
    ``CLOSED_NAMED`` by yen at stake named (「name (code)」), their silence in days (shortest
    and longest) and the yen they bought (the larger of the two years, summed)."""
    rows = sorted(rows, key=lambda r: (-r[3], r[0]))
    silent = [r[2] for r in rows]
    return _flag(
        "warn",
        "probably_closed",
        AT_RISK_KPI,
        rep,
        period,
        count=len(rows),
        accounts=[r[0] for r in rows],
        names=[f"{r[1]} ({r[0]})" if r[1] and r[1] != r[0] else r[0] for r in rows[:CLOSED_NAMED]],
        shortest=int(min(silent)),
        longest=int(max(silent)),
        stake=float(sum(r[3] for r in rows)),
        times=LONG_SILENT_TIMES,
    )


def stepped_down(history: History, ev: Evidence) -> list[StepDown]:
    """The steps the ``account_stepped_down`` flag names (``find_step_downs`` on the complete
    months, ``_complete_months``), found once per evidence and history: the flag and the
    Daily list's ranking (core.daily ``stepped_levels``) read the same steps."""

    def find() -> tuple[History, list[StepDown]]:
        months = _complete_months(ev)
        if not months:
            return history, []
        table, names, ended = step_inputs(history, ev.as_of, months)
        return history, find_step_downs(table, ev.facts["revenue"], names, months, ended)

    owner, found = once(ev, "_stepped_down", find)
    return found if owner is history else find()[1]


def _step_down_flags(
    history: History, ev: Evidence, complete: list[pd.Period]
) -> list[dict[str, object]]:
    """``account_stepped_down`` (warn): a rep's material account whose orders stepped down
    and stayed down (core.account_step ``find_step_downs``, trial 47 H1: a customer moving
    production abroad halved its orders; it still ordered daily, so no at-risk rule saw it,
    and its rep's target counted on the old level). Says the month, the level before and
    since, the yen a month lost, its share of the rep's book, and what of the old level the
    plan's baseline still holds (``in_baseline``: its months before the step there, less
    the new level). A summed history reads it from ``HistoryFacts.step_months`` (none: no
    flag)."""
    found = stepped_down(history, ev)  # on ``complete``: both are ``_complete_months(ev)``
    if not found:
        return []
    table, _, _ = step_inputs(history, ev.as_of, complete)  # read once per history
    period = month_label(pd.Period(ev.as_of, freq="M"))
    baseline = ev.baseline_months
    out = []
    assert table is not None  # found on it
    for step in found:
        mine = table[table["account"].astype(str) == step.account]
        old = [m for m in baseline if m < step.month]
        held = float(mine["revenue"][pd.PeriodIndex(mine["month"], freq="M").isin(old)].sum())
        in_baseline = max(0.0, held * (1 - step.ratio)) if old else 0.0
        # Carried out of the baseline already (core.baselines, its Plan note): said so.
        said = [
            n
            for n in ev.notes
            if n.code == "account_stepped_down_baseline_out"
            and n.params.get("name") == (step.name or step.account)
            and n.params.get("rep") == step.rep
        ]
        out.append(
            _flag(
                "warn",
                "account_stepped_down",
                "revenue",
                step.rep,
                period,
                step.account,
                name=step.name or step.account,
                since=month_label(step.month),
                months=step.months,
                before=step.before,
                after=step.after,
                change=step.ratio - 1,
                lost_month=step.lost_month,
                stake=12 * step.lost_month,  # a year at the new level: ranks the flags
                share=step.share,
                usual=step.usual,
                in_baseline=in_baseline,
                baseline_months=len(old),
                **({"taken_out": str(said[0].params["yen"])} if said else {}),
                plan=ev.settings.year_name(),
            )
        )
    return out


# An at-risk account silent this many times its usual gap, and this many days at least, is
# more likely closed or gone to a competitor than neglected (trial 39 L5: a café visited every
# 2 days, silent 139 days since it closed): the flag asks to check that.
LONG_SILENT_TIMES = 10.0
LONG_SILENT_DAYS = 60.0
# Such an account with at least this many order days in the two years (a steady buyer: about
# one a month or more) is probably closed (``account_status``' ``probably_closed``): trial 48
# M2, weekly water deliveries with 40% of closures never typed — 62 of 62 at-risk flags and 67
# of 67 「要注意」 stops were customers that had closed, each at the top of every Daily list
# for months. One ``probably_closed`` row per rep names them (confirm, type the end date);
# the Daily lists one only in the ``CLOSED_CONFIRM_DAYS`` after it crossed the line (one
# confirm stop), never after.
CLOSED_MIN_ORDERS = 12
CLOSED_CONFIRM_DAYS = 7
# How many names the ``probably_closed`` row spells out (the rest counted).
CLOSED_NAMED = 10


def long_silent(days: np.ndarray, usual: np.ndarray) -> np.ndarray:
    """Neither a visit nor an order for ``days`` (per account; NaN: never visited — not a
    closing), at least ``LONG_SILENT_DAYS`` and ``LONG_SILENT_TIMES`` its ``usual`` gap."""
    days, usual = np.asarray(days, dtype=float), np.asarray(usual, dtype=float)
    with np.errstate(invalid="ignore"):
        return (days >= LONG_SILENT_DAYS) & (usual > 0) & (days >= LONG_SILENT_TIMES * usual)


def _by_orders(r: pd.Series) -> dict[str, object]:
    """An unvisited account's flag words from its order days (``order_days_rhythm`` row):
    its last order and usual days between orders, where known."""
    out: dict[str, object] = {"by_orders": True}
    if np.isfinite(r["last"]):
        out["last_order"] = np.datetime64(int(r["last"]), "D").astype(object).isoformat()
    if np.isfinite(r["usual"]):
        out["order_usual"] = float(r["usual"])
    return out


def order_days_rhythm(history: History, as_of: date, accounts: Collection[str]) -> pd.DataFrame:
    """Per account of ``accounts`` (index, as text) from its order days in the two years to
    ``as_of``, as the Daily list reads them for a book without visits (``core.daily``
    ``account_days_of``, ``order_rhythm``): count, usual (median days between order days,
    NaN without a rhythm: ``has_rhythm``), last (day number) and longest (the longest days
    between two order days). Only those accounts' rows are read (a few, the flagged ones)."""
    from routekpi.core.daily import order_rhythm  # daily imports flags

    days = _order_days_of(history, as_of, accounts)
    out = order_rhythm(days).reindex(columns=["count", "usual", "last"])
    longest = pd.Series(np.nan, index=out.index)
    if len(days):
        d = pd.DataFrame(
            {
                "account": days["account"].astype(str).to_numpy(),
                "day": days["date"].to_numpy(dtype="datetime64[D]").astype(np.int64),
            }
        ).drop_duplicates()
        d = d.sort_values(["account", "day"], kind="stable")
        gap = d.groupby("account")["day"].diff()
        longest = gap.groupby(d["account"]).max().reindex(out.index)
    return out.assign(longest=longest.to_numpy(dtype=float))


def _order_days_of(history: History, as_of: date, accounts: Collection[str]) -> pd.DataFrame:
    """The distinct order days (account, rep, date) in the two years to ``as_of`` of
    ``accounts`` only (``HistoryFacts.account_days``: the raw rows' or the compact history's;
    none when it was built without them)."""
    from routekpi.core.daily import order_account_days  # daily imports flags

    wanted = {str(a) for a in accounts}
    facts = history.facts
    if facts is None:
        o = history.orders
        return order_account_days(
            o[_among(o["account"], wanted, coded(history, "orders", "account"))], as_of
        )
    if facts.account_days is not None and facts.as_of == as_of:
        days = facts.account_days
        return days[_among(days["account"], wanted)]
    return pd.DataFrame(columns=["account", "rep", "date"])  # built without its account days


# A seasonal break the at-risk flags wait for (``season_breaks``): last year's return at least
# this many days after the same day — a closing of three months or more. A customer merely
# ordering less (the sample's fading accounts: back after 50–57 days) is not on a break.
SEASON_BREAK_DAYS = 90


def season_breaks(history: History, as_of: date, accounts: Collection[str]) -> pd.DataFrame:
    """Of ``accounts``, those on a seasonal break by their order days (core.lapse
    ``is_break``), index the account, with two lines:

    - ``due`` (text; None for a break of under ``SEASON_BREAK_DAYS``), the day a year after
      it first ordered again last year (its last order + the days from that day a year
      before to the return), and ``resting``, not yet past it — not neglected. The at-risk
      flag's line (trial 37: a heating-oil household silent since April was flagged
      「233日訪問なし(通常26日ごと)」 in November though it came back in December): the
      day its order is due again is the day to call, before a rival's tanker fills it.
    - ``held``: its silence still within the wait the lapse rule holds it live for (core.lapse
      ``on_break``: its season + ``SEASON_MARGIN_DAYS``, the one definition the Checks'
      「季節の休みとみなして解約にしていません」 reads) — not ``probably_closed`` nor gone
      quiet. Trial 50 H4: 8 of 13 probably closed were live 灯油-only households 9–59 days
      past last year's return that the same run's Checks held for their season; asked to
      type an end date the lapse rule itself would not have typed."""
    empty = pd.DataFrame(
        {
            "due": pd.Series(dtype=object),
            "resting": pd.Series(dtype=bool),
            "held": pd.Series(dtype=bool),
        }
    )
    days = _order_days_of(history, as_of, accounts)
    if not len(days):
        return empty
    s = day_rhythm(days["account"], pd.to_datetime(days["date"]))
    held = on_break(s, s.index, s["last"], as_of)
    broke = is_break(s["season"].to_numpy(dtype=float), s["usual"].to_numpy(dtype=float))
    dated = broke & (s["back"].to_numpy(dtype=float) >= SEASON_BREAK_DAYS)
    keep = dated | held
    if not keep.any():
        return empty
    s, dated, held = s[keep], dated[keep], held[keep]
    last = s["last"].to_numpy(dtype="datetime64[D]").astype(np.int64)
    due = last + np.nan_to_num(s["back"].to_numpy(dtype=float)).astype(np.int64)
    today = int(np.datetime64(as_of, "D").astype(np.int64))
    return pd.DataFrame(
        {
            "due": [
                np.datetime64(int(v), "D").astype(object).isoformat() if d else None
                for v, d in zip(due, dated, strict=True)
            ],
            "resting": dated & (due > today),
            "held": held,
        },
        index=s.index,
    )


def _among(
    account: pd.Series, wanted: set[str], known: tuple[np.ndarray, pd.Index] | None = None
) -> np.ndarray:
    """The rows whose account (as text) is one of ``wanted``: on the distinct codes
    (``pd.factorize``; ``known``: those of ``account`` when the caller has them, as
    ``core.history.coded``), not a text copy of a million rows."""
    codes, names = known if known is not None else pd.factorize(account)
    hit = np.asarray(pd.Index(names).astype(str).isin(list(wanted)), dtype=bool)
    return (codes >= 0) & hit[np.maximum(codes, 0)] if len(hit) else np.zeros(len(codes), bool)


def orphan_orders(
    history: History, as_of: date, rhythm: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The accounts nobody holds now (``Handover.orphan_accounts``: their rep has left and
    none took them over), index the account, in that order: departed (the rep), last_order
    (ISO day, "" without any order), silent (days from it to ``as_of``, NaN without one),
    usual (days between its order days, NaN without a rhythm), lapse (the days without an
    order after which the lapse rule counts a customer lost, ``core.lapse.lapse_after``: six
    usual gaps and twice its longest silence so far, within 60 – 180 days; 180 for one with
    fewer than five order days) and stopped (silent longer than that: most likely closed).
    ``rhythm``: ``order_days_rhythm`` of those accounts, when the caller has it."""
    from routekpi.core.lapse import LAPSE_DAYS, lapse_after

    handed = history.handover
    rows = handed.orphan_accounts if handed is not None else ()
    columns = ["departed", "last_order", "silent", "usual", "lapse", "stopped"]
    if not rows:
        return pd.DataFrame(columns=columns)
    ids = pd.Index([str(a) for a, _, _ in rows])
    if rhythm is None:
        rhythm = order_days_rhythm(history, as_of, ids)
    r = rhythm.reindex(ids)
    today = float(np.datetime64(as_of, "D").astype(np.int64))
    last = r["last"].to_numpy(dtype=float, copy=True)  # filled below; a view may be read-only
    missing = ~np.isfinite(last)  # none in the two years: its last order of all
    if missing.any():
        older = _last_order_days(history, ids[missing])
        last[missing] = older.reindex(ids[missing]).to_numpy(dtype=float)
    lapse = lapse_after(r, ids, days=LAPSE_DAYS)  # every one read on its own rhythm
    silent = today - last
    with np.errstate(invalid="ignore"):
        stopped = np.isfinite(silent) & (silent > lapse.to_numpy(dtype=float))
    return pd.DataFrame(
        {
            "departed": [str(rep) for _, _, rep in rows],
            "last_order": [
                np.datetime64(int(x), "D").astype(object).isoformat() if np.isfinite(x) else ""
                for x in last
            ],
            "silent": silent,
            "usual": r["usual"].to_numpy(dtype=float),
            "lapse": lapse.to_numpy(dtype=float),
            "stopped": stopped,
        },
        index=ids,
    )


def at_risk_stake(recent: float, prior: float) -> float:
    """The yen at stake in an at-risk account: the larger of its last 12 months' orders and
    the 12 before (a fading account counts at what it used to buy; the Daily list's yearly
    orders)."""
    return max(recent, prior, 0.0)


def at_risk_unlisted(flags: pd.DataFrame, per_rep: int = AT_RISK_PER_REP) -> int:
    """How many at-risk accounts the Flags sheet sums up in a rep's "more" line
    (``capped_at_risk``) instead of listing them: a rep's beyond his ``per_rep``."""
    if not len(flags):
        return 0
    per = flags.loc[flags["code"] == "at_risk_account", "rep"].value_counts()
    return int((per - per_rep).clip(lower=0).sum())


def capped_at_risk(flags: pd.DataFrame, per_rep: int = AT_RISK_PER_REP) -> pd.DataFrame:
    """The flags as the Flags sheet lists them: each rep's ``per_rep`` at-risk accounts with
    most yen at stake, and for a rep with more one ``at_risk_more`` row (info, right after the
    at-risk rows) with how many more (``count``) and their yen at stake (``stake``), so none is
    silently left out. ``flags``: ``find_flags``' table (at-risk rows most at stake first)."""
    if not len(flags):
        return flags
    at_risk = (flags["code"] == "at_risk_account").to_numpy()
    if not at_risk.any():
        return flags
    stake = [_stake_of(p) for p in flags["params"]]
    ranked = flags.assign(_stake=stake)[at_risk].sort_values(
        "_stake", ascending=False, kind="stable"
    )
    rank = ranked.groupby("rep", sort=False).cumcount()
    dropped = ranked[(rank >= per_rep).to_numpy()]
    more = [
        _flag(
            "info",
            "at_risk_more",
            AT_RISK_KPI,
            str(rep),
            str(rows["period"].iloc[0]),
            count=len(rows),
            stake=float(rows["_stake"].sum()),
            listed=per_rep,
            # Accounts nobody holds are on no Daily list (review 34): their own words.
            orphans=all("orphan" in p for p in rows["params"]),
        )
        for rep, rows in dropped.groupby("rep", sort=True)
    ]
    out = flags.drop(index=dropped.index)
    if more:
        out = pd.concat([out, pd.DataFrame(more, columns=list(FLAG_COLUMNS))], ignore_index=True)
    return _ranked(out)


def _stake_of(params: dict[str, object]) -> float:
    """An at-risk flag's yen at stake (a flag without one: the year before's orders)."""
    return float(params.get("stake", params.get("value", 0.0)))  # type: ignore[arg-type]


def lost_accounts(history: History, ev: Evidence) -> list[dict[str, object]]:
    """Material accounts that ended this fiscal year (module doc, ``lost_account``), largest
    first.

    Last year is the fiscal year before the one holding the as-of date: the year a tracked
    plan's targets stand on (and, planning ahead mid-year, the last closed year). The rep is
    the account's holder on Accounts (after any handover). None without the accounts' order
    amounts (a compact history summed without ``account_months``).
    """
    start = ev.settings.fiscal_start_month
    year = fiscal_year_of(ev.as_of, start)
    this_year, last_year = fiscal_months(year, start), fiscal_months(year - 1, start)
    ended = ended_between(history, this_year[0].start_time.date(), ev.as_of)
    if not len(ended):
        return []
    table = account_months(history, set(ended.index), ev.as_of)
    if table is None:
        return []
    # Each account's months as a dict of floats, from one array (a Series per row and its
    # to_dict cost ~0.7 s at a million order lines, where ~900 accounts ended).
    months = list(table.columns)
    monthly = {
        a: dict(zip(months, values, strict=True))
        for a, values in zip(table.index, table.to_numpy().tolist(), strict=True)
    }
    rep_revenue = ev.facts["revenue"].unstack("month") if len(ev.facts) else pd.DataFrame()
    before = [m for m in last_year if m in rep_revenue.columns]
    # The months of this year still to come: what the same months brought last year. The
    # running month counts for its working days still to come (on 12/2, 18 of December's 20).
    running = pd.Period(ev.as_of, freq="M")
    rest = {m - 12: 1.0 for m in this_year if m > running}
    whole = len(rest)
    days = len(ev.calendar.month_working_days(running))
    left = round(days * (1 - ev.calendar.elapsed_fraction(running, ev.as_of)))
    if left > 0:
        rest[running - 12] = left / days
    window = set(ev.baseline_months)
    last_months = set(last_year)
    out_of = {x for a in ev.lost for x in a.accounts}  # a burst: each of its accounts
    # rep → last year's revenue; a rep with no book left at the planning moment (gone or
    # released: core.lost ``rep_book``) is measured against the average rep's (trial 29 L1:
    # the landing named a leaver's ¥19,590 account a large loss; his flags are dropped below).
    years = rep_revenue[before].sum(axis=1) if len(rep_revenue) else pd.Series(dtype=float)
    year_of = {str(r): float(v) for r, v in years.items()}
    no_book = without_book(history)
    material = []
    for account, row in zip(ended.index, records(ended), strict=True):
        rep = str(row["rep"])
        own = monthly.get(account, {})
        revenue = sum(v for m, v in own.items() if m in last_months)
        base, _ = rep_book(year_of, rep, no_book)
        if is_material(revenue, base):
            material.append((account, row, rep, own, revenue, revenue / base))
    # Every material account's last order day from one pass over the order lines (a pass
    # per account before: ~2.5 ms each at 10,000 lines, growing with the lines).
    last_days = (
        _last_order_days(history, pd.Index([str(a) for a, *_ in material]))
        if material
        else pd.Series(dtype=float)
    )
    out = []
    for account, row, rep, own, revenue, share in material:
        last = _iso_day(last_days, account)
        end = row["end"].date()
        name = row.get("name")
        # Planning a later year: the baseline its targets stand on still holds these orders,
        # unless it was taken out of it (core.lost; the Plan's note says so).
        planned = (
            {
                "plan": ev.settings.year_name(),
                "in_baseline": sum(v for m, v in own.items() if m in window),
                "first": month_label(ev.baseline_months[0]),
                "last": month_label(ev.baseline_months[-1]),
            }
            if ev.settings.plan_year > year and ev.baseline_months and str(account) not in out_of
            else {}
        )
        out.append(
            _flag(
                "critical" if share >= LOST_CRITICAL_SHARE else "warn",
                "lost_account",
                "revenue",
                rep,
                month_label(pd.Period(row["end"], freq="M")),
                str(account),
                name="" if name is None or pd.isna(name) else str(name),
                end=end.isoformat(),
                last_order=last,
                days=(end - date.fromisoformat(last)).days if last else None,
                # Its end from the lapse rule, not typed (trial 38 L3: a typed end read
                # 「…から4日受注がなく…とみなしました」).
                derived=(history.accounts_derived and str(account) not in history.kept_ends)
                or str(account) in history.lapsed_ends,
                year=ev.settings.year_name(year - 1),
                this_year=ev.settings.year_name(year),
                # Planning a later year: no target of this year in the book (render words it).
                ahead=ev.settings.plan_year > year,
                revenue=revenue,
                share=share,
                monthly=revenue / 12,
                rest=sum(v * rest[m] for m, v in own.items() if m in rest),
                months=whole,
                **(
                    {"running": month_label(running), "left": left, "month_days": days}
                    if left
                    else {}
                ),
                **planned,
            )
        )
    out.sort(key=lambda r: -float(r["params"]["revenue"]))  # largest hole first
    return out


# A closure typed on Accounts (an end date, or a closed status read as one: not the lapse
# rule's) under the ``LOST_WARN_SHARE`` bar is a known loss (``typed_closures``): named when
# its revenue the year before was at least this share of its rep's (smaller ones are the
# usual churn), one info row per rep, the largest ``TYPED_NAMED`` by name.
TYPED_MIN_SHARE = 0.01
TYPED_NAMED = 5


def typed_closures(
    history: History,
    ev: Evidence,
    lost: Sequence[dict[str, object]],
    exits: Sequence[ChainExit] = (),
) -> list[dict[str, object]]:
    """Per rep, the accounts whose closure was typed (not the lapse rule's end) that ended
    this fiscal year to the as-of date below the ``lost_account`` bar (``lost``: those rows;
    the stores of a chain exit, ``exits``, are its flag's) and above ``TYPED_MIN_SHARE`` of
    his revenue the fiscal year before: one ``typed_closures`` info row naming them with their
    revenue that year, so the manager sees where part of the rep's gap comes from (trial 53:
    北町店, closed 11-30, 3.4% of 高橋's FY2026, the landing took its months out, no flag
    said so). Not for a rep gone or without a book (``lost_account``'s rule)."""
    start = ev.settings.fiscal_start_month
    year = fiscal_year_of(ev.as_of, start)
    this_year, last_year = fiscal_months(year, start), fiscal_months(year - 1, start)
    ended = ended_between(history, this_year[0].start_time.date(), ev.as_of)
    flagged = {str(r["account"]) for r in lost}
    flagged |= {str(a) for e in exits for a in e.accounts}
    typed = [
        str(a) not in flagged
        and not (history.accounts_derived and str(a) not in history.kept_ends)
        and str(a) not in history.lapsed_ends
        for a in ended.index
    ]
    if not any(typed) or not len(ev.facts):
        return []
    keep = ended[typed]
    table = account_months(history, set(keep.index), ev.as_of)
    if table is None or not len(table):
        return []
    months = [m for m in table.columns if m in set(last_year)]
    revenue = table[months].sum(axis=1) if months else pd.Series(0.0, index=table.index)
    rep_revenue = ev.facts["revenue"].unstack("month")
    before = [m for m in last_year if m in rep_revenue.columns]
    years = rep_revenue[before].sum(axis=1)
    year_of = {str(r): float(v) for r, v in years.items()}
    no_book = without_book(history)
    per_rep: dict[str, list[tuple[float, str, str]]] = {}
    for account, row in zip(keep.index, records(keep), strict=True):
        rep = str(row["rep"])
        own = float(revenue.get(account, 0.0))
        base, _ = rep_book(year_of, rep, no_book)
        if rep in no_book or not (base > 0 and own >= TYPED_MIN_SHARE * base):
            continue
        name = row.get("name")
        label = str(account) if name is None or pd.isna(name) or not str(name) else str(name)
        per_rep.setdefault(rep, []).append((own, label, row["end"].date().isoformat()))
    out = []
    for rep, found in sorted(per_rep.items()):
        found.sort(key=lambda f: (-f[0], f[1]))
        total = sum(f[0] for f in found)
        base, _ = rep_book(year_of, rep, no_book)
        out.append(
            _flag(
                "info",
                "typed_closures",
                "revenue",
                rep,
                fiscal_label(year),  # the key: the sheet prints it as the company names it
                count=len(found),
                names=[f[1] for f in found[:TYPED_NAMED]],
                ends=[f[2] for f in found[:TYPED_NAMED]],
                revenues=[f[0] for f in found[:TYPED_NAMED]],
                revenue=total,
                share=total / base,
                year=ev.settings.year_name(year - 1),
                this_year=ev.settings.year_name(year),
            )
        )
    return out


def _last_order_days(history: History, accounts: pd.Index) -> pd.Series:
    """Each of ``accounts``' last order day of all (days since 1970-01-01; one pass for all
    of them, not a scan of the orders per account — review 34): its last sale (core.lapse
    ``sale_lines``: a return is no order, as the compact ``lifetimes`` read it; trial 53's
    closed bookshop was 「最終受注 2026-12-04 から-66日受注がなく」 on its last return)."""
    wanted = {str(a) for a in accounts}
    if history.facts is not None:
        frame, day = history.facts.lifetimes, "last"
    else:
        frame, day = history.orders, "date"
    hit = frame[_among(frame["account"], wanted) & frame[day].notna().to_numpy()]
    if history.facts is None:
        hit = sale_lines(hit)  # on the wanted accounts' lines only (a few)
    return _last_orders(hit["account"].astype(str), hit[day])


def _iso_day(found: pd.Series, account: object) -> str | None:
    """The account's last order day (ISO) in ``found`` (``_last_order_days`` of it among
    others), None when it has none."""
    key = str(account)
    if key not in found.index or not np.isfinite(found[key]):
        return None
    return np.datetime64(int(found[key]), "D").astype(object).isoformat()


def with_visit_dates(flags: pd.DataFrame, stops: pd.DataFrame) -> pd.DataFrame:
    """At-risk flags ask for a visit on the day the Daily list schedules the account.

    An at-risk account the list does not visit (no room within its days) keeps the day after
    the contact day, unless that is before the list's first day (a list made from a later
    day): a date already past is no deadline, so the flag asks for a visit as soon as
    possible instead (``asap``, 至急; ``visit_by`` is then the list's first day).
    """
    if not len(flags) or not len(stops):
        return flags
    visits = stops[stops["kind"] == "visit"]
    # Each account's first visit day, in plain Python: a groupby min over an object column of
    # dates costs ~1 s for the tens of thousands of stops at Excel's scale.
    first: dict[object, date] = {}
    known = (visits["account"].notna() & visits["date"].notna()).to_numpy(dtype=bool).tolist()
    days = zip(visits["account"].tolist(), visits["date"].tolist(), known, strict=True)
    for account, day, ok in days:
        if ok and (account not in first or day < first[account]):
            first[account] = day
    listed = [d for d in stops["date"].tolist() if isinstance(d, date)]
    start = min(listed) if listed else None
    out = flags.copy()
    at_risk = np.flatnonzero((out["code"] == "at_risk_account").to_numpy())
    # The params column as a list, set once (not two .at reads and a write per flag: ~800
    # at-risk flags at 1M rows); by position, whatever the frame's labels.
    accounts, params = out["account"].tolist(), out["params"].tolist()
    changed = False
    for i in at_risk.tolist():
        p = params[i]
        if accounts[i] in first:
            params[i] = {**p, "visit_by": first[accounts[i]].isoformat()}
            changed = True
        elif start is not None and str(p.get("visit_by") or "") < start.isoformat():
            params[i] = {**p, "visit_by": start.isoformat(), "asap": True}
            changed = True
    if changed:
        out["params"] = pd.Series(params, index=out.index, dtype=object)
    return out


def visit_floor(ev: Evidence, contact: date) -> date:
    """The earliest day a flag may ask for a visit: the working day after the contact day,
    or, with AsOf blank and the run made later (``PlanSettings.today``), the first working day
    from today: a deadline already gone cannot be met (the Daily list starts there too)."""
    today = ev.settings.today
    if ev.settings.as_of is None and today is not None and today > contact:
        contact = today - timedelta(days=1)
    return _next_working_day(ev, contact)


def _next_working_day(ev: Evidence, day: date) -> date:
    """The first working day after ``day``."""
    d = day + timedelta(days=1)
    while not ev.calendar.is_working_day(d):
        d += timedelta(days=1)
    return d


def _override_flags(targets: pd.DataFrame) -> list[dict[str, object]]:
    out = []
    rows = targets[targets["basis"] == "override"]
    for r in rows.itertuples(index=False):
        kpi = KPI_BY_KEY.get(r.kpi)
        if kpi is None or not np.isfinite(r.ceiling):
            continue
        beyond = r.target > r.ceiling if kpi.direction == "higher" else r.target < r.ceiling
        if beyond:
            out.append(
                _flag(
                    "warn",
                    "target_beyond_evidence",
                    r.kpi,
                    r.rep,
                    r.period,
                    target=r.target,
                    ceiling=r.ceiling,
                )
            )
    return out


# --- Important accounts piling up overdue (trial 43 M3) ----------------------------------------
# A rep who ignores the Daily list (the same six accounts every day) left ten 重要顧客 three to
# four intervals overdue, and the flags showed three info rows while the team's warnings fell.
# Read from the Daily list's own stops (their ``due`` deadline, usual ``interval`` and
# ``stake``), not measured again here.
#
# An important account (the Daily's 重要顧客 tag, ``high_value``) piles up when, on the list's
# first day, it is past its deadline by at least this many of its usual intervals (a weekly
# account last seen three weeks ago or more): a week late is a slip the list catches up, three
# weeks is a stop the rep keeps skipping.
PILE_INTERVALS = 2.0
# A rep is flagged when at least this many of his important accounts pile up so: one or two
# can be a shop closed for repairs; three is the list not being followed.
PILE_MIN_ACCOUNTS = 3
# The flag names this many of them, most yen at stake first.
PILE_NAMED = 2


def _away_days(spans: list[tuple[date, date]], start: date, end: date) -> int:
    """How many calendar days from ``start`` to ``end`` (inclusive) one of ``spans`` (merged,
    sorted, inclusive) holds."""
    return sum(
        max((min(b, end) - max(a, start)).days + 1, 0) for a, b in spans if a <= end and b >= start
    )


def _merged_leave(
    leave: Sequence[LeaveSpan], calendar: BusinessCalendar | None = None
) -> dict[str, list[tuple[date, date]]]:
    """Rep → his leave spans merged where they touch or overlap (two rows for one absence
    are not two absences), in order; with the ``calendar``, also where no working day lies
    between them: leave typed week by week (Mon–Fri rows) is one absence, its weekends
    in it (rev44: Sato's C0244, 38 days late, read 12 with one row, 18 with four weekly)."""
    out: dict[str, list[tuple[date, date]]] = {}
    for rep, a, b in sorted(leave):
        spans = out.setdefault(str(rep), [])
        if spans and (
            a <= spans[-1][1] + timedelta(days=1)
            or (calendar is not None and _no_working_day(calendar, spans[-1][1], a))
        ):
            spans[-1] = (spans[-1][0], max(b, spans[-1][1]))
        else:
            spans.append((a, b))
    return out


def _no_working_day(calendar: BusinessCalendar, end: date, start: date) -> bool:
    """True when no working day of ``calendar`` lies strictly between ``end`` and ``start``."""
    day = end + timedelta(days=1)
    while day < start:
        if calendar.is_working_day(day):
            return False
        day += timedelta(days=1)
    return True


def overdue_pile_flags(
    stops: pd.DataFrame,
    first_day: date | None,
    leave: Sequence[LeaveSpan] = (),
    calendar: BusinessCalendar | None = None,
) -> list[dict[str, object]]:
    """One warn flag per rep with ``PILE_MIN_ACCOUNTS`` or more important accounts past their
    deadline by ``PILE_INTERVALS`` usual intervals or more on the list's first day
    (``first_day``): how many, the calendar days overdue (the Daily's unit), the yen at stake
    and the ``PILE_NAMED`` most at stake. ``stops``: the Daily list's (core.daily
    ``STOP_COLUMNS``); each account read at its first row.

    **The overdue clock does not run on the rep's leave** (``leave``: the Leave sheet's spans,
    ``BusinessCalendar.leave``): the calendar days of his leave between the deadline and the
    first day are not counted, so a rep back from four weeks away is not told his accounts
    are four weeks late (trial 44); the flag carries the days left out (``leave``, the most
    of any piled account; each named one's ``leave``) so its text can say so. A colleague's
    accounts on his list while that colleague is away (reason ``cover``, core.daily's 代行)
    are no pile of his: the Daily says who covers them. ``calendar`` (the evidence's) joins
    leave spans with only closed days between them (``_merged_leave``)."""
    if first_day is None or not len(stops):
        return []
    listed = stops[stops["kind"] != "prospecting"]
    own = np.array(["cover" not in (r or ()) for r in listed["reasons"]], dtype=bool)
    listed = listed[own]
    away = _merged_leave(leave, calendar)
    important = np.array(["high_value" in (r or ()) for r in listed["reasons"]], dtype=bool)
    rows = listed[important].sort_values("date", kind="stable").drop_duplicates("account")
    piles: dict[str, list[tuple[float, str, int, float, int]]] = {}
    for rep, name, account, due, interval, stake in zip(
        rows["rep"].tolist(),
        rows["name"].tolist(),
        rows["account"].tolist(),
        rows["due"].tolist(),
        rows["interval"].tolist(),
        rows["stake"].tolist(),
        strict=True,
    ):
        if not isinstance(due, date) or not (isinstance(interval, (int, float)) and interval > 0):
            continue
        off = 0  # his leave days stop the clock
        if str(rep) in away:
            off = _away_days(away[str(rep)], due + timedelta(days=1), first_day)
        late = (first_day - due).days - off
        if late >= PILE_INTERVALS * float(interval):
            yen = float(stake) if isinstance(stake, (int, float)) and math.isfinite(stake) else 0.0
            said = str(name) if isinstance(name, str) and name else str(account)
            piles.setdefault(str(rep), []).append((yen, said, late, float(interval), off))
    out = []
    for rep, pile in piles.items():
        if len(pile) < PILE_MIN_ACCOUNTS:
            continue
        pile.sort(key=lambda p: (-p[0], -p[2], p[1]))
        days = [p[2] for p in pile]
        out.append(
            _flag(
                "warn",
                "important_overdue",
                "visits",
                rep,
                month_label(pd.Period(first_day, freq="M")),
                count=len(pile),
                low=min(days),
                high=max(days),
                times=PILE_INTERVALS + 1,  # last seen this many usual intervals ago or more
                stake=sum(p[0] for p in pile),
                top=[
                    {"name": p[1], "days": p[2], "stake": p[0], "leave": p[4]}
                    for p in pile[:PILE_NAMED]
                ],
                # The leave days left out (the Daily's 訪問間隔超過 counts them): the text
                # says so, or the flag's days and the Daily's disagree unexplained (rev44).
                leave=max(p[4] for p in pile),
                first_day=first_day.isoformat(),
            )
        )
    return out


def with_overdue_piles(
    flags: pd.DataFrame,
    stops: pd.DataFrame,
    first_day: date | None,
    leave: Sequence[LeaveSpan] = (),
    calendar: BusinessCalendar | None = None,
) -> pd.DataFrame:
    """The flags with ``overdue_pile_flags`` added, ranked as ``find_flags`` ranks them."""
    rows = overdue_pile_flags(stops, first_day, leave, calendar)
    if not rows:
        return flags
    added = pd.DataFrame(rows, columns=list(FLAG_COLUMNS))
    return _ranked(pd.concat([flags, added], ignore_index=True) if len(flags) else added)
