"""An at-risk account silent ten times its usual gap asks whether it has closed (trial 39 L5).

Trial 39: a café delivered every 2 days closed on 2026-07-21 with no end typed; its flag read
「139日訪問なし(通常 2日ごと)」 — the rep is told to visit, when the question is whether the
shop still exists. Now a neglected account silent ``LONG_SILENT_TIMES`` its usual gap (and
``LONG_SILENT_DAYS`` at least) says so; one on a monthly round silent as long does not.
(Since trial 48 M2 one with ``CLOSED_MIN_ORDERS`` order days is probably closed, on its
rep's one ``probably_closed`` row.)

A real book: two reps' accounts visited and ordering on a rhythm from 2024-01; "cafe" (every
2 working days or so) stops on 2026-07-20, "shop" (every 28 days) stops on 2026-07-20 too.
As of 2026-10-30: cafe silent 102 days ≥ 60 and ≥ 10 × 2; shop silent 102 days < 10 × 28.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import openpyxl

from routekpi.core.flags import LONG_SILENT_DAYS, LONG_SILENT_TIMES
from routekpi.recalc import recalculate
from tests.workbook_files import paste, template_book

STOP = date(2026, 7, 20)
AS_OF = date(2026, 10, 30)


def test_a_long_silence_asks_whether_the_customer_closed(tmp_path: Path) -> None:
    assert (AS_OF - STOP).days >= max(LONG_SILENT_DAYS, LONG_SILENT_TIMES * 2)
    assert (AS_OF - STOP).days < LONG_SILENT_TIMES * 28
    orders: list[list[object]] = []
    visits: list[list[object]] = []
    accounts: list[list[object]] = []
    # (rep, days between, last day, yen): small accounts beside big weekly ones, so neither
    # is a large account the lapse rule ends after 60 days (core.lapse): at-risk, not lost.
    plan = {"cafe": ("Sato", 2, STOP, 2_000), "shop": ("Ito", 28, STOP, 2_000)}
    for i in range(8):
        plan[f"a{i}"] = ("Sato" if i % 2 else "Ito", 7, AS_OF, 50_000)
    for account, (rep, every, last, yen) in plan.items():
        accounts.append([account, f"{account} 店", rep, date(2020, 1, 1), None, None, None])
        day = date(2024, 1, 4)
        while day <= last:
            if day.weekday() < 5:
                orders.append([day, account, rep, yen, 1])
                visits.append([day, rep, account, "訪問", None])
            day += timedelta(days=every)
    book = tmp_path / "book.xlsm"
    with template_book(book, kgi=25_000_000, plan_year=2027, start_month=1, as_of=AS_OF) as wb:
        paste(wb, "Orders", orders)
        paste(wb, "Visits", visits)
        paste(wb, "Accounts", accounts)
    recalculate(book)
    flags = list(openpyxl.load_workbook(book, data_only=True)["Flags"].iter_rows(values_only=True))
    at_risk = {r[5]: r[6] for r in flags if r[1] == "at_risk_account"}
    # A steady buyer (hundreds of order days): probably closed since trial 48 M2, named on
    # Sato's one row rather than an at-risk flag of its own (tests/test_probably_closed.py).
    assert "cafe" not in at_risk
    (closed,) = [str(r[6]) for r in flags if r[1] == "probably_closed"]
    assert "cafe 店 (cafe)" in closed and "(注文も訪問もなく 102日、" in closed, closed
    assert "ふだんの間隔の10倍以上" in closed
    assert "shop" not in closed
    assert "閉店" not in at_risk.get("shop", "")
