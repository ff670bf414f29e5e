"""The Dashboard and the rep × month Matrix: the two sheets a manager reads at a glance.

The Dashboard is a laid-out page rather than a table. Its cell positions are declared once
(``routekpi.io.dashboard_layout``) and used twice: by this module, which writes the values on
every recalculation, and by the template builder (``routekpi.io.dashboard_template``), whose
native chart parts and conditional formats point at the same cells. The charts therefore read the
numbers written here, and Excel and LibreOffice redraw them from the cells.

Chart data sits below the printed page (rows from ``DATA_TOP``), visible to anyone who
scrolls down; rows a chart does not need this time (fewer reps than ``MAX_REPS``) are
hidden, and the charts plot visible cells only.
"""

from __future__ import annotations

import math
import re
import weakref
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TypeVar

import numpy as np
import pandas as pd

from routekpi.contract import Check, column_letter, display_width
from routekpi.core.baselines import Evidence
from routekpi.core.book_change import BookChange, book_changes
from routekpi.core.calendar import fiscal_label, month_label, month_span
from routekpi.core.catalog import KPI_BY_KEY, Kpi
from routekpi.core.engine import Result, lookup, target_kpis
from routekpi.core.frames import records
from routekpi.core.history import once
from routekpi.core.kgi_total import KGI_SHORT_NOTES
from routekpi.core.landing import landing
from routekpi.core.measure import MIX_KPIS, TEAM, team_at_mix
from routekpi.core.overrides import overridden_years
from routekpi.core.record import best_change, horizon_years, kgi_pace, shrinking_record
from routekpi.core.review import VISIT_MEASURED, visits_after
from routekpi.core.stretch import (
    SLIGHTLY_BEYOND,
    Stretch,
    ceiling_rule,
    status_landing,
    stretch_of,
    unrecorded,
)
from routekpi.core.targets import Plan, evidence_direct_wins
from routekpi.core.visit_days import visit_link
from routekpi.io.dashboard_layout import (
    BANNER_AMBER,
    BANNER_GREEN,
    BANNER_RED,
    BANNER_ROW,
    BLOCK_TOP,
    BRIDGE_AXIS_COL,
    BRIDGE_AXIS_ROW,
    BRIDGE_DOWN,
    BRIDGE_FIRST,
    BRIDGE_HEAD,
    BRIDGE_SLOTS,
    BRIDGE_TOTAL,
    BRIDGE_UP,
    BURNUP_FIRST,
    BURNUP_HEAD,
    CHART_ROWS,
    CHART_TITLE_ROWS,
    CHART_TOP,
    DATA_COL,
    DATA_TOP,
    FEASIBLE_ROW,
    KPI_COL,
    KPI_ROWS,
    LABEL_EDGE,
    LABEL_EDGE_WIDTH,
    LABEL_FILL,
    LABEL_TEXT,
    LAST_ROW,
    MAX_REPS,
    MIX_NOTE_ROW,
    PLAN_COL,
    REP_NAME_SIZE,
    REPS_FIRST,
    REPS_HEAD,
    REPS_NOTE_COL,
    REPS_NOTE_ROW,
    REPS_NOTE_WIDE_COL,
    REPS_PAD_COL,
    STATUS_ROW,
    TITLE_COL,
    TITLE_ROW,
    WIDTH,
    YTD_COL,
    note_room,
)
from routekpi.io.newsheets import escape  # not xml.sax.saxutils: it imports urllib, ssl
from routekpi.io.sheetxml import Cell
from routekpi.messages import fmt_num, fmt_pct, fmt_uplift, fmt_yen, text
from routekpi.schema import OUTPUT_BY_NAME
from routekpi.validation.settings import shown_feasibility
from routekpi.validation.tax import TAX_KGI_GROSS_PROBLEM, TAX_KGI_PROBLEM, tax_mark
from routekpi.wrapping import LINE_PT, wrap_text

Row = list[object]
MATRIX = OUTPUT_BY_NAME["Matrix"]


class _Grid:
    """A sparse grid of cells turned into rows A.. for the writer."""

    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], object] = {}

    def put(self, row: int, column: int, value: object, style: str | None = None) -> None:
        if value is None:
            return
        if isinstance(value, float) and not math.isfinite(value):
            return
        self.cells[(row, column)] = Cell(value, style) if style else value

    def rows(self) -> list[Row]:
        last = max((r for r, _ in self.cells), default=0)
        out: list[Row] = [[None] * WIDTH for _ in range(last)]
        for (r, c), v in self.cells.items():
            out[r - 1][c - 1] = v
        return out


def _f(value: object) -> float:
    try:
        f = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return math.nan
    return f


_T = TypeVar("_T")
# Per result: what several Dashboard and Matrix parts read off the same table (the team's
# year targets five times a render, the year's attainment rows and the reps without a plan
# three times each: ~0.5 ms a filter). Kept only while that result lives, and a result's
# tables never change once computed: a new run is a new Result, and nothing is kept for it
# before it is asked.
_PER_RESULT: weakref.WeakKeyDictionary[Result, dict[str, object]] = weakref.WeakKeyDictionary()


def _once(result: Result, name: str, make: Callable[[Result], _T]) -> _T:
    """``make(result)``, computed once for this result object (callers only read it); a
    stand-in for a Result (a test's namespace) is computed each time."""
    if type(result) is not Result:
        return make(result)
    kept = _PER_RESULT.setdefault(result, {})
    if name not in kept:
        kept[name] = make(result)
    return kept[name]  # type: ignore[return-value]


def _fy_rows(result: Result) -> dict[tuple[object, object], dict[str, object]]:
    """The attainment table's fiscal-year rows by (rep, KPI), the first of each as a dict
    (the Dashboard reads a few dozen: one pass, not a filter per cell)."""
    return dict(_once(result, "fy_rows", _fy_rows_of))


def _fy_rows_of(result: Result) -> dict[tuple[object, object], dict[str, object]]:
    att = result.attainment
    if att.empty:
        return {}
    fy = fiscal_label(result.evidence.settings.plan_year)
    out: dict[tuple[object, object], dict[str, object]] = {}
    for row in records(att[att["period"] == fy]):
        out.setdefault((row["rep"], row["kpi"]), row)
    return out


def _fy_targets(result: Result, column: str = "target") -> dict[object, object]:
    """The team's full-year target (or ``column``: its baseline) per KPI (Targets table)."""
    return dict(_once(result, f"fy_targets.{column}", lambda r: _fy_team_column(r, column)))


def _fy_team_column(result: Result, column: str) -> dict[object, object]:
    t = result.targets
    fy = fiscal_label(result.evidence.settings.plan_year)
    team = t[(t["rep"] == TEAM) & (t["period"] == fy)]
    return dict(zip(team["kpi"], team[column], strict=True))


def kpi_change(key: str, baseline: float, target: float, language: str) -> str:
    """The target against the baseline as the KPI table says it: a rate in points between
    the two as shown (0.1%: 2.94% → 3.26% reads 2.9% → 3.3%, "+0.4pt", not "+0.3pt" nor
    "+10.6%"), anything else in percent; "—" without a baseline."""
    if not (math.isfinite(baseline) and math.isfinite(target)):
        return "—"
    if KPI_BY_KEY[key].unit == "rate":
        points = round(round(target * 100, 1) - round(baseline * 100, 1), 1) or 0.0  # not -0.0
        return text("dash.change_points", language, points=f"{points:+.1f}")
    return fmt_uplift(target / baseline) if baseline > 0 else "—"


def uplift_value(plan_uplift: float) -> float:
    """The required uplift as written everywhere: the change, +8.0%, not the factor 108%."""
    return plan_uplift - 1.0


# The rep-mix step of the bridge is drawn when it moves revenue by more than this (log):
# below it, a bar of a few hundred yen would be noise, and the levers absorb it.
MIX_STEP_MIN = 0.002


def _lever_factor(result: Result, key: str) -> float:
    """The team's target ÷ baseline of a lever as the Plan's lever rows show it: a ratio at
    last year's rep mix, a count as the sum (NaN without either)."""
    plan, ev = result.plan, result.evidence
    try:
        target = float(plan.fy.at[TEAM, key])
        before = float(ev.base.at[TEAM, key])
    except KeyError:
        return math.nan
    return target / before if before > 0 else math.nan


def bridge_steps(result: Result, language: str) -> list[tuple[str, float, float]]:
    """(label, start, end) bars from last year's revenue to the KGI.

    Each lever's step is its team change as the Plan's lever rows show it (a ratio at last
    year's rep mix, catalog ``fixed_mix``), in log space (the order of a product does not
    change it). What the reps' changing weights add on top (a newcomer's book growing at
    his own, lower visit frequency: the team's ratio falls while every rep's holds) is its
    own step, "rep mix change", when the plan ends at the KGI and it is over ``MIX_STEP_MIN``;
    otherwise the steps are scaled to end exactly where the plan ends: the KGI when
    feasible, else the largest reachable KGI, followed by the gap. (The bridge took the
    team's sums and showed visit frequency falling where the Plan said ×1.001: trial 17.)
    """
    plan = result.plan
    base = float(plan.baseline_revenue)
    end = float(plan.kgi) if plan.feasible else float(plan.max_reachable_kgi)
    t = lambda key, **kw: text(key, language, **kw)  # noqa: E731
    steps: list[tuple[str, float, float]] = [(t("dash.bridge_base"), 0.0, base)]
    logs = {}
    for key in plan.levers:
        r = _lever_factor(result, key)
        logs[key] = math.log(r) if r > 0 and math.isfinite(r) else 0.0
    total = sum(logs.values())
    want = math.log(end / base) if base > 0 and end > 0 else 0.0
    mix = want - total
    own_step = plan.feasible and abs(mix) > MIX_STEP_MIN
    level = base
    revision = planned_revision(result, language)
    # Orders apart from the visits: the Plan reads revenue as active accounts × orders per
    # account × unit price, so the bridge does too — visit frequency and orders per visit in
    # one orders-per-account bar (their logs summed: the same total). Two bars, visiting less
    # charged to revenue and orders per visit paying it back, told a rep to visit more where
    # the Plan says the orders do not come from the visits (trial 53 L4; trial 45 M1).
    apart = visit_link(n.code for n in result.evidence.notes) == "apart"
    if apart and "visits_per_account" in logs and "orders_per_visit" in logs:
        logs = {
            ("orders_per_account" if key == "visits_per_account" else key): (
                lg + logs["orders_per_visit"] if key == "visits_per_account" else lg
            )
            for key, lg in logs.items()
            if key != "orders_per_visit"
        }
    for key, lg in logs.items():
        share = lg if own_step else lg / total * want if total else want / max(len(logs), 1)
        new = level * math.exp(share)
        label = KPI_BY_KEY[key].label(language)
        if key == "unit_price" and revision:  # the manager's planned revision (trial 34 L5)
            label += t("dash.bridge_revision", revision=revision)
        steps.append((label, level, new))
        level = new
    if own_step:
        steps.append((t("dash.bridge_mix"), level, end))
    if not plan.feasible:
        steps.append((t("dash.bridge_reachable"), 0.0, end))
        steps.append((t("dash.bridge_gap"), end, float(plan.kgi)))
    steps.append((t("dash.bridge_kgi"), 0.0, float(plan.kgi)))
    return steps


def planned_revision(result: Result, language: str) -> str:
    """A price revision planned on Settings (``Evidence.planned_revision``, its rise carried
    into the plan year's unit price: ``planned_carry``) in a few words, 「2027-04 +5.0%」;
    "" when none is planned or it moves nothing this year."""
    ev = result.evidence
    found = ev.planned_revision
    if not found or not ev.planned_carry:
        return ""
    month, size = found
    return text("dash.revision", language, month=month, size=fmt_uplift(math.exp(size)))


# The bridge's value axis is zoomed to its steps unless that would start it below this share
# of the lowest bar (little gained: it starts at 0 then). A +4% plan's levers from zero are
# hairlines whose labels the bar edges strike through (LibreOffice, trial 20): zoomed, the
# steps compare, and the title says where the axis starts (``dash.bridge_axis_from``).
BRIDGE_ZOOM_MIN_SHARE = 1 / 3


def _nice_step(size: float) -> float:
    """The smallest 1, 2 or 5 × 10^k at or above ``size`` (> 0)."""
    power = 10.0 ** math.floor(math.log10(size))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= size)


def bridge_axis_min(steps: Sequence[tuple[str, float, float]]) -> float:
    """Where the bridge's value axis starts: a round number half the steps' span below the
    lowest bar top or step (a total bar's top, a step's lower end), so the baseline's bar
    still shows; 0 when that is not far above 0 (``BRIDGE_ZOOM_MIN_SHARE``). The round unit is
    a quarter of the span, rounded up to 1, 2 or 5 × 10^k (trial 20: ¥1,506.9M → ¥1,567.0M,
    a span of ¥60.1M, unit ¥20M, from ¥1,460M: the value LibreOffice picked on its own)."""
    lows = [end if start == 0.0 else min(start, end) for _, start, end in steps]
    highs = [max(start, end) for _, start, end in steps]
    if not lows:
        return 0.0
    low, high = min(lows), max(highs)
    span = high - low
    if not (span > 0 and low > 0):
        return 0.0
    unit = _nice_step(span / 4)
    start = math.floor((low - span / 2) / unit) * unit
    return start if start >= low * BRIDGE_ZOOM_MIN_SHARE else 0.0


def fmt_yen_m(value: float) -> str:
    """Yen in millions as the bridge's axis shows them: ¥1,460M (¥48.5M below a million's
    unit)."""
    m = value / 1e6
    return f"¥{m:,.0f}M" if m == round(m) else f"¥{m:,.1f}M"


# Checks that take the Dashboard's banner (red) from the feasibility line: the KGI's unit
# slip and the history's (a file or months in 千円 read as yen: validation.unit_slip, only its
# critical forms — the feasibility judged on them is wrong, trial 48 H4).
BANNER_CHECKS = (
    "kgi_scale",
    "kgi_scale_base",
    "amount_unit_slip_part",
    "amount_unit_slip_months",
    "amount_unit_slip_months_source",
    "amount_unit_slip_parts_most",  # fix49b: most files in 千円, the fewer in yen
    *KGI_SHORT_NOTES,  # the reps' targets short of the KGI (core.kgi_total, trial 51 H1)
)
# Checks said after the banner's own sentence (the renderer hands them to a cached Dashboard).
BANNER_NOTES = (TAX_KGI_PROBLEM, TAX_KGI_GROSS_PROBLEM)

# Once the plan year has begun the banner answers "will the year reach the KGI?" (the plan's
# feasibility is the question asked before it starts): green when the year-end forecast
# reaches the KGI; amber when it falls short but the months left can close the gap by
# selling at most this much more each month than the forecast already expects of them (10%:
# a push a team can make); red beyond that, or when no month is left (trial 18: green
# "feasible" over a 90.3% forecast, which needed +30% a month in the four months left).
YEAR_LIFT_AMBER = 0.10
# The banner names each month's top-up up to this many months left, else the largest and
# the smallest (a line of eleven amounts reads as none).
YEAR_MONTHS_NAMED = 5


@dataclass(frozen=True)
class YearCourse:
    """The running year against the KGI, from the team's year-end revenue forecast."""

    actual: float  # revenue so far
    forecast: float  # year-end forecast (the Dashboard's 着地見込み)
    kgi: float
    months_left: list[pd.Period]  # plan months not over on the as-of day
    # Each month left's team revenue target still to come (the month in progress: the share
    # of its working days after the as-of day); empty: none known, the gap spread evenly.
    month_targets: tuple[float, ...] = ()

    @property
    def gap(self) -> float:
        """Yen the forecast falls short of the KGI (≤ 0: none)."""
        return self.kgi - self.forecast

    @property
    def per_month(self) -> float:
        """Yen to add in each month left, above the forecast, to reach the KGI (evenly)."""
        return self.gap / len(self.months_left) if self.months_left else math.nan

    @property
    def shaped(self) -> list[float] | None:
        """Yen to add in each month left in proportion to its target still to come (trial 37
        L2: a heating-oil round's December cannot carry what its summer months would), or
        None without month targets."""
        total = sum(self.month_targets)
        if len(self.month_targets) != len(self.months_left) or not total > 0:
            return None
        return [self.gap * t / total for t in self.month_targets]

    @property
    def lift(self) -> float:
        """The gap over what the forecast expects of the months left (+30%: a third more)."""
        rest = self.forecast - self.actual
        return self.gap / rest if rest > 0 else math.inf

    @property
    def colour(self) -> int:
        """BANNER_GREEN, BANNER_AMBER or BANNER_RED (see ``YEAR_LIFT_AMBER``)."""
        if self.gap <= 0:
            return BANNER_GREEN
        if self.months_left and self.lift <= YEAR_LIFT_AMBER:
            return BANNER_AMBER
        return BANNER_RED


def year_course(result: Result) -> YearCourse | None:
    """The year against the KGI once the plan year has begun (None before it, or without a
    team revenue forecast: the banner then gives the plan's feasibility)."""
    ev, plan = result.evidence, result.plan
    months = ev.plan_months
    if not months or months[0].start_time.date() > ev.as_of or not plan.kgi > 0:
        return None
    rev = _fy_rows(result).get((TEAM, "revenue"))
    if rev is None:
        return None
    actual, forecast = _f(rev["actual"]), _f(rev["forecast"])
    if not (math.isfinite(actual) and math.isfinite(forecast)):
        return None
    # A month is left until its last working day has passed (trial 43 M1: not 10/31, a Saturday).
    left = [m for m in months if not ev.calendar.month_over(m, ev.as_of)]
    return YearCourse(actual, forecast, float(plan.kgi), left, _targets_left(result, left))


def _targets_left(result: Result, left: list[pd.Period]) -> tuple[float, ...]:
    """The team's revenue target of each month in ``left`` still to come after the as-of
    day (the month in progress by its working days left); () when a month has none."""
    ev, targets = result.evidence, result.targets
    rows = targets[(targets["rep"] == TEAM) & (targets["kpi"] == "revenue")]
    by_period = dict(zip(rows["period"], rows["target"].astype(float), strict=False))
    out = []
    for m in left:
        value = _f(by_period.get(month_label(m)))
        days = ev.calendar.month_working_days(m)
        if not (math.isfinite(value) and days):
            return ()
        out.append(value * sum(1 for d in days if d > ev.as_of) / len(days))
    return tuple(out)


def table_kpis(result: Result) -> list[str]:
    """The KPIs the Dashboard's KPI table shows, in its order (the first ``KPI_ROWS``).
    Without a meetings stage (core.meetings ``direct_wins``: too few meetings logged) no
    商談数 row, whose target is none, but the アポ打診数 the plan asks for in its place."""
    return list(_once(result, "table_kpis", _table_kpis_of))


def _table_kpis_of(result: Result) -> list[str]:
    ev = result.evidence
    kpis = target_kpis(ev)
    # Asked only when the team has no meetings target (direct_wins takes a few ms).
    if (
        "meetings" in kpis[:KPI_ROWS]
        and not math.isfinite(_f(_fy_targets(result).get("meetings")))
        and evidence_direct_wins(ev)
    ):
        kpis = [k for k in kpis if k not in ("meetings", "meeting_win_rate")]
    return kpis[:KPI_ROWS]


def kpi_list(kpis: Iterable[str], language: str) -> str:
    """KPIs by their short labels in a list: 訪問頻度・商談数, Visits per account, Meetings
    (the Dashboard's title and the Review's two-dates row)."""
    sep = text("list.kpi_sep", language)
    return sep.join(KPI_BY_KEY[k].short_label(language) for k in kpis)


def _md(day: date, language: str) -> str:
    """A day as the title says it: 10/30, Oct 30."""
    return f"{day.month}/{day.day}" if language == "ja" else f"{day:%b} {day.day}"


def _yen_short(value: float) -> str:
    """A month's top-up in the banner: ¥10.8M from a million, else in yen (¥48,000)."""
    return f"¥{value / 1e6:,.1f}M" if abs(value) >= 1e6 else fmt_yen(value)


def landing_row(
    result: Result, course: YearCourse | None, language: str
) -> tuple[str, float, str] | None:
    """The plan block's row under the ceiling in a running year whose landing answers the
    record's "no" (core.stretch.status_landing): what is left to sell to the KGI, or how far
    the year is past it — not the KGI's distance from the strong-year line or the ceiling,
    which said "beyond the record" beside a banner saying the year lands on the KGI (trial 41
    M2), or a reachable KGI's year landing short of it (trial 53 M3). None otherwise (the row
    is the record's, as before the year)."""
    if course is None or status_landing(result) is None:  # as the status says (trial 53 M3)
        return None
    left = course.kgi - course.actual
    if left <= 0:
        return text("dash.kgi_passed", language), -left, "rk_yen"
    if not course.months_left:  # the year is over: short by this much, nothing left to sell
        return text("dash.kgi_short_closed", language), left, "rk_yen"
    return text("dash.kgi_left", language, months=len(course.months_left)), left, "rk_yen"


def year_banner(course: YearCourse, language: str) -> str:
    """The running year's banner: which question it answers, the forecast against the KGI,
    and what closing the gap takes in each month left."""
    t = lambda key, **kw: text(key, language, **kw)  # noqa: E731
    ratio = fmt_pct(course.forecast / course.kgi)
    left = course.months_left
    if course.gap <= 0:
        return t(
            "dash.year_on_course", landing=fmt_yen(course.forecast), ratio=ratio, months=len(left)
        )
    if not left:
        return t("dash.year_closed_short", gap=fmt_yen(course.gap), ratio=ratio)
    lift = fmt_uplift(1 + course.lift)  # "—" when the forecast expects nothing more
    shaped = course.shaped
    if shaped is not None:  # by the months' targets: each month's amount (or the range)
        named = [
            t("dash.month_amount", month=m.month, abbr=m.strftime("%b"), amount=_yen_short(v))
            for m, v in zip(left, shaped, strict=True)
        ]
        if len(named) <= YEAR_MONTHS_NAMED:
            amounts = ("・" if language == "ja" else ", ").join(named)
        else:
            hi, lo = shaped.index(max(shaped)), shaped.index(min(shaped))
            amounts = t("dash.year_range", high=named[hi], low=named[lo])
        return t(
            "dash.year_short_shaped",
            gap=fmt_yen(course.gap),
            ratio=ratio,
            months=len(left),
            first=month_label(left[0]),
            last=month_label(left[-1]),
            share=fmt_uplift(1 + course.gap / sum(course.month_targets)),
            amounts=amounts,
            lift=lift,
        )
    return t(
        "dash.year_short",
        gap=fmt_yen(course.gap),
        ratio=ratio,
        months=len(left),
        first=month_label(left[0]),
        last=month_label(left[-1]),
        per_month=fmt_yen(course.per_month),
        lift=lift,
    )


def _kpi_table(
    g: _Grid, result: Result, language: str, fy_rows: dict[tuple[object, object], dict[str, object]]
) -> None:
    """The running year's KPI table: each team KPI to date, its attainment (the template's
    traffic lights), the year-end forecast and the year's target."""
    r0, c = BLOCK_TOP, KPI_COL
    heads = ("kpi", "actual", "due", "vs_due", "forecast_short", "fy_target_short")
    for j, key in enumerate(heads):
        g.put(r0, c + j, text(f"dash.{key}", language), "rk_header")
    fy_targets = _fy_targets(result)
    for i, key in enumerate(table_kpis(result), start=1):
        kpi = KPI_BY_KEY[key]
        row = fy_rows.get((TEAM, key))
        name = kpi_name(kpi, language)
        if key in CHURN_KPIS and row is not None:
            # The year to date as a year's rate, as the Attainment labels it (core.measure
            # summarize ``elapsed``): 年換算 beside a month's share of churn (tax42).
            name += text("label.annualized", language)
        g.put(r0 + i, c, name, "rk_text")
        if row is None:  # not measured yet: the year's target still is
            g.put(r0 + i, c + 5, _f(fy_targets.get(key)), kpi.style)
            continue
        g.put(r0 + i, c + 1, _f(row["actual"]), kpi.style)
        g.put(r0 + i, c + 2, _f(row["target_to_date"]), kpi.style)
        g.put(r0 + i, c + 3, _f(row["attainment"]), "rk_pct")
        forecast = rate_landings(result).get(key) if key in MIX_KPIS else _f(row["forecast"])
        g.put(r0 + i, c + 4, forecast, kpi.style)
        g.put(r0 + i, c + 5, _f(row["target"]), kpi.style)


# The KPI whose landing gives each fact a ratio is built from: the additive counts (revenue,
# orders, visits …) and the active accounts, a level (its monthly average; × the year's
# months for a per-month ratio's account-months). A fact with no KPI (appointments won) has
# no landing, and neither has a ratio built on it.
_FACT_LANDING: dict[str, str] = {
    str(k.numerator): k.key
    for k in KPI_BY_KEY.values()
    if k.numerator is not None and k.denominator is None and not k.at_span_end
}


def rate_landings(result: Result) -> dict[str, float | None]:
    """The team's landing of each ratio KPI (catalog ``fixed_mix``: unit price, visit
    frequency …) built as its year target is: each rep's landing numerator ÷ landing
    denominator (revenue forecast ÷ orders forecast; visits ÷ the active accounts × the
    year's months), the team's at the baseline's mix (``measure.team_at_mix``, as
    ``targets._team_totals``). The Attainment's fiscal-year forecast of a ratio is its year to
    date, which the year's target, holding the seasonal months, is not comparable with
    (trial 53 verify: 取引単価 ¥46,753 beside ¥54,680, −14.5%, at a pace of 98.8%: the school
    months' large orders are in the target, not yet in the year to date). None where a part
    has no landing (no forecast, appointments won) or no rep has a finite one."""
    return dict(_once(result, "rate_landings", _rate_landings_of))


def _rate_landings_of(result: Result) -> dict[str, float | None]:
    ev, rows = result.evidence, _fy_rows(result)
    months = len(ev.plan_months)

    def landed(rep: str, fact: str | None) -> float:
        key = _FACT_LANDING.get(str(fact), "")
        row = rows.get((rep, key)) if key else None
        value = _f(row.get("forecast")) if row is not None else None
        if value is None:
            return math.nan
        return value if KPI_BY_KEY[key].additive else value * months  # level × months

    out: dict[str, float | None] = {}
    for key in MIX_KPIS:
        kpi = KPI_BY_KEY[key]
        per_rep = {}
        for rep in ev.reps:
            num, den = landed(rep, kpi.numerator), landed(rep, kpi.denominator)
            per_rep[rep] = num / den if math.isfinite(num) and den > 0 else math.nan
        values = pd.DataFrame({key: pd.Series(per_rep, dtype=float)})
        weights = ev.mix_weights[[key]] if key in ev.mix_weights.columns else None
        team = team_at_mix(values, weights) if weights is not None else values.mean()
        value = float(team[key]) if len(team) else math.nan
        out[key] = value if math.isfinite(value) else None
    return out


def _mix_note(g: _Grid, result: Result, language: str) -> None:
    """Under the KPI table: the team's ratios (unit price, visit frequency …) are its reps'
    at last year's mix (catalog ``fixed_mix``), so growth landing on reps with a lower price
    never lowers them — and they need not equal revenue ÷ orders (trial 31 L5: ¥34,150
    beside 109,780,000 ÷ 3,177 = ¥34,554). Only when the table shows such a ratio for more
    than one rep."""
    shown = table_kpis(result)
    if len(result.evidence.reps) > 1 and any(key in MIX_KPIS for key in shown):
        g.put(MIX_NOTE_ROW, KPI_COL, text("dash.mix_note", language), "rk_text")


def kpi_name(kpi: Kpi, language: str) -> str:
    """The KPI's label in the Dashboard's tables, with 「(低いほど良い)」 where lower is better:
    trial 22 read 解約数 26 → 34 (+30.8%) in a +12% plan as a goal to lose more accounts."""
    if kpi.direction != "lower":
        return kpi.label(language)
    return kpi.label(language) + text("dash.lower_better", language)


# The KPI table before the plan year: label, baseline, the year's target, the change (the
# running year's columns are empty then: nothing is measured yet).
BEFORE_HEADS = ("kpi", "baseline_short", "fy_target_short", "change_short")


def _kpi_table_before(g: _Grid, result: Result, language: str) -> None:
    """Before the plan year: each team KPI's baseline (the Targets sheet's, the last 12
    months), the year's target and the change, so "churn 3.3%" reads as planned up from
    2.9% (trial 20: the target alone hid it). The change is text, a rate's in points: a
    number in the attainment column (the third after the label) would take its colours."""
    r0, c = BLOCK_TOP, KPI_COL
    for j in range(6):  # the header band as wide as the running year's
        key = BEFORE_HEADS[j] if j < len(BEFORE_HEADS) else None
        g.put(r0, c + j, text(f"dash.{key}", language) if key else "", "rk_header")
    targets, baselines = _fy_targets(result), _fy_targets(result, "baseline")
    reasons = kpi_reasons(result, language)
    if reasons:  # the band's fifth column: why a target moves against the plan
        g.put(r0, c + 4, text("dash.why_head", language), "rk_header")
    for i, key in enumerate(table_kpis(result), start=1):
        kpi = KPI_BY_KEY[key]
        before, target = _f(baselines.get(key)), _f(targets.get(key))
        g.put(r0 + i, c, kpi_name(kpi, language), "rk_text")
        g.put(r0 + i, c + 1, before, kpi.style)
        g.put(r0 + i, c + 2, target, kpi.style)
        g.put(r0 + i, c + 3, kpi_change(key, before, target, language), "rk_int_center")
        # Runs on into the empty column after it (the table's last, inside the page).
        g.put(r0 + i, c + 4, reasons.get(key), "rk_text")


# --- Why a KPI target moves against the plan, or far beyond it (trial 22 #7) ---------------
# 解約数 26 → 34 (+30.8%), 解約率 +0.8pt and 利用金額 +34.7% beside a +12% plan: the Plan
# explained them, the Dashboard did not. Each such row gets a short reason (``kpi_reasons``).
MOVE_MIN = 0.005  # a change under 0.5% (0.1pt for a rate) is no move either way
BEYOND_MIN = 0.05  # "far beyond": over twice the plan's change and 5 points more than it
CHURN_KPIS = ("churn_rate", "retention_rate")
RUNNING_TOTALS = ("usage_to_date", "retention_months")  # read at the plan year's end
# A count or ratio that is the product of others: the parts that can move it.
PRODUCT_PARTS: dict[str, tuple[str, ...]] = {
    "orders_per_account": ("visits_per_account", "orders_per_visit"),
    "orders": ("active_accounts", "orders_per_account"),
    "visits": ("active_accounts", "visits_per_account"),
}
# The reasons fit the before-year table's two free columns (K:L, 32 units) on one line.
REASON_WIDTH = 30


def kpi_move(key: str, baseline: float, target: float, plan_change: float) -> str:
    """How a KPI's target moves beside a growing plan (``plan_change``: +0.12 for +12%):
    "against" it (worse than the baseline: fewer, or more where lower is better), "beyond"
    it (higher-is-better, over twice as much and 5 points more), else ""."""
    if not (math.isfinite(baseline) and math.isfinite(target)) or key == "revenue":
        return ""
    kpi = KPI_BY_KEY[key]
    if kpi.unit == "rate":  # in points, as the table shows them
        change = (round(target * 100, 1) - round(baseline * 100, 1)) / 100
        least = 0.001
    elif baseline > 0:
        change, least = target / baseline - 1, MOVE_MIN
    else:
        return ""
    if plan_change < 0:  # a shrinking plan: every target may fall with it
        return ""
    better = change if kpi.direction != "lower" else -change
    if better <= -least + 1e-12:
        return "against"
    higher = kpi.unit != "rate" and kpi.direction != "lower"
    return "beyond" if higher and change > max(2 * plan_change, plan_change + BEYOND_MIN) else ""


# The prospecting counts a rep who began inside the baseline has scaled to a year
# (core.meetings.pipeline_per_year), by the facts' column they are counted in.
SCALED_COUNTS = {"meetings": "meetings", "appointment_attempts": "attempts"}


def counted_last_year(ev: Evidence, rep: str, key: str) -> float | None:
    """The count of ``key`` over the baseline months as booked, when the baseline differs
    from it by half a count or more (a newcomer's months scaled to a year); None otherwise
    (trial 30 L2: 「前年 176件」 was 155 counted, and 579.5 attempts read as a count)."""
    return LastYearCounts(ev)(rep, key)


class LastYearCounts:
    """``counted_last_year`` for one result's reps and KPIs: the Targets sheet asks for every
    rep's two counts. Each rep's count over the baseline months is summed once for all reps,
    from the facts' arrays (a cut of the facts per rep was half of that sheet's rendering)."""

    def __init__(self, ev: Evidence) -> None:
        self.ev = ev
        self.counted: dict[str, dict[str, float]] | None = None  # column → rep → count

    def __call__(self, rep: str, key: str) -> float | None:
        ev = self.ev
        column = SCALED_COUNTS.get(key)
        if column is None or column not in ev.facts.columns or rep not in ev.base.index:
            return None
        if key not in ev.base.columns:
            return None
        if self.counted is None:  # once per evidence: the Targets sheet and the Dashboard ask
            self.counted = once(ev, "_baseline_counts", lambda: _baseline_counts(ev))
        counted = self.counted[column].get(rep)
        if counted is None:  # no facts of his
            return None
        base = float(ev.base.at[rep, key])
        return counted if math.isfinite(base) and abs(base - counted) >= 0.5 else None


def _baseline_counts(ev: Evidence) -> dict[str, dict[str, float]]:
    """Each ``SCALED_COUNTS`` column's sum over the baseline months per rep with facts, as
    ``Series.sum`` of his rows gives it: the same values in the same order (blanks as 0),
    NumPy's sum (pairwise), so the same float to the bit."""
    facts = ev.facts
    reps = facts.index.get_level_values("rep").tolist()
    inside = facts.index.get_level_values("month").isin(list(ev.baseline_months))
    rows: dict[str, list[int]] = {rep: [] for rep in reps}
    for i in np.flatnonzero(inside).tolist():
        rows[reps[i]].append(i)
    counted: dict[str, dict[str, float]] = {}
    for column in SCALED_COUNTS.values():
        if column not in facts.columns:
            continue
        values = facts[column].to_numpy()
        if values.dtype.kind == "f":
            values = np.where(np.isnan(values), 0.0, values)
        counted[column] = {rep: float(values[at].sum()) for rep, at in rows.items()}
    return counted


def kpi_reasons(result: Result, language: str, *, wide: bool = False) -> dict[str, str]:
    """KPI → a short reason its team target moves against the plan or far beyond it (the
    Plan's longer notes in a few words): only the KPIs the Dashboard's table shows.
    ``wide``: for the running year's notes (a line of their own, not a 30-unit column): a
    baseline made a year from a newcomer's months says the change too, as the Plan does."""
    plan, ev = result.plan, result.evidence
    targets, baselines = _fy_targets(result), _fy_targets(result, "baseline")
    plan_change = plan.uplift - 1
    t = lambda key, **kw: text(key, language, **kw)  # noqa: E731
    shown = table_kpis(result)
    moves = {
        key: kpi_move(key, _f(baselines.get(key)), _f(targets.get(key)), plan_change)
        for key in shown
    }
    reasons: dict[str, str] = {}
    revision = planned_revision(result, language)
    left = result.departed_cuts
    for key, move in moves.items():
        if key in left:
            # A rep who left took his prospecting along (core.departed, trial 35 L6): the
            # team's target is the plan's less his months after he left, said with both.
            planned, cut = left[key]
            reasons[key] = t(
                "dash.departed_change" if wide else "dash.why_departed_short",
                target=fmt_num(planned - cut, 0),
                planned=fmt_num(planned, 0),
                cut=fmt_num(cut, 0),
                reps=("・" if language == "ja" else ", ").join(sorted(result.departed)),
            )
            continue
        if key == "unit_price" and revision and move != "against":
            # The manager's revision is most of the price's move (trial 34 L5: +4.1% with
            # an empty reason and a bridge bar that did not say so).
            reasons[key] = t("dash.why_revision", revision=revision)
            continue
        if not move:
            # A baseline that makes a newcomer's months a year: said, with the count (the
            # Plan's 「年換算 176件・実数 155件」; trial 30 L2).
            counted = counted_last_year(ev, TEAM, key)
            if counted is not None:
                before, after = _f(baselines.get(key)), _f(targets.get(key))
                if wide and before and math.isfinite(before) and math.isfinite(after):
                    # 「目標 409件 = 前年 382件(…年換算、実数 304件)の +7.1%」, the Plan's words
                    # (trial 35 L2: 「年換算(実数 304件)」 alone read as a fragment).
                    reasons[key] = t(
                        "dash.scaled_change",
                        target=fmt_num(after, 0),
                        annual=fmt_num(before, 0),
                        counted=fmt_num(counted, 0),
                        change=fmt_uplift(after / before),
                    )
                else:
                    reasons[key] = t("dash.why_scaled", counted=fmt_num(counted, 0))
            continue
        before = _f(baselines.get(key))
        if key in CHURN_KPIS:
            # The churn target is the usual rate over up to three years (core.flows), not
            # last year's: a good last year reads as a worse target.
            reasons[key] = t("dash.why_usual_rate")
        elif key == "cancellations":
            reasons[key] = _cancellation_reason(result, language, before)
        elif key == "new_accounts" and move == "against":
            # Wins come at their usual pace (core.flows), not last year's count.
            reasons[key] = t("dash.why_usual_pace")
        elif key == "new_accounts":
            # Far above last year: a newcomer's wins at his meetings' pace (core.targets
            # building_pace) where that floor set his target, else the Plan says (trial 30 L3:
            # "last year was high" beside 62 → 73).
            floor = {n.code for n in plan.notes if n.code.startswith("building_wins_pace")}
            why = "dash.why_building_pace" if floor else "dash.why_see_plan"
            if "building_wins_pace_direct" in floor:  # his appointments', no meetings stage
                why = "dash.why_building_appointments"
            reasons[key] = t(why)
        elif key in RUNNING_TOTALS:
            reasons[key] = t("dash.why_running_total")
        elif key in PRODUCT_PARTS:
            # The part that moves it (orders per account down with orders per visit).
            part = _moved_part(key, baselines, targets)
            reasons[key] = (
                t("dash.why_follows", part=_bare(KPI_BY_KEY[part].label(language)))
                if part
                else t("dash.why_see_plan")
            )
        elif key in plan.levers and move == "beyond":
            reasons[key] = t("dash.why_carries")  # the KGI's push sits on this lever
        elif (
            key in plan.levers
            and (trend := _yearly_trend(result, key)) is not None
            and ((trend < 0) == (KPI_BY_KEY[key].direction != "lower"))
        ):  # a lever left on its own falling course (the Plan's lever rows)
            reasons[key] = t("dash.why_trend", trend=fmt_uplift(math.exp(trend)))
        else:
            reasons[key] = t("dash.why_see_plan")
    return reasons


# The running year's reasons: under the plan and year-to-date blocks (rows 15-19, columns A-F,
# empty in every layout: the plan block ends at row 14), beside the KPI table's lower rows.
REASON_TOP = BLOCK_TOP + 10
REASON_LINES = CHART_TOP - 1 - REASON_TOP  # lines under the heading, above the charts
REASON_LINE_WIDTH = 100  # columns A-F are 104 units; the KPI table begins after them


def _reason_notes(
    g: _Grid,
    reasons: Mapping[str, str],
    language: str,
    leave: Sequence[str] = (),
    branches: Sequence[str] = (),
    extra: Sequence[str] = (),
) -> None:
    """The running year's reasons (its KPI table has no free column): KPIs that share a
    reason on one item, wrapped over the lines there are, the last cut with 「…」; then the
    branches' revenue targets (``branch_items``: before the year) and the plan year's leave
    (``leave_items``), each under its own heading when it is the first item (before the
    year the reasons are in the KPI table); ``extra``: items after the reasons."""
    if not (reasons or leave or branches or extra):
        return
    by_reason: dict[str, list[str]] = {}
    for key, why in reasons.items():
        by_reason.setdefault(why, []).append(KPI_BY_KEY[key].label(language))
    sep = "・" if language == "ja" else ", "
    items = [text("dash.why_item", language, kpi=sep.join(k), why=w) for w, k in by_reason.items()]
    items.extend(extra)  # what an actual to date is read on (known_losses_items)
    if branches:
        said = " / ".join(branches)
        head = text("plan.branches", language)
        items.append(text("dash.why_item", language, kpi=head, why=said) if items else said)
    if leave:
        said = sep.join(leave) + ("。" if language == "ja" else ": ")
        said += text("dash.leave_note", language)
        head = text("dash.leave_head", language)
        items.append(text("dash.why_item", language, kpi=head, why=said) if items else said)
    lines = wrap_text(" / ".join(items), REASON_LINE_WIDTH)
    if len(lines) > REASON_LINES:
        lines = [*lines[: REASON_LINES - 1], lines[REASON_LINES - 1] + " …"]
    heading = (
        "dash.why_notes" if reasons or extra else "plan.branches" if branches else "dash.leave_head"
    )
    g.put(REASON_TOP, PLAN_COL, text(heading, language), "rk_header")
    g.put(REASON_TOP, PLAN_COL + 1, "", "rk_header")
    for i, line in enumerate(lines, start=1):
        g.put(REASON_TOP + i, PLAN_COL, line, "rk_text")


def known_losses_items(result: Result, language: str) -> list[str]:
    """The losses to date counted as known (core.measure.known_losses): one item saying how
    many closures nobody typed count in the month the lapse rule knew them (trial 48 fix49i:
    132 read green against 219 where 212 happened); none when it moves none."""
    from routekpi.core.lapse import LAPSE_DAYS
    from routekpi.core.measure import known_in

    year = result.year_so_far
    count = known_in(result.history, year.started, result.evidence.as_of)
    if not count:
        return []
    said = text("dash.known_losses", language, count=count, days=LAPSE_DAYS)
    return [text("dash.why_item", language, kpi=text("dash.known_losses_head", language), why=said)]


def branch_items(result: Result, language: str) -> list[str]:
    """Each branch's revenue target as the Plan's subtotals give it, 「東京 計 ¥526,537,809
    (5人、基準売上比 +7.9%)」 (``render.branch_totals``); none when no rep has a branch."""
    from routekpi.render import branch_totals  # render imports this module

    return [
        text(
            "dash.branch_item_base",
            language,
            branch=text("branch.subtotal", language, branch=branch),
            target=fmt_yen(target),
            count=len(reps),
            change=fmt_uplift(target / base) if base > 0 else "—",
        )
        for branch, reps, target, base in branch_totals(result, language)
    ]


def leave_items(result: Result, language: str) -> list[str]:
    """Each Leave row inside the plan year, 「小川 2027-01-04〜2027-01-22(13営業日)」 (its working
    days in the year): the Dashboard's short line on it (trial 34 L5: the leave was on the
    Plan and Checks only)."""
    ev = result.evidence
    if not ev.plan_months or not ev.calendar.leave:
        return []
    first, last = ev.plan_months[0].start_time.date(), ev.plan_months[-1].end_time.date()
    reps = {str(r) for r in ev.reps}
    out = []
    for rep, a, b in sorted(ev.calendar.leave, key=lambda x: (x[1], str(x[0]))):
        if str(rep) not in reps or b < first or a > last:
            continue
        days = len(ev.calendar.working_days(max(a, first), min(b, last)))
        out.append(
            text(
                "dash.leave_item",
                language,
                rep=rep,
                first=a.isoformat(),
                last=b.isoformat(),
                days=days,
            )
        )
    return out


def _bare(label: str) -> str:
    """A KPI label without its unit in brackets (訪問頻度(月/顧客) → 訪問頻度): the reason
    must fit its two columns, and the table names the unit on the row above or below."""
    return re.sub(r"\s*[((][^()()]*[))]$", "", label)


def _moved_part(
    key: str, baselines: Mapping[object, object], targets: Mapping[object, object]
) -> str | None:
    """The part of a product KPI (``PRODUCT_PARTS``) that moves most the way it moves: two
    parts of −0.3% each make a −0.6% product, so no threshold of their own."""
    before, target = _f(baselines.get(key)), _f(targets.get(key))
    if not (before > 0 and target > 0):
        return None
    way = math.copysign(1.0, math.log(target / before))
    moves = {}
    for part in PRODUCT_PARTS[key]:
        b, t = _f(baselines.get(part)), _f(targets.get(part))
        if b > 0 and t > 0 and math.log(t / b) * way > 0:
            moves[part] = math.log(t / b) * way
    return max(moves, key=moves.__getitem__) if moves else None


def _yearly_trend(result: Result, key: str) -> float | None:
    """The team's expected yearly log change of a lever (the Plan's 「伸びの出どころ」), when it
    is a real move (None: no evidence, or under 0.5% a year)."""
    lev = result.evidence.lever_evidence
    if lev is None or key not in lev.trend.columns or TEAM not in lev.trend.index:
        return None
    trend = float(lev.trend.at[TEAM, key])
    return trend if math.isfinite(trend) and abs(trend) >= math.log1p(MOVE_MIN) else None


def _cancellation_reason(result: Result, language: str, before: float) -> str:
    """More cancellations allowed: more accounts held, a usual churn above last year's, or
    both (cancellations = accounts at the year's start × churn rate)."""
    ev = result.evidence
    targets, baselines = _fy_targets(result), _fy_targets(result, "baseline")
    usual, last = _f(targets.get("churn_rate")), _f(baselines.get("churn_rate"))
    start = float(ev.start_accounts.reindex(ev.reps).fillna(0).sum())
    start_before = before / last if last > 0 else math.nan
    more_accounts = math.isfinite(start_before) and start > start_before * (1 + MOVE_MIN)
    higher_rate = math.isfinite(usual) and math.isfinite(last) and usual - last >= 0.001
    if more_accounts and higher_rate:
        return text("dash.why_cancel_both", language)
    if higher_rate:
        return text("dash.why_usual_rate", language)
    if more_accounts:
        return text("dash.why_cancel_accounts", language)
    return text("dash.why_see_plan", language)


HANDED_MARK = "*"  # after the name of a rep whose bar leaves out the accounts he handed over


def overrides_of(result: Result) -> pd.DataFrame:
    """The year targets the Overrides changed (``core.overrides.overridden_years``): once a
    result (the Plan asks three times, the Dashboard once; callers only read it)."""
    return _once(result, "overrides", _overrides_of)


def _overrides_of(result: Result) -> pd.DataFrame:
    ev = result.evidence
    fy = fiscal_label(ev.settings.plan_year)
    return overridden_years(ev.settings.overrides, result.plan.fy, result.targets, fy)


def kgi_gap(result: Result, over: pd.DataFrame) -> tuple[float, float] | None:
    """(the team's revenue target, its difference from the KGI) when overrides moved it."""
    hit = over[(over["rep"] == TEAM) & (over["kpi"] == "revenue")]
    if hit.empty:
        return None
    team = float(hit["shown"].iloc[0])
    gap = team - float(result.plan.kgi)
    return (team, gap) if abs(gap) >= 0.5 else None


def _capped_target(result: Result) -> float | None:
    """The team's revenue target for the year when every ceiling stops it below the KGI (a
    KGI not feasible); None otherwise."""
    plan = result.plan
    if plan.feasible:
        return None
    team = _f(_fy_targets(result).get("revenue"))
    return team if math.isfinite(team) and abs(team - plan.kgi) >= 0.5 else None


def stretch_grade(stretch: Stretch, plan: Plan | None = None) -> str:
    """``slight``, ``far``, ``flat`` (a team that never grew) or, given its ``plan``,
    ``shrink`` (a team whose strong years shrank too: core.record): the words' key suffix."""
    if plan is not None and shrinking_record(plan):
        return "shrink"
    if stretch.strong_growth <= 0:
        return "flat"
    return "far" if stretch.far else "slight"


def past_reach(plan: Plan) -> Stretch | None:
    """A KGI beyond every ceiling (not feasible) against the strong-year line, as one beyond
    the record is (None: reachable, or no record). Its words are at least as strong as a far
    stretch's: how many strong years it asks, and that the ceiling it misses is every rep's
    best year at once, no guide (trial 30 M2: ¥323M read "¥1.0M short" of the ceiling where
    ¥315M read "far beyond the record")."""
    if plan.feasible or not math.isfinite(plan.record_kgi) or not plan.baseline_revenue > 0:
        return None
    return Stretch(plan.kgi, plan.baseline_revenue, plan.record_kgi)


def past_reach_grade(stretch: Stretch) -> str:
    """``no`` or ``no_flat`` (a team that never grew): the ``stretch.*_no`` key suffix."""
    return "no_flat" if stretch.strong_growth <= 0 else "no"


def stretch_words(
    plan: Plan, stretch: Stretch, ev: Evidence | None = None, language: str = "ja"
) -> dict[str, str]:
    """The numbers the ``stretch.*`` messages quote, formatted; given ``ev``, for a team whose
    strong years shrank (core.record) also the KGI's pace against its best 12 months."""
    words = {
        "gap": fmt_yen(plan.gap),
        "record": fmt_yen(stretch.record),
        "growth": fmt_uplift(plan.record_uplift),
        "annual": fmt_uplift(plan.record_yearly),
        "past": fmt_yen(stretch.past),
        "times": f"{stretch.times:.1f}",
        "uplift": fmt_uplift(plan.uplift),
        "limit": f"{1 + SLIGHTLY_BEYOND:g}",
        "reach": fmt_yen(plan.max_reachable_kgi),
    }
    if ev is not None and shrinking_record(plan):
        words.update(pace_words(ev, plan, language))
    return words


def pace_words(ev: Evidence, plan: Plan, language: str) -> dict[str, str]:
    """``pace_words``: the KGI's change a year against the team's best 12 months on record
    (better than any of them, or better than a strong year and near the best), and ``best``
    (trial 53 H3: 「前年比 -2.0% は、過去のどの12か月(最良 -2.6%)よりも良い水準です」)."""
    pace, best = kgi_pace(ev, plan), best_change(ev)
    # Over a longer horizon both figures: the change on the baseline (the Plan's 必要な伸び率)
    # and its pace a year, which the best 12 months are set against (trial 53 verify: −1.2%
    # and 「年 −0.7% のペース」 on one screen, unexplained).
    yearly = "_yearly" if horizon_years(ev) > 1 else ""
    beyond = not math.isfinite(best) or pace > best
    key = f"stretch.pace_{'beyond_best' if beyond else 'near_best'}{yearly}"
    numbers = {
        "pace": fmt_uplift(pace),
        "best": fmt_uplift(best),
        "annual": fmt_uplift(plan.record_yearly),
        "uplift": fmt_uplift(plan.uplift),
        "months": str(12 + ev.gap_months),
    }
    return {"pace_words": text(key, language, **numbers), "best": numbers["best"]}


def gap_words(team: float, gap: float, language: str) -> dict[str, str]:
    """Words for the reps' revenue against the KGI: the sum, how far, below or above."""
    side = "plan.override_less" if gap < 0 else "plan.override_more"
    return {"team": fmt_yen(team), "gap": fmt_yen(abs(gap)), "side": text(side, language)}


def _override_items(over: pd.DataFrame, language: str) -> str:
    """「高田 誠 売上」: who and which target the overrides changed, for the banner."""
    team = text("plan.override_team", language)
    names = [
        f"{team if r.rep == TEAM else r.rep} "
        f"{KPI_BY_KEY[r.kpi].label(language) if r.kpi in KPI_BY_KEY else r.kpi}"
        for r in over.itertuples()
        if r.rep != TEAM or r.typed
    ]
    return ("、" if language == "ja" else ", ").join(names)


def dashboard_rows(
    result: Result, language: str, status: str = "", checks: Sequence[Check] = ()
) -> list[Row]:
    """Every cell of the Dashboard (row 1 down), including the chart data below the page.

    A KGI typed in the wrong unit (the critical ``kgi_scale`` check) takes the banner, in
    red: a plan for ¥290 is "reachable" but not what anyone meant.
    """
    ev, plan = result.evidence, result.plan
    t = lambda key, **kw: text(key, language, **kw)  # noqa: E731
    g = _Grid()
    months = ev.plan_months
    fy = ev.settings.year_name()
    title = t("dash.title", fy=fy, start=str(months[0]), end=str(months[-1]))
    later = visits_after(result.history, ev) if result.history is not None else None
    if later is not None:  # visits typed past the last order (trial 43 H1): both days said
        days = {"orders": _md(ev.as_of, language), "visits": _md(later[0], language)}
        # And which KPIs run to the last visit (core.review ``measured_through``): those
        # the KPI table shows, in its order (rev44: not アポ打診数, which it leaves out).
        measured = [k for k in table_kpis(result) if k in VISIT_MEASURED]
        more = t("dash.two_dates_of", kpis=kpi_list(measured, language), **days)
        title += t("dash.title_sep") + more
    g.put(TITLE_ROW, 1, title, "rk_title")
    g.put(STATUS_ROW, 1, t("plan.status"), "rk_header")
    g.put(STATUS_ROW, 2, status, "rk_text")
    scale = next((c for c in checks if c.problem in BANNER_CHECKS), None)
    course = year_course(result)
    if scale is not None:
        banner = text(scale.problem, language, **scale.params)
    elif course is not None:
        banner = year_banner(course, language)
    elif (stretch := stretch_of(plan)) is not None:
        # How far past the strong-year line, in yen and strong years of growth (core.stretch).
        words = stretch_words(plan, stretch, ev, language)
        banner = t(f"stretch.dash_{stretch_grade(stretch, plan)}", **words)
    elif plan.within_record:
        # Green quotes the team's strong-year growth, not every rep's best year at once.
        annual = fmt_uplift(plan.record_yearly)
        # With the growth on the baseline, as the red banner: the year's rate compounds from
        # the baseline to the plan year, and the row below compares the KGI to the baseline.
        shape = "_shrink" if shrinking_record(plan) else "" if plan.record_yearly > 1 else "_flat"
        banner = t(
            f"dash.feasible_record{shape}",
            annual=annual,
            record=fmt_yen(plan.record_kgi),
            growth=fmt_uplift(plan.record_uplift),
        )
    elif unrecorded(plan):  # reachable on the ceilings, no year-on-year record (core.stretch)
        banner = t("dash.feasible_unrecorded", max=fmt_yen(plan.max_reachable_kgi))
    elif shown_feasibility(plan) == "heading":
        # Above the strong-year KGI, within the team's trends: not "within the record" (the
        # Plan's row says the same; trial 29 L4).
        banner = t(
            "dash.feasible_heading",
            trend=fmt_yen(plan.trend_kgi),
            record=fmt_yen(plan.record_kgi),
            max=fmt_yen(plan.max_reachable_kgi),
        )
    elif plan.feasible:
        banner = t("dash.feasible", max=fmt_yen(plan.max_reachable_kgi))
    elif (beyond := past_reach(plan)) is not None:
        # Past every ceiling: the strong years it asks, the ceiling as no guide (trial 30 M2).
        banner = t(f"stretch.dash_{past_reach_grade(beyond)}", **stretch_words(plan, beyond))
    else:
        banner = t("dash.infeasible", max=fmt_yen(plan.max_reachable_kgi), gap=fmt_yen(plan.gap))
    quotes_record = plan.beyond_record or plan.within_record or past_reach(plan) is not None
    if scale is None and course is None and plan.record_steps and quotes_record:
        # The record it quotes leaves out a one-off price step (core.levers): say so, as the
        # Plan does (trial 20: a subsidy year had made +15% read as the team's strong year).
        banner += t("plan.record_step", steps=", ".join(plan.record_steps))
    # A KGI a tax rate below the 税込 baseline, or above the 税抜 one beside a 税込 column
    # (validation.tax.tax_kgi_check): the manager reads the Dashboard first, and every line
    # of it is judged against that KGI (session 39 note).
    taxed = next((c for c in checks if c.problem in BANNER_NOTES), None)
    if scale is None and taxed is not None:
        banner += t(f"dash.{taxed.problem}", **taxed.params)
    # Wrapping in its merged row, the row as tall as its lines (banner_heights; trial 41 L1).
    g.put(BANNER_ROW, 1, banner, BANNER_STYLE)
    over = overrides_of(result)
    off = kgi_gap(result, over)

    # Plan block
    r0, c = BLOCK_TOP, PLAN_COL
    rule = ceiling_rule(ev.lever_evidence)
    max_label = t("stretch.dash_max_cap", **rule[1]) if rule else t("stretch.dash_max")
    tax = tax_mark(checks, language)
    baseline_span = month_span(ev.baseline_months[0], ev.baseline_months[-1])
    g.put(r0, c, t("dash.plan_block"), "rk_header")
    g.put(r0, c + 1, "", "rk_header")
    for i, (label, value, style) in enumerate(
        (
            # 「(税込)」 when the amounts were read tax-included (validation.tax), as on the Plan.
            (t("plan.kgi") + tax, plan.kgi, "rk_yen"),
            (t("dash.baseline", tax=tax, months=baseline_span), plan.baseline_revenue, "rk_yen"),
            # Its base named (trial 37 L4): the baseline row above, not this year's landing.
            (t("dash.uplift"), uplift_value(plan.uplift), "rk_pct_signed"),
            # Every rep at his best year at once: a ceiling, not headroom (trial 23); held by
            # the team's best growth plus a margin, that rule names it (core.stretch).
            (max_label, plan.max_reachable_kgi, "rk_yen"),
            # Beyond the team's record but reachable, "Gap ¥0" under a red banner read as
            # "no problem" (trial 19): the row gives what the KGI asks beyond a strong year;
            # a running year landing on the KGI, what is left to sell (``landing_row``).
            landing_row(result, course, language)
            or (
                (t("plan.gap_record"), plan.kgi - plan.record_kgi, "rk_yen")
                if plan.beyond_record and not plan.gap > 0
                else (t("plan.gap"), plan.gap, "rk_yen")
            ),
            (t("plan.as_of"), ev.as_of, "rk_date"),
        ),
        start=1,
    ):
        g.put(r0 + i, c, label, "rk_text")
        g.put(r0 + i, c + 1, _f(value) if style != "rk_date" else value, style)
    # Planned before this year closes: the KGI over this year's expected landing (Plan sheet).
    found = landing(ev, result.history)
    if found is not None and found.team("landing") > 0:
        g.put(
            r0 + 7, c, t("plan.kgi_vs_landing", year=ev.settings.year_name(found.year)), "rk_text"
        )
        g.put(r0 + 7, c + 1, plan.kgi / found.team("landing") - 1, "rk_pct_signed")
    # Overrides in force (trial 22: the KGI ¥5,685M beside a team target of ¥5,655M, the
    # difference said on the Checks sheet only): the reps' sum and its gap to the KGI, or
    # which targets were typed; the Plan's line says the rest.
    if off is not None:
        g.put(r0 + 8, c, t("dash.override_sum"), "rk_text")
        g.put(r0 + 8, c + 1, off[0], "rk_yen")
        g.put(r0 + 9, c, t("dash.override_gap"), "rk_text")
        g.put(r0 + 9, c + 1, off[1], "rk_yen")
    elif not over.empty:
        g.put(r0 + 8, c, t("plan.overrides"), "rk_text")
        g.put(r0 + 8, c + 1, _override_items(over, language), "rk_text")

    # Year-to-date block (team revenue)
    c = YTD_COL
    # Before the plan year starts (budgeting in November) there is nothing to date yet: the
    # header says when counting begins, so empty cells and bars do not read as zero sales.
    started = months[0].start_time.date() <= ev.as_of
    g.put(
        r0,
        c,
        t("dash.ytd_block") if started else t("dash.ytd_from", start=month_label(months[0])),
        "rk_header",
    )
    g.put(r0, c + 1, "", "rk_header")
    fy_rows = _fy_rows(result)
    rev = fy_rows.get((TEAM, "revenue"))
    ytd_values: list[tuple[str, object, str]] = [
        (t("dash.ytd_actual"), rev["actual"] if rev is not None else None, "rk_yen"),
        (t("dash.ytd_target"), rev["target_to_date"] if rev is not None else None, "rk_yen"),
        (t("dash.ytd_attainment"), rev["attainment"] if rev is not None else None, "rk_pct"),
        (t("dash.forecast"), rev["forecast"] if rev is not None else None, "rk_yen"),
        (
            t("dash.forecast_vs_kgi"),
            _f(rev["forecast"]) / plan.kgi if rev is not None and plan.kgi else None,
            "rk_pct",
        ),
        # The team's revenue target: the KGI, or the reps' typed sum (the KPI table's); past
        # every ceiling, the capped sum the KPI table gives, named so (the KGI typed is in
        # the plan block: trial 30 M2 read two "年間目標", ¥323,000,000 and ¥321,999,404).
        (t("dash.fy_target"), off[0], "rk_yen")
        if off is not None
        else (t("dash.fy_target_capped"), capped, "rk_yen")
        if (capped := _capped_target(result)) is not None
        else (t("dash.fy_target"), plan.kgi, "rk_yen"),
    ]
    for i, (label, value, style) in enumerate(ytd_values, start=1):
        g.put(r0 + i, c, label, "rk_text")
        g.put(r0 + i, c + 1, _f(value) if value is not None else None, style)

    # KPI traffic-light table (team, year to date; before the year, baseline → target)
    leave = leave_items(result, language)
    if started:
        _kpi_table(g, result, language, fy_rows)
        known = known_losses_items(result, language)
        _reason_notes(g, kpi_reasons(result, language, wide=True), language, leave, extra=known)
    else:
        _kpi_table_before(g, result, language)
        # The reasons are in its KPI table; the branches' targets before the year (trial 36
        # L3: the Plan's subtotals were the only branch view before the year).
        _reason_notes(g, {}, language, leave, branch_items(result, language))
    _mix_note(g, result, language)

    # --- chart data (below the printed page) ---
    d = DATA_COL
    g.put(DATA_TOP, 1, t("dash.chart_data"), "rk_header")
    # 1/0, not TRUE/FALSE: LibreOffice saves a boolean as a =TRUE() formula, which the next
    # recalc would take for something the user typed.
    green = plan.feasible and not plan.beyond_record and scale is None
    colour = BANNER_GREEN if green else BANNER_RED
    stretch = stretch_of(plan)
    if scale is None and stretch is not None and stretch_grade(stretch) == "slight":
        colour = BANNER_AMBER  # slightly beyond the strong-year line (core.stretch)
    if scale is None and unrecorded(plan):
        colour = BANNER_AMBER  # reachable, with no year-on-year record to judge by

    if course is not None and scale is None:
        colour = course.colour
    g.put(FEASIBLE_ROW, d + 1, colour)
    # Burn-up: cumulative team revenue target and actual by month.
    for j, key in enumerate(("dash.month", "dash.cum_target", "dash.cum_actual")):
        g.put(BURNUP_HEAD, d + j, t(key), "rk_header")
    targets = result.targets
    team_rev = targets[(targets["rep"] == TEAM) & (targets["kpi"] == "revenue")]
    by_period = dict(zip(team_rev["period"], team_rev["target"], strict=False))
    att = result.attainment
    actual_by = {}
    due_by: dict[object, object] = {}
    if not att.empty:
        team_att = att[(att["rep"] == TEAM) & (att["kpi"] == "revenue")]
        actual_by = dict(zip(team_att["period"], team_att["actual"], strict=False))
        due_by = dict(zip(team_att["period"], team_att["target_to_date"], strict=False))
    cum_t = cum_a = 0.0
    for i, m in enumerate(months):
        label = month_label(m)
        shown, point = label, cum_t + _f(by_period.get(label, 0.0))
        due = _f(due_by.get(label))
        if label in actual_by and not ev.calendar.month_over(m, ev.as_of) and math.isfinite(due):
            # The month in progress (trial 37 L3): its actual so far against its target to
            # date by working days (the 累計目標(経過分) beside), not the whole month's; over
            # by its last working day (October's data to Friday 10/30 is October's whole).
            shown = t("dash.month_to_date", month=label, day=f"{ev.as_of.month}/{ev.as_of.day}")
            point = cum_t + due
        cum_t += _f(by_period.get(label, 0.0))
        g.put(BURNUP_FIRST + i, d, shown, "rk_text")
        g.put(BURNUP_FIRST + i, d + 1, point, "rk_yen")
        if label in actual_by:
            cum_a += _f(actual_by[label])
            g.put(BURNUP_FIRST + i, d + 2, cum_a, "rk_yen")
    # The charts' titles, read by the charts (io.dashboard_template): in the book's language
    # (the rep chart's is written with its bars below: it says what they show).
    steps = bridge_steps(result, language)
    axis = bridge_axis_min(steps)
    for chart, row in CHART_TITLE_ROWS.items():
        if chart != "reps":
            title = t(f"template.chart_{chart}")
            if chart == "bridge" and axis > 0:
                title += t("dash.bridge_axis_from", start=fmt_yen_m(axis))
            g.put(row, TITLE_COL, title, "rk_text")
    # Bridge: invisible base, increase, decrease, total (a stacked column chart).
    for j, key in enumerate(("dash.step", "dash.base", "dash.up", "dash.down", "dash.total")):
        g.put(BRIDGE_HEAD, d + j, t(key), "rk_header")
    g.put(BRIDGE_HEAD, BRIDGE_AXIS_COL, t("dash.bridge_axis"), "rk_header")
    g.put(BRIDGE_AXIS_ROW, BRIDGE_AXIS_COL, axis, "rk_yen")
    gap_label = t("dash.bridge_gap")
    for i in range(min(BRIDGE_SLOTS, len(steps))):
        r = BRIDGE_FIRST + i
        label, start, end = steps[i]
        g.put(r, d, label, "rk_text")
        if start == 0.0:  # a total bar
            g.put(r, d + 4, end, BRIDGE_TOTAL)
        else:  # a step floats on an invisible base; a rise is green, a fall or the gap red
            g.put(r, d + 1, min(start, end), "rk_yen")
            # A bar's height is its size; its sign is in the cell's format, which its data
            # label shows: −¥6.5M for a fall, +¥12.0M for a rise, the gap as an amount.
            gap, fall = label == gap_label, end < start
            style = BRIDGE_TOTAL if gap else BRIDGE_DOWN if fall else BRIDGE_UP
            g.put(r, d + (3 if gap or fall else 2), abs(end - start), style)
    # Attainment by rep: year-to-date revenue against the target to date, in one of three
    # columns by the Settings thresholds, so the bars take the traffic-light colours.
    bands = ("dash.rep", "dash.band_critical", "dash.band_warn", "dash.band_ok")
    # A rep who handed accounts over during the year: his bar (colour and value) is the
    # attainment on the book he kept, as the flags and the Review judge him, his name marked
    # and the note below giving both that and the attainment as booked.
    unplanned = unplanned_reps(result)
    reps = chart_reps(result)
    moved = moved_books(result) if started else {}
    kept = {rep: c.own for rep, c in moved.items()}
    plain = all(c.basis == "kept" and not c.taken for c in moved.values())
    handed: list[str] = []  # "rep kept% (booked%)" for the note
    departed = result.departed if started else {}
    gone: list[str] = []  # "rep last day ¥ revenue" for the note: left during the year, no bar
    without: list[str] = []  # reps with no attainment to date: no bar
    bars: dict[int, tuple[int, float]] = {}  # row → (column, attainment; NaN: none)
    for i, rep in enumerate(reps):
        r = REPS_FIRST + i
        row = fy_rows.get((rep, "revenue"))
        if rep in departed:  # no bar (a red one would be the first thing read), the note
            g.put(r, d, t("dash.rep_departed_label", rep=rep), "rk_text")
            actual = _f(row["actual"]) if row is not None else math.nan
            day = departed[rep].isoformat()
            gone.append(t("dash.rep_departed", rep=rep, day=day, actual=fmt_yen(actual)))
            bars[r] = (0, math.nan)  # as a rep without attainment: the pad spans his row
            continue
        label = rep_label(rep, ev.settings.branches, language)
        g.put(r, d, f"{label}{HANDED_MARK}" if rep in kept else label, "rk_text")
        if rep in unplanned:
            continue  # no target, no bar: the note below gives his sales
        value = _f(row["attainment"]) if row is not None else math.nan
        if rep in kept:
            handed.append(
                t("dash.rep_handed", rep=rep, kept=fmt_pct(kept[rep]), booked=fmt_pct(value))
                if plain
                else moved_item(moved[rep], value, language)
            )
            value = kept[rep]
        if math.isfinite(value):
            where = d + 1 + band(value, ev.settings.pace_warn, ev.settings.pace_critical)
            bars[r] = (where, value)
        else:
            without.append(str(rep))
            bars[r] = (0, math.nan)  # no bar; the pad still spans his row to 100%
    # No bar to draw (before the plan year starts, or no rep has a target to date): a chart
    # without bars reads as broken, and LibreOffice spans its empty axis 0-1200%. Each rep's
    # share of the year's revenue target stands in, in one neutral series, the title saying so.
    drawn = [value for _, value in bars.values() if math.isfinite(value)]
    shares = target_shares(result) if not drawn else {}
    shown_shares = {REPS_FIRST + i: shares[rep] for i, rep in enumerate(reps) if rep in shares}
    if shown_shares:
        first = t("dash.month_words", year=months[0].year, month=months[0].month)
        title = t("dash.chart_reps_share" if started else "dash.chart_reps_before", start=first)
        g.put(REPS_HEAD, TITLE_COL, title, "rk_text")
        g.put(REPS_HEAD, d, t("dash.rep"), "rk_header")
        # The red and amber series have no bar now, but their legend keys are still drawn:
        # named by a space they were two empty boxes (trial 17), so they keep the bands'
        # names, the colours the bars take once there is attainment. The pad has no key to
        # show; a space, as blank the legend would call it "Column K".
        g.put(REPS_HEAD, d + 1, t("dash.band_critical"), "rk_header")
        g.put(REPS_HEAD, d + 2, t("dash.band_warn"), "rk_header")
        g.put(REPS_HEAD, REPS_PAD_COL, " ", "rk_header")
        g.put(REPS_HEAD, d + 3, t("dash.target_share"), "rk_header")
        for r, share in shown_shares.items():
            g.put(r, d + 3, share, "rk_pct")
    else:
        g.put(REPS_HEAD, TITLE_COL, t("template.chart_reps"), "rk_text")
        for j, key in enumerate(bands):
            g.put(REPS_HEAD, d + j, t(key), "rk_header")
        g.put(REPS_HEAD, REPS_PAD_COL, " ", "rk_header")  # the pad's blank legend entry
        for r, (where, value) in bars.items():
            if not math.isfinite(value):  # no attainment: an empty row as wide as 100%
                g.put(r, REPS_PAD_COL, 1.0, "rk_pct")
                continue
            g.put(r, where, value, "rk_pct")
            if value < 1:  # the invisible rest of the way to 100% (io.dashboard_layout)
                g.put(r, REPS_PAD_COL, 1 - value, "rk_pct")
    shown = [(rep, *unplanned[rep]) for rep in reps if rep in unplanned]
    n_reps = len(ev.reps) + len(unplanned)
    first = t("dash.month_words", year=months[0].year, month=months[0].month)
    note = reps_note(n_reps, without, started, first, language, shown)
    if shown_shares:  # the title says it too, but LibreOffice keeps the template's title
        note = " ".join(filter(None, [note, t("dash.reps_share_bars")]))
    if handed:
        comma = "、" if language == "ja" else ", "
        key = "dash.reps_handed" if plain else "dash.reps_moved"
        said = t(key, mark=HANDED_MARK, reps=comma.join(handed))
        note = " ".join(filter(None, [note, said]))
    if gone:
        comma = "、" if language == "ja" else ", "
        note = " ".join(filter(None, [note, t("dash.reps_departed", reps=comma.join(gone))]))
    col = REPS_NOTE_COL
    if note:
        col, note = reps_note_cell(note)
        g.put(REPS_NOTE_ROW, col, note, "rk_text")
    # The rep-mix bar said nowhere what it holds (trial 44 L5): a line right above the
    # bridge, left of the rep chart's note (the row under the bridge is out of the print).
    if col != REPS_NOTE_WIDE_COL and any(s[0] == t("dash.bridge_mix") for s in steps):
        g.put(REPS_NOTE_ROW, 1, t("dash.bridge_mix_note"), "rk_text")
    rows = g.rows()
    # Down to the last chart-data row, so the writer can mark the unused ones hidden.
    rows += [[] for _ in range(LAST_ROW - len(rows))]
    return rows


# A chart's title that refers to a cell, up to its cached text (any namespace prefix; not
# past the end of its own cache): 1 the start, 2 the reference, 3 up to the text, 4 the text.
_TITLE = re.compile(
    rb"(<(?:\w+:)?title>\s*<(?:\w+:)?tx>\s*<(?:\w+:)?strRef>\s*<(?:\w+:)?f>)([^<]*)"
    rb"(</(?:\w+:)?f>\s*<(?:\w+:)?strCache>(?:(?!</(?:\w+:)?strCache>).)*?<(?:\w+:)?v>)"
    rb"([^<]*)(?=</(?:\w+:)?v>)",
    re.DOTALL,
)


def chart_titles(tab: str, rows: Sequence[Row]) -> dict[tuple[str, str], str]:
    """(tab, cell) → the chart title the Dashboard's ``rows`` write there (book's language)."""
    out = {}
    for row in CHART_TITLE_ROWS.values():
        cells = rows[row - 1] if row <= len(rows) else []
        value = cells[TITLE_COL - 1] if len(cells) >= TITLE_COL else None
        value = value.value if isinstance(value, Cell) else value
        if isinstance(value, str):
            out[(tab, f"A{row}")] = value
    return out


def with_title_caches(xml: bytes, titles: Mapping[tuple[str, str], str]) -> bytes:
    """A chart part with its title's cached text set to what its cell now holds.

    The charts' titles refer to cells the run writes in the book's language, and Excel reads
    the cell; LibreOffice (7.4) shows the cache only, which kept the template's language
    after the Language setting changed (and the rep chart's usual title over the target
    shares shown before the plan year). ``xml`` is returned as is when nothing changes.
    """

    def swap(m: re.Match[bytes]) -> bytes:
        sheet, _, cell = m.group(2).decode().rpartition("!")
        key = (sheet.strip("'").replace("''", "'"), cell.replace("$", ""))
        said = titles.get(key)
        if said is None:
            return m.group(0)
        return m.group(1) + m.group(2) + m.group(3) + escape(said).encode()

    return _TITLE.sub(swap, xml)


def bridge_axis(rows: Sequence[Row]) -> float | None:
    """Where the Dashboard's ``rows`` start the bridge's value axis (None: not written)."""
    cells = rows[BRIDGE_AXIS_ROW - 1] if len(rows) >= BRIDGE_AXIS_ROW else []
    value = cells[BRIDGE_AXIS_COL - 1] if len(cells) >= BRIDGE_AXIS_COL else None
    value = value.value if isinstance(value, Cell) else value
    return float(value) if isinstance(value, (int, float)) else None


_VAL_SCALING = re.compile(
    rb"(<((?:\w+:)?)valAx>.*?<(?:\w+:)?scaling>)(.*?)(</(?:\w+:)?scaling>)", re.DOTALL
)
_MIN = re.compile(rb"<(?:\w+:)?min\b[^>]*/>")
_MAX = re.compile(rb"<(?:\w+:)?max\b[^>]*/>")
_ORIENTATION = re.compile(rb"<(?:\w+:)?orientation\b[^>]*/>")


def _is_bridge(xml: bytes, tab: str) -> bool:
    """True for the Dashboard's bridge: its title refers to the bridge's title cell on
    ``tab`` (a chart of the user's own is not)."""
    m = _TITLE.search(xml)
    return m is not None and is_bridge_title(m.group(2).decode(), tab)


def is_bridge_title(ref: str, tab: str) -> bool:
    """True when a chart title's cell reference (``'Dash board'!$A$20``, a leading = allowed)
    is the bridge's title cell on ``tab``: the file adapter reads it from the chart part,
    the button from Excel's ``ChartTitle.Formula``."""
    sheet, _, cell = ref.lstrip("=").rpartition("!")
    named = (sheet.strip("'").replace("''", "'"), cell.replace("$", ""))
    return named == (tab, f"{column_letter(TITLE_COL)}{CHART_TITLE_ROWS['bridge']}")


_DLBLS = re.compile(rb"<((?:\w+:)?)dLbls>(.*?)</(?:\w+:)?dLbls>", re.DOTALL)
_DRAWING_NS = re.compile(rb'xmlns:(\w+)="http://schemas.openxmlformats.org/drawingml/2006/main"')
_NUMFMT = re.compile(rb"<(?:\w+:)?numFmt\b[^>]*/>")
_HAS_LOOK = re.compile(rb"<(?:\w+:)?(?:spPr|txPr|delete)\b")
# A bar label's box and text: white with a grey edge, dark bold text. On the red and blue bars
# the default dark text was dark red on red (trial 44 L5); white text would vanish where a
# small step's label spills past its bar, a boxed label reads on any bar and beside it. The
# template's look (dashboard_template._boxed), from the same layout constants.
_LABEL_LOOK = (
    f'<{{c}}spPr><{{a}}solidFill><{{a}}srgbClr val="{LABEL_FILL}"/></{{a}}solidFill>'
    f'<{{a}}ln w="{LABEL_EDGE_WIDTH}"><{{a}}solidFill><{{a}}srgbClr val="{LABEL_EDGE}"/>'
    "</{a}solidFill></{a}ln></{c}spPr>"
    '<{c}txPr><{a}bodyPr/><{a}lstStyle/><{a}p><{a}pPr><{a}defRPr b="1">'
    f'<{{a}}solidFill><{{a}}srgbClr val="{LABEL_TEXT}"/></{{a}}solidFill></{{a}}defRPr>'
    '</{a}pPr><{a}endParaRPr lang="ja-JP"/></{a}p></{c}txPr>'
).encode()


def _with_boxed_labels(xml: bytes) -> bytes:
    """The chart's bar labels boxed (``_LABEL_LOOK``) where they have no look of their own
    (the bridge's, the rep chart's): a book made from any template gets them at its next
    run. Native data-label fill and text properties (CT_DLbls spPr, txPr after numFmt), which
    Excel 2016 and LibreOffice 7.4 draw."""
    ns = _DRAWING_NS.search(xml)
    if ns is None:
        return xml
    a = ns.group(1) + b":"

    def fix(m: re.Match[bytes]) -> bytes:
        c, body = m.group(1), m.group(2)
        if _HAS_LOOK.search(body):
            return m.group(0)
        look = _LABEL_LOOK.replace(b"{c}", c).replace(b"{a}", a)
        at = _NUMFMT.search(body)
        body = body[: at.end()] + look + body[at.end() :] if at else look + body
        return b"<" + c + b"dLbls>" + body + b"</" + c + b"dLbls>"

    return _DLBLS.sub(fix, xml)


def with_bridge_axis(xml: bytes, tab: str, start: float | None) -> bytes:
    """The bridge on ``tab`` with its value axis from ``start``: the number the run wrote
    beside its data, which its title names (``bridge_axis_min``); left to itself, each
    application zooms the axis its own way; its bar labels boxed (``_with_boxed_labels``).
    Other charts as they are; ``start`` None leaves the axis."""
    if not _is_bridge(xml, tab):
        return xml
    xml = _with_boxed_labels(xml)
    if start is None:
        return xml

    def fix(m: re.Match[bytes]) -> bytes:
        c, body = m.group(2), _MIN.sub(b"", m.group(3))
        value = b"<" + c + b'min val="' + repr(float(start)).encode() + b'"/>'
        # CT_Scaling order: logBase, orientation, max, min.
        at = _MAX.search(body) or _ORIENTATION.search(body)
        body = body[: at.end()] + value + body[at.end() :] if at else body + value
        return m.group(1) + body + m.group(4)

    return _VAL_SCALING.sub(fix, xml, count=1)


_CAT_AX = re.compile(rb"<((?:\w+:)?)catAx>(.*?)</(?:\w+:)?catAx>", re.DOTALL)
# Elements a category axis may hold after tickLblSkip, and after txPr (schema order).
_AFTER_SKIP = re.compile(rb"<(?:\w+:)?(?:tickMarkSkip|noMultiLvlLbl|extLst)\b")
_AFTER_TXPR = re.compile(rb"<(?:\w+:)?(?:crossAx|crosses|crossesAt|auto|lblAlgn|lblOffset)\b")


def with_rep_axis(xml: bytes) -> bytes:
    """The rep chart (the horizontal bar chart) with every rep named: ``tickLblSkip`` 1 and
    8 pt names where a book made from an older template lacks them (LibreOffice drops the
    names that do not fit: trial 19 named 6 of 12), its bar labels boxed as the bridge's
    (``_with_boxed_labels``: 53% in dark on red was hard to read, rev44). Other charts, as
    they are."""
    if not _is_rep_chart(xml):
        return xml
    xml = _with_boxed_labels(xml)

    def fix(m: re.Match[bytes]) -> bytes:
        c, body = m.group(1), m.group(2)
        body = re.sub(rb'(<(?:\w+:)?tickLblSkip val=")\d+"', rb'\g<1>1"', body)
        if re.search(rb"<(?:\w+:)?tickLblSkip\b", body) is None:
            skip = b"<" + c + b'tickLblSkip val="1"/>'
            at = _AFTER_SKIP.search(body)
            body = body[: at.start()] + skip + body[at.start() :] if at else body + skip
        if re.search(rb"<(?:\w+:)?txPr\b", body) is None and (at := _AFTER_TXPR.search(body)):
            size = str(REP_NAME_SIZE).encode()
            txpr = (
                b"<"
                + c
                + b'txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="'
                + size
                + b'"/></a:pPr><a:endParaRPr lang="ja-JP"/></a:p></'
                + c
                + b"txPr>"
            )
            body = body[: at.start()] + txpr + body[at.start() :]
        return b"<" + c + b"catAx>" + body + b"</" + c + b"catAx>"

    return _CAT_AX.sub(fix, xml)


def _is_rep_chart(xml: bytes) -> bool:
    """The rep chart: the Dashboard's horizontal bar chart."""
    return re.search(rb'<(?:\w+:)?barDir val="bar"', xml) is not None


def unboxed_charts(path: Path, tab: str) -> frozenset[str]:
    """Which of the Dashboard's charts on ``tab`` in the workbook file ``path`` — "bridge",
    "reps" — have bar labels with no look of their own: those a command-line run boxes
    (``_with_boxed_labels`` through ``with_bridge_axis`` / ``with_rep_axis``) and the button
    boxes through Excel (excel.live), by this one test. Empty when the file is unreadable."""
    found: set[str] = set()
    try:
        with zipfile.ZipFile(path) as zf:
            for name in zf.namelist():
                if not (name.startswith("xl/charts/chart") and name.endswith(".xml")):
                    continue
                xml = zf.read(name)
                kind = "bridge" if _is_bridge(xml, tab) else "reps" if _is_rep_chart(xml) else ""
                if kind and _with_boxed_labels(xml) != xml:
                    found.add(kind)
    except (OSError, zipfile.BadZipFile, KeyError):
        return frozenset()
    return frozenset(found)


_MIN_VAL = re.compile(rb'<(?:\w+:)?min\s+val="([^"]*)"')


def with_run_parts(chart: bytes, book: bytes, tab: str) -> bytes:
    """The template's ``chart`` with what the last run set in the book's copy ``book`` on
    ``tab``: the title's cached text (as ``with_title_caches`` wrote it, byte for byte) and
    the bridge's axis start and label look (``with_bridge_axis``). ``routekpi repair`` puts
    the template's chart in without undoing the run: else the bridge starts at 0 until the
    next recalculation, and an up-to-date chart reads as changed."""
    cached = {m.group(2): m.group(4) for m in _TITLE.finditer(book)}

    def keep(m: re.Match[bytes]) -> bytes:
        return m.group(1) + m.group(2) + m.group(3) + cached.get(m.group(2), m.group(4))

    chart = _TITLE.sub(keep, chart)
    scaling = _VAL_SCALING.search(book)
    found = _MIN_VAL.search(scaling.group(3)) if scaling else None
    try:
        start = float(found.group(1)) if found else None
    except ValueError:  # not a number: the template's axis, as a recalculation would fix it
        start = None
    return with_bridge_axis(chart, tab, start)


def unplanned_reps(result: Result) -> dict[str, tuple[float, str]]:
    """Reps with actuals in the plan year but no plan (a newcomer who took accounts over
    during the year, core.engine ``unplanned_reps``): rep → (revenue so far, the first month
    of their actuals), in the attainment table's order."""
    return dict(_once(result, "unplanned_reps", _unplanned_reps_of))


def _unplanned_reps_of(result: Result) -> dict[str, tuple[float, str]]:
    att = result.attainment
    if att.empty:
        return {}
    planned = {*result.evidence.reps, TEAM}
    fy = fiscal_label(result.evidence.settings.plan_year)
    out: dict[str, tuple[float, str]] = {}
    for row in records(att[~att["rep"].isin(list(planned)) & (att["kpi"] == "revenue")]):
        rep, period = str(row["rep"]), str(row["period"])
        revenue, since = out.get(rep, (math.nan, ""))
        if period == fy:
            revenue = _f(row["actual"])
        elif not since or period < since:
            since = period
        out[rep] = (revenue, since)
    return out


def target_shares(result: Result) -> dict[str, float]:
    """rep → his share of the team's plan-year revenue target (Targets), for the reps with
    one; {} when the team has none."""
    t = result.targets
    fy = fiscal_label(result.evidence.settings.plan_year)
    rows = t[(t["period"] == fy) & (t["kpi"] == "revenue")]
    by_rep = {str(rep): _f(v) for rep, v in zip(rows["rep"], rows["target"], strict=True)}
    team = by_rep.pop(TEAM, math.nan)
    if not (math.isfinite(team) and team > 0):
        return {}
    return {rep: v / team for rep, v in by_rep.items() if math.isfinite(v)}


def moved_books(result: Result) -> dict[str, BookChange]:
    """The reps whose bar is the attainment on their own book (core.book_change): every rep
    who handed accounts over, and a rep who took accounts over whose book changed
    materially (``BookChange.material``), when that attainment can be given."""
    review = result.review
    if review.empty or "kpi" not in review.columns:
        return {}
    every = book_changes(records(review), result.attainment, result.evidence.settings.plan_year)
    # Not a rep whose targets followed the accounts (core.carry): his bar as booked is his own.
    return {
        rep: c
        for rep, c in every.items()
        if math.isfinite(c.own) and (c.given or c.material) and c.basis != "carried"
    }


def moved_item(change: BookChange, booked: float, language: str) -> str:
    """One rep in the note: 「高橋 健太 98.3%(87.1%。98.3% は担当替え前の月)」; one who
    handed over his whole book is judged on the months before the handover."""
    own = fmt_pct(change.own)
    what = text("dash.moved_before", language, own=own) if change.basis == "before" else ""
    return text(
        "dash.rep_moved", language, rep=change.rep, own=own, booked=fmt_pct(booked), what=what
    )


def chart_reps(result: Result) -> list[str]:
    """The rep chart's rows: the planned reps, then the reps without a plan (no bar; the
    note under the chart gives their sales), at most ``MAX_REPS``; with branches (the Reps
    sheet), branch by branch in the order they first come (a rep with none last)."""
    reps = [*map(str, result.evidence.reps), *unplanned_reps(result)]
    branches = result.evidence.settings.branches
    if any(r in branches for r in reps):
        order = list(dict.fromkeys(branches[r] for r in reps if r in branches))
        reps.sort(key=lambda r: order.index(branches[r]) if r in branches else len(order))
    return reps[:MAX_REPS]


def rep_label(rep: str, branches: Mapping[str, str], language: str) -> str:
    """A rep's name on the rep chart: with his branch when he has one (「中島健一(札幌)」)."""
    if rep not in branches:
        return rep
    return f"{rep}({branches[rep]})" if language == "ja" else f"{rep} ({branches[rep]})"


# The banner: its style wraps inside the merged row A..L (one line of trial 41's book27 ran
# off the printed page: 「…単価の段差(20」), and its row is as tall as the lines it wraps to.
# A 13 pt character is 13/11 of the sheet's 11 pt one the column units measure, and bold a
# little wider again: ``BANNER_WIDTH_RATIO`` (the Dashboard's cut-off test measures rk_banner
# so), on the safe side — a line more than Excel draws leaves a little red below the text, a
# line fewer would cut its end. Each line is 13/11 as tall (``wrapping.LINE_PT`` at 11 pt).
BANNER_STYLE = "rk_banner_wrap"
BANNER_SIZE_RATIO = 13 / 11
BANNER_WIDTH_RATIO = 1.3


def banner_lines(banner: str) -> list[str]:
    """The lines the banner wraps to across the printed width of its merged row."""
    room = note_room(1) * NOTE_FILL / BANNER_WIDTH_RATIO - 2
    return wrap_text(banner, room)


def banner_heights(rows: Sequence[Row]) -> dict[int, float]:
    """{banner row: points} when the banner wraps to more than one line, else {} (row
    heights are not recomputed on opening, least of all a merged row's)."""
    if len(rows) < BANNER_ROW or not rows[BANNER_ROW - 1]:
        return {}
    cell = rows[BANNER_ROW - 1][0]
    banner = cell.value if isinstance(cell, Cell) else cell
    lines = len(banner_lines(banner)) if isinstance(banner, str) else 0
    if lines < 2:
        return {}
    return {BANNER_ROW: math.ceil(lines * LINE_PT * BANNER_SIZE_RATIO * 4) / 4}


# Rep chart height: about this many points per bar (trial 19: 12 bars in the template's
# 15 rows of 15 pt, and LibreOffice named only 6 of them), plus the title, legend and axis.
BAR_POINTS, CHART_FRAME_POINTS, DEFAULT_ROW_POINTS = 18.0, 70.0, 15.0


def chart_row_heights(result: Result) -> dict[int, float]:
    """The chart rows' heights (row → points) when the rep chart needs more than the
    template's 15 rows of 15 pt: every bar about ``BAR_POINTS`` tall, so every name is
    drawn; the burn-up beside it grows alike and the bridge below moves down. {} otherwise."""
    need = len(chart_reps(result)) * BAR_POINTS + CHART_FRAME_POINTS
    each = math.ceil(need / CHART_ROWS * 4) / 4  # quarter points, as Excel stores them
    if each <= DEFAULT_ROW_POINTS:
        return {}
    return {row: each for row in range(CHART_TOP, CHART_TOP + CHART_ROWS)}


# The share of a note's room its text may fill: a printed character runs a little wider
# than its column units (REASON_LINE_WIDTH: 100 of A-F's 104).
NOTE_FILL = 0.96


def reps_note_cell(note: str) -> tuple[int, str]:
    """Where the rep chart's note goes on its row and what it says there: under the rep
    chart (F) when it fits to the printed page's edge (L), else from A, the row's whole
    width (nothing is drawn under the burn-up either); wrapped there as the reasons are,
    the one line there is cut with 「…」 (trial 35 L1: from F it ran off the page, the
    departed rep's dates and sales cut)."""
    if display_width(note) <= note_room(REPS_NOTE_COL) * NOTE_FILL:
        return REPS_NOTE_COL, note
    lines = wrap_text(note, note_room(REPS_NOTE_WIDE_COL) * NOTE_FILL - 2)
    return REPS_NOTE_WIDE_COL, lines[0] + (" …" if len(lines) > 1 else "")


# Rep names a note lists before "+N": the note is one line under the chart.
NOTE_REPS = 6


def reps_note(
    n_reps: int,
    without: list[str],
    started: bool,
    start: str,
    language: str,
    unplanned: Sequence[tuple[str, float, str]] = (),
) -> str:
    """Why the rep chart shows fewer bars than reps, in words ("" when it shows them all).

    A chart without bars reads as broken, or as every rep at zero: before the plan year
    starts there is nothing to date yet; a rep without a revenue target to date (no visit
    history to set one, say) has no attainment to draw. A rep without a plan (``unplanned``:
    rep, revenue so far, first month) is named with his sales and since when.
    """
    parts = []
    if not started:
        parts.append(text("dash.reps_from", language, start=start))
    elif without and len(without) == min(n_reps, MAX_REPS):
        parts.append(text("dash.reps_no_target_all", language))
    elif without:
        names = ", ".join(without[:NOTE_REPS])
        more = len(without) - NOTE_REPS
        names += f" … (+{more})" if more > 0 else ""
        parts.append(text("dash.reps_no_target", language, reps=names))
    if started and unplanned:
        each = [
            text("dash.rep_unplanned", language, rep=rep, actual=fmt_yen(actual), since=since)
            for rep, actual, since in unplanned[:NOTE_REPS]
        ]
        more = len(unplanned) - NOTE_REPS
        names = ("、" if language == "ja" else ", ").join(each)
        names += f" … (+{more})" if more > 0 else ""
        parts.append(text("dash.reps_unplanned", language, reps=names))
    if n_reps > MAX_REPS:
        parts.append(text("dash.reps_more", language, shown=MAX_REPS, count=n_reps))
    return " ".join(parts)


def band(value: float, warn: float, critical: float) -> int:
    """0 below the critical threshold, 1 below the warning one, 2 otherwise."""
    return 0 if value < critical else 1 if value < warn else 2


def hidden_rows(result: Result, language: str) -> frozenset[int]:
    """Chart-data rows this result leaves empty: hidden, so the charts skip them."""
    steps = len(bridge_steps(result, language))
    reps = len(chart_reps(result))
    return frozenset(
        [
            *range(BRIDGE_FIRST + steps, BRIDGE_FIRST + BRIDGE_SLOTS),
            *range(REPS_FIRST + reps, REPS_FIRST + MAX_REPS),
        ]
    )


def matrix_header(result: Result, language: str) -> Row:
    """Matrix header: KPI, rep, row kind, the fiscal year, then the twelve plan months."""
    t = lambda key: text(key, language)  # noqa: E731
    ev = result.evidence
    head = [t("matrix.kpi"), t("matrix.rep"), t("matrix.row"), ev.settings.year_name()]
    head += [month_label(m) for m in ev.plan_months]
    return [Cell(h, "rk_header") for h in head]


def matrix_rows(result: Result, language: str) -> list[Row]:
    """Per KPI, team first then each rep: target, actual and vs-target-to-date by month."""
    ev = result.evidence
    fy = fiscal_label(ev.settings.plan_year)
    periods = [fy, *(month_label(m) for m in ev.plan_months)]
    period_keys = MATRIX.keys[3:]  # fy, m01 … m12
    keys = ("kpi", "rep", "period")
    att = result.attainment
    # Months are judged on pace (a month in progress against its share so far); the year on
    # the honest year-to-date attainment.
    if not att.empty:
        year = att["period"].to_numpy() == fy
        att = att.assign(pace=np.where(year, att["attainment"].to_numpy(), att["pace"].to_numpy()))
    labels = {
        "target": text("matrix.target", language),
        "actual": text("matrix.actual", language),
        "pace": text("matrix.vs_due", language),
    }
    # Plain dicts for the lookups below (one per cell; a MultiIndex .get is slow per call).
    lookups = {
        "target": lookup(result.targets, keys, "target"),
        "actual": lookup(att, keys, "actual") if not att.empty else {},
        "pace": lookup(att, keys, "pace") if not att.empty else {},
    }
    # Reps with actuals but no plan after the planned ones: their actuals, "no target" on
    # the year's target cell (not a blank that reads as a missing number), no pace.
    unplanned_order = list(unplanned_reps(result))  # once, not once per KPI
    unplanned = set(unplanned_order)
    no_target = Cell(text("review.no_target", language), "rk_int_center")
    # A rep who left during the year (``Result.departed``) is named as the Dashboard names
    # him: his rows stay (his sales are the team's), read as a departure, not as a rep behind.
    departed = result.departed if not att.empty else {}
    names = {
        rep: text("team", language)
        if rep == TEAM
        else text("dash.rep_departed_label", language, rep=rep)
        if rep in departed
        else rep
        for rep in [TEAM, *ev.reps, *unplanned_order]
    }
    rows: list[Row] = []
    for key in target_kpis(ev):
        kpi = KPI_BY_KEY[key]
        for rep in [TEAM, *ev.reps, *unplanned_order]:
            rep_label = names[rep]
            for kind, style in (("target", kpi.style), ("actual", kpi.style), ("pace", "rk_pct")):
                values = lookups[kind]
                cells: dict[str, object] = {
                    "kpi": kpi.label(language),
                    "rep": rep_label,
                    "measure": labels[kind],
                }
                for column, p in zip(period_keys, periods, strict=False):
                    v = _f(values.get((key, rep, p), np.nan))
                    cells[column] = Cell(v if math.isfinite(v) else None, style)
                if kind == "target" and rep in unplanned:
                    cells[period_keys[0]] = no_target
                rows.append(MATRIX.row(cells))
    return rows
