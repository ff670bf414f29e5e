"""A chain's stores leaving together are one flag, not a churn spike per rep (trial 39 M1/M2).

Trial 39: 35 convenience stores of one chain, each its own customer code and spread over 12
reps, ended in September; the Flags sheet showed 12 churn spikes and a team retention flag,
none naming the chain, and nothing pointed to the 法人グループ column. Now one ``chain_exit``
flag names the chain (typed group, else the names' first word), its stores and its yen, the
churn spikes leave its stores out and the retention flag says how many of its losses it is.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd

from routekpi.core.chain_exit import chain_exits, name_stem
from routekpi.recalc import recalculate
from tests.workbook_files import paste, template_book


def _accounts(rows: list[tuple[str, str, str, str | None, str | None]]) -> pd.DataFrame:
    """account, name, rep, end, group (start: long before)."""
    return pd.DataFrame(
        {
            "account": [r[0] for r in rows],
            "name": [r[1] for r in rows],
            "rep": [r[2] for r in rows],
            "start": pd.Timestamp("2015-01-01"),
            "end": pd.to_datetime([r[3] for r in rows]),
            "group": [r[4] for r in rows],
        }
    )


def test_the_first_word_of_a_name_is_its_chain() -> None:
    assert name_stem("サンエブリー 駅前1号店") == "サンエブリー"
    assert name_stem("サンエブリー　本町店") == "サンエブリー"  # a full-width space
    assert name_stem("サンエブリー駅前店") is None  # no space: no chain guessed
    assert name_stem("A 店") is None  # one letter is no name
    assert name_stem(None) is None


def test_most_of_a_chain_ending_in_a_month_is_an_exit_a_few_cafes_are_not() -> None:
    rows = [
        (f"S{i}", f"サンエブリー {i}号店", f"r{i % 3}", f"2026-09-{i + 1:02d}", None)
        for i in range(6)
    ]
    rows.append(("S6", "サンエブリー 6号店", "r0", None, None))  # one store stays: 6 of 7
    # 40 cafés, 5 of them closing within a month: an eighth of them, churn.
    rows += [
        (f"C{i}", f"カフェ {i}", "r1", f"2026-09-{i + 1:02d}" if i < 5 else None, None)
        for i in range(40)
    ]
    # A typed group of 5 clinics ending over 40 days: only 4 within 31 days of the first.
    ends = ["2026-08-01", "2026-08-10", "2026-08-19", "2026-08-28", "2026-09-10"]
    rows += [(f"K{i}", f"医院{i}", "r2", end, "G") for i, end in enumerate(ends)]
    [exit_] = chain_exits(_accounts(rows), date(2026, 4, 1), date(2026, 11, 30))
    assert (exit_.name, exit_.typed, exit_.live) == ("サンエブリー", False, 7)
    assert exit_.accounts == tuple(f"S{i}" for i in range(6))
    assert (exit_.first, exit_.last) == (date(2026, 9, 1), date(2026, 9, 6))
    # Before the window it is not this year's news.
    assert chain_exits(_accounts(rows), date(2026, 10, 1), date(2026, 11, 30)) == []


def test_a_typed_group_is_the_chain_whatever_its_names() -> None:
    rows = [
        (f"K{i}", f"医院{i}", f"r{i % 2}", f"2026-09-{10 + i:02d}", "Gクリニック") for i in range(5)
    ]
    [exit_] = chain_exits(_accounts(rows), date(2026, 4, 1), date(2026, 11, 30))
    assert (exit_.name, exit_.typed, len(exit_.accounts), exit_.reps[:2]) == (
        "Gクリニック",
        True,
        5,
        ("r0", "r1"),
    )


def test_flags_name_the_chain_once_and_the_reps_spikes_leave_it_out(tmp_path: Path) -> None:
    """Three reps with ten steady accounts each and two stores each of one chain, ¥10,000 a
    month per account from 2024-01; the chain's six stores end in 2026-09 (none ever ended
    before). By hand: the chain's 12 months before 2026-09 = 6 × 12 × ¥10,000 = ¥720,000, the
    team's 36 × 12 × ¥10,000 = ¥4,320,000: 16.7%, critical (≥ 5%)."""
    reps = ("Sato", "Ito", "Kato")
    accounts: list[list[object]] = []
    orders: list[list[object]] = []
    months = pd.date_range("2024-01-01", "2026-10-01", freq="MS")
    for r, rep in enumerate(reps):
        own = [(f"{rep}{i}", f"{rep}商店{i}", None) for i in range(10)]
        chain = [
            (f"CH{r}{i}", f"サンエブリー {r}{i}号店", date(2026, 9, 10 + 5 * r + i))
            for i in range(2)
        ]
        for code, name, end in own + chain:
            accounts.append([code, name, rep, date(2020, 1, 1), end, None, None])
            for m in months:
                day = (m + pd.Timedelta(days=4)).date()
                if end is None or day <= end:
                    orders.append([day, code, rep, 10_000, 1])
    book = tmp_path / "book.xlsm"
    with template_book(
        book, kgi=4_000_000, plan_year=2027, start_month=1, as_of=date(2026, 10, 31)
    ) as wb:
        paste(wb, "Orders", orders)
        paste(wb, "Accounts", accounts)
    recalculate(book)
    rows = list(openpyxl.load_workbook(book, data_only=True)["Flags"].iter_rows(values_only=True))
    codes = [r[1] for r in rows[1:] if r[1]]
    assert "churn_spike" not in codes  # each rep lost 2 of 12 in 2026-09: the chain's
    [chain] = [r for r in rows if r[1] == "chain_exit"]
    assert (chain[0], chain[3], chain[4]) == ("重大", "ALL", "2026-09")
    assert chain[6].startswith(
        "サンエブリーの6件(担当 3人)が 2026-09-10〜2026-09-21 に揃って取引終了しました"
        "(その時点の6件のうち)。"
        "前の12か月の売上 ¥720,000(チームの 16.7%)"
    ), chain[6]
    assert "法人グループ列に「サンエブリー」" in chain[7]
