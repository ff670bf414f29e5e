"""A steady buyer silent for 10× its usual gap is probably closed (trial 48 M2): named once
per rep on the Flags sheet (``probably_closed``), not an at-risk account at the top of every
Daily list for months; the Daily lists it only in the week it crossed the line.

The sample book (seed 11, 4,000 order lines, AsOf 10/31): Ito's 有限会社高橋製作所 (C0038,
visited every 8 days until 2026-03-06) and 合同会社山田酒販 (C0039) have had neither a visit
nor an order for 239–271 days: one row for Ito names both, neither has an at-risk flag, and
neither is on the Daily list.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from routekpi.core.daily import _closed_off
from routekpi.core.flags import (
    CLOSED_CONFIRM_DAYS,
    CLOSED_MIN_ORDERS,
    _closed_flag,
    account_status,
)
from routekpi.core.history import ACCOUNT_COLUMNS, History
from routekpi.io.samplebook import write_sample_workbook
from routekpi.recalc import recalculate
from routekpi.render import flag_message


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("closed") / "book.xlsm"
    write_sample_workbook(path, "ja", seed=11, orders_rows=4_000)
    recalculate(path)
    return path


def _rows(path: Path, sheet: str) -> list[tuple[object, ...]]:
    rows = openpyxl.load_workbook(path, read_only=True)[sheet].iter_rows(values_only=True)
    return [tuple(r) for r in rows]


def test_one_row_per_rep_names_them(book: Path) -> None:
    flags = _rows(book, "Flags")
    (ito,) = [f for f in flags if f[1] == "probably_closed" and f[3] == "Ito"]
    assert ito[0] == "警告"
    said = str(ito[6])
    assert said.startswith("閉店・取引終了の可能性が高い顧客 2件: ")
    assert "有限会社高橋製作所 (C0038)" in said and "(C0039)" in said
    assert "顧客シートに解約日を入力" in str(ito[7])
    # Not also an at-risk account each (the 10 of them were, at the top of the Daily).
    assert not [f for f in flags if f[1] == "at_risk_account" and f[5] in ("C0038", "C0039")]
    named = sum(
        int(str(f[6]).split("顧客 ")[1].split("件")[0]) for f in flags if f[1] == "probably_closed"
    )
    assert named == 10


def test_the_daily_leaves_them_off(book: Path) -> None:
    rows = _rows(book, "Daily")
    assert not [r for r in rows if r[3] in ("C0038", "C0039")]
    # Its first line stays the list's days (the Flags row says why they are not on it).
    assert "閉店" not in "".join(str(r[0]) for r in rows[1:8])


def test_the_check_week_by_hand() -> None:
    """On the list only while it crossed the line fewer than ``CLOSED_CONFIRM_DAYS`` ago."""
    assert CLOSED_CONFIRM_DAYS == 7
    status = pd.DataFrame(
        {
            "probably_closed": [True, True, True, False],
            "closed_days": [0.0, 6.0, 7.0, np.nan],
        }
    )
    assert _closed_off(status).tolist() == [False, False, True, False]
    assert _closed_off(pd.DataFrame({"x": [1]})).tolist() == [False]


def test_the_row_by_hand() -> None:
    """Most yen first, ten named, the rest counted; silence from shortest to longest."""
    assert CLOSED_MIN_ORDERS == 12
    rows = [(f"C{i:02d}", f"店{i}", 70.0 + i, 1000.0 * i) for i in range(12)]
    flag = _closed_flag("上野", "2026-12", rows)
    p = flag["params"]
    assert p["count"] == 12 and p["shortest"] == 70 and p["longest"] == 81  # type: ignore[index]
    assert p["names"][0] == "店11 (C11)" and len(p["names"]) == 10  # type: ignore[index]
    assert p["stake"] == 66_000.0  # type: ignore[index]
    msg, action = flag_message(pd.Series({**flag, "account": ""}), "ja")
    assert msg.startswith("閉店・取引終了の可能性が高い顧客 12件: 店11 (C11)、店10 (C10)")
    assert " ほか 2件(注文も訪問もなく 70〜81日" in msg and "計¥66,000" in msg
    one, _ = flag_message(
        pd.Series({**_closed_flag("上野", "2026-12", rows[:1]), "account": ""}), "ja"
    )
    assert "店0 (C00)(注文も訪問もなく 70日、" in one
    en, _ = flag_message(pd.Series({**flag, "account": ""}), "en")
    assert en.startswith("12 customers probably closed:") and "and 2 more" in en
    assert "Accounts" in action or "顧客シート" in action


def _weekly(last: str, weeks: int) -> History:
    """One customer "W1" visited with an order every Monday for ``weeks`` weeks to ``last``
    (then silent), one "W2" every Monday through 2026-12-07 (the calendar's weekdays)."""
    end = pd.Timestamp(last)
    w1 = pd.date_range(end=end, periods=weeks, freq="7D")
    w2 = pd.date_range(end=pd.Timestamp("2026-12-07"), periods=weeks, freq="7D")
    days = [*w1, *w2]
    codes = ["W1"] * len(w1) + ["W2"] * len(w2)
    orders = pd.DataFrame(
        {"date": days, "account": codes, "rep": "上野", "amount": 5_000.0, "quantity": 1.0}
    )
    visits = pd.DataFrame(
        {"date": days, "rep": "上野", "account": codes, "kind": "visit", "outcome": None}
    )
    accounts = pd.DataFrame(
        {
            "account": ["W1", "W2"],
            "name": ["水1", "水2"],
            "rep": "上野",
            "start": pd.Timestamp("2024-01-01"),
            "end": pd.NaT,
        }
    ).reindex(columns=list(ACCOUNT_COLUMNS))
    return History(orders=orders, visits=visits, accounts=accounts)


@pytest.mark.parametrize(
    ("as_of", "closed", "days"),
    [
        # Last contact Monday 2026-09-28, every 7 days: 10 gaps = 70 < 60? no: max(70, 60)
        # = 70 days → crosses 2026-12-07.
        (date(2026, 12, 6), False, None),  # 69 days: long silent not yet
        (date(2026, 12, 7), True, 0.0),  # crossed today: its check week
        (date(2026, 12, 14), True, 7.0),  # a week on: off the Daily
    ],
)
def test_status_by_hand(as_of: date, closed: bool, days: float | None) -> None:
    history = _weekly("2026-09-28", 60)
    status = account_status(history, as_of)
    row = status.loc["W1"]
    assert bool(row["probably_closed"]) is closed
    if days is None:
        assert np.isnan(row["closed_days"])
    else:
        assert row["closed_days"] == days
        assert _closed_off(status.loc[["W1"]]).tolist() == [days >= CLOSED_CONFIRM_DAYS]
    assert not bool(status.loc["W2"]["probably_closed"])  # visited on its rhythm


def test_too_few_orders_is_not_probably_closed() -> None:
    """Eleven order days (under ``CLOSED_MIN_ORDERS``): long silent, not probably closed."""
    history = _weekly("2026-09-28", 11)
    row = account_status(history, date(2026, 12, 14)).loc["W1"]
    assert bool(row["long_silent"]) and not bool(row["probably_closed"])


@pytest.mark.parametrize(
    ("as_of", "quiet_days", "off"),
    [
        # Last visit and order Monday 2026-09-28, every 7 days: the neglect line is 5 gaps,
        # 35 days (at least 28): 2026-11-02. Past it, silent on both: gone quiet (fix49a).
        (date(2026, 11, 2), None, False),  # on the line: not neglected yet
        (date(2026, 11, 3), 1.0, False),  # crossed: its check week on the Daily
        (date(2026, 11, 8), 6.0, False),
        (date(2026, 11, 9), 7.0, True),  # a week on: off the Daily (its flag stays)
        # The 10× line (70 days): probably closed, one more check week, then off.
        (date(2026, 12, 7), None, False),
        (date(2026, 12, 14), None, True),
    ],
)
def test_gone_quiet_by_hand(as_of: date, quiet_days: float | None, off: bool) -> None:
    status = account_status(_weekly("2026-09-28", 60), as_of)
    row = status.loc["W1"]
    if quiet_days is None:
        assert np.isnan(row["quiet_days"])
    else:
        assert bool(row["neglected"]) and not bool(row["probably_closed"])
        assert row["quiet_days"] == quiet_days
    assert _closed_off(status.loc[["W1"]]).tolist() == [off]
    assert np.isnan(status.loc["W2"]["quiet_days"])  # visited on its rhythm


def test_a_neglected_customer_still_ordering_is_not_quiet() -> None:
    """W1's orders go on by phone (every Monday to 2026-11-30) after its last visit on
    2026-09-28: neglected (no visit for 5 gaps) but not silent: it stays on the Daily."""
    history = _weekly("2026-09-28", 60)
    more = pd.date_range("2026-10-05", "2026-11-30", freq="7D")
    extra = pd.DataFrame(
        {"date": more, "account": "W1", "rep": "上野", "amount": 5_000.0, "quantity": 1.0}
    )
    orders = pd.concat([history.orders, extra], ignore_index=True)
    history = History(orders=orders, visits=history.visits, accounts=history.accounts)
    status = account_status(history, date(2026, 11, 30))
    assert np.isnan(status.loc["W1"]["quiet_days"])
    assert _closed_off(status.loc[["W1"]]).tolist() == [False]


def test_returns_after_the_last_sale_are_no_order() -> None:
    """Trial 53: a closed bookshop sends its stock back for weeks after its last sale. W1
    bought (and was visited) every Monday to 2026-09-28, then only returns (−¥2,000 every
    Friday 2026-10-02 … 2026-12-04). A return is no order: silent since 09-28, 70 days on
    2026-12-07 = 10 × its 7-day gap: probably closed that day, as without the returns."""
    history = _weekly("2026-09-28", 60)
    back = pd.date_range("2026-10-02", "2026-12-04", freq="7D")
    returns = pd.DataFrame(
        {"date": back, "account": "W1", "rep": "上野", "amount": -2_000.0, "quantity": -1.0}
    )
    orders = pd.concat([history.orders, returns], ignore_index=True)
    history = History(orders=orders, visits=history.visits, accounts=history.accounts)
    status = account_status(history, date(2026, 12, 7))
    row = status.loc["W1"]
    assert row["order_silent"] == 70.0  # 09-28 → 12-07, not 3 days since the 12-04 return
    assert bool(row["probably_closed"]) and row["closed_days"] == 0.0
    # Only returns in the window: the last line is read (nothing else to read).
    only = History(
        orders=returns.assign(account="W2"), visits=history.visits, accounts=history.accounts
    )
    assert account_status(only, date(2026, 12, 7)).loc["W2"]["order_silent"] == 3.0
