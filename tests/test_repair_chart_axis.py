"""``routekpi repair`` keeps what a recalculation set in the Dashboard's charts.

Walk 44: on any recalculated book repair said it brought a Dashboard chart up to date and put
the template's bridge in as it is: the value axis lost the start the run wrote (``<c:min>``)
and the title its note 「(縦軸は ¥1,000M から)」, so in Excel the bridge started at 0 until
the next recalculation. A chart from an older template is still replaced, keeping the run's parts.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from routekpi.io.dashboard_layout import CHART_TITLE_ROWS, TITLE_COL
from routekpi.io.repair import chart_title_cell, repair_workbook, template_charts
from routekpi.io.samplebook import write_sample_workbook
from routekpi.recalc import recalculate
from routekpi.render_dashboard import with_run_parts
from routekpi.repair_job import repair_book

BRIDGE_CELL = f"{chr(ord('A') + TITLE_COL - 1)}{CHART_TITLE_ROWS['bridge']}"
_MIN = re.compile(rb'<(?:\w+:)?valAx>.*?<(?:\w+:)?min val="([^"]+)"', re.DOTALL)
_CACHED_TITLE = re.compile(rb"<(?:\w+:)?title>.*?<(?:\w+:)?v>([^<]*)</", re.DOTALL)
_LABEL_LOOK = re.compile(rb"(<(?:\w+:)?dLbls>.*?)<(?:\w+:)?spPr>.*?</(?:\w+:)?txPr>", re.DOTALL)


def _bridge(path: Path) -> tuple[str, bytes]:
    """(part name, XML) of the book's bridge chart."""
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if name.startswith("xl/charts/") and name.endswith(".xml"):
                xml = zf.read(name)
                found = chart_title_cell(xml)
                if found is not None and found[1] == BRIDGE_CELL:
                    return name, xml
    raise AssertionError("no bridge chart")


def _axis_and_title(xml: bytes) -> tuple[float | None, str]:
    found = _MIN.search(xml)
    title = _CACHED_TITLE.search(xml)
    assert title is not None
    return (float(found.group(1)) if found else None), title.group(1).decode()


def _replace_part(path: Path, part: str, xml: bytes) -> None:
    """Rewrite one part of the package (as a book from an older template would hold it)."""
    with zipfile.ZipFile(path) as zf:
        entries = [(info, zf.read(info)) for info in zf.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in entries:
            zf.writestr(info, xml if info.filename == part else data)


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(a book just made from the template, the same book recalculated)."""
    folder = tmp_path_factory.mktemp("repair_axis")
    fresh = folder / "fresh.xlsm"
    write_sample_workbook(fresh, "ja", seed=11, orders_rows=4_000)
    done = folder / "done.xlsm"
    done.write_bytes(fresh.read_bytes())
    recalculate(done)
    return fresh, done


def test_repair_keeps_the_recalculated_bridge_axis_and_title(
    books: tuple[Path, Path], tmp_path: Path
) -> None:
    book = tmp_path / "book.xlsm"
    book.write_bytes(books[1].read_bytes())
    part, before = _bridge(book)
    start, title = _axis_and_title(before)
    assert start is not None and start > 0  # the run set a floor (the sample's: ¥1,000M)
    assert "縦軸は" in title and title.endswith("から)")
    said = repair_book(book)
    assert "グラフ" not in said  # nothing to bring up to date: no 「グラフ 1 個を…」 line
    after = _bridge(book)
    assert after[0] == part
    assert _axis_and_title(after[1]) == (start, title)
    assert after[1] == before


def test_a_book_just_made_reports_no_chart_update(books: tuple[Path, Path], tmp_path: Path) -> None:
    book = tmp_path / "book.xlsm"
    book.write_bytes(books[0].read_bytes())
    _, before = _bridge(book)
    report = repair_workbook(book, language="ja", run_parts=with_run_parts)
    assert report.charts == []
    assert _bridge(book)[1] == before
    assert _axis_and_title(before)[0] is None  # no run yet: the axis is the application's


def test_an_old_bridge_is_replaced_and_keeps_the_runs_axis(
    books: tuple[Path, Path], tmp_path: Path
) -> None:
    book = tmp_path / "book.xlsm"
    book.write_bytes(books[1].read_bytes())
    part, recalculated = _bridge(book)
    # An older template's bridge: bar labels without their box (before ux44).
    old = _LABEL_LOOK.sub(rb"\1", recalculated, count=1)
    assert old != recalculated
    _replace_part(book, part, old)
    report = repair_workbook(book, language="ja", run_parts=with_run_parts)
    assert report.charts == [part]
    _, fresh = _bridge(book)
    assert fresh == recalculated  # the template's chart, with the run's axis and title
    assert _axis_and_title(fresh) == _axis_and_title(old)
    assert _LABEL_LOOK.search(fresh) is not None  # the boxed labels are back
    assert _axis_and_title(template_charts("ja")[BRIDGE_CELL])[0] is None  # the floor: the run's
