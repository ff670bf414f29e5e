"""A chain's stores leaving together are one flag, not a churn spike per rep (trial 39 M1/M2).

Trial 39: 35 convenience stores of one chain, each its own customer code and spread over 12
reps, ended in September; the Flags sheet showed 12 churn spikes and a team retention flag,
none naming the chain, and nothing pointed to the 法人グループ column. Now one ``chain_exit``
flag names the chain (typed group, else the names' first word), its stores and its yen, the
churn spikes and the retention flags leave its stores out (the retention flag names them).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from routekpi.core.chain_exit import (
    chain_exits,
    name_stem,
    stop_dates,
    stopped_together,
    with_stopped_chains,
)
from routekpi.core.history import History
from routekpi.core.lapse import derive_accounts
from routekpi.messages import text
from routekpi.recalc import recalculate
from routekpi.render import note_text
from tests.workbook_files import (
    csv_history,
    paste,
    sources_or_pasted_book,
    steady_accounts,
    template_book,
)


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
    typed: list[tuple[str, str, str, date | None, str | None]] = []
    for r, rep in enumerate(("Sato", "Ito", "Kato")):
        typed += [(f"{rep}{i}", f"{rep}商店{i}", rep, None, None) for i in range(10)]
        typed += [
            (f"CH{r}{i}", f"サンエブリー {r}{i}号店", rep, date(2026, 9, 10 + 5 * r + i), None)
            for i in range(2)
        ]
    accounts, orders = steady_accounts(typed, "2024-01-01", "2026-10-01")
    book = tmp_path / "book.xlsm"
    with template_book(
        book, kgi=4_000_000, plan_year=2027, start_month=1, as_of=date(2026, 10, 31)
    ) as wb:
        paste(wb, "Orders", orders)
        paste(wb, "Accounts", accounts)
    result = recalculate(book).result
    # Planned on 2026-10-31 for 2027: each store (8.3% of its rep's book) left its rep's
    # baseline as a large lost account, and the chain is one line out of the churn.
    [note] = [n for n in result.evidence.notes if n.code == "lost_chain_churn_guessed"]
    assert (note.params["count"], note.params["reps"]) == (6, 3)
    assert note.params["out"] == 6
    said = note_text(note.code, note.params, "ja")
    assert said.endswith("。うち6件は担当者の基準からも除きました")
    rows = list(openpyxl.load_workbook(book, data_only=True)["Flags"].iter_rows(values_only=True))
    codes = [r[1] for r in rows[1:] if r[1]]
    assert "churn_spike" not in codes  # each rep lost 2 of 12 in 2026-09: the chain's
    # Each store was ¥120,000 of its rep's ¥1,440,000 in FY2025 (8.3%, a material loss of
    # its own): folded into the chain's one flag, no lost_account row of its own (trial 40).
    assert [r[5] for r in rows if r[1] == "lost_account"] == []
    [chain] = [r for r in rows if r[1] == "chain_exit"]
    assert (chain[0], chain[3], chain[4]) == ("重大", "ALL", "2026-09")
    assert chain[6].startswith(
        "サンエブリーの6件(担当 3人)が 2026-09-10〜2026-09-21 に揃って取引終了しました"
        "(その時点の6件のうち)。"
        "前の12か月の売上 ¥720,000(チームの 16.7%)"
    ), chain[6]
    # Planned as one loss already (core.lost): the action says so, and the way back if the
    # stores are separate companies.
    assert chain[7].startswith(
        "顧客名の最初の語が同じ店を「サンエブリー」のチェーンとみなし、計画では一度の解約として"
    ), chain[7]
    assert "法人グループ列にそれぞれの会社名" in chain[7]


def _chain_book(path: Path, group: str | None = None) -> Path:
    """Three reps, each with 41 accounts of his own from 2020 (one ended each June of 2024,
    2025 and 2026) and two stores of サンエブリー, ¥10,000 a month per account from 2023-01;
    the chain's six stores end in 2026-09 (10–21st). Plan 2027 (January start) on
    2026-12-31: the churn's years are 2026, 2025 and 2024 (weights 1, ½, ¼)."""
    typed: list[tuple[str, str, str, date | None, str | None]] = []
    for r, rep in enumerate(("Sato", "Ito", "Kato")):
        typed += [
            (f"{rep}{i}", f"{rep}商店{i}", rep, date(2024 + i, 6, 10 + r) if i < 3 else None, None)
            for i in range(41)
        ]
        typed += [
            (f"CH{r}{i}", f"サンエブリー {r}{i}号店", rep, date(2026, 9, 10 + 5 * r + i), group)
            for i in range(2)
        ]
    accounts, orders = steady_accounts(typed, "2023-01-01", "2026-12-01")
    with template_book(
        path, kgi=60_000_000, plan_year=2027, start_month=1, as_of=date(2026, 12, 31)
    ) as wb:
        paste(wb, "Orders", orders)
        paste(wb, "Accounts", accounts)
    return path


def test_a_chain_exit_is_one_loss_out_of_the_churn_typed_or_not(tmp_path: Path) -> None:
    """By hand, per rep (all three alike). Counted as ordinary churn, each year's losses of
    its starting book: 2026 3 of 41 (1 own + 2 stores), 2025 1 of 42, 2024 1 of 43 →
    (3 + ½·1 + ¼·1) ÷ (41 + ½·42 + ¼·43) = 3.75 ÷ 72.75 = 5.155%. The chain out of the
    counts (its stores out of the losses and the books): 2026 1 of 39, 2025 1 of 40, 2024
    1 of 41 → 1.75 ÷ 69.25 = 2.527%, guessed from the names or typed alike. Its 12 months
    before 2026-09: 6 × 12 × ¥10,000 = ¥720,000 of the team's ¥14,700,000 (10 months of 123
    accounts, 2 of 120) = 4.9%."""
    guessed = recalculate(_chain_book(tmp_path / "guessed.xlsm")).result
    typed = recalculate(_chain_book(tmp_path / "typed.xlsm", "サンエブリー")).result
    for result in (guessed, typed):
        flows = result.evidence.flows
        assert flows is not None
        assert flows.churn["ALL"] == pytest.approx(1.75 / 69.25, abs=1e-9)
        assert flows.churn["Sato"] == pytest.approx(1.75 / 69.25, abs=1e-9)
        # The cancellations target: the starting book at that churn (no wins lost in 2026).
        assert result.plan.fy.at["ALL", "cancellations"] == pytest.approx(
            float(flows.start["ALL"]) * 1.75 / 69.25, rel=1e-9
        )
        [note] = [n for n in result.evidence.notes if n.code.startswith("lost_chain_churn")]
        assert note.code == ("lost_chain_churn" if result is typed else "lost_chain_churn_guessed")
        assert (note.params["count"], note.params["reps"]) == (6, 3)
        assert (note.params["revenue"], note.params["share"]) == ("720,000", "4.9%")
        assert note.params["when"] == "2026-09-10 – 2026-09-21"
        # One line for the chain: no rep's burst line beside it.
        assert not [n for n in result.evidence.notes if n.code.startswith("lost_burst")]
    [note] = [n for n in guessed.evidence.notes if n.code == "lost_chain_churn_guessed"]
    said = text(note.code, "ja", **note.params)
    assert said == (
        "チェーンの取引終了: サンエブリーの6件(担当 3人、2026-09-10 – 2026-09-21、前の12か月の売上"
        " ¥720,000 = チームの4.9%)は一度の決定による一度きりの解約として、ふだんの解約率と解約数の"
        "目標の計算から除きました(顧客名の最初の語が同じ店をひとつのチェーンとみなしました)"
    )
    # The Plan sheet says it in that one line.
    plan = openpyxl.load_workbook(tmp_path / "guessed.xlsm", data_only=True)["Plan"]
    shown = "".join(str(c) for row in plan.iter_rows(values_only=True) for c in row if c)
    assert shown.count(said) == 1  # (the sheet wraps a long line over rows)


def test_without_the_chain_the_same_losses_are_ordinary_churn(tmp_path: Path) -> None:
    """The same book with the stores' names of no chain (no first word): 3.75 ÷ 72.75."""
    book = _chain_book(tmp_path / "plain.xlsm")
    wb = openpyxl.load_workbook(book, keep_vba=True)
    ws = wb["Accounts"]
    for row in ws.iter_rows(min_row=2):
        if str(row[1].value).startswith("サンエブリー "):
            row[1].value = str(row[1].value).replace(" ", "")
    wb.save(book)
    result = recalculate(book).result
    assert result.evidence.flows is not None
    assert result.evidence.flows.churn["ALL"] == pytest.approx(3.75 / 72.75, abs=1e-9)
    assert not [n for n in result.evidence.notes if n.code.startswith("lost_chain")]


def test_a_chain_exit_is_not_a_reps_retention_getting_worse(tmp_path: Path) -> None:
    """Trial 40: 鈴木 held 5 stores of a pharmacy chain that moved to a competitor, her only
    losses in two years; the Flags said 「継続率が悪化しています(直近12か月 90.0%、前の12か月
    100.0%。解約 5件…)」. Here Sato holds 20 accounts of his own and 5 stores of
    さくら薬局, which end 2026-05-10 … 14; Ito holds 25 and loses none. By hand, counted as
    churn: Sato's 12 months to 2026-09 keep 20 of 25 (80.0%) against 100.0% the 12 before,
    5 losses against 0 — the flag's rule (≥ 5 points, ×1.5, ≥ 3 losses) fires for him and
    the team (45 of 50, 90.0%). Without the chain's stores: none lost, no retention flag; the
    chain's own flag tells of them."""
    rows: list[tuple[str, str, str, date | None, str | None]] = [
        (f"S{i}", f"佐藤商店{i}", "Sato", None, None) for i in range(20)
    ]
    rows += [
        (f"SK{i}", f"さくら薬局 {i}号店", "Sato", date(2026, 5, 10 + i), None) for i in range(5)
    ]
    rows += [(f"I{i}", f"伊藤商店{i}", "Ito", None, None) for i in range(25)]
    accounts, orders = steady_accounts(rows, "2024-01-01", "2026-10-01")
    book = tmp_path / "book.xlsm"
    with template_book(
        book, kgi=6_000_000, plan_year=2027, start_month=1, as_of=date(2026, 10, 31)
    ) as wb:
        paste(wb, "Orders", orders)
        paste(wb, "Accounts", accounts)
    recalculate(book)
    rows_out = list(
        openpyxl.load_workbook(book, data_only=True)["Flags"].iter_rows(values_only=True)
    )
    codes = [(r[1], r[3]) for r in rows_out[1:] if r[1]]
    assert [c for c in codes if c[0] == "retention_worsening"] == []
    assert [c for c in codes if c[0] == "churn_spike"] == []
    [chain] = [r for r in rows_out if r[1] == "chain_exit"]
    assert str(chain[6]).startswith("さくら薬局の5件(担当 1人)が 2026-05-10〜2026-05-14"), chain[6]


# --- trial 40 M2: a chain's stores the lapse rule ended, stopped together by their last orders


def _ruled(rows: list[tuple[str, str, str, str | None]]) -> tuple[pd.DataFrame, pd.Series]:
    """account, name, last order, end (the lapse rule's, or None: live) → accounts, last."""
    accounts = pd.DataFrame(
        {
            "account": [r[0] for r in rows],
            "name": [r[1] for r in rows],
            "rep": "r0",
            "start": pd.Timestamp("2020-01-01"),
            "end": pd.to_datetime([r[3] for r in rows]),
            "group": None,
        }
    )
    last = pd.Series(pd.to_datetime([r[2] for r in rows]), index=[r[0] for r in rows])
    return accounts, last


def test_a_chains_stores_that_stopped_together_end_the_day_after_their_last_orders() -> None:
    """Six of eight さくら薬局 stores' last orders 2025-09-25…30 (within 31 days, 6 ≥ ½ of the
    8 live): the rule's ends (~180 days on) become the day after each last order. A seventh
    store of the chain whose end was typed keeps it; the two live stores stay live."""
    rows = [
        (f"S{i}", f"さくら薬局 {i}号店", f"2025-09-{25 + i:02d}", f"2026-03-{20 + i:02d}")
        for i in range(6)
    ]
    rows += [("S6", "さくら薬局 6号店", "2025-09-27", "2025-10-15")]  # typed: not ruled
    rows += [
        ("S7", "さくら薬局 7号店", "2026-11-30", None),
        ("X", "森小児科", "2025-10-01", "2026-03-29"),
    ]
    accounts, last = _ruled(rows)
    ruled = [f"S{i}" for i in range(6)] + ["X"]
    out, moved = stopped_together(accounts, last, ruled)
    assert moved == frozenset(f"S{i}" for i in range(6))
    ends = dict(zip(out["account"], out["end"], strict=True))
    for i in range(6):
        assert ends[f"S{i}"] == pd.Timestamp("2025-09-26") + pd.Timedelta(days=i)
    assert ends["S6"] == pd.Timestamp("2025-10-15")  # a typed end date is never changed
    assert pd.isna(ends["S7"])
    assert ends["X"] == pd.Timestamp("2026-03-29")  # no chain: the rule's day
    # The exit is then found by those ends, the typed store (2025-10-15) with them.
    [e] = chain_exits(out, date(2025, 1, 1), date(2026, 12, 31))
    assert (e.name, e.first, e.last, len(e.accounts)) == (
        "さくら薬局",
        date(2025, 9, 26),
        date(2025, 10, 15),
        7,
    )


def test_stores_stopping_months_apart_or_unrelated_ones_keep_the_rules_ends() -> None:
    """Control: six stores of one chain whose last orders are a month apart each (at most 2
    within 31 days), and six unrelated stores (no shared first word) stopping the same week."""
    rows = [
        (f"S{i}", f"さくら薬局 {i}号店", f"2025-{4 + i:02d}-10", f"2025-{10 + i:02d}-01"[:10])
        for i in range(3)
    ]
    rows += [
        (f"S{i}", f"さくら薬局 {i}号店", f"2025-{4 + i:02d}-10", f"2026-0{i - 2}-01")
        for i in range(3, 6)
    ]
    rows += [
        (f"U{i}", f"薬局{i}", f"2025-09-{25 + i:02d}", f"2026-03-{20 + i:02d}") for i in range(6)
    ]
    accounts, last = _ruled(rows)
    out, moved = stopped_together(accounts, last, list(accounts["account"]))
    assert moved == frozenset()
    pd.testing.assert_series_equal(out["end"], accounts["end"])


def test_too_few_of_a_big_chain_stopping_together_is_churn() -> None:
    """Six of fourteen stores stopping the same week: 6 < ½ × 14 live, no exit."""
    rows = [(f"S{i}", f"さくら薬局 {i}号店", "2025-09-26", "2026-03-25") for i in range(6)]
    rows += [(f"L{i}", f"さくら薬局 L{i}店", "2026-11-30", None) for i in range(8)]
    accounts, last = _ruled(rows)
    _, moved = stopped_together(accounts, last, [f"S{i}" for i in range(6)])
    assert moved == frozenset()


def test_orders_only_the_rules_ends_of_a_chain_that_stopped_together_are_redated() -> None:
    """Orders only (accounts derived by the lapse rule, names from the order lines): six
    stores ordering every 7 days from 2024-01-01, their last orders 2025-09-22 … 2025-09-27
    (a day apart), and six unrelated stores whose last orders are months apart. On
    2026-11-30 the rule has ended all twelve; the chain's six end the day after their last
    orders, the others keep the rule's day (each after its last order, not the next day)."""
    rows = []
    for i in range(6):
        stop = pd.Timestamp("2025-09-22") + pd.Timedelta(days=i)
        days = pd.date_range(stop - pd.Timedelta(days=7 * 80), stop, freq="7D")
        rows += [(d, f"C{i}", "r0", 1000.0, 1.0) for d in days]
        other = pd.Timestamp(f"2025-{2 + i:02d}-15")
        days = pd.date_range(other - pd.Timedelta(days=7 * 40), other, freq="7D")
        rows += [(d, f"U{i}", "r1", 1000.0, 1.0) for d in days]
    rows += [
        (d, "K", "r1", 1000.0, 1.0) for d in pd.date_range("2024-01-01", "2026-11-30", freq="7D")
    ]
    orders = pd.DataFrame(rows, columns=["date", "account", "rep", "amount", "quantity"])
    accounts = derive_accounts(orders, date(2026, 11, 30))
    names = {f"C{i}": f"さくら薬局 {i}号店" for i in range(6)} | {
        f"U{i}": f"医院{i}" for i in range(6)
    }
    accounts["name"] = accounts["account"].map(names)
    history = History(orders=orders, accounts=accounts, accounts_derived=True)
    ruled = dict(zip(accounts["account"], accounts["end"], strict=True))
    assert all(pd.notna(ruled[f"C{i}"]) for i in range(6))  # the rule ended them, later
    assert ruled["C0"] > pd.Timestamp("2025-10-15")
    out = with_stopped_chains(history, date(2026, 11, 30)).accounts
    ends = dict(zip(out["account"], out["end"], strict=True))
    for i in range(6):
        assert ends[f"C{i}"] == pd.Timestamp("2025-09-23") + pd.Timedelta(days=i)
        assert ends[f"U{i}"] == ruled[f"U{i}"]
    assert pd.isna(ends["K"])
    # Codes as Python objects (their look-up answers a read-only array): alike.
    objects = orders.assign(account=orders["account"].astype(object))
    again = with_stopped_chains(replace(history, orders=objects), date(2026, 11, 30)).accounts
    pd.testing.assert_frame_equal(again, out)
    # The rule's own days are no stop on the last orders; the re-dated ones are.
    assert stop_dates(history, [f"C{i}" for i in range(6)]) is None
    assert stop_dates(replace(history, accounts=out), [f"C{i}" for i in range(6)]) == (
        date(2025, 9, 22),
        date(2025, 9, 27),
    )


def _stopped_book(path: Path, together: bool, year: int = 2025, month: int = 9) -> Path:
    """A master with no end dates: three reps with 20 accounts each ordering on the 5th of
    every month 2023-01 … 2026-12, and two stores each of 株式会社さくらファーマ (typed group),
    stores k = 0…5 (Sato 0 and 5, Ito 1 and 4, Kato 2 and 3). ``together``: store k orders
    every 7·(k + 1) days from 2023 to its last order 2025-09-(20 + k), ¥1,000 an order (no
    store material alone); else every month on
    day 20 + k to 2025-(4 + k) (months apart). Plan 2027 (January start) on 2026-12-31.
    ``year``, ``month``: of the stores' last orders (together)."""
    reps = ("Sato", "Ito", "Kato")
    holder = {0: "Sato", 5: "Sato", 1: "Ito", 4: "Ito", 2: "Kato", 3: "Kato"}
    accounts: list[list[object]] = []
    orders: list[list[object]] = []
    months = pd.date_range("2023-01-01", "2026-12-01", freq="MS")
    for rep in reps:
        for i in range(20):
            code = f"{rep}{i}"
            accounts.append([code, f"{rep}商店{i}", rep, date(2020, 1, 1), None, None, None, None])
            orders += [[(m + pd.Timedelta(days=4)).date(), code, rep, 10_000, 1] for m in months]
    for k in range(6):
        code, rep = f"CH{k}", holder[k]
        group = "株式会社さくらファーマ"
        accounts.append(
            [code, f"さくら薬局 {k}号店", rep, date(2020, 1, 1), None, None, None, group]
        )
        if together:
            last = pd.Timestamp(f"{year}-{month:02d}-{20 + k}")
            days = pd.date_range(end=last, start="2023-01-01", freq=f"{7 * (k + 1)}D")
            days = days + (last - days[-1])  # the run ends on the last order itself
        else:
            stop = pd.Timestamp(f"2025-{4 + k:02d}-01")
            days = pd.DatetimeIndex([m + pd.Timedelta(days=19 + k) for m in months if m <= stop])
        orders += [
            [d.date(), code, rep, 1_000 if together else 10_000, 1]
            for d in days
            if d >= pd.Timestamp("2023-01-01")
        ]
    with template_book(
        path, kgi=8_000_000, plan_year=2027, start_month=1, as_of=date(2026, 12, 31)
    ) as wb:
        paste(wb, "Orders", orders)
        paste(wb, "Accounts", accounts)
    return path


def test_a_master_without_ends_dates_a_chain_that_stopped_together_by_its_last_orders(
    tmp_path: Path,
) -> None:
    """On its own days the lapse rule would end each store 180 days after its last order (a
    store silent for a year has no year's revenue: not large enough for its own rhythm,
    core.lapse), 2026-03-19 … 24, inside the baseline 2025-12 … 2026-11: 6 cancellations
    there, 2 a rep, and a book of 61.5 (each rep's 20 own accounts and his two stores for
    half of the months).
    Stopped together, they end 2025-09-21 … 26: none in the baseline (the 60 own accounts
    never end), a book of 60, one chain line saying the ends come from the last orders. The
    control (six stores months apart) is dated by its last orders too (a master's ends nobody
    typed, fix49a), without a chain line."""
    result = recalculate(_stopped_book(tmp_path / "together.xlsm", True)).result
    assert result.evidence.base.at["ALL", "cancellations"] == 0
    assert result.evidence.base.at["ALL", "active_accounts"] == 60
    [note] = [n for n in result.evidence.notes if n.code.startswith("lost_chain_churn")]
    assert note.code == "lost_chain_churn_stopped"
    assert (note.params["count"], note.params["reps"]) == (6, 3)
    assert note.params["when"] == "2025-09-21 – 2025-09-26"
    assert note.params["stopped"] == "2025-09-20〜25"
    said = text(note.code, "ja", **note.params)
    assert (
        "最後の受注が 2025-09-20〜25 に揃って止まっているため、その翌日を取引終了日としました"
        in said
    )
    plan = openpyxl.load_workbook(tmp_path / "together.xlsm", data_only=True)["Plan"]
    shown = "".join(str(c) for row in plan.iter_rows(values_only=True) for c in row if c)
    # (the sheet wraps the long line over rows, at a space)
    assert shown.replace(" ", "").count(said.replace(" ", "")) == 1

    apart = recalculate(_stopped_book(tmp_path / "apart.xlsm", False)).result
    assert not [n for n in apart.evidence.notes if n.code.startswith("lost_chain")]
    # Last orders 2025-04-20 … 2025-09-25 (store k in month 4 + k, day 20 + k, 31 days
    # apart). A master's ends nobody typed are dated the day after the last order, chain or
    # not (fix49a, trial 48 N1: core.lapse), so the control is dated as the chain is: none
    # in the baseline (2025-12 … 2026-11). On the rule's days (+ 180, 2025-10-17 … 2026-03-24)
    # it counted the last four there, the chain none.
    assert apart.evidence.baseline_months[0] == pd.Period("2025-12", "M")
    counts = apart.evidence.base["cancellations"]
    assert (counts["ALL"], counts["Kato"], counts["Ito"], counts["Sato"]) == (0, 0, 0, 0)
    ends = apart.history.accounts.drop_duplicates("account").set_index("account")["end"]
    days = ["2025-04-21", "2025-05-22", "2025-06-23", "2025-07-24", "2025-08-25", "2025-09-26"]
    assert [ends[f"CH{k}"] for k in range(6)] == [pd.Timestamp(d) for d in days]


def _orders_only_rows(year: int = 2025) -> list[list[object]]:
    """Orders only, with the customers' names: three reps' 20 accounts each on the 5th of
    every month 2023-01 … 2026-12, and six さくら薬局 stores (two a rep), store k every
    7·(k + 1) days to its last order (``year``)-09-(20 + k), ¥1,000 an order."""
    header: list[object] = ["受注日", "得意先コード", "得意先名", "担当者", "金額", "数量"]
    rows: list[list[object]] = [header]
    months = pd.date_range("2023-01-01", "2026-12-01", freq="MS")
    for r, rep in enumerate(("Sato", "Ito", "Kato")):
        for i in range(20):
            code, name = f"{rep}{i}", f"{rep}商店{i}"
            rows += [
                [(m + pd.Timedelta(days=4)).strftime("%Y/%m/%d"), code, name, rep, 10_000, 1]
                for m in months
            ]
        for k in (2 * r, 2 * r + 1):
            last = pd.Timestamp(f"{year}-09-{20 + k}")
            days = pd.date_range(end=last, start="2023-01-01", freq=f"{7 * (k + 1)}D")
            days = days + (last - days[-1])
            rows += [
                [d.strftime("%Y/%m/%d"), f"CH{k}", f"さくら薬局 {k}号店", rep, 1_000, 1]
                for d in days
                if d >= pd.Timestamp("2023-01-01")
            ]
    return rows


def test_orders_only_pasted_or_from_a_file_the_chain_ends_after_its_last_orders(
    tmp_path: Path,
) -> None:
    """Accounts derived by the lapse rule, names from the order lines (the chain guessed
    from their first word): the sheet's rows and the CSV file through Sources (compact facts)
    both end the six stores the day after their last orders 2025-09-20 … 25 and say so."""
    rows = _orders_only_rows()
    pasted = sources_or_pasted_book(tmp_path / "pasted.xlsm", {"Orders": rows}, 8_000_000)
    folder = tmp_path / "files"
    folder.mkdir()
    csv_history(folder, {"Orders": rows})
    sourced = sources_or_pasted_book(folder / "sourced.xlsm", None, 8_000_000, sheets=("Orders",))
    found = []
    for book in (pasted, sourced):
        result = recalculate(book).result
        [note] = [n for n in result.evidence.notes if n.code.startswith("lost_chain_churn")]
        assert note.code == "lost_chain_churn_guessed_stopped"
        assert (note.params["name"], note.params["count"]) == ("さくら薬局", 6)
        assert note.params["when"] == "2025-09-21 – 2025-09-26"
        assert note.params["stopped"] == "2025-09-20〜25"
        found.append(result.evidence.base.at["ALL", "cancellations"])
    assert found[0] == found[1]


# --- session 38: a chain that stopped together but that the lapse rule has not ended yet


def test_a_chain_silent_for_two_months_is_gone_before_the_rule_ends_it() -> None:
    """Six さくら薬局 stores with no end date (the rule waits up to 180 days), last orders
    2026-09-25 … 30; a seventh still ordering. On 2026-11-29 the last of them has been silent
    60 days (CHAIN_GONE_DAYS): all six end the day after their last orders (6 ≥ ½ of the 7
    live). On 2026-11-28 the 09-30 store has been silent 59 days: the other five (5 ≥ ½ × 7)
    go, it stays. On 2026-11-20 (silent 51–56 days) none; without ``as_of`` none either (the
    rule's ends only, as before)."""
    rows = [(f"S{i}", f"さくら薬局 {i}号店", f"2026-09-{25 + i:02d}", None) for i in range(6)]
    rows += [("S6", "さくら薬局 6号店", "2026-11-27", None)]
    accounts, last = _ruled(rows)
    out, moved = stopped_together(accounts, last, [], date(2026, 11, 29))
    assert moved == frozenset(f"S{i}" for i in range(6))
    ends = dict(zip(out["account"], out["end"], strict=True))
    for i in range(6):
        assert ends[f"S{i}"] == pd.Timestamp("2026-09-26") + pd.Timedelta(days=i)
    assert pd.isna(ends["S6"])
    _, moved = stopped_together(accounts, last, [], date(2026, 11, 28))
    assert moved == frozenset(f"S{i}" for i in range(5))
    assert stopped_together(accounts, last, [], date(2026, 11, 20))[1] == frozenset()
    assert stopped_together(accounts, last, [])[1] == frozenset()
    # Six unrelated shops silent as long are no chain: left to the rule.
    shops = [(f"U{i}", f"薬局{i}", f"2026-09-{25 + i:02d}", None) for i in range(6)]
    assert stopped_together(*_ruled(shops), [], date(2026, 11, 29))[1] == frozenset()


def test_a_chain_that_left_three_months_ago_is_out_of_the_starting_book(tmp_path: Path) -> None:
    """The master without end dates (``_stopped_book``), the six stores' last orders
    2026-09-20 … 25, planned on 2026-12-31: the rule would end them in 2027-03 (180 days), so
    before they were held: a starting book of 66 (60 + 6). Silent together for 97–102 days
    (≥ 60), they end 2026-09-21 … 26: a starting book of 60 (each rep's 20), the baseline's
    book (2025-12 … 2026-11, month ends) 60: every holder's part of the chain's exit is out
    of his baseline (trial 46 M3; before, 60 + 6 × 9/12 = 64.5, held to the end of August
    though no churn took them), one chain line on the Plan saying the rule. The control —
    the same stores stopping 2026-11-20 … 25, silent 36–41 days — stays held (66) with no
    chain line."""
    book = _stopped_book(tmp_path / "gone.xlsm", True, year=2026)
    ev = recalculate(book).result.evidence
    assert ev.start_accounts["ALL"] == 60
    assert ev.start_accounts["Sato"] == 20
    assert ev.base.at["ALL", "active_accounts"] == pytest.approx(60)
    [note] = [n for n in ev.notes if n.code.startswith("lost_chain_churn")]
    assert note.code == "lost_chain_churn_stopped"
    assert (note.params["count"], note.params["reps"], note.params["out"]) == (6, 3, 6)
    assert note.params["when"] == "2026-09-21 – 2026-09-26"
    assert note.params["stopped"] == "2026-09-20〜25"
    said = note_text(note.code, note.params, "ja")
    assert said.endswith(
        "(チェーンの店が揃って受注を止め、60日以上受注がなければ、解約の判定"
        "(最後の受注から最長180日)を待たずにチェーンの取引終了とみなします)"
    )
    plan = openpyxl.load_workbook(book, data_only=True)["Plan"]
    shown = "".join(str(c) for row in plan.iter_rows(values_only=True) for c in row if c)
    assert shown.replace(" ", "").count(said.replace(" ", "")) == 1

    recent = recalculate(_stopped_book(tmp_path / "recent.xlsm", True, 2026, 11)).result
    assert recent.evidence.start_accounts["ALL"] == 66
    assert not [n for n in recent.evidence.notes if n.code.startswith("lost_chain")]


def test_orders_only_pasted_or_from_a_file_a_chain_silent_three_months_is_gone(
    tmp_path: Path,
) -> None:
    """Orders only, the six stores' last orders 2026-09-20 … 25 (the rule's 180 days not
    come by 2026-12-31): pasted rows and the CSV through Sources both end them the day after
    their last orders, out of the starting book (60, was 66), and say so alike."""
    rows = _orders_only_rows(2026)
    pasted = sources_or_pasted_book(tmp_path / "pasted.xlsm", {"Orders": rows}, 8_000_000)
    folder = tmp_path / "files"
    folder.mkdir()
    csv_history(folder, {"Orders": rows})
    sourced = sources_or_pasted_book(folder / "sourced.xlsm", None, 8_000_000, sheets=("Orders",))
    for book in (pasted, sourced):
        ev = recalculate(book).result.evidence
        [note] = [n for n in ev.notes if n.code.startswith("lost_chain_churn")]
        assert note.code == "lost_chain_churn_guessed_stopped"
        assert note.params["when"] == "2026-09-21 – 2026-09-26"
        assert ev.start_accounts["ALL"] == 60


def test_a_seasonal_chain_silent_for_two_months_is_on_its_break_not_gone() -> None:
    """Review 42: a co-op's five branches (「JAみどり 東/西/南/北/中支店」) order weekly from
    March to September every year; on 2025-12-01 they have been silent ~70 days, as a year
    before at this time. The lapse rule holds them for their season (core.lapse
    ``season_wait``) and so does the gone rule (``on_break``): they stay live. Five
    「サンエブリー」 stores ordering weekly all year that stopped in late September (no such gap
    a year before) are gone: they end the day after their last orders."""
    rows = []
    for i in range(5):
        for year in (2023, 2024, 2025):
            days = pd.date_range(f"{year}-03-01", f"{year}-09-2{i}", freq="7D")
            rows += [(d, f"J{i}", "r0", 1000.0, 1.0) for d in days]
        stop = pd.Timestamp("2025-09-22") + pd.Timedelta(days=i)
        days = pd.date_range("2023-01-02", stop, freq="7D")
        rows += [(d, f"S{i}", "r1", 1000.0, 1.0) for d in days]
    # A large customer of r1's still ordering: the stores are small, the rule waits 180 days.
    days = pd.date_range("2023-01-02", "2025-11-24", freq="7D")
    rows += [(d, "K", "r1", 100_000.0, 1.0) for d in days]
    orders = pd.DataFrame(rows, columns=["date", "account", "rep", "amount", "quantity"])
    day = date(2025, 12, 1)
    accounts = derive_accounts(orders, day)
    names = {f"J{i}": f"JAみどり {s}支店" for i, s in enumerate("東西南北中")} | {
        f"S{i}": f"サンエブリー {i}号店" for i in range(5)
    }
    accounts["name"] = accounts["account"].map(names)
    history = History(orders=orders, accounts=accounts, accounts_derived=True)
    before = dict(zip(accounts["account"], accounts["end"], strict=True))
    assert all(pd.isna(before[f"J{i}"]) for i in range(5))  # the lapse rule holds them
    assert all(pd.isna(before[f"S{i}"]) for i in range(5))  # not ended by the rule yet
    out = with_stopped_chains(history, day).accounts
    ends = dict(zip(out["account"], out["end"], strict=True))
    for i in range(5):
        assert pd.isna(ends[f"J{i}"]), f"J{i}"
        stop = pd.Timestamp("2025-09-22") + pd.Timedelta(days=i)
        last = orders["date"][orders["account"] == f"S{i}"].max()
        assert last <= stop
        assert ends[f"S{i}"] == last + pd.Timedelta(days=1)
    # Read without the rhythm (the last orders only), the co-op would be ended: the gap.
    _, moved = stopped_together(accounts, orders.groupby("account")["date"].max(), [], day)
    assert {f"J{i}" for i in range(5)} <= moved
