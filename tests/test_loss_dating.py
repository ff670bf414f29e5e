"""One rule for the end date nobody typed (trial 48 N1).

Trial 48's water routes moved ERP on 2025-07-01. The customers that closed before it are not
on the new master: they end the day after their last order (validation.renumbered
``closed_before``). The closures after it that nobody typed were ended by the lapse rule on its
own day, 180 days after the last order: so the untyped closures of 2026-01 … 06 counted in
FY2026 while nothing came into FY2025 from before the migration — FY2025 read 408 losses for
495, and 田村's retention flag 2.5× for a 1.5× rise. Now a customer master's account with no
end date that the lapse rule finds gone is dated as the other two are: the day after its last
order (core.lapse ``master_lapses``). The rule's days decide only *that* it has gone.

The book (written and read back): rep 田中, fiscal year April–March, plan year 2026, one order
a month on the 10th (¥100 … ¥800); old codes T-… before 2025-07-01, the new master's
conversion day 2025-07-01 as every carried account's start, no end date typed anywhere:

- 1001 … 1006 order 2023-04 … 2026-11 (as-of 2026-11-10);
- T-0901 orders to 2025-03-10 and T-0902 to 2025-05-10: closed before the migration, not on
  the new master: ended 2025-03-11 (FY2024) and 2025-05-11 (FY2025);
- 1007 orders to 2025-12-10 and 1008 to 2025-11-10, no end date: silent 335 and 365 days by
  the as-of date, past the rule's 180 days. Ended 2025-12-11 and 2025-11-11 (FY2025); on the
  rule's day they were 2026-06-08 and 2026-05-09 (FY2026).

By hand, FY2025 (2025-04-01 … 2026-03-31): open on 2025-04-01 1001 … 1008 and T-0902 (9);
lost T-0902, 1008, 1007 (3, as happened); retention 6 / 9. On the rule's day it read 1 lost,
8 / 9. FY2024: lost T-0901 (1) either way.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from routekpi.messages import text
from routekpi.pipeline import compute_file
from tests.workbook_files import edit, pasted_book

MIGRATION = date(2025, 7, 1)
AMOUNT = {f"{1000 + i}": 100 * i for i in range(1, 9)} | {"T-0901": 50, "T-0902": 60}
LAST = {"T-0901": "2025-03", "T-0902": "2025-05", "1007": "2025-12", "1008": "2025-11"}
GONE = ("T-0901", "T-0902")  # closed before the migration: not on the new master


def _code(account: str, day: date) -> str:
    return f"T-{account}" if day < MIGRATION and account not in GONE else account


def _book(path: Path) -> Path:
    orders: list[list[object]] = []
    visits: list[list[object]] = []
    for m in pd.date_range("2023-04-01", "2026-11-01", freq="MS"):
        for account, amount in AMOUNT.items():
            if m.strftime("%Y-%m") > LAST.get(account, "9999"):
                continue
            day, seen = (m + pd.Timedelta(days=9)).date(), (m + pd.Timedelta(days=11)).date()
            orders.append([day, _code(account, day), "田中", amount, 1, None])
            if seen <= date(2026, 11, 10):
                visits.append([seen, "田中", _code(account, seen), "訪問", None])
    accounts = [
        [a, f"顧客{a}", "田中", MIGRATION, None, None, None] for a in AMOUNT if a not in GONE
    ]
    rows = {"Orders": orders, "Visits": visits, "Accounts": accounts}
    pasted_book(path, rows, kgi=40_000, plan_year=2026, start_month=4, as_of=None)
    with edit(path) as wb:
        ws = wb["Accounts"]
        ws["I1"] = "旧得意先コード"
        for row in range(2, 2 + len(accounts)):
            ws.cell(row, 9).value = f"T-{ws.cell(row, 1).value}"
    return path


def _fy(accounts: pd.DataFrame, year: int) -> tuple[int, float]:
    """A fiscal year's losses and retention, from the accounts' starts and ends."""
    start, end = pd.to_datetime(accounts["start"]), pd.to_datetime(accounts["end"])
    a, b = pd.Timestamp(f"{year}-04-01"), pd.Timestamp(f"{year + 1}-03-31")
    lost = int(((end >= a) & (end <= b)).sum())
    open_at = (start < a) & (end.isna() | (end >= a))
    kept = open_at & (end.isna() | (end > b))
    return lost, float(kept.sum() / open_at.sum())


def test_untyped_closures_are_dated_as_the_migrations_are(tmp_path: Path) -> None:
    (result, checks, _, _), _ = compute_file(_book(tmp_path / "book.xlsm"))
    accounts = result.history.accounts.drop_duplicates("account", keep="last")
    ends = accounts.set_index("account")["end"]
    # Each end the day after the last order, whichever rule found it.
    assert ends["T-0901"] == pd.Timestamp("2025-03-11")
    assert ends["T-0902"] == pd.Timestamp("2025-05-11")
    assert ends["1008"] == pd.Timestamp("2025-11-11")
    assert ends["1007"] == pd.Timestamp("2025-12-11")
    assert ends[[f"{1000 + i}" for i in range(1, 7)]].isna().all()
    assert _fy(accounts, 2024) == (1, pytest.approx(9 / 10))
    assert _fy(accounts, 2025) == (3, pytest.approx(6 / 9))
    # The Checks line says how the untyped ends are dated.
    [said] = [c for c in checks if c.problem.startswith("master_lapsed")]
    assert said.params["examples"] == "1007(2025-12-11), 1008(2025-11-11)"
    assert "解約日は最終受注の翌日" in text(said.problem, "ja", **said.params)
    assert "the day after the last order" in text(said.problem, "en", **said.params)


def test_the_retention_flag_reads_the_earlier_year_as_known_then() -> None:
    """The earlier 12 months (2024-12 … 2025-11) less the rule's ends not known a year
    before the as-of date (2025-12-04): dated the day after the last order, known 180 days
    after it. A (rule, 2025-03-01: known 2025-08-27) counts; B (rule, 2025-07-01: known
    2025-12-27) and E (rule, 2025-11-30) do not; C (typed 2025-09-01) counts; D (rule,
    2026-01-05) is not in that year."""
    from types import SimpleNamespace

    from routekpi.core.flags import _unknown_a_year_ago
    from routekpi.core.history import ACCOUNT_COLUMNS, History

    ends = {"A": "2025-03-01", "B": "2025-07-01", "C": "2025-09-01", "D": "2026-01-05"}
    ends["E"] = "2025-11-30"
    accounts = pd.DataFrame(
        {
            "account": list(ends),
            "rep": ["X", "X", "X", "X", "Y"],
            "start": pd.Timestamp("2020-01-01"),
            "end": pd.to_datetime(list(ends.values())),
        }
    ).reindex(columns=list(ACCOUNT_COLUMNS))
    empty = pd.DataFrame()
    history = History(orders=empty, visits=empty, accounts=accounts, lapsed_ends=frozenset("ABDE"))
    ev = SimpleNamespace(as_of=date(2026, 12, 4))
    prior = list(pd.period_range("2024-12", "2025-11", freq="M"))
    assert _unknown_a_year_ago(history, ev, prior) == {"X": 1, "Y": 1, "ALL": 2}  # type: ignore[arg-type]
    # Accounts derived from the orders are dated on the rule's day: known when dated.
    derived = History(
        orders=empty,
        visits=empty,
        accounts=accounts,
        lapsed_ends=frozenset("ABDE"),
        accounts_derived=True,
    )
    assert _unknown_a_year_ago(derived, ev, prior) == {}  # type: ignore[arg-type]
