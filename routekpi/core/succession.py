"""One place under a new code: a business handed on (事業承継) is no loss and no new account.

Trial 54 M1: a veterinary distributor's clinics change hands by 事業承継 — the customer master
ends the old code with its 廃業日 and starts a new code the same day, at the same address
(住所), often under the same name. Read as typed, each handover was one lost account and one
won: the team's baseline counted 18 new accounts (truth: 15 opened, 2 handovers, 1 other)
and 5 losses (truth: 3 closures, 2 handovers), and the new code started with no history —
no rhythm, no season, "never visited". Here, in plain words: **an account ended on the
master and a new account started at the same address within ``SUCCESSION_DAYS`` days of
that end is the same place going on**. The new code takes the old one's history (its lines
are read under the new code, its start is the old one's), as a renumbering is
(validation.renumbered): neither a loss nor a new account anywhere, the history carried.

Not a handover:
- a closure and a new clinic at another address (the address differs);
- a shop that closed and a different business that opened at the address months later (the
  new start is more than ``SUCCESSION_DAYS`` from the old end: the 居抜き rule, core.same_address,
  reads those);
- two accounts trading at once at one address (the old one's last order after the new one's
  first, beyond ``SUCCESSION_DAYS``: a building's tenants);
- an address with two ends or two starts in the window (which one went on cannot be told).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from routekpi.core.same_address import address_key

# The most days between the old account's end (typed on the master) and the new one's start
# at the same address for one place going on: a 事業承継 is keyed the same day; a few days
# allow for a weekend or a late key-in.
SUCCESSION_DAYS = 7


@dataclass(frozen=True)
class Succession:
    """The old code ended and the new one started at one address: one place."""

    old: str
    new: str
    day: pd.Timestamp  # the new code's start
    end: pd.Timestamp  # the old code's end
    address: str  # as typed on the old code's row
    same_name: bool


def _stamp(value: object) -> pd.Timestamp | None:
    if value is None:
        return None
    try:
        out = pd.Timestamp(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if pd.isna(out) else out.normalize()


def successions(
    accounts: pd.DataFrame,
    first: Mapping[str, object] | None = None,
    last: Mapping[str, object] | None = None,
) -> list[Succession]:
    """The master's handovers (module doc). ``accounts``: ``account``, ``address``,
    ``start``, ``end`` (and ``name``); ``first``/``last``: per code its first and last order
    day (optional: a code with no line trades on its typed days)."""
    need = {"account", "address", "start", "end"}
    if not need <= set(accounts.columns) or not accounts["end"].notna().any():
        return []
    first, last = first or {}, last or {}
    rows = accounts.drop_duplicates("account")
    names = rows["name"] if "name" in rows.columns else pd.Series(None, index=rows.index)
    ended: dict[str, list[tuple[str, pd.Timestamp, str, object]]] = {}
    started: dict[str, list[tuple[str, pd.Timestamp, object]]] = {}
    for code, address, start, end, name in zip(
        rows["account"], rows["address"], rows["start"], rows["end"], names, strict=True
    ):
        key = address_key(address)
        if not isinstance(code, str) or key is None:
            continue
        begin = _stamp(start)
        seen = _stamp(first.get(code))
        begin = min(begin, seen) if begin is not None and seen is not None else begin or seen
        stop = _stamp(end)
        if stop is not None:
            ended.setdefault(key, []).append((code, stop, str(address), name))
        if begin is not None:
            started.setdefault(key, []).append((code, begin, name))
    window = pd.Timedelta(days=SUCCESSION_DAYS)
    out: list[Succession] = []
    for key, olds in ended.items():
        for old, stop, address, old_name in olds:
            news = [
                (new, begin, name)
                for new, begin, name in started.get(key, [])
                if new != old and stop - window <= begin <= stop + window
            ]
            rivals = [o for o, s, _, _ in olds if o != old and abs(s - stop) <= 2 * window]
            if len(news) != 1 or rivals:
                continue
            new, begin, new_name = news[0]
            old_last = _stamp(last.get(old))
            if old_last is not None and old_last > begin + window:
                continue  # the old code kept buying after the new one began: two tenants
            same = _name(old_name) == _name(new_name) and _name(old_name) != ""
            out.append(Succession(old, new, begin, stop, address, same))
    # A new code claimed by two old ones is neither's (which one went on cannot be told).
    claimed = pd.Series([s.new for s in out]).value_counts() if out else pd.Series(dtype=int)
    return sorted(
        (s for s in out if claimed.get(s.new, 0) == 1), key=lambda s: (s.day, s.old, s.new)
    )


def _name(value: object) -> str:
    """A name as compared (spaces and case folded), "" for none."""
    if not isinstance(value, str):
        return ""
    return "".join(value.split()).casefold()


def mapping_of(found: list[Succession]) -> dict[str, str]:
    """old → new code, chains followed to the last (A → B → C reads A and B as C)."""
    step = {s.old: s.new for s in found}
    out: dict[str, str] = {}
    for old in step:
        now, seen = step[old], {old}
        while now in step and now not in seen:
            seen.add(now)
            now = step[now]
        out[old] = now
    return out


def starts_of(found: list[Succession], starts: Mapping[str, object]) -> dict[str, pd.Timestamp]:
    """Per new code (the last of a chain) the start of the first old code (``starts``: each
    code's typed start): the place's own start."""
    mapping = mapping_of(found)
    out: dict[str, pd.Timestamp] = {}
    for old, new in mapping.items():
        stamp = _stamp(starts.get(old))
        if stamp is not None and (new not in out or stamp < out[new]):
            out[new] = stamp
    return out
