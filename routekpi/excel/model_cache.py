"""The model behind the UDFs: read once per workbook and history, decomposed once per KGI.

Pure Python (no xlwings): ``Model`` holds what one run of the pipeline produced — the
engine ``Result`` at the workbook's KGI, the ``Evidence`` it came from, the checks — keyed by
the workbook's full name and a fingerprint of its inputs. A what-if on the KGI only runs
``engine.plan_for(evidence, kgi)`` and caches the resulting ``PlanView`` per KGI.

The UDF arguments are read in ``udf_args``; each UDF's value is looked up in ``udf_values``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import operator
from array import array
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import compress, islice, repeat
from operator import itemgetter
from typing import Any

import numpy as np
import pandas as pd

from routekpi.contract import Check
from routekpi.core.carry import carry_targets
from routekpi.core.engine import Result, attainment_table, plan_for
from routekpi.core.measure import TEAM
from routekpi.core.overrides import apply_overrides
from routekpi.core.targets import Plan
from routekpi.excel import disk_cache
from routekpi.excel.udf_args import rep_lookup
from routekpi.io.reader import WorkbookData
from routekpi.pipeline import RecalcError, compute_data, run_day, workbook_language
from routekpi.validation.typed import TypedColumn

# --- fingerprint -------------------------------------------------------------------------------


def fingerprint(data: WorkbookData) -> str:
    """A digest of every input cell and every setting except the KGI (what-ifs keep it)."""
    digest = hashlib.blake2b(digest_size=16)
    for name, sheet in sorted(data.sheets.items()):
        digest.update(f"\x00{name}\x00".encode())
        if sheet is None:
            continue
        digest.update(f"{sheet.name}|{sheet.first_row}|{sheet.first_col}".encode())
        if sheet.columns is not None:  # the header row, then the cells below it by column
            _digest_columns(digest, sheet.header, sheet.columns, sheet.height)
        else:
            _digest_rows(digest, sheet.rows)
    settings = {k: v for k, v in data.settings.items() if k != "KGI"}
    digest.update(repr(sorted(settings.items(), key=lambda kv: kv[0])).encode())
    digest.update(repr((data.date1904, sorted(data.setting_cells.items()))).encode())
    return digest.hexdigest()


def _digest_rows(digest: Any, rows: Sequence[Sequence[object]]) -> None:
    """The cells of a sheet, column by column: each type's cells in bulk, not one ``repr``
    per cell (``repr`` of 100,000 dates was most of a cold UDF call's fingerprint)."""
    widths = set(map(len, rows))
    if len(widths) != 1:  # ragged (or no) rows: as they are
        digest.update(b"rows")
        for start in range(0, len(rows), 4096):
            digest.update(repr(rows[start : start + 4096]).encode())
        return
    width = widths.pop()
    digest.update(f"grid|{len(rows)}|{width}".encode())
    # The first row (the usual header: text above numbers and dates) on its own, so that
    # each column below it holds one type and goes in one piece. ``repr`` tells the types
    # apart (1.0, 1, True, "1") and every float's exact bits.
    head = repr(rows[0]).encode()
    digest.update(f"|{len(head)}|".encode())
    digest.update(head)
    for j in range(width):
        _digest_column(digest, list(map(itemgetter(j), islice(rows, 1, None))))


def _digest_columns(
    digest: Any, header: Sequence[object] | None, columns: dict[int, Sequence[object]], height: int
) -> None:
    """A sheet read by column (``xwio.read_raw_sheet``): the header as ``_digest_rows`` takes
    a first row, then each column under its position."""
    head = repr(header).encode()
    digest.update(f"columns|{height}|{len(columns)}|{len(head)}|".encode())
    digest.update(head)
    for j, column in sorted(columns.items()):
        digest.update(f"|{j}|{len(column)}|".encode())
        if isinstance(column, TypedColumn):
            _digest_typed(digest, column)
        else:
            _digest_column(digest, column)


def _digest_typed(digest: Any, column: TypedColumn) -> None:
    """A typed column (``xwio.data_column``): its kind, its values' bytes (float64, int64
    codes, or datetime64's integers), its distinct texts or numbers, and its odd cells."""
    values = np.ascontiguousarray(column.values)
    body = (values.view(np.int64) if values.dtype.kind == "M" else values).tobytes()
    uniques = column.uniques
    if uniques is None:
        distinct = b""
    elif isinstance(uniques, np.ndarray):
        distinct = np.ascontiguousarray(uniques, dtype=np.float64).tobytes()
    else:  # an Arrow dictionary of text (no nulls: blanks are code -1)
        distinct = _cell_bytes(str, uniques.to_pylist())
    odd = repr(sorted(column.odd.items())).encode()
    head = f"|typed|{column.kind}|{values.dtype.str}|{len(body)}|{len(distinct)}|{len(odd)}|"
    digest.update(head.encode())
    digest.update(body)
    digest.update(distinct)
    digest.update(odd)


def _digest_column(digest: Any, column: Sequence[object]) -> None:
    """One column: for each type in it, where its cells are and their values' exact bytes."""
    kinds = set(map(type, column))
    if len(kinds) == 2 and _NONE in kinds:
        # Blanks among one type (a text column with empty cells): where the blanks are,
        # then the other cells, which fill the rest (no type of each cell to compare).
        blank = bytes(map(operator.is_, column, repeat(None)))
        (kind,) = kinds - {_NONE}
        values = list(compress(column, map(operator.not_, blank)))
        payload = _cell_bytes(kind, values)
        head = f"|blanks|{len(column)}|{kind.__module__}.{kind.__qualname__}|{len(payload)}|"
        digest.update(head.encode())
        digest.update(blank)
        digest.update(payload)
        return
    types = list(map(type, column)) if len(kinds) > 1 else []
    for kind in sorted(kinds, key=lambda k: f"{k.__module__}.{k.__qualname__}"):
        if not types:  # the usual column: one type, no positions to say
            where, values = b"", column
        else:
            where = bytes(map(operator.is_, types, repeat(kind)))
            values = list(compress(column, where))
        payload = _cell_bytes(kind, values)
        # Each part framed by its byte length: a text cell that imitates the next header
        # cannot move where one part ends and the next begins.
        head = f"|{kind.__module__}.{kind.__qualname__}|{len(values)}|{len(payload)}|"
        digest.update(head.encode())
        digest.update(where)
        digest.update(payload)


_NONE = type(None)


def _cell_bytes(kind: type, values: Sequence[Any]) -> bytes:
    """Values of one exact type as bytes that tell any two different lists apart."""
    if kind is type(None):
        return b""
    if kind is float:  # the exact bits
        return array("d", values).tobytes()
    if kind is str:
        joined = "\x00".join(values)
        if joined.count("\x00") == len(values) - 1:  # no cell holds a NUL: it splits back
            return b"j" + joined.encode("utf-8", "surrogatepass")
        lengths = array("q", list(map(len, values))).tobytes()  # else lengths, then the text
        return b"l" + lengths + "".join(values).encode("utf-8", "surrogatepass")
    if kind is bool:
        return bytes(values)
    if kind is dt.datetime:
        # The pickle state (protocol 2): 10 bytes of date and time, fold not among them (Excel
        # never sets it); a zone would be a 2nd item.
        states = list(map(itemgetter(1), map(dt.datetime.__reduce__, values)))
        if set(map(len, states)) == {1}:
            return b"".join(map(itemgetter(0), states))
    return repr(values).encode()


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
            result = model.result
            assert result is not None
            # The workbook's own KGI: the result's table (computed once, shared with a
            # recalculation that renders it); a what-if: its own.
            own = self._targets_frame is result.targets
            table = (
                result.attainment
                if own
                else attainment_table(result.evidence, self._targets_frame, history=result.history)
            )
            self._attainment = _actual_lookup(table)
        return self._attainment


def _columns(table: pd.DataFrame, names: Sequence[str]) -> list[list[Any]]:
    """The columns as lists (``tolist``): iterating a column itself boxes each cell, and its
    text columns are Arrow-backed (a cold UDF call's lookup of ~5,000 targets)."""
    return [table[name].tolist() for name in names]


def _target_lookup(targets: pd.DataFrame) -> dict[tuple[str, str, str], TargetRow]:
    names = ("kpi", "rep", "period", "baseline", "target", "ceiling")
    cols = zip(*_columns(targets, names), strict=True)
    return {(k, r, p): (float(b), float(t), float(c)) for k, r, p, b, t, c in cols}


def _actual_lookup(table: pd.DataFrame) -> dict[tuple[str, str, str], ActualRow]:
    names = ("kpi", "rep", "period", "actual", "target", "attainment", "pace", "forecast")
    cols = zip(*_columns(table, names), strict=True)
    return {(k, r, p): tuple(map(float, rest)) for k, r, p, *rest in cols}  # type: ignore[misc]


@dataclass
class Model:
    """One read of one workbook: the engine result at its KGI, or the reason there is none."""

    key: str
    fingerprint: str
    language: str
    result: Result | None = None
    # The run's checks: all of them from the button, the validation's from a UDF's own build.
    checks: list[Check] = field(default_factory=list)
    rows_read: int = 0
    error: str | None = None  # one line when the inputs could not be used
    signature: object = None  # xwio.probe() signature after the read
    kgi_cell: object = None  # xwio.NamedCell of KGI
    workbook_kgi: object = None  # the KGI cell's current value (defaults of the UDFs)
    checked_at: float = -math.inf
    views: OrderedDict[float, PlanView] = field(default_factory=OrderedDict)
    reps: dict[str, str] = field(default_factory=dict)  # rep_lookup(name) → rep as in the tables
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
        targets, _ = apply_overrides(ev, targets)  # the notes: the workbook's run said them
        targets = carry_targets(targets, self.result.carries, self.plan_year)  # core.carry
        view = PlanView(kgi, plan, _target_lookup(targets), targets)
        self.views[kgi] = view
        while len(self.views) > self.max_views:
            self.views.popitem(last=False)
        return view


def build_model(key: str, data: WorkbookData, digest: str | None = None) -> Model:
    """Validate and run the engine on what an adapter read; failures become ``error``."""
    digest = digest or fingerprint(data)
    language = workbook_language(data)
    try:
        # No Checks sheet to show: without the checks drawn only for it (pipeline.validate).
        result, checks, rows, language = compute_data(data, sheet_checks=False)
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
        result.targets,  # actuals on first use: KPI_TARGET, the usual first call, needs none
    )
    model.reps = {rep_lookup(r): r for r in [*result.evidence.reps, TEAM]}
    model.periods = frozenset(result.targets["period"])
    model.workbook_kgi = kgi
    return model


class ModelCache:
    """Models by workbook key (its full name); one fingerprint per key is kept."""

    def __init__(self) -> None:
        self._models: dict[str, Model] = {}
        self.builds = 0  # how many times a model was computed (tests, diagnostics)
        self.loads = 0  # how many were read back from disk (``disk_cache``)

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
        day = run_day()
        kept = disk_cache.load(digest, day, key)
        if kept is not None:  # computed on this computer before, from the same inputs
            self.loads += 1
            return self.put(kept)
        self.builds += 1
        model = self.put(build_model(key, data, digest))
        disk_cache.save(model, day)
        return model

    def clear(self) -> None:
        """Forget every model."""
        self._models.clear()


CACHE = ModelCache()
