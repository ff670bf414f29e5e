"""The Daily list's faster readings give what the plain ones give (issue 14: same cells).

- ``closed_months`` on raw rows reads which account had an order (or a visit) in which month
  straight from the rows (``_raw_month_rows``); the plain reading makes the frames a compact
  history keeps (``order_account_days``, ``account_visit_months``) and reads those. Both, and
  the compact history, on a made-up book of 80 accounts where some close a month every year,
  some are met in it, some orders have no rep and some rows no account.
- ``wrap_text`` gives back a text that fits by a quick count (at most 2 units a character,
  1 for ASCII) without a width per character: the lines of the plain reading (kept here)
  for 3,000 texts of kana, kanji, marks, numbers with commas, spaces and Latin letters, at
  ten widths.
- ``without_collections`` (the Daily list and its rows): the collector off while they run,
  back as it was after (on, or off when the caller had it off), an error or not.
"""

from __future__ import annotations

import gc
from dataclasses import replace
from datetime import date, timedelta
from unicodedata import east_asian_width

import numpy as np
import pandas as pd
import pytest

from routekpi.core.calendar import BusinessCalendar
from routekpi.core.compact import compact_history
from routekpi.core.daily import (
    _closed_months,
    _month_rows,
    account_visit_months,
    closed_months,
    order_account_days,
    without_collections,
    working_days_from,
)
from routekpi.core.flags import account_status
from routekpi.core.history import VISIT_COLUMNS, History
from routekpi.core.won import first_orders
from routekpi.wrapping import _NO_LINE_START as NO_LINE_START
from routekpi.wrapping import wrap_text
from tests.test_daily_orders import _accounts

AS_OF = date(2026, 7, 24)


def _book(seed: int) -> History:
    """80 accounts ordering every 5–20 days from 2023-11 (some from later), a third of them
    with one calendar month closed every year (June, July, August or September), a visit or
    a meeting in some closed months (open then) and an appointment attempt in others (still
    closed); a few orders without a rep or an account, visits without an account."""
    rng = np.random.default_rng(seed)
    orders, visits = [], []
    for k in range(80):
        account = f"C{k:03d}" if k % 7 else k  # some codes as numbers, read as text
        rep = "AB"[k % 2]
        shut = int(rng.choice([6, 7, 8, 9])) if k % 3 == 0 else None
        day = date(2023, 11, 1) + timedelta(days=int(rng.integers(0, 300 if k % 5 else 30)))
        step = int(rng.integers(5, 21))
        while day <= AS_OF:
            if day.month != shut:
                who = None if rng.random() < 0.02 else rep
                what = None if rng.random() < 0.01 else account
                orders.append((pd.Timestamp(day), what, who, 1000.0 * (k + 1), 1.0))
                visits.append((pd.Timestamp(day), rep, account, "visit", None))
            elif rng.random() < 0.15:
                kind = str(rng.choice(["visit", "meeting", "appointment_attempt"]))
                visits.append((pd.Timestamp(day), rep, account, kind, None))
            day += timedelta(days=step)
    visits += [(pd.Timestamp(AS_OF - timedelta(days=40)), "A", None, "visit", None)]
    o = pd.DataFrame(orders, columns=["date", "account", "rep", "amount", "quantity"])
    v = pd.DataFrame(visits, columns=list(VISIT_COLUMNS)).sort_values("date", kind="stable")
    names = sorted({str(a) for a in o["account"].dropna()})
    return History(orders=o, visits=v.reset_index(drop=True), accounts=_accounts(names, "A"))


def _plain(history: History, status: pd.DataFrame, days: list[date], contact: date) -> object:
    """``closed_months`` read through the frames a compact history keeps."""
    wanted = pd.Index(status.index.astype(str))
    d = order_account_days(history.orders, AS_OF)
    m = account_visit_months(history.visits, AS_OF, contact)
    ordered = _month_rows(wanted, d["account"], d["date"].to_numpy(dtype="datetime64[M]"))
    met = _month_rows(wanted, m["account"], pd.PeriodIndex(m["month"], freq="M").asi8)
    return _closed_months(ordered, wanted, days, AS_OF, met, first_orders(history, AS_OF))


def test_closed_months_from_raw_rows_are_the_frames_reading() -> None:
    calendar = BusinessCalendar()
    found = 0
    for seed in (1, 2, 3):
        history = _book(seed)
        status = account_status(history, AS_OF)
        # A compact history is built from orders with an account (validation drops the rest).
        kept = history.orders[history.orders["account"].notna()].reset_index(drop=True)
        clean = replace(history, orders=kept)
        compact = compact_history(clean, AS_OF)
        for first, contact in (
            (date(2026, 7, 27), AS_OF),
            (date(2026, 8, 24), AS_OF),
            (date(2026, 8, 31), AS_OF + timedelta(days=40)),  # visits typed into September
            (date(2026, 9, 1), AS_OF),
        ):
            days = working_days_from(calendar, first, 10)
            want = _plain(history, status, days, contact)
            assert closed_months(history, status, days, AS_OF, contact) == want
            if contact == AS_OF:
                same = _plain(clean, status, days, contact)
                assert closed_months(clean, status, days, AS_OF) == same
                assert closed_months(compact, status, days, AS_OF) == same
            found += len(want)
    assert found > 20  # closed accounts were there to find


def _wrap_reference(value: str, width: float) -> list[str]:
    """``wrap_text`` as it was before issue 14: every text's widths counted per character."""

    def hiragana(ch: str) -> bool:
        return "\u3041" <= ch <= "\u309f"

    lines: list[str] = []
    limit = max(int(width) - 2, 8)
    text_ = value.strip()
    widths = [2 if east_asian_width(ch) in "WF" else 1 for ch in text_]
    remaining = sum(widths)
    start, n = 0, len(text_)
    while remaining > limit:
        used, cut, brk, soft = 0, 0, 0, 0
        for i in range(n - start):
            used += widths[start + i]
            if used > limit:
                break
            cut = i + 1
            ch = text_[start + i]
            nxt = text_[start + i + 1 : start + i + 2]
            digits = ch == "," and nxt.isdigit()
            if ch in " 、。,;)）" and not digits:
                brk = i + 1
            elif hiragana(ch) and nxt and not hiragana(nxt) and nxt not in NO_LINE_START:
                if ch + nxt == "か月":
                    continue
                soft = i + 1
        end = brk if brk > cut // 2 else soft if soft > cut // 2 else cut
        while start + end < n and text_[start + end] in NO_LINE_START:
            end += 1
        lines.append(text_[start : start + end].rstrip())
        start += end
        while start < n and text_[start].isspace():
            start += 1
        remaining = sum(widths[start:])
    if start < n:
        lines.append(text_[start:])
    return lines


# What wrapped texts are made of: kana, kanji, か月, wide and narrow marks, digits with
# commas, spaces, tabs and newlines, Latin letters, a halfwidth katakana (narrow, not ASCII),
# accented and other narrow letters that are not ASCII, an ambiguous-width dash.
_PIECES = [
    *"あいうえおかのにをはがもでとへやゃ",
    *"受注前年比訪問影響額月日",
    "か月",
    *"、。,.)）」』】%（「『【;:",
    *"0123456789",
    "¥1,234,567",
    "１",
    " ",
    "  ",
    "\t",
    "\n",
    *"abcXYZ",
    "word",
    "ｱ",
    "é",
    "—",
    "−",
    "ß",
]


def test_wrap_text_gives_the_lines_it_gave() -> None:
    """A text that fits by a count of at most 2 units a character (1 for ASCII) is given
    back whole without a width per character; every text, fitting or not, wraps as before."""
    rng = np.random.default_rng(14)
    texts = [
        "",
        "   ",
        "alpha beta gamma delta",
        "訪問時期(通常 10日ごと)、影響額 ¥31,822(受注10日分)",
        "期限超過 12日(通常の間隔 7日)、重要顧客(直近12か月売上 ¥36,000,000)",
        "x" * 34,
        "x" * 35,
        "あ" * 17,
        "あ" * 18,
        "é" * 40,
    ]
    pieces = np.array(_PIECES, dtype=object)
    for _ in range(3000):
        texts.append("".join(rng.choice(pieces, int(rng.integers(1, 50)))))
    for value in texts:
        for width in (0, 10, 11, 14, 20, 36, 37.5, 46, 72, 120):
            assert wrap_text(value, width) == _wrap_reference(value, width), (value, width)


def test_without_collections_pauses_the_collector_and_puts_it_back() -> None:
    seen: list[bool] = []

    @without_collections
    def work(fail: bool) -> int:
        seen.append(gc.isenabled())
        if fail:
            raise ValueError("bad")
        return 7

    assert gc.isenabled()
    assert work(False) == 7 and seen == [False] and gc.isenabled()
    with pytest.raises(ValueError, match="bad"):
        work(True)
    assert seen == [False, False] and gc.isenabled()
    gc.disable()  # a caller's own choice stands
    try:
        assert work(False) == 7 and not gc.isenabled()
    finally:
        gc.enable()
