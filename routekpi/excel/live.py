"""The Excel button ("Recalculate plan") and the model lookup behind the UDFs.

``recalculate_plan`` is the live door of ``routekpi.pipeline`` (the command line is the other):
it reads the inputs through xlwings (``xwio.read_book``), runs the same ``compute_data`` and
``render``, writes the same output sheets with the one status line on the Dashboard
(``Settings!STATUS_CELL`` shows it through a formula; a failure is written there directly).
It never raises: a problem becomes one sentence in the status cell and its details on the
Checks sheet, never a Python traceback dialog.
"""

from __future__ import annotations

import contextlib
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from routekpi.collector import collection_paused, imports_frozen
from routekpi.contract import InputError, language_of
from routekpi.excel import disk_cache, xwio
from routekpi.excel.model_cache import CACHE, Model, ModelCache, fingerprint, model_from_result
from routekpi.io.dashboard_layout import (
    CHART_ROWS,
    CHART_TOP,
    DATA_TOP,
    LABEL_EDGE,
    LABEL_EDGE_WIDTH,
    LABEL_FILL,
    LABEL_TEXT,
    LAST_ROW,
    status_formula,
)
from routekpi.messages import text
from routekpi.pipeline import RecalcError, compute_data, missing_output_checks, render, run_day
from routekpi.render import _CHECKS, _CHECKS_WRAP, output_tables
from routekpi.render_dashboard import (
    bridge_axis,
    chart_row_heights,
    is_bridge_title,
    unboxed_charts,
)
from routekpi.schema import OUTPUT_COLUMNS
from routekpi.wrapping import IN_CELL_WRAP, wrapped_rows

# UDF calls re-check the workbook's shape (cheap probe) at most this often, in seconds: one
# Excel recalculation evaluates thousands of cells, and each probe costs a few round trips.
PROBE_SECONDS = 2.0
# Rows below a table whose wrapping texts' heights a live run fits (``_fit_rows``): those a
# longer table of the last run may have left tall.
LEFT_BELOW = 500

clock: Callable[[], float] = time.monotonic


def _caller() -> Any:
    import xlwings as xw  # imported late: the core and the tests never need Excel

    return xw.Book.caller()


def book_key(book: Any) -> str:
    """The cache key of a workbook: its full name (path, or name while unsaved)."""
    return str(book.fullname)


def _language(book: Any) -> str:
    try:
        cell = xwio.named_cells(book).get("Language")
        value = book.sheets[cell.sheet].range((cell.row, cell.col)).value if cell else None
    except Exception:
        return "ja"
    return language_of(value)


def recalculate_plan(book: Any = None, *, cache: ModelCache = CACHE) -> str:
    """The button: read, compute, write the output sheets and the status line; return it."""
    book = book or _caller()
    language = _language(book)
    try:
        data = xwio.read_book(book)
        computed = compute_data(data)
        result, checks, rows, language = computed
    except InputError as exc:
        return _fail(book, language, text(exc.key, language, **exc.params))
    except RecalcError as exc:
        return _fail(book, language, exc.message)
    except Exception as exc:
        return _fail(book, language, _unexpected(exc, language), exc)
    try:
        tabs = xwio.output_tabs(book)
        checks += missing_output_checks(tabs)
        # Seconds, unlike the file adapter: the line also tells a UDF server in another
        # process that the button ran, and two runs may fall in the same minute.
        rendered = render(computed, checks, seconds=True)
        status = rendered.status
        for name, table in rendered.tables.items():
            if name in tabs:
                styles = [c.style for c in OUTPUT_COLUMNS[name]]
                xwio.write_table(book.sheets[tabs[name]], table, styles)
                if name in IN_CELL_WRAP:  # one flag a row: as tall as its wrapped texts
                    _fit_rows(book.sheets[tabs[name]], len(table))
        if "Dashboard" in tabs:
            _hide_rows(book.sheets[tabs["Dashboard"]], rendered.dashboard_hidden)
            _chart_rows(book.sheets[tabs["Dashboard"]], chart_row_heights(result))
            start = bridge_axis(rendered.tables.get("Dashboard", []))
            _bridge_axis(book.sheets[tabs["Dashboard"]], tabs["Dashboard"], start)
            # An older book's unboxed bar labels, found by the command line's own test.
            boxed = _unboxed(book, tabs["Dashboard"])
            _box_labels(book.sheets[tabs["Dashboard"]], tabs["Dashboard"], boxed)
        if "Dashboard" in tabs:  # the status lives on the Dashboard; Settings shows it
            hint = text("template.status_initial", language)
            xwio.write_status_formula(book, status_formula(tabs["Dashboard"], hint))
        else:
            xwio.write_status(book, status)
        digest = fingerprint(data)
        model = model_from_result(book_key(book), digest, result, checks, rows, language)
        _remember(book, model, cache)
        # For the UDF server (another process) and the next session: the same inputs give
        # this model, found by their fingerprint without computing it again.
        disk_cache.save(model, run_day())
    except Exception as exc:
        return _fail(book, language, _unexpected(exc, language), exc)
    _recalculate_udfs(book)
    return status


def _hide_rows(sheet: Any, rows: frozenset[int]) -> None:
    """Hide the Dashboard's unused chart-data rows (the charts plot visible cells only).

    Best effort through the Excel object model: where it is unavailable the charts show a
    few empty slots, nothing worse.
    """
    with contextlib.suppress(Exception):
        sheet.range(f"{DATA_TOP}:{LAST_ROW}").api.EntireRow.Hidden = False
        for row in sorted(rows):
            sheet.range(f"{row}:{row}").api.EntireRow.Hidden = True


def _fit_rows(sheet: Any, rows: int) -> None:
    """Excel's own row heights for a table whose texts wrap in their cells (Flags: the file
    writer sets them, ``wrapping.wrapped_heights``), and the rows a longer table of the last
    run left below back to the standard height. Best effort, like ``_hide_rows``."""
    with contextlib.suppress(Exception):
        sheet.range(f"2:{rows + LEFT_BELOW}").rows.autofit()


def _chart_rows(sheet: Any, heights: dict[int, float]) -> None:
    """The chart rows as tall as the rep chart needs (``chart_row_heights``), else back to
    the sheet's standard height. Best effort, like ``_hide_rows``: at worst names drop."""
    with contextlib.suppress(Exception):
        rows = sheet.range(f"{CHART_TOP}:{CHART_TOP + CHART_ROWS - 1}")
        rows.row_height = max(heights.values()) if heights else sheet.api.StandardHeight


def _bridge_axis(sheet: Any, tab: str, start: float | None) -> None:
    """The bridge's value axis from ``start``, the number the run wrote beside its data and
    its title names, as the command line sets it in the chart part (``with_bridge_axis``).
    Best effort through the Excel object model, like ``_hide_rows``: where it is unavailable
    the axis keeps its last start until the next command-line recalculation."""
    if start is None:
        return
    with contextlib.suppress(Exception):
        charts = sheet.api.ChartObjects()
        for i in range(1, int(charts.Count) + 1):
            chart = charts.Item(i).Chart
            if chart.HasTitle and is_bridge_title(str(chart.ChartTitle.Formula), tab):
                chart.Axes(2).MinimumScale = float(start)  # 2: xlValue


# Excel's bar chart types (xlBarClustered, xlBarStacked, xlBarStacked100): the rep chart.
_BAR_TYPES = (57, 58, 59)


def _rgb(hex_rgb: str) -> int:
    """Excel's colour number of an RRGGBB colour (red in the low byte)."""
    r, g, b = (int(hex_rgb[i : i + 2], 16) for i in (0, 2, 4))
    return r | g << 8 | b << 16


def _unboxed(book: Any, tab: str) -> frozenset[str]:
    """The charts whose labels ``render_dashboard.unboxed_charts`` finds unboxed in the
    book's saved file (none for a book never saved: a new book has the template's look)."""
    try:
        return unboxed_charts(Path(str(book.fullname)), tab)
    except Exception:  # best effort: never the run's failure
        return frozenset()


def _box_labels(sheet: Any, tab: str, kinds: frozenset[str]) -> None:
    """The bar labels of the charts ``kinds`` ("bridge", "reps") boxed as the command line
    boxes them in the chart part (``render_dashboard._with_boxed_labels``: white fill, a ½ pt
    grey edge, dark bold text, from the same layout constants). Best effort, like
    ``_bridge_axis``: where the object model is unavailable the next command-line run boxes
    them."""
    if not kinds:
        return
    with contextlib.suppress(Exception):
        charts = sheet.api.ChartObjects()
        for i in range(1, int(charts.Count) + 1):
            chart = charts.Item(i).Chart
            bridge = chart.HasTitle and is_bridge_title(str(chart.ChartTitle.Formula), tab)
            kind = "bridge" if bridge else "reps" if int(chart.ChartType) in _BAR_TYPES else ""
            if kind not in kinds:
                continue
            series = chart.SeriesCollection()
            for j in range(1, int(series.Count) + 1):
                if not series.Item(j).HasDataLabels:
                    continue
                look = series.Item(j).DataLabels().Format
                look.Fill.Visible = True
                look.Fill.Solid()
                look.Fill.ForeColor.RGB = _rgb(LABEL_FILL)
                look.Line.Visible = True
                look.Line.ForeColor.RGB = _rgb(LABEL_EDGE)
                look.Line.Weight = LABEL_EDGE_WIDTH / 12700  # EMU to points
                font = look.TextFrame2.TextRange.Font
                font.Bold = True
                font.Fill.ForeColor.RGB = _rgb(LABEL_TEXT)


def _remember(book: Any, model: Model, cache: ModelCache) -> None:
    """Store the model with the probe signature taken after writing (so UDFs reuse it)."""
    model.kgi_cell = xwio.named_cells(book).get("KGI")
    model.signature, kgi = xwio.probe(book, model.kgi_cell)  # type: ignore[arg-type]
    model.workbook_kgi = kgi
    model.checked_at = clock()
    cache.put(model)


def _recalculate_udfs(book: Any) -> None:
    """Ask Excel to recompute UDF cells, which depend on the model rather than on cells.

    Windows only (where UDFs exist); ignored anywhere it is unavailable.
    """
    if not sys.platform.startswith("win"):
        return
    with contextlib.suppress(Exception):
        book.app.api.CalculateFull()


def _unexpected(exc: BaseException, language: str) -> str:
    reason = str(exc).replace("\n", " ").strip() or type(exc).__name__
    return text("live.unexpected", language, kind=type(exc).__name__, reason=reason[:200])


def _fail(book: Any, language: str, reason: str, exc: BaseException | None = None) -> str:
    """Status line + one Checks row (plus the traceback for unexpected errors); never raises."""
    line = text("live.error", language, reason=reason)
    severity = text("severity.critical", language)
    rows = output_tables(None, [], language)["Checks"]  # the header row
    # Wrapped over the rows below as every Checks row is: row heights stay as written, so a
    # long reason in one cell printed cut at the page's edge.
    first = {"sheet": "", "row": None, "column": "", "value": "", "problem": reason}
    rows += wrapped_rows(_CHECKS, {**first, "severity": severity}, _CHECKS_WRAP)
    if exc is not None:  # a bug, not bad input: the traceback goes on the sheet, not a dialog
        trace = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        for frame in trace.strip().splitlines()[-12:]:
            rows += wrapped_rows(_CHECKS, {"problem": frame}, _CHECKS_WRAP)
    try:
        tabs = xwio.output_tabs(book)
        if "Checks" in tabs:
            styles = [c.style for c in OUTPUT_COLUMNS["Checks"]]
            xwio.write_table(book.sheets[tabs["Checks"]], rows, styles)
    except Exception:
        pass  # the status line below still tells the user
    with contextlib.suppress(Exception):
        xwio.write_status(book, line)
    return line


# --- the model behind the UDFs -------------------------------------------------------------


def model_for(book: Any, cache: ModelCache = CACHE) -> Model:
    """The cached model of ``book``; re-read only when the probe sees inputs change.

    Within ``PROBE_SECONDS`` of the last check the cached model is returned without touching
    the workbook. A changed KGI alone never re-reads history (the probe leaves it out).
    """
    key = book_key(book)
    model = cache.get(key)
    now = clock()
    if model is not None and now - model.checked_at < PROBE_SECONDS:
        return model
    if model is not None:
        signature, kgi = xwio.probe(book, model.kgi_cell)  # type: ignore[arg-type]
        if signature == model.signature:
            model.checked_at = now
            model.workbook_kgi = kgi if model.error is None else model.workbook_kgi
            return model
    # The read's row lists and the build's frames are freed by reference counting; the
    # collections their allocations would trigger (~0.1-0.3 s of a cold call) only walk them.
    with imports_frozen(), collection_paused():
        try:
            data, probed = xwio.read_book_probed(book)
        except InputError as exc:
            language = _language(book)
            failed = Model(key, "", language, error=text(exc.key, language, **exc.params))
            failed.signature, _ = xwio.probe(book, None)
            failed.checked_at = now
            return cache.put(failed)
        model = cache.load(key, data)
        del data  # gone before the collector resumes: it need not walk the rows
    # The probe as of the read (xwio.read_book_probed), not a second pass over the book.
    model.kgi_cell = probed.kgi_cell
    model.signature = probed.signature
    if model.error is None:
        model.workbook_kgi = probed.kgi
    model.checked_at = now
    return model
