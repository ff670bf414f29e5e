"""An ERP migration that renumbered every account (trial 48 H2/H3/M1).

The new customer master keeps each account's old code (旧得意先コード) and gives the
conversion day 2025-07-01 as the start of every account it carried over. The order and
visit lines before it carry the old codes (T-1001 …), those after the new ones (1001 …).
Read as typed, every old account was lost at the migration and won again that day; read
with the old codes and the first orders it is the same book as the history typed with the
new codes throughout.

The book: one order a month on the 10th (¥100 … ¥400) and one visit on the 12th, 2024-01 …
2026-11, rep 田中, fiscal year April–March, plan year 2026 (FY2026 = 2026-04 … 2027-03):

- 1001, 1002, 1003 from 2024-01 (old codes T-1001 … T-1003 before 2025-07);
- 1003 stops after 2025-12 (last order 2025-12-10; end typed 2026-01-01);
- 1004 won 2025-10 (first order 2025-10-10; its start typed 2025-10-01, no old code);
- T-0999 ordered 2024-01 … 2024-12 and ended before the migration: the new master does not
  list it (the reference master types it: start 2023-12-31, end 2024-12-11).

The customers of 2024-01 were held before the history begins: the reference master types
their start 2023-12-31 (a date before it). The renumbered book cannot know more: their
first orders lie in the history's first 180 days, where a first order cannot tell a customer
held before it from one won that day, so they are held from the month-end before the
history, 2023-12-31, as the lapse rule reads customers without a master (realism52b).

By hand, FY2024 (2024-04 … 2025-03): won 0, lost 1 (T-0999), open on 2024-04-01 4, kept 3:
retention 3 / 4. FY2025 (2025-04 … 2026-03): won 1 (1004), lost 1 (1003); open on
2025-04-01 3 (1001–1003), 2 still open on 2026-03-31: retention 2 / 3.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from routekpi.messages import text
from routekpi.pipeline import compute_file
from routekpi.sources import SourceRef
from tests.workbook_files import edit, pasted_book

MIGRATION = date(2025, 7, 1)
AMOUNT = {"1001": 100, "1002": 200, "1003": 300, "1004": 400, "T-0999": 50}
FIRST = {"1001": "2024-01", "1002": "2024-01", "1003": "2024-01", "1004": "2025-10"}
FIRST["T-0999"] = "2024-01"
LAST = {"1003": "2025-12", "T-0999": "2024-12"}
END = {"1003": date(2026, 1, 1), "T-0999": date(2024, 12, 11)}
HELD = date(2023, 12, 31)  # held from before the history (module doc)
TRUE_START = {"1001": HELD, "1002": HELD, "1003": HELD, "T-0999": HELD}
CLOSED = "T-0999"  # never renumbered: on the reference master only
# On neither master, ordering 2026-01 … 2026-03 (after the migration): an unknown account.
STRAY = "9999"


def _code(account: str, day: date, renumbered: bool) -> str:
    """The code a line carries: the old one before the migration in the renumbered book."""
    return f"T-{account}" if renumbered and day < MIGRATION and account != CLOSED else account


def _rows(renumbered: bool, stray: bool) -> tuple[list[list[object]], list[list[object]]]:
    orders: list[list[object]] = []
    visits: list[list[object]] = []
    for m in pd.date_range("2024-01-01", "2026-11-01", freq="MS"):
        for account, amount in AMOUNT.items():
            month = m.strftime("%Y-%m")
            if month < FIRST[account] or month > LAST.get(account, "9999"):
                continue
            day, seen = (m + pd.Timedelta(days=9)).date(), (m + pd.Timedelta(days=11)).date()
            orders.append([day, _code(account, day, renumbered), "田中", amount, 1, None])
            visits.append([seen, "田中", _code(account, seen, renumbered), "訪問", None])
        if stray and "2026-01" <= m.strftime("%Y-%m") <= "2026-03":
            orders.append([(m + pd.Timedelta(days=14)).date(), STRAY, "田中", 70, 1, None])
    return orders, visits


def book(
    path: Path, renumbered: bool, old: dict[str, str] | None = None, stray: bool = False
) -> Path:
    """The history above. ``renumbered``: old codes before the migration, the master's
    start the conversion day and its old codes in column I (``old``: those instead);
    else the new codes throughout and each account's true start. ``stray``: with ``STRAY``'s
    orders (kept out of the smaller books, where 4 typed of 6 customers is no master)."""
    orders, visits = _rows(renumbered, stray)
    accounts = []
    for account in AMOUNT:
        if renumbered and account == CLOSED:
            continue
        start = TRUE_START.get(account, date(2025, 10, 1))
        if renumbered and account in TRUE_START:
            start = MIGRATION
        accounts.append([account, f"顧客{account}", "田中", start, END.get(account), None, None])
    rows = {"Orders": orders, "Visits": visits, "Accounts": accounts}
    pasted_book(path, rows, kgi=12_000, plan_year=2026, start_month=4, as_of=None)
    if renumbered:
        codes = {a: f"T-{a}" for a in TRUE_START if a != CLOSED} if old is None else old
        with edit(path) as wb:
            ws = wb["Accounts"]
            ws["I1"] = "旧得意先コード"
            for row in range(2, 2 + len(accounts)):
                ws.cell(row, 9).value = codes.get(str(ws.cell(row, 1).value))
    return path


def _master_csv(path: Path, folder: Path) -> dict[str, SourceRef]:
    """The book's Accounts sheet as the ERP exports it (cp932 CSV), named as a source."""
    import python_calamine

    sheet = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Accounts")
    grid = [r[:9] for r in sheet.to_python() if any(v != "" for v in r)]
    master = folder / "新ERP_得意先マスタ.csv"
    frame = pd.DataFrame(grid[1:], columns=grid[0])
    for column in frame.columns[3:5]:  # the dates as the ERP writes them (2025/07/01)
        frame[column] = [
            v.strftime("%Y/%m/%d") if isinstance(v, date) else v for v in frame[column]
        ]
    frame.to_csv(master, index=False, encoding="cp932")
    return {"Accounts": SourceRef("Accounts", str(master))}


def _flows(path: Path, sources: dict[str, SourceRef] | None = None) -> tuple[object, list]:
    (result, checks, _, _), _ = compute_file(path, sources=sources)
    return result, checks


def _fy_counts(accounts: pd.DataFrame, year: int) -> tuple[int, int, float]:
    """A fiscal year's wins, losses and retention, counted from the accounts' starts and ends."""
    start, end = pd.to_datetime(accounts["start"]), pd.to_datetime(accounts["end"])
    a, b = pd.Timestamp(f"{year}-04-01"), pd.Timestamp(f"{year + 1}-03-31")
    won = int(((start >= a) & (start <= b)).sum())
    lost = int(((end >= a) & (end <= b)).sum())
    open_at = (start < a) & (end.isna() | (end >= a))
    kept = open_at & (end.isna() | (end > b))
    return won, lost, float(kept.sum() / open_at.sum())


@pytest.mark.parametrize("from_file", [False, True])
def test_old_codes_and_conversion_starts_read_as_the_new_codes_throughout(
    tmp_path: Path, from_file: bool
) -> None:
    ref = book(tmp_path / "ref.xlsm", renumbered=False, stray=True)
    moved = book(tmp_path / "moved.xlsm", renumbered=True, stray=True)
    sources = _master_csv(moved, tmp_path) if from_file else None
    want, _ = _flows(ref)
    got, checks = _flows(moved, sources)
    accounts = got.history.accounts.set_index("account").sort_index()
    assert _fy_counts(accounts.reset_index(), 2024) == (0, 1, pytest.approx(3 / 4))
    assert _fy_counts(accounts.reset_index(), 2025) == (1, 1, pytest.approx(2 / 3))
    expected = want.history.accounts.set_index("account").sort_index()
    assert list(accounts.index) == ["1001", "1002", "1003", "1004", "T-0999"]
    assert list(accounts["start"]) == list(expected["start"])
    assert accounts["end"].astype(str).tolist() == expected["end"].astype(str).tolist()
    # Every KPI's baseline and plan as in the book typed with the new codes.
    pd.testing.assert_frame_equal(got.evidence.base, want.evidence.base)
    pd.testing.assert_frame_equal(got.plan.fy, want.plan.fy)
    # Said once each: 18 order and 18 visit lines of 3 accounts (2024-01 … 2025-06) moved;
    # three starts taken back to 2024-01-10, the first named at its row.
    [said] = [c for c in checks if c.problem == "accounts_renumbered"]
    assert (said.params["count"], said.params["orders"], said.params["visits"]) == (3, 54, 54)
    assert said.params["column"] == "旧得意先コード"
    [start] = [c for c in checks if c.problem == "start_after_first_order"]
    assert start.params["count"] == 3 and start.row == 2
    assert (start.params["example"], start.params["start"], start.params["first"]) == (
        "1001",
        "2025-07-01",
        "2024-01-10",
    )
    assert "最初の受注日を取引開始日として" in text(start.problem, "ja", **start.params)
    # Those four first ordered 2024-01-10, in the history's first 180 days: held from
    # 2023-12-31, and the wins read from 2024-08 (2024-01-10 + 180 days = 2024-07-08).
    [held] = [c for c in checks if c.problem == "starts_held_before_history"]
    assert (held.params["count"], held.params["held"], held.params["month"]) == (
        4,
        "2023-12-31",
        "2024-08",
    )
    assert held.params["edge"] == "2024-07-07"
    assert "2023-12-31 以前からの顧客" in text(held.problem, "ja", **held.params)
    assert got.history.starts_from_orders and not want.history.starts_from_orders
    # 9999 ordered after the last old-code line (2025-06-12): no account that ended before
    # the migration, still unknown, as in the reference book.
    assert {c.value for c in checks if c.problem == "unknown_account"} == {STRAY}
    assert not [c for c in checks if "旧得意先コード" in str(c.value)]  # no 「使いません」
    # T-0999: no new code, its last order 2024-12-10 before the old codes' last day.
    [closed] = [c for c in checks if c.problem == "accounts_closed_before_renumbering"]
    assert (closed.params["count"], closed.params["example"]) == (1, "T-0999")
    assert closed.params["last"] == "2024-12-10"
    assert accounts.at["T-0999", "rep"] == "田中"


def test_a_master_without_the_old_codes_is_read_as_before(tmp_path: Path) -> None:
    """The same renumbered history with the old-code column left empty: the old codes are
    unknown accounts (each said at its first line; T-0999 too: with no old code read there
    is no migration to have closed it), and the starts stay the conversion day (the first
    order under the new code, 2025-07-10, is after it)."""
    moved = book(tmp_path / "moved.xlsm", renumbered=True, old={})
    got, checks = _flows(moved)
    unknown = {c.value for c in checks if c.problem == "unknown_account"}
    assert unknown == {"T-1001", "T-1002", "T-1003", "T-0999"}
    assert not [c for c in checks if c.problem == "accounts_renumbered"]
    accounts = got.history.accounts.set_index("account")
    assert pd.Timestamp(accounts.at["1001", "start"]) == pd.Timestamp("2025-07-01")
    assert not [c for c in checks if c.problem == "start_after_first_order"]


def test_unsafe_old_codes_are_named_and_not_read(tmp_path: Path) -> None:
    """1002's old code typed as 1001 (some account's current code) and 1003 given 1001's
    old code too: neither is read, each said at its row (I3, I4); T-1001's lines stay
    unknown (1001 and 1003 both claim them), T-1002's and T-1003's likewise."""
    old = {"1001": "T-1001", "1002": "1001", "1003": "T-1001"}
    moved = book(tmp_path / "moved.xlsm", renumbered=True, old=old)
    _, checks = _flows(moved)
    [current] = [c for c in checks if c.problem == "old_account_is_current"]
    assert (current.sheet, current.row, current.value) == ("Accounts", 3, "1001")
    assert current.column.endswith("旧得意先コード") and current.params["other"] == 2
    [shared] = [c for c in checks if c.problem == "old_account_shared"]
    assert (shared.row, shared.value, shared.params["first"]) == (4, "T-1001", 2)
    assert "2行目の顧客にも" in text(shared.problem, "ja", **shared.params)
    unknown = {c.value for c in checks if c.problem == "unknown_account"}
    assert unknown == {"T-1001", "T-1002", "T-1003", "T-0999"}
    assert not [c for c in checks if c.problem == "accounts_renumbered"]


def test_a_start_after_a_long_silence_is_taken_back_too() -> None:
    """earlier_starts by hand: A first ordered 2023-07-05 and was silent 2024-10 … 2025-06,
    typed start 2025-07-01 (a conversion day): start 2023-07-05; B's typed start 2025-08-01
    is before its first order 2025-08-20: kept; C never ordered: kept. One warning, at A's row."""
    from routekpi.validation.renumbered import earlier_starts, order_spans

    orders = pd.DataFrame(
        {
            "account": ["A", "A", "A", "B"],
            "date": pd.to_datetime(["2023-07-05", "2024-09-30", "2025-07-03", "2025-08-20"]),
        }
    )
    accounts = pd.DataFrame(
        {
            "account": ["A", "B", "C"],
            "start": pd.to_datetime(["2025-07-01", "2025-08-01", "2025-09-01"]),
        }
    )
    out, said = earlier_starts(
        accounts, order_spans(orders, accounts), {"A": 7, "B": 8, "C": 9}, {"start": "E 取引開始日"}
    )
    assert [str(d.date()) for d in out["start"]] == ["2023-07-05", "2025-08-01", "2025-09-01"]
    [check] = said
    assert (check.row, check.column, check.value, check.params["count"]) == (
        7,
        "E 取引開始日",
        "2025-07-01",
        1,
    )


@pytest.mark.parametrize("from_file", [False, True])
def test_codes_without_their_zeros_are_no_account_that_ended_before(
    tmp_path: Path, from_file: bool
) -> None:
    """review48: 0777 (on the master, start 2024-01-10, end 2025-04-01) ordered ¥80 on the
    10th of 2024-01 … 2025-03 in lines typed 777 (Excel cut the zero). Its last line is
    before the last old-code line (2025-06-12), yet 777 is 0777's, as in a book with no old
    codes: no second account 777 ended 2025-03-11. FY2024: still one loss (T-0999)."""
    from datetime import date as day_of

    from tests.workbook_files import edit

    moved = book(tmp_path / "moved.xlsm", renumbered=True, stray=True)
    with edit(moved) as wb:
        ws = wb["Orders"]
        for m in pd.date_range("2024-01-01", "2025-03-01", freq="MS"):
            ws.append([(m + pd.Timedelta(days=9)).date(), 777, "田中", 80, 1, None])
        wb["Accounts"].append(["0777", "顧客0777", "田中", day_of(2024, 1, 10), day_of(2025, 4, 1)])
    sources = _master_csv(moved, tmp_path) if from_file else None
    got, checks = _flows(moved, sources)
    accounts = got.history.accounts
    assert sorted(accounts["account"].astype(str)) == [
        "0777",
        "1001",
        "1002",
        "1003",
        "1004",
        CLOSED,
    ]
    assert _fy_counts(accounts, 2024) == (0, 1, pytest.approx(4 / 5))
    [closed] = [c for c in checks if c.problem == "accounts_closed_before_renumbering"]
    assert closed.params["count"] == 1
    assert {c.value for c in checks if c.problem == "account_zeros_dropped"} == {"777"}


@pytest.mark.parametrize("from_file", [False, True])
def test_an_old_code_given_to_two_accounts_stays_unknown_not_ended(
    tmp_path: Path, from_file: bool
) -> None:
    """review48: T-1002 typed as the old code of 1002 and of 1003 is not read (said at row
    4), and its lines, all before the last old-code line, stay an unknown account as the
    warning says — not a customer that ended before the migration (it read as one: a loss
    2025-06-11 beside 1002's win 2025-07-01). T-1003, typed nowhere, still reads as ended."""
    old = {"1001": "T-1001", "1002": "T-1002", "1003": "T-1002"}
    moved = book(tmp_path / "moved.xlsm", renumbered=True, old=old, stray=True)
    sources = _master_csv(moved, tmp_path) if from_file else None
    got, checks = _flows(moved, sources)
    accounts = set(got.history.accounts["account"].astype(str))
    assert "T-1002" not in accounts and {CLOSED, "T-1003"} <= accounts
    [shared] = [c for c in checks if c.problem == "old_account_shared"]
    assert "不明な顧客として一覧します" in text(shared.problem, "ja", **shared.params)
    assert {c.value for c in checks if c.problem == "unknown_account"} == {"T-1002", STRAY}
    [closed] = [c for c in checks if c.problem == "accounts_closed_before_renumbering"]
    assert closed.params["count"] == 2


@pytest.mark.parametrize("from_file", [False, True])
def test_old_codes_whose_zeros_excel_cut_are_read_too(
    tmp_path: Path, from_file: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """review48: the master types the old codes 0501 … 0503 as text; the old exports, opened
    in Excel, carry 501 … 503 (numbers). Read as the reference book: FY2024 retention 3 / 4,
    FY2025 one win and one loss (no line was read: every account lost and won again)."""

    def code(account: str, day: date, renumbered: bool) -> object:
        old = renumbered and day < MIGRATION and account != CLOSED
        return 500 + int(account[-1]) if old else account

    monkeypatch.setitem(globals(), "_code", code)  # this module's, as ``_rows`` reads it
    old = {"1001": "0501", "1002": "0502", "1003": "0503"}
    moved = book(tmp_path / "moved.xlsm", renumbered=True, old=old, stray=True)
    sources = _master_csv(moved, tmp_path) if from_file else None
    got, checks = _flows(moved, sources)
    accounts = got.history.accounts
    assert sorted(accounts["account"].astype(str)) == ["1001", "1002", "1003", "1004", CLOSED]
    assert _fy_counts(accounts, 2024) == (0, 1, pytest.approx(3 / 4))
    assert _fy_counts(accounts, 2025) == (1, 1, pytest.approx(2 / 3))
    [said] = [c for c in checks if c.problem == "accounts_renumbered"]
    assert (said.params["count"], said.params["orders"], said.params["visits"]) == (3, 54, 54)


@pytest.mark.parametrize("from_file", [False, True])
def test_a_start_is_taken_back_to_the_orders_of_its_zero_cut_code(
    tmp_path: Path, from_file: bool
) -> None:
    """zeros48: 0777 typed to start 2025-07-01 (the conversion day, no old code, no end),
    its orders ¥80 on the 10th of 2024-01 … 2026-11 all typed 777 (Excel cut the zero).
    777's orders are 0777's: its start is its first order, 2024-01-10, once the zeros are
    matched — not the conversion day, a win in FY2025 — and that first order lies in the
    history's first 180 days: held from before it, 2023-12-31 (module doc).

    By hand: FY2024 open on 2024-04-01 1001–1003, T-0999, 0777 (5), lost T-0999: won 0,
    lost 1, kept 4 / 5. FY2025: won 1 (1004 only), lost 1 (1003); open on 2025-04-01
    1001–1003 and 0777 (4), 3 still open: 3 / 4 (with 0777 won 2025-07-01: won 2, 2 / 3).
    Four starts taken back (1001–1003, 0777), said once at 1001's row."""
    from tests.workbook_files import edit

    moved = book(tmp_path / "moved.xlsm", renumbered=True, stray=True)
    with edit(moved) as wb:
        ws = wb["Orders"]
        for m in pd.date_range("2024-01-01", "2026-11-01", freq="MS"):
            ws.append([(m + pd.Timedelta(days=9)).date(), 777, "田中", 80, 1, None])
        wb["Accounts"].append(["0777", "顧客0777", "田中", MIGRATION, None])
    sources = _master_csv(moved, tmp_path) if from_file else None
    got, checks = _flows(moved, sources)
    accounts = got.history.accounts
    start = dict(
        zip(accounts["account"].astype(str), pd.to_datetime(accounts["start"]), strict=True)
    )
    assert start["0777"] == pd.Timestamp("2023-12-31")
    [held] = [c for c in checks if c.problem == "starts_held_before_history"]
    assert held.params["count"] == 5  # 1001–1003, 0777 and T-0999
    assert _fy_counts(accounts, 2024) == (0, 1, pytest.approx(4 / 5))
    assert _fy_counts(accounts, 2025) == (1, 1, pytest.approx(3 / 4))
    assert {c.value for c in checks if c.problem == "account_zeros_dropped"} == {"777"}
    [said] = [c for c in checks if c.problem == "start_after_first_order"]
    assert (said.params["count"], said.params["example"], said.row) == (4, "1001", 2)
    [closed] = [c for c in checks if c.problem == "accounts_closed_before_renumbering"]
    assert (closed.params["count"], closed.params["example"]) == (1, CLOSED)
    # Recalculated and read back: the Checks sheet says the four starts taken back.
    import python_calamine

    from routekpi.recalc import recalculate

    recalculate(moved, sources=sources)
    sheet = python_calamine.CalamineWorkbook.from_path(str(moved)).get_sheet_by_name("Checks")
    cells = [str(v) for row in sheet.to_python() for v in row]
    assert any("取引開始日が最初の受注より後の顧客 4 件" in v for v in cells)
