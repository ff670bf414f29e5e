"""Helpers the workbook tests share: the bad-input corpus, a workbook's zip members, and
the steps of a user's trial on a corpus book (copy it, edit it as Excel would, recalc it,
read back its Checks sheet)."""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import openpyxl
import pytest
import python_calamine

CORPUS = Path(__file__).parent / "corpus"
# A fresh copy of a corpus book per call (``corpus_copies``).
Book = Callable[[], Path]


def zip_members(path: Path) -> dict[str, bytes]:
    """Every part of a workbook package by name, as stored bytes (uncompressed)."""
    with zipfile.ZipFile(path) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist()}


# A chart whose data is on the Dashboard tab (either language): a recalculation sets the
# bridge's value axis in its XML (render_dashboard.with_bridge_axis).
_ON_DASHBOARD = re.compile(rb"<(?:\w+:)?f>'?(?:Dashboard|" + "ダッシュボード".encode() + rb")'?!")


def dashboard_charts(members: dict[str, bytes]) -> set[str]:
    """The chart parts among ``members`` that draw the Dashboard's data."""
    charts = {n: xml for n, xml in members.items() if n.startswith("xl/charts/")}
    return {n for n, xml in charts.items() if _ON_DASHBOARD.search(xml)}


def corpus_copies(folder: Path, name: str = "base.xlsm") -> Book:
    """Each call: a fresh copy of the corpus book ``name`` in ``folder`` (book0, book1 …)."""
    count = iter(range(100))

    def copy() -> Path:
        path = folder / f"book{next(count)}{Path(name).suffix}"
        shutil.copyfile(CORPUS / name, path)
        return path

    return copy


@contextmanager
def edit(path: Path) -> Iterator[openpyxl.Workbook]:
    """The workbook as the user's Excel would change it."""
    wb = openpyxl.load_workbook(path, keep_vba=True)
    yield wb
    wb.save(path)


# The sample book's eight reps under the 担当者コード an ERP would give them.
SAMPLE_REP_CODES = {
    "Ito": "E01",
    "Nakamura": "E02",
    "Sato": "E03",
    "Suzuki": "E04",
    "Takahashi": "E05",
    "Tanaka": "E06",
    "Watanabe": "E07",
    "Yamamoto": "E08",
}


def sample_book_variants(
    root: Path, names: Iterable[str]
) -> Iterator[tuple[str, Path, openpyxl.Workbook]]:
    """The sample workbook (ja, 6,000 order lines) written once as ``root/plain.xlsm``, then
    for each of ``names`` a copy ``root/<name>.xlsm``: (name, its path, the workbook to change
    as the user's Excel would), saved when the loop takes the next one."""
    from routekpi.io.samplebook import write_sample_workbook

    plain = root / "plain.xlsm"
    write_sample_workbook(plain, "ja", orders_rows=6_000)
    for name in names:
        path = root / f"{name}.xlsm"
        shutil.copyfile(plain, path)
        with edit(path) as wb:
            yield name, path, wb


def recalc(path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    """``routekpi recalc --json``: the document (stderr is left in capsys for the caller)."""
    from routekpi.cli import main

    assert main(["recalc", str(path), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def checks_sheet(path: Path, sheet: str) -> list[tuple[object, ...]]:
    """The Checks sheet's rows (sheet, row, column, value, problem, severity) for one sheet."""
    rows = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Checks")
    return [
        (r[0], None if r[1] == "" else int(r[1]), r[2], r[3], r[4], r[5])
        for r in fold_checks(rows.to_python()[1:])
        if r[0] == sheet
    ]


def fold_checks(rows: list[list[object]]) -> list[list[object]]:
    """Checks rows (below the header) with each long value and problem joined back from the
    rows below its own (no sheet, no severity), where the sheet wraps it for print."""
    folded: list[list[object]] = []
    for r in rows:
        r = [*r, *[""] * (6 - len(r))]
        if folded and not r[0] and not r[5]:
            for i in (3, 4):
                if r[i]:
                    folded[-1][i] = f"{folded[-1][i] or ''}{r[i]}"
            continue
        folded.append(list(r))
    return folded


def fold_flags(rows: list[list[object]]) -> list[list[object]]:
    """Flags rows (below the header), one per flag, its message and action joined back from
    the rows below it, which repeat its severity, rep, period and account (not the hidden
    code and KPI key: a continuation row is one without a code)."""
    folded: list[list[object]] = []
    for r in rows:
        r = [getattr(v, "value", v) for v in r]
        r += [""] * (8 - len(r))
        if folded and r[1] in ("", None) and r[0] == folded[-1][0] and r[3:6] == folded[-1][3:6]:
            for i in (6, 7):
                if r[i]:
                    folded[-1][i] = f"{folded[-1][i] or ''}{r[i]}"
            continue
        folded.append(r)
    return folded


def plan_numbers(doc: dict[str, object]) -> tuple[object, ...]:
    """What the plan says (targets, attainment, baseline): equal inputs give equal numbers."""
    return doc["baseline"], doc["targets"], doc["attainment"]


def review_lines_joined(rows: list, key: int | str, texts: tuple) -> list:
    """Review rows (tuples or dicts) with each wrapped line (a row without a KPI key under
    ``key``, render.review_sheet_rows) joined into the row above it at ``texts``: one row per
    rep × KPI, its finding and notes whole."""
    out: list = []
    for row in rows:
        if out and row[key] in (None, ""):
            last = out[-1]
            for at in texts:
                last[at] = (last[at] or "") + (row[at] or "")
            continue
        out.append(dict(row) if isinstance(row, dict) else list(row))
    return out
