"""Tax-included amounts: said once on Checks, and marked on every revenue label.

A 税込 amount column (「金額(税込)」 is an accepted alias) makes the KGI, the baseline, the
landing and the targets tax-included. Nothing is divided (which rate applied to which line
only the books know): the numbers stay as typed, an info Check says how they were read, and
the revenue labels of the Plan, the Dashboard and the shared copies carry ``tax_mark``
(trial 21: a 税理士 compared an unmarked team copy with net sales, 8% apart).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
import pandas as pd

from routekpi.contract import Check
from routekpi.messages import text
from routekpi.schema import TAX_INCLUDED_MARKS, normalize_label

TAX_PROBLEM: Final = "amount_tax_included"


def is_tax_included(header: object) -> bool:
    """An amount header that says its figures include tax (金額(税込), 税込金額)."""
    label = normalize_label(header)
    return any(mark in label for mark in TAX_INCLUDED_MARKS)


def tax_note(column: object) -> tuple[str, dict[str, object], str]:
    """(problem, params, severity) of the info line for the tax-included amount ``column``."""
    return TAX_PROBLEM, {"column": column}, "info"


def tax_mark(checks: Sequence[Check], language: str) -> str:
    """「(税込)」 / " (incl. tax)" to append to a revenue label when the amounts were read as
    tax-included (a ``TAX_PROBLEM`` line among ``checks``), else ""."""
    return text("label.tax_included", language) if tax_included(checks) else ""


def tax_included(checks: Sequence[Check]) -> bool:
    """The amounts were read from a tax-included column (and not netted since: ``add_netted``
    takes the header's line away when a 税区分 column nets the 内税 lines)."""
    return any(c.problem == TAX_PROBLEM for c in checks)


# --- a tax class per line (税区分): 内税 lines netted --------------------------------------------
#
# A 弥生-style export carries 税区分 per line: 内税 (the amount includes the tax), 外税 (it
# does not; the tax is added on the invoice), 非課税. A customer on 内税 slips summed with the
# rest lifts its revenue by the tax (trial 38 H5: 22% of customers, team +2.1%, a rep +3.9%,
# their unit price +9.4%). A 内税 line is divided by 1 + its rate (the 税率 column: 10%, 8%
# 軽減), by 1 + the standard rate where no rate is given (said on Checks): revenue is then
# tax-excluded on every line, as the books' 売上高. The sheet reader (validation.tables) and
# the SQL reader (sources.tabular) both map each distinct (class, rate) pair with
# ``net_divisor``, so the two give the same amounts.

NETTED_PROBLEMS: Final = ("tax_netted_rate", "tax_netted_standard", "tax_netted_mixed")
STANDARD_RATE: Final = 0.10
REDUCED_RATE: Final = 0.08
# Words of a tax-included line, folded (NFKC, case-folded, no spaces): 内税, 税込, 内消費税 …
_INCLUDED_WORDS: Final = ("内税", "税込", "内消費税", "taxincluded", "inclusive", "incltax")
_INCLUDED_EXACT: Final = frozenset({"内", "込", "込み", "incl", "included"})
_EXEMPT_WORDS: Final = ("非課税", "免税", "不課税", "対象外", "exempt")


def _fold(value: object) -> str:
    return "".join(unicodedata.normalize("NFKC", str(value)).casefold().split())


def is_included_class(value: object) -> bool:
    """A tax class cell that says the line's amount includes the tax (内税, 税込, 込)."""
    if value is None:
        return False
    word = _fold(value)
    return word in _INCLUDED_EXACT or any(w in word for w in _INCLUDED_WORDS)


def line_rate(value: object) -> float | None:
    """A tax rate cell as a fraction: 10% / 10 / 0.1 → 0.10, 8%(軽減) / 軽減 → 0.08; None
    when blank or not a rate (0 to under 30%)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    word = _fold(value)
    found = re.search(r"\d+(?:\.\d+)?", word)
    if found is None:
        if any(w in word for w in _EXEMPT_WORDS):  # 弥生's 税区分 非課税: no tax to take out
            return 0.0
        return REDUCED_RATE if "軽減" in word else None
    rate = float(found.group())
    if rate >= 1 or "%" in word:
        rate /= 100
    return rate if 0 <= rate < 0.3 else None


def net_divisor(tax_class: object, rate: object) -> tuple[float, bool] | None:
    """What a line's amount is divided by to be tax-excluded, and whether the standard rate
    stood in for a missing one; None: the line is not tax-included (外税, 非課税, blank)."""
    if not is_included_class(tax_class):
        return None
    known = line_rate(rate)
    return (1.0 + (STANDARD_RATE if known is None else known)), known is None


@dataclass(frozen=True)
class Netted:
    """The 内税 lines netted on one sheet or file: how many, their yen as typed and net, and
    how many of them were divided at the standard rate (no rate given)."""

    lines: int
    gross: float
    net: float
    standard: int


def netted_check(
    sheet: str, row: int | None, column: str, header: object, done: Netted, rate_column: str
) -> Check:
    """The info line on Checks for the netted 内税 lines (at the tax class column's header)."""
    params: dict[str, object] = {
        "column": column,
        "lines": f"{done.lines:,}",
        "gross": f"¥{done.gross:,.0f}",
        "tax": f"¥{done.gross - done.net:,.0f}",
        "rate_column": rate_column,
        "standard": f"{done.standard:,}",
        "rate": f"{STANDARD_RATE:.0%}",
    }
    if done.standard == 0:
        problem = "tax_netted_rate"
    elif done.standard == done.lines:
        problem = "tax_netted_standard"
    else:
        problem = "tax_netted_mixed"
    return Check(sheet, row, column, header, problem, params, "info")


# A 税込 header whose 内税 lines a 税区分 column netted: the amounts are 税抜 after all.
TAX_HEADER_NETTED: Final = "amount_tax_header_netted"


def add_netted(checks: list[Check], netted: Check) -> None:
    """Append the netted line ``netted`` to ``checks``, and turn the same sheet's
    tax-included header line (``TAX_PROBLEM``, which marks every revenue label 税込) into a
    note that the amounts are 税抜 despite the header: once the 内税 lines are divided, the
    revenue is tax-excluded whatever the column is called (trial 42 H1: 「税込金額」 with
    税区分 内税 on every line, labels 「(税込)」 on 税抜 numbers, and two Checks rows saying
    税込 and 税抜 side by side)."""
    for i, c in enumerate(checks):
        if c.problem == TAX_PROBLEM and c.sheet == netted.sheet:
            checks[i] = Check(
                c.sheet,
                c.row,
                c.column,
                c.value,
                TAX_HEADER_NETTED,
                {**c.params, "tax_column": netted.column},
                c.severity,
            )
    checks.append(netted)


def net_amounts(
    amount: np.ndarray, tax_class: Sequence[object], rate: Sequence[object] | None
) -> tuple[np.ndarray, Netted]:
    """``amount`` with each tax-included line divided by 1 + its rate (``net_divisor``), and
    what was netted. Each distinct (class, rate) pair is read once."""
    classes, class_values = pd.factorize(pd.Series(tax_class, dtype=object), use_na_sentinel=True)
    if rate is None:
        rates, rate_values = np.zeros(len(classes), dtype=np.int64), pd.Index([None])
    else:
        rates, rate_values = pd.factorize(pd.Series(rate, dtype=object), use_na_sentinel=False)
    divisor = np.ones(len(classes))
    standard = np.zeros(len(classes), dtype=bool)
    included = [i for i, v in enumerate(class_values) if is_included_class(v)]
    if not included:
        return amount, Netted(0, 0.0, 0.0, 0)
    pair = classes.astype(np.int64) * len(rate_values) + rates
    for c in included:
        for r, value in enumerate(rate_values):
            found = net_divisor(class_values[c], value)
            assert found is not None
            at = pair == c * len(rate_values) + r
            divisor[at], standard[at] = found
    hit = (divisor != 1.0) | standard
    hit &= ~np.isnan(amount)
    netted = amount / divisor
    done = Netted(
        int(hit.sum()),
        float(amount[hit].sum()) + 0.0,
        float(netted[hit].sum()) + 0.0,
        int((hit & standard).sum()),
    )
    return netted, done


# --- a consumption-tax line (《消費税》): not a sale ---------------------------------------------
#
# 弥生販売 puts a slip's consumption tax on a line of its own when the tax is reckoned per
# slip (税転嫁 外税/伝票計; 内税 slips can carry one too, the tax their lines include): its
# product name is 《消費税》 and its 金額 the tax (readers of 弥生販売's 売上明細 export skip
# the line by that name; in the 仕入明細 it stands in the product code column). Summed with
# the lines it lifts a 外税 customer's revenue by the tax and double counts a 内税 one's.
# Such a line is left out of the orders, on the sheets (validation.tables) as in the files
# (sources.tabular), both by ``is_tax_line_name`` over the distinct product cells, with one
# info line on Checks (how many lines, their yen).

TAX_LINE_PROBLEM: Final = "tax_lines_removed"
# A product cell that names the tax itself, folded (NFKC, case-folded, no spaces) with its
# brackets taken off: 《消費税》, <消費税>, 【消費税額】, (内消費税) …
_TAX_LINE_NAMES: Final = frozenset(
    {
        "消費税",
        "消費税額",
        "消費税等",
        "消費税計",
        "内消費税",
        "内消費税額",
        "外消費税",
        "外消費税額",
        "consumptiontax",
    }
)
_BRACKETS: Final = "《》〈〉≪≫<>【】[]()「」『』〔〕"


def is_tax_line_name(value: object) -> bool:
    """A product cell that names a consumption-tax line (《消費税》, 【消費税額】, 消費税):
    the whole cell, brackets aside — a product whose name merely contains 消費税 is a product."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return False
    return _fold(value).strip(_BRACKETS) in _TAX_LINE_NAMES


def tax_line_check(
    sheet: str, row: int | None, column: str, header: object, lines: int, yen: float, name: str
) -> Check:
    """The info line on Checks for the consumption-tax lines left out (at the product column)."""
    params: dict[str, object] = {
        "column": column,
        "name": name,
        "lines": f"{lines:,}",
        "yen": f"¥{yen + 0.0:,.0f}",
    }
    return Check(sheet, row, column, header, TAX_LINE_PROBLEM, params, "info")
