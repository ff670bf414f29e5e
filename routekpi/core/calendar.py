"""Fiscal periods and the Japanese business calendar.

Working days are weekdays that are neither Japanese national holidays (from the maintained
``holidays`` package, so substitute holidays and new holidays need no code change) nor company
holidays listed in the workbook.
"""

from __future__ import annotations

import importlib.util
import sys
import types
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache, partial
from pathlib import Path

import numpy as np
import pandas as pd


def _holidays_version() -> str | None:
    """The installed holidays package's version, from the METADATA file beside it (None when
    that is not one plain ``holidays-*.dist-info`` folder next to the package)."""
    spec = importlib.util.find_spec("holidays")
    if spec is None or not spec.origin:
        return None
    found = list(Path(spec.origin).parent.parent.glob("holidays-*.dist-info"))
    if len(found) != 1:
        return None
    with (found[0] / "METADATA").open(encoding="utf-8") as f:
        for line in f:
            if line.startswith("Version:"):
                return line.split(":", 1)[1].strip()
            if not line.strip():
                break  # the headers end at the first blank line
    return None


def _import_holidays() -> types.ModuleType:
    """``import holidays``, without its ``holidays.version`` module's lookup of its own version
    through ``importlib.metadata`` (that import and the search of every installed
    distribution, 10 ms or more of every run): ``__version__`` is read from the package's own
    METADATA instead. Anything unexpected imports it as it is."""
    if "holidays" not in sys.modules and "holidays.version" not in sys.modules:
        try:
            version = _holidays_version()
        except (OSError, ValueError, ImportError):
            version = None
        if version is not None:
            stand_in = types.ModuleType("holidays.version")
            stand_in.__version__ = version  # type: ignore[attr-defined]
            sys.modules["holidays.version"] = stand_in
    import holidays

    if "holidays.version" in sys.modules and not hasattr(holidays, "version"):
        holidays.version = sys.modules["holidays.version"]  # type: ignore[attr-defined]
    return holidays


holidays_lib = _import_holidays()


def fiscal_months(plan_year: int, start_month: int = 4) -> list[pd.Period]:
    """The 12 monthly periods of fiscal year ``plan_year`` (FY2026 = 2026-04 … 2027-03)."""
    first = pd.Period(year=plan_year, month=start_month, freq="M")
    return [first + i for i in range(12)]


def fiscal_year_of(day: date, start_month: int) -> int:
    """The fiscal year a date falls in: FY N starts in ``start_month`` of year N.

    No default: assuming April here is how a January-start company got last year's plan.
    """
    return day.year if day.month >= start_month else day.year - 1


def fiscal_label(plan_year: int) -> str:
    """Period label of a fiscal year, e.g. ``FY2026``."""
    return f"FY{plan_year}"


def month_label(month: pd.Period) -> str:
    """Period label of a month, e.g. ``2027-05``."""
    return f"{month.year:04d}-{month.month:02d}"


@lru_cache(maxsize=64)
def _national_holidays(year: int) -> frozenset[date]:
    return frozenset(_japan()(years=year).keys())


@lru_cache(maxsize=1)
def _japan() -> Callable[..., Mapping[date, str]]:
    """The holidays package's Japan calendar, loaded alone from its module file.

    ``country_holidays("JP")`` first imports all ~250 countries of ``holidays.countries``
    (~0.1 s, a tenth of a small book's recalculation); Japan's module needs none of them.
    The same class and code, so the same days; a package layout this does not know falls
    back to ``country_holidays``.
    """
    try:
        path = Path(str(holidays_lib.__file__)).parent / "countries" / "japan.py"
        spec = importlib.util.spec_from_file_location("routekpi._holidays_japan", path)
        if spec is None or spec.loader is None:
            raise ImportError(path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        japan: Callable[..., Mapping[date, str]] = module.Japan
        return japan
    except Exception:  # only a speed-up: any surprise takes the public API
        return partial(holidays_lib.country_holidays, "JP")


def national_holidays(years: Iterable[int]) -> set[date]:
    """Japanese national holidays (incl. substitute holidays) in the given years."""
    out: set[date] = set()
    for year in years:
        out |= _national_holidays(year)
    return out


@dataclass(frozen=True)
class BusinessCalendar:
    """Working-day arithmetic: weekdays minus national and company holidays."""

    company_holidays: frozenset[date] = frozenset()

    def is_working_day(self, day: date) -> bool:
        """True on a working day."""
        return (
            day.weekday() < 5
            and day not in self.company_holidays
            and day not in _national_holidays(day.year)
        )

    def working_days(self, start: date, end: date) -> list[date]:
        """Working days from ``start`` to ``end`` inclusive."""
        if end < start:
            return []
        days = pd.date_range(start, end, freq="D").date
        return [d for d in days if self.is_working_day(d)]

    def month_working_days(self, month: pd.Period) -> list[date]:
        """Working days of one calendar month."""
        return self.working_days(month.start_time.date(), month.end_time.date())

    def count(self, start: date, end: date) -> int:
        """Number of working days from ``start`` to ``end`` inclusive."""
        return len(self.working_days(start, end))

    def month_counts(self, months: Iterable[pd.Period]) -> np.ndarray:
        """Working days per month, in the given order."""
        return np.array([len(self.month_working_days(m)) for m in months], dtype=float)

    def elapsed_fraction(self, month: pd.Period, as_of: date) -> float:
        """Share of a month's working days that have passed by the end of ``as_of``."""
        if as_of >= month.end_time.date():
            return 1.0
        if as_of < month.start_time.date():
            return 0.0
        total = len(self.month_working_days(month))
        if total == 0:
            return 1.0
        return self.count(month.start_time.date(), as_of) / total
