"""A price revision the manager declares on Settings (PriceRevisionMonth, PriceRevisionPct).

The month a price change took or takes effect and its size, in plain words:

- **In the history** (after its first month, up to its last complete month): a revision that
  happened. It is carried the way a found one is (``core.levers.price_step``, ``as_level``):
  the baseline's months before it are brought to the new level, the price's movement apart
  from it stays a trend, and the spread, the record and the ceilings are measured without it.
  The step search skips the months within ``price_index.DECLARED_NEAR`` of it (the declared
  one stands for a step there); a step found further away is carried beside it as a level
  and named as found (trial 51 H2: typing 2026-01 hid the 2025-04 step in the trend). When the
  history covers it (``levers.step_at``), the size it shows at that month is compared with
  the one declared, and a clear difference is a warning on the Checks sheet. The month
  patterns are read with the months before it at the new prices (``at_new_prices``), as
  for a step found in the history.
- **After the history, up to the plan year's end** (a revision planned): the unit-price
  target of the plan months from it carries it. The year's unit price rises by the revision
  times the share of the year's orders in those months (the usual month pattern of orders),
  and that rise is part of the unit-price trend: the revenue it brings counts toward the KGI
  before the other levers are asked for the rest. The month pattern of revenue and of unit
  price rises by the revision from that month on; the orders' pattern stays as it was.
- **Before the history's second month or after the plan year**: not used, and the Checks
  sheet says so (where the month is typed).

Where the history shows a yearly revision in the declared calendar month
(core.price_index.find_yearly, trial 40 H2), its past steps are carried as levels beside the
declared one: the trend is read without them, so the declared cut is not taken off a trend
that already holds the past cuts. A planned one whose month the complete months already show
(a running year) is compared like for like with the month before it where the lines carry a
product (``price_index.month_change``, trial 40 H3), not with the same month of other years;
a size that lowers the year's unit price is said as lowering it (「5.8%下がる」, trial 40 L1).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:  # levers imports this module (``change``)
    from routekpi.core.levers import PriceStep

# When the size the history shows at the declared month differs from the declared one by
# more than this many of its standard errors and more than ``DIFFERS_MIN`` (log), the Checks
# sheet says so: the month or the size may be mistyped.
DIFFERS_T = 2.0
DIFFERS_MIN = 0.01

# The like-for-like size of a declared revision (``per_unit_change``): the order lines' prices
# per unit (amount ÷ quantity) in the ``AROUND`` months before the declared month and the
# ``AROUND`` months from it, compared rank by rank (the cheapest 5% with the cheapest 5%, …,
# ``RANKS``): a price list raised by 3% moves every rank by 3%, whatever the mix of
# customers or order sizes (trial 29 M3: +6% declared where every product's price rose 3.0%;
# the team's amount ÷ quantity against the same months of other years read +6.1% ± 2.2%).
# The median of the ranks' changes; when it is more than ``UNIT_DIFFERS`` (log, about one
# percentage point) from the size declared, the Checks sheet says so at the size's cell.
AROUND = 6
RANKS = np.arange(0.05, 0.951, 0.05)
UNIT_MIN_LINES = 30  # lines with a quantity on each side, fewer: not measured
UNIT_COVER = 0.9  # the share of the months' lines that must carry a quantity
UNIT_DIFFERS = 0.01


@dataclass(frozen=True)
class Declared:
    """The Settings' price revision placed against the history and the plan year."""

    month: pd.Period
    size: float  # log(1 + the declared change)
    kind: str  # "past" (in the history), "planned" (up to the plan year's end), "outside"
    # Not typed on Settings: the next step of a yearly revision found in the history
    # (core.price_index.find_yearly), planned as a declared one is (trial 40 H1).
    found: bool = False
    # Of some products only (Settings PriceRevisionProduct, ``on_products``): the products of
    # the order lines it covers, their share of the revenue and the size typed (log); ``size``
    # is then the company's (``share`` × the size typed, in price ratios).
    products: tuple[str, ...] = ()
    share: float = 1.0
    typed: float = 0.0
    # Typed as a maker's name (``on_named``, trial 52 M5): the maker as the lines spell it.
    maker: str = ""


def place(
    revision: tuple[str, float] | None,
    history_months: list[pd.Period],
    plan_months: list[pd.Period],
) -> Declared | None:
    """Where a declared revision (month "YYYY-MM", change 0.05 for +5%) falls; None: none."""
    if revision is None or not history_months or not plan_months:
        return None
    month = pd.Period(revision[0], freq="M")
    size = float(np.log1p(revision[1]))
    if history_months[0] < month <= history_months[-1]:
        return Declared(month, size, "past")
    if history_months[-1] < month <= plan_months[-1]:
        return Declared(month, size, "planned")
    return Declared(month, size, "outside")


def at_new_prices(facts: pd.DataFrame, step: PriceStep | None) -> pd.DataFrame:
    """The monthly facts (rep, month) with every month's revenue brought to the latest price
    level of a step in the history (``PriceStep.offsets``: × e^size before a revision; a lift
    that ended, its months brought back down), for the month patterns: a price step is no
    season. Found (``core.levers.price_step``, ``unit_step``) or declared here alike — one
    declared in the history is carried as a step (``levers.as_level``). Without one: the
    facts as they are.

    Read at the old prices, a step moves the months after it within its year: +5% from
    October 2024 over four fiscal years of even months read April–September at 0.9939 of
    an even month and October–March at 1.0061 (tests/test_price_unit.py); a step found in
    the history was read so until session 27, a declared one already was not."""
    if step is None or "revenue" not in facts.columns or not len(facts):
        return facts
    months = pd.PeriodIndex(facts.index.get_level_values("month"))
    unique = months.unique().sort_values()
    offsets = step.offsets(list(unique))
    if not np.any(offsets):
        return facts
    factor = np.exp(offsets[unique.get_indexer(months)])
    return facts.assign(revenue=facts["revenue"] * factor)


def lift(declared: Declared, plan_months: list[pd.Period]) -> np.ndarray:
    """Per plan month, the price factor the planned revision brings: 1 before it, e^size from
    it on."""
    return np.array([np.exp(declared.size) if m >= declared.month else 1.0 for m in plan_months])


def year_carry(seasonality: np.ndarray, price: np.ndarray | None, factor: np.ndarray) -> float:
    """The log rise of the year's unit price (revenue ÷ orders) the planned revision brings:
    log Σ w × factor, w each plan month's share of the year's orders (revenue's month share
    ÷ the unit price's month pattern, as ``Evidence.month_shapes`` divides them)."""
    s = np.asarray(seasonality, dtype=float)
    p = np.ones(len(s)) if price is None else np.asarray(price, dtype=float)
    orders = s / p
    w = orders / orders.sum() if orders.sum() > 0 else np.full(len(s), 1.0 / len(s))
    return float(np.log((w * factor).sum()))


def _raised(values: np.ndarray, factor: np.ndarray) -> np.ndarray:
    """Each row of month shares with the months from the revision raised by it, the row's
    sum kept (a row summing to 0 as it is)."""
    raised = values * factor[None, :]
    total, was = raised.sum(axis=1, keepdims=True), values.sum(axis=1, keepdims=True)
    return np.where(total > 0, raised * was / np.where(total > 0, total, 1.0), values)


def lifted_season(seasonality: np.ndarray, factor: np.ndarray) -> np.ndarray:
    """Revenue's month shares with the months from the revision raised by it, the same sum."""
    return _raised(np.asarray(seasonality, dtype=float)[None, :], factor)[0]


def lifted_rep_season(rep_season: pd.DataFrame, factor: np.ndarray) -> pd.DataFrame:
    """Each rep's month shares (``Evidence.rep_seasonality``) raised as the team's."""
    if not len(rep_season):
        return rep_season
    out = _raised(rep_season.to_numpy(dtype=float), factor)
    return pd.DataFrame(out, index=rep_season.index, columns=rep_season.columns)


def change(log_change: float) -> str:
    """A log change as the percentage it is: +5.0% (never −0.0%)."""
    return f"{round(float(np.expm1(log_change)), 4) + 0.0:+.1%}"


def per_unit_change(orders: pd.DataFrame, month: pd.Period) -> float | None:
    """The log change of the price per unit at ``month`` as the order lines show it
    (``AROUND`` months on each side, rank by rank: see ``RANKS``); None when the lines do not
    cover both sides (fewer than ``UNIT_MIN_LINES`` lines with a quantity on either, or
    fewer than ``UNIT_COVER`` of the lines carrying one)."""
    if not len(orders) or "quantity" not in orders.columns:
        return None
    months = orders["date"].dt.to_period("M")
    amount = orders["amount"].to_numpy(dtype=float)
    quantity = orders["quantity"].to_numpy(dtype=float)
    sold = amount > 0
    priced = sold & (quantity > 0)
    sides = []
    for lo, hi in ((month - AROUND, month - 1), (month, month + AROUND - 1)):
        inside = ((months >= lo) & (months <= hi)).to_numpy(dtype=bool) & sold
        n, n_priced = int(inside.sum()), int((inside & priced).sum())
        if n_priced < UNIT_MIN_LINES or n_priced < UNIT_COVER * n:
            return None
        price = amount[inside & priced] / quantity[inside & priced]
        sides.append(np.quantile(np.log(price), RANKS))
    return float(np.median(sides[1] - sides[0]))


def unit_differs(declared: Declared, measured: float | None) -> bool:
    """Whether the price per unit the lines show (``per_unit_change``) is more than
    ``UNIT_DIFFERS`` from the size declared."""
    return measured is not None and abs(measured - declared.size) > UNIT_DIFFERS


# The months a product revision's share of the revenue is read on (``on_products``): the year
# before its month (one in the history), else the history's last year.
SHARE_MONTHS = 12


def _folded(text: str) -> str:
    """A name compared as typed: full-width forms folded (ＬＰガス is LPガス), case ignored."""
    return unicodedata.normalize("NFKC", text).casefold().strip()


def named_products(table: pd.DataFrame | None, typed: str) -> tuple[str, ...]:
    """The products of ``table`` (``price_index.product_months``) the name ``typed`` on
    Settings stands for: the one so named (full-width and case aside), else every product
    whose name holds it (「LPガス」: 「LPガス(従量)」, 「LPガス(基本)」), else every product of
    the maker so named (``named_maker``: 「TOTO」, trial 52 M5); () for none."""
    if table is None or not len(table) or not _folded(typed):
        return ()
    names = sorted({str(p) for p in table["product"]})
    key = _folded(typed)
    exact = tuple(n for n in names if _folded(n) == key)
    within = exact or tuple(n for n in names if key in _folded(n))
    if within:  # a product first: its name is the line's own (a maker's is its product's)
        return within
    maker = named_maker(table, typed)
    if maker is None:
        return ()
    of = table["maker"].map(lambda m: m is not None and m == m and _folded(str(m)) == maker)
    return tuple(sorted({str(p) for p in table.loc[of.to_numpy(dtype=bool), "product"]}))


def makers(table: pd.DataFrame | None) -> list[str]:
    """The makers ``table``'s products are of (``PRODUCT_MONTH_COLUMNS`` maker), the most
    sold first; [] without a maker column or any maker named."""
    if table is None or not len(table) or "maker" not in table.columns:
        return []
    named = table[table["maker"].notna()]
    if not len(named):
        return []
    by = named.groupby(named["maker"].astype(str))["revenue"].sum()
    return [str(m) for m, _ in sorted(by.items(), key=lambda kv: (-kv[1], kv[0]))]


def named_maker(table: pd.DataFrame | None, typed: str) -> str | None:
    """The maker (folded, ``_folded``) the name ``typed`` stands for: the one so named
    (full-width and case aside: ＴＯＴＯ, toto), else the one maker whose name holds it
    (「パナソニック」 for 「パナソニック株式会社」; two such makers: none, the name says
    neither); None for none."""
    key = _folded(typed)
    if not key:
        return None
    folded = {_folded(m) for m in makers(table)}
    if key in folded:
        return key
    within = [m for m in folded if key in m]
    return within[0] if len(within) == 1 else None


def maker_of(table: pd.DataFrame | None, typed: str) -> str | None:
    """The maker, as the lines spell it, whose products ``named_products`` gives for
    ``typed`` (None: a product's name matched, or nothing did): for the Plan's words."""
    if table is None or not len(table) or not _folded(typed):
        return None
    key = _folded(typed)
    if any(key in _folded(str(p)) for p in set(table["product"])):
        return None  # a product's name (``named_products`` reads products first)
    maker = named_maker(table, typed)
    return next((m for m in makers(table) if _folded(m) == maker), None)


# The makers the Checks line lists for a name that matches nothing (``closest_makers``).
MAKERS_LISTED = 5


def closest_makers(table: pd.DataFrame | None, typed: str) -> list[str]:
    """Up to ``MAKERS_LISTED`` makers of ``table`` for a name that matched nothing (a typo:
    「TOTTO」): those whose names are nearest the one typed (difflib's ratio on the folded
    names, at least 0.5), then the most sold; [] without makers."""
    found = makers(table)
    if not found:
        return []
    key = _folded(typed)
    ratio = {m: SequenceMatcher(None, key, _folded(m)).ratio() for m in found}
    near = sorted((m for m in found if ratio[m] >= 0.5), key=lambda m: -ratio[m])
    rest = [m for m in found if m not in near]
    return [*near, *rest][:MAKERS_LISTED]


def on_products(
    declared: Declared,
    table: pd.DataFrame | None,
    products: tuple[str, ...],
    history_months: list[pd.Period],
) -> Declared | None:
    """``declared`` as a revision of ``products`` only (Settings PriceRevisionProduct; trial
    50 M6: 「LPガス 2025年10月 6%値上げ」 could only be typed for every product): the size typed
    on their share of the order lines' revenue over the ``SHARE_MONTHS`` before its month
    (one planned or outside the history: the history's last ``SHARE_MONTHS``), the company's
    size log(share × e^typed + 1 − share). None where those months hold none of their revenue."""
    if table is None or not len(table) or not products or not history_months:
        return None
    last = declared.month - 1 if declared.kind == "past" else history_months[-1]
    months = table["month"]
    year = table[(months > last - SHARE_MONTHS) & (months <= last)]
    total = float(year["revenue"].sum())
    if not total > 0:
        return None
    share = float(year.loc[year["product"].astype(str).isin(products), "revenue"].sum()) / total
    if not share > 0:
        return None  # none of their sales in those months: nothing to apply it to
    size = float(np.log(share * np.exp(declared.size) + (1.0 - share)))
    return replace(declared, size=size, products=products, share=share, typed=declared.size)


def on_named(
    declared: Declared,
    table: pd.DataFrame | None,
    typed: str,
    history_months: list[pd.Period],
) -> Declared | None:
    """``declared`` as a revision of the products the name ``typed`` stands for
    (``named_products``: a product's name first, then a maker's) on their share of the sales
    (``on_products``), with the maker where a maker's name matched; None where it matches no
    product or they sold nothing in those months."""
    named = named_products(table, typed)
    on = on_products(declared, table, named, history_months) if named else None
    if on is None:
        return None
    return replace(on, maker=maker_of(table, typed) or "")


# The products a maker's revision line names by code (``maker_note``), the most sold first.
MAKER_PRODUCTS_NAMED = 5


def maker_note(
    code: str, params: dict[str, object], declared: Declared, table: pd.DataFrame | None
) -> tuple[str, dict[str, object]]:
    """A product revision's note (``price_revision_product``, ``…_differs``, ``…_unread``,
    ``price_revision_past_product``) said for the maker typed (``Declared.maker``): the
    ``price_revision_maker…`` codes, with the maker, how many of its products the lines sell
    and the most sold of them (a maker's 40 codes are no line to read; trial 52 M5). As it
    is without a maker."""
    if not declared.maker or "_product" not in code:
        return code, params
    named = list(declared.products)
    if table is not None and len(table):
        mine = table[table["product"].astype(str).isin(declared.products)]
        by = mine.groupby(mine["product"].astype(str))["revenue"].sum()
        named = [str(p) for p, _ in sorted(by.items(), key=lambda kv: (-kv[1], kv[0]))]
    shown = named[:MAKER_PRODUCTS_NAMED]
    more = len(declared.products) > len(shown)
    said: dict[str, object] = {
        **params,
        "maker": declared.maker,
        "count": len(declared.products),
        "named": "、".join(shown) + ("…" if more else ""),
        "named_en": ", ".join(shown) + ("…" if more else ""),
    }
    return code.replace("_product", "_maker"), said


def unknown_note(
    code: str, params: dict[str, object], typed: str, table: pd.DataFrame | None
) -> tuple[str, dict[str, object]]:
    """A name that matches no product (``price_revision_product_unknown``), where the lines
    carry makers: ``price_revision_maker_unknown``, the makers nearest the name typed listed
    beside the products most sold (``closest_makers``; trial 52 M5: 「TOTTO」 must not read
    as if no maker could be typed). As it is without makers."""
    near = closest_makers(table, typed)
    if not near:
        return code, params
    said = {**params, "makers": "、".join(near), "makers_en": ", ".join(near)}
    return "price_revision_maker_unknown", said
