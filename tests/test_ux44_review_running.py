"""A book planning next year says on Review where the running year's review is (trial 44 L3).

The sample book plans FY2027 (April start) as of its last order (2026-10): its year has not
started, and the Review said only 「計画年度がまだ始まっていないため、振り返りはありません」.
The manager planning in the winter also wants this year's review; beside that line the 所見
column now says it is in a book whose PlanYear is 2026 — the year the as-of date falls in,
named as the book names years (FiscalYearLabel end: FY2027 for 2026-04 … 2027-03, typed 2026).
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from routekpi.io.samplebook import write_sample_workbook
from routekpi.recalc import recalculate
from tests.workbook_files import named_copy


def _review(book: Path) -> list[tuple[object, ...]]:
    wb = openpyxl.load_workbook(book, read_only=True)
    name = next(n for n in wb.sheetnames if n in ("Review", "振り返り"))
    rows = [tuple(r) for r in wb[name].iter_rows(values_only=True)]
    wb.close()
    return rows


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ux44") / "plain.xlsm"
    write_sample_workbook(path, "ja", seed=11, orders_rows=4_000)
    return path


@pytest.mark.parametrize(("label", "running"), [("start", "FY2026"), ("end", "FY2027")])
def test_not_started_review_points_to_the_running_years_book(
    plain: Path, tmp_path: Path, label: str, running: str
) -> None:
    book = named_copy(
        plain, tmp_path / "b.xlsm", PlanYear=2027, AsOf="2026-11-10", FiscalYearLabel=label
    )
    result = recalculate(book).result
    # (an AsOf after the last order reads the history's last day: still inside FY2026)
    assert "2026-04-01" <= result.evidence.as_of.isoformat() <= "2027-03-31"
    assert not len(result.review)
    rows = _review(book)[1:]
    header = _review(book)[0]
    rep, comment = header.index("担当者"), header.index("所見")
    assert rows[0][rep] == "計画年度がまだ始まっていないため、振り返りはありません"
    said = "".join(str(r[comment]) for r in rows if r[comment])
    # The pointer, wrapped over the 所見 column's printed lines, nothing lost at a break.
    assert said.startswith(
        f"今年度({running})の振り返りは、計画年度を 2026 にしたブックで見られます"
    )
    assert "設定シートの計画年度を 2026、KGI を今年度の目標にして再計算" in said
    assert len([r for r in rows if r[comment]]) >= 2 and all(not r[rep] for r in rows[1:])


def test_a_started_year_has_no_pointer(plain: Path, tmp_path: Path) -> None:
    """Planning the running year (FY2026 as of 2026-11-10): a review, no pointer."""
    book = named_copy(plain, tmp_path / "b.xlsm", PlanYear=2026, AsOf="2026-11-10")
    recalculate(book)
    cells = "".join(str(c) for r in _review(book) for c in r if c)
    assert "振り返りは、計画年度を" not in cells and "売上" in cells
