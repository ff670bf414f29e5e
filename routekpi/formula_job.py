"""``routekpi formula BOOK '=KPI_TARGET("unit_price","Tanaka","2026-05")'``: a worksheet
function's value without Excel.

The classic xlwings UDFs run only in Windows Excel. This command reads the workbook once,
builds the same model the first UDF call builds (``model_cache.model_from_result``) and
calls the same plain functions (``excel.udf_values``) with the typed arguments, so a
formula typed here gives the number, or the short message, its cell would show.

Arguments are what a formula holds literally: quoted text (``""`` for a quote), numbers, a
blank (``=KPI_TARGET("revenue",,"FY2026")``) and the ``KGI`` name (the KGI cell). A cell
reference needs Excel: it is refused with one line.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from routekpi.excel.model_cache import Model, model_from_result
from routekpi.excel.udf_args import UdfError, parse_kgi, parse_kpi
from routekpi.excel.udf_values import (
    kgi_max_reachable,
    kpi_actual,
    kpi_attainment,
    kpi_baseline,
    kpi_ceiling,
    kpi_flags,
    kpi_target,
)
from routekpi.messages import fmt_pct, fmt_yen, text
from routekpi.pipeline import RecalcError, compute_file
from routekpi.render import fmt_kpi
from routekpi.sources import SourceRef

# The worksheet functions by the name typed in a cell (the wrappers in excel/udfs.py).
FUNCTIONS: dict[str, Callable[..., Any]] = {
    "KPI_TARGET": kpi_target,
    "KPI_BASELINE": kpi_baseline,
    "KPI_CEILING": kpi_ceiling,
    "KPI_ACTUAL": kpi_actual,
    "KPI_ATTAINMENT": kpi_attainment,
    "KGI_MAX_REACHABLE": kgi_max_reachable,
    "KPI_FLAGS": kpi_flags,
}

_CALL = re.compile(r"^\s*=?\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\((.*)\)\s*$", re.S)
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")


class FormulaError(ValueError):
    """A formula this command cannot evaluate: a message key and its parameters."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


def parse_formula(formula: str) -> tuple[str, list[object]]:
    """``=NAME(arg, …)`` → (NAME upper-cased, the arguments as Excel passes them: str,
    float, None for a blank or the KGI name, which the functions read as the KGI cell)."""
    call = _CALL.match(formula)
    if call is None:
        raise FormulaError("formula.not_a_call", formula=formula)
    name = call.group(1).upper()
    if name not in FUNCTIONS:
        raise FormulaError(
            "formula.unknown_function", name=call.group(1), names=", ".join(FUNCTIONS)
        )
    body = call.group(2)
    return name, [] if not body.strip() else [_argument(a, formula) for a in _split(body, formula)]


def _split(body: str, formula: str) -> list[str]:
    """The arguments' text, split at the commas outside quotes."""
    parts, current, quoted = [], [], False
    for ch in body:
        if ch == '"':
            quoted = not quoted  # "" inside a string toggles twice: stays quoted
        if ch == "," and not quoted:
            parts.append("".join(current))
            current = []
            continue
        current.append(ch)
    if quoted:
        raise FormulaError("formula.open_quote", formula=formula)
    return [*parts, "".join(current)]


def _argument(raw: str, formula: str) -> object:
    value = raw.strip()
    if not value or value.upper() == "KGI":
        return None
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1].replace('""', '"')
    if _NUMBER.match(value):
        return float(value)
    raise FormulaError("formula.bad_argument", value=value, formula=formula)


def evaluate(model: Model, formula: str) -> tuple[object, bool]:
    """A formula's value as its cell shows it, and whether it is a value (False: the short
    message a bad argument or a missing value puts in the cell)."""
    name, args = parse_formula(formula)
    try:
        return FUNCTIONS[name](model, *args), True
    except TypeError:  # more arguments than the function takes
        raise FormulaError("formula.too_many", name=name) from None
    except UdfError as exc:
        return exc.message(model.language), False


def as_cell(name: str, args: Sequence[object], value: float) -> str:
    """A number as the sheets show it: the KPI's format on Targets and Attainment (¥92,008,
    29.1%, 78 accounts, 1.82 orders; ``render.fmt_kpi``), an attainment as a percentage, the
    largest reachable KGI in yen. Session 39's note: ``formula`` printed 92007.9916397545."""
    if name == "KPI_ATTAINMENT":
        return fmt_pct(value)
    if name == "KGI_MAX_REACHABLE":
        return fmt_yen(value)
    try:
        return fmt_kpi(parse_kpi(args[0]), value)
    except (IndexError, UdfError):  # no KPI to go by (the function answered all the same)
        return f"{value:.15g}"


def shown(value: object, name: str = "", args: Sequence[object] = (), exact: bool = False) -> str:
    """A value as one printed line (a table, KPI_FLAGS', as tab-separated rows): a number as
    the sheets show it (``as_cell``), or to 15 digits when ``exact`` (the cell's own value)."""
    if isinstance(value, float):
        if not math.isfinite(value):
            return ""
        return f"{value:.15g}" if exact or not name else as_cell(name, args, value)
    if isinstance(value, list):
        return "\n".join("\t".join(str(c) for c in row) for row in value)
    return str(value)


def print_formulas(
    path: Path,
    formulas: Sequence[str],
    *,
    sources: dict[str, SourceRef] | None = None,
    exact: bool = False,
) -> int:
    """Read ``path`` once and print each formula's value (``formula → value``, a number as
    the sheets show it, or its 15 digits with ``exact``); 1 when one showed a message
    instead of a value. A formula this command cannot read raises RecalcError with one
    line."""
    computed, _ = compute_file(Path(path), sources=sources)
    result, checks, rows, language = computed
    model = model_from_result(str(path), "", result, checks, rows, language)
    failed = False
    noted: set[str | None] = {None}
    for formula in formulas:
        try:
            value, ok = evaluate(model, formula)
        except FormulaError as exc:
            raise RecalcError(text(exc.key, language, **exc.params)) from None
        failed |= not ok
        name, args = parse_formula(formula)
        print(f"{formula.strip()} → {shown(value, name, args, exact)}")
        if ok and (note := capped_note(model, name, args)) not in noted:
            noted.add(note)
            print(note)
    return 1 if failed else 0


# The functions whose value follows the KGI's targets: past the largest reachable KGI they
# answer for the ceilings, not for the typed KGI (trial 49 L2: 「13億なら？」 read the cap as
# the target with no word).
_TARGET_FOLLOWERS = frozenset({"KPI_TARGET", "KPI_ATTAINMENT"})


def capped_note(model: Model, name: str, args: Sequence[object]) -> str | None:
    """One indented line when the formula's KGI (its 4th argument, else the KGI cell) is above
    the largest reachable KGI: its targets stop at the ceilings and the rest is the Plan's
    shortfall. None otherwise (and for functions that do not follow the targets)."""
    if name not in _TARGET_FOLLOWERS:
        return None
    try:
        plan = model.view(parse_kgi(model, args[3] if len(args) > 3 else None)).plan
    except UdfError:
        return None
    if plan.gap <= 0:
        return None
    said = {"kgi": fmt_yen(plan.kgi), "most": fmt_yen(plan.max_reachable_kgi)}
    said["gap"] = fmt_yen(plan.gap)
    try:
        cell = parse_kgi(model, None)
    except UdfError:  # no KGI typed in the cell: the argument's shortfall is the only one
        cell = None
    if cell is not None and cell != plan.kgi:  # 「13億なら？」: not the Plan's KGI
        return "  " + text("formula.kgi_capped_what_if", model.language, cell=fmt_yen(cell), **said)
    return "  " + text("formula.kgi_capped", model.language, **said)
