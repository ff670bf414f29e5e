"""Input handling a building-materials distributor's trial ran into, on real workbooks.

Each case copies the corpus's small valid book (``tests/corpus/base.xlsm``: 3 reps, 43
accounts C0001…C0043, 1,728 order lines, 2,802 visits — 2,585 訪問, 168 アポ, 49 商談 —,
KGI ¥66M, FY2026 from April), changes cells as the user did, runs ``routekpi recalc`` and
reads back the Checks sheet, the console and the output cells.

A. an SFA's own visit words (アポ取り); an unknown word is one Checks row, not one per row;
B. account codes whose leading zeros Excel dropped; C. the fiscal start month typed as text;
D. a renamed required column; E. a KGI in the wrong unit is not called feasible.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from workbook_files import CORPUS, Book, checks_sheet, corpus_copies, edit, plan_numbers, recalc

from routekpi.cli import main
from routekpi.io.dashboard_layout import DATA_COL, FEASIBLE_ROW
from routekpi.io.reader import read_workbook
from routekpi.messages import text
from routekpi.render import check_message
from routekpi.schema import VISIT_KINDS
from routekpi.validation.cells import parse_choice
from routekpi.validation.settings import month_text
from routekpi.validation.tables import amount_unit, validate_inputs, zeros_dropped


@pytest.fixture
def book(tmp_path: Path) -> Book:
    """A fresh copy of base.xlsm per call."""
    return corpus_copies(tmp_path)


def cell(path: Path, sheet: str, ref: str) -> object:
    return openpyxl.load_workbook(path, read_only=True)[sheet][ref].value


# --- A. visit kinds ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "kind"),
    [
        ("アポ取り", "attempt"),
        ("ｱﾎﾟ取り", "attempt"),  # half-width, as some exports write katakana
        ("電話アポ", "attempt"),
        ("定期訪問", "visit"),
        ("ルート訪問", "visit"),
        ("巡回", "visit"),
        ("商談訪問", "meeting"),
    ],
)
def test_sfa_visit_words_name_one_kind(word: str, kind: str) -> None:
    assert parse_choice(word, VISIT_KINDS) == (kind, None)


@pytest.mark.parametrize("word", ["打合せ", "飛び込み", "フォロー"])
def test_words_with_two_meanings_stay_unknown(word: str) -> None:
    assert parse_choice(word, VISIT_KINDS) == (None, "unknown_choice")


def test_an_sfa_log_with_its_own_words_gives_the_same_plan(
    book: Book, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every アポ written アポ取り and every 訪問 written 定期訪問, as the trial's SFA did:
    nothing on Checks, and the plan of the book with the plain words."""
    base, sfa = book(), book()
    with edit(sfa) as wb:
        ws = wb["Visits"]
        for r in range(2, ws.max_row + 1):
            ws.cell(r, 4).value = {"アポ": "アポ取り", "訪問": "定期訪問"}.get(ws.cell(r, 4).value)
            ws.cell(r, 4).value = ws.cell(r, 4).value or "商談"
    doc = recalc(sfa, capsys)
    assert [c for c in doc["checks"] if c["sheet"] == "Visits"] == []
    assert plan_numbers(doc) == plan_numbers(recalc(base, capsys))


def test_an_unknown_word_on_every_row_is_one_checks_row(
    book: Book, capsys: pytest.CaptureFixture[str]
) -> None:
    """The trial had 4,514 rows saying the same thing; now one row says it with the count."""
    path = book()
    with edit(path) as wb:
        ws = wb["Visits"]
        for r in range(2, ws.max_row + 1):  # rows 2 … 2,803: all 2,802 visits
            ws.cell(r, 4).value = "飛び込み"
        ws["D3"] = " 飛び込み　"  # with spaces, as pasted: the same word
    recalc(path, capsys)
    rows = checks_sheet(path, "Visits")
    assert len(rows) == 2
    assert rows[0][:4] == ("Visits", 2, "D 種別", "飛び込み")
    assert rows[0][4].startswith(
        "「飛び込み」は列「種別」の値として判別できません(2,802行: 2, 3, 4, 5, 6 …行目)。"
        "使える値 — 訪問(visit): 訪問・定期訪問・"
    )
    assert "アポ(attempt): アポ・アポ取り・" in rows[0][4]
    assert rows[0][4].endswith(
        "自社の言葉なら、シート「種別の読み替え」に1行(「自社の言葉」に「飛び込み」、「種別」に"
        "訪問・アポ・商談・連絡のどれにあたるか)を足せば、エクスポートはそのままで読みます"
        "(これらの行は使用しません)"
    )
    assert rows[0][5] == "エラー(行を除外)"
    # Every row left out: critical, and the plan is made as if the sheet were empty.
    assert rows[1] == (
        "Visits",
        None,
        "",
        "",
        "すべての行(2,802行)を使用しませんでした。この表はないものとして計算しています: "
        "上の行の理由を直して再計算してください",
        "重大",
    )


def test_the_unknown_word_in_english() -> None:
    path = CORPUS / "visit_kinds_sfa.xlsm"
    data = read_workbook(path)
    checks = validate_inputs(data.sheets, date1904=data.date1904).checks
    first = next(c for c in checks if c.problem == "unknown_choice_rows")
    assert check_message(first, "en").startswith(
        "'飛び込み' is not a known value for column '種別' (3 rows: row 10, 20, 30); "
        "accepted — visit: visit, "
    )
    assert check_message(first, "en").endswith(
        "If it is your company's word, add one row to the 'Words' sheet ('飛び込み' under "
        "'Your word', and whether it is a visit, appointment, meeting or contact under 'Kind') "
        "and the export is read as it is (these rows are skipped)"
    )


def test_a_long_list_stops_at_1000_rows_and_says_how_many_more(
    book: Book, capsys: pytest.CaptureFixture[str]
) -> None:
    """1,200 different words (free text in the kind column): 1,000 rows, then one line for
    the other 200 — the README's promise, which the sheets did not keep."""
    path = book()
    with edit(path) as wb:
        ws = wb["Visits"]
        for r in range(2, 1202):
            ws.cell(r, 4).value = f"メモ{r - 1:04d}"  # メモ0001 … メモ1200
    recalc(path, capsys)
    rows = checks_sheet(path, "Visits")
    assert len(rows) == 1000 + 2
    assert rows[999][:4] == ("Visits", 1001, "D 種別", "メモ1000")
    assert rows[1000][:3] == ("Visits", None, "")
    assert rows[1000][4].startswith(
        "ほか200行も同じです(一覧は最初の1,000行まで): "
        "「メモ1001」は列「種別」の値として判別できません"
    )
    assert rows[1001][4:] == (
        "1,200行(この表の2,802行の43%)を使用しませんでした。計画は残りの行だけで作られて"
        "います: 上の行の理由を直して再計算してください",
        "重大",
    )


def test_the_cap_holds_for_every_cell_problem(
    book: Book, capsys: pytest.CaptureFixture[str]
) -> None:
    path = book()
    with edit(path) as wb:
        ws = wb["Visits"]
        for r in range(2, 1102):  # 1,100 visit dates typed as 不明
            ws.cell(r, 1).value = "不明"
    recalc(path, capsys)
    rows = checks_sheet(path, "Visits")
    assert len(rows) == 1000 + 2
    assert rows[0] == (
        "Visits",
        2,
        "A 訪問日",
        "不明",
        "日付として読めません(この行は使用しません)",
        "エラー(行を除外)",
    )
    assert rows[1000] == (
        "Visits",
        None,
        "",
        "",
        "ほか100行も同じです(一覧は最初の1,000行まで): 日付として読めません(この行は使用しません)",
        "警告",
    )
    assert rows[1001][4:] == (
        "1,100行(この表の2,802行の39%)を使用しませんでした。計画は残りの行だけで作られて"
        "います: 上の行の理由を直して再計算してください",
        "重大",
    )


# --- B. leading zeros ----------------------------------------------------------------------


def test_zeros_dropped_matches_only_one_code() -> None:
    known = ["001016", "01099", "001099", "C0001", "7"]
    unknown = ["1016", "1099", "0007", "1234", "C1", "١٠١٦"]
    # 1099 could be 01099 or 001099: not guessed; ١٠١٦ (Arabic-Indic digits) is not a code
    # Excel made; 0007 is 7 with zeros added (the Accounts side lost them).
    assert zeros_dropped(unknown, known) == {"1016": "001016", "0007": "7"}


def test_codes_without_their_zeros_give_the_same_plan(capsys: pytest.CaptureFixture[str]) -> None:
    """account_codes_zeros.xlsm: Accounts 001001…001043, Orders 1001…1043 as numbers. One
    Checks row (the corpus test has its words) and the plan of the book with equal codes."""
    zeros, base = CORPUS / "account_codes_zeros.xlsm", CORPUS / "base.xlsm"
    data = read_workbook(zeros)
    inputs = validate_inputs(data.sheets, date1904=data.date1904)
    assert [c.problem for c in inputs.checks] == ["account_zeros_dropped"]
    orders = inputs.history.orders
    assert orders["account"].iloc[0] == "001019"  # row 2: C0019 in base.xlsm
    assert set(orders["account"]) <= set(inputs.history.accounts["account"])
    base_orders = validate_inputs(read_workbook(base).sheets).history.orders
    assert orders["amount"].sum() == base_orders["amount"].sum()
    # The same per-account view: each code's revenue equals its C code's in base.xlsm.
    by_code = orders.groupby("account")["amount"].sum()
    base_by_code = base_orders.groupby("account")["amount"].sum()
    assert by_code.to_dict() == {f"00{1000 + int(k[1:]):04d}": v for k, v in base_by_code.items()}


def test_accounts_that_lost_their_zeros_are_named_the_other_way(
    book: Book, capsys: pytest.CaptureFixture[str]
) -> None:
    """Accounts pasted as numbers (1019), Orders and Visits as text (001019)."""
    path = book()
    with edit(path) as wb:
        acc = wb["Accounts"]
        for r in range(2, acc.max_row + 1):
            acc.cell(r, 1).value = 1000 + int(acc.cell(r, 1).value[1:])
        for name, col in (("Orders", 2), ("Visits", 3)):
            ws = wb[name]
            for r in range(2, ws.max_row + 1):
                value = ws.cell(r, col).value
                if isinstance(value, str) and value.startswith("C"):
                    ws.cell(r, col).value = f"00{1000 + int(value[1:]):04d}"
    doc = recalc(path, capsys)
    got = [(c["sheet"], c["row"], c["value"], c["code"]) for c in doc["checks"]]
    # Orders: 43 codes on all 1,728 lines; Visits: the 2,598 visits to the 43 accounts (the
    # 36 meetings with prospects keep their P codes, the 168 appointment attempts have none).
    assert ("Orders", 2, "001019", "account_zeros_dropped_accounts") in got
    assert ("Visits", 2, "001019", "account_zeros_dropped_accounts") in got
    assert not any(c["code"] == "unknown_account" for c in doc["checks"])
    orders = next(c for c in doc["checks"] if c["sheet"] == "Orders")
    assert orders["problem"] == (
        "顧客コード 001019 は顧客シートでは 1019 です: 顧客シートのコードの先頭の0が落ちています"
        "(Excelがコードを数値として読み込むと0が落ちます)。このようなコード43件(1,728行)を"
        "顧客シートのコードとして集計しました。次回は顧客シートの列の書式を文字列にしてから"
        "貼り付けてください"
    )
    visits = next(c for c in doc["checks"] if c["sheet"] == "Visits")
    assert "このようなコード43件(2,598行)" in visits["problem"]
    assert doc["baseline"] == 58_430_081.0  # the book kept (its lost account out: core.lost)


def test_a_code_two_accounts_could_be_is_not_guessed(
    book: Book, capsys: pytest.CaptureFixture[str]
) -> None:
    """Accounts has 001019 and, added, 01019: order code 1019 (51 lines) stays unknown; the
    other 42 codes (1,728 − 51 = 1,677 lines) are matched."""
    path = book()
    with edit(path) as wb:
        acc = wb["Accounts"]
        for r in range(2, acc.max_row + 1):
            acc.cell(r, 1).value = f"00{1000 + int(acc.cell(r, 1).value[1:]):04d}"
        acc.append(["01019", "別会社", "Sato", acc["D2"].value, None, None, None])
        acc.tables["Accounts"].ref = f"A1:G{acc.max_row}"
        ws = wb["Orders"]
        for r in range(2, ws.max_row + 1):
            ws.cell(r, 2).value = 1000 + int(ws.cell(r, 2).value[1:])
    doc = recalc(path, capsys)
    orders = [c for c in doc["checks"] if c["sheet"] == "Orders"]
    assert [(c["row"], c["value"], c["code"]) for c in orders] == [
        (3, "1030", "account_zeros_dropped"),  # row 2 is 1019, the one left unknown
        (2, "1019", "unknown_account"),
    ]
    assert "このようなコード42件(1,677行)" in orders[0]["problem"]


# --- C. fiscal start month -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "month"),
    [
        ("4月", 4),
        ("１０月", 10),
        ("10 月", 10),
        ("四月", 4),
        ("十二月", 12),
        ("4月始まり", 4),
        ("April", 4),
        ("apr.", 4),
        ("Sept", 9),
        ("OCTOBER", 10),
        ("3月決算", 4),  # the year named by its closing month
        ("12月期", 1),
    ],
)
def test_month_text(typed: str, month: int) -> None:
    assert month_text(typed) == month


@pytest.mark.parametrize("typed", ["未定", "13月", "0月", "Ma", "4-6月", "第1四半期"])
def test_month_text_refuses(typed: str) -> None:
    assert month_text(typed) is None


def test_fiscal_month_typed_as_text_equals_the_number(
    book: Book, capsys: pytest.CaptureFixture[str]
) -> None:
    """期首月 "１０月" plans October–September, exactly as 10 does, with nothing on Checks."""
    as_text, as_number = book(), book()
    with edit(as_text) as wb:
        wb["Settings"]["B6"] = "１０月"
    with edit(as_number) as wb:
        wb["Settings"]["B6"] = 10
    doc = recalc(as_text, capsys)
    assert [c for c in doc["checks"] if c["sheet"] == "Settings"] == []
    months = sorted({t["period"] for t in doc["targets"] if len(t["period"]) == 7})
    assert (months[0], months[-1]) == ("2026-10", "2027-09")
    assert plan_numbers(doc) == plan_numbers(recalc(as_number, capsys))


def test_a_month_out_of_range_is_critical_and_said_on_the_console(
    book: Book, capsys: pytest.CaptureFixture[str]
) -> None:
    path = book()
    with edit(path) as wb:
        wb["Settings"]["B6"] = 13
    assert main(["recalc", str(path)]) == 0
    err = capsys.readouterr().err.splitlines()
    sentence = (
        "期首月(シート「Settings」のセル B6)の「13」を月として読めません。1〜12 の数字か"
        "「4月」「April」の形で入力してください(既定値 4月で計算しました。実際の期首月と違えば、"
        "年度の区切りとすべての目標がずれます)"
    )
    assert err[0] == f"routekpi: {sentence}"
    assert checks_sheet(path, "Settings") == [
        ("Settings", 6, "B FiscalStartMonth", "13", sentence, "重大")
    ]
    assert cell(path, "Dashboard", "B2").endswith(f"要確認: {sentence}")


# --- D. renamed required columns -----------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "unit"),
    [
        ("売上(千円)", "千円"),
        ("売上（千円）", "千円"),
        ("金額[百万円]", "百万円"),
        ("売上金額(単位:千円)", "千円"),
        ("売上高 万円", "万円"),
        ("Sales (JPY thousands)", "thousands"),
        ("受注金額", None),
        ("金額(円)", None),
        ("件数(千件)", None),
    ],
)
def test_amount_unit(header: str, unit: str | None) -> None:
    assert amount_unit(header) == unit


def _stop(path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    before = path.read_bytes()
    assert main(["recalc", str(path)]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and path.read_bytes() == before
    (line,) = captured.err.splitlines()
    return line.removeprefix("routekpi: ")


def test_a_renamed_start_date_names_the_accepted_names_and_the_headers_found(
    book: Book, capsys: pytest.CaptureFixture[str]
) -> None:
    """取引開始日 renamed 登録日 (the trial's col4), in Japanese and in English."""
    path = book()
    with edit(path) as wb:
        wb["Accounts"]["D1"] = "登録日"
        wb["Accounts"].tables["Accounts"].tableColumns[3].name = "登録日"  # as Excel keeps it
    assert _stop(path, capsys) == (
        "シート「Accounts」に必須の列「取引開始日 / Start date」がありません。"
        "見出しを次のいずれかに変えてください: "
        "取引開始日・Start date・開始日・契約開始日・契約日・設置日・start・since・installed"
        "(このシートの見出し: 顧客コード, 顧客名, 担当者, 登録日, 解約日, 緯度, 経度, 法人グループ)"
    )
    with edit(path) as wb:
        wb["Settings"]["B8"] = "en"
    assert _stop(path, capsys) == (
        "sheet 'Accounts' has no required column 'Start date': rename its header to "
        "one of 取引開始日, Start date, 開始日, 契約開始日, 契約日, 設置日, start, since, "
        "installed (headers on this "
        "sheet: 顧客コード, 顧客名, 担当者, 登録日, 解約日, 緯度, 経度, 法人グループ)"
    )


def test_a_wide_sheet_lists_its_first_eight_headers(
    book: Book, capsys: pytest.CaptureFixture[str]
) -> None:
    path = book()
    with edit(path) as wb:
        ws = wb["Orders"]
        del ws.tables["Orders"]  # a plain range, as many pasted sheets are
        # 粗利(千円) names no amount (an amount header in 千円 is read ×1,000: trial 48 L1).
        ws["D1"] = "粗利(千円)"
        for col in range(7, 11):  # G … J: four more columns, ten in all
            ws.cell(1, col).value = f"項目{col}"
    line = _stop(path, capsys)
    assert line.startswith(
        "シート「Orders」に必須の列「金額 / Amount」がありません。列「粗利(千円)」は千円単位"
    )
    assert line.endswith(
        "このシートの見出し: 受注日, 顧客コード, 担当者, 粗利(千円), 数量, 受注番号, "
        "項目7, 項目8 …)"
    )


# --- E. a KGI in the wrong unit ------------------------------------------------------------


def test_a_kgi_in_thousands_is_not_called_feasible(
    book: Book, capsys: pytest.CaptureFixture[str]
) -> None:
    """KGI 66,000 (meant ¥66M, typed in thousands): 1/923 of last year's ¥60,902,244. The
    engine can reach it, but no output may call that plan feasible."""
    path = book()
    with edit(path) as wb:
        wb["Settings"]["B4"] = 66_000
    assert main(["recalc", str(path)]) == 0
    captured = capsys.readouterr()
    scale = (
        "KGI ¥66,000 が前年実績 ¥60,902,244(取引を終えた顧客を除いた基準売上は ¥58,430,081)"
        "の1/923です。"
        "単位を確認してください(円で入力: 千円単位の 66000 なら 66000000)"
    )
    assert "  実現可能性は判定していません: KGI の単位を確認してください(下記)" in captured.out
    assert "実現可能(" not in captured.out
    assert captured.err.splitlines()[0] == f"routekpi: {scale}"
    unit = text("plan.feasible_unit", "ja")
    assert unit == "判定なし(KGIの単位を確認してください)"
    status = cell(path, "Dashboard", "B2")
    assert f"/ {unit} / 要確認: {scale}" in status and "実現可能" not in status
    assert cell(path, "Dashboard", "A3") == scale  # the banner
    feasible = f"{openpyxl.utils.get_column_letter(DATA_COL + 1)}{FEASIBLE_ROW}"
    assert cell(path, "Dashboard", feasible) == 0  # red, not green
    plan = {r[0]: r[1] for r in openpyxl.load_workbook(path, read_only=True)["Plan"].values}
    assert plan["実現可能性"] == unit
    # The shared team copy's cover says the same.
    out = path.parent / "shared"
    # share refuses a book with a critical check unless told to go past it (--force).
    assert main(["share", str(path), "--out", str(out)]) == 1
    assert main(["share", str(path), "--out", str(out), "--force"]) == 0
    (copy,) = out.glob("*.xlsx")
    cover = openpyxl.load_workbook(copy, read_only=True).worksheets[0]
    rows = {r[0]: r[1] for r in cover.values if r and r[0]}
    assert rows["実現可能性"] == unit
