"""A stop for a missing required column offers every header routekpi accepts for it (the
schema's aliases, declared once), not the first few: trial15 typed 活動目 for 活動日 in a
Shift_JIS CRM export, and the list it was shown left out 活動日."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from routekpi.pipeline import RecalcError, compute_file
from routekpi.schema import ACCOUNTS, INPUT_SHEETS, ORDERS, VISITS, normalize_label
from routekpi.sources import SourceRef
from routekpi.validation.tables import accepted_headers


def test_a_typo_in_a_shift_jis_crm_header_offers_the_header_the_crm_uses(
    sample_book: Path, tmp_path: Path
) -> None:
    export = tmp_path / "crm_visits_sjis.csv"
    export.write_bytes(
        "活動目,営業担当,顧客コード,活動種別\n2026-11-30,佐藤,C1001,訪問\n".encode("cp932")
    )
    with pytest.raises(RecalcError) as err:
        compute_file(sample_book, sources={"Visits": SourceRef("Visits", str(export))})
    message = err.value.message
    assert message.startswith("「crm_visits_sjis.csv」に必須の列「訪問日 / Date」がありません")
    assert (
        "見出しを次のいずれかに変えてください: 訪問日・Date・日付・年月日・day・活動日・visit date"
        "・活動日時・日時・実施日・実施日時・訪問日時・活動開始日時・活動開始日・activity date"
        "・訪問開始・訪問開始日時・訪問開始日・作業日・作業日時"
        "(見出し: 活動目, 営業担当, 顧客コード, 活動種別)"
    ) in message


def test_every_required_column_lists_all_its_names_once() -> None:
    """Each name the header matcher accepts is offered (ja/en header and every alias), a
    spelling that matches alike (Date, date) once."""
    for spec in INPUT_SHEETS:
        for column in spec.columns:
            offered = accepted_headers(column).split("・")
            folded = [normalize_label(n) for n in offered]
            assert len(folded) == len(set(folded)), (spec.name, column.key, offered)
            for name in (column.ja, column.en, *column.aliases):
                assert normalize_label(name) in folded, (spec.name, column.key, name)
    assert accepted_headers(VISITS.column("date")).split("・")[:2] == ["訪問日", "Date"]


def _targets(path: Path, **kw: object) -> list[tuple[object, ...]]:
    computed, _ = compute_file(path, **kw)  # type: ignore[arg-type]
    t = computed.result.targets
    return list(t[["period", "rep", "kpi", "target"]].itertuples(index=False, name=None))


def test_a_customer_master_headed_code_is_read_as_the_account(
    sample_book: Path, tmp_path: Path
) -> None:
    """An exported master often heads its customer code 「code」/「コード」 (trial 31's
    accounts.csv): on Accounts that can only be the customer's, so the same master read from
    a file with that header gives the very targets of the book's own sheet."""
    sheet = openpyxl.load_workbook(sample_book, read_only=True)["Accounts"]
    rows = [list(r) for r in sheet.iter_rows(values_only=True) if any(v is not None for v in r)]
    assert rows[0][0] == "顧客コード"
    master = tmp_path / "customers.csv"
    rows[0][0] = "code"
    pd.DataFrame(rows[1:], columns=rows[0]).to_csv(master, index=False, encoding="utf-8")
    from_file = _targets(sample_book, sources={"Accounts": SourceRef("Accounts", str(master))})
    assert from_file == _targets(sample_book)
    # Where a code may be the product's (Orders) it stays unknown: the stop names the column.
    assert "code" not in [normalize_label(a) for a in ORDERS.column("account").aliases]
    assert "code" in [normalize_label(a) for a in ACCOUNTS.column("account").aliases]


@pytest.mark.parametrize(
    ("headers", "encoding"),
    [
        # Trial 34: a vending route's master (設置場所 a location's name, 撤去日 its end).
        (["ロケーションコード", "設置場所", "担当", "設置日", "撤去日"], "utf-8"),
        # Trial 40: a pharmaceutical wholesaler's 得意先マスタ in cp932 says when a clinic
        # closed under 取引停止日 (listed unused, a closed clinic stayed on the Daily list).
        (["得意先コード", "得意先名", "担当者名", "取引開始日", "取引停止日"], "cp932"),
    ],
)
def test_a_master_under_its_own_headers_is_read_as_the_customer_master(
    sample_book: Path, tmp_path: Path, headers: list[str], encoding: str
) -> None:
    """Each header is the customer master's (code, name, rep, start, end): the sample's master
    under those headers gives the very targets of the book's own sheet — its end dates read,
    not listed among the unused columns while the lapse rule guesses them."""
    sheet = openpyxl.load_workbook(sample_book, read_only=True)["Accounts"]
    rows = [list(r) for r in sheet.iter_rows(values_only=True) if any(v is not None for v in r)]
    assert rows[0][:5] == ["顧客コード", "顧客名", "担当者", "取引開始日", "解約日"]
    assert any(r[4] is not None for r in rows[1:])  # the sample has ended accounts
    rows[0][:5] = headers
    master = tmp_path / "master.csv"
    pd.DataFrame(rows[1:], columns=rows[0]).to_csv(master, index=False, encoding=encoding)
    ref = {"Accounts": SourceRef("Accounts", str(master))}
    assert _targets(sample_book, sources=ref) == _targets(sample_book)
    computed, _ = compute_file(sample_book, sources=ref)
    assert not [c for c in computed.checks if headers[4] in str(c.params)]
