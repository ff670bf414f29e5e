"""The Excel button boxes an older book's bar labels as the command line does (session 39's
note: only ``recalc`` / ``repair`` boxed them, through render_dashboard._with_boxed_labels).
The button asks ``render_dashboard.unboxed_charts`` — the command line's own test — of the
book's saved file which charts need it, then sets the same look through Excel's object model.
Excel is not on this machine: the test reads a workbook written from the template, made
"older" by taking its labels' look out, and recalculated; the object-model part runs against
a stand-in recording what it is given."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from routekpi.excel.live import _box_labels, _rgb, _unboxed
from routekpi.io.dashboard_layout import CHART_TITLE_ROWS
from routekpi.io.samplebook import write_sample_workbook
from routekpi.io.sheetrewrite import PartEdits, rewrite_workbook
from routekpi.recalc import recalculate
from routekpi.render_dashboard import unboxed_charts

TAB = "Dashboard"  # the template's tab name in either language
_LOOK = re.compile(rb"<((?:\w+:)?(?:spPr|txPr))>.*?</\1>", re.DOTALL)
_DLBLS = re.compile(rb"<(?:\w+:)?dLbls>.*?</(?:\w+:)?dLbls>", re.DOTALL)


def _older(book: Path) -> None:
    """The book as an older template made it: its charts' labels with no look."""
    replaced = {}
    with zipfile.ZipFile(book) as zf:
        for name in zf.namelist():
            if name.startswith("xl/charts/chart") and name.endswith(".xml"):
                xml = zf.read(name)
                bare = _DLBLS.sub(lambda m: _LOOK.sub(b"", m.group(0)), xml)
                if bare != xml:
                    replaced[name] = bare
    assert replaced
    rewrite_workbook(book, {}, parts=PartEdits(replaced=replaced))


def test_the_button_finds_an_older_books_unboxed_charts(tmp_path: Path) -> None:
    book = tmp_path / "book.xlsm"
    write_sample_workbook(book, "ja", seed=11, orders_rows=4_000)
    assert unboxed_charts(book, TAB) == frozenset()  # the template's look
    _older(book)
    assert unboxed_charts(book, TAB) == {"bridge", "reps"}
    assert _unboxed(SimpleNamespace(fullname=str(book)), TAB) == {"bridge", "reps"}
    assert unboxed_charts(book, "Other") == {"reps"}  # the bridge is named by its tab
    recalculate(book)  # the command line boxes them in the chart parts
    assert unboxed_charts(book, TAB) == frozenset()
    # A book never saved (no file yet): nothing to read, nothing boxed.
    assert _unboxed(SimpleNamespace(fullname="Book1"), TAB) == frozenset()


class _Obj(SimpleNamespace):
    """A stand-in for an Excel object: attributes made on first use, calls recorded."""

    def __getattr__(self, name: str) -> Any:
        value = _Obj()
        setattr(self, name, value)
        return value

    def Solid(self) -> None:  # Excel's name
        self.solid = True


def _chart(title: str | None, chart_type: int) -> tuple[Any, Any]:
    labels = _Obj()
    series = SimpleNamespace(HasDataLabels=True, DataLabels=lambda: labels)
    plain = SimpleNamespace(HasDataLabels=False)
    items = [series, plain]
    collection = SimpleNamespace(Count=2, Item=lambda j: items[j - 1])
    chart = SimpleNamespace(
        HasTitle=title is not None,
        ChartTitle=SimpleNamespace(Formula=title),
        ChartType=chart_type,
        SeriesCollection=lambda: collection,
    )
    return SimpleNamespace(Chart=chart), labels


def test_the_look_goes_to_the_charts_named_only() -> None:
    bridge, bridge_look = _chart(f"='{TAB}'!$A${CHART_TITLE_ROWS['bridge']}", 52)
    reps, reps_look = _chart(None, 58)
    mine, my_look = _chart("=Sheet1!$A$1", 58)  # a user's own bar chart with a title cell
    objects = [bridge, reps, mine]
    sheet = SimpleNamespace(
        api=SimpleNamespace(
            ChartObjects=lambda: SimpleNamespace(Count=3, Item=lambda i: objects[i - 1])
        )
    )
    _box_labels(sheet, TAB, frozenset({"bridge"}))
    fmt = bridge_look.Format
    assert fmt.Fill.solid and fmt.Fill.ForeColor.RGB == 0xFFFFFF
    assert fmt.Line.ForeColor.RGB == 0xA6A6A6 and fmt.Line.Weight == 0.5  # 6350 EMU
    font = fmt.TextFrame2.TextRange.Font
    assert font.Bold is True and font.Fill.ForeColor.RGB == 0x262626
    assert "Format" not in vars(reps_look)  # the rep chart was boxed already
    _box_labels(sheet, TAB, frozenset({"reps"}))
    assert reps_look.Format.Fill.ForeColor.RGB == 0xFFFFFF
    assert my_look.Format.Fill.ForeColor.RGB == 0xFFFFFF  # a bar chart: as recalc's rule
    assert _rgb("FF0000") == 0x0000FF  # Excel's colour numbers: red in the low byte
