"""Schools are no chain exit (trial 53 H2).

A book & stationery distributor's schools buy only in March–April. Its hand-typed master
writes the founder apart — 「県立 本町高等学校」, 「市立 港小学校」, 「学校法人 青雲学園 中学校」 —
so the chain rule (core.chain_exit: a name's first word) read 県立, 市立 and 学校法人 as three
chains whose stores all stopped ordering in late April: 49 open schools ended, 15% off the
baseline, the −2% KGI read +15.7%. Two rules now, in plain words:

(a) an account whose silence is its seasonal break (the lapse rule's own test, core.lapse
    ``on_break``: the same weeks a year ago were a break) is not gone — the file sources read
    the chain rule on the very rhythm the lapse rule held them for (before, on none);
(b) a founder or public body (県立, 市立, 学校法人 … core.name_words ``FOUNDER_WORDS``) is no
    chain's name.

Hand-built master without end dates, three reps (Sato, Ito, Kato), default as-of 2026-11-05
(the last order), plan 2027:

- 20 shops a rep: ¥10,000 on the 5th of every month 2023-01 … 2026-11.
- K0…K5 「県立 第k高等学校」 and M0…M5 「みどり学園 k校」 (a name word that is no founder: only
  (a) holds them), two of each a rep: ¥50,000 on 03-05, 03-12, 03-19, 03-26, 04-09 and
  04-(16 + k) of 2023 … 2026. Last order 2026-04-(16 + k), silent 198–203 days: past the
  180 days, but a year before it (2025-04-(16 + k)) the third order more than 45 days later
  came on 2026-03-19, 337 − k days on (337 − k − 45 > 1.5 × 3 × 7, their usual 7-day gap):
  a break, held until 2027-04 (the season + 45 days, at most 365).
- S0…S5 「サンエブリー k号店」, two a rep: ¥1,000 every 7 days from 2023-01-02 + k days to
  their last orders 2026-08-31 + k (within 31 days of each other), silent 61–66 days (≥ 60)
  with no break a year before: gone, each ended the day after its last order.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from routekpi.core.chain_exit import name_stem, stopped_together
from routekpi.core.name_words import FOUNDER_WORDS
from routekpi.recalc import recalculate
from tests.workbook_files import csv_history, sources_or_pasted_book

REPS = ("Sato", "Ito", "Kato")
SCHOOL_DAYS = ("03-05", "03-12", "03-19", "03-26", "04-09")


def test_a_founders_word_is_no_chain_a_shops_first_word_is() -> None:
    assert name_stem("県立 本町高等学校") is None
    assert name_stem("市立　港小学校") is None  # a full-width space
    assert name_stem("学校法人 青雲学園 中学校") is None
    assert name_stem("社会福祉法人 みどり会 ひかり園") is None
    assert name_stem("サンエブリー 駅前1号店") == "サンエブリー"
    assert name_stem("みどり学園 1校") == "みどり学園"
    assert {"県立", "市立", "町立", "村立", "区立", "国立", "私立", "学校法人"} <= FOUNDER_WORDS


def _school_days(k: int) -> list[pd.Timestamp]:
    return [
        pd.Timestamp(f"{y}-{d}") for y in range(2023, 2027) for d in (*SCHOOL_DAYS, f"04-{16 + k}")
    ]


def _store_days(k: int) -> pd.DatetimeIndex:
    """S k: every 7 days from 2023-01-02 + k days to its last order 2026-08-31 + k."""
    last = pd.Timestamp("2026-08-31") + pd.Timedelta(days=k)
    days = pd.date_range(pd.Timestamp("2023-01-02") + pd.Timedelta(days=k), last, freq="7D")
    return days + (last - days[-1])


def _rows() -> dict[str, list[list[object]]]:
    orders: list[list[object]] = [["受注日", "顧客コード", "担当者", "金額", "数量"]]
    accounts: list[list[object]] = [["顧客コード", "顧客名", "担当者", "取引開始日", "解約日"]]
    months = pd.date_range("2023-01-01", "2026-11-01", freq="MS")
    for r, rep in enumerate(REPS):
        for i in range(20):
            code = f"{rep}{i}"
            accounts.append([code, f"{rep}商店{i}", rep, "2020/01/01", None])
            orders += [
                [(m + pd.Timedelta(days=4)).strftime("%Y/%m/%d"), code, rep, 10_000, 1]
                for m in months
            ]
        for k in (2 * r, 2 * r + 1):
            named = (
                (f"K{k}", f"県立 第{k}高等学校", _school_days(k), 50_000),
                (f"M{k}", f"みどり学園 {k}校", _school_days(k), 50_000),
                (f"S{k}", f"サンエブリー {k}号店", list(_store_days(k)), 1_000),
            )
            for code, name, days, amount in named:
                accounts.append([code, name, rep, "2020/01/01", None])
                orders += [[d.strftime("%Y/%m/%d"), code, rep, amount, 1] for d in days]
    return {"Orders": orders, "Accounts": accounts}


def test_schools_silent_off_season_stay_a_chain_that_stopped_together_goes(
    tmp_path: Path,
) -> None:
    """Pasted rows and the CSV files through Sources alike: the twelve schools (K: a founder's
    word; M: a name word, held by its season) keep no end date and no chain line; the six
    サンエブリー stores, silent 61–66 days with no break a year before, are one chain exit,
    each ended the day after its last order (2026-09-01 … 06)."""
    rows = _rows()
    pasted = sources_or_pasted_book(tmp_path / "pasted.xlsm", rows, 30_000_000)
    folder = tmp_path / "files"
    folder.mkdir()
    csv_history(folder, rows)
    sourced = sources_or_pasted_book(
        folder / "sourced.xlsm", None, 30_000_000, sheets=("Orders", "Accounts")
    )
    for book in (pasted, sourced):
        result = recalculate(book).result
        ends = result.history.accounts.drop_duplicates("account").set_index("account")["end"]
        for k in range(6):
            assert pd.isna(ends[f"K{k}"]) and pd.isna(ends[f"M{k}"]), (book.name, k)
            last = pd.Timestamp("2026-08-31") + pd.Timedelta(days=k)
            assert ends[f"S{k}"] == last + pd.Timedelta(days=1), (book.name, k)
        notes = [n for n in result.evidence.notes if n.code.startswith("lost_chain")]
        assert [(n.params["name"], n.params["count"]) for n in notes] == [("サンエブリー", 6)]
        assert notes[0].params["stopped"] == "2026-08-31〜09-05"
        assert result.evidence.start_accounts["ALL"] == pytest.approx(72), book.name


def test_without_the_rhythm_only_the_founders_word_keeps_the_schools() -> None:
    """``stopped_together`` read on the last orders alone (no rhythm: no seasonal test): the
    M schools (「みどり学園」) stopped together and silent ≥ 60 days are moved; the K schools
    (「県立」) are not — a founder is no chain, whatever the rhythm says."""
    rows = _rows()
    _, *body = rows["Accounts"]
    accounts = pd.DataFrame(body, columns=["account", "name", "rep", "start", "end"])
    accounts["start"] = pd.to_datetime(accounts["start"])
    accounts["end"] = pd.to_datetime(accounts["end"])
    lines = pd.DataFrame(rows["Orders"][1:], columns=["date", "account", "rep", "amount", "q"])
    last = pd.to_datetime(lines["date"]).groupby(lines["account"]).max()
    _, moved = stopped_together(accounts, last, [], pd.Timestamp("2026-11-05").date())
    assert {f"M{k}" for k in range(6)} <= moved
    assert {f"S{k}" for k in range(6)} <= moved
    assert not {f"K{k}" for k in range(6)} & moved
