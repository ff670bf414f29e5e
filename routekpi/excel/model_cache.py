"""The model behind the UDFs: read once per workbook and history, decomposed once per KGI.

Pure Python (no xlwings): ``Model`` holds what one read of a workbook produced — the
engine ``Result`` at the workbook's KGI, the ``Evidence`` it came from, the checks — keyed by
the workbook's full name and a fingerprint of its inputs. A what-if on the KGI only runs
``engine.plan_for(evidence, kgi)`` and caches the resulting ``PlanView`` per KGI.

The ``kpi_*`` functions answer one UDF call each from a model; bad arguments raise
``UdfError``, which the thin xlwings wrappers in ``udfs.py`` turn into a short message.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd

from routekpi.contract import Check
from routekpi.contract import fold as _fold
from routekpi.core.calendar import fiscal_label
from routekpi.core.catalog import KPI_BY_KEY, find_kpi
from routekpi.core.engine import Result, apply_overrides, attainment_table, plan_for
from routekpi.core.measure import TEAM
from routekpi.core.targets import Plan
from routekpi.io.reader import WorkbookData
from routekpi.messages import text
from routekpi.recalc import RecalcError, compute_data
from routekpi.render import flag_message

# Messages of the live layer, in the shape of routekpi.messages.MESSAGES.
LIVE_MESSAGES: dict[str, dict[str, str]] = {
    "udf.unknown_kpi": {"ja": "KPI「{value}」は不明です", "en": "unknown KPI '{value}'"},
    "udf.unknown_rep": {"ja": "担当者「{value}」は不明です", "en": "unknown rep '{value}'"},
    "udf.bad_period": {
        "ja": "期間「{value}」は読めません(例: 2027-05, FY2026)",
        "en": "cannot read period '{value}' (e.g. 2027-05, FY2026)",
    },
    "udf.period_outside": {
        "ja": "期間「{value}」は計画年度 {fy} の外です",
        "en": "period '{value}' is outside the plan year {fy}",
    },
    "udf.bad_kgi": {
        "ja": "KGI「{value}」は正の数ではありません",
        "en": "KGI '{value}' is not a positive number",
    },
    "udf.no_value": {
        "ja": "{kpi}({rep}, {period})の値はありません",
        "en": "no value for {kpi} ({rep}, {period})",
    },
    "udf.no_actual": {
        "ja": "{period} の実績はまだありません",
        "en": "no actual for {period} yet",
    },
    "udf.failed": {
        "ja": "計算できません: {reason}",
        "en": "cannot calculate: {reason}",
    },
    "live.error": {
        "ja": "エラー: {reason}(詳細は入力チェックシート)",
        "en": "error: {reason} (details on the Checks sheet)",
    },
    "live.unexpected": {
        "ja": "予期しないエラー({kind}): {reason}",
        "en": "unexpected error ({kind}): {reason}",
    },
    "live.no_flags": {"ja": "課題はありません", "en": "no flags"},
}


def live_text(key: str, language: str, /, **params: object) -> str:
    """A live-layer message (falls back to ``routekpi.messages.text``)."""
    entry = LIVE_MESSAGES.get(key)
    if entry is None:
        return text(key, language, **params)
    try:
        return (entry.get(language) or entry["en"]).format(**params)
    except (KeyError, IndexError, ValueError):
        return entry["en"]


class UdfError(Exception):
    """A bad UDF argument or an unavailable value: a message key and its parameters."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def message(self, language: str) -> str:
        """The short sentence shown in the cell."""
        return live_text(self.key, language, **self.params)


# --- fingerprint -------------------------------------------------------------------------------


def fingerprint(data: WorkbookData) -> str:
    """A digest of every input cell and every setting except the KGI (what-ifs keep it)."""
    digest = hashlib.blake2b(digest_size=16)
    for name, sheet in sorted(data.sheets.items()):
        digest.update(f"\x00{name}\x00".encode())
        if sheet is None:
            continue
        digest.update(f"{sheet.name}|{sheet.first_row}|{sheet.first_col}".encode())
        rows = sheet.rows
        for start in range(0, len(rows), 4096):
            digest.update(repr(rows[start : start + 4096]).encode())
    settings = {k: v for k, v in data.settings.items() if k != "KGI"}
    digest.update(repr(sorted(settings.items(), key=lambda kv: kv[0])).encode())
    digest.update(repr((data.date1904, sorted(data.setting_cells.items()))).encode())
    return digest.hexdigest()


# --- the model -----------------------------------------------------------------------------------

TargetRow = tuple[float, float, float]  # baseline, target, ceiling
ActualRow = tuple[float, float, float, float, float]  # actual, target, attainment, pace, forecast


@dataclass
class PlanView:
    """One KGI's decomposition as lookup tables keyed by (kpi, rep, period)."""

    kgi: float
    plan: Plan
    targets: dict[tuple[str, str, str], TargetRow]
    _targets_frame: pd.DataFrame
    _attainment: dict[tuple[str, str, str], ActualRow] | None = None

    def attainment(self, model: Model) -> dict[tuple[str, str, str], ActualRow]:
        """Actual vs target lookup (computed on first use: UDF sheets rarely need it)."""
        if self._attainment is None:
            assert model.result is not None
            table = attainment_table(model.result.evidence, self._targets_frame)
            self._attainment = _actual_lookup(table)
        return self._attainment


def _target_lookup(targets: pd.DataFrame) -> dict[tuple[str, str, str], TargetRow]:
    cols = zip(
        targets["kpi"],
        targets["rep"],
        targets["period"],
        targets["baseline"],
        targets["target"],
        targets["ceiling"],
        strict=True,
    )
    return {(k, r, p): (float(b), float(t), float(c)) for k, r, p, b, t, c in cols}


def _actual_lookup(table: pd.DataFrame) -> dict[tuple[str, str, str], ActualRow]:
    cols = zip(
        table["kpi"],
        table["rep"],
        table["period"],
        table["actual"],
        table["target"],
        table["attainment"],
        table["pace"],
        table["forecast"],
        strict=True,
    )
    return {(k, r, p): tuple(map(float, rest)) for k, r, p, *rest in cols}  # type: ignore[misc]


@dataclass
class Model:
    """One read of one workbook: the engine result at its KGI, or the reason there is none."""

    key: str
    fingerprint: str
    language: str
    result: Result | None = None
    checks: list[Check] = field(default_factory=list)
    rows_read: int = 0
    error: str | None = None  # one line when the inputs could not be used
    signature: object = None  # xwio.probe() signature after the read
    kgi_cell: object = None  # xwio.NamedCell of KGI
    workbook_kgi: object = None  # the KGI cell's current value (defaults of the UDFs)
    checked_at: float = -math.inf
    views: OrderedDict[float, PlanView] = field(default_factory=OrderedDict)
    reps: dict[str, str] = field(default_factory=dict)  # folded name → rep as in the tables
    periods: frozenset[str] = frozenset()  # FY and month labels of the plan year
    max_views: int = 64

    @property
    def plan_year(self) -> int:
        """The plan year of the model."""
        assert self.result is not None
        return self.result.evidence.settings.plan_year

    def view(self, kgi: float) -> PlanView:
        """The decomposition for ``kgi`` (the workbook's own result, or a cached what-if)."""
        found = self.views.get(kgi)
        if found is not None:
            return found
        assert self.result is not None
        ev = self.result.evidence
        plan, targets = plan_for(ev, kgi)
        targets = apply_overrides(ev, targets)
        view = PlanView(kgi, plan, _target_lookup(targets), targets)
        self.views[kgi] = view
        while len(self.views) > self.max_views:
            self.views.popitem(last=False)
        return view


def build_model(key: str, data: WorkbookData, digest: str | None = None) -> Model:
    """Validate and run the engine on what an adapter read; failures become ``error``."""
    digest = digest or fingerprint(data)
    raw_lang = str(data.settings.get("Language") or "ja").strip().casefold()
    language = raw_lang if raw_lang in ("ja", "en") else "ja"
    try:
        result, checks, rows, language = compute_data(data)
    except RecalcError as exc:
        return Model(key, digest, language, error=exc.message)
    return model_from_result(key, digest, result, checks, rows, language)


def model_from_result(
    key: str, digest: str, result: Result, checks: list[Check], rows: int, language: str
) -> Model:
    """A model around a result the button (or a UDF's first call) computed."""
    model = Model(key, digest, language, result=result, checks=checks, rows_read=rows)
    kgi = float(result.plan.kgi)
    model.views[kgi] = PlanView(
        kgi,
        result.plan,
        _target_lookup(result.targets),
        result.targets,
        _actual_lookup(result.attainment),
    )
    model.reps = {_fold(r): r for r in [*result.evidence.reps, TEAM]}
    model.periods = frozenset(result.targets["period"])
    model.workbook_kgi = kgi
    return model


class ModelCache:
    """Models by workbook key (its full name); one fingerprint per key is kept."""

    def __init__(self) -> None:
        self._models: dict[str, Model] = {}
        self.builds = 0  # how many times a model was computed (tests, diagnostics)

    def get(self, key: str) -> Model | None:
        """The cached model of a workbook, if any."""
        return self._models.get(key)

    def put(self, model: Model) -> Model:
        """Store (replace) the model of ``model.key``."""
        self._models[model.key] = model
        return model

    def load(self, key: str, data: WorkbookData) -> Model:
        """The model for freshly read data: the cached one when the fingerprint is unchanged."""
        digest = fingerprint(data)
        cached = self._models.get(key)
        if cached is not None and cached.fingerprint == digest and cached.error is None:
            return cached
        self.builds += 1
        return self.put(build_model(key, data, digest))

    def clear(self) -> None:
        """Forget every model."""
        self._models.clear()


CACHE = ModelCache()

# --- argument parsing ------------------------------------------------------------------------


_MONTH = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$")
_FY = re.compile(r"^(?:fy|年度)?\s*(\d{4})\s*(?:年度)?$")


@lru_cache(maxsize=4096)
def _period_text(value: str) -> str | None:
    folded = _fold(value).replace(" ", "")
    m = _MONTH.match(folded)
    if m and 1 <= int(m.group(2)) <= 12:
        return f"{int(m.group(1)):04d}-{int(m.group(2)):02d}"
    m = _FY.match(folded)
    if m:
        return f"FY{int(m.group(1))}"
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


def parse_rep(model: Model, value: object) -> str:
    """A rep as the tables name them; blank, ``ALL``, チーム計 or Team mean the team."""
    if value is None or value == "":
        return TEAM
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a numeric rep code typed in a cell arrives as 12.0
    folded = _fold(value)
    rep = model.reps.get(folded)
    if rep is not None:
        return rep
    if folded in {_fold(TEAM), _fold(text("team", "ja")), _fold(text("team", "en"))}:
        return TEAM
    raise UdfError("udf.unknown_rep", value=value)


def parse_kgi(model: Model, value: object) -> float:
    """The KGI to decompose: the argument, else the workbook's KGI cell."""
    if value is None or value == "":
        value = model.workbook_kgi
    if isinstance(value, bool):
        raise UdfError("udf.bad_kgi", value=value)
    try:
        kgi = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise UdfError("udf.bad_kgi", value=value) from None
    if not math.isfinite(kgi) or kgi <= 0:
        raise UdfError("udf.bad_kgi", value=value)
    return kgi


# --- one function per UDF ------------------------------------------------------------------------


def _ready(model: Model) -> Model:
    if model.error is not None or model.result is None:
        raise UdfError("udf.failed", reason=model.error or "")
    return model


def _args(model: Model, kpi: object, rep: object, period: object) -> tuple[str, str, str]:
    return parse_kpi(kpi), parse_rep(model, rep), parse_period(period, model.plan_year)


def _value(
    model: Model, row: Sequence[float] | None, index: int, kpi: str, rep: str, period: str
) -> float:
    if row is None:
        if period not in model.periods:
            raise UdfError("udf.period_outside", value=period, fy=fiscal_label(model.plan_year))
        raise UdfError("udf.no_value", kpi=kpi, rep=rep, period=period)
    value = row[index]
    if not math.isfinite(value):
        raise UdfError("udf.no_value", kpi=kpi, rep=rep, period=period)
    return value


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
kpi_ceiling = _target_field(2)
kpi_ceiling.__doc__ = "Evidence ceiling (floor for lower-is-better KPIs) for a rep and period."


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
kpi_attainment.__doc__ = "Attainment (actual ÷ target; mirrored for lower-is-better KPIs)."


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
    return rows or [[live_text("live.no_flags", lang), "", "", "", "", ""]]
