"""Reading the arguments of the KPI_* worksheet functions: KPI, rep, period and KGI.

Users type keys or labels, dates or ``2027/5``, rep names as the tables show them; each
parser returns the form the model's lookup tables use, or raises ``UdfError``.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from functools import lru_cache
from typing import TYPE_CHECKING

from routekpi.contract import WHITESPACE, fold
from routekpi.core.calendar import fiscal_label
from routekpi.core.catalog import find_kpi
from routekpi.core.measure import TEAM
from routekpi.messages import text
from routekpi.validation.cells import parse_number

if TYPE_CHECKING:
    from routekpi.excel.model_cache import Model


class UdfError(Exception):
    """A bad UDF argument or an unavailable value: a message key and its parameters."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def message(self, language: str) -> str:
        """The short sentence shown in the cell."""
        return text(self.key, language, **self.params)


_MONTH = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$")
_FY = re.compile(r"^(?:fy|年度)?\s*(\d{4})\s*(?:年度)?$")
# A day typed as text ("2026-12-01", "2026/12/1", "2026年12月1日"): its month, as a date
# cell's (trial 47 L4).
_DAY = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


@lru_cache(maxsize=4096)
def _period_text(value: str) -> str | None:
    folded = fold(value).replace(" ", "")
    m = _MONTH.match(folded)
    if m and 1 <= int(m.group(2)) <= 12:
        return f"{int(m.group(1)):04d}-{int(m.group(2)):02d}"
    m = _FY.match(folded)
    if m:
        return f"FY{int(m.group(1))}"
    m = _DAY.match(folded)
    if m:
        try:
            day = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:  # 2026-02-30: no day, so no month either
            return None
        return f"{day.year:04d}-{day.month:02d}"
    return None


def parse_period(value: object, plan_year: int) -> str:
    """A period label as the Targets sheet writes it: ``FY2026`` or ``2027-05``.

    Blank → the plan year; a date → its month; a whole number → that fiscal year;
    text such as ``2027-05``, ``2027/5``, ``2027年5月``, ``FY2026`` or ``2026年度``.
    """
    if value is None or value == "":
        return fiscal_label(plan_year)
    if isinstance(value, dt.date):
        return f"{value.year:04d}-{value.month:02d}"
    if isinstance(value, int | float) and not isinstance(value, bool):
        if float(value).is_integer() and 1900 <= value <= 2200:
            return f"FY{int(value)}"
        raise UdfError("udf.bad_period", value=value)
    label = _period_text(str(value))
    if label is None:
        raise UdfError("udf.bad_period", value=value)
    return label


@lru_cache(maxsize=1024)
def _kpi_key(value: str) -> str | None:
    kpi = find_kpi(value)
    return kpi.key if kpi else None


def parse_kpi(value: object) -> str:
    """A KPI key from a key or a ja/en label (``unit_price``, ``取引単価``, ``Unit price``)."""
    key = _kpi_key(str(value)) if value is not None and not isinstance(value, bool) else None
    if key is None:
        raise UdfError("udf.unknown_kpi", value="" if value is None else value)
    return key


def rep_lookup(value: object) -> str:
    """How a typed rep name is matched to the tables' (``Model.reps``): NFKC, case-folded,
    every space removed — 山本拓也 finds 山本 拓也, as ``routekpi daily --rep`` and the input
    sheets match names (validation.reps.rep_key; trial 32 L3)."""
    return fold(value, WHITESPACE)


def parse_rep(model: Model, value: object) -> str:
    """A rep as the tables name them; blank, ``ALL``, チーム計 or Team mean the team."""
    if value is None or value == "":
        return TEAM
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a numeric rep code typed in a cell arrives as 12.0
    folded = rep_lookup(value)
    rep = model.reps.get(folded)
    if rep is not None:
        return rep
    if folded in {rep_lookup(TEAM), rep_lookup(text("team", "ja")), rep_lookup(text("team", "en"))}:
        return TEAM
    named, reps = _branch_reps(model, folded)
    if reps:  # trial 47 L3: 浜松 is on the Plan as 「浜松 計」, a branch, not a rep
        raise UdfError(
            "udf.rep_is_branch",
            value=value,
            branch=named,
            reps="、".join(reps),
            reps_en=", ".join(reps),
        )
    raise UdfError("udf.unknown_rep", value=value)


def _branch_reps(model: Model, folded: str) -> tuple[str, list[str]]:
    """(the branch (営業所, Reps sheet) a typed name names — ``浜松`` or its Plan row's
    ``浜松 計`` — and its reps in the tables' order); no reps when it names no branch."""
    if model.result is None:
        return "", []
    branches = model.result.evidence.settings.branches
    totals = {rep_lookup(text("branch.subtotal", lang, branch="")) for lang in ("ja", "en")}
    reps = [
        rep
        for rep, branch in branches.items()
        if folded == rep_lookup(branch) or folded in {rep_lookup(branch) + t for t in totals}
    ]
    if not reps:
        return "", []
    order = list(model.reps.values())
    reps.sort(key=lambda r: order.index(r) if r in order else len(order))
    return branches[reps[0]], reps


def parse_kgi(model: Model, value: object) -> float:
    """The KGI to decompose: the argument, else the workbook's KGI cell.

    Read as the Settings KGI cell is (validation.settings ``_parse``, a number setting:
    ``parse_number``): ``30億``, ``1億2000万``, ``¥1,200,000,000``, ``12億円`` as well as a
    number (fix49k: ``=KPI_TARGET("revenue",,,"30億")`` answered 「正の数ではありません」)."""
    if value is None or value == "":
        value = model.workbook_kgi
    kgi, problem = parse_number(value)
    if problem or kgi is None or not math.isfinite(kgi) or kgi <= 0:
        raise UdfError("udf.bad_kgi", value=value)
    return kgi
