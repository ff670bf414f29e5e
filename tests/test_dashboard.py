"""What a manager sees: the Dashboard and its charts, honest colours, widths, printing.

The recalculated sample workbook is read back the way Excel/LibreOffice would draw it: the
charts' series formulas are resolved against the written cells, column widths are compared
with the width of what is written in them, and LibreOffice prints the output sheets to PDF.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import numpy as np
import openpyxl
import pytest
from openpyxl.utils import column_index_from_string, get_column_letter
from workbook_files import zip_members

from routekpi import render_dashboard as layout
from routekpi.cli import main
from routekpi.contract import display_width
from routekpi.core.catalog import KPI_BY_KEY
from routekpi.core.measure import TEAM
from routekpi.io import dashboard_layout as dl
from routekpi.io.dashboard_layout import (
    BLOCK_TOP,
    CHART_TOP,
    KPI_COL,
    MIX_NOTE_ROW,
    PRINT_LAST_ROW,
)
from routekpi.io.dashboard_template import add_charts
from routekpi.io.samplebook import write_sample_workbook
from routekpi.messages import text
from routekpi.recalc import recalculate
from routekpi.report import ReportError, export_pdf, find_soffice, outputs_only_workbook_xml
from routekpi.schema import OUTPUT_COLUMNS, OUTPUT_SHEETS

SOFFICE = find_soffice()
_F = re.compile(r"<(?:c:)?f>([^<]+)</(?:c:)?f>")


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path, dict]]:
    """(fresh copy, recalculated book, --json document) per language."""
    out = {}
    for language in ("ja", "en"):
        folder = tmp_path_factory.mktemp(f"dash_{language}")
        fresh = folder / "fresh.xlsm"
        write_sample_workbook(fresh, language, orders_rows=8_000)
        book = folder / "book.xlsm"
        report = recalculate(fresh, out=book)
        out[language] = (fresh, book, report.json())
    return out


def _dashboard_part(members: dict[str, bytes]) -> str:
    """The worksheet part of the Dashboard (through workbook.xml and its rels)."""
    wb = members["xl/workbook.xml"].decode()
    rid = re.search(r'<sheet [^>]*name="Dashboard"[^>]*r:id="(rId\d+)"', wb).group(1)
    rels = members["xl/_rels/workbook.xml.rels"].decode()
    target = re.search(rf'Id="{rid}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="{rid}"', rels)
    path = target.group(1) or target.group(2)
    return path.lstrip("/") if path.startswith("/") else f"xl/{path}"


def _values(ws, ref: str) -> list[object]:
    sheet, cells = ref.split("!")
    assert sheet.strip("'") == "Dashboard"
    first, _, last = cells.replace("$", "").partition(":")
    last = last or first
    c1, r1 = re.match(r"([A-Z]+)(\d+)", first).groups()
    c2, r2 = re.match(r"([A-Z]+)(\d+)", last).groups()
    assert c1 == c2
    col = column_index_from_string(c1)
    return [ws.cell(r, col).value for r in range(int(r1), int(r2) + 1)]


def _charts(members: dict[str, bytes]) -> dict[str, list[list[str]]]:
    """Chart part → its series as [title ref, category ref, value ref]."""
    out = {}
    for name, data in members.items():
        if name.startswith("xl/charts/chart"):
            xml = data.decode()
            out[name] = [_F.findall(ser) for ser in re.findall(r"<ser>.*?</ser>", xml, re.S)]
    return out


def test_chart_parts_survive_recalc_and_read_output_cells(books) -> None:
    fresh, book, _ = books["ja"]
    before, after = zip_members(fresh), zip_members(book)
    charts = [n for n in after if n.startswith(("xl/charts/", "xl/drawings/drawing"))]
    assert len([n for n in charts if n.startswith("xl/charts/chart")]) == 3
    # The writer copies every non-output part byte for byte, but for the two edits the run
    # makes to a chart: a title's cache set to its cell, the bridge's value axis set to
    # where the run starts it (both read back from the Dashboard's cells).
    ws = openpyxl.load_workbook(book, data_only=True)["Dashboard"]
    titles = {
        ("Dashboard", f"A{row}"): ws.cell(row, 1).value for row in dl.CHART_TITLE_ROWS.values()
    }
    start = ws.cell(dl.BRIDGE_AXIS_ROW, dl.BRIDGE_AXIS_COL).value
    for name in charts:
        want = before[name]
        if name.startswith("xl/charts/chart"):
            want = layout.with_title_caches(want, titles)
            want = layout.with_bridge_axis(want, "Dashboard", start)
        assert after[name] == want, name
    part = _dashboard_part(after)
    assert re.search(rb"<drawing [^>]*r:id=", after[part])
    for name, series in _charts(after).items():
        # Only a title carries a cached text (LibreOffice 7.4 draws a cell-linked title
        # from its cache alone, and no title without one); the series read the cells.
        plot = re.sub(rb"<title>.*?</title>", b"", after[name], flags=re.S)
        assert b"numCache" not in plot and b"strCache" not in plot
        for refs in series:
            assert refs and all(r.startswith("'Dashboard'!") for r in refs), (name, refs)
            # Chart data sits below the printed page.
            rows = [int(x) for r in refs for x in re.findall(r"\$?[A-Z]+\$?(\d+)", r)]
            assert min(rows) >= layout.DATA_TOP


def test_the_rep_charts_pad_to_100_percent_is_not_drawn(books) -> None:
    """The rep chart's fourth series pads each bar to 100%, unseen: no fill, no line, no
    data label, and a legend name of one space (an empty one reads "Column K")."""
    _, book, _ = books["ja"]
    members = zip_members(book)
    ws = openpyxl.load_workbook(book, data_only=True)["Dashboard"]
    [xml] = [d.decode() for n, d in members.items() if b'<barDir val="bar"' in d]
    series = re.findall(r"<ser>.*?</ser>", xml, re.S)
    assert len(series) == 4
    pad = series[3]
    assert re.search(r"<spPr><a:noFill ?/><a:ln><a:noFill ?/>", pad)
    assert re.search(r'<dLbls><delete val="1" ?/></dLbls>', pad)
    column = get_column_letter(layout.DATA_COL + 4)
    assert f"'Dashboard'!${column}${layout.REPS_FIRST}:" in pad
    assert ws[f"{column}{layout.REPS_HEAD}"].value == " "


@pytest.mark.parametrize("language", ["ja", "en"])
def test_chart_titles_are_cells_in_the_books_language(books, language: str) -> None:
    """Each chart's title refers to a cell the run writes in the book's language, so a book
    whose Language setting changed has its titles in the new one (Excel reads the cell)."""
    _, book, _ = books[language]
    members = zip_members(book)
    ws = openpyxl.load_workbook(book, data_only=True)["Dashboard"]
    refs = set()
    for name, data in members.items():
        if name.startswith("xl/charts/chart"):
            [ref] = re.findall(rb"<title><tx><strRef><f>([^<]+)</f>", data)
            refs.add(ref.decode())
    for chart, row in layout.CHART_TITLE_ROWS.items():
        assert f"'Dashboard'!$A${row}" in refs
        assert ws.cell(row, 1).value == _chart_title(ws, chart, language)


def _chart_title(ws, chart: str, language: str) -> str:
    """A chart's title as the run writes it: the bridge's names where its value axis starts
    when that is above 0 (tests/test_dashboard_baseline.py)."""
    said = text(f"template.chart_{chart}", language)
    start = ws.cell(dl.BRIDGE_AXIS_ROW, dl.BRIDGE_AXIS_COL).value
    if chart == "bridge" and start:
        said += text("dash.bridge_axis_from", language, start=layout.fmt_yen_m(start))
    return said


def test_the_rep_chart_names_every_bar(books) -> None:
    """The rep chart's category axis skips no name (tickLblSkip 1): with 9 reps the axis left
    to itself named 5 of them in LibreOffice."""
    _, book, _ = books["ja"]
    bars = [
        data
        for name, data in zip_members(book).items()
        if name.startswith("xl/charts/chart") and b'<barDir val="bar"' in data
    ]
    assert len(bars) == 1
    assert re.findall(rb'<tickLblSkip val="(\d+)"', bars[0]) == [b"1"]


def _title_caches(members: dict[str, bytes]) -> dict[str, str]:
    """Chart title reference → its cached text, over the book's chart parts."""
    found = {}
    for name, data in members.items():
        if name.startswith("xl/charts/chart"):
            for ref, said in re.findall(
                r"<title><tx><strRef><f>([^<]+)</f><strCache>.*?<v>([^<]*)</v>", data.decode()
            ):
                found[ref] = html.unescape(said)
    return found


def test_a_book_switched_to_english_has_english_chart_titles_in_libreoffice(
    books, tmp_path: Path
) -> None:
    """LibreOffice shows a chart title's cached text, not its cell: after Language ja → en
    the titles stayed Japanese. The run writes each title's cache as its cell says."""
    fresh, _, _ = books["ja"]
    book = tmp_path / "switched.xlsm"
    _with_setting(fresh, book, "Language", "en")
    before = _title_caches(zip_members(book))
    recalculate(book)
    after = _title_caches(zip_members(book))
    ws = openpyxl.load_workbook(book, data_only=True)["Dashboard"]
    for chart, row in layout.CHART_TITLE_ROWS.items():
        ref = f"'Dashboard'!$A${row}"
        assert before[ref] == text(f"template.chart_{chart}", "ja")
        assert after[ref] == _chart_title(ws, chart, "en")


def test_a_title_cache_follows_its_cell_in_any_spelling() -> None:
    """Excel writes the chart namespace as c: and the reference unquoted; the text is
    escaped; a title of another cell, or one without a cache, is left alone."""
    excel = (
        b"<c:chart><c:title><c:tx><c:strRef><c:f>Dashboard!$A$68</c:f><c:strCache>"
        b'<c:ptCount val="1"/><c:pt idx="0"><c:v>old</c:v></c:pt></c:strCache></c:strRef>'
        b"</c:tx></c:title></c:chart>"
    )
    titles = {("Dashboard", "A68"): "P&L <new>", ("Dashboard", "A78"): "x"}
    assert layout.with_title_caches(excel, titles) == excel.replace(
        b"<c:v>old</c:v>", b"<c:v>P&amp;L &lt;new&gt;</c:v>"
    )
    other = excel.replace(b"$A$68", b"$A$69")
    assert layout.with_title_caches(other, titles) == other
    # A cache without a text: the next <v> (a series name's, say) is not taken for it.
    empty = excel.replace(b'<c:pt idx="0"><c:v>old</c:v></c:pt>', b"") + b"<c:v>series</c:v>"
    assert layout.with_title_caches(empty, titles) == empty
    bare = b"<title><tx><strRef><f>'Dash''s'!$A$5</f></strRef></tx></title>"
    assert layout.with_title_caches(bare, {("Dash's", "A5"): "x"}) == bare
    quoted = bare.replace(
        b"</f>", b'</f><strCache><ptCount val="1"/><pt idx="0"><v>a</v></pt></strCache>'
    )
    assert layout.with_title_caches(quoted, {("Dash's", "A5"): "b"}) == quoted.replace(
        b"<v>a</v>", b"<v>b</v>"
    )


def test_charts_drawn_over_written_cells_cache_their_titles() -> None:
    """A share copy draws the charts over a Dashboard already written: each title's cache
    is its cell's text (before the plan year the rep chart's says it shows target shares);
    the template, with no cell written, caches the template's title."""
    ws = openpyxl.Workbook().active
    ws.title = "Dashboard"
    said = text("dash.chart_reps_before", "en", start="April 2027")
    ws.cell(layout.CHART_TITLE_ROWS["reps"], layout.TITLE_COL, said)
    add_charts(ws, "en")
    titles = [c.title.tx.strRef.strCache.pt[0].v for c in ws._charts]
    assert titles == [
        text("template.chart_burnup", "en"),
        said,
        text("template.chart_bridge", "en"),
    ]


def test_charts_show_the_right_values(books) -> None:
    _, book, doc = books["ja"]
    members = zip_members(book)
    ws = openpyxl.load_workbook(book, data_only=True)["Dashboard"]
    fy = doc["plan_year"]
    team_rev = {
        t["period"]: t["target"]
        for t in doc["targets"]
        if t["rep"] == TEAM and t["kpi"] == "revenue"
    }
    actual = {
        a["period"]: a["actual"]
        for a in doc["attainment"]
        if a["rep"] == TEAM and a["kpi"] == "revenue" and a["period"] != fy
    }
    rep_att = {
        a["rep"]: a["attainment"]
        for a in doc["attainment"]
        if a["period"] == fy and a["kpi"] == "revenue" and a["rep"] != TEAM
    }
    found = set()
    for series in _charts(members).values():
        titles = [_values(ws, refs[0])[0] for refs in series]
        cats = _values(ws, series[0][1])
        vals = [_values(ws, refs[2]) for refs in series]
        if titles == [text("dash.cum_target", "ja"), text("dash.cum_actual", "ja")]:
            found.add("burnup")
            months = [m for m in team_rev if m != fy]
            assert cats == months
            assert vals[0][-1] == pytest.approx(doc["kgi"], abs=1)
            cum = np.cumsum([team_rev[m] for m in months])
            assert vals[0] == pytest.approx(list(cum))
            got = [v for v in vals[1] if v is not None]
            assert got == pytest.approx(list(np.cumsum([actual[m] for m in actual])))
        elif titles[0] == text("dash.band_critical", "ja"):
            found.add("reps")
            reps = [c for c in cats if c is not None]
            assert reps == list(rep_att)
            # Each rep's bar is in exactly one band, the one its value belongs to.
            for i, rep in enumerate(reps):
                bands = [j for j in range(3) if vals[j][i] is not None]
                assert len(bands) == 1, rep
                assert vals[bands[0]][i] == pytest.approx(rep_att[rep])
                assert bands[0] == layout.band(rep_att[rep], 0.9, 0.75)
                # The fourth, invisible series: the rest of the way to 100% (86% → 14%), so
                # the axis reaches 100%; nothing past it.
                pad = vals[3][i]
                if rep_att[rep] < 1:
                    assert pad == pytest.approx(1 - rep_att[rep])
                else:
                    assert pad is None
        else:
            found.add("bridge")
            base, up, down, total = vals
            assert total[0] == pytest.approx(doc["baseline"])
            labels = [c for c in cats if c is not None]
            assert total[len(labels) - 1] == pytest.approx(doc["kgi"])
            level = doc["baseline"]
            for i in range(1, len(labels) - 1):  # each step starts where the last ended
                step = (up[i] or 0.0) - (down[i] or 0.0)
                assert base[i] == pytest.approx(min(level, level + step))
                level += step
            assert doc["feasible"] and level == pytest.approx(doc["kgi"])
    assert found == {"burnup", "reps", "bridge"}


def _bridge_labels(members: dict[str, bytes]) -> list[tuple[str, str | None]]:
    """The bridge chart's data-label formats, series by series: (code, sourceLinked)."""
    [chart] = [
        data.decode()
        for name, data in members.items()
        if name.startswith("xl/charts/chart") and b'<barDir val="col"' in data
    ]
    found = re.findall(r"<dLbls><numFmt formatCode=\"([^\"]*)\"(?: sourceLinked=\"(\d)\")?", chart)
    return [(html.unescape(code), linked or None) for code, linked in found]


def _with_setting(fresh: Path, out: Path, name: str, value: object) -> None:
    """A copy of ``fresh`` with one named Settings cell changed (saved by openpyxl)."""
    wb = openpyxl.load_workbook(fresh, keep_vba=True)
    sheet, cell = next(iter(wb.defined_names[name].destinations))
    wb[sheet][cell.replace("$", "")] = value
    wb.save(out)


def test_the_bridge_labels_sign_each_step_in_excel_and_libreoffice(books, tmp_path: Path) -> None:
    """A lever that lowers revenue reads −¥6.5M, one that raises it +¥12.0M (a decrease
    drawn as a bare ¥6.5M read as a gain: trial 17). A bar's height is the step's size, so
    the sign is in the number format of its cell, and the labels show their cells' formats
    (sourceLinked); each label set's own code is its series', so a book saved by openpyxl,
    which keeps the code and drops the link, still signs them. The gap of an unreachable
    KGI (red, beside the falls) is an amount, unsigned."""
    d, first = layout.DATA_COL, layout.BRIDGE_FIRST
    up, down, total = (
        dl.BRIDGE_FORMATS[s] for s in (dl.BRIDGE_UP, dl.BRIDGE_DOWN, dl.BRIDGE_TOTAL)
    )
    assert (up, down, total) == ('"+¥"#,##0.0,,"M"', '"\u2212¥"#,##0.0,,"M"', '"¥"#,##0.0,,"M"')
    fresh, book, _ = books["en"]
    assert _bridge_labels(zip_members(book)) == [(up, "1"), (down, "1"), (total, "1")]
    plan = openpyxl.load_workbook(book, data_only=True)["Dashboard"]
    baseline = plan.cell(layout.BLOCK_TOP + 2, layout.PLAN_COL + 1).value  # last year
    # A KGI 10% under last year: levers fall (visit frequency, orders per visit at seed 7).
    lower = tmp_path / "lower.xlsm"
    _with_setting(fresh, lower, "KGI", round(baseline * 0.9))
    recalculate(lower)
    assert _bridge_labels(zip_members(lower)) == [(up, None), (down, None), (total, None)]
    ws = openpyxl.load_workbook(lower)["Dashboard"]
    steps = [ws.cell(first + i, d).value for i in range(layout.BRIDGE_SLOTS)]
    n = steps.index(None) if None in steps else len(steps)
    kinds = []  # each step: a value in the rise or the fall column, in that one's format
    for i in range(1, n - 1):
        rise, fall = ws.cell(first + i, d + 2), ws.cell(first + i, d + 3)
        [(cell, code)] = [(c, f) for c, f in ((rise, up), (fall, down)) if c.value is not None]
        assert cell.value > 0 and cell.number_format == code, steps[i]
        kinds.append(code)
    assert down in kinds, steps
    for i in (0, n - 1):  # last year, the KGI
        assert ws.cell(first + i, d + 4).number_format == total
    # A KGI three times last year: out of reach, the gap in the red column unsigned.
    higher = tmp_path / "higher.xlsm"
    _with_setting(fresh, higher, "KGI", round(baseline * 3))
    recalculate(higher)
    ws = openpyxl.load_workbook(higher)["Dashboard"]
    rows = {ws.cell(first + i, d).value: first + i for i in range(layout.BRIDGE_SLOTS)}
    gap = rows[text("dash.bridge_gap", "en")]
    assert ws.cell(gap, d + 3).value > 0 and ws.cell(gap, d + 3).number_format == total
    rises = [r for r in rows.values() if ws.cell(r, d + 2).value is not None]
    assert rises and all(ws.cell(r, d + 2).number_format == up for r in rises)


def test_unused_chart_rows_are_hidden(books) -> None:
    _, book, doc = books["ja"]
    ws = openpyxl.load_workbook(book)["Dashboard"]
    reps = len({a["rep"] for a in doc["attainment"]}) - 1
    first_unused = layout.REPS_FIRST + reps
    assert not ws.row_dimensions[first_unused - 1].hidden
    assert ws.row_dimensions[first_unused].hidden
    assert ws.row_dimensions[layout.LAST_ROW].hidden


@pytest.mark.slow
def test_a_rep_on_pace_is_never_shown_failing(books) -> None:
    """Year rows judge what is due so far; the colour follows the pace."""
    _, book, doc = books["ja"]
    fy = doc["plan_year"]
    wb = openpyxl.load_workbook(book, data_only=True)
    warn = wb.defined_names["PaceWarn"]
    sheet, cell = next(iter(warn.destinations))
    warn_level = wb[sheet][cell.replace("$", "")].value
    rows = 0
    for a in doc["attainment"]:
        if a["pace"] is None or a["attainment"] is None:
            continue
        rows += 1
        if a["pace"] >= warn_level and a["period"] == fy:
            assert a["attainment"] >= warn_level, a
    assert rows > 100
    # Lower-is-better counts: judged on the forecast against the allowance.
    for a in doc["attainment"]:
        if a["kpi"] == "cancellations" and a["period"] == fy and a["target"] and a["forecast"]:
            assert a["attainment"] == pytest.approx(a["target"] / a["forecast"])
            if a["forecast"] > a["target"]:
                assert a["attainment"] < 1
    # The Attainment sheet colours attainment and pace by the pace column.
    ws = openpyxl.load_workbook(book)["Attainment"]
    pace_col = get_column_letter([c.key for c in OUTPUT_COLUMNS["Attainment"]].index("pace") + 1)
    formulas = [f for cf in ws.conditional_formatting for r in cf.rules for f in r.formula]
    assert formulas and all(f"${pace_col}2" in f for f in formulas)


def test_year_rows_compare_to_date(books) -> None:
    """Hand check: the FY target to date is the months' targets × their elapsed share."""
    _, _, doc = books["ja"]
    fy = doc["plan_year"]
    rows = {(a["period"], a["rep"], a["kpi"]): a for a in doc["attainment"]}
    months = [p for (p, r, k) in rows if r == TEAM and k == "revenue" and p != fy]
    due = sum(rows[(m, TEAM, "revenue")]["target_to_date"] for m in months)
    year = rows[(fy, TEAM, "revenue")]
    assert year["target_to_date"] == pytest.approx(due)
    assert year["attainment"] == pytest.approx(year["actual"] / due)
    assert year["target_to_date"] < year["target"]  # mid-year: not the full-year target


# --- widths: nothing a person reads is cut off ------------------------------------------------

_NUMBER_TEXT = {
    "rk_yen": lambda v: f"¥{v:,.0f}",
    "rk_int": lambda v: f"{v:,.0f}",
    "rk_int_center": lambda v: f"{v:,.0f}",
    "rk_dec": lambda v: f"{v:,.2f}",
    "rk_dec1": lambda v: f"{v:,.1f}",
    "rk_pct": lambda v: f"{v * 100:.1f}%",
    "rk_pct_signed": lambda v: f"{v * 100:+.1f}%",
}
_WRAPPED = {"rk_note"}  # wrapped on purpose; their long texts are split into rows
_BOLD = {"rk_header": 1.15, "rk_title": 1.35, "rk_banner": 1.3}


def _needed(value: object, style: str) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return 5
    if isinstance(value, int | float):
        shown = _NUMBER_TEXT.get(style, lambda v: f"{v:g}")(value)
    elif hasattr(value, "isoformat"):
        shown = "2026-12-31"
    else:
        shown = str(value)
    return display_width(shown) * _BOLD.get(style, 1.05) + 1


@pytest.mark.parametrize("language", ["ja", "en"])
def test_no_cut_off_text(books, language: str) -> None:
    _, book, _ = books[language]
    problems = _cut_off(book)
    assert not problems, problems[:10]


def _cut_off(book: Path) -> list[tuple[object, ...]]:
    """Output cells whose text is wider than its column (and the empty ones it runs into)."""
    wb = openpyxl.load_workbook(book)
    problems = []
    for spec in OUTPUT_SHEETS:
        ws = wb[spec.name]
        widths = {
            i: ws.column_dimensions[get_column_letter(i)].width or 8.43
            for i in range(1, len(OUTPUT_COLUMNS[spec.name]) + 1)
        }
        hidden = {i for i in widths if ws.column_dimensions[get_column_letter(i)].hidden}
        merged = {r.min_row for r in ws.merged_cells.ranges}
        for row in ws.iter_rows(max_row=min(ws.max_row, 400)):
            for cell in row:
                c = cell.column
                if c not in widths or c in hidden or cell.style in _WRAPPED:
                    continue
                need = _needed(cell.value, cell.style)
                if need is None or cell.row in merged:
                    continue
                room = widths[c]
                if isinstance(cell.value, str):  # text may run on into empty cells
                    for nxt in range(c + 1, len(widths) + 1):
                        if row[nxt - 1].value not in (None, ""):
                            break
                        room += widths[nxt]
                if need > room:
                    problems.append((spec.name, cell.coordinate, cell.value, need, room))
    return problems


@pytest.mark.parametrize("language", ["ja", "en"])
def test_before_the_plan_year_the_dashboard_says_when_counting_starts(
    books, language: str, tmp_path: Path
) -> None:
    """Budgeting in November for next April: no month has started, so the year-to-date
    header names the first month instead of showing empty cells as if nothing was sold."""
    fresh, _, doc = books[language]
    book = tmp_path / "next_year.xlsm"
    wb = openpyxl.load_workbook(fresh, keep_vba=True)
    sheet, cell = next(iter(wb.defined_names["PlanYear"].destinations))
    next_year = int(doc["plan_year"].removeprefix("FY")) + 1
    wb[sheet][cell.replace("$", "")] = next_year
    wb.save(book)
    recalculate(book)
    dash = openpyxl.load_workbook(book)["Dashboard"]
    header = dash.cell(layout.BLOCK_TOP, layout.YTD_COL).value
    assert header == text("dash.ytd_from", language, start=f"{next_year}-04")
    assert dash.cell(layout.BLOCK_TOP + 1, layout.YTD_COL + 1).value is None  # no actual yet
    # The KPI table shows each team KPI's baseline, the year's target (revenue = the KGI)
    # and the change (tests/test_dashboard_baseline.py checks the numbers), nothing to date.
    first = layout.BLOCK_TOP + 1
    heads = [dash.cell(layout.BLOCK_TOP, layout.KPI_COL + j).value for j in range(4)]
    assert heads == [text(f"dash.{k}", language) for k in layout.BEFORE_HEADS]
    assert dash.cell(first, layout.KPI_COL).value == KPI_BY_KEY["revenue"].label(language)
    assert dash.cell(first, layout.KPI_COL + 2).value == pytest.approx(
        dash.cell(first, layout.PLAN_COL + 1).value  # the KGI in the plan block
    )
    assert dash.cell(first, layout.KPI_COL + 1).value == pytest.approx(
        dash.cell(first + 1, layout.PLAN_COL + 1).value  # last year in the plan block
    )
    filled = [dash.cell(first + i, layout.KPI_COL + 2).value for i in range(layout.KPI_ROWS)]
    assert sum(v is not None for v in filled) >= 8, filled
    for i in range(layout.KPI_ROWS):  # no number in the traffic-light column
        assert not isinstance(dash.cell(first + i, layout.KPI_COL + 3).value, (int, float))
    # No attainment yet: the rep chart shows each rep's share of the year's revenue target
    # instead (an empty chart read as broken, its axis 0-1200% in LibreOffice), and the row
    # under it says so.
    first_month = text("dash.month_words", language, year=next_year, month=4)
    note = dash.cell(layout.REPS_NOTE_ROW, layout.REPS_NOTE_COL).value
    assert note == " ".join(
        [
            text("dash.reps_from", language, start=first_month),
            text("dash.reps_share_bars", language),
        ]
    )
    title = dash.cell(layout.REPS_HEAD, layout.TITLE_COL).value
    assert title == text("dash.chart_reps_before", language, start=first_month)
    d = layout.DATA_COL
    assert dash.cell(layout.REPS_HEAD, d + 3).value == text("dash.target_share", language)
    # The red and amber series have no bar yet, but their legend keys are drawn: they keep
    # the bands' names (named by a space they were two empty boxes); the pad stays blank.
    assert [dash.cell(layout.REPS_HEAD, d + j).value for j in (1, 2)] == [
        text("dash.band_critical", language),
        text("dash.band_warn", language),
    ]
    assert dash.cell(layout.REPS_HEAD, layout.REPS_PAD_COL).value == " "
    fy = f"FY{next_year}"
    targets = openpyxl.load_workbook(book, read_only=True, data_only=True)["Targets"]
    _, *rows = list(targets.iter_rows(values_only=True))
    column = [c.key for c in OUTPUT_COLUMNS["Targets"]]
    k, r, per, tg = (column.index(x) for x in ("kpi_key", "rep", "period", "target"))
    year = {row[r]: row[tg] for row in rows if row[k] == "revenue" and row[per] == fy}
    team = year.pop(TEAM)
    reps = [dash.cell(layout.REPS_FIRST + i, d).value for i in range(len(year))]
    shares = [dash.cell(layout.REPS_FIRST + i, d + 3).value for i in range(len(year))]
    # Each bar = the rep's year target / the team's (the Targets sheet), together 100%.
    assert shares == pytest.approx([year[rep] / team for rep in reps])
    assert sum(shares) == pytest.approx(1.0)
    for i in range(len(year)):  # no traffic-light bar
        assert dash.cell(layout.REPS_FIRST + i, d + 1).value is None
        assert dash.cell(layout.REPS_FIRST + i, d + 2).value is None
    assert not _cut_off(book)
    # The year already running keeps its usual header, and every rep has a bar: no note.
    _, running, _ = books[language]
    dash = openpyxl.load_workbook(running)["Dashboard"]
    assert dash.cell(layout.BLOCK_TOP, layout.YTD_COL).value == text("dash.ytd_block", language)
    assert dash.cell(layout.REPS_NOTE_ROW, layout.REPS_NOTE_COL).value is None


def test_the_rep_chart_says_which_reps_have_no_bar() -> None:
    """Reps without a revenue target to date have no attainment to draw: named (six, then a
    count); when no rep has one the note says there are no bars; past MAX_REPS, where the
    rest are."""
    names = [f"R{i}" for i in range(1, 9)]
    assert layout.reps_note(9, names[:2], True, "2026-04", "en") == (
        "No bar for reps without a revenue target to date: R1, R2 (the Plan and Checks sheets "
        "say why)"
    )
    # 8 without a bar: six named, 8 - 6 = 2 more.
    assert "R1, R2, R3, R4, R5, R6 … (+2) (" in layout.reps_note(9, names, True, "2026-04", "en")
    assert layout.reps_note(8, names, True, "2026-04", "en") == text(
        "dash.reps_no_target_all", "en"
    )
    # 45 reps: the chart has room for 40, all with a bar.
    assert layout.reps_note(45, [], True, "2026-04", "ja") == (
        "担当者45人のうち最初の40人を表示(全員は Attainment シート)"
    )
    assert layout.reps_note(8, [], True, "2026-04", "en") == ""


# --- printing ----------------------------------------------------------------------------------


def test_print_setup_on_every_output_sheet(books) -> None:
    _, book, _ = books["ja"]
    wb = openpyxl.load_workbook(book)
    for spec in OUTPUT_SHEETS:
        ws = wb[spec.name]
        assert ws.page_setup.orientation == "landscape", spec.name
        wide = 2 if spec.name in ("Matrix", "Review", "Daily") else 1  # beside labels
        assert ws.page_setup.fitToWidth == wide and ws.sheet_properties.pageSetUpPr.fitToPage
        one_page = spec.name == "Dashboard"  # Plan's 80-odd rows run over several pages
        assert (ws.page_setup.fitToHeight == 1) == one_page, spec.name
        if not one_page:
            assert ws.print_title_rows == "$1:$1", spec.name
    assert wb["Dashboard"].print_area.endswith(f"!$A$1:$L${PRINT_LAST_ROW}")
    assert wb["Targets"].auto_filter.ref and wb["Matrix"].auto_filter.ref


def test_outputs_only_copy_hides_inputs() -> None:
    xml = (
        b'<workbook><bookViews><workbookView activeTab="0"/></bookViews><sheets>'
        b'<sheet name="Settings" sheetId="1" r:id="rId1"/>'
        b'<sheet name="&#21463;&#27880;" sheetId="2" r:id="rId2"/>'
        b'<sheet name="\xe3\x83\x80\xe3\x83\x83\xe3\x82\xb7\xe3\x83\xa5\xe3\x83\x9c\xe3\x83\xbc'
        b'\xe3\x83\x89" sheetId="3" r:id="rId3"/>'
        b'<sheet name="Plan" sheetId="4" state="hidden" r:id="rId4"/>'
        b'<sheet name="backtest" sheetId="5" r:id="rId5"/>'
        b'<sheet name="My notes" sheetId="6" r:id="rId6"/>'
        b"</sheets></workbook>"
    )
    out = outputs_only_workbook_xml(xml).decode()
    states = re.findall(r'<sheet name="([^"]*)"[^>]*?(state="hidden")?/>', out)
    # Inputs and the user's own sheets hidden; outputs and a Backtest sheet printed.
    hidden = ['state="hidden"', 'state="hidden"', "", "", "", 'state="hidden"']
    assert [s for _, s in states] == hidden
    assert 'activeTab="2"' in out


def test_report_without_libreoffice_says_so(books, tmp_path: Path, monkeypatch, capsys) -> None:
    _, book, _ = books["ja"]
    monkeypatch.setenv("ROUTEKPI_SOFFICE", str(tmp_path / "no-such-soffice"))
    with pytest.raises(ReportError):
        export_pdf(book, tmp_path / "x.pdf")
    assert main(["report", str(book), "--pdf", str(tmp_path / "x.pdf")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "LibreOffice" in err[0]
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.slow
@pytest.mark.libreoffice
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_prints_the_dashboard_on_one_page_with_its_charts(
    books, tmp_path: Path
) -> None:
    _, book, doc = books["ja"]
    before = book.read_bytes()
    pdf = tmp_path / "report.pdf"
    assert main(["report", str(book), "--pdf", str(pdf)]) == 0
    assert book.read_bytes() == before
    pages = [
        subprocess.run(
            ["pdftotext", "-layout", "-f", str(p), "-l", str(p), str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for p in (1, 2)
    ]
    first, second = pages
    ja = lambda key: text(key, "ja")  # noqa: E731
    # Page 1 is the whole Dashboard: title, banner, blocks and the three chart titles.
    assert ja("dash.plan_block") in first and ja("dash.ytd_block") in first
    for key in ("template.chart_burnup", "template.chart_reps", "template.chart_bridge"):
        assert ja(key).replace(" ", "")[:8] in first.replace(" ", ""), key
    # ...and only the Dashboard: page 2 is the Plan, the chart data is not printed.
    assert ja("dash.ytd_block") not in second and text("plan.kgi", "ja") in second
    whole = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert ja("dash.chart_data") not in whole
    # The rep chart is drawn from the cells: each rep's name and its percentage label
    # (values that are printed nowhere else on the page).
    fy = doc["plan_year"]
    flat = first.replace(" ", "")
    for a in doc["attainment"]:
        if a["period"] == fy and a["kpi"] == "revenue" and a["rep"] != TEAM:
            assert a["rep"] in first
            assert f"{a['attainment'] * 100:.1f}%" in flat, a["rep"]
    # Input sheets are not printed.
    assert "Orders" not in whole and "受注日" not in whole
    if shutil.which("pdftoppm"):
        png = tmp_path / "dash"
        subprocess.run(
            ["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(pdf), str(png)], check=True
        )
        assert next(tmp_path.glob("dash*.png")).stat().st_size > 10_000


def test_json_keeps_keys_and_target_to_date(books) -> None:
    _, _, doc = books["en"]
    row = doc["attainment"][0]
    assert {"kpi", "rep", "period", "target_to_date"} <= set(row)
    assert json.dumps(doc)  # serialisable


@pytest.mark.slow
@pytest.mark.libreoffice
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed")
def test_settings_status_cell_shows_the_command_line_status(books, tmp_path: Path) -> None:
    """After `routekpi recalc` (which never writes Settings), Settings!B2 shows its status."""
    _, book, _ = books["en"]
    status = openpyxl.load_workbook(book, data_only=True)["Dashboard"]["B2"].value
    assert status and "rows read" in status
    profile = tmp_path / "profile"
    subprocess.run(
        [
            str(SOFFICE),
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",  # the first sheet (Settings), UTF-8
            "--outdir",
            str(tmp_path),
            str(book),
        ],
        capture_output=True,
        timeout=300,
        check=True,
    )
    settings = (tmp_path / "book.csv").read_text(encoding="utf-8").splitlines()
    assert status in settings[1]


# --- a rep who joined during the year and took accounts over ----------------------------------


def test_a_newcomer_without_a_plan_is_on_the_dashboard_and_the_matrix(tmp_path: Path) -> None:
    """test_transfer's book as of 2026-10-31 (ja): 松本 took t2 and s2 over in July and has no
    plan. The rep chart lists him after the planned reps, without a bar, and the note under
    it gives his sales (4 × (200 + 400) = ¥2,400 since 2026-07). The givers' bars are their
    attainment on the book they kept, 100% (on pace: blue, as no flag calls them behind),
    their names marked and the note giving it with the attainment as booked (佐藤 5,900 of
    7,500, 78.7%, was a yellow bar; 田中 2,200 of 3,000, 73.3%, red). The Matrix has his
    actuals and "no target"."""
    from tests.test_transfer import write_book

    path = write_book(tmp_path / "book.xlsm", 2026, date(2026, 10, 31))
    wb = openpyxl.load_workbook(path, keep_vba=True)
    wb["Settings"]["B8"] = "ja"
    wb.save(path)
    recalculate(path)
    wb = openpyxl.load_workbook(path)
    dash = wb["Dashboard"]
    d = layout.DATA_COL
    chart = [[dash.cell(layout.REPS_FIRST + i, d + j).value for j in range(4)] for i in range(4)]
    assert chart[0] == ["佐藤*", None, None, pytest.approx(1.0)]  # on pace, not warn
    assert chart[1] == ["田中*", None, None, pytest.approx(1.0)]  # on pace, not critical
    assert chart[2] == ["松本", None, None, None]  # no target, no bar
    assert chart[3] == [None] * 4
    assert not dash.row_dimensions[layout.REPS_FIRST + 2].hidden
    assert dash.row_dimensions[layout.REPS_FIRST + 3].hidden
    assert dash.cell(layout.REPS_NOTE_ROW, layout.REPS_NOTE_COL).value == (
        "目標なし: 松本 売上 ¥2,400(2026-07〜)。"
        " * 年度中に渡した顧客を除く達成率: 佐藤 100.0%(記帳どおりは 78.7%)、"
        "田中 100.0%(記帳どおりは 73.3%)"
    )
    rows = list(wb["Matrix"].iter_rows(min_row=2, values_only=True))
    mine = [r for r in rows if r[0] == "売上" and r[1] == "松本"]
    assert [r[2] for r in mine] == ["目標", "実績", "達成率(経過分比)"]
    target, actual, pace = mine
    assert target[3] == "目標なし" and set(target[4:]) == {None}
    # FY2026, then January … December: nothing before July, ¥600 a month July – October.
    assert list(actual[3:]) == [2400, *[None] * 6, 600, 600, 600, 600, None, None]
    assert set(pace[3:]) == {None}
    # After the planned reps, for every KPI.
    reps = [r[1] for r in rows if r[0] == "売上"]
    assert reps == ["チーム計"] * 3 + ["佐藤"] * 3 + ["田中"] * 3 + ["松本"] * 3


def test_the_rep_chart_note_names_a_rep_without_a_plan() -> None:
    note = layout.reps_note(3, [], True, "2026-01", "en", [("N", 2400.0, "2026-07")])
    assert note == "No target: N ¥2,400 revenue (since 2026-07)."
    # Before the year starts there is nothing to show yet.
    assert "No target" not in layout.reps_note(3, [], False, "2026-01", "en", [("N", 0.0, "")])


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_team_ratios_are_at_last_years_mix_and_say_so(books, language: str) -> None:
    """Trial 31 L5: the Dashboard's team unit price is the reps' at last year's mix (each
    weighted by its baseline orders), not revenue ÷ orders, and a line under the table says
    so — a manager dividing the two numbers above it gets another price."""
    _, book, doc = books[language]
    ws = openpyxl.load_workbook(book)["Dashboard"]
    fy = doc["plan_year"]
    weight = {
        t["rep"]: t["baseline"]
        for t in doc["targets"]
        if t["kpi"] == "orders" and t["period"] == fy and t["rep"] != TEAM
    }
    actual = {(a["rep"], a["kpi"]): a["actual"] for a in doc["attainment"] if a["period"] == fy}
    at_mix = sum(w * actual[(rep, "unit_price")] for rep, w in weight.items()) / sum(
        weight.values()
    )
    rows = {
        ws.cell(r, KPI_COL).value: ws.cell(r, KPI_COL + 1).value
        for r in range(BLOCK_TOP + 1, MIX_NOTE_ROW)
    }
    shown = rows[KPI_BY_KEY["unit_price"].label(language)]
    assert shown == pytest.approx(at_mix, rel=1e-12)
    divided = (
        rows[KPI_BY_KEY["revenue"].label(language)] / rows[KPI_BY_KEY["orders"].label(language)]
    )
    assert abs(shown / divided - 1) > 1e-4  # the two differ on the sample: hence the line
    assert ws.cell(MIX_NOTE_ROW, KPI_COL).value == text("dash.mix_note", language)
    assert MIX_NOTE_ROW < CHART_TOP  # above the charts, inside the printed page
