"""Meeting rows at customers already held are read as visits (core/meetings.py): the Checks
sheet says how many, and how many meetings are left, on both history paths — the sheets
(``customer_meetings_checks``) and a file named on Sources (sources/assemble.py, in SQL).

Trial 26: 1,341 商談 rows, all at customers the rep held, read as visits; meetings read 0 on
every sheet and no line said why (the 電話 rows had one)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from routekpi.recalc import recalculate
from routekpi.sample import SampleHistory, generate_sample
from routekpi.sources import SourceRef
from tests.test_daily_trial import _write_book

MOVED = 3  # meeting rows moved onto a customer held before their day


@pytest.fixture(scope="module")
def sample() -> SampleHistory:
    return generate_sample(7, reps=4, accounts=60, as_of="2026-10-31")


def _with_customer_meetings(sample: SampleHistory, moved: int) -> SampleHistory:
    """``sample`` with its first ``moved`` meetings after the first order day put on the
    account of that first order (held since then: each a visit of it)."""
    first = sample.orders.sort_values("date").iloc[0]
    visits = sample.visits.copy()
    meetings = visits.index[(visits["kind"] == "meeting") & (visits["date"] > first["date"])]
    visits.loc[meetings[:moved], "account"] = first["account"]
    return replace(sample, visits=visits)


def _check_lines(path: Path) -> list[tuple[str, str, str]]:
    """The Checks sheet's checks: (sheet, problem with its wrapped lines joined, severity)."""
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        rows = list(wb["Checks"].iter_rows(min_row=2, values_only=True))
    finally:
        wb.close()
    out: list[tuple[str, str, str]] = []
    for sheet, _row, _col, _value, problem, severity in (r[:6] for r in rows):
        if not sheet and severity is None and out:  # a wrapped line of the check above
            out[-1] = (out[-1][0], out[-1][1] + str(problem or ""), out[-1][2])
        elif problem is not None:
            out.append((str(sheet), str(problem), str(severity)))
    return out


def _meeting_lines(path: Path) -> list[tuple[str, str, str]]:
    return [line for line in _check_lines(path) if "種別が商談の" in line[1]]


@pytest.mark.parametrize("via_sources", [False, True])
def test_meetings_read_as_visits_get_one_info_row(
    sample: SampleHistory, tmp_path: Path, via_sources: bool
) -> None:
    moved = _with_customer_meetings(sample, MOVED)
    total = int((moved.visits["kind"] == "meeting").sum())
    book = _write_book(tmp_path / "book.xlsm", moved, {})
    sources = None
    if via_sources:
        visits_file = tmp_path / "visits.csv"
        moved.visits.to_csv(visits_file, index=False, encoding="utf-8")
        sources = {"Visits": SourceRef("Visits", str(visits_file))}
    recalculate(book, sources=sources, today=date(2026, 11, 2))
    sheet = "visits.csv" if via_sources else "Visits"
    left = f"{total - MOVED:,}"
    assert _meeting_lines(book) == [
        (
            sheet,
            f"種別が商談の{MOVED}行は、すでに取引のある得意先(得意先マスタの開始日か最初の受注が"
            "その日より前)での商談のため、その得意先への訪問として数えました(エラーではありません)。"
            f"商談数は新規開拓の数なので、見込み客との商談{left}行だけを数えます",
            "情報",
        )
    ]


def test_the_unchanged_sample_book_has_no_such_row(sample: SampleHistory, tmp_path: Path) -> None:
    book = _write_book(tmp_path / "book.xlsm", sample, {})
    recalculate(book, today=date(2026, 11, 2))
    assert _meeting_lines(book) == []
    assert any(line for line in _check_lines(book))  # the sheet was read (its other rows)


def test_all_meetings_at_customers_say_meetings_read_0(
    sample: SampleHistory, tmp_path: Path
) -> None:
    """Every meeting at a held customer, as in trial 26: the line says meetings read 0."""
    first = sample.orders.sort_values("date").iloc[0]
    visits = sample.visits[
        (sample.visits["kind"] != "meeting") | (sample.visits["date"] > first["date"])
    ].copy()
    visits.loc[visits["kind"] == "meeting", "account"] = first["account"]
    count = int((visits["kind"] == "meeting").sum())
    book = _write_book(tmp_path / "book.xlsm", replace(sample, visits=visits), {})
    recalculate(book, today=date(2026, 11, 2))
    [(_, problem, _)] = _meeting_lines(book)
    assert problem.startswith(f"種別が商談の{count:,}行はすべて、")
    assert problem.endswith("商談数は新規開拓(見込み客との商談)の数なので、0 になります")
    assert count > 100
