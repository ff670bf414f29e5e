"""An English book's output sheets speak English: every sentence, label and header.

The sample's accounts and holidays are named in Japanese (as a Japanese company's are, in
either language): those names, typed on the input sheets, may appear anywhere in a sentence,
whole or cut where a wrapped note broke its line. Any other Japanese is a message whose
English is missing or code that wrote Japanese itself. Counts of one read as English says
them ("overdue by 1 day", "1 check"), never "1 days".
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from routekpi.contract import InputError
from routekpi.io.samplebook import write_sample_workbook
from routekpi.messages import text
from routekpi.recalc import recalculate
from routekpi.schema import ORDERS, OUTPUTS
from routekpi.sources import SourceRef
from routekpi.validation.tables import note_kpi_checks
from tests.test_sources_sheets import _book, _external

JAPANESE_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]+")
ONE_PLURAL = re.compile(r"(?<![\d.,¥+\-−])\b1 (?:visits|days|checks|accounts|orders|rows)\b")


@pytest.fixture(scope="module")
def english_book(tmp_path_factory: pytest.TempPathFactory) -> openpyxl.Workbook:
    book = tmp_path_factory.mktemp("en") / "book.xlsm"
    write_sample_workbook(book, "en", seed=11, orders_rows=4_000)
    recalculate(book)
    return openpyxl.load_workbook(book)


def _typed_names(wb: openpyxl.Workbook) -> list[str]:
    """Every Japanese text on the sheets the user types (accounts, holidays, reps …)."""
    outputs = {o.name for o in OUTPUTS}
    return [
        v.strip()
        for ws in wb.worksheets
        if ws.title not in outputs
        for row in ws.iter_rows(values_only=True)
        for v in row
        if isinstance(v, str) and JAPANESE_RUN.search(v)
    ]


def _output_texts(wb: openpyxl.Workbook) -> list[tuple[str, str]]:
    return [
        (f"{ws.title}!{c.coordinate}", c.value)
        for o in OUTPUTS
        if o.name in wb.sheetnames
        for ws in (wb[o.name],)
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str)
    ]


def test_the_output_sheets_hold_no_japanese_but_typed_names(
    english_book: openpyxl.Workbook,
) -> None:
    names = sorted(set(_typed_names(english_book)), key=len, reverse=True)
    assert names  # the sample's accounts are named in Japanese: the check has work to do
    texts = _output_texts(english_book)
    sheets = {where.split("!")[0] for where, _ in texts}
    assert {"Dashboard", "Plan", "Targets", "Daily", "Review", "Flags", "Checks"} <= sheets
    leaks = []
    for where, value in texts:
        rest = value
        for name in names:
            rest = rest.replace(name, " ")
        # What is left: a name's piece where a wrapped line cut it, or a leak.
        left = [run for run in JAPANESE_RUN.findall(rest) if not any(run in n for n in names)]
        if left:
            leaks.append((where, value))
    assert leaks == []
    # The names do show up (on the Daily, Flags and Review): they were not all removed as leaks.
    assert any(n in v for _, v in texts for n in names[:50])


def test_a_count_of_one_is_said_in_the_singular(english_book: openpyxl.Workbook) -> None:
    found = [(w, v) for w, v in _output_texts(english_book) if ONE_PLURAL.search(v)]
    assert found == []
    daily = [v for w, v in _output_texts(english_book) if w.startswith("Daily!")]
    assert any(v.startswith("1 visit / capacity") for v in daily)  # a day of one visit


def test_one_is_singular_in_english_only() -> None:
    """Every English message gets it, not the Japanese, nor 11, 2.1 or ¥1."""
    assert text("daily.reason.overdue", "en", days=1, interval=1) == (
        "overdue by 1 day (usually every 1 day)"
    )
    assert text("daily.reason.overdue", "en", days=11, interval=2.1) == (
        "overdue by 11 days (usually every 2.1 days)"
    )
    assert text("recalc.input_problems", "en", count=1) == (
        "1 input problem listed on the Checks sheet"
    )
    assert (
        text("daily.reason.overdue", "ja", days=1, interval=1) == "訪問間隔超過 1日(通常 1日ごと)"
    )


def test_a_stop_and_a_check_name_columns_and_kpis_in_english(tmp_path: Path) -> None:
    """Two sentences built from the schema's names: a file with no header row lists the
    needed columns, a Notes row with an unknown KPI gives examples; in English, by their
    English names (they said 受注日・担当者… and 売上、稼働顧客数… in an English book)."""
    path = _book(tmp_path / "memo.xlsx", {"List": [["sales memo"], ["April was good"]]})
    with pytest.raises(InputError) as stop:
        _external({"Orders": SourceRef("Orders", str(path))})
    said = text(stop.value.key, "en", **stop.value.params)
    needed = ", ".join(c.en for c in ORDERS.columns if c.required)
    assert said.endswith(f"(needed: {needed})") and JAPANESE_RUN.search(said) is None
    assert "受注日" in text(stop.value.key, "ja", **stop.value.params)  # ja as before
    notes = pd.DataFrame({"kpi": ["Revenu"], "note": ["typo"]})
    (check,) = note_kpi_checks(notes, np.array([5]))
    said = text(check.problem, "en", **check.params)
    assert said.endswith(
        "e.g. Revenue, Active accounts, Visits per account (monthly), Orders per visit"
    )
    assert JAPANESE_RUN.search(said) is None


def test_an_unknown_word_lists_the_accepted_words_under_english_labels(tmp_path: Path) -> None:
    """An unknown outcome (a pasted file) and an unknown kind (a sheet) list what is accepted
    under English labels joined by commas in English: they said 成功(won): ○・◯・… there.
    The Japanese words themselves may stay: an export may type them."""
    from workbook_files import CORPUS

    from routekpi.io.reader import read_workbook
    from routekpi.render import check_message
    from routekpi.validation.tables import validate_inputs
    from tests.test_sources import _external as _external_sources
    from tests.test_sources import _orders_csv

    orders = _orders_csv(
        tmp_path / "o.csv", ["受注日,顧客コード,担当者,金額", "2025-04-01,C1,佐藤,100"], "utf-8"
    )
    visits = tmp_path / "v.csv"
    visits.write_text(
        "訪問日,担当者,顧客コード,種別,結果\n2025-04-01,佐藤,C1,訪問,要確認\n", encoding="utf-8"
    )
    refs = {"Orders": orders, "Visits": SourceRef("Visits", str(visits))}
    _, inputs = _external_sources(refs, {})
    (outcome,) = [c for c in inputs.checks if c.problem == "unknown_outcome_rows"]
    data = read_workbook(CORPUS / "visit_kinds_sfa.xlsm")
    checks = validate_inputs(data.sheets, date1904=data.date1904).checks
    kind = next(c for c in checks if c.problem == "unknown_choice_rows")
    for check, label in ((outcome, "won: won, "), (kind, "visit: visit, ")):
        said = check_message(check, "en")
        accepted = said.split("accepted — ")[1].split(". ")[0]
        assert accepted.startswith(label), said
        assert "(won)" not in accepted and "(visit)" not in accepted and "・" not in accepted
        assert "成功(won)" in check_message(check, "ja") or "訪問(visit)" in check_message(
            check, "ja"
        )  # ja as before


def test_folded_names_and_a_file_stop_are_quoted_and_joined_in_english(tmp_path: Path) -> None:
    """The folded-name examples came in 「」 and a file's tabs in ・ in English text (en42b)."""
    from routekpi.sources.tabular import _file_stop
    from routekpi.validation.tables import folded_names_params

    params = folded_names_params({"山田商店": ["㈱山田商店", "株式会社山田商店"], "B": ["B"]})
    assert params is not None
    said = text("account_from_name_folded", "en", column="Customer", **params)
    assert 'e.g. "㈱山田商店"="株式会社山田商店")' in said and "「" not in said
    assert "「㈱山田商店」=「株式会社山田商店」" in text(
        "account_from_name_folded", "ja", column="顧客名", **params
    )
    header = ["受注日", "顧客コード", "担当者"]  # no amount
    path = _book(tmp_path / "orders.xlsx", {"2025": [header, [date(2025, 5, 1), "C1", "佐藤"]]})
    with pytest.raises(InputError) as stop:
        _external({"Orders": SourceRef("Orders", str(path))})
    said = text(stop.value.key, "en", **stop.value.params)
    assert said.startswith("'orders.xlsx (2025)' lacks the required column(s) 'Amount'")
    assert "金額・Amount" not in said and "金額, Amount" in said, said
    # A stack of tabs is named with commas (sources.tabular._file_stop).
    params = {k: v for k, v in stop.value.params.items() if not k.startswith("file")}
    sheet_stop = InputError("missing_column_stop_found", sheet="Orders", **params)
    stacked = _file_stop(sheet_stop, "o.xlsx", "2025・2026")
    assert text(stacked.key, "en", **stacked.params).startswith("'o.xlsx (2025, 2026)' lacks")
    assert text(stacked.key, "ja", **stacked.params).startswith("「o.xlsx(2025・2026)」")


def test_the_tabs_a_source_was_read_from_are_comma_joined_in_english() -> None:
    """source_used_stacked_skipped said sheets '2025・2026' in English (en42b)."""
    from routekpi.sources.assemble import _source_used
    from routekpi.sources.base import Loaded

    loaded = Loaded(
        ORDERS, "v", "orders.xlsx", 12, sheets=("2025", "2026"), skipped_sheets=("メモ",)
    )
    check = _source_used(ORDERS, loaded)
    said = text(check.problem, "en", **check.params)
    assert "sheets '2025, 2026' one under another" in said and "・" not in said, said
    assert "Sheets 'メモ' were not read" in said
    assert "2025・2026" in text(check.problem, "ja", **check.params)  # ja as before
