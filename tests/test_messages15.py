"""Messages a new user read wrong in trial 14 (a departed rep called a typo, and others)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from test_transfer import orders_to_csv, with_rep_who_left, write_book

from routekpi.cli import main
from routekpi.io.sheetxml import Cell
from routekpi.messages import text
from routekpi.pipeline import compute_file
from routekpi.render import attainment_rows
from routekpi.validation.cells import problem_params, year_example
from routekpi.validation.tables import duplicate_reason, listed_rows


def _book_with_departed_rep(path: Path) -> Path:
    """test_transfer's book (as of 2026-12-31) and 小林, not on Accounts, who served k1
    (田中's on the sheet) from January to June 2025 and left: 田中 serves it from July."""
    write_book(path, 2027, date(2026, 12, 31))
    return with_rep_who_left(path, until="2025-07-01", last_month="2026-12-01")


def _rep_checks(checks: list) -> list[tuple[str, object, str, dict]]:
    wanted = ("unknown_order_rep", "departed_order_rep")
    return [(c.column, c.value, c.problem, c.params) for c in checks if c.problem in wanted]


def test_a_departed_rep_is_said_to_have_left_not_to_be_a_typo(tmp_path: Path) -> None:
    path = _book_with_departed_rep(tmp_path / "book.xlsm")
    (result, checks, _, _), _ = compute_file(path)
    assert result.history.handover.last_seen == {"小林": date(2025, 6, 15)}
    assert _rep_checks(checks) == [
        ("C 担当者", "小林", "departed_order_rep", {"last": "2025-06-15"})
    ]
    said = text("departed_order_rep", "ja", last="2025-06-15")
    assert "2025-06-15 以降受注・訪問がない" in said and "表記ゆれ" not in said
    assert "treated as having left" in text("departed_order_rep", "en", last="2025-06-15")


def test_the_file_path_says_the_same_of_a_departed_rep(tmp_path: Path) -> None:
    path = _book_with_departed_rep(tmp_path / "book.xlsm")
    (_, checks, _, _), _ = compute_file(path, sources=orders_to_csv(path))
    rep = [c for c in checks if c.problem in ("unknown_order_rep", "departed_order_rep")]
    assert [(c.sheet, c.value, c.problem, c.params) for c in rep] == [
        ("orders.csv", "小林", "departed_order_rep", {"last": "2025-06-15"})
    ]


def test_recalc_prints_its_summary_in_the_books_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A Language=ja book gets a Japanese summary (as backtest and collect print); en stays."""
    path = write_book(tmp_path / "ja.xlsm", 2027, date(2026, 12, 31))
    wb = openpyxl.load_workbook(path, keep_vba=True)
    wb["Settings"]["B8"] = "ja"
    wb.save(path)
    en = write_book(tmp_path / "en.xlsm", 2027, date(2026, 12, 31))
    assert main(["recalc", str(path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1].startswith("  FY2027(2027-01 – 2027-12)、基準日 2026-")
    assert out[2].startswith("  KGI ¥12,600  基準売上 ¥12,600  必要な伸び率 +0.0%")
    assert any(line.startswith("  フラグ: 重大 0 件、") for line in out)
    assert not any("feasible" in line or "rows read" in line for line in out)
    assert main(["recalc", str(en)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1].startswith("  FY2027 (2027-01 – 2027-12), as of 2026-")
    assert out[2].startswith("  KGI ¥12,600  baseline ¥12,600  uplift +0.0%")
    assert main(["recalc", "--json", str(path)]) == 0  # --json: keys and values, as before
    data = json.loads(capsys.readouterr().out)
    assert data["plan_year"] == "FY2027" and data["kgi"] == 12_600


def test_a_year_less_date_is_answered_with_its_own_day_and_likely_year() -> None:
    """「12/1」 typed on 2026-12-02 is 2026/12/1 (not the fixed 2026/11/25); a day still
    ahead this year was last year's; full-width and 月日 forms read alike."""
    today = date(2026, 12, 2)
    assert year_example("12/1", today) == "2026/12/1"
    assert year_example("12/2", today) == "2026/12/2"
    assert year_example("12/25", today) == "2025/12/25"
    assert year_example("１１月２５日", today) == "2026/11/25"
    assert year_example("3/31", date(2027, 1, 5)) == "2026/3/31"
    # The params are made where the Check is (sheets and files alike): problem_params.
    said = text("date_without_year", "ja", **problem_params("date_without_year", "12/1"))
    assert said == (
        f"年のない日付です。年を含めて {year_example('12/1')} のように入力してください"
        "(この行は使用しません)"
    )
    ignored = text("date_without_year_ignored", "en", **problem_params("date_without_year", "3/31"))
    assert "2026/11/25" not in ignored and "/3/31" in ignored
    assert problem_params("bad_number", "x") == {"value": "x"}


def test_repeated_rows_are_listed_so_that_each_number_reads_as_one() -> None:
    """「38,875, 38,876」 read as four numbers: rows are listed as Excel's headers show them."""
    assert listed_rows([38_875, 38_876], 2) == "38875, 38876"
    assert listed_rows(range(1_730, 1_740), 10) == "1730, 1731, 1732, 1733, 1734 …"
    params = {"count": "2", "n": 2, "rows": "38875, 38876", "first": 2, "amount": "¥5,622"}
    params |= duplicate_reason(pasted=False, unnumbered=True)
    assert text("duplicate_rows", "ja", **params) == (
        "前の行とまったく同じ内容の重複行が2行あり、同じ内容は1回だけ数え、重複行は数えませんでした"
        "(38875, 38876行目。この行は2行目と同じ)。数えなかった重複分の金額は合計 ¥5,622 です。"
        "受注番号のない同じ内容の行は、設定「同一内容の受注行」が drop のため数えていません"
    )
    assert text("duplicate_rows", "en", **params) == (
        "2 rows repeat an earlier row exactly and were counted once (repeated rows: 38875, "
        "38876; the first repeats row 2); the repeats not counted total ¥5,622. Identical "
        "lines without an order number are not counted because IdenticalOrderLines is drop"
    )


def test_attainment_says_why_it_is_empty_before_the_plan_year(tmp_path: Path) -> None:
    """FY2027 (calendar year) planned in 2026: one line, as the Review has; in FY2026 none."""
    path = write_book(tmp_path / "book.xlsm", 2027, date(2026, 10, 31))
    (result, _, _, _), _ = compute_file(path)
    assert result.attainment.empty
    (row,) = attainment_rows(result, "ja")
    assert row == [
        Cell(
            "計画年度がまだ始まっていないため、達成状況はありません"
            "(FY2027 は 2027-01-01 から。基準日 2026-10-31)",
            "rk_text",
        )
    ]
    (row,) = attainment_rows(result, "en")
    assert row[0].value == (
        "the plan year has not started: no attainment yet (FY2027 starts 2027-01-01; "
        "as of 2026-10-31)"
    )
    running = write_book(tmp_path / "running.xlsm", 2026, date(2026, 10, 31))
    (result, _, _, _), _ = compute_file(running)
    rows = attainment_rows(result, "ja")
    assert len(rows) >= len(result.attainment) > 0  # the year's rows, no note among them
    assert not [r for r in rows if "計画年度" in str(getattr(r[0], "value", r[0]))]
