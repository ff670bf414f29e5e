"""Check the Settings named cells against schema.SETTING_SPECS and build PlanSettings."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import pandas as pd

from routekpi.core.catalog import find_kpi
from routekpi.core.history import Override, PlanSettings
from routekpi.schema import SETTING_SPECS, SETTINGS, SettingSpec
from routekpi.validation.cells import parse_date, parse_number, parse_text
from routekpi.validation.tables import Check, InputError

MISSING = object()  # the named cell does not exist in the workbook


def _parse(spec: SettingSpec, raw: object) -> tuple[object, str | None]:
    """Parse one setting; (value, problem key or None). Blank gives (None, None)."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, None
    if spec.kind in ("number", "integer"):
        value, problem = parse_number(raw)
        if problem:
            return None, problem
        assert value is not None
        if spec.kind == "integer":
            if value != int(value):
                return None, "not_a_number"
            value = int(value)
        lo = spec.minimum if spec.minimum is not None else float("-inf")
        hi = spec.maximum if spec.maximum is not None else float("inf")
        if not lo <= value <= hi:
            return None, "out_of_range"
        return value, None
    if spec.kind == "date":
        return parse_date(raw)
    text, problem = parse_text(raw)
    if problem:
        return None, problem
    if spec.kind == "choice":
        assert text is not None
        folded = text.strip().casefold()
        if folded not in spec.choices:
            return None, "unknown_choice"
        return folded, None
    return text, None


def validate_settings(
    raw: Mapping[str, object],
    *,
    cell_of: Mapping[str, tuple[int, str]] | None = None,
    overrides: pd.DataFrame | None = None,
    rep_weights: Mapping[str, float] | None = None,
    default_plan_year: int | None = None,
) -> tuple[PlanSettings, list[Check]]:
    """Typed settings plus Checks; raises InputError when the KGI is missing or unusable.

    ``raw`` maps setting name → cell value, or ``MISSING`` / absent when the named cell is
    gone; ``cell_of`` maps name → (row, column letter) so Checks point at the cell.
    """
    checks: list[Check] = []
    values: dict[str, object] = {}
    cell_of = cell_of or {}
    for spec in SETTING_SPECS:
        cell = raw.get(spec.name, MISSING)
        row, col = cell_of.get(spec.name, (None, ""))
        column = f"{col} {spec.name}".strip()
        if cell is MISSING:
            if spec.name == "KGI":
                raise InputError("kgi_missing")
            default = "—" if spec.default is None else spec.default
            checks.append(
                Check(
                    SETTINGS.name,
                    None,
                    spec.name,
                    None,
                    "setting_missing",
                    {"name": spec.name, "default": default},
                    "warn",
                )
            )
            values[spec.name] = spec.default
            continue
        value, problem = _parse(spec, cell)
        if spec.name == "KGI":
            # Before "not a number": -5 is a number, just not a usable goal.
            negative = problem == "out_of_range"
            if negative or (value is not None and float(value) <= 0):  # type: ignore[arg-type]
                raise InputError("kgi_not_positive")
            if problem or value is None:
                raise InputError("kgi_missing")
        if problem:
            params: dict[str, object] = {"name": spec.name, "problem": problem}
            params["default"] = "—" if spec.default is None else spec.default
            if problem == "out_of_range":
                params["minimum"], params["maximum"] = _bound(spec.minimum), _bound(spec.maximum)
            if problem == "unknown_choice":
                params["choices"] = "/".join(spec.choices)
            checks.append(
                Check(SETTINGS.name, row, column, cell, "setting_invalid", params, "warn")
            )
            value = None
        values[spec.name] = spec.default if value is None else value

    plan_year = values["PlanYear"] or default_plan_year
    if plan_year is None:
        raise InputError("no_history")
    as_of = values["AsOf"]
    weights = {k: float(values[k]) for k in values if k.startswith("Weight")}  # type: ignore[arg-type]
    settings = PlanSettings(
        kgi=float(values["KGI"]),  # type: ignore[arg-type]
        plan_year=int(plan_year),  # type: ignore[call-overload]
        fiscal_start_month=int(values["FiscalStartMonth"]),  # type: ignore[call-overload]
        as_of=as_of if isinstance(as_of, date) else None,
        language=str(values["Language"]),
        weights=weights,
        ceiling_percentile=float(values["CeilingPercentile"]),  # type: ignore[arg-type]
        baseline_months=int(values["BaselineMonths"]),  # type: ignore[call-overload]
        rep_split=str(values["RepSplit"]),
        rep_weights=dict(rep_weights or {}),
        pace_warn=float(values["PaceWarn"]),  # type: ignore[arg-type]
        pace_critical=float(values["PaceCritical"]),  # type: ignore[arg-type]
        daily_days=int(values["DailyDays"]),  # type: ignore[call-overload]
        capacity_percentile=float(values["CapacityPercentile"]),  # type: ignore[arg-type]
        daily_capacity=_optional_float(values["DailyCapacity"]),
        overrides=_overrides(overrides, checks),
    )
    return settings, checks


def _optional_float(value: object) -> float | None:
    """A blank-means-automatic number setting."""
    return None if value is None else float(value)  # type: ignore[arg-type]


def _bound(x: float | None) -> object:
    """A range bound as typed in the help text: 12, not 12.0; open ends as —."""
    if x is None:
        return "—"
    return int(x) if float(x).is_integer() else x


def _overrides(frame: pd.DataFrame | None, checks: list[Check]) -> tuple[Override, ...]:
    """Manual targets; unknown KPI names are reported, not guessed."""
    if frame is None or not len(frame):
        return ()
    out = []
    for row in frame.itertuples(index=False):
        kpi = find_kpi(str(row.kpi))
        if kpi is None:
            checks.append(
                Check("Overrides", None, "KPI", row.kpi, "unknown_kpi", {"value": row.kpi})
            )
            continue
        period = str(row.period).strip()
        out.append(Override(kpi.key, str(row.rep), period, float(row.target)))
    return tuple(out)


def fiscal_year_of(day: date, start_month: int = 4) -> int:
    """The fiscal year a date falls in (FY2026 = 2026-04 … 2027-03 by default)."""
    return day.year if day.month >= start_month else day.year - 1
