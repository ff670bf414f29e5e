"""What a manager and a rep see after a rep left and colleagues took his accounts over
(test_departed's book: 伊藤 gone since September, i1 → 田中, i2 → 佐藤 in October):

- a rep's own copy says where he stands: the year-to-date attainment and the year-end
  forecast against the year's target, the numbers of his Attainment row; before the plan
  year starts, that it has not;
- the Matrix marks the departed rep's rows as the Dashboard does;
- the Review judges a taker's main lever on his own book (the accounts taken over raise his
  active accounts with no part of his target), and says so in the revenue row's finding.

Numbers by hand; the one engine input is November's elapsed share of working days ``f``
(the company calendar), on which every "to date" figure rests.
"""

from __future__ import annotations

import math
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from workbook_files import review_lines_joined

from routekpi.core.engine import Result
from routekpi.messages import fmt_pct, fmt_yen, text
from routekpi.pipeline import compute_file
from routekpi.recalc import recalculate
from routekpi.render_dashboard import matrix_rows
from routekpi.share.copies import find_leak, guard_for, load_source
from routekpi.share.job import share
from tests.test_departed import write_book

COVER = "表紙"
NOV = pd.Period("2026-11", freq="M")


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = write_book(tmp_path_factory.mktemp("standing") / "book.xlsm")
    recalculate(path)
    return path


@pytest.fixture(scope="module")
def result(book: Path) -> Result:
    (got, _, _, _), _ = compute_file(book)
    return got


@pytest.fixture(scope="module")
def months(result: Result) -> float:
    """Months elapsed: April – October whole, November's share of working days so far."""
    ev = result.evidence
    return 7 + ev.calendar.elapsed_fraction(NOV, ev.as_of)


@pytest.fixture(scope="module")
def copies(book: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    report = share(book, tmp_path_factory.mktemp("copies"), per_rep=True)
    return {f.rep: f.path for f in report.files if f.rep is not None}


def _rows(path: Path, sheet: str) -> list[tuple[object, ...]]:
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    return [r for r in wb[sheet].iter_rows(values_only=True) if any(v is not None for v in r)]


def _cover(path: Path) -> dict[object, object]:
    return {r[0]: r[1] for r in _rows(path, COVER) if r[0]}


def _landing(months: float) -> dict[str, float]:
    """Year-end forecasts, the one landing (core.landing.year_landing; trial 32 L1): each
    rep's actual so far as booked, and the months left at the pace of the book he holds now
    over the complete months April – October (a flat FY2025: 1/12 a month) — 佐藤 s1 330 + i2
    500 = ¥830 a month, 田中 t1 100 + i1 400 = ¥500, 高橋 h1 ¥200 — November never below its
    orders so far (the same): November – March less November so far leaves December – March,
    4 months of it. ``months`` (the elapsed share) does not enter."""
    del months
    held = {"佐藤": 830.0, "田中": 500.0, "高橋": 200.0}
    actual = {"佐藤": 3_640.0, "田中": 1_600.0, "高橋": 1_600.0}
    return {rep: actual[rep] + 4 * held[rep] for rep in held}


def test_a_reps_cover_shows_his_year_to_date_and_landing(
    book: Path, copies: dict[str, Path], months: float
) -> None:
    # Actuals: 佐藤 s1 8 × 330 + i2 since October 2 × 500; 田中 t1 8 × 100 + i1 2 × 400;
    # 高橋 h1 8 × 200. Year targets = last year's books (KGI = the baseline): 300, 100, 200
    # a month, due to date that × the months elapsed.
    hand = {"佐藤": (3_640, 300), "田中": (1_600, 100), "高橋": (1_600, 200)}
    landing = _landing(months)
    fy = {r[1]: r for r in _rows(book, "Attainment") if r[0] == "FY2026" and r[2] == "revenue"}
    head = _rows(book, "Attainment")[0]
    # The year's attainment is to date, and its header says so (trial 28, L1), as the
    # Dashboard's 達成率(経過分比): not actual ÷ the full-year target beside it.
    heads = ("実績", "目標", "達成率(経過分比)", "着地見込み", "目標(経過分)")
    col = {h: head.index(h) for h in heads}
    for rep, (actual, monthly) in hand.items():
        row = fy[rep]
        due = monthly * months
        assert row[col["実績"]] == pytest.approx(actual)
        assert row[col["目標(経過分)"]] == pytest.approx(due)
        assert row[col["達成率(経過分比)"]] == pytest.approx(actual / due)
        # Yen are written whole on the sheet; the cover shows the same yen.
        assert row[col["着地見込み"]] == round(landing[rep])
        target = 12 * monthly
        assert row[col["目標"]] == target
        cover = _cover(copies[rep])
        assert cover["達成率(期初来)"] == (
            f"{fmt_pct(actual / due)}(実績 {fmt_yen(actual)} / 目標(経過分) {fmt_yen(due)})"
        )
        assert cover["着地見込み"] == (
            f"{fmt_yen(row[col['着地見込み']])}(年間目標 {fmt_yen(row[col['目標']])} の "
            f"{fmt_pct(row[col['着地見込み']] / target)})"
        )
    # 佐藤: 3,640 / (300 × m) — at m = 7 7/18 (November to the 12th) 164.2 %, landing ¥6,960.
    assert math.isclose(months, 7 + 7 / 18)
    assert _cover(copies["佐藤"])["着地見込み"].startswith("¥6,960(")


def test_the_reps_copy_still_names_no_colleague(book: Path, copies: dict[str, Path]) -> None:
    source = load_source(book)
    for rep, path in copies.items():
        guard = guard_for(source, rep)
        assert find_leak(path.read_bytes(), guard) is None, rep
        # Nor a colleague's numbers: 田中's sales 1,600 / target 1,200 are not on 佐藤's cover.
        if rep == "佐藤":
            blob = " ".join(str(v) for r in _rows(path, COVER) for v in r if v is not None)
            assert "¥1,600" not in blob and "¥1,200" not in blob


def test_before_the_plan_year_the_cover_says_so(tmp_path: Path) -> None:
    path = write_book(tmp_path / "fy27.xlsm")
    wb = openpyxl.load_workbook(path, keep_vba=True)
    wb["Settings"]["B5"] = 2027
    wb.save(path)
    report = share(path, tmp_path / "out", per_rep=True, force=True)
    copy = next(f.path for f in report.files if f.rep == "佐藤")
    cover = _cover(copy)
    as_of = cover["基準日"].date().isoformat()
    said = text("attainment.not_started", "ja", plan="FY2027", start="2027-04-01", as_of=as_of)
    assert cover["達成率(期初来)"] == said
    assert "着地見込み" not in cover  # no landing row, and no 0 %
    assert not [v for v in cover.values() if isinstance(v, str) and v.startswith("0.0%")]
    # His Attainment sheet says it too, as the team's does (trial 17: headers alone).
    sheets = openpyxl.load_workbook(copy, read_only=True)
    attainment = [r for r in sheets["達成状況"].iter_rows(values_only=True)]
    assert attainment[1][0] == said and len(attainment) == 2


def test_matrix_marks_the_departed_reps_rows(book: Path, result: Result) -> None:
    rows = _rows(book, "Matrix")
    reps = [r[1] for r in rows[1:]]
    label = text("dash.rep_departed_label", "ja", rep="伊藤")
    assert label == "伊藤(退職・異動)"
    # Target, actual and vs-due rows for every KPI: as many as any rep still there.
    assert reps.count(label) == reps.count("佐藤") > 0
    assert "伊藤" not in reps
    english = [r[1].value if hasattr(r[1], "value") else r[1] for r in matrix_rows(result, "en")]
    assert english.count("伊藤 (left)") == reps.count(label)


def test_a_takers_main_lever_is_judged_on_his_own_book(book: Path, months: float) -> None:
    review = _rows(book, "Review")
    head = review[0]
    at = {h: head.index(h) for h in ("担当者", "KPIキー", "売上差への寄与(円)", "所見")}
    rows = review_lines_joined(review[1:], at["KPIキー"], (at["所見"],))  # wrapped lines joined
    by = {(r[at["担当者"]], r[at["KPIキー"]]): r for r in rows}
    # 佐藤's own book is s1: 8 orders of 330 on 8 visits to 1 account, R = 2,640 against
    # T = 300 m. Lever targets = last year's (1 account, 1 visit a month, 1 order a visit,
    # ¥300), actuals 1, 8 / m, 1, ¥330; each lever's part is L·ln(actual / target), L =
    # (R − T) / ln(R / T): unit price L·ln 1.1, visit frequency L·ln(8 / m), the rest 0.
    rev, due = 2_640.0, 300 * months
    weight = (rev - due) / math.log(rev / due)
    price, visits = weight * math.log(1.1), weight * math.log(8 / months)
    assert price > visits > 0  # ahead: the largest part leads, unit price
    finding = text(
        "review.finding.revenue_own_book",
        "ja",
        gap=f"+{fmt_yen(3_640 - due)}",
        own_gap=f"+{fmt_yen(rev - due)}",
        lever="取引単価",
        contribution=f"+{fmt_yen(price)}",
    )
    assert by[("佐藤", "revenue")][at["所見"]] == finding
    assert "+¥231" in finding  # at m = 7 7/18
    # He is ahead: the main row says what carries his lead (review.finding.main_ahead).
    assert by[("佐藤", "unit_price")][at["所見"]].startswith("目標を上回っている主因")
    # As booked, i2's two months raise his active accounts to (6 × 1 + 2 × 2) / 8 = 1.25,
    # the largest part of the booked gap: what the main lever was before.
    part = at["売上差への寄与(円)"]
    assert by[("佐藤", "active_accounts")][part] > by[("佐藤", "unit_price")][part]
    assert not str(by[("佐藤", "active_accounts")][at["所見"]] or "").startswith(
        ("差の主因", "目標を上回っている主因")
    )
    # A rep who took nothing over keeps the plain finding (高橋: the booked main lever).
    assert by[("高橋", "revenue")][at["所見"]].startswith("期初来の差 +¥")
    assert "引き継いだ" not in by[("高橋", "revenue")][at["所見"]]
