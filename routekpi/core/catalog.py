"""The KPI catalog: every KPI declared once, as data.

Each KPI says how it is measured from the monthly fact table (``measure.FACT_COLUMNS``): an
additive KPI is the sum of one fact; a ratio KPI is one fact divided by another (summed over
the span, or as levels at the span's last month); a KPI with a numerator only is its monthly
average. It also says which revenue tree it is a lever of, and whether only a history with
visits measures it. Labels, units and direction live here so that no adapter
repeats them; ``VISIT_LEVERS``, ``NO_VISIT_LEVERS``, ``VISIT_ONLY`` and
``LEVER_WEIGHT_SETTING`` are read off the declarations.

The team (rep ``ALL``): counts and yen are the sum of the reps. A ratio (unit price, visits,
orders per account or visit, appointment and win rate) is the reps' values weighted by each
rep's baseline denominator — "at last year's mix" (``Kpi.fixed_mix``): the team's unit price
is each rep's unit price weighted by that rep's orders in the baseline year, for the target
and for the actual alike, over the planned reps (those with baseline revenue; the baseline's
team row too). Over the baseline itself that is exactly team revenue ÷ team orders;
in the plan year it moves only when reps' own values move, never because growth lands on (or
business shifts to) reps with a lower value, so a higher KGI never lowers it. Usage to date
and retention period average the accounts held at the year's start; churn is cancellations ÷
that starting book — both fixed bases already. Usage to date and retention period are running
totals read at a span's last month: the target at the plan year's end, the baseline at the
baseline's last month, so the target is higher by the purchases (months) in between even at
flat sales — a +40% usage target beside a +7% plan is that, not growth (the Plan says so).
Both are counted from each account's start (``Kpi.from_start``): a history that cannot see
most of those starts (accounts held from before it, dated at its start) does not measure them,
and they get no targets (core.censored; the Plan says why).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Literal

from routekpi.contract import fold, lazy_pattern

# A label's trailing unit in parentheses, ASCII or full width: "(月/顧客)", " (monthly)".
_UNIT_SUFFIX = lazy_pattern(r"\s*[(（][^()（）]*[)）]\s*$")
Direction = Literal["higher", "lower"]
Unit = Literal["yen", "count", "ratio", "rate", "months"]
Tree = Literal["visit", "no_visit"]  # the revenue tree with visits, and without
BOTH_TREES: tuple[Tree, ...] = ("visit", "no_visit")


@dataclass(frozen=True)
class Kpi:
    """One KPI: key, ja/en labels, unit, direction, its measurement and its place in the trees."""

    key: str
    ja: str
    en: str
    unit: Unit
    direction: Direction = "higher"
    numerator: str | None = None  # fact column summed (additive) or divided (ratio)
    denominator: str | None = None  # ratio = numerator ÷ denominator (fact columns)
    additive: bool = False  # sums over months and reps (counts and yen)
    at_span_end: bool = False  # a ratio of levels at the span's last month (not of sums)
    trees: tuple[Tree, ...] = ()  # the revenue trees this KPI is a multiplicative lever of
    weight_setting: str | None = None  # the Settings weight of a lever
    visit_only: bool = False  # measured only when the history has visits
    # A hard upper bound (DESIGN's table): a rate measured above it reads as the bound, so no
    # baseline, ceiling or target shows more than 100% (new accounts ÷ meetings can exceed 1
    # when accounts start without a logged meeting, trial 20).
    upper: float | None = None
    # Other names a person types for it (Notes, Settings): the everyday short name. The
    # labels without their parenthesised unit (訪問頻度 for 訪問頻度(月/顧客)) count too.
    aliases: tuple[str, ...] = ()
    # Counted from each account's start (usage to date, retention period): not measured when
    # most accounts of the basis were held from before the history, whose starts it cannot
    # see (core.censored: an ERP replaced 15 months ago made tenure 13.0 → 24.2 for everyone).
    from_start: bool = False
    # Of the prospecting pipeline (meetings and appointment calls, logged on the Visits sheet
    # with their own kinds): measured from that log without a single 訪問 row.
    pipeline: bool = False

    def label(self, language: str) -> str:
        """Display label in the workbook language."""
        return self.ja if language == "ja" else self.en

    def short_label(self, language: str) -> str:
        """The label without its parenthesised unit (訪問頻度 for 訪問頻度(月/顧客))."""
        return _UNIT_SUFFIX.sub("", self.label(language))

    @property
    def ratio(self) -> bool:
        """True for numerator ÷ denominator KPIs."""
        return self.numerator is not None and self.denominator is not None

    @property
    def fixed_mix(self) -> bool:
        """The team's value weighs the reps' values by their baseline denominators (see above)."""
        return self.ratio and not self.at_span_end

    @property
    def per_account_month(self) -> bool:
        """A ratio over account-months (visits or orders per active account and month)."""
        return self.denominator == "active_accounts"

    @property
    def style(self) -> str:
        """Named cell style for values of this KPI.

        Counts are shown as whole numbers, averaged ones too (active accounts are a monthly
        average: 12.92 accounts reads as noise; the cell keeps the exact value).
        """
        return {"yen": "rk_yen", "count": "rk_int", "rate": "rk_pct"}.get(self.unit, "rk_dec")

    @property
    def names(self) -> tuple[str, ...]:
        """Every name it answers to: key, labels, the labels without their parenthesised unit
        ("訪問頻度(月/顧客)" → "訪問頻度", "Orders per account (monthly)" → "Orders per
        account") and the aliases."""
        short = tuple(_UNIT_SUFFIX.sub("", label) for label in (self.ja, self.en))
        return (self.key, self.ja, self.en, *short, *self.aliases)


KPIS: tuple[Kpi, ...] = (
    Kpi("revenue", "売上", "Revenue", "yen", numerator="revenue", additive=True),
    Kpi(
        "active_accounts",
        "稼働顧客数",
        "Active accounts",
        "count",
        numerator="active_accounts",
        trees=BOTH_TREES,
        weight_setting="WeightActiveAccounts",
    ),
    Kpi(
        "visits_per_account",
        "訪問頻度(月/顧客)",
        "Visits per account (monthly)",
        "ratio",
        numerator="visits",
        denominator="active_accounts",
        trees=("visit",),
        weight_setting="WeightVisitFrequency",
        visit_only=True,
        aliases=("visit frequency",),  # 訪問頻度 is its label without the unit
    ),
    Kpi(
        "orders_per_visit",
        "訪問あたり受注数",
        "Orders per visit",
        "ratio",
        numerator="orders",
        denominator="visits",
        trees=("visit",),
        weight_setting="WeightOrdersPerVisit",
        visit_only=True,
    ),
    Kpi(
        "orders_per_account",
        "顧客あたり受注数(月)",
        "Orders per account (monthly)",
        "ratio",
        numerator="orders",
        denominator="active_accounts",
        trees=("no_visit",),
        weight_setting="WeightVisitFrequency",  # shares the visit-frequency weight
        aliases=("受注頻度", "order frequency"),
    ),
    Kpi(
        "unit_price",
        "取引単価",
        "Unit price",
        "yen",
        numerator="revenue",
        denominator="orders",
        trees=BOTH_TREES,
        weight_setting="WeightUnitPrice",
        aliases=("単価", "客単価", "price"),
    ),
    Kpi("retention_rate", "継続率", "Retention rate", "rate"),
    Kpi("churn_rate", "解約率", "Churn rate", "rate", direction="lower"),
    Kpi(
        "cancellations",
        "解約数",
        "Cancellations",
        "count",
        direction="lower",
        numerator="cancellations",
        additive=True,
    ),
    Kpi(
        "new_accounts",
        "新規顧客数",
        "New accounts",
        "count",
        numerator="new_accounts",
        additive=True,
    ),
    # The pipeline is logged on the Visits sheet (kinds meeting and attempt): without visits
    # it is not measured, and a row of blank targets per rep and month is only clutter.
    Kpi(
        "meetings",
        "商談数",
        "Meetings",
        "count",
        numerator="meetings",
        additive=True,
        visit_only=True,
        pipeline=True,
    ),
    Kpi(
        "appointment_attempts",
        "アポ打診数",
        "Appointment attempts",
        "count",
        numerator="attempts",
        additive=True,
        visit_only=True,
        pipeline=True,
    ),
    Kpi(
        "appointment_rate",
        "アポ獲得率",
        "Appointment rate",
        "rate",
        numerator="appointments",
        denominator="attempts",
        visit_only=True,
        pipeline=True,
        upper=1.0,
    ),
    Kpi(
        "meeting_win_rate",
        "商談成約率",
        "Meeting win rate",
        "rate",
        numerator="new_accounts",
        denominator="meetings",
        visit_only=True,
        pipeline=True,
        upper=1.0,
    ),
    Kpi(
        "visits", "訪問件数", "Visits", "count", numerator="visits", additive=True, visit_only=True
    ),
    Kpi("orders", "受注件数", "Orders", "count", numerator="orders", additive=True),
    # Averages over the accounts held at the start of the fiscal year (still live): a fixed
    # set, so winning more new accounts (short tenure, little usage yet) never lowers them.
    Kpi(
        "usage_to_date",
        "現在までの利用金額(期首顧客の平均)",
        "Usage to date (per account held at year start)",
        "yen",
        numerator="cohort_usage_sum",
        denominator="cohort_accounts",
        at_span_end=True,
        from_start=True,
    ),
    Kpi(
        "retention_months",
        "継続期間(月, 期首顧客の平均)",
        "Retention period (months, accounts held at year start)",
        "months",
        numerator="cohort_tenure_sum",
        denominator="cohort_accounts",
        at_span_end=True,
        from_start=True,
    ),
)
KPI_BY_KEY: dict[str, Kpi] = {k.key: k for k in KPIS}


def levers(tree: Tree) -> tuple[str, ...]:
    """The multiplicative levers of a revenue tree, in catalog (display) order."""
    return tuple(k.key for k in KPIS if tree in k.trees)


# revenue = active accounts × visits per account × orders per visit × unit price (× 12) …
VISIT_LEVERS: tuple[str, ...] = levers("visit")
# … and when the history has no visits, accounts × orders per account × unit price.
NO_VISIT_LEVERS: tuple[str, ...] = levers("no_visit")
# KPIs only a history with visits measures (no targets for them without visits).
VISIT_ONLY: frozenset[str] = frozenset(k.key for k in KPIS if k.visit_only)


# A Notes row names a KPI by any of its names (``find_kpi``); a KPI the Review has no row
# for goes on the first of these rows it has (trial 43 L5: 「visits」 landed on 売上 as
# 「[visits] …」): the count of visits is read as its frequency, orders as orders per visit
# (or per account without visits), attempts as the appointment rate, churn as retention.
NOTE_ROWS: dict[str, tuple[str, ...]] = {
    "visits": ("visits_per_account",),
    "orders": ("orders_per_visit", "orders_per_account"),
    "appointment_attempts": ("appointment_rate",),
    "churn_rate": ("retention_rate",),
    "cancellations": ("retention_rate",),
    "retention_months": ("retention_rate",),
    "usage_to_date": ("revenue",),
}
# The KPI words the Notes sheet's drop-down offers (the Review's rows, in display order).
NOTE_KPIS: tuple[str, ...] = (
    "revenue",
    "active_accounts",
    "visits_per_account",
    "orders_per_visit",
    "orders_per_account",
    "unit_price",
    "new_accounts",
    "meetings",
    "appointment_rate",
    "meeting_win_rate",
    "retention_rate",
)

# The pipeline's KPIs: measured by a log of meetings and calls without visit rows too.
PIPELINE_KPIS: frozenset[str] = frozenset(k.key for k in KPIS if k.pipeline)


def measured(key: str, has_visits: bool, pipeline: bool = False) -> bool:
    """Whether a history measures this KPI: all of them with visits, else none visit-only
    but the pipeline's when it logs meetings and calls (``pipeline``)."""
    return has_visits or key not in VISIT_ONLY or (pipeline and key in PIPELINE_KPIS)


def shows_pipeline(meetings: float, win_rate: float) -> bool:
    """Whether the Plan's 商談・アポ架電 line is shown: the team held meetings in the baseline
    (``meetings``) and has a win rate above nought. The one test of the line (review 42),
    asked by render ``_pipeline_rows`` and by core.baselines ``_logs_pipeline`` (the
    ``no_visits_pipeline`` note that points to the line, and the pipeline KPIs' rows on
    Targets and Attainment), both of one rate: core.meetings ``pipeline_win_rate``.

    Which rate (dedup44): the plan's. The line shows planned numbers — the meetings the
    planned new accounts need at the plan's win rate — so without a planned rate above
    nought there is nothing for it to show, and nothing for the note to point to. The plan's
    rates are drawn toward the team's wins over its meetings in the months its meetings log
    covers (core.flows), all nought when that is nought, so that rate is the plan's at this
    threshold and is there before the plan is. The baseline's wins over all its meetings
    (what the note asked before) disagree when the wins came before the log began: the note
    and Targets promised a meetings target the Plan had no rate for (blank meetings, 0%)."""
    return meetings > 0 and math.isfinite(win_rate) and win_rate > 0


def attainment_ratio(actual: float, target: float, direction: Direction) -> float:
    """Attainment, 1.0 (100%) on target and higher is better, for either direction.

    Higher-is-better: actual ÷ target. Lower-is-better (churn, cancellations): target ÷
    actual — a churn of 1.0% against an allowance of 0.3% is 30%, 0.15% is 200%. It never
    goes negative (the mirrored 2 − actual ÷ target read −96% for 1.0% against 0.3%) and
    agrees with it near the target (0.33% → 91%). NaN (shown —) when there is no ratio: a
    missing value, a zero target, or a lower-is-better actual of 0 (nothing to divide by —
    at or below any allowance, shown as the actual, not as a percentage).
    """
    if not (math.isfinite(actual) and math.isfinite(target)) or target == 0:
        return math.nan
    if direction == "lower":
        return target / actual if actual > 0 else math.nan
    return actual / target


# Settings weight name for each lever.
LEVER_WEIGHT_SETTING: dict[str, str] = {
    k.key: k.weight_setting for k in KPIS if k.weight_setting is not None
}
SEVERITIES: tuple[str, ...] = ("critical", "warn", "info")


_NAME_NOISE = re.compile("[ _]")  # "Unit price", "unit_price" and "unitprice" are one name


def find_kpi(name: str) -> Kpi | None:
    """A KPI by any of its names (``Kpi.names``: key, labels, short labels, aliases), case-
    and width-insensitive; None when none matches."""
    wanted = fold(name, _NAME_NOISE)
    if not wanted:
        return None
    for kpi in KPIS:
        if wanted in {fold(label, _NAME_NOISE) for label in kpi.names}:
            return kpi
    return None
