"""Amounts that look kept in 千円 or 万円 although nothing says so (trial 48 H4).

An accounting export under a plain 金額 header may be in 千円: stacked under yen files (or a
year of one sheet pasted from the old system), its lines read as yen are about 1/1,000 of the
rest, the year's revenue nearly vanishes, and every trend the plan reads explodes (trial 48:
「実現可能」, 好調な年並み +519%, a unit-price trend of +100397.6%) with no Checks row.

The typical line amount (median of the lines > 0) of each file of a stack, or of each month
of one source, is compared with that of the rest. One about 1/1,000 (or 1/10,000) of it —
the nearest power of ten — is named with its months and what to do. Nothing is multiplied:
a guess is never applied; the user types the unit (Sources 単位) or fixes the export.

A warning, critical (as the KGI's unit slip, ``settings.kgi_scale_check``) when the amounts
read ×factor would change some calendar year's revenue by ``MOVES_SHARE`` or more: the trends
and the feasibility judgement then move. A price change a business really made (−30%, or
even ÷3) is nowhere near a power of ten and is never named.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import TypeVar

import numpy as np
import pandas as pd

from routekpi.contract import Check
from routekpi.core.history import History
from routekpi.messages import fmt_yen
from routekpi.schema import ORDERS

# The units a slip is read as: ×1,000 (千円) and ×10,000 (万円), by their power of ten.
SLIP_POWERS: dict[int, tuple[int, str]] = {3: (1_000, "千円"), 4: (10_000, "万円")}
# A month with fewer lines than this has no typical amount worth comparing.
MIN_LINES = 5
K = TypeVar("K", bound=Hashable)  # a group: a file's index, a month
# A year whose revenue would change by this share of its corrected total moves the plan.
MOVES_SHARE = 0.05


def _weighted_median(values: Sequence[float], weights: Sequence[int]) -> float:
    """The median of ``values`` each counted ``weights`` times (the lines it stands for)."""
    order = np.argsort(values)
    v, w = np.asarray(values, float)[order], np.asarray(weights, float)[order]
    cum = np.cumsum(w)
    return float(v[np.searchsorted(cum, cum[-1] / 2)])


def slip_factor(median: float, reference: float) -> int | None:
    """1,000 or 10,000 when ``median`` is that much below ``reference`` (to the nearest power
    of ten, i.e. within ×√10 of it); None otherwise."""
    if not (median > 0 and reference > 0):
        return None
    power = -math.log10(median / reference)
    nearest = round(power)
    if nearest in SLIP_POWERS and abs(power - nearest) <= 0.5:
        return SLIP_POWERS[nearest][0]
    return None


def slipped(groups: Mapping[K, tuple[float, int]]) -> dict[K, tuple[int, float]]:
    """The groups (files or months: their median line amount, their line count) about 1/1,000
    or 1/10,000 of the others: group → (factor, the others' typical amount).

    Two clusters of groups, a hundredfold or more apart with nothing between them, whose
    typical amounts (line-weighted medians) are 1,000 or 10,000 apart: the lower cluster,
    whichever holds more lines (fix49b: most files in 千円 and one in yen went unnamed, each
    千円 file measured against the other 千円 ones). Otherwise each group against the
    line-weighted median of the others' medians, so a run of months at 1/1,000 is still
    measured against the yen ones while it is the smaller part."""
    usable = {k: (m, n) for k, (m, n) in groups.items() if n >= 1 and m > 0}
    out: dict[K, tuple[int, float]] = {}
    if len(usable) < 2:
        return out
    split = _split(usable)
    if split:
        return split
    for key, (median, _) in usable.items():
        rest = [(m, n) for k, (m, n) in usable.items() if k != key]
        reference = _weighted_median([m for m, _ in rest], [n for _, n in rest])
        factor = slip_factor(median, reference)
        if factor is not None:
            out[key] = (factor, reference)
    return out


# Two clusters of groups are told apart by a gap of this many powers of ten between the
# nearest of them (prices a business really charges, even a range a third the price, sit
# far closer than 100×; a 千円 file's ¥3.5 and a yen file's ¥3,500 are 1,000× apart).
SPLIT_GAP = 2.0


def _split(usable: Mapping[K, tuple[float, int]]) -> dict[K, tuple[int, float]]:
    """The lower of two clusters (``slipped``), each of its groups → (factor, the upper
    cluster's typical amount); empty when the groups form no such two clusters."""
    ordered = sorted(usable, key=lambda k: usable[k][0])
    logs = np.log10([usable[k][0] for k in ordered])
    gaps = np.diff(logs)
    at = int(np.argmax(gaps))
    if gaps[at] < SPLIT_GAP:
        return {}
    lower, upper = ordered[: at + 1], ordered[at + 1 :]
    low = _weighted_median([usable[k][0] for k in lower], [usable[k][1] for k in lower])
    high = _weighted_median([usable[k][0] for k in upper], [usable[k][1] for k in upper])
    factor = slip_factor(low, high)
    return {} if factor is None else {k: (factor, high) for k in lower}


def moves_plan(year_sums: Iterable[tuple[int, float, float]]) -> bool:
    """True when some year would change by ``MOVES_SHARE`` or more of its corrected revenue:
    ``year_sums`` holds (year, its revenue as read, what the slipped lines add read
    ×factor)."""
    for _, read, added in year_sums:
        whole = read + added
        if whole > 0 and added / whole >= MOVES_SHARE:
            return True
    return False


def month_runs(months: Iterable[str]) -> str:
    """'2022-07〜2023-06・2024-01' for the months (YYYY-MM), runs of consecutive months
    joined."""
    ordered = sorted(set(months))
    runs: list[list[str]] = []
    for m in ordered:
        if runs:
            y, mo = map(int, runs[-1][-1].split("-"))
            nxt = f"{y + mo // 12}-{mo % 12 + 1:02d}"
            if m == nxt:
                runs[-1].append(m)
                continue
        runs.append([m])
    return "・".join(r[0] if len(r) == 1 else f"{r[0]}〜{r[-1]}" for r in runs)


def _fmt_small(value: float) -> str:
    """A typical amount: ¥3.6 below ¥100 (where ¥4 would hide the decimal), else ¥3,600."""
    return f"¥{value:,.1f}" if value < 100 else fmt_yen(value)


def month_stats(lines: pd.DataFrame) -> pd.DataFrame:
    """Per month (YYYY-MM) of ``lines`` (date, amount): the lines > 0, their median and the
    month's sum — what ``slip_months`` reads (``sources.assemble`` makes the same in SQL)."""
    data = lines.loc[lines["amount"].notna() & lines["date"].notna(), ["date", "amount"]]
    # Grouped on the month's number, named YYYY-MM after (strftime on every line cost ~0.5 s
    # over a million lines); the numbers sort as the names do.
    dates = pd.to_datetime(data["date"])
    month = pd.Series((dates.dt.year * 12 + dates.dt.month - 1).to_numpy(), index=data.index)
    positive = data["amount"] > 0
    pos = data.loc[positive, "amount"].groupby(month[positive]).agg(["size", "median"])
    total = data["amount"].groupby(month).sum().rename("total")
    out = pos.rename(columns={"size": "lines"}).join(total, how="outer")
    out = out.fillna({"lines": 0}).rename_axis("month").reset_index()
    out["month"] = [f"{k // 12:04d}-{k % 12 + 1:02d}" for k in out["month"].tolist()]
    return out


def month_stats_columns() -> list[str]:
    """``month_stats``' columns after the month (what SQL builds them as)."""
    return ["lines", "median", "total"]


def _years(stats: pd.DataFrame, hit: pd.Series, factor: int) -> bool:
    """Whether the months ``hit`` read ×factor move some year (``moves_plan``)."""
    year = stats["month"].str[:4].astype(int)
    read = stats["total"].groupby(year).sum()
    added = (stats["total"].where(hit, 0.0) * (factor - 1)).groupby(year).sum()
    return moves_plan((int(y), float(read[y]), float(added[y])) for y in read.index)


def slip_months(stats: pd.DataFrame, sheet: str, row: int | None = None) -> Check | None:
    """The Check for a run of months of one source (``month_stats``) whose typical line is
    about 1/1,000 or 1/10,000 of the other months'; ``row``: its Sources row."""
    usable = stats[stats["lines"] >= MIN_LINES]
    groups = {
        str(m): (float(md), int(n))
        for m, md, n in zip(usable["month"], usable["median"], usable["lines"], strict=True)
    }
    found = slipped(groups)
    if not found:
        return None
    factor = max(f for f, _ in found.values())  # the larger unit names it when both show
    months = sorted(found)
    weights = [groups[m][1] for m in months]
    ref = _weighted_median([found[m][1] for m in months], weights)
    med = _weighted_median([groups[m][0] for m in months], weights)
    hit = stats["month"].isin(months)
    moves = _years(stats, hit, factor)
    lines = int(stats.loc[hit, "lines"].sum())
    code = "amount_unit_slip_months" if row is None else "amount_unit_slip_months_source"
    return _check(sheet, row, code, month_runs(months), lines, med, ref, factor, moves)


def _check(
    sheet: str,
    row: int | None,
    code: str,
    months: str,
    lines: int,
    median: float,
    reference: float,
    factor: int,
    moves: bool,
    extra: Mapping[str, object] | None = None,
) -> Check:
    params: dict[str, object] = {
        "months": months,
        "lines": f"{lines:,}",
        "median": _fmt_small(median),
        "other": _fmt_small(reference),
        "scale": f"1/{factor:,}",
        "factor": f"{factor:,}",
        "unit": SLIP_POWERS[round(math.log10(factor))][1],
        "unit_en": "thousands of yen" if factor == 1_000 else "ten-thousands of yen",
        "row": row if row is not None else "",
        **(extra or {}),
    }
    code += "" if moves else "_minor"
    return Check(sheet, row, "", None, code, params, "critical" if moves else "warn")


# One file of a stack: its label, its Sources row, its median line > 0 and how many lines
# > 0, and its ``month_stats``.
Part = tuple[str, int | None, float, int, pd.DataFrame]


def _months_apart_too(stats: pd.DataFrame, hit: pd.Series, factor: int) -> bool:
    """Whether a typical month of the ``hit`` files' revenue is also far below the others'
    (at least √factor times): one business exported in two units is, month for month. A file
    of big-ticket lines (machines at ¥1.5M a line beside consumables at ¥4,200: 1/357) is not
    — its months sell less than the small lines' (review49: a critical 千円 row on it)."""

    def typical(of: pd.Series) -> float:
        months = stats.loc[of & (stats["lines"] > 0)].groupby("month")["total"].sum()
        return float(months.median()) if len(months) else math.nan

    low, high = typical(hit), typical(~hit)
    if not (low > 0 and high > 0):
        return True  # no typical month to weigh: the lines' medians decide
    return high / low >= math.sqrt(factor)


def slip_parts(parts: Sequence[Part]) -> Check | None:
    """The Check for the file(s) of a stack whose typical line is about 1/1,000 or 1/10,000
    of the other files'; None when no file is. When those files hold most of the lines, the
    others are the odd ones (yen among 千円 files): the Check names both, each with its
    likely unit (``amount_unit_slip_parts_most``)."""
    groups = {i: (p[2], p[3]) for i, p in enumerate(parts) if p[3] > 0}
    found = slipped(groups)
    if not found:
        return None
    picked = sorted(found)
    factor, reference = found[picked[0]]
    stats = pd.concat([p[4].assign(part=i) for i, p in enumerate(parts)], ignore_index=True)
    hit = stats["part"].isin(picked)
    if not _months_apart_too(stats, hit, factor):
        return None
    moves = _years(stats, hit, factor)
    label, row, median = parts[picked[0]][0], parts[picked[0]][1], parts[picked[0]][2]

    def rows(of: Sequence[int]) -> str:
        # A wildcard row matching several files is named once (sources.sheet).
        return "・".join(dict.fromkeys(str(parts[i][1] or "") for i in of))

    extra = {"source": "・".join(parts[i][0] for i in picked), "row": rows(picked)}
    code = "amount_unit_slip_part"
    others = [i for i in groups if i not in found]
    if sum(groups[i][1] for i in picked) > sum(groups[i][1] for i in others):
        code = "amount_unit_slip_parts_most"
        extra |= {
            "yen_source": "・".join(parts[i][0] for i in others),
            "yen_row": rows(others),
            "times": f"{factor:,}",
        }
    months = month_runs(stats.loc[hit & (stats["lines"] > 0), "month"])
    lines = int(stats.loc[hit, "lines"].sum())
    return _check(label, row, code, months, lines, median, reference, factor, moves, extra)


def unit_slip_checks(history: History, source: str = ORDERS.name) -> list[Check]:
    """The Check for a run of months of the pasted orders (the raw lines; the compact facts of
    a file were checked as they were read, ``sources.assemble``)."""
    if history.facts is not None or history.orders.empty:
        return []
    check = slip_months(month_stats(history.orders), source)
    return [check] if check is not None else []


# --- the Checks' top ordered by cause (fix50b) --------------------------------------------------
#
# A file in 千円 that holds last year reads last year ×1/1,000, so a KGI typed in yen reads
# ×1,000 of it too: the KGI's unit check fired beside the history's and, first, took the
# Dashboard's banner and the status line — the manager was sent to the KGI cell, which was
# right. The history's slip is the cause of every number: its critical rows come first, and
# the KGI's row says to fix them first (``KGI_AFTER_SLIP``), not in the banner's place.

KGI_SCALE_CODES = ("kgi_scale", "kgi_scale_base")
KGI_AFTER_SLIP = "kgi_scale_slip"


def is_history_slip(check: Check) -> bool:
    """A critical unit slip of the history (a file or months in 千円 read as yen)."""
    return check.problem.startswith("amount_unit_slip") and check.severity == "critical"


def by_cause(scale: Check | None, taxed: Check | None, history: Sequence[Check]) -> list[Check]:
    """The top of Checks: the KGI's unit check (``scale``), the 税抜 KGI note (``taxed``) and
    the history's unit checks (``history``), as before — but the history's critical slips
    first when there are any, the KGI's check after them as ``KGI_AFTER_SLIP``."""
    slips = [c for c in history if is_history_slip(c)]
    top = [c for c in (scale, taxed) if c is not None]
    if not slips or scale is None or scale.problem not in KGI_SCALE_CODES:
        return [*top, *history]
    after = Check(
        scale.sheet, scale.row, scale.column, scale.value, KGI_AFTER_SLIP, scale.params, "critical"
    )
    rest = [c for c in history if not is_history_slip(c)]
    return [*slips, after, *top[1:], *rest]
