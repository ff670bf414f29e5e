"""Trial 44's input findings (業務用酒類・飲料卸: an SFA export and a 基幹 export pasted as they
come), each on a small sample book written, recalculated and read back:

- H3: the SFA's 活動日時 (``2026/12/05 14:30``) is the visit date, the time dropped; a sheet
  without its date column says how many rows that leaves unused, not 「エラー 1 件」.
- M2: 伝票No is the order number (受注番号): the lines of one slip are one order.
- M1: 活動結果 is the outcome; 商談化 and 断られ are known, and the Words sheet maps the SFA's
  other outcome words (新規訪問 → 成功) on the sheet and in ``routekpi collect``.
- M4: a Reps row typed 「伊藤　翔」 (full-width space, as the 基幹 writes it) gives the rep
  「伊藤 翔」 his e-mail draft; a Reps row that names no rep is a warning on Checks.
- H1 (second half): a departed rep's visit-only codes that never ordered and are not on the
  Accounts sheet are prospects, not 「今の担当者が分からない顧客」 to type a rep for.
"""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from share_helpers import fill_visit_log
from workbook_files import checks_sheet, edit, recalc

from routekpi.cli import main
from routekpi.io.samplebook import write_sample_workbook
from routekpi.messages import text
from routekpi.schema import ORDERS, VISITS
from routekpi.share.collect import collect
from routekpi.share.job import share
from routekpi.validation.cells import parse_choice
from routekpi.validation.tables import OUTCOMES, validate_inputs
from tests.test_sfa_everyday_words import _data


@pytest.fixture(scope="module")
def small_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small sample workbook (4,000 order lines), built once."""
    path = tmp_path_factory.mktemp("small44") / "small.xlsm"
    write_sample_workbook(path, "ja", seed=11, orders_rows=4_000)
    return path


@pytest.fixture
def book(small_master: Path, tmp_path: Path) -> Path:
    path = tmp_path / "book.xlsm"
    shutil.copyfile(small_master, path)
    return path


def _visit_rows(wb: openpyxl.Workbook) -> int:
    ws = wb["Visits"]
    return sum(1 for r in ws.iter_rows(min_row=2, values_only=True) if any(r))


def _sfa_dates(wb: openpyxl.Workbook, header: str) -> None:
    """The Visits date column as the SFA writes it: 活動日時 over ``2026/12/05 14:30`` text."""
    ws = wb["Visits"]
    ws["A1"] = header
    for (cell,) in ws.iter_rows(min_row=2, max_col=1):
        if isinstance(cell.value, datetime):
            cell.value = cell.value.strftime("%Y/%m/%d") + " 14:30"


@pytest.mark.parametrize(
    "header", ["活動日時", "活動日", "日時", "実施日時", "訪問日時", "活動開始日時"]
)
def test_the_sfa_date_headers_name_the_visit_date(header: str) -> None:
    assert VISITS.column("date").matches(header)


def test_an_sfa_activity_date_with_its_time_is_the_visit_date(
    book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The same visits under 活動日時 with a time of day give the very visit targets of the
    plain dates (before: every row left out, no visit KPI at all)."""
    plain = shutil.copyfile(book, book.with_name("plain.xlsm"))
    before = [t for t in recalc(plain, capsys)["targets"] if t["kpi"] == "visits"]  # type: ignore[index, union-attr]
    with edit(book) as wb:
        _sfa_dates(wb, "活動日時")
    doc = recalc(book, capsys)
    assert not [c for c in checks_sheet(book, "Visits") if "必須の列" in str(c[4])]
    after = [t for t in doc["targets"] if t["kpi"] == "visits"]  # type: ignore[union-attr]
    assert before
    assert after == before


def test_a_sheet_without_its_date_column_says_all_its_rows_are_unused(
    book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with edit(book) as wb:
        wb["Visits"]["A1"] = "活動目"  # no date header at all
        n = _visit_rows(wb)
    assert main(["recalc", str(book)]) == 0
    out = capsys.readouterr().out
    assert f"エラー {n:,} 件(使わなかった行)" in out
    assert f"Visits の {n:,} 行すべてを使えませんでした" in out
    [row] = [c for c in checks_sheet(book, "Visits") if "必須の列" in str(c[4])]
    assert row[4] == (
        f"必須の列「訪問日 / Date」が見つかりません(見出しを確認してください)。"
        f"Visits の {n:,} 行すべてを使えませんでした"
    )


def _kpi(doc: dict[str, object], kpi: str) -> list[tuple[object, ...]]:
    return [
        (t["rep"], t["period"], t["target"])
        for t in doc["targets"]  # type: ignore[attr-defined]
        if t["kpi"] == kpi
    ]


@pytest.mark.parametrize("header", ["伝票No", "伝票NO", "伝票No.", "伝票番号"])
def test_the_erp_slip_headers_name_the_order_number(header: str) -> None:
    assert ORDERS.column("order_id").matches(header)


def test_the_lines_of_one_slip_are_one_order(
    book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each order line of the sample split in two lines of one 伝票No (2/3 and 1/3 of the
    amount and the quantity): the same orders and revenue targets as one line per order (before:
    伝票No unread, twice the orders)."""
    plain = recalc(shutil.copyfile(book, book.with_name("plain.xlsm")), capsys)
    with edit(book) as wb:
        ws = wb["Orders"]
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        assert rows[0] == ["受注日", "顧客コード", "担当者", "金額", "数量", "受注番号"]
        lines = [[*rows[0][:5], "伝票No"]]
        for i, (day, account, rep, amount, qty, _) in enumerate(rows[1:]):
            third = amount // 3  # two lines that differ (a line twice is a pasted duplicate)
            lines.append([day, account, rep, amount - third, qty - qty // 3, f"S{i:05d}"])
            lines.append([day, account, rep, third, qty // 3, f"S{i:05d}"])
        for r, line in enumerate(lines, start=1):
            for c, value in enumerate(line, start=1):
                ws.cell(r, c, value)
    doc = recalc(book, capsys)
    assert _kpi(plain, "orders")
    assert _kpi(doc, "orders") == _kpi(plain, "orders")
    assert _kpi(doc, "revenue") == _kpi(plain, "revenue")


_SFA_OUTCOMES = {"成功": ("商談化", "新規訪問"), "失敗": ("断られ", "情報収集")}
_RATES = ("appointment_attempts", "appointment_rate", "meeting_win_rate", "meetings")


@pytest.mark.parametrize("header", ["活動結果", "結果区分", "商談結果", "対応結果"])
def test_the_sfa_outcome_headers_name_the_outcome(header: str) -> None:
    assert VISITS.column("outcome").matches(header)


@pytest.mark.parametrize(("word", "outcome"), [("商談化", "won"), ("断られ", "lost")])
def test_an_sfa_outcome_word_is_known(word: str, outcome: str) -> None:
    assert parse_choice(word, OUTCOMES) == (outcome, None)
    assert parse_choice("断られた", OUTCOMES) == ("lost", None)


def test_the_sfa_outcome_words_mapped_on_the_words_sheet_read_as_the_plain_outcomes(
    book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The appointment outcomes under 活動結果 in the SFA's words — 商談化 and 断られ (known),
    新規訪問 and 情報収集 (two Words rows: 成功, 失敗) — give the appointment and meeting
    targets of the plain 成功 / 失敗 (before: the column unread, no appointment at all)."""
    plain = recalc(shutil.copyfile(book, book.with_name("plain.xlsm")), capsys)
    with edit(book) as wb:
        ws = wb["Visits"]
        assert ws["D1"].value == "種別" and ws["E1"].value == "結果"
        ws["E1"] = "活動結果"
        swapped = {"成功": 0, "失敗": 0}
        for row in ws.iter_rows(min_row=2, min_col=4, max_col=5):
            if row[0].value == "アポ" and row[1].value in swapped:
                word = _SFA_OUTCOMES[row[1].value][swapped[row[1].value] % 2]
                swapped[row[1].value] += 1
                row[1].value = word
        assert min(swapped.values()) >= 4  # each of the four words on some rows
        words = wb["Words"]
        assert (words["A1"].value, words["B1"].value) == ("自社の言葉", "種別")
        words["A2"], words["B2"] = "新規訪問", "成功"
        words["A3"], words["B3"] = "情報収集", "失敗"
    doc = recalc(book, capsys)
    unknown = [c for c in checks_sheet(book, "Visits") if "判別できません" in str(c[4])]
    assert not unknown
    for kpi in _RATES:
        assert _kpi(doc, kpi), kpi
        assert _kpi(doc, kpi) == _kpi(plain, kpi), kpi
    [used] = [c for c in checks_sheet(book, "Words") if "新規訪問" in str(c[4])]
    n_won = (swapped["成功"]) // 2  # every second 成功 became 新規訪問
    assert f"「新規訪問」→ 結果 成功 {n_won:,}行" in str(used[4])


def test_an_unknown_outcome_word_points_at_the_words_sheet() -> None:
    """The warning on an outcome word nobody mapped says where to map it (before: 「エクスポート
    の「提案」をこのいずれかに置き換えてください」, an edit of every month's export)."""
    rows = [["活動日", "担当者", "顧客コード", "活動種別", "活動結果"]]
    rows += [[date(2026, 10, 5 + i), "佐藤", "T0001", "商談", "提案"] for i in range(3)]
    inputs = validate_inputs(_data(rows).sheets, today=date(2026, 12, 5))
    [check] = [c for c in inputs.checks if c.value == "提案"]
    said = text(check.problem, "ja", **check.params)
    assert check.severity == "warn"
    assert (
        "シート「種別の読み替え」に1行(「自社の言葉」に「提案」、「種別」に成功・失敗・検討中"
        in said
    )


def test_a_words_row_of_an_outcome_is_read_by_collect(small_master: Path, tmp_path: Path) -> None:
    """A rep types the company's outcome word in his returned log: collect reads it as the
    Words sheet says (成功), as recalc does, instead of dropping it with a warning."""
    master = tmp_path / "master.xlsm"
    shutil.copyfile(small_master, master)
    with edit(master) as wb:
        wb["Words"]["A2"], wb["Words"]["B2"] = "新規訪問", "成功"
        accounts = [
            r[0] for r in wb["Accounts"].iter_rows(min_row=2, values_only=True) if r[2] == "Ito"
        ]
    report = share(master, tmp_path / "out", per_rep=True)
    copy = next(f.path for f in report.files if f.rep == "Ito")
    filled = fill_visit_log(
        copy,
        tmp_path / "ito.xlsx",
        [[datetime(2026, 10, 4), accounts[0], "アポ", "新規訪問", None]],
    )
    result = collect(master, [filled], recalc=False)
    assert result.added == 1
    assert not [c for c in result.checks if c.value == "新規訪問"]
    last = list(
        openpyxl.load_workbook(master, read_only=True)["Visits"].iter_rows(values_only=True)
    )[-1]
    assert last[:5] == (datetime(2026, 10, 4), "Ito", accounts[0], "アポ", "成功")


def _rename_rep(wb: openpyxl.Workbook, old: str, new: str) -> None:
    """The rep ``old`` typed as ``new`` on Orders, Visits and Accounts."""
    for sheet in ("Orders", "Visits", "Accounts"):
        ws = wb[sheet]
        [col] = [c.column for c in ws[1] if c.value == "担当者"]
        for (cell,) in ws.iter_rows(min_row=2, min_col=col, max_col=col):
            if cell.value == old:
                cell.value = new


def test_a_reps_row_with_a_full_width_space_gets_its_rep_the_mail(
    book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with edit(book) as wb:
        _rename_rep(wb, "Ito", "伊藤 翔")
        reps = wb["Reps"]
        assert [c.value for c in reps[1]] == ["担当者", "メールアドレス", "営業所"]
        for row, values in enumerate(
            [
                ("伊藤\u3000翔", "ito@example.co.jp", "新宿"),
                ("渡部 正男", "w@example.co.jp", "新宿"),
            ],
            start=2,
        ):
            for col, value in enumerate(values, start=1):
                reps.cell(row, col, value)
    report = share(book, book.parent / "out", per_rep=True, email=True)
    [mine] = [f for f in report.files if f.rep == "伊藤 翔"]
    assert mine.to == "ito@example.co.jp" and mine.draft is not None
    assert not [p for p in report.problems if "伊藤" in p]
    recalc(book, capsys)
    [row] = [c for c in checks_sheet(book, "Reps") if c[5] == "警告"]
    assert row[:4] == ("Reps", 3, "A 担当者", "渡部 正男")
    assert str(row[4]).startswith("受注・訪問・顧客のどのシートにもない担当者です")


def test_a_departed_reps_prospects_are_not_accounts_nobody_holds(
    book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """退職 太郎 worked until 2025-12 (gone on the as-of date 2026-10-31): 6 cold visits to
    5 prospect codes (M00001…M00005) that never ordered and are not on Accounts, and one
    order from a customer N0001 not on Accounts either. Only N0001 waits for a rep; the 5
    prospects are one line (before: 6 accounts nobody holds, the manager asked to type
    each)."""
    with edit(book) as wb:
        visits, orders = wb["Visits"], wb["Orders"]
        v, o = visits.max_row, orders.max_row
        for i in range(6):
            code = f"M{i % 5 + 1:05d}"
            for c, value in enumerate(
                [datetime(2025, 12, 1 + i), "退職 太郎", code, "アポ", "失敗"]
            ):
                visits.cell(v + 1 + i, c + 1, value)
        for c, value in enumerate([datetime(2025, 12, 10), "N0001", "退職 太郎", 50_000, 1]):
            orders.cell(o + 1, c + 1, value)
    doc = recalc(book, capsys)
    said = [str(c["problem"]) for c in doc["checks"]]  # type: ignore[union-attr]
    orphans = [t for t in said if "今の担当者が分からない顧客" in t]
    assert orphans and all("1 件" in t and "N0001" in t and "M0000" not in t for t in orphans)
    plan = [str(c[4]) for c in checks_sheet(book, "Plan")]
    # Trial 49 V1: his アポ visits decide no holder, so the 5 prospect codes are no account
    # at all (neither waiting for a rep nor counted as his prospects on the Plan).
    assert not [t for t in plan if t.startswith("辞めた担当者の見込み客")]


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_words_meaning_drop_down_offers_kinds_and_outcomes_it_reads(
    tmp_path: Path, language: str
) -> None:
    """The template's Words sheet suggests both what a word may mean: a kind or an outcome
    (M1), and every suggestion is one the Words reader takes (schema.WORD_MEANINGS)."""
    from routekpi.io.template import write_template
    from routekpi.schema import WORD_MEANINGS, WORDS

    book = tmp_path / "t.xlsm"
    write_template(book, language)
    ws = openpyxl.load_workbook(book, keep_vba=True)[WORDS.name]
    col = [c.value for c in ws[1]].index(WORDS.column("kind").header(language)) + 1
    letter = openpyxl.utils.get_column_letter(col)
    ours = [
        dv
        for dv in ws.data_validations.dataValidation
        if dv.type == "list" and str(dv.sqref).startswith(f"{letter}2:")
    ]
    assert len(ours) == 1
    choices = ours[0].formula1.strip('"').split(",")
    expected = {
        "ja": ["訪問", "アポ", "商談", "成功", "失敗", "検討中"],
        "en": ["visit", "attempt", "meeting", "won", "lost", "open"],
    }[language]
    assert choices == expected
    known = {w.casefold() for words in WORD_MEANINGS.values() for w in words}
    known |= {k.casefold() for k in WORD_MEANINGS}
    assert all(c.casefold() in known for c in choices)
