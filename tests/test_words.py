"""The Words sheet (種別の読み替え): a company's own activity words read as routekpi's kinds.

Trial 19's SFA wrote 見積提出 on 3,080 activity rows: each was left out with an error, and a
rep's returned log with it was refused at ``collect``. One row on the Words sheet (見積提出 →
商談) now reads it on the Visits sheet (both read paths alike), in a file named on the
Sources sheet (the same numbers as pasted), and in a returned visit log. Its bad rows are
Checks naming sheet, row and column; what each word read is one info line.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from share_helpers import make_master

import routekpi.io.reader as reader
from routekpi.contract import RawSheet
from routekpi.pipeline import Computed, compute_file
from routekpi.render import check_message
from routekpi.schema import INPUT_SHEETS, WORDS
from routekpi.share.collect import collect
from routekpi.share.job import share
from routekpi.sources import SourceRef, external_history
from routekpi.validation.tables import validate_inputs
from tests.test_sources import _workbook_data

TODAY = dt.date(2026, 12, 3)


# --- the sheet's rows, validated ------------------------------------------------------------


def _sheets(words: list[list[object]] | None) -> dict[str, RawSheet | None]:
    orders = [["受注日", "顧客コード", "担当者", "金額"]] + [
        [f"2026/{m}/10", "C1", "長谷川", 1000] for m in range(1, 11)
    ]
    visits = [
        ["訪問日", "担当者", "顧客コード", "種別"],
        ["2026/1/10", "長谷川", "C1", "見積提出"],  # row 2
        ["2026/2/10", "長谷川", None, "見積提出"],  # row 3: a prospect, no account yet
        ["2026/3/10", "長谷川", "C1", " 見積 提出　"],  # row 4: the same word to the parser
        ["2026/4/10", "長谷川", "C1", "提案"],  # row 5: routekpi's 商談, the sheet's 訪問
        ["2026/5/10", "長谷川", "C1", "打合せ"],  # row 6: its Words row is unusable
        ["2026/6/10", "長谷川", "C1", "訪問"],  # row 7
    ]
    accounts = [["顧客コード", "担当者", "取引開始日"], ["C1", "長谷川", "2020/1/1"]]
    sheets: dict[str, RawSheet | None] = {s.name: None for s in INPUT_SHEETS}
    sheets["Orders"] = RawSheet("Orders", orders)
    sheets["Visits"] = RawSheet("Visits", visits)
    sheets["Accounts"] = RawSheet("Accounts", accounts)
    if words is not None:
        sheets["Words"] = RawSheet("種別の読み替え", [["自社の言葉", "種別"], *words])
    return sheets


WORDS_ROWS: list[list[object]] = [
    ["見積提出", "商談"],  # row 2: used
    ["打合せ", "会議"],  # row 3: 会議 is no kind of routekpi's
    ["見積提出", "訪問"],  # row 4: a second, different meaning
    [None, "訪問"],  # row 5: no word
    ["現場調査", None],  # row 6: no kind
    ["見積提出", "meeting"],  # row 7: the same meaning again (harmless, no Check)
    ["提案", "訪問"],  # row 8: a word routekpi reads as 商談, read as the sheet says
]


def test_bad_words_rows_are_checks_naming_sheet_row_and_column() -> None:
    sheets = _sheets(WORDS_ROWS)
    typed = copy.deepcopy({k: v.rows for k, v in sheets.items() if v is not None})
    inputs = validate_inputs(sheets, dt.date(2026, 10, 31), today=TODAY)
    got = [
        (c.sheet, c.row, c.column, c.value, c.problem, c.severity)
        for c in inputs.checks
        if c.sheet == WORDS.name
    ]
    assert got == [
        ("Words", 3, "B 種別", "会議", "words_unknown_meaning", "error"),
        ("Words", 5, "A 自社の言葉", None, "blank", "error"),
        ("Words", 6, "B 種別", None, "blank", "error"),
        # Rows 3-6 not used (4 of them): a warning naming each, never critical.
        ("Words", None, "", None, "optional_rows_skipped", "warn"),
        ("Words", 4, "A 自社の言葉", "見積提出", "words_conflict", "error"),
        ("Words", 8, "B 種別", "提案", "words_override", "info"),
        ("Words", None, "", None, "words_used", "info"),
    ]
    said = {(c.row, c.problem): c for c in inputs.checks if c.sheet == WORDS.name}
    assert check_message(said[(3, "words_unknown_meaning")], "ja") == (
        "「会議」はroutekpiの種別・結果ではありません(1行: 3行目)。種別なら訪問・アポ・商談・連絡、"
        "訪問の結果なら成功・失敗・検討中のどれかを入力してください(これらの行は使用しません)"
    )
    assert check_message(said[(4, "words_conflict")], "ja") == (
        "「見積提出」は2行目で「商談」としています。同じ言葉を「訪問」にもすることはできません。"
        "どちらか一方にしてください(この行は使用しません)"
    )
    assert check_message(said[(4, "words_conflict")], "en") == (
        "'見積提出' already means meeting (row 2); one word cannot also mean visit: keep one of "
        "the two (this row is skipped)"
    )
    assert check_message(said[(5, "blank")], "ja") == "必須項目が空欄です(この行は使用しません)"
    # The sheet's line names each row, its column, what was typed and what is wrong.
    assert check_message(said[(None, "optional_rows_skipped")], "ja") == (
        "種別の読み替えシートの 4 行を使用しませんでした: "
        "3行目 B 種別「会議」(routekpiの種別・結果でない)、"
        "4行目 A 自社の言葉「見積提出」(前の行と別の意味)、5行目 A 自社の言葉(空欄)、"
        "6行目 B 種別(空欄)。その言葉は種別として読み替えていません。直して再計算してください"
    )
    assert check_message(said[(None, "optional_rows_skipped")], "en") == (
        "4 rows of the Words sheet not used: row 3, B 種別 '会議' (not one of routekpi's kinds or "
        "outcomes); row 4, A 自社の言葉 '見積提出' (a second meaning); "
        "row 5, A 自社の言葉 (blank); row 6, B 種別 (blank). Those words are not read as kinds. "
        "Fix them and recalculate"
    )
    assert not [c for c in inputs.checks if c.severity == "critical"]
    assert check_message(said[(8, "words_override")], "ja") == (
        "「提案」はroutekpiでは「商談」と読む言葉ですが、この表のとおり「訪問」として読みます"
    )
    # Visits rows 2–4 hold 見積提出 (row 4 with spaces), row 5 提案: 3 + 1 = 4 rows.
    assert check_message(said[(None, "words_used")], "ja") == (
        "自社の言葉を種別・結果として読みました(Visits、合計 4行): "
        "「見積提出」→ 商談 3行、「提案」→ 訪問 1行"
    )
    assert check_message(said[(None, "words_used")], "en") == (
        "Your words read as routekpi's kinds and outcomes (Visits, 4 rows in all): "
        "'見積提出' → meeting 3 rows, "
        "'提案' → visit 1 row"
    )
    # 打合せ's Words row was not used: its Visits row is the unknown word, pointing there.
    (unknown,) = [c for c in inputs.checks if c.problem == "unknown_choice_rows"]
    assert (unknown.sheet, unknown.row, unknown.column, unknown.value) == (
        "Visits",
        6,
        "D 種別",
        "打合せ",
    )
    assert check_message(unknown, "ja").endswith(
        "自社の言葉なら、シート「種別の読み替え」に1行(「自社の言葉」に「打合せ」、「種別」に"
        "訪問・アポ・商談・連絡のどれにあたるか)を足せば、エクスポートはそのままで読みます"
        "(これらの行は使用しません)"
    )
    visits = inputs.history.visits
    # Validation keeps a meeting a meeting (the engine later reads one at a held account as
    # a visit: core.meetings); 提案 is a visit as the sheet says; 打合せ (row 6) is left out.
    assert visits["kind"].tolist() == ["meeting", "meeting", "meeting", "visit", "visit"]
    # Nothing typed was changed.
    assert {k: v.rows for k, v in sheets.items() if v is not None} == typed


def test_without_the_sheet_the_unknown_word_points_at_it() -> None:
    inputs = validate_inputs(_sheets(None), dt.date(2026, 10, 31), today=TODAY)
    assert not [c for c in inputs.checks if c.sheet == WORDS.name]  # optional: not missing
    first = next(c for c in inputs.checks if c.problem == "unknown_choice_rows")
    assert (first.row, first.value, first.params["times"], first.params["rows"]) == (
        2,
        "見積提出",
        "3",
        "2, 3, 4",
    )
    assert check_message(first, "en").endswith(
        "If it is your company's word, add one row to the 'Words' sheet ('見積提出' under "
        "'Your word', and whether it is a visit, appointment, meeting or contact under 'Kind') "
        "and the export is read as it is (these rows are skipped)"
    )


def test_a_word_meaning_contact_is_read_and_not_counted() -> None:
    """見積提出 → 連絡: its rows join the calls (read, counted as nothing), not an error."""
    inputs = validate_inputs(
        _sheets([["見積提出", "連絡"], ["打合せ", "訪問"]]), dt.date(2026, 10, 31), today=TODAY
    )
    assert not [c for c in inputs.checks if c.severity == "error"]
    said = next(c for c in inputs.checks if c.problem == "contacts_not_counted")
    assert said.params["count"] == "3"
    assert inputs.history.visits["kind"].tolist() == ["meeting", "visit", "visit"]


# --- a workbook written and read back --------------------------------------------------------

# Sato's prospect meetings (no account: a meeting with no customer yet stays a meeting) in
# FY2025 (2025-04 … 2026-03), the sample book's baseline for its plan year FY2026.
QUOTES = [
    [dt.datetime(2025, 6, 1), "Sato", None, "見積提出", None],
    [dt.datetime(2025, 7, 6), "Sato", None, "見積提出", None],
    [dt.datetime(2025, 8, 3), "Sato", None, "見積提出", None],
]
# The Words rows typed in the book: 提案 is a word the sample's log never uses (0 rows), and
# the third row is a bad one (no word, no kind of routekpi's).
TYPED = [["見積提出", "商談"], ["提案", "訪問"], [None, "x"]]
USED = "「見積提出」→ 商談 3行、「提案」→ 訪問 0行"


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small sample master with the three 見積提出 rows typed under its Visits table."""
    path = make_master(tmp_path_factory.mktemp("words") / "book.xlsm")
    wb = openpyxl.load_workbook(path, keep_vba=True)
    ws = wb["Visits"]
    for row in QUOTES:
        ws.append(row)
    (table,) = ws.tables.values()
    table.ref = f"A1:E{ws.max_row}"
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def mapped(pristine: Path) -> Path:
    """The same book with the Words rows ``TYPED`` on its Words sheet."""
    path = pristine.parent / "mapped.xlsm"
    shutil.copyfile(pristine, path)
    wb = openpyxl.load_workbook(path, keep_vba=True)
    ws = wb["Words"]  # new books have the sheet (the template's header row, an empty table)
    assert [c.value for c in ws[1]] == ["自社の言葉", "種別"]
    for i, row in enumerate(TYPED, 2):
        for j, value in enumerate(row, 1):
            ws.cell(i, j, value)
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def on_sheet(mapped: Path) -> Computed:
    return compute_file(mapped, today=TODAY)[0]


def _meetings(targets: pd.DataFrame, rep: str) -> float:
    row = targets[(targets["kpi"] == "meetings") & (targets["rep"] == rep)]
    return float(row[row["period"] == "FY2026"]["baseline"].iloc[0])


def test_a_words_row_typed_in_a_book_counts_the_quotes_as_meetings(
    pristine: Path, on_sheet: Computed
) -> None:
    """Without the Words rows the three 見積提出 rows are one error and left out; with
    見積提出 → 商談 they are three more FY2025 meetings for Sato and the team: the baseline
    rises by exactly 3 (each is a meeting with a prospect, in the baseline year)."""
    before = compute_file(pristine, today=TODAY)[0]
    (unknown,) = [c for c in before.checks if c.problem == "unknown_choice_rows"]
    assert (unknown.value, unknown.params["times"]) == ("見積提出", "3")
    after = on_sheet
    assert not [c for c in after.checks if c.problem.startswith("unknown_choice")]
    (used,) = [c for c in after.checks if c.problem == "words_used"]
    assert used.params["words_ja"] == USED
    words = [(c.row, c.column, c.problem) for c in after.checks if c.sheet == WORDS.name]
    assert (4, "B 種別", "words_unknown_meaning") in words and (4, "A 自社の言葉", "blank") in words
    targets_before, targets_after = before.result.targets, after.result.targets
    assert _meetings(targets_after, "Sato") == _meetings(targets_before, "Sato") + 3
    assert _meetings(targets_after, "ALL") == _meetings(targets_before, "ALL") + 3
    assert _meetings(targets_after, "Ito") == _meetings(targets_before, "Ito")
    assert after.rows_read == before.rows_read + 3  # the Words sheet's three rows


def _read(path: Path, fast: bool, monkeypatch: pytest.MonkeyPatch) -> tuple[object, ...]:
    monkeypatch.setattr(reader, "FAST_MIN_BYTES", 0 if fast else 10**12)
    data = reader.read_workbook(path)
    raw = data.sheets["Visits"]
    assert raw is not None and (raw.columns is not None) == fast
    inputs = validate_inputs(data.sheets, today=TODAY)
    cells = [(c.sheet, c.row, c.column, repr(c.value), c.problem, c.params) for c in inputs.checks]
    return cells, inputs.rows_read, inputs.history.visits


def test_fast_and_slow_read_paths_read_the_words_alike(
    mapped: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast = _read(mapped, True, monkeypatch)
    slow = _read(mapped, False, monkeypatch)
    assert fast[0] == slow[0] and fast[1] == slow[1]
    pd.testing.assert_frame_equal(fast[2], slow[2])  # type: ignore[arg-type]
    (used,) = [c for c in fast[0] if c[4] == "words_used"]  # type: ignore[union-attr]
    assert used[5]["words_ja"] == USED


def test_a_visits_file_named_as_a_source_reads_the_words_as_the_sheet_does(
    mapped: Path, on_sheet: Computed, tmp_path: Path
) -> None:
    """The book's Visits rows as a CSV export (UTF-8 with BOM, its dates as 2025/06/01): the
    same words line (its rows counted in the file) and the same targets and attainment."""
    rows = list(
        openpyxl.load_workbook(mapped, read_only=True)["Visits"].iter_rows(values_only=True)
    )
    export = tmp_path / "活動履歴.csv"
    with export.open("w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(rows[0])
        for r in rows[1:]:
            out.writerow([r[0].strftime("%Y/%m/%d"), *("" if v is None else v for v in r[1:])])
    refs = {"Visits": SourceRef("Visits", str(export))}
    files = compute_file(mapped, sources=refs, today=TODAY)[0]
    (in_sheet,) = [c for c in on_sheet.checks if c.problem == "words_used"]
    (in_file,) = [c for c in files.checks if c.problem == "words_used"]
    assert (in_sheet.params["source"], in_file.params["source"]) == ("Visits", "活動履歴.csv")
    assert in_sheet.params["words_ja"] == in_file.params["words_ja"] == USED
    pd.testing.assert_frame_equal(on_sheet.result.targets, files.result.targets, check_exact=True)
    pd.testing.assert_frame_equal(
        on_sheet.result.attainment, files.result.attainment, check_exact=True
    )


def test_an_unknown_kind_in_a_file_points_at_the_words_sheet(tmp_path: Path) -> None:
    orders = tmp_path / "o.csv"
    orders.write_text("受注日,顧客コード,担当者,金額\n2025-04-01,C1,佐藤,100\n", encoding="utf-8")
    visits = tmp_path / "v.csv"
    visits.write_text(
        "訪問日,担当者,顧客コード,種別\n2025-04-01,佐藤,C1,見積提出\n2025-04-02,佐藤,C1,打合せ\n",
        encoding="utf-8",
    )
    words = RawSheet("種別の読み替え", [["自社の言葉", "種別"], ["見積提出", "商談"]])
    refs = {"Orders": SourceRef("Orders", str(orders)), "Visits": SourceRef("Visits", str(visits))}
    ext = external_history(_workbook_data({"Words": words}), refs, today=TODAY)
    inputs = ext.inputs(dt.date(2025, 4, 30))
    (unknown,) = [c for c in inputs.checks if c.problem == "unknown_choice_rows"]
    assert (unknown.sheet, unknown.row, unknown.value) == ("v.csv", 3, "打合せ")
    assert "シート「種別の読み替え」に1行(「自社の言葉」に「打合せ」" in check_message(
        unknown, "ja"
    )
    (used,) = [c for c in inputs.checks if c.problem == "words_used"]
    assert (used.params["source"], used.params["words_ja"]) == ("v.csv", "「見積提出」→ 商談 1行")
    ext.close()


# --- collect: a rep's returned log ------------------------------------------------------------


def test_collect_reads_a_word_the_masters_words_sheet_maps(
    pristine: Path, mapped: Path, tmp_path: Path
) -> None:
    """長谷川's returned log with 見積提出 (trial 19): refused, pointing at the Words sheet,
    by a master without the word; collected as 商談 by one whose Words sheet maps it."""
    copies = share(pristine, tmp_path / "out", per_rep=True)
    ito = next(f.path for f in copies.files if f.rep == "Ito")
    wb = openpyxl.load_workbook(pristine, read_only=True)
    mine = [r[0] for r in wb["Accounts"].iter_rows(min_row=2, values_only=True) if r[2] == "Ito"]
    wb.close()
    sundays = [dt.datetime(2026, 10, d) for d in (4, 11)]  # no sample visits then
    log = openpyxl.load_workbook(ito)
    ws = log["訪問入力"]
    for i, row in enumerate([[sundays[0], mine[0], "訪問"], [sundays[1], mine[1], "見積提出"]], 2):
        for j, value in enumerate(row, 1):
            ws.cell(i, j, value)
    returned = tmp_path / "ito.xlsx"
    log.save(returned)

    plain = tmp_path / "plain.xlsm"
    shutil.copyfile(pristine, plain)
    first = collect(plain, [returned], recalc=False)
    assert (first.files[0].added, first.files[0].refused) == (1, 1)
    # The copies were made from book.xlsm: collected into another book, a warning says so.
    said = [c for c in first.checks if c.problem != "collect.other_book"]
    (refused,) = said
    assert (refused.row, refused.problem, refused.value) == (
        3,
        "unknown_choice_rows_log",
        "見積提出",
    )
    assert "このブックのシート「種別の読み替え」に1行" in check_message(refused, "ja")

    master = tmp_path / "book.xlsm"
    shutil.copyfile(mapped, master)
    second = collect(master, [returned], recalc=False)
    assert (second.files[0].added, second.files[0].refused) == (2, 0)
    assert not second.checks  # the master is book.xlsm, as the copies say
    visits = list(openpyxl.load_workbook(master, read_only=True)["Visits"].values)
    assert [r[:4] for r in visits[-2:]] == [
        (sundays[0], "Ito", mine[0], "訪問"),
        (sundays[1], "Ito", mine[1], "商談"),
    ]


def test_a_ride_along_word_says_how_to_keep_the_companion_out(tmp_path: Path) -> None:
    """Trial 35 M3/M5: an SFA export with 訪問区分 as its kind header (read as 種別) and the
    manager's own row of each ride-along typed 同行. Mapped to 訪問, as the unknown-word row
    suggested, it made him a rep; the row now says to make it 連絡 (contact)."""
    orders = tmp_path / "o.csv"
    orders.write_text("受注日,顧客コード,担当者,金額\n2025-04-01,C1,佐藤,100\n", encoding="utf-8")
    visits = tmp_path / "v.csv"
    visits.write_text(
        "訪問日,担当者,得意先コード,訪問区分\n"
        "2025-04-01,佐藤,C1,同行訪問\n2025-04-01,松本,C1,同行\n2025-04-02,佐藤,C1,打合せ\n",
        encoding="utf-8",
    )
    refs = {"Orders": SourceRef("Orders", str(orders)), "Visits": SourceRef("Visits", str(visits))}
    ext = external_history(_workbook_data({}), refs, today=TODAY)
    inputs = ext.inputs(dt.date(2025, 4, 30))
    unknown = {c.value: c for c in inputs.checks if c.problem == "unknown_choice_rows"}
    assert set(unknown) == {"同行訪問", "同行", "打合せ"}  # 訪問区分 read: no missing column
    ja = check_message(unknown["同行"], "ja")
    assert ja.endswith(
        "。「同行」が上司や同僚の同行(付き添い)の行で、担当者本人の訪問が別の行にあるなら、"
        "種別は「連絡」にしてください(数えないため、同行した人が担当者として計画に載ることも、"
        "訪問が二重に数えられることもありません)"
    )
    assert "make it 'contact'" in check_message(unknown["同行訪問"], "en")
    assert "付き添い" not in check_message(unknown["打合せ"], "ja")
    ext.close()
