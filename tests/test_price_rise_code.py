"""A price list that went up has its own flag code (trial 48 L8's leftover).

The team's info flag for a price-list move read 「取引単価の上昇」 since words48, but its code
stayed ``unit_price_declining`` — the code the Flags sheet's code column, the --json output
and formulas read. A rise is now ``unit_price_rising`` (core.flags ``price_code``), labelled
取引単価の上昇 where the team copy shows the code; a fall keeps ``unit_price_declining``.

tests/test_flags40's book with every product +5% from 2026-04 (¥105, ¥1,050, ¥5,250: exact):
the last three months (2026-09 … 11) against a year before are +5.0% for each rep and the
team, +0.0% without the list: no rep is flagged, the team gets one info flag, a rise.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from routekpi import schema
from routekpi.core.flags import REP_FLAGS, price_code
from routekpi.recalc import recalculate
from routekpi.share.copies import labelled_codes
from tests.test_flags40 import AS_OF, CHANGE, MONTHS, PRICES, QUANTITY, REPS, _flags
from tests.workbook_files import paste, template_book


def _book(path: Path) -> Path:
    rows: list[list[object]] = []
    slip = 0
    for month in MONTHS:
        day = month.end_time.date()
        while day.weekday() >= 5:
            day = day.replace(day=day.day - 1)
        for rep in REPS:
            for i in range(5):
                slip += 1
                for product, yen in PRICES.items():
                    q = QUANTITY[product]
                    price = round(yen * 1.05) if month >= CHANGE else yen
                    rows.append([day, f"{rep}{i}", rep, price * q, q, f"S{slip}", product])
    fy2025 = [pd.Period("2025-04", freq="M") + i for i in range(12)]
    kgi = float(sum(r[3] for r in rows if pd.Period(r[0], freq="M") in fy2025))
    accounts = [
        [f"{r}{i}", f"{r}{i}", r, pd.Timestamp("2023-04-01").date()] for r in REPS for i in range(5)
    ]
    with template_book(path, kgi=kgi, plan_year=2026, start_month=4, as_of=AS_OF) as wb:
        ws = wb["Orders"]
        ws.cell(1, ws.max_column + 1, "商品コード")
        paste(wb, "Orders", rows)
        paste(wb, "Accounts", accounts)
    recalculate(path)
    return path


def test_the_codes() -> None:
    assert price_code(True, 0.03) == "unit_price_rising"
    assert price_code(True, -0.05) == "unit_price_declining"
    assert price_code(False, 0.03) == "unit_price_declining"  # a rep's streak still up
    assert price_code(True, float("nan")) == "unit_price_declining"
    assert {"unit_price_declining", "unit_price_rising"} <= set(REP_FLAGS)


def test_a_price_list_rise_is_flagged_as_a_rise(tmp_path: Path) -> None:
    flags = _flags(_book(tmp_path / "rise.xlsm"))
    price = [f for f in flags if str(f[0]).startswith("unit_price")]
    assert [(f[0], f[1]) for f in price] == [("unit_price_rising", "ALL")]
    said = price[0][2]
    assert said.startswith("取引単価の上昇(") and "前年同期比 +5.0%" in said
    assert "全社の価格改定(+5.0%)" in said and "除くと +0.0%" in said
    assert "低下" not in said
    # The team copy's kind column names it in words.
    header = [c.header("ja") for c in schema.OUTPUT_COLUMNS[schema.FLAGS.name]]
    row = ["情報", "unit_price_rising", "unit_price", "チーム", "2026-11", "", said, ""]
    rows, _ = labelled_codes(schema.FLAGS.name, [header, row], "ja")
    assert rows[1][1] == "取引単価の上昇"
