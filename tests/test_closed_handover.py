"""Accounts closed before the plan year are not handed over during it (core.handover.decide),
and a handover with no dated line prints no empty range "(—〜)" (trial 19: 佐藤, moved
from 旭川 before the year, showed 16 closed 旭川 accounts as "handed over in the year").

FY2026 (April – March), as of 2026-06-30: the planning moment is 2026-03-31. One order a
month on the 10th, January 2025 – June 2026. 佐藤 sold a1, a2, a3 and a4 and moves on; the
customer master gives them to colleagues who never served a1, a2 or a4:

- a1 closed 2025-12-31 (高田 on the sheet), a2 closed 2026-03-20 (西村): closed by the
  planning moment, no handover in the year: they follow the sheet, as they would planned on
  2026-03-31 (their history goes to 高田 and 西村);
- a3 (西村 on the sheet, open): 西村 sells it from 2026-04-10: taken over on that day;
- a4 (高田 on the sheet) closed 2026-05-31, inside the year, 高田 never sold it: taken over
  in the year (the sheet says so), with no dated line.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pandas as pd

from routekpi.core.handover import hand_over, handover_day
from routekpi.core.history import ACCOUNT_COLUMNS, VISIT_COLUMNS, History
from routekpi.core.review import MOVED, TAKEN
from routekpi.render_daily import _finding

T = pd.Timestamp
PLAN_START = date(2026, 4, 1)
AS_OF = date(2026, 6, 30)
# account → (the rep who sold it, until; the rep after that, from) and its end
SOLD = {
    "a1": ("佐藤", T("2025-12-31"), None),
    "a2": ("佐藤", T("2026-03-20"), None),
    "a3": ("佐藤", T("2026-03-31"), "西村"),
    "a4": ("佐藤", T("2026-05-31"), None),
    "s1": ("佐藤", T("2026-06-30"), None),
    "n1": ("西村", T("2026-06-30"), None),
    "t1": ("高田", T("2026-06-30"), None),
}
SHEET = {"a1": "高田", "a2": "西村", "a3": "西村", "a4": "高田", "s1": "佐藤", "n1": "西村"}
SHEET["t1"] = "高田"
ENDS = {"a1": T("2025-12-31"), "a2": T("2026-03-20"), "a4": T("2026-05-31")}


def _history() -> History:
    orders = []
    for m in pd.date_range("2025-01-01", "2026-06-01", freq="MS"):
        day = m + pd.Timedelta(days=9)
        for account, (rep, until, then) in SOLD.items():
            if day <= until:
                orders.append((day, account, rep, 100.0, 1.0))
            elif then is not None:
                orders.append((day, account, then, 100.0, 1.0))
    accounts = pd.DataFrame(
        [(a, a, r, T("2024-01-01"), ENDS.get(a, pd.NaT), None, None, "") for a, r in SHEET.items()],
        columns=list(ACCOUNT_COLUMNS),
    )
    return History(
        orders=pd.DataFrame(orders, columns=["date", "account", "rep", "amount", "quantity"]),
        visits=pd.DataFrame({c: pd.Series(dtype=object) for c in VISIT_COLUMNS}),
        accounts=accounts,
    )


def test_accounts_closed_before_the_year_are_not_taken_over_in_it() -> None:
    day = handover_day(AS_OF, PLAN_START)
    assert day == date(2026, 3, 31)
    history, handed = hand_over(_history(), day)
    assert handed is not None
    assert handed.taken_over == (
        ("a3", "西村", "佐藤", date(2026, 4, 10)),
        ("a4", "高田", "佐藤", None),
    )
    assert handed.later == (("西村", "佐藤", 1), ("高田", "佐藤", 1))
    # The closed accounts follow the sheet at the planning moment, as planned on that day:
    # 佐藤's lines on them are his colleagues' history, not his.
    assert handed.transfers == (("西村", "佐藤", 1), ("高田", "佐藤", 1))
    o = history.orders
    assert set(o.loc[o["account"] == "a1", "rep"]) == {"高田"}
    assert set(o.loc[o["account"] == "a2", "rep"]) == {"西村"}
    # The accounts taken over in the year stay 佐藤's history up to the planning moment.
    assert set(o.loc[(o["account"] == "a3") & (o["date"] < T("2026-04-01")), "rep"]) == {"佐藤"}
    assert set(o.loc[o["account"] == "a4", "rep"]) == {"佐藤"}
    acc = history.accounts.set_index("account")["rep"]
    assert (acc["a1"], acc["a2"], acc["a3"], acc["a4"]) == ("高田", "西村", "西村", "高田")
    # Planned on the eve of the year itself (no line after it): the same for a1 and a2.
    early = _history()
    early = replace(early, orders=early.orders[early.orders["date"] <= T(day)])
    eve, _ = hand_over(early, day)
    o = eve.orders
    assert set(o.loc[o["account"] == "a1", "rep"]) == {"高田"}
    assert set(o.loc[o["account"] == "a2", "rep"]) == {"西村"}


def test_a_handover_without_a_dated_line_prints_no_empty_range() -> None:
    def row(kpi: str, first: str) -> dict[str, object]:
        detail = {"accounts": 2, "first": first, "share": 0.121, "booked": 0.646}
        return {"kpi": kpi, "detail": detail, "planned": True, "attainment": float("nan")}

    assert _finding(row(MOVED, ""), {}, "ja") == (
        "年度中に別の担当者へ渡した顧客 2 件、目標の 12.1%(基準期間の売上比)"
    )
    assert _finding(row(MOVED, "2026-04-10"), {}, "ja") == (
        "年度中に別の担当者へ渡した顧客 2 件(2026-04-10〜)、目標の 12.1%(基準期間の売上比)"
    )
    assert _finding(row(TAKEN, ""), {}, "en") == (
        "accounts taken over from another rep in the year: 2, not in the target"
    )
    assert _finding(row(TAKEN, "2026-04-10"), {}, "en") == (
        "accounts taken over from another rep in the year: 2 (from 2026-04-10), not in the target"
    )
    newcomer = {"kpi": "revenue", "planned": False, "detail": {"accounts": 12, "first": ""}}
    assert _finding(newcomer, {}, "ja") == "目標なし(年度中に顧客 12 件を引き継ぎ)"
    newcomer["detail"] = {"accounts": 12, "first": "2026-10-01"}
    assert _finding(newcomer, {}, "ja") == "目標なし(年度中に顧客 12 件を引き継ぎ、2026-10-01〜)"
