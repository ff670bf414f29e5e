"""Accounts read from the orders beside a partial Accounts sheet, the lapse rule on the
account's own rhythm, and a customer master without end dates (core.lapse; trial 24's H1,
H2 and M7).

The history: reps A and B with 20 accounts each (A0–A19, B0–B19), ordering ¥1,000 on the
5th and 20th of every month from April 2024 to March 2026, and A's hotel H, ¥5,000 every
Monday from April 2024 to its last order on Monday 2025-11-10 (then lost to a competitor).
The plan year is FY2026 (April 2026 – March 2027), as of 2026-03-31.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from routekpi.contract import Check
from routekpi.core.lapse import (
    LAPSE_DAYS,
    LAPSE_FLOOR_DAYS,
    MASTER_KEEPS_SHARE,
    RHYTHM_ORDERS,
    EndRecord,
    derive_accounts,
    end_record,
    is_partial,
    lapse_after,
    last_order_by,
    master_lapses,
    order_rhythm,
    with_typed,
)
from routekpi.core.measure import TEAM
from routekpi.messages import text
from routekpi.pipeline import Computed, compute_file
from routekpi.sources import SourceRef
from routekpi.sources.sqltext import parameters, render, sql_text
from tests.test_sources import assert_same_results
from tests.workbook_files import pasted_book

AS_OF = date(2026, 3, 31)
HOTEL_LAST = pd.Timestamp("2025-11-10")  # a Monday
REPS = ("A", "B")


def _orders() -> pd.DataFrame:
    rows = []
    for month in pd.period_range("2024-04", "2026-03", freq="M"):
        for rep in REPS:
            for i in range(20):
                for day in (5, 20):
                    rows.append((month.start_time + pd.Timedelta(days=day - 1), f"{rep}{i}", rep))
    orders = pd.DataFrame(rows, columns=["date", "account", "rep"]).assign(amount=1000.0)
    mondays = pd.date_range("2024-04-01", HOTEL_LAST, freq="W-MON")
    hotel = pd.DataFrame({"date": mondays, "account": "H", "rep": "A", "amount": 5000.0})
    orders = pd.concat([orders, hotel], ignore_index=True).sort_values("date", kind="stable")
    return orders.assign(quantity=1.0).reset_index(drop=True)


def _book(path: Path, accounts: list[list[object]], orders: bool = True) -> Path:
    rows: dict[str, list[list[object]]] = {}
    if orders:
        o = _orders()
        rows["Orders"] = [
            [r.date.date(), r.account, r.rep, r.amount, 1, None] for r in o.itertuples()
        ]
    if accounts:
        rows["Accounts"] = accounts
    return pasted_book(
        path, rows, kgi=2_000_000.0, plan_year=2026, start_month=4, as_of=AS_OF, language="en"
    )


def _master_rows() -> list[list[object]]:
    start = date(2020, 1, 1)
    return [[f"{r}{i}", None, r, start, None, None, None] for r in REPS for i in range(20)]


HOTEL_ROW = ["H", "Hotel Bay", "A", date(2020, 1, 1), date(2025, 11, 10), None, None]


def _checks(computed: Computed, code: str) -> list[Check]:
    return [c for c in computed.checks if c.problem == code]


# --- the lapse rule on the account's rhythm --------------------------------------------------


def test_the_lapse_follows_each_accounts_rhythm() -> None:
    rhythm = pd.DataFrame(
        {
            "first": pd.to_datetime(["2024-06-01"] + ["2023-01-01"] * 4),
            "last": pd.to_datetime(["2025-01-01"] * 5),
            "count": [50, 40, 40, RHYTHM_ORDERS - 1, 12],
            "usual": [7.0, 15.0, 15.0, 7.0, 40.0],
            "longest": [7.0, 16.0, 70.0, 7.0, 60.0],
        },
        index=pd.Index(["weekly", "fortnightly", "paused", "few", "monthly"], dtype=object),
    )
    index = pd.Index(["weekly", "fortnightly", "paused", "few", "monthly", "x"])
    got = lapse_after(rhythm, index)  # no reps: every account read as large
    # weekly: 6 × 7 = 42 → the floor; fortnightly: 6 × 15 = 90; paused once for 70 days:
    # 2 × 70 = 140; four order days: no rhythm; monthly: 6 × 40 = 240 → the ceiling;
    # not in the table (no order): the ceiling.
    assert LAPSE_FLOOR_DAYS == 60 and LAPSE_DAYS == 180
    assert got.tolist() == [60.0, 90.0, 140.0, 180.0, 180.0, 180.0]
    # Seen on 2025-01-01, the weekly one first ordered 2024-06-01: under a year of record
    # (a seasonal pause may not show yet), the ceiling; the others from 2023.
    dated = lapse_after(rhythm, index, as_of=date(2025, 1, 1))
    assert dated.tolist() == [180.0, 90.0, 140.0, 180.0, 180.0, 180.0]


def test_only_a_large_account_is_read_on_its_rhythm() -> None:
    """Rep R's year: weekly ¥96,000 (4.8% of ¥2,000,000: under RHYTHM_SHARE) and big
    ¥1,904,000 (95.2%), both weekly: the small one keeps the 180 days."""
    rhythm = pd.DataFrame(
        {
            "last": pd.to_datetime(["2025-01-01"] * 2),
            "count": [50, 50],
            "usual": [7.0, 7.0],
            "longest": [7.0, 7.0],
            "revenue": [96_000.0, 1_904_000.0],
        },
        index=pd.Index(["small", "big"], dtype=object),
    )
    index = pd.Index(["small", "big"])
    got = lapse_after(rhythm, index, pd.Series(["R", "R"], index=index))
    assert got.tolist() == [180.0, 60.0]
    # On his own, the small one is the whole of his rep's book: large.
    alone = lapse_after(rhythm, index, pd.Series(["R", "S"], index=index))
    assert alone.tolist() == [60.0, 60.0]


def test_a_weekly_hotel_silent_for_months_is_lost_on_its_rhythm() -> None:
    """Without a master the hotel (¥5,000 a week to 2025-11-10: ¥160,000 in the year to
    2026-03-31, 25% of A's ¥640,000) ends 60 days after its last order, not 180; the others
    ordering every fortnight (¥24,000 a year, 3.8% of A's) are held."""
    orders = _orders()
    rhythm = order_rhythm(orders, AS_OF)
    assert rhythm.loc["H", "usual"] == 7.0 and rhythm.loc["H", "longest"] == 7.0
    assert rhythm.loc["H", "revenue"] == 32 * 5000.0  # Mondays 2025-04-07 – 2025-11-10
    assert rhythm.loc["A0", "revenue"] == 24 * 1000.0
    assert rhythm.loc["A0", "usual"] == 15.0 and rhythm.loc["A0", "longest"] == 16.0
    accounts = derive_accounts(orders, AS_OF).set_index("account")
    assert accounts.loc["H", "end"] == HOTEL_LAST + pd.Timedelta(days=60)  # 2026-01-09
    assert accounts["end"].notna().sum() == 1
    # Seen on 2026-01-08, the hotel is not lost yet (59 days).
    early = derive_accounts(orders, date(2026, 1, 8)).set_index("account")
    assert early["end"].isna().all()


# --- a partial Accounts sheet ---------------------------------------------------------------


def test_a_sheet_under_half_the_customers_is_notes_on_some_accounts() -> None:
    assert is_partial(1, 41) and is_partial(20, 41)
    assert not is_partial(21, 41) and not is_partial(0, 41) and not is_partial(45, 41)


def test_typed_accounts_take_the_place_of_the_derived_ones() -> None:
    derived = derive_accounts(_orders(), AS_OF)
    typed = pd.DataFrame(
        {
            "account": ["H", "Z"],
            "name": ["Hotel Bay", "Not ordering"],
            "rep": ["B", "B"],
            "start": pd.to_datetime(["2020-01-01", "2026-02-01"]),
            "end": pd.to_datetime(["2025-11-10", None]),
        }
    )
    got = with_typed(derived, typed)
    assert got["account"].tolist()[:2] == ["H", "Z"]
    assert len(got) == 42 and got["account"].is_unique
    hotel = got.set_index("account").loc["H"]
    assert (hotel["rep"], hotel["start"], hotel["end"]) == (
        "B",
        pd.Timestamp("2020-01-01"),
        pd.Timestamp("2025-11-10"),
    )
    assert got.set_index("account").loc["A3", "rep"] == "A"
    assert str(got["end"].dtype).startswith("datetime64")


def test_one_typed_row_supplements_the_orders_on_sheets_and_files(tmp_path: Path) -> None:
    """Trial 24's H1: one Accounts row for the lost hotel. The 40 other customers are read
    from the orders; the hotel ends on its typed day and leaves A's baseline; pasted rows and
    an orders file plan the same."""
    book = _book(tmp_path / "hotel.xlsm", [HOTEL_ROW])
    sheets = compute_file(book)[0]
    _orders().assign(note=None).to_parquet(tmp_path / "orders.parquet", index=False)
    files_book = _book(tmp_path / "hotel_files.xlsm", [HOTEL_ROW], orders=False)
    refs = {"Orders": SourceRef("Orders", str(tmp_path / "orders.parquet"))}
    files = compute_file(files_book, sources=refs)[0]
    assert files.result.history is not None and files.result.history.facts is not None
    for computed in (sheets, files):
        result = computed.result
        said = _checks(computed, "accounts_partial")
        assert len(said) == 1 and said[0].severity == "info"
        assert {k: said[0].params[k] for k in ("typed", "customers", "derived")} == {
            "typed": 1,
            "customers": 41,
            "derived": 40,
        }
        assert not _checks(computed, "unknown_account")
        assert not _checks(computed, "accounts_from_orders_rhythm")
        accounts = result.history.accounts.set_index("account")
        assert len(accounts) == 41 and result.history.accounts_derived
        assert accounts.loc["H", "end"] == pd.Timestamp("2025-11-10")
        assert accounts.loc["H", "start"] == pd.Timestamp("2020-01-01")
        assert accounts.drop(index="H")["end"].isna().all()
        # Every account but the hotel is held: A 20 and B 20, the targets are numbers.
        targets = result.targets
        base = targets[(targets["kpi"] == "active_accounts") & (targets["period"] == "FY2026")]
        assert base.set_index("rep")["baseline"].to_dict() == {"A": 20.0, "B": 20.0, TEAM: 40.0}
        revenue = targets[(targets["kpi"] == "revenue") & (targets["period"] == "FY2026")]
        assert np.isfinite(revenue["target"].astype(float)).all()
    assert_same_results(sheets.result, files.result)
    message = text("accounts_partial", "en", **_checks(sheets, "accounts_partial")[0].params)
    assert "lists only 1 account" in message and "the other 40" in message


def test_a_full_master_is_read_as_before(tmp_path: Path) -> None:
    """A sheet with every customer is the master: no derived accounts, no info line."""
    rows = _master_rows()
    computed = compute_file(_book(tmp_path / "full.xlsm", [*rows, HOTEL_ROW]))[0]
    assert not computed.result.history.accounts_derived
    assert not _checks(computed, "accounts_partial")
    assert not _checks(computed, "master_lapsed")  # the hotel's end is typed


# --- a master without end dates -------------------------------------------------------------


def test_a_master_without_end_dates_ends_the_silent_accounts(tmp_path: Path) -> None:
    """Trial 24's M7: an ERP master with no end dates. The hotel (weekly, silent since
    2025-11-10) is lost on the rule's day, 2026-01-09, its end dated the day after its last
    order, 2025-11-11 (fix49a, trial 48 N1: as a closure flag's); Q, on the master with no
    order in the history (the first order, the hotel's, is on Monday 2024-04-01), is lost 180
    days after it (2024-09-28) and ends the day after, 2024-04-02; R, opened 2026-02-01
    without an order yet, is held; the others order every fortnight. Pasted rows and an
    orders file say the same."""
    rows = _master_rows()
    rows += [
        ["H", "Hotel Bay", "A", date(2020, 1, 1), None, None, None],
        ["Q", "Quiet", "B", date(2020, 1, 1), None, None, None],
        ["R", "Recent", "B", date(2026, 2, 1), None, None, None],
    ]
    sheets = compute_file(_book(tmp_path / "master.xlsm", rows))[0]
    _orders().assign(note=None).to_parquet(tmp_path / "orders.parquet", index=False)
    refs = {"Orders": SourceRef("Orders", str(tmp_path / "orders.parquet"))}
    files = compute_file(_book(tmp_path / "m2.xlsm", rows, orders=False), sources=refs)[0]
    for computed in (sheets, files):
        result = computed.result
        said = _checks(computed, "master_lapsed")
        assert len(said) == 1 and said[0].severity == "warn"
        assert said[0].params["count"] == 2
        assert said[0].params["examples"] == "H(2025-11-11), Q(2024-04-02)"
        assert (said[0].params["total"], said[0].params["ends"]) == (43, 0)
        # Of the customers silent for a year by 2026-03-31 only Q (the hotel: 141 days), none
        # with an end date typed: the master does not record ends.
        assert (said[0].params["stopped"], said[0].params["recorded"]) == (1, 0)
        assert "only 0 of the 1 customer with no order for a year" in text(
            "master_lapsed", "en", **said[0].params
        )
        accounts = result.history.accounts.set_index("account")
        assert accounts.loc["H", "end"] == pd.Timestamp("2025-11-11")
        assert accounts.loc["Q", "end"] == pd.Timestamp("2024-04-02")
        assert pd.isna(accounts.loc["R", "end"])
        assert accounts["end"].notna().sum() == 2
        assert not result.history.accounts_derived
    assert_same_results(sheets.result, files.result)


def _master(ends: dict[str, str]) -> pd.DataFrame:
    """The 40 fortnightly accounts, H and 20 codes X0–X19 never ordering, all from 2020."""
    codes = [f"{r}{i}" for r in REPS for i in range(20)] + ["H"] + [f"X{i}" for i in range(20)]
    return pd.DataFrame(
        {
            "account": codes,
            "name": None,
            "rep": ["B" if c.startswith("B") else "A" for c in codes],
            "start": pd.Timestamp("2020-01-01"),
            "end": pd.to_datetime([ends.get(c) for c in codes]),
        }
    )


def test_a_typed_end_date_stands_against_the_lapse_rule() -> None:
    """H's contract runs to next year and stands; the 20 never ordering, silent since the
    first order (2024-04-01) and none with an end date (the master does not record ends),
    end 180 days after it."""
    orders = _orders()
    rhythm = order_rhythm(orders, AS_OF)
    accounts = _master({"H": "2027-03-31"})
    out, ended, _ = master_lapses(accounts, rhythm, AS_OF, orders["date"].min())
    assert ended == [f"X{i}" for i in range(20)]
    ends = out.set_index("account")["end"]
    assert ends["H"] == pd.Timestamp("2027-03-31")
    assert (ends[ended] == pd.Timestamp("2024-04-02")).all()
    assert ends.drop(index=["H", *ended]).isna().all()


def test_the_record_counts_the_customers_who_stopped_ordering() -> None:
    """By 2026-03-31: the 20 X codes never ordered (silent since the first order, 2024-04-01);
    the hotel's 141 days (since 2025-11-10) are not yet a year, the others order every
    fortnight. Of the 20, the ones with an end date typed are recorded; H's typed end (it
    has not stopped) counts for nothing."""
    orders = _orders()
    last = last_order_by(orders, pd.Timestamp(AS_OF))
    first = orders["date"].min()
    ends = {f"X{i}": "2024-09-30" for i in range(7)} | {"H": "2027-03-31"}
    assert end_record(_master(ends), last, AS_OF, first) == EndRecord(20, 7, 8)
    assert end_record(_master({}), last, AS_OF, first) == EndRecord(20, 0, 0)
    # A day before the hotel's year: still 20; on it (2026-11-10) the hotel is one more.
    assert end_record(_master({}), last, date(2026, 11, 9), first) == EndRecord(20, 0, 0)
    assert end_record(_master({}), last, date(2026, 11, 10), first) == EndRecord(21, 0, 0)
    # No order in the history: no one has stopped; an end date somewhere keeps them, none
    # (an ERP export) leaves the large accounts to their rhythm's lapse.
    assert end_record(_master({"H": "2027-03-31"}), last, AS_OF, None) == EndRecord(0, 0, 1)
    assert EndRecord(0, 0, 1).kept and not EndRecord(0, 0, 0).kept


@pytest.mark.parametrize("typed", [20, 16, 15, 4])
def test_a_master_keeps_end_dates_when_most_stopped_customers_have_one(typed: int) -> None:
    """Trial 32's H1: a master that records some closures (48 of 669 accounts, 7%) but not
    the other 55 customers silent over 180 days was read as typed (the old rule: 2% of all
    accounts with an end date). Now the share of the customers silent for a year with one
    decides:
    20 or 16 of the 20 X codes (80%, ``MASTER_KEEPS_SHARE``) → kept: read as typed but for
    its omissions (trial 33 M4), the year-silent X codes left blank, which end as a derived
    account would (180 days after the first order); the hotel, silent 141 days, stays open
    (a neglected customer may be won back). 15 or 4 of 20 → the lapse rule ends every
    blank one (the hotel on its rhythm's day) and the typed dates stand."""
    assert MASTER_KEEPS_SHARE == 0.8
    orders = _orders()
    ends = {f"X{i}": "2024-06-30" for i in range(typed)}
    accounts = _master(ends)
    out, ended, _ = master_lapses(
        accounts, order_rhythm(orders, AS_OF), AS_OF, orders["date"].min()
    )
    if typed == 20:
        assert ended == [] and out is accounts
        return
    if typed >= 16:
        assert ended == [f"X{i}" for i in range(typed, 20)]
        got = out.set_index("account")["end"]
        assert (got[ended] == pd.Timestamp("2024-04-02")).all()
        assert pd.isna(got["H"])
        return
    assert ended == ["H", *(f"X{i}" for i in range(typed, 20))]
    got = out.set_index("account")["end"]
    assert got["H"] == pd.Timestamp("2025-11-11")
    assert (got[ended[1:]] == pd.Timestamp("2024-04-02")).all()
    assert (got[[f"X{i}" for i in range(typed)]] == pd.Timestamp("2024-06-30")).all()
    assert got.drop(index=["H", *(f"X{i}" for i in range(20))]).isna().all()


def test_a_master_recording_some_closures_ends_the_rest_on_sheets_and_files(
    tmp_path: Path,
) -> None:
    """The master as trial 32's: closures typed for some customers (Q1–Q3, ended
    2024-06-30), not for others (Q4–Q6, no order in the history either). 3 of the 6 who
    stopped have an end date: the rule ends Q4–Q6 (180 days after the first order), dated
    the day after it, 2024-04-02; the hotel on its rhythm (dated the day after its last
    order), and one Checks line says why; pasted rows and an orders file say the same."""
    rows = _master_rows()
    rows += [["H", "Hotel Bay", "A", date(2020, 1, 1), None, None, None]]
    rows += [
        [f"Q{i}", None, "B", date(2020, 1, 1), date(2024, 6, 30), None, None] for i in (1, 2, 3)
    ]
    rows += [[f"Q{i}", None, "B", date(2020, 1, 1), None, None, None] for i in (4, 5, 6)]
    sheets = compute_file(_book(tmp_path / "master.xlsm", rows))[0]
    _orders().assign(note=None).to_parquet(tmp_path / "orders.parquet", index=False)
    refs = {"Orders": SourceRef("Orders", str(tmp_path / "orders.parquet"))}
    files = compute_file(_book(tmp_path / "m2.xlsm", rows, orders=False), sources=refs)[0]
    # The master from a file too: its Checks line names the file, as its other lines do.
    master = pd.DataFrame(
        [r[:5] for r in rows], columns=["Account", "Name", "Rep", "Start date", "End date"]
    )
    master.to_csv(tmp_path / "master.csv", index=False)
    refs_all = {**refs, "Accounts": SourceRef("Accounts", str(tmp_path / "master.csv"))}
    both = compute_file(_book(tmp_path / "m3.xlsm", [], orders=False), sources=refs_all)[0]
    assert [c.sheet for c in _checks(both, "master_lapsed")] == ["master.csv"]
    for computed in (sheets, files, both):
        said = _checks(computed, "master_lapsed")
        assert len(said) == 1
        params = said[0].params
        assert (params["stopped"], params["recorded"], params["count"]) == (6, 3, 4)
        assert params["examples"] == "H(2025-11-11), Q4(2024-04-02), Q5(2024-04-02), Q6(2024-04-02)"
        ends = computed.result.history.accounts.set_index("account")["end"]
        assert (ends[["Q1", "Q2", "Q3"]] == pd.Timestamp("2024-06-30")).all()
        assert (ends[["Q4", "Q5", "Q6"]] == pd.Timestamp("2024-04-02")).all()
        assert ends["H"] == pd.Timestamp("2025-11-11")
    assert_same_results(sheets.result, files.result)


def test_a_master_keeping_its_ends_has_its_omissions_ended_on_sheets_and_files(
    tmp_path: Path,
) -> None:
    """Trial 33 M4: 16 of 19 closed restaurants silent for a year had their 解約日 typed; the
    other three stayed active (at risk, on the Daily list) for 380–465 days. Here Q1–Q5 are
    typed (ended 2024-06-30), Q6 is not: 5 of the 6 who stopped (83% ≥ 80%), so the master
    keeps its ends, and Q6 alone ends by the rule (180 days after the first order, dated the
    day after it: 2024-04-02); the hotel, 141 days silent, stays open. One info line says
    so; pasted rows and files say the same."""
    rows = _master_rows()
    rows += [["H", "Hotel Bay", "A", date(2020, 1, 1), None, None, None]]
    rows += [
        [f"Q{i}", None, "B", date(2020, 1, 1), date(2024, 6, 30), None, None] for i in range(1, 6)
    ]
    rows += [["Q6", None, "B", date(2020, 1, 1), None, None, None]]
    sheets = compute_file(_book(tmp_path / "kept.xlsm", rows))[0]
    _orders().assign(note=None).to_parquet(tmp_path / "orders.parquet", index=False)
    master = pd.DataFrame(
        [r[:5] for r in rows], columns=["Account", "Name", "Rep", "Start date", "End date"]
    )
    master.to_csv(tmp_path / "master.csv", index=False)
    refs = {
        "Orders": SourceRef("Orders", str(tmp_path / "orders.parquet")),
        "Accounts": SourceRef("Accounts", str(tmp_path / "master.csv")),
    }
    files = compute_file(_book(tmp_path / "k2.xlsm", [], orders=False), sources=refs)[0]
    for computed, where in ((sheets, "Accounts"), (files, "master.csv")):
        said = _checks(computed, "master_lapsed.kept")
        assert [(c.sheet, c.severity) for c in said] == [(where, "info")]
        assert not _checks(computed, "master_lapsed")
        params = said[0].params
        assert (params["stopped"], params["recorded"], params["count"]) == (6, 5, 1)
        assert params["examples"] == "Q6(2024-04-02)"
        ends = computed.result.history.accounts.set_index("account")["end"]
        assert ends["Q6"] == pd.Timestamp("2024-04-02") and pd.isna(ends["H"])
    assert_same_results(sheets.result, files.result)
    assert text(
        "master_lapsed.kept", "ja", **_checks(sheets, "master_lapsed.kept")[0].params
    ).startswith(
        "顧客シートの解約日は入力どおりに使っています(1年以上受注のない顧客6件のうち5件に入力)。"
        "ただし解約日が空欄で1年以上受注のない1件は入力漏れとみなし"
    )


@pytest.mark.parametrize("day", [date(2026, 1, 8), date(2026, 1, 9)])
def test_the_master_lapse_waits_for_the_rule(day: date) -> None:
    accounts = pd.DataFrame(
        {
            "account": ["H"],
            "name": [None],
            "rep": ["A"],
            "start": pd.to_datetime(["2020-01-01"]),
            "end": pd.to_datetime([None]),
        }
    )
    orders = _orders()
    _, ended, _ = master_lapses(accounts, order_rhythm(orders, day), day, orders["date"].min())
    assert ended == ([] if day < date(2026, 1, 9) else ["H"])


def test_the_rhythm_query_is_plain_portable_sql() -> None:
    """order_rhythm.sql as the other shipped queries (tests/test_sources.py)."""
    text = sql_text("order_rhythm").lower()
    for dialect in ("strftime", "date_trunc", "::", "list(", "struct", "qualify", "median("):
        assert dialect not in text, dialect
    rendered = render("order_rhythm", parameters(date(2026, 3, 31)))
    assert "date '2026-03-31'" in rendered.lower() and ":as_of" not in rendered
    assert ":year_ago" not in rendered and ":slack" not in rendered
    assert "ago + 45" in rendered and "counted = 3" in rendered  # the season's day counts
