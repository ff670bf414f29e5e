"""Words a manager reads after trial 48's re-run (words48).

N3: a stack across an ERP change, the old export lacking 数量 / 商品コード / 伝票区分 /
担当者コード, says per column what those rows lose and that an old system without the column is
fine — never only "give the files the same columns", which an old export cannot follow.
L5 follow-up: ``report --sheets Daily --rep NAME --days N`` prints a title of N days (the
temporary print copy's title cell; the master book is only read). L8 follow-up: the team
copy's 種類 names the unit-price flag 「取引単価の変化」, which says 上昇 as well as 低下.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from routekpi import schema
from routekpi.core.flags import REP_FLAGS
from routekpi.messages import MESSAGES, text
from routekpi.render_daily import HEAD_WIDTH, balanced_pieces
from routekpi.report import _outputs_only_copy, daily_rows_hidden, days_titled
from routekpi.share.copies import labelled_codes
from tests.test_sources_yearly import _csv, _external, _sources

pytest.importorskip("duckdb")


def test_an_old_export_without_the_new_columns_says_what_is_lost(tmp_path: Path) -> None:
    _csv(
        tmp_path / "old.csv",
        [["伝票日付", "得意先コード", "担当者", "金額"], ["2024-05-01", "C1", "佐藤 一郎", 100]],
    )
    _csv(
        tmp_path / "new.csv",
        [
            [
                "伝票日付",
                "伝票区分",
                "得意先コード",
                "担当者コード",
                "担当者名",
                "商品コード",
                "数量",
                "金額",
            ],
            ["2025-07-01", "売上", "C1", "E1", "佐藤 一郎", "W12", 2, 300],
        ],
    )
    _, checks = _external(
        tmp_path, _sources([["受注", "old.csv", None, None], ["受注", "new.csv", None, None]])
    )
    missing = {c.column: c for c in checks if c.problem == "source_part_column_missing"}
    assert set(missing) == {"数量", "商品コード", "伝票区分", "担当者コード"}
    assert all(c.sheet == "old.csv" and c.severity == "warn" for c in missing.values())
    ja = {k: text(c.problem, "ja", **c.params) for k, c in missing.items()}
    en = {k: text(c.problem, "en", **c.params) for k, c in missing.items()}
    fine = "旧システムの出力などで元々この列がなければ、このままで構いません"
    assert all(fine in said and "{" not in said for said in ja.values())
    assert all("If the old system never had this column" in s for s in en.values())
    assert "その期間の行は数量による価格改定の判定" in ja["数量"]
    assert "同じ商品どうしの単価の比較(価格改定の判定)には使いません" in ja["商品コード"]
    assert "金額が負の行を返品として差し引きます" in ja["伝票区分"]
    assert "担当者名で見分け" in ja["担当者コード"]
    assert "told by their names" in en["担当者コード"] and "{" not in en["担当者コード"]
    # Each consequence is said once, on its own column's row.
    assert sum("担当者名で見分け" in s for s in ja.values()) == 1


# --- report --days N: the Daily's printed title says N days, the master keeps its own --------


def _daily_book(path: Path, title: str) -> Path:
    """A Daily as recalc writes it: header, the title note, then rep × day rows (3 days)."""
    wb = openpyxl.Workbook()
    wb.active.title = "Plan"
    ws = wb.create_sheet("Daily")
    ws.append(["担当者", "日付", "順番"])
    ws.append([title])
    for rep in ("上野 美香", "中川 恵"):
        for day in (2, 4, 5):
            ws.append([rep, datetime(2026, 11, day), 1])
    wb.save(path)
    return path


@pytest.mark.parametrize(
    ("title", "days", "printed"),
    [
        ("11/2(月)から3営業日分の訪問計画。", 1, "11/2(月)から1営業日分の訪問計画。"),
        ("11/2(月)から3営業日分の訪問計画。", 2, "11/2(月)から2営業日分の訪問計画。"),
        ("11/2(月)から3営業日分の訪問計画。", 10, "11/2(月)から3営業日分の訪問計画。"),
        (
            "Visit plan for 3 working days from 11/2 (Mon): ",
            1,
            "Visit plan for 1 working day from 11/2 (Mon): ",
        ),
    ],
)
def test_the_print_copy_titles_the_days_it_prints(
    tmp_path: Path, title: str, days: int, printed: str
) -> None:
    book = _daily_book(tmp_path / "b.xlsx", title)
    before = book.read_bytes()
    hidden = daily_rows_hidden(book, "上野美香", days)
    copy = tmp_path / "copy.xlsx"
    _outputs_only_copy(book, copy, frozenset({"Daily"}), hidden, days)
    ws = openpyxl.load_workbook(copy)["Daily"]
    assert ws["A2"].value == printed
    shown = [r for r in range(3, 9) if not ws.row_dimensions[r].hidden]
    assert shown == [3, 4, 5][: min(days, 3)]
    assert book.read_bytes() == before  # the master is only read
    assert openpyxl.load_workbook(book)["Daily"]["A2"].value == title


def test_every_daily_title_as_recalc_wraps_it_is_retitled() -> None:
    """Each daily.span.* sentence, wrapped as the sheet's head rows wrap it (inline strings,
    as recalc writes them), keeps its count in its first row, and that row is retitled."""
    spans = [k for k in MESSAGES if k.startswith("daily.span.")]
    assert len(spans) >= 9
    values = {"days": 10, "first": "12/7(月)", "through": "12/4(金)", "as_of": "12/4(金)"}
    values |= {"today": "12/7(月)", "visits": "12/3(木)", "typed": "12/1(火)"}
    for key in spans:
        for language, one in (("ja", "から1営業日分の訪問計画"), ("en", "plan for 1 working day ")):
            first = balanced_pieces(text(key, language, **values), HEAD_WIDTH)[0]
            xml = f'<row r="2"><c r="A2" t="inlineStr"><is><t>{first}</t></is></c></row>'
            assert one in days_titled(xml.encode(), 1).decode(), (key, language, first)


# --- the unit-price flag's kind: neutral, as the flag says 上昇 or 低下 -----------------------


@pytest.mark.parametrize(
    ("lang", "kind", "sentence"),
    [
        ("ja", "取引単価の変化", "取引単価の上昇(直近3か月 ¥3,422、前年同期比 +3.0%)"),
        ("en", "Unit price change", "Unit price up (last 3 months ¥3,422, +3.0% on last year)"),
    ],
)
def test_the_team_copy_names_the_unit_price_flag_without_a_direction(
    tmp_path: Path, lang: str, kind: str, sentence: str
) -> None:
    header = [c.header(lang) for c in schema.OUTPUT_COLUMNS[schema.FLAGS.name]]
    flag = ["情報", "unit_price_declining", "unit_price", "チーム", "2026-10", "", sentence, ""]
    rows, columns = labelled_codes(schema.FLAGS.name, [header, flag], lang)
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(tmp_path / "team.xlsx")
    back = list(openpyxl.load_workbook(tmp_path / "team.xlsx").active.iter_rows(values_only=True))
    assert back[1][1] == kind and back[1][6] == sentence
    assert "低下" not in kind and "declin" not in kind
    # The code formulas and UDFs read is the same: only its label changed.
    assert "unit_price_declining" in REP_FLAGS and len(columns) == len(header)
