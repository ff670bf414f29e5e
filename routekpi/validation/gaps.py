"""Months the rows left out have emptied: the "rows not used" line turns critical.

A sheet's "N rows were not used" line is critical above a quarter of its rows
(``contract.SKIPPED_CRITICAL_SHARE``). A smaller share can still take whole months: trial 21
typed June–September as 「6月1日」 (the year only in the tab's name), 11.5% of the rows, and
the baseline and the running year lost four months (the plan came out 38% low, shops that
ordered weekly read as lost) under an info line. So the Orders line is also critical when the
rows left out would have filled a month that now has (almost) no orders while the months
around it have them, and it names those months and why the rows were left out.

The rule, plainly: a month of the orders' last ``GAP_WINDOW_MONTHS`` months (the baseline
window and the running year lie there), after the first month with orders and before the
last, with fewer than ``THIN_MONTH_SHARE`` of the median month's rows (the median of the
months with orders), where the rows left out for it (by their date, or by their month for a
date without a year) would have lifted it to that share.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Final

import numpy as np
import pandas as pd

from routekpi.contract import SKIPPED_PROBLEMS, Check
from routekpi.messages import MESSAGES, text

# The baseline window (BaselineMonths, 12 by default) ends at most 11 months before the last
# order (a plan year typed as the running one) and the running year holds the last order:
# both lie in the orders' last two years.
GAP_WINDOW_MONTHS: Final = 24
# A month under this share of the median month's rows has "almost no orders".
THIN_MONTH_SHARE: Final = 0.2
GAP_PROBLEM: Final = "rows_skipped_months"
# Every "rows not used" line, the months one included (the summary counts their rows).
LEFT_OUT_PROBLEMS: Final = (*SKIPPED_PROBLEMS, GAP_PROBLEM)


def emptied_months(
    kept: pd.Series, dated: Mapping[pd.Period, int], yearless: Mapping[int, int]
) -> list[pd.Period]:
    """The months (ascending) the rows left out emptied: ``kept`` the kept rows' dates,
    ``dated`` the left-out rows per month of their date, ``yearless`` those per month of
    the year of a date typed without one (they could belong to any year)."""
    days = pd.to_datetime(kept.dropna())
    if not len(days) or not (dated or yearless):
        return []
    per_month = days.dt.to_period("M").value_counts()
    first, last = per_month.index.min(), per_month.index.max()
    median = float(np.median(per_month.to_numpy()))
    floor = THIN_MONTH_SHARE * median
    start = max(first + 1, last - GAP_WINDOW_MONTHS + 1)
    found = []
    for month in pd.period_range(start, last - 1, freq="M"):
        have = int(per_month.get(month, 0))
        would = dated.get(month, 0) + yearless.get(month.month, 0)
        if have < floor and have + would >= floor:
            found.append(month)
    return found


def month_runs(months: Sequence[pd.Period], joiner: str = "、", dash: str = "〜") -> str:
    """Months as runs: ``2026-06〜2026-09、2026-11`` (``2026-06 – 2026-09, 2026-11`` in
    English: ``joiner=", ", dash=" – "``)."""
    runs: list[list[pd.Period]] = []
    for m in months:
        if runs and runs[-1][-1] + 1 == m:
            runs[-1].append(m)
        else:
            runs.append([m])
    return joiner.join(f"{r[0]}" if len(r) == 1 else f"{r[0]}{dash}{r[-1]}" for r in runs)


def gap_check(
    sheet: str,
    count: int,
    total: int,
    months: Sequence[pd.Period],
    reasons: Counter[str],
) -> Check:
    """The critical "rows not used" line naming the emptied ``months``, the rows left out
    and their commonest reason (a cell problem code, said in both languages as messages
    ``left_out_reason.*`` words it: the line's message picks its own)."""
    reason = reasons.most_common(1)[0][0] if reasons else ""
    key = f"left_out_reason.{reason}"
    key = key if key in MESSAGES else "left_out_reason.other"
    params: dict[str, object] = {
        "count": count,
        "total": total,
        "shown": f"{count:,}",
        "months": month_runs(months),
        "months_en": month_runs(months, ", ", " – "),
        "reason": reason,
        "reason_ja": text(key, "ja"),
        "reason_en": text(key, "en"),
    }
    return Check(sheet, None, "", None, GAP_PROBLEM, params, "critical")


def with_gap(
    checks: list[Check],
    sheet: str,
    kept: pd.Series,
    left_out: Mapping[str, object] | None,
) -> None:
    """Turn ``sheet``'s "rows not used" line into ``gap_check`` when its rows emptied a month
    (``emptied_months``); ``left_out``: read_table's ``attrs["left_out"]``."""
    if not left_out:
        return
    at = next(
        (i for i, c in enumerate(checks) if c.sheet == sheet and c.problem in SKIPPED_PROBLEMS),
        None,
    )
    if at is None or checks[at].problem == "rows_skipped_all":
        return
    dated: Mapping[pd.Period, int] = left_out.get("dated", {})  # type: ignore[assignment]
    yearless: Mapping[int, int] = left_out.get("yearless", {})  # type: ignore[assignment]
    months = emptied_months(kept, dated, yearless)
    if not months:
        return
    line = checks[at]
    count, total = int(line.params["count"]), int(line.params["total"])  # type: ignore[call-overload]
    reasons: Counter[str] = left_out.get("reasons", Counter())  # type: ignore[assignment]
    checks[at] = gap_check(sheet, count, total, months, reasons)
