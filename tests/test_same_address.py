"""A new account at a silent one's address ends the old one (trial 49 M2, 居抜き).

Trial 49: salon S11219 closed without a typed end and a new salon S12316 opened in the same
premises (master 住所 on both, 備考 「居抜き(旧 S11219)」); the old one kept a 「108日訪問なし」
warning and the new one was on the same rep's Daily the same day, while Checks said the
master's 住所 was not used. Now a master account that starts at the address of one with no
order since ends the old one the day after its last order (core.same_address), said on Checks.

The book (written and read back): rep 田中, plan year 2026 (April), one order a month on the
10th, as-of 2026-11-10; 住所 typed in column I of Accounts:

- 2001 (since 2020) orders to 2026-06-10 at 「横浜市戸塚区戸塚町1-1-14」; 2002 starts there
  2026-08-01, typed 「横浜市戸塚区戸塚町１－１－１４」 (full width): 2001 ends 2026-06-11 (silent
  153 days, before the lapse rule's 180);
- 2003 (since 2020) and 2004 (from 2026-03) both order to 2026-11 at 「中野区中野3-27-5」: two
  shops at one address, untouched;
- 2005 orders to 2026-07-10 at 「台東区浅草 4-1-6」; 2006 typed from 2026-09-01 at
  「台東区浅草4‐1‐6」 (U+2010) but first ordered 2026-07-05, before 2005's last: untouched;
- 2007 orders to 2026-05-10, end typed 2026-05-31, at 「墨田区錦糸5-2-15」; 2008 starts there
  2026-07-01: the typed end stands.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from routekpi.core.same_address import address_key, same_address_ends
from routekpi.messages import text
from routekpi.pipeline import compute_file
from tests.workbook_files import edit, pasted_book

AS_OF = date(2026, 11, 10)
# code: (start, first order month, last order month, typed end, address)
ACCOUNTS: dict[str, tuple[date, str, str, date | None, str]] = {
    "2001": (date(2020, 1, 1), "2023-04", "2026-06", None, "横浜市戸塚区戸塚町1-1-14"),
    "2002": (date(2026, 8, 1), "2026-08", "2026-11", None, "横浜市戸塚区戸塚町１－１－１４"),
    "2003": (date(2020, 1, 1), "2023-04", "2026-11", None, "中野区中野3-27-5"),
    "2004": (date(2026, 3, 1), "2026-03", "2026-11", None, "中野区中野3-27-5"),
    "2005": (date(2020, 1, 1), "2023-04", "2026-07", None, "台東区浅草 4-1-6"),
    "2006": (date(2026, 9, 1), "2026-07", "2026-11", None, "台東区浅草4‐1‐6"),
    "2007": (date(2020, 1, 1), "2023-04", "2026-05", date(2026, 5, 31), "墨田区錦糸5-2-15"),
    "2008": (date(2026, 7, 1), "2026-07", "2026-11", None, "墨田区錦糸5-2-15"),
    "2009": (date(2020, 1, 1), "2023-04", "2026-11", None, "中野区中野1-21-6"),
    "2010": (date(2020, 1, 1), "2023-04", "2026-11", None, "江東区亀戸2-7-8"),
}


def _book(path: Path) -> Path:
    orders: list[list[object]] = []
    visits: list[list[object]] = []
    for m in pd.date_range("2023-04-01", "2026-11-01", freq="MS"):
        month = m.strftime("%Y-%m")
        for code, (_, first, last, _, _) in ACCOUNTS.items():
            if not first <= month <= last:
                continue
            # 2006's first order on the 5th, before 2005's last (the 10th).
            day = (m + pd.Timedelta(days=4 if code == "2006" else 9)).date()
            orders.append([day, code, "田中", 1000 + int(code[-2:]), 1, None])
            visits.append([day, "田中", code, "訪問", None])
    rows = {
        "Orders": orders,
        "Visits": visits,
        "Accounts": [
            [code, f"サロン{code}", "田中", start, end, None, None]
            for code, (start, _, _, end, _) in ACCOUNTS.items()
        ],
    }
    pasted_book(path, rows, kgi=200_000, plan_year=2026, start_month=4, as_of=None)
    with edit(path) as wb:
        ws = wb["Accounts"]
        ws["I1"] = "住所"
        for row in range(2, 2 + len(ACCOUNTS)):
            ws.cell(row, 9).value = ACCOUNTS[str(ws.cell(row, 1).value)][4]
    return path


def test_address_key_folds_width_spaces_and_hyphens() -> None:
    assert address_key("横浜市戸塚区戸塚町１－１－１４") == "横浜市戸塚区戸塚町1-1-14"
    assert address_key("台東区浅草 4‐1‐6") == address_key("台東区浅草4-1-6") == "台東区浅草4-1-6"
    assert address_key("中野区中野3ー27ー5") == "中野区中野3-27-5"  # ー between digits
    assert address_key("センター ビル") == "センタービル"  # a long-vowel mark in a word stays
    assert address_key("1丁目1番14号") != address_key("1-1-14")  # exact after folding
    assert address_key("  ") is None and address_key(None) is None
    # The shared folding (contract.fold, fix50b): a building's letters in either case or width.
    assert address_key("渋谷区神南1-2-3 ＡＢＣビル") == address_key("渋谷区神南1-2-3 abcビル")


def test_a_new_account_at_a_silent_ones_address_ends_it(tmp_path: Path) -> None:
    (result, checks, _, _), _ = compute_file(_book(tmp_path / "book.xlsm"))
    ends = result.history.accounts.drop_duplicates("account", keep="last").set_index("account")
    assert ends.loc["2001", "end"] == pd.Timestamp("2026-06-11")  # the day after its last order
    for code in ("2002", "2003", "2004", "2005", "2006", "2008", "2009", "2010"):
        assert pd.isna(ends.loc[code, "end"]), code
    assert ends.loc["2007", "end"] == pd.Timestamp("2026-05-31")  # typed: stands
    assert "address" not in result.history.accounts.columns  # nothing else reads it
    [said] = [c for c in checks if c.problem == "same_address_closed"]
    assert said.severity == "info"
    assert said.params == {"count": 1, "pairs": "2001 → 2002(横浜市戸塚区戸塚町1-1-14、2026-06-11)"}
    assert "同じ住所で新しい顧客が取引を始め" in text(said.problem, "ja", **said.params)
    assert "same address" in text(said.problem, "en", **said.params)
    # 住所 is read now: no 「使いません」 line names it.
    unused = [c for c in checks if "unused" in c.problem and "住所" in str(c.params)]
    assert unused == []


def test_same_address_ends_on_frames() -> None:
    """The core rule on frames: the earliest new account after the old one's last order names
    the pair; an old account without an order is left alone."""
    accounts = pd.DataFrame(
        {
            "account": ["A", "B", "C", "D"],
            "rep": "X",
            "start": pd.to_datetime(["2020-01-01", "2025-05-01", "2025-03-01", "2019-01-01"]),
            "end": pd.NaT,
            "address": ["X町1-2", "X町1－2", "X町 1-2", "X町1-2"],
        }
    )
    first = pd.Series(pd.to_datetime(["2020-01-10", "2025-05-10", "2025-03-10"]), index=list("ABC"))
    last = pd.Series(pd.to_datetime(["2025-02-20", "2025-11-10", "2025-11-10"]), index=list("ABC"))
    out, moved = same_address_ends(accounts, first, last, pd.Timestamp("2025-12-01"))
    assert [(m.old, m.new, m.end) for m in moved] == [("A", "C", pd.Timestamp("2025-02-21"))]
    assert out.set_index("account")["end"].isna().to_dict() == {
        "A": False,
        "B": True,
        "C": True,
        "D": True,  # no order to date it by
    }
    # Nothing at the as-of date before the new one began.
    _, none = same_address_ends(accounts, first, last, pd.Timestamp("2025-02-28"))
    assert none == []


@pytest.mark.parametrize("column", ["備考", "営業所"])
def test_no_address_column_changes_nothing(column: str) -> None:
    accounts = pd.DataFrame(
        {"account": ["A"], "rep": "X", "start": pd.Timestamp("2020-01-01"), "end": pd.NaT}
    ).assign(**{column: "x"})
    out, moved = same_address_ends(
        accounts,
        pd.Series(dtype="datetime64[ns]"),
        pd.Series(dtype="datetime64[ns]"),
        pd.Timestamp("2025-01-01"),
    )
    assert moved == [] and out is accounts


def _rows() -> dict[str, list[list[object]]]:
    """The same history as header + rows (dates as text), for the Sources files."""
    orders: list[list[object]] = [["受注日", "得意先コード", "担当者", "金額", "数量"]]
    for m in pd.date_range("2023-04-01", "2026-11-01", freq="MS"):
        month = m.strftime("%Y-%m")
        for code, (_, first, last, _, _) in ACCOUNTS.items():
            if first <= month <= last:
                day = (m + pd.Timedelta(days=4 if code == "2006" else 9)).date()
                orders.append([day.isoformat(), code, "田中", 1000 + int(code[-2:]), 1])
    accounts: list[list[object]] = [
        ["得意先コード", "得意先名", "担当者", "取引開始日", "解約日", "住所"]
    ]
    for code, (start, _, _, end, address) in ACCOUNTS.items():
        ended = end.isoformat() if end else ""
        accounts.append([code, f"サロン{code}", "田中", start.isoformat(), ended, address])
    return {"Orders": orders, "Accounts": accounts}


def test_a_master_file_reads_the_address_alike(tmp_path: Path) -> None:
    """The master and orders as files named on the Sources sheet (sources.assemble)."""
    from tests.workbook_files import csv_history, sources_or_pasted_book

    csv_history(tmp_path, _rows())
    book = sources_or_pasted_book(
        tmp_path / "sourced.xlsm", None, 200_000, plan_year=2026, sheets=("Orders", "Accounts")
    )
    (result, checks, _, _), _ = compute_file(book)
    ends = result.history.accounts.drop_duplicates("account", keep="last").set_index("account")
    assert ends.loc["2001", "end"] == pd.Timestamp("2026-06-11")
    assert pd.isna(ends.loc["2003", "end"]) and pd.isna(ends.loc["2005", "end"])
    assert ends.loc["2007", "end"] == pd.Timestamp("2026-05-31")
    [said] = [c for c in checks if c.problem == "same_address_closed"]
    assert said.params["pairs"] == "2001 → 2002(横浜市戸塚区戸塚町1-1-14、2026-06-11)"


def test_a_buildings_steady_tenants_stay_when_a_new_one_moves_in(tmp_path: Path) -> None:
    """An address typed without its room number is one address for a building's tenants
    (review49b): 3001 and 3003 order every month (the 10th, the 15th) to 2026-10; 3002 starts
    there 2026-10-20 and orders 10-25 and 11-04 (the as-of date). Silent 25 and 20 days, less
    than ``QUIET_FLOOR_DAYS`` (60) and two mean gaps (~61 days): neither is ended."""
    orders: list[list[object]] = []
    for m in pd.date_range("2023-04-01", "2026-10-01", freq="MS"):
        for code, day in (("3001", 9), ("3003", 14)):
            orders.append([(m + pd.Timedelta(days=day)).date(), code, "田中", 5000, 1, None])
    for d in (date(2026, 10, 25), date(2026, 11, 4)):
        orders.append([d, "3002", "田中", 4000, 1, None])
    visits = [[o[0], "田中", o[1], "訪問", None] for o in orders]
    accounts = [
        [code, f"テナント{code}", "田中", start, None, None, None]
        for code, start in (
            ("3001", date(2020, 1, 1)),
            ("3002", date(2026, 10, 20)),
            ("3003", date(2020, 1, 1)),
        )
    ]
    path = tmp_path / "building.xlsm"
    rows = {"Orders": orders, "Visits": visits, "Accounts": accounts}
    pasted_book(path, rows, kgi=200_000, plan_year=2026, start_month=4, as_of=None)
    with edit(path) as wb:
        ws = wb["Accounts"]
        ws["I1"] = "住所"
        for row in range(2, 5):
            ws.cell(row, 9).value = "千代田区丸の内1-1-1 丸の内ビル"
    (result, checks, _, _), _ = compute_file(path)
    assert result.evidence.as_of == date(2026, 11, 4)
    ends = result.history.accounts.drop_duplicates("account", keep="last").set_index("account")
    assert ends["end"].isna().all()
    assert [c for c in checks if c.problem == "same_address_closed"] == []


def test_the_old_one_silent_two_of_its_gaps() -> None:
    """A customer ordering every quarter (5 order days 2025-01-10 … 2026-01-10: a mean gap of
    91.25 days), silent 70 days at 2026-03-21 when a new one began at its address 2026-02-01:
    past the 60-day floor, short of two gaps (182.5 days), so not ended with its order days
    known; ended at 2026-07-12 (183 days); without the order days, the floor alone ends it."""
    accounts = pd.DataFrame(
        {
            "account": ["Q", "N"],
            "rep": "X",
            "start": pd.to_datetime(["2020-01-01", "2026-02-01"]),
            "end": pd.NaT,
            "address": ["X町1-2", "X町1-2"],
        }
    )
    first = pd.Series(pd.to_datetime(["2025-01-10", "2026-02-05"]), index=["Q", "N"])
    last = pd.Series(pd.to_datetime(["2026-01-10", "2026-03-20"]), index=["Q", "N"])
    days = pd.Series([5, 3], index=["Q", "N"])
    _, moved = same_address_ends(accounts, first, last, pd.Timestamp("2026-03-21"), days)
    assert moved == []
    _, moved = same_address_ends(accounts, first, last, pd.Timestamp("2026-07-12"), days)
    assert [(m.old, m.new, m.end) for m in moved] == [("Q", "N", pd.Timestamp("2026-01-11"))]
    _, moved = same_address_ends(accounts, first, last, pd.Timestamp("2026-03-21"))
    assert [m.old for m in moved] == ["Q"]


def _quarterly_rows() -> dict[str, list[list[object]]]:
    """Q orders every third month on the 10th, 2023-04 … 2026-07 (14 order days, a mean gap
    of ~91 days); N starts at Q's address 2026-08-01 and orders monthly to 2026-11-10 (the
    as-of date); R, elsewhere, monthly throughout. Q is silent 123 days: past the 60-day
    floor, short of two mean gaps (~182 days)."""
    orders: list[list[object]] = [["受注日", "得意先コード", "担当者", "金額", "数量"]]
    for i, m in enumerate(pd.date_range("2023-04-01", "2026-11-01", freq="MS")):
        day = (m + pd.Timedelta(days=9)).date().isoformat()
        orders.append([day, "R", "田中", 3000, 1])
        if i % 3 == 0 and day <= "2026-07-10":
            orders.append([day, "Q", "田中", 9000, 1])
        if day >= "2026-08-01":
            orders.append([day, "N", "田中", 2000, 1])
    accounts: list[list[object]] = [
        ["得意先コード", "得意先名", "担当者", "取引開始日", "解約日", "住所"],
        ["Q", "理容Q", "田中", "2020-01-01", "", "品川区大井1-2-3"],
        ["N", "美容室N", "田中", "2026-08-01", "", "品川区大井1-2-3"],
        ["R", "サロンR", "田中", "2020-01-01", "", "品川区大井9-9-9"],
    ]
    return {"Orders": orders, "Accounts": accounts}


@pytest.mark.parametrize("files", [False, True], ids=["sheets", "files"])
def test_a_quarterly_buyer_is_not_closed_within_two_of_its_gaps(
    tmp_path: Path, files: bool
) -> None:
    """The order days counted on both paths (sheets: validation; files: sql/order_spans.sql)
    give Q's mean gap: silent 123 days of two gaps (~182), it stays open."""
    from tests.workbook_files import csv_history, sources_or_pasted_book

    rows = _quarterly_rows()
    if files:
        csv_history(tmp_path, rows)
    book = sources_or_pasted_book(
        tmp_path / "q.xlsm",
        None if files else rows,
        100_000,
        plan_year=2026,
        sheets=("Orders", "Accounts"),
    )
    (result, checks, _, _), _ = compute_file(book)
    assert result.evidence.as_of == date(2026, 11, 10)
    ends = result.history.accounts.drop_duplicates("account", keep="last").set_index("account")
    assert pd.isna(ends.loc["Q", "end"])
    assert [c for c in checks if c.problem == "same_address_closed"] == []
