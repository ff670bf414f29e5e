"""``--orders a.csv --orders b.xlsx``: files named on the command line are stacked as several
Sources rows are (each checked on its own, with its own line numbers), and a stacked .xlsx's
tabs left unread are named.

Real files are written (a CSV and a two-year .xlsx with a memo tab) and the real command
runs on a copy of the sample book whose Orders sheet is garbage: its plan equals the plan of
the same rows pasted on the sheet.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook
from workbook_files import checks_sheet

from routekpi.cli import build_parser, main
from routekpi.io.sheetrewrite import rewrite_workbook
from routekpi.io.sheetxml import SheetContent
from routekpi.messages import text
from routekpi.pipeline import compute_file
from routekpi.sample import generate_sample

pytest.importorskip("duckdb")

HEADERS = ["受注日", "顧客コード", "担当者", "金額(円)", "数量"]
GARBAGE = [["これは", "受注では", "ない"], ["x", "y", "z"]]


def _lines(orders: pd.DataFrame) -> list[list[object]]:
    lines = orders.astype(object).to_numpy().tolist()
    for line in lines:
        line[0] = line[0].date()
    return [HEADERS, *lines]


@pytest.fixture
def given(sample_book: Path, tmp_path: Path) -> tuple[Path, Path, Path, Path, pd.DataFrame]:
    """(pristine book, garbage-Orders copy, the CSV (up to 2024), the .xlsx (2025 and 2026
    tabs and a memo tab, in that order), the orders)."""
    orders = generate_sample().orders  # the rows write_sample_workbook put on the Orders sheet
    day = orders["date"]
    csv = tmp_path / "受注_2024まで.csv"
    old = _lines(orders[day.dt.year <= 2024])
    pd.DataFrame(old[1:], columns=old[0]).to_csv(csv, index=False, encoding="utf-8")
    xlsx = tmp_path / "受注_2025-2026.xlsx"
    book = Workbook()
    book.remove(book.active)
    for year in (2025, 2026):
        sheet = book.create_sheet(str(year))
        for row in _lines(orders[day.dt.year == year]):
            sheet.append(row)
    memo = book.create_sheet("メモ")
    memo.append(["2026年の締めは12/25", "担当: 経理"])
    book.save(xlsx)
    broken = tmp_path / "given.xlsm"
    broken.write_bytes(sample_book.read_bytes())
    rewrite_workbook(broken, {"Orders": SheetContent(rows=GARBAGE)})
    return sample_book, broken, csv, xlsx, orders


def test_two_files_given_are_read_one_under_another_as_the_sheet_pasted(
    given: tuple[Path, Path, Path, Path, pd.DataFrame], capsys: pytest.CaptureFixture[str]
) -> None:
    pristine, broken, csv, xlsx, orders = given
    assert main(["recalc", str(broken), "--orders", str(csv), "--orders", str(xlsx), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    sheets, _ = compute_file(pristine)
    # Every year is read: the plan of the rows pasted on the sheet.
    assert doc["kgi"] == sheets.result.plan.kgi
    assert doc["baseline"] == pytest.approx(sheets.result.plan.baseline_revenue, rel=1e-12)
    mine = pd.DataFrame(doc["targets"])
    theirs = sheets.result.targets
    fy = mine[(mine["rep"] == "ALL") & (mine["kpi"] == "revenue")]["target"].sum()
    assert fy == pytest.approx(
        theirs[(theirs["rep"] == "ALL") & (theirs["kpi"] == "revenue")]["target"].sum(), rel=1e-9
    )
    # Checks says which files were joined, in the order given, with their rows and tabs.
    n_old = int((orders["date"].dt.year <= 2024).sum())
    n_new = len(orders) - n_old
    used = [c for c in doc["checks"] if c["code"].startswith("source_used")]
    assert [c["code"] for c in used] == ["source_used_rows_given"]
    assert used[0]["problem"] == (
        "Orders はシートではなく、コマンドラインで指定したファイルを"
        "この順に縦につないで読みました: "
        f"受注_2024まで.csv({n_old:,})・受注_2025-2026.xlsx「2025・2026」({n_new:,})"
        f"(かっこ内はファイルごとの行数。合計 {len(orders):,} 行。行番号は各ファイルの行番号です)"
    )
    # The memo tab of the .xlsx is named as not read (the stack's line lists the tabs read).
    (memo,) = [c for c in doc["checks"] if c["code"] == "source_part_sheets_skipped"]
    assert (memo["sheet"], memo["severity"]) == ("受注_2025-2026.xlsx", "info")
    assert memo["problem"] == (
        "受注_2025-2026.xlsx のシート「メモ」は見出しがOrdersの列と合わないため読んでいません"
        "(読んだシート: 2025・2026)"
    )
    # No Sources row to name: no sentence says "None".
    assert not [c for c in doc["checks"] if "None" in c["problem"]]
    # The Checks sheet written into the book says it too.
    assert [r[4] for r in checks_sheet(broken, "受注_2025-2026.xlsx")] == [memo["problem"]]


def test_a_later_file_given_names_itself_and_its_own_lines(tmp_path: Path) -> None:
    """A bad amount on line 3 of the second file and a column the first file lacks: each
    Check names the file (and its own line), not a Sources row."""
    from routekpi.cli import _source_refs
    from routekpi.sources import external_history, named_sources
    from tests.test_sources import _workbook_data

    head = ["日付", "顧客コード", "担当", "金額"]
    a = tmp_path / "a.csv"
    pd.DataFrame([["2025-05-01", "C1", "佐藤", 100]], columns=head).to_csv(a, index=False)
    b = tmp_path / "b.csv"
    pd.DataFrame(
        [["2026-05-02", "C1", "佐藤", 200, 1], ["2026-05-03", "C1", "佐藤", "abc", 2]],
        columns=[*head, "数量"],
    ).to_csv(b, index=False)
    args = build_parser().parse_args(["recalc", "x.xlsm", "--orders", str(a), "--orders", str(b)])
    checks: list = []
    data = _workbook_data({})
    refs = named_sources(data, _source_refs(args), tmp_path, checks)  # type: ignore[arg-type]
    ext = external_history(data, refs, today=date(2026, 12, 1))
    inputs = ext.inputs(ext.preview.last_date())
    checks += inputs.checks
    assert inputs.history.facts.rep_months["revenue"].sum() == 300.0  # 100 + 200, not "abc"
    bad = [(c.sheet, c.row, c.value) for c in checks if c.severity == "error"]
    assert bad == [("b.csv", 3, "abc")]
    (missing,) = [c for c in checks if c.problem.startswith("source_part_column_missing")]
    assert missing.problem == "source_part_column_missing_given"
    assert text(missing.problem, "ja", **missing.params) == (
        "a.csv には列「数量」がありません(b.csv にはあります)。このファイルの行の「数量」は"
        "空として読みました。数量がないため、その期間の行は数量による価格改定の判定(同じ商品どうしの"
        "単価の比較)と1受注あたりの数量には使いません。旧システムの出力などで元々この列がなければ、"
        "このままで構いません。列を出力できる場合は、同じ列を持つファイルにそろえてください"
    )
    (used,) = [c for c in checks if c.problem.startswith("source_used")]
    assert used.problem == "source_used_rows_given"
    assert "a.csv(1)・b.csv(2)" in text(used.problem, "ja", **used.params)


def test_the_help_says_the_file_options_repeat() -> None:
    parser = build_parser()
    for command in ("recalc", "backtest", "daily", "share"):
        sub = next(a for a in parser._actions if a.dest == "command").choices[command]  # type: ignore[attr-defined]
        helps = {a.dest: a.help or "" for a in sub._actions}
        for name in ("orders", "visits", "accounts"):
            assert f"repeat it (--{name} 2025.csv --{name} 2026.xlsx)" in helps[name]
    args = build_parser().parse_args(["recalc", "x.xlsm", "--orders", "a", "--orders", "b"])
    assert args.orders == ["a", "b"]


def test_one_file_given_still_reads_as_before(tmp_path: Path) -> None:
    """A single --orders is one SourceRef with nothing stacked (its line: source_used)."""
    from routekpi.cli import _source_refs

    args = build_parser().parse_args(["recalc", "x.xlsm", "--orders", "a.csv"])
    refs = _source_refs(args)
    assert list(refs) == ["Orders"]
    assert refs["Orders"].location == "a.csv" and refs["Orders"].more == ()  # type: ignore[attr-defined]
    two = _source_refs(
        build_parser().parse_args(["recalc", "x.xlsm", "--visits", "a", "--visits", "b"])
    )
    assert [p.location for p in two["Visits"].parts] == ["a", "b"]  # type: ignore[attr-defined]
    assert text(
        "source_used_rows_given", "en", input="Visits", parts_en="a (1), b (2)", rows="3"
    ).startswith("Visits read from the files named on the command line, one under another")
