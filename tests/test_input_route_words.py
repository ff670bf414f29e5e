"""Input handling a beverage route wholesaler's trial ran into, on real workbooks.

Each case copies the corpus's small valid book (``tests/corpus/base.xlsm``: 3 reps, 43
accounts, 1,728 order lines without order numbers, 2,802 visits — 2,585 訪問, 168 アポ,
49 商談 — in rows 2…2,803, KGI ¥66M, FY2026 from April), changes cells as the user did,
runs ``routekpi recalc`` (or ``collect``) and reads back the Checks sheet and the history.

A. the SFA's delivery words (納品, 配達, 集金) are visits; calls and e-mails (電話, TEL,
   メール) are contacts: read, counted as nothing, said once; B. repeated order lines are one
   Checks row with the yen not counted; C. a date typed without its year asks for the year;
D. a rep's own log is told to pick from its list, not to fix "the export".
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest
from share_helpers import make_master
from workbook_files import CORPUS, Book, checks_sheet, corpus_copies, edit, plan_numbers, recalc

from routekpi.contract import WHITESPACE, Check, fold
from routekpi.core.history import History
from routekpi.io.reader import read_workbook
from routekpi.render import check_message
from routekpi.schema import VISIT_KINDS
from routekpi.share.collect import collect
from routekpi.share.job import share
from routekpi.validation.cells import parse_choice, parse_date, year_example
from routekpi.validation.tables import validate_inputs


@pytest.fixture
def book(tmp_path: Path) -> Book:
    """A fresh copy of base.xlsm per call."""
    return corpus_copies(tmp_path)


def append_rows(wb: openpyxl.Workbook, sheet: str, rows: list[list[object]]) -> None:
    """Rows typed under a table: Excel grows the table over them."""
    ws = wb[sheet]
    for row in rows:
        ws.append(row)
    (table,) = ws.tables.values()
    table.ref = f"A1:{openpyxl.utils.get_column_letter(ws.max_column)}{ws.max_row}"


def history(path: Path) -> tuple[History, list[Check]]:
    """The validated history and Checks of a book (today: the day of the trial's report)."""
    data = read_workbook(path)
    inputs = validate_inputs(data.sheets, date1904=data.date1904, today=dt.date(2026, 12, 2))
    return inputs.history, inputs.checks


# --- A. delivery stops are visits, calls are contacts -------------------------------------


@pytest.mark.parametrize(
    ("word", "kind"),
    [
        ("納品", "visit"),
        ("配達", "visit"),
        ("配送", "visit"),
        ("集金", "visit"),
        ("ルート配送", "visit"),
        ("御用聞き", "visit"),
        ("営業", "visit"),  # trial 41: a route team's sales call (納品 / 集金 / 営業)
        ("営業訪問", "visit"),
        ("補充", "visit"),  # a vending route's refill stop
        ("自販機補充", "visit"),
        ("Delivery", "visit"),
        ("電話", "contact"),
        ("TEL", "contact"),
        ("ＴＥＬ", "contact"),  # full width, as Japanese exports often write it
        ("メール", "contact"),
        ("Eメール", "contact"),
        ("FAX", "contact"),
        ("phone call", "contact"),
        ("アポ電話", "attempt"),  # a call that says it asks for an appointment
        ("テレアポ", "attempt"),
        ("架電", "attempt"),
    ],
)
def test_route_words_name_one_kind(word: str, kind: str) -> None:
    assert parse_choice(word, VISIT_KINDS) == (kind, None)


@pytest.mark.parametrize("word", ["call", "sales call", "打合せ", "訪問予定"])
def test_words_that_may_be_a_visit_or_not_stay_unknown(word: str) -> None:
    # In English a "sales call" is a visit; "call" alone could be either.
    assert parse_choice(word, VISIT_KINDS) == (None, "unknown_choice")


def test_deliveries_written_as_the_sfa_does_give_the_same_plan(
    book: Book, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every 訪問 written 納品 (2,585 rows): nothing on Checks, the plan of the plain book."""
    base, sfa = book(), book()
    with edit(sfa) as wb:
        ws = wb["Visits"]
        for r in range(2, ws.max_row + 1):
            if ws.cell(r, 4).value == "訪問":
                ws.cell(r, 4).value = "納品"
    doc = recalc(sfa, capsys)
    assert [c for c in doc["checks"] if c["sheet"] == "Visits"] == []
    assert plan_numbers(doc) == plan_numbers(recalc(base, capsys))


def test_calls_count_as_nothing_and_are_said_once(
    book: Book, capsys: pytest.CaptureFixture[str]
) -> None:
    """Five contacts typed under the 2,802 visits (rows 2,804…2,808): one info row, no
    error, the same plan and the same 2,802 visits in the history."""
    base, calls = book(), book()
    day = dt.datetime(2026, 6, 1)  # inside the baseline year: counted, it would move visits
    with edit(calls) as wb:
        append_rows(
            wb,
            "Visits",
            [
                [day, "Tanaka", "C0019", "電話", None],  # 2,804
                [day, "Tanaka", "C0030", "TEL", None],  # 2,805
                [day, "Sato", "C0009", " 電話", None],  # 2,806: the same word, pasted
                [day, "Sato", "C0021", "メール", None],  # 2,807
                [day, "Suzuki", "C0020", "電話", None],  # 2,808
            ],
        )
    doc = recalc(calls, capsys)
    assert checks_sheet(calls, "Visits") == [
        (
            "Visits",
            None,
            "",
            "",
            "5行は種別が電話・メールなどの連絡(「電話」3行: 2804, 2806, 2808行目, "
            "「TEL」1行: 2805行目, 「メール」1行: 2807行目)のため、訪問・アポ・商談には"
            "数えていません(エラーではありません。アポの電話なら「アポ電話」「テレアポ」と"
            "書けばアポとして数えます)",
            "情報",
        )
    ]
    assert plan_numbers(doc) == plan_numbers(recalc(base, capsys))
    visits, checks = history(calls)
    assert len(visits.visits) == 2_802
    assert visits.visits["kind"].value_counts().to_dict() == {
        "visit": 2_585,
        "attempt": 168,
        "meeting": 49,
    }
    (said,) = [c for c in checks if c.problem == "contacts_not_counted"]
    assert check_message(said, "en") == (
        "5 rows are calls, e-mails or other contacts by their kind ('電話' 3 rows: 2804, "
        "2806, 2808, 'TEL' 1 row: 2805, 'メール' 1 row: 2807): read, but not "
        "counted as visits, attempts or meetings (not an error; a call for an appointment "
        "written アポ電話 or テレアポ counts as an attempt)"
    )


def test_a_thousand_calls_are_still_one_row_listing_the_first_five(
    book: Book, capsys: pytest.CaptureFixture[str]
) -> None:
    """1,200 visits rewritten 電話 (rows 2…1,201 — 訪問, アポ and 商談 alike): one row, and
    the history keeps the other 1,602 rows."""
    path = book()
    with edit(path) as wb:
        ws = wb["Visits"]
        for r in range(2, 1202):
            ws.cell(r, 4).value = "電話"
    recalc(path, capsys)
    (row,) = checks_sheet(path, "Visits")
    assert row[4].startswith(
        "1,200行は種別が電話・メールなどの連絡(「電話」1,200行: 2, 3, 4, 5, 6 …行目)"
    )
    visits, _ = history(path)
    assert len(visits.visits) == 2_802 - 1_200


def _unknown_kind(path: Path, rows: int) -> None:
    """The first ``rows`` Visits rows' kind rewritten 定期補給, a word no kind has."""
    with edit(path) as wb:
        ws = wb["Visits"]
        for r in range(2, rows + 2):
            ws.cell(r, 4).value = "定期補給"


def test_most_of_a_sheet_left_out_is_critical(
    book: Book, capsys: pytest.CaptureFixture[str]
) -> None:
    """1,000 of the 2,802 visits under an unknown word (36%, over a quarter): the "rows not
    used" line says the share and is critical, so the status line and the console show it;
    600 (21%) stay an info line (trial 18: 67% of the visits dropped under one error row)."""
    most, some = book(), book()
    _unknown_kind(most, 1_000)
    _unknown_kind(some, 600)
    doc = recalc(most, capsys)
    assert checks_sheet(most, "Visits")[-1] == (
        "Visits",
        None,
        "",
        "",
        "1,000行(この表の2,802行の36%)を使用しませんでした。計画は残りの行だけで作られて"
        "います: 上の行の理由を直して再計算してください",
        "重大",
    )
    critical = [c for c in doc["checks"] if c["severity"] == "critical"]
    assert [(c["sheet"], c["problem"][:6]) for c in critical] == [("Visits", "1,000行")]
    recalc(some, capsys)
    assert checks_sheet(some, "Visits")[-1][4:] == ("600行を使用しませんでした", "情報")


# --- B. repeated order lines: one row with the yen not counted ----------------------------

# Orders rows 2–11 of base.xlsm, as typed: ¥5,622 + 46,275 + 13,488 + 38,653 + 262,835 +
# 88,946 + 99,794 + 23,969 + 19,563 + 78,718 = ¥677,863.
PASTED = 677_863


def _paste_rows_2_to_11_again(wb: openpyxl.Workbook, numbered: bool) -> None:
    ws = wb["Orders"]
    if numbered:
        for r in range(2, 12):
            ws.cell(r, 6).value = f"S{r:04d}"  # one-line slips S0002 … S0011
    append_rows(wb, "Orders", [[ws.cell(r, c).value for c in range(1, 7)] for r in range(2, 12)])


def test_slips_pasted_twice_are_one_row_with_the_yen_not_counted(
    book: Book, capsys: pytest.CaptureFixture[str]
) -> None:
    """Ten one-line slips pasted again under the 1,728 lines (rows 1,730…1,739)."""
    path = book()
    with edit(path) as wb:
        _paste_rows_2_to_11_again(wb, numbered=True)
    recalc(path, capsys)
    assert checks_sheet(path, "Orders") == [
        (
            "Orders",
            1730,
            "",
            "",
            "前の行とまったく同じ内容の重複行が10行あり、同じ内容は1回だけ数え、重複行は数えませんでした"
            "(1730, 1731, 1732, 1733, 1734 …行目。この行は2行目と同じ)。"
            "数えなかった重複分の金額は合計 ¥677,863 です。伝票(同じ受注番号)の行がすべて同じ"
            "回数ずつ繰り返されているため、伝票ごとの貼り付けの重複とみなしました(伝票の一部の行"
            "だけが同じなら、同じ単価・数量の別商品として数えます)"
            "。同じ商品・同じ数量の行が2行ある伝票も、行番号がなければ貼り付けの重複と区別できず"
            "1行と数えています。別々の行なら、行番号(明細番号)の列もいっしょに貼り付けてください: "
            "行番号の違う行は両方数えます",
            "警告",
        )
    ]
    orders, checks = history(path)
    base, _ = history(CORPUS / "base.xlsm")
    assert len(orders.orders) == 1_728
    assert orders.orders["amount"].sum() == base.orders["amount"].sum()
    (said,) = [c for c in checks if c.problem == "duplicate_rows"]
    assert said.params["n"] == 10 and said.params["amount"] == f"¥{PASTED:,}"
    assert check_message(said, "en") == (
        "10 rows repeat an earlier row exactly and were counted once (repeated rows: 1730, 1731, "
        "1732, 1733, 1734 …; the first repeats row 2); the repeats not counted total ¥677,863. "
        "Every line of those slips (one order number) repeats as often, so the slip was read as "
        "pasted twice (equal lines in only part of a slip are counted, as other products at one "
        "price and quantity). A slip with one item on two equal lines cannot be told from a "
        "slip pasted twice without line numbers and counts as one line; if they are separate "
        "lines, paste the line-number column (行番号) too: lines with different numbers are both "
        "counted"
    )


def test_repeats_dropped_by_the_setting_are_the_same_one_row(
    book: Book, capsys: pytest.CaptureFixture[str]
) -> None:
    """No order numbers, 同一内容の受注行 = drop (B19): the same ten rows, the same yen."""
    path = book()
    with edit(path) as wb:
        _paste_rows_2_to_11_again(wb, numbered=False)
        wb["Settings"]["B19"] = "drop"
    recalc(path, capsys)
    (row,) = checks_sheet(path, "Orders")
    assert row[1] == 1730 and row[5] == "警告"
    assert row[4].startswith("前の行とまったく同じ内容の重複行が10行あり")
    assert row[4].endswith(
        "合計 ¥677,863 です。受注番号のない同じ内容の行は、設定「同一内容の受注行」が drop の"
        "ため数えていません"
    )


# --- C. a date without its year -----------------------------------------------------------


@pytest.mark.parametrize(
    "typed", ["11/25", "11-25", "11.25", "11月25日", "１１／２５", "11/25(水)", "1.5"]
)
def test_a_month_and_day_without_a_year_is_its_own_problem(typed: str) -> None:
    # "11.25" and "1.5" used to read as serials: 1900-01-11 and 1900-01-01.
    assert parse_date(typed) == (None, "date_without_year")


@pytest.mark.parametrize(
    ("typed", "result"),
    [
        ("2026/11/25", (dt.date(2026, 11, 25), None)),
        ("R8.11.25", (dt.date(2026, 11, 25), None)),
        ("25/11", (None, "not_a_date")),  # no month 25: not read as a day and month either
        ("13/1", (None, "not_a_date")),
        ("46113", (dt.date(2026, 4, 1), None)),  # a serial as text stays a serial
    ],
)
def test_dates_with_a_year_and_other_text_are_as_before(
    typed: str, result: tuple[object, object]
) -> None:
    assert parse_date(typed) == result


def test_a_date_without_a_year_asks_for_the_year(
    book: Book, capsys: pytest.CaptureFixture[str]
) -> None:
    """An order dated "4/2" (row 7) is skipped; an end date "3/31" (Accounts row 3, optional)
    is dropped and the account kept."""
    path = book()
    with edit(path) as wb:
        wb["Orders"]["A7"] = "4/2"
        wb["Accounts"]["E3"] = "3/31"
    recalc(path, capsys)
    assert checks_sheet(path, "Orders") == [
        (
            "Orders",
            7,
            "A 受注日",
            "4/2",
            f"年のない日付です。年を含めて {year_example('4/2')} のように入力してください"
            "(この行は使用しません)",
            "エラー(行を除外)",
        ),
        ("Orders", None, "", "", "1行を使用しませんでした", "情報"),
    ]
    assert checks_sheet(path, "Accounts") == [
        (
            "Accounts",
            3,
            "E 解約日",
            "3/31",
            f"年のない日付です。年を含めて {year_example('3/31')} のように入力してください"
            "(この値は使わず、行は使用します)",
            "警告",
        )
    ]
    _, checks = history(path)
    (said,) = [c for c in checks if c.problem == "date_without_year"]
    assert check_message(said, "en") == (
        f"date without a year: type the year too, e.g. {year_example('4/2')} (row skipped)"
    )


# --- D. a rep's own log, through collect --------------------------------------------------


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str | None, Path]]:
    master = make_master(tmp_path_factory.mktemp("route") / "book.xlsm")
    report = share(master, master.parent / "out", per_rep=True)
    return master, {f.rep: f.path for f in report.files}


def test_a_reps_log_with_route_words(
    shared: tuple[Path, dict[str | None, Path]], tmp_path: Path
) -> None:
    """Six rows in 伊藤's log: 納品 (collected as 訪問), 電話 (read, not collected), アポ電話
    (an attempt), 11/25 (no year), 打合せ (unknown: pick from the list) and a plain 訪問."""
    pristine, copies = shared
    master = tmp_path / "book.xlsm"
    shutil.copyfile(pristine, master)
    wb = openpyxl.load_workbook(master, read_only=True)
    mine = [r[0] for r in wb["Accounts"].iter_rows(min_row=2, values_only=True) if r[2] == "Ito"]
    wb.close()
    sundays = [dt.datetime(2026, 10, d) for d in (4, 11, 18, 25)]  # no sample visits then
    log = openpyxl.load_workbook(copies["Ito"])
    ws = log["訪問入力"]
    rows = [
        [sundays[0], mine[0], "納品", None, None],  # row 2
        [sundays[0], mine[1], "電話", None, "注文の確認"],  # row 3
        [sundays[1], None, "アポ電話", "成功", None],  # row 4
        ["11/25", mine[2], "訪問", None, None],  # row 5: no year
        [sundays[2], mine[3], "打合せ", None, None],  # row 6
        [sundays[3], mine[4], "訪問", None, None],  # row 7
    ]
    for i, row in enumerate(rows, 2):
        for j, value in enumerate(row, 1):
            ws.cell(i, j, value)
    returned = tmp_path / "ito.xlsx"
    log.save(returned)

    before = len(list(openpyxl.load_workbook(master, read_only=True)["Visits"].values))
    report = collect(master, [returned], recalc=False)
    [f] = report.files
    assert (f.added, f.refused) == (3, 2)
    where = f"{returned.name} › 訪問入力"
    got = {(c.sheet, c.row, c.problem): c for c in report.checks}
    assert set(got) == {
        (where, 5, "date_without_year"),
        (where, 6, "unknown_choice_rows_log"),
        (where, None, "contacts_not_counted"),
    }
    unknown = check_message(got[(where, 6, "unknown_choice_rows_log")], "ja")
    assert unknown.startswith("「打合せ」は列「種別」の値として判別できません(1行: 6行目)。")
    assert unknown.endswith(
        "一覧から選び直すか、自社の言葉ならこのブックのシート「種別の読み替え」に1行"
        "(「自社の言葉」に「打合せ」、「種別」に訪問・アポ・商談・連絡のどれにあたるか)を足して、"
        "もう一度取り込んでください(これらの行は取り込みません)"
    )
    assert "エクスポート" not in unknown
    assert check_message(got[(where, None, "contacts_not_counted")], "ja").startswith(
        "1行は種別が電話・メールなどの連絡(「電話」1行: 3行目)"
    )
    visits = list(openpyxl.load_workbook(master, read_only=True)["Visits"].values)
    assert len(visits) == before + 3
    assert [r[:5] for r in visits[-3:]] == [
        (sundays[0], "Ito", mine[0], "訪問", None),
        (sundays[1], "Ito", None, "アポ", "成功"),
        (sundays[3], "Ito", mine[4], "訪問", None),
    ]


# --- the README says exactly which words are read as what -------------------------------


def test_readme_lists_every_kind_word() -> None:
    """The kind table under "Entering your data" holds VISIT_KINDS, word for word."""
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    guide = readme[readme.index("## Entering your data") : readme.index("## Reading the outputs")]
    listed: dict[str, set[str]] = {}
    for line in guide.splitlines():
        if line.startswith("| `") and "` / `" in line:
            kind = line.split("` / `")[1].split("`")[0]
            words = line.rstrip(" |").rsplit(" | ", 1)[1]
            # "…; delivery and collection stops: 納品, …" — a label before a colon is not a word
            parts = [w.split(": ")[-1] for w in words.replace(";", ",").split(", ")]
            listed[kind] = {fold(w, WHITESPACE) for w in parts}
    assert listed == {
        kind: {fold(w, WHITESPACE) for w in (kind, *words)} for kind, words in VISIT_KINDS.items()
    }
