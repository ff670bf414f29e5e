"""One function per KPI_* worksheet function: the value of one call, looked up in a model.

Bad arguments and unavailable values raise ``UdfError`` (``udf_args``), which the thin
xlwings wrappers in ``udfs.py`` turn into a short message in the cell.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from routekpi.contract import lazy_pattern
from routekpi.core.calendar import fiscal_label, fiscal_months
from routekpi.core.catalog import KPI_BY_KEY
from routekpi.core.measure import TEAM
from routekpi.excel.model_cache import Model
from routekpi.excel.udf_args import UdfError, parse_kgi, parse_kpi, parse_period, parse_rep
from routekpi.messages import text
from routekpi.render import flag_message, fmt_kpi

# A fiscal-year key of the tables (``calendar.fiscal_label``: FY + its start year).
_FY_KEY = lazy_pattern(r"FY(\d{4})")


def _ready(model: Model) -> Model:
    if model.error is not None or model.result is None:
        raise UdfError("udf.failed", reason=model.error or "")
    return model


def _args(model: Model, kpi: object, rep: object, period: object) -> tuple[str, str, str]:
    key = parse_period(period, model.plan_year)
    if period is not None and period != "" and model.result is not None:
        # A typed fiscal year is the company's name for it, as the sheets print it (Settings
        # FiscalYearLabel: FY2027 for 2026-10 … 2027-09): the tables' key is its start year.
        key = model.result.evidence.settings.period_key(key)
    return parse_kpi(kpi), parse_rep(model, rep), key


def _value(
    model: Model, row: Sequence[float] | None, index: int, kpi: str, rep: str, period: str
) -> float:
    if row is None:
        if period not in model.periods:
            raise _outside(model, period)
        raise UdfError("udf.no_value", kpi=kpi, rep=rep, period=period)
    value = row[index]
    if not math.isfinite(value):
        raise UdfError("udf.no_value", kpi=kpi, rep=rep, period=period)
    return value


def _outside(model: Model, period: str) -> UdfError:
    """A period outside the plan year, both named as the book names them (Settings
    FiscalYearLabel) with their months: trial 53 L3, 「FY2026」 typed under 終わる年 was refused
    as 「FY2025」, the tables' start-year key — another year in the company's naming."""
    shown = model.result.evidence.settings if model.result is not None else None
    if shown is None:
        return UdfError("udf.period_outside", value=period, fy=fiscal_label(model.plan_year))
    start = shown.fiscal_start_month
    plan = fiscal_months(shown.plan_year, start)
    typed = _FY_KEY.fullmatch(period)
    months = fiscal_months(int(typed.group(1)), start) if typed else None
    return UdfError(
        "udf.period_outside_named",
        value=shown.period_name(period),
        span=f"{months[0]} – {months[-1]}" if months else period,
        fy=shown.year_name(),
        plan_span=f"{plan[0]} – {plan[-1]}",
    )


def _target_field(index: int) -> Callable[..., float]:
    def lookup(
        model: Model, kpi: object, rep: object = TEAM, period: object = None, kgi: object = None
    ) -> float:
        model = _ready(model)
        key, who, when = _args(model, kpi, rep, period)
        view = model.view(parse_kgi(model, kgi))
        return _value(model, view.targets.get((key, who, when)), index, key, who, when)

    return lookup


kpi_baseline = _target_field(0)
kpi_baseline.__doc__ = "Baseline of a KPI (last year's level) for a rep and period."
kpi_target = _target_field(1)
kpi_target.__doc__ = "Target of a KPI for a rep and period at a KGI (the Targets sheet's number)."
_ceiling_value = _target_field(2)


def kpi_ceiling(
    model: Model, kpi: object, rep: object = TEAM, period: object = None, kgi: object = None
) -> float:
    """Evidence ceiling of a KPI for a rep and period (the Targets sheet's 根拠上限).

    A lower-is-better KPI (churn) has none: the sheet leaves the cell blank and says the
    evidence floor in the basis (dash42), so the function answers with that sentence — not
    a number, as the blank cell is not one (``=ISNUMBER`` tells them apart)."""
    key = parse_kpi(kpi)
    if KPI_BY_KEY[key].direction != "lower":
        return _ceiling_value(model, kpi, rep, period, kgi)
    label = KPI_BY_KEY[key].label(_ready(model).language)
    try:
        floor = _ceiling_value(model, kpi, rep, period, kgi)
    except UdfError as e:
        if e.key != "udf.no_value":  # a bad rep or period says so first
            raise
        raise UdfError("udf.no_ceiling", kpi=label) from None
    raise UdfError("udf.floor_not_ceiling", kpi=label, floor=fmt_kpi(key, floor))


def _actual_field(index: int) -> Callable[..., float]:
    def lookup(
        model: Model, kpi: object, rep: object = TEAM, period: object = None, kgi: object = None
    ) -> float:
        model = _ready(model)
        key, who, when = _args(model, kpi, rep, period)
        view = model.view(parse_kgi(model, kgi))
        row = view.attainment(model).get((key, who, when))
        if row is None and (key, who, when) in view.targets:
            raise UdfError("udf.no_actual", period=when)
        return _value(model, row, index, key, who, when)

    return lookup


kpi_actual = _actual_field(0)
kpi_actual.__doc__ = "Actual of a KPI up to the as-of date (the Attainment sheet's number)."
kpi_attainment = _actual_field(2)
kpi_attainment.__doc__ = "Attainment (actual ÷ target; target ÷ actual for lower-is-better KPIs)."


def kgi_max_reachable(model: Model, kgi: object = None) -> float:
    """The largest KGI the evidence ceilings allow."""
    model = _ready(model)
    return float(model.view(parse_kgi(model, kgi)).plan.max_reachable_kgi)


def kpi_flags(model: Model, rep: object = TEAM) -> list[list[object]]:
    """Flags of a rep (``ALL``: every flag) as rows: severity, KPI, period, message, action.

    Flags belong to the workbook's KGI as last read (the button recomputes them).
    """
    model = _ready(model)
    assert model.result is not None
    who = parse_rep(model, rep)
    lang = model.language
    rows: list[list[object]] = []
    for _, flag in model.result.flags.iterrows():
        if who != TEAM and flag["rep"] != who:
            continue
        message, action = flag_message(flag, lang)
        kpi = KPI_BY_KEY.get(str(flag["kpi"]))
        rows.append(
            [
                text(f"severity.{flag['severity']}", lang),
                kpi.label(lang) if kpi else str(flag["kpi"] or ""),
                str(flag["rep"] or ""),
                str(flag["period"] or ""),
                message,
                action,
            ]
        )
    return rows or [[text("live.no_flags", lang), "", "", "", "", ""]]
