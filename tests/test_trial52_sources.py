"""Trial 52 (a 住宅設備・建材卸): the Sources path's findings.

M2: a folder of 日報 files (one per rep per month) read as one stack: a word no list knows
is one Checks row over the files (not one per file) and the rows left out one line.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import openpyxl
import pytest

from routekpi.contract import SKIPPED_PROBLEMS, InputError
from routekpi.io.reader import read_workbook
from routekpi.io.samplebook import write_sample_workbook
from routekpi.io.sheetrewrite import rewrite_workbook
from routekpi.io.sheetxml import SheetContent
from routekpi.messages import text
from routekpi.pipeline import validate

pytest.importorskip("duckdb")

WORD = "打合せ"


def _rows(book: Path, tab: str) -> list[list[object]]:
    wb = openpyxl.load_workbook(book, read_only=True)
    rows = [list(r) for r in wb[tab].iter_rows(values_only=True)]
    wb.close()
    return [r for r in rows if any(c is not None for c in r)]


def _daily_file(path: Path, title: str, header: list[object], rows: list[list[object]]) -> None:
    """A 日報 as exported: a title, a blank row, the header on row 3."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([title])
    ws.append([])
    ws.append(header)
    for r in rows:
        ws.append(r)
    wb.save(path)


NAMES = ["2025-04_A.xlsx", "2025-05_B.xlsx", "2025-06_C.xlsx"]
MARKED = [3, 5, 7]  # 打合せ on this many visit rows of each file


def _write_daily(
    path: Path, head: list[object], lines: list[list[object]]
) -> tuple[list[str], list[int]]:
    """The sample's visits cut in three 日報 files, 打合せ on the first MARKED visit rows of
    each (as 2025-04_<rep>.xlsx, one per rep per month)."""
    cut = len(lines) // 3
    chunks = [lines[:cut], lines[cut : 2 * cut], lines[2 * cut :]]
    kind = head.index("種別")
    for name, chunk, n in zip(NAMES, chunks, MARKED, strict=True):
        rows = [list(r) for r in chunk]
        at = [i for i, r in enumerate(rows) if r[kind] == "訪問"][:n]
        for i in at:
            rows[i][kind] = WORD
        _daily_file(path.parent / "日報" / name, f"営業日報 {name}", head, rows)
    return NAMES, MARKED


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[list[object]]]:
    """The small ja sample (Orders, Accounts on their sheets), its Visits sheet emptied for
    日報 files under 日報/ read by a wildcard Sources row; the visits' rows (header first)."""
    folder = tmp_path_factory.mktemp("t52_sources")
    path = folder / "book.xlsm"
    write_sample_workbook(path, "ja", seed=11, orders_rows=4_000)
    tabs = read_workbook(path).tab_names
    visits = _rows(path, tabs["Visits"])
    header = visits[0]
    rewrite_workbook(
        path,
        {
            tabs["Visits"]: SheetContent(rows=[header]),
            tabs["Sources"]: SheetContent(rows=[["入力", "ソース"], ["訪問", "日報/*.xlsx"]]),
        },
    )
    (folder / "日報").mkdir()
    return path, visits


def test_a_word_in_a_folder_of_daily_files_is_one_row_naming_the_files(
    book: tuple[Path, list[list[object]]],
) -> None:
    """M2: three 日報 files, each with 打合せ on some visit rows: one error row for the word
    (rows summed over the files, the three files named with their counts), one line for the
    rows not used (the stack's, its share over all three files), no row per file."""
    path, (head, *lines) = book
    names, marked = _write_daily(path, head, lines)
    checks = validate(read_workbook(path), base=path.parent).inputs.checks
    words = [c for c in checks if c.value == WORD]
    assert [c.problem for c in words] == ["stacked_word_folded"]
    [row] = words
    assert row.severity == "error"
    assert row.params["files"] == "3"
    assert row.params["each"] == "・".join(
        f"{n}({k}行)" for n, k in zip(names, marked, strict=True)
    )
    said = text("stacked_word_folded", "ja", **row.params)
    assert said.startswith(f"「{WORD}」は列「種別」の値として判別できません(15行: {names[0]} ")
    assert "縦につないだ 3 ファイルにこの値があり" in said
    # No per-file word rows, and one "not used" line for the stack: 15 of all its rows.
    assert not [c for c in checks if c.problem.startswith("unknown_choice_rows")]
    skipped = [c for c in checks if c.problem in SKIPPED_PROBLEMS]
    assert len(skipped) == 1
    [line] = skipped
    assert line.sheet not in names  # the stack's label, not one file's
    assert (line.problem, line.params["count"], line.params["total"]) == (
        "rows_skipped",
        15,
        len(lines),
    )
    assert line.severity == "info"  # 15 of ~7,000 rows
    # The files of one wildcard row (one per rep per month) overlap by design: no warning.
    assert not [c for c in checks if c.problem.startswith("source_parts_overlap")]


def test_the_company_words_over_a_folder_are_one_line_with_each_word_summed(
    book: tuple[Path, list[list[object]]], tmp_path: Path
) -> None:
    """M2: the same three files with Words 打合せ → 商談: one words line for the stack (the
    word's 15 rows over the files), not one per file; no error row."""
    src, (head, *lines) = book
    shutil.copytree(src.parent, tmp_path / "w")
    path = tmp_path / "w" / src.name
    _write_daily(path, head, lines)
    tabs = read_workbook(path).tab_names
    words = SheetContent(rows=[["自社の言葉", "種別"], [WORD, "商談"]])
    rewrite_workbook(path, {tabs["Words"]: words})
    checks = validate(read_workbook(path), base=path.parent).inputs.checks
    used = [c for c in checks if c.problem == "words_used"]
    assert len(used) == 1
    assert used[0].params["source"] not in NAMES  # the stack's label
    assert (used[0].params["count"], used[0].params["words_ja"]) == ("15", f"「{WORD}」→ 商談 15行")
    assert not [c for c in checks if c.severity in ("error", "critical")]


def test_an_export_with_a_title_above_each_tab_counts_only_its_lines(
    book: tuple[Path, list[list[object]]], tmp_path: Path
) -> None:
    """L1: a 売上明細 .xlsx with one tab per 支店, a title and an 出力日時 row above each
    header: the rows read are the data lines of both tabs (it said two more: the first
    tab's title rows)."""
    src, _ = book
    shutil.copytree(src.parent, tmp_path / "l1")
    path = tmp_path / "l1" / src.name
    tabs = read_workbook(path).tab_names
    head, *lines = _rows(path, tabs["Orders"])
    half = len(lines) // 2
    wb = openpyxl.Workbook()
    for k, (branch, part) in enumerate((("本店", lines[:half]), ("東支店", lines[half:]))):
        ws = wb.active if k == 0 else wb.create_sheet()
        ws.title = branch
        ws.append([f"売上明細表 {branch}"])
        ws.append(["出力日時: 2026/12/06 08:41:12"])
        ws.append(head)
        for r in part:
            ws.append(r)
    wb.save(path.parent / "uri.xlsx")
    rewrite_workbook(
        path,
        {
            tabs["Orders"]: SheetContent(rows=[head]),
            tabs["Sources"]: SheetContent(rows=[["入力", "ソース"], ["受注", "uri.xlsx"]]),
        },
    )
    checks = validate(read_workbook(path), base=path.parent).inputs.checks
    [used] = [c for c in checks if c.problem.startswith("source_used") and c.sheet == "uri.xlsx"]
    assert used.params["sheets"] == "本店・東支店"
    assert used.params["rows"] == f"{len(lines):,}"


def _master(path: Path, status: list[object]) -> tuple[list[str], Path]:
    """The sample's Accounts sheet as a master CSV with a 取引区分 column ``status`` (by row,
    cycled) and no 解約日, named on Sources; the codes it marks 取引停止."""
    tabs = read_workbook(path).tab_names
    head, *rows = _rows(path, tabs["Accounts"])
    lines = [["顧客コード", "顧客名", "担当者", "取引開始日", "取引区分"]]
    stopped = []
    for i, r in enumerate(rows):
        value = status[i % len(status)]
        start = r[3].strftime("%Y/%m/%d") if r[3] is not None else ""
        lines.append([r[0], r[1], r[2], start, value])
        if value == "取引停止":
            stopped.append(str(r[0]))
    master = path.parent / "得意先マスタ.csv"
    with master.open("w", encoding="cp932", newline="") as out:
        csv.writer(out).writerows(lines)
    rewrite_workbook(
        path,
        {
            tabs["Accounts"]: SheetContent(rows=[head]),
            tabs["Sources"]: SheetContent(
                rows=[["入力", "ソース"], ["訪問", "日報/*.xlsx"], ["顧客", "得意先マスタ.csv"]]
            ),
        },
    )
    return stopped, master


def test_a_master_status_column_saying_stopped_is_the_closure_flag(
    book: tuple[Path, list[list[object]]], tmp_path: Path
) -> None:
    """M7: 得意先マスタ with 取引区分 取引中 / 取引停止 and no end dates: the 取引停止 accounts
    are closed (the flag's rule: after their last order), Checks names the column and the
    count; a 取引区分 holding codes (1 / 2) closes nobody."""
    src, (head, *lines) = book
    shutil.copytree(src.parent, tmp_path / "m7")
    path = tmp_path / "m7" / src.name
    _write_daily(path, head, lines)
    stopped, _ = _master(path, ["取引中", "取引中", "取引中", "取引停止"])
    assert len(stopped) > 5
    inputs = validate(read_workbook(path), base=path.parent).inputs
    [said] = [c for c in inputs.checks if c.problem == "accounts_flag_ended"]
    assert (said.params["count"], said.column.split(" ", 1)[-1]) == (len(stopped), "取引区分")
    accounts = inputs.history.accounts.set_index("account")
    assert accounts.loc[stopped, "end"].notna().all()
    assert not [c for c in inputs.checks if c.problem == "columns_unused" and "取引区分" in str(c)]
    # Codes are no words: 1 / 2 under 取引区分 close nobody (a flag column's 1 would).
    _master(path, [1, 2])
    inputs = validate(read_workbook(path), base=path.parent).inputs
    assert not [c for c in inputs.checks if c.problem == "accounts_flag_ended"]


def _quote_lines(held: list[str], prospects: list[str], rep: str) -> list[list[object]]:
    """A 見積一覧's header and rows as 見積管理 exports them: a quote per code, dated
    2024-06-03 on, every other one won."""
    lines: list[list[object]] = [
        ["見積No", "見積日", "得意先CD", "得意先名", "担当者", "件名", "見積金額", "状態", "受注日"]
    ]
    for i, code in enumerate([*held, *prospects]):
        won = i % 2 == 0
        day = f"2024/06/{3 + i:02d}"
        lines.append(
            [f"Q{5000 + i}", day, code, f"顧客{code}", rep, "新築一式", 4_191_742,
             "受注" if won else "失注", day if won else ""]
        )  # fmt: skip
    return lines


def _quotes(path: Path, held: list[str], prospects: list[str], rep: str) -> None:
    """A 見積一覧.csv (cp932)."""
    with (path.parent / "見積一覧.csv").open("w", encoding="cp932", newline="") as out:
        csv.writer(out).writerows(_quote_lines(held, prospects, rep))


def _quotes_xlsx(path: Path, lines: list[list[object]]) -> None:
    """A 見積一覧.xlsx as 見積管理 exports it: a title and the time of the export above the
    header (row 3), the rows below it, a blank row and a total line's blank cells at the end."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "見積一覧"
    ws.append(["見積一覧表"])
    ws.append(["出力日時: 2026/12/06 08:41:12"])
    for r in lines:
        ws.append(r)
    ws.append([])
    wb.save(path.parent / "見積一覧.xlsx")


def test_a_quote_register_named_as_visits_is_read_as_meetings(
    book: tuple[Path, list[list[object]]], tmp_path: Path
) -> None:
    """M1/M8: 見積一覧.csv (見積No, 見積日, 状態 …, no 訪問日, no 種別) on a second 訪問 row beside
    the 日報 folder: the run goes on; each quote is a meeting on its 見積日 with its 状態 as
    the outcome; the 3 quotes at prospects are meetings (2 won), the 4 at customers held
    since 2008 count as nothing (no visit added), and Checks says both."""
    src, (head, *lines) = book
    shutil.copytree(src.parent, tmp_path / "m1")
    path = tmp_path / "m1" / src.name
    _write_daily(path, head, lines)
    tabs = read_workbook(path).tab_names
    words = SheetContent(rows=[["自社の言葉", "種別"], [WORD, "商談"]])
    rewrite_workbook(path, {tabs["Words"]: words})
    before = validate(read_workbook(path), base=path.parent, raw_rows=True).inputs.history.visits
    _, *accounts = _rows(path, tabs["Accounts"])
    held = [str(r[0]) for r in accounts if r[3].year < 2010 and r[4] is None][:4]
    assert len(held) == 4
    prospects = ["P9001", "P9002", "P9003"]
    rep = str(accounts[0][2])
    _quotes(path, held, prospects, rep)
    sources = [["入力", "ソース"], ["訪問", "日報/*.xlsx"], ["訪問", "見積一覧.csv"]]
    rewrite_workbook(path, {tabs["Sources"]: SheetContent(rows=sources)})
    inputs = validate(read_workbook(path), base=path.parent, raw_rows=True).inputs
    after = inputs.history.visits  # as the engine's meeting rule reads them
    kinds = before["kind"].value_counts()
    added = after["kind"].value_counts().sub(kinds, fill_value=0)
    # Meetings: +3 (the prospects); visits: +0; the 4 quotes at customers: contacts.
    assert added.to_dict() == {"meeting": 3, "visit": 0, "attempt": 0, "contact": 4}
    quoted = after[after["account"].isin(prospects)].sort_values("date")
    assert quoted["date"].astype(str).tolist() == ["2024-06-07", "2024-06-08", "2024-06-09"]
    # Rows 5-7 of the file: i = 4, 5, 6 → 受注, 失注, 受注.
    assert quoted["outcome"].tolist() == ["won", "lost", "won"]
    problems = {c.problem: c for c in inputs.checks}
    assert "quote_register_read" in problems
    said = problems["quote_customers_not_counted"]
    assert (said.params["count"], said.params["left"]) == ("4", "3")
    assert not [c for c in inputs.checks if c.severity == "critical"]
    # The 日報 lack its 状態 and overlap its dates by nature: neither is warned.
    assert not [c for c in inputs.checks if c.severity == "warn" and "見積一覧" in str(c)]


def test_a_quote_register_xlsx_with_a_title_is_read_as_the_csv_is(
    book: tuple[Path, list[list[object]]], tmp_path: Path
) -> None:
    """The same register as an .xlsx export (title and 出力日時 rows above the header, as the
    other .xlsx sources): before, 「必須の列「訪問日 / Date, 種別 / Kind」がありません」 stopped
    the run. Now as the CSV: 3 quotes at prospects are meetings (2 won), the 4 at customers
    held count as nothing; one more quote with a date no one can read is left out, its cell
    named under the file's own header 見積日 (row 11: title, 出力日時, header, 7 quotes)."""
    src, (head, *lines) = book
    shutil.copytree(src.parent, tmp_path / "xq")
    path = tmp_path / "xq" / src.name
    _write_daily(path, head, lines)
    tabs = read_workbook(path).tab_names
    rewrite_workbook(
        path, {tabs["Words"]: SheetContent(rows=[["自社の言葉", "種別"], [WORD, "商談"]])}
    )
    before = validate(read_workbook(path), base=path.parent, raw_rows=True).inputs.history.visits
    _, *accounts = _rows(path, tabs["Accounts"])
    held = [str(r[0]) for r in accounts if r[3].year < 2010 and r[4] is None][:4]
    prospects = ["P9001", "P9002", "P9003"]
    rep = str(accounts[0][2])
    quotes = _quote_lines(held, prospects, rep)
    quotes.append(["Q5999", "6月頃", "P9004", "顧客P9004", rep, "新築一式", 3_000_000, "失注", ""])
    _quotes_xlsx(path, quotes)
    sources = [["入力", "ソース"], ["訪問", "日報/*.xlsx"], ["訪問", "見積一覧.xlsx"]]
    rewrite_workbook(path, {tabs["Sources"]: SheetContent(rows=sources)})
    inputs = validate(read_workbook(path), base=path.parent, raw_rows=True).inputs
    after = inputs.history.visits
    added = after["kind"].value_counts().sub(before["kind"].value_counts(), fill_value=0)
    assert added.to_dict() == {"meeting": 3, "visit": 0, "attempt": 0, "contact": 4}
    quoted = after[after["account"].isin(prospects)].sort_values("date")
    assert quoted["date"].astype(str).tolist() == ["2024-06-07", "2024-06-08", "2024-06-09"]
    assert quoted["outcome"].tolist() == ["won", "lost", "won"]
    problems = {c.problem: c for c in inputs.checks}
    assert "quote_register_read" in problems
    said = problems["quote_customers_not_counted"]
    assert (said.params["count"], said.params["left"]) == ("4", "3")
    assert not [c for c in inputs.checks if c.severity == "critical"]
    [bad] = [c for c in inputs.checks if c.value == "6月頃"]
    assert (bad.row, bad.column) == (11, "B 見積日")
    assert "P9004" not in set(after["account"])


def test_a_billing_list_named_as_orders_stops_saying_what_it_is(
    book: tuple[Path, list[list[object]]], tmp_path: Path
) -> None:
    """M4/M6: a 請求一覧 (20日締め: 請求年月, 今回売上額, 今回請求額 …) named as Orders stops with
    a line saying it is a billing list and to name the sales lines instead (not only the
    missing columns)."""
    src, _ = book
    shutil.copytree(src.parent, tmp_path / "m4")
    path = tmp_path / "m4" / src.name
    head = ["請求年月", "得意先CD", "得意先名", "前回請求額", "入金額", "繰越金額", "今回売上額"]
    with (path.parent / "請求一覧_202504.csv").open("w", encoding="cp932", newline="") as out:
        csv.writer(out).writerows([head, ["2025/04", "C0002", "旭商事", 0, 0, 0, 279_980]])
    tabs = read_workbook(path).tab_names
    sources = [["入力", "ソース"], ["受注", "請求一覧_202504.csv"]]
    rewrite_workbook(path, {tabs["Sources"]: SheetContent(rows=sources)})
    with pytest.raises(InputError) as stop:
        validate(read_workbook(path), base=path.parent)
    assert stop.value.key == "billing_list_stop"
    said = text(stop.value.key, "ja", **stop.value.params)
    assert said.startswith("「請求一覧_202504.csv」は請求の一覧")
    assert "売上明細" in said and "担当者" in said  # what to name, what it lacks
