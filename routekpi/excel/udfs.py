"""Excel worksheet functions (xlwings UDFs, Windows): ``=KPI_TARGET("unit_price", "Tanaka")``.

Each function is a thin wrapper, as in xlwings' own examples: find the calling workbook's
model (``live.model_for``), call the plain function in ``udf_values``, and turn a bad
argument into a short readable message in the cell instead of ``#VALUE!``. Pass the KGI cell
as the ``kgi`` argument (``=KPI_TARGET("revenue",,,KGI)``) so that Excel recalculates the
cell when the KGI changes; a new KGI reuses the cached history and only reruns the
decomposition.

Argument and return annotations are ``Any`` on purpose: xlwings turns annotations into
converters, and a union such as ``str | None`` has none.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import xlwings as xw

from routekpi.excel import disk_cache, live
from routekpi.excel.udf_args import UdfError
from routekpi.excel.udf_values import (
    kgi_max_reachable,
    kpi_actual,
    kpi_attainment,
    kpi_baseline,
    kpi_ceiling,
    kpi_flags,
    kpi_target,
)
from routekpi.messages import text

TEAM_DEFAULT = "ALL"

# The model cache's key needs a digest of routekpi's source: made while the first call reads.
disk_cache.identify_early()

# Where the calling workbook comes from; tests and the benchmark point this at a stand-in.
caller_book: Callable[[], Any] = live._caller


def _run(func: Callable[..., Any], *args: Any) -> Any:
    """Call ``func(model, *args)``; any failure becomes one short sentence in the cell."""
    language = "ja"
    try:
        model = live.model_for(caller_book())
        language = model.language
        return func(model, *args)
    except UdfError as exc:
        return exc.message(language)
    except Exception as exc:  # never a traceback in a cell
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return text("udf.failed", language, reason=reason[:120])


@xw.func
def KPI_TARGET(kpi: Any, rep: Any = TEAM_DEFAULT, period: Any = None, kgi: Any = None) -> Any:
    """Target of a KPI (key or label) for a rep and period (default: the plan year)."""
    return _run(kpi_target, kpi, rep, period, kgi)


@xw.func
def KPI_BASELINE(kpi: Any, rep: Any = TEAM_DEFAULT, period: Any = None, kgi: Any = None) -> Any:
    """Baseline (same period last year) of a KPI for a rep and period."""
    return _run(kpi_baseline, kpi, rep, period, kgi)


@xw.func
def KPI_CEILING(kpi: Any, rep: Any = TEAM_DEFAULT, period: Any = None, kgi: Any = None) -> Any:
    """Evidence ceiling of a KPI for a rep and period (none for lower-is-better KPIs: a
    sentence naming the evidence floor, as the Targets sheet's basis)."""
    return _run(kpi_ceiling, kpi, rep, period, kgi)


@xw.func
def KPI_ACTUAL(kpi: Any, rep: Any = TEAM_DEFAULT, period: Any = None, kgi: Any = None) -> Any:
    """Actual of a KPI for a rep and period up to the as-of date."""
    return _run(kpi_actual, kpi, rep, period, kgi)


@xw.func
def KPI_ATTAINMENT(kpi: Any, rep: Any = TEAM_DEFAULT, period: Any = None, kgi: Any = None) -> Any:
    """Attainment of a KPI (1 = on target) for a rep and period."""
    return _run(kpi_attainment, kpi, rep, period, kgi)


@xw.func
def KGI_MAX_REACHABLE(kgi: Any = None) -> Any:
    """The largest KGI the company's own evidence ceilings allow."""
    return _run(kgi_max_reachable, kgi)


@xw.func
def KPI_FLAGS(rep: Any = TEAM_DEFAULT) -> Any:
    """Issue flags of a rep (ALL: every flag) as a spilled table."""
    result = _run(kpi_flags, rep)
    return result if isinstance(result, list) else [[result]]
