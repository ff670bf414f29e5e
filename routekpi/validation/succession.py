"""A business handed on under a new code (core.succession) read as one place, and its
Checks line: the sheets' frames here; the file and database sources do the same in SQL
(sources.assemble ``_successions``)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from routekpi.contract import Check
from routekpi.core.succession import SUCCESSION_DAYS, Succession, mapping_of, starts_of, successions
from routekpi.schema import ACCOUNTS
from routekpi.validation.renumbered import (
    ShopsRenumbered,
    renumber,
    with_shop_starts,
    without_old_shops,
)

LISTED = 4  # pairs named on the Checks line; more end with "…"
# The master frame's attribute with the old codes' names as (new code, old name): a visit
# log keyed by name still types the old name (validation.visit_names.name_map reads it).
ALIASES = "succession_names"


def old_names(found: list[Succession], accounts: pd.DataFrame) -> list[tuple[object, object]]:
    """(new code, old name) for each handover's old code with a name: the old name is the
    place's name too (a visit typed with it is the new code's)."""
    if "name" not in accounts.columns:
        return []
    mapping = mapping_of(found)
    rows = accounts[accounts["account"].isin(list(mapping)).to_numpy(dtype=bool)]
    return [
        (mapping[str(c)], n)
        for c, n in zip(rows["account"], rows["name"], strict=True)
        if isinstance(n, str) and n.strip()
    ]


def as_renumbered(found: list[Succession], accounts: pd.DataFrame) -> ShopsRenumbered:
    """The handovers as a renumbering: old → new code, the new code started as the old."""
    starts = dict(zip(accounts["account"], accounts["start"], strict=True))
    return ShopsRenumbered(mapping_of(found), starts_of(found, starts))


def _pair(s: Succession) -> tuple[str, str]:
    """「旧 A1 → 新 A2(同じ住所、同じ日)」 and its English."""
    days = int((s.day - s.end).days)
    when_ja = "同じ日" if days == 0 else (f"{days}日後" if days > 0 else f"{-days}日前")
    when_en = (
        "the same day"
        if days == 0
        else (f"{days} days later" if days > 0 else f"{-days} days before")
    )
    name_ja = "、同じ名前" if s.same_name else ""
    name_en = ", same name" if s.same_name else ""
    return (
        f"旧 {s.old} → 新 {s.new}(同じ住所{name_ja}、{when_ja})",
        f"old {s.old} → new {s.new} (same address{name_en}, {when_en})",
    )


def succession_check(
    found: list[Succession], sheet: str, column: str, orders: int, visits: int
) -> Check | None:
    """One info line naming the pairs read as one place, the lines moved and the rule."""
    if not found:
        return None
    said = [_pair(s) for s in found[:LISTED]]
    more = " …" if len(found) > LISTED else ""
    params: dict[str, object] = {
        "count": len(found),
        "pairs": "、".join(ja for ja, _ in said) + more,
        "pairs_en": "; ".join(en for _, en in said) + more,
        "days": SUCCESSION_DAYS,
        "orders": orders,
        "visits": visits,
    }
    # No visit line moved: the log names its customers (matched to the codes later, the old
    # names as aliases), so the line says how they count instead of "0 visit lines".
    key = "accounts_succession" if visits else "accounts_succession_by_name"
    return Check(sheet, None, column, found[0].old, key, params, "info")


def order_days(
    orders: pd.DataFrame, codes: list[str]
) -> tuple[Mapping[str, object], Mapping[str, object]]:
    """Per code of ``codes`` its first and last order day."""
    mine = orders.loc[orders["account"].isin(codes).to_numpy(dtype=bool), ["account", "date"]]
    per = mine.assign(account=mine["account"].astype(str)).groupby("account")["date"]
    return per.min().to_dict(), per.max().to_dict()


def candidates(found: list[Succession]) -> list[str]:
    """The codes whose lines decide the handovers found on the master alone."""
    return sorted({c for s in found for c in (s.old, s.new)})


def successions_frames(
    accounts: pd.DataFrame,
    rows: np.ndarray,
    orders: pd.DataFrame,
    visits: pd.DataFrame,
    checks: list[Check],
    sheet: str = ACCOUNTS.name,
) -> tuple[pd.DataFrame, np.ndarray, pd.DataFrame, pd.DataFrame]:
    """``successions`` on the sheets' frames: the master without the old codes' rows (and
    ``rows`` alike), the new codes started as the old ones, the orders' and visits' old codes
    read as the new ones, said on ``checks``. The frames as they are when none is found."""
    found = successions(accounts)
    if not found:
        return accounts, rows, orders, visits
    if len(orders):
        found = successions(accounts, *order_days(orders, candidates(found)))
    if not found:
        return accounts, rows, orders, visits
    renumbered = as_renumbered(found, accounts)
    keep = without_old_shops(accounts, renumbered)
    attrs = dict(accounts.attrs)
    kept = with_shop_starts(accounts[keep].reset_index(drop=True), renumbered)
    kept.attrs = attrs | {ALIASES: old_names(found, accounts)}
    orders, moved, _ = renumber(orders, renumbered.mapping)
    visits, seen, _ = renumber(visits, renumbered.mapping)
    column = attrs.get("columns", {}).get("account", "")
    check = succession_check(found, sheet, column, moved, seen)
    checks.extend([check] if check is not None else [])
    return kept, np.asarray(rows)[keep], orders, visits
