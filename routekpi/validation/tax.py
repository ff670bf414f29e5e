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
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
import pandas as pd

from routekpi.contract import Check
from routekpi.messages import fmt_uplift, fmt_yen, text
from routekpi.schema import SETTINGS, TAX_INCLUDED_MARKS, normalize_label
from routekpi.validation.cells import parse_number_column

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
    tax-included (a ``TAX_PROBLEM`` line among ``checks``); 「(税抜)」 / " (net of tax)" when
    the 税抜 column was read beside a 税込 one (``NET_READ_PROBLEM``: the export showed both,
    so which the figures are is worth a word; trial 52 M9); else ""."""
    if tax_included(checks):
        return text("label.tax_included", language)
    return text("label.tax_excluded", language) if net_read(checks) else ""


def net_read(checks: Sequence[Check]) -> bool:
    """The 税抜 amount column was read beside a 税込 one (``NET_READ_PROBLEM``)."""
    return any(c.problem == NET_READ_PROBLEM for c in checks)


def gross_baseline_note(checks: Sequence[Check], baseline: float, language: str) -> str:
    """The Plan's baseline note's 「(税込なら約 ¥X、×1.098: 税込の列の合計から)」 (its label says
    「(税抜)」) when the 税抜 column was read beside a 税込 one: the baseline × the 税込 column's
    sum ÷ the 税抜 one's over the lines (``gross_factor``: 8% lines, returns and rounding as
    the export has them), × 1 + the standard rate when those sums are not known; else ""."""
    if not (net_read(checks) and math.isfinite(baseline) and baseline > 0):
        return ""
    factor = gross_factor(checks)
    if factor is None:
        return text("plan.baseline_gross", language, gross=fmt_yen(baseline * (1 + STANDARD_RATE)))
    return text(
        "plan.baseline_gross_sum",
        language,
        gross=fmt_yen(baseline * factor),
        factor=f"{factor:.3f}",
    )


# The 税込 ÷ 税抜 ratio of the export's two columns read as one (``gross_factor``) only inside
# these bounds: above 1 (a tax at all) and below the standard rate's with room for rounding.
GROSS_FACTOR_RANGE: Final = (1.0, 1.12)


def gross_sums(net: Sequence[object], gross: Sequence[object]) -> dict[str, float]:
    """``net_sum`` and ``gross_sum``: the read 税抜 column's and the unread 税込 column's sums
    over the lines where both are numbers (the ``NET_READ_PROBLEM`` line's params, for
    ``gross_factor``); empty without such a line."""
    n, _ = parse_number_column(list(net))
    g, _ = parse_number_column(list(gross))
    both = np.isfinite(n) & np.isfinite(g)
    if not both.any():
        return {}
    return {"net_sum": float(n[both].sum()), "gross_sum": float(g[both].sum())}


def with_gross_sums(
    said: list[tuple[int, str, dict[str, object], str]],
    net_at: int | None,
    sums_of: Callable[[int, int], dict[str, float]],
) -> list[tuple[int, str, dict[str, object], str]]:
    """``said`` (validation.tables.header_notes' lines) with the ``NET_READ_PROBLEM`` line's
    params given the two columns' sums (``sums_of(net column, gross column)``: ``gross_sums``
    on a sheet's cells, a query on a file's)."""
    if net_at is None or not any(p == NET_READ_PROBLEM for _, p, _, _ in said):
        return said
    return [
        (idx, p, {**params, **sums_of(net_at, idx)} if p == NET_READ_PROBLEM else params, sev)
        for idx, p, params, sev in said
    ]


def gross_factor(checks: Sequence[Check]) -> float | None:
    """The 税込 column's sum ÷ the 税抜 one's over every file or sheet that had both
    (``gross_sums`` on their ``NET_READ_PROBLEM`` lines): what a 税抜 figure is 税込 on these
    books (1.10 on standard-rate lines only; less with 8% lines). None when no line carries
    the sums or the ratio is outside ``GROSS_FACTOR_RANGE``."""
    said = [c.params for c in checks if c.problem == NET_READ_PROBLEM and "net_sum" in c.params]
    net = sum(float(p["net_sum"]) for p in said)  # type: ignore[arg-type]
    gross = sum(float(p["gross_sum"]) for p in said)  # type: ignore[arg-type]
    if not (net > 0 and math.isfinite(gross)):
        return None
    low, high = GROSS_FACTOR_RANGE
    factor = gross / net
    return factor if low < factor < high else None


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
# tax-excluded on every line, as the books' 売上高.
#
# A 税込 amount header (税込金額) whose class names the line's rate instead of a word
# (酒類 10%, 飲料 軽減8%, 非課税: trial 44 H2, a liquor wholesaler, every line ~8.5% over the
# books and a 税抜 KGI read as a cut) is the same thing said the other way round: each line
# is divided by 1 + the rate its class names (``class_rate``), in one Checks line that takes
# the header's 税込 line's place. A class naming neither a rate nor a word leaves its lines
# as typed, and Checks names the values. The sheet reader (validation.tables) and the SQL
# reader (sources.tabular) both hand each distinct (class, rate) pair with its lines and yen
# to ``net_pairs``, so the two give the same amounts and the same Checks lines.

STANDARD_RATE: Final = 0.10
REDUCED_RATE: Final = 0.08
# Lines netted by the rate their class names under a 税込 amount header (trial 44 H2).
TAX_NETTED_BY_CLASS: Final = "tax_netted_by_class"
NETTED_PROBLEMS: Final = (
    "tax_netted_rate",
    "tax_netted_standard",
    "tax_netted_mixed",
    TAX_NETTED_BY_CLASS,
)
# Class values under a 税込 header that name no rate and no word: their lines stay as typed.
TAX_CLASS_UNKNOWN: Final = "tax_class_not_understood"
TAX_CLASS_UNKNOWN_MIXED: Final = "tax_class_not_understood_mixed"
# Words of a tax-included line, folded (NFKC, case-folded, no spaces): 内税, 税込, 内消費税 …
_INCLUDED_WORDS: Final = ("内税", "税込", "内消費税", "taxincluded", "inclusive", "incltax")
_INCLUDED_EXACT: Final = frozenset({"内", "込", "込み", "incl", "included"})
# … and of a tax-excluded one (外税, 税抜, 税別): under a 税込 header too, left as typed (the
# line's class wins: its amount is net; ``excluded_check`` counts them on Checks).
_EXCLUDED_WORDS: Final = ("外税", "税抜", "税別", "外消費税", "taxexcluded", "exclusive", "excltax")
_EXCLUDED_EXACT: Final = frozenset({"外", "抜", "別", "excl", "excluded"})
_EXEMPT_WORDS: Final = ("非課税", "免税", "不課税", "対象外", "exempt")
# Class values named on Checks at most (the rest counted).
_UNKNOWN_SHOWN: Final = 5


def _fold(value: object) -> str:
    return "".join(unicodedata.normalize("NFKC", str(value)).casefold().split())


def _blank(value: object) -> bool:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return True
    return value is pd.NA or not str(value).strip()


def is_included_class(value: object) -> bool:
    """A tax class cell that says the line's amount includes the tax (内税, 税込, 込)."""
    if value is None:
        return False
    word = _fold(value)
    return word in _INCLUDED_EXACT or any(w in word for w in _INCLUDED_WORDS)


def is_excluded_class(value: object) -> bool:
    """A tax class cell that says the line's amount excludes the tax (外税, 税抜, 税別)."""
    if _blank(value):
        return False
    word = _fold(value)
    return word in _EXCLUDED_EXACT or any(w in word for w in _EXCLUDED_WORDS)


def line_rate(value: object) -> float | None:
    """A tax rate cell as a fraction: 10% / 10 / 0.1 → 0.10, 8%(軽減) / 軽減 → 0.08, 標準 →
    0.10; None when blank or not a rate (0 to under 30%)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    word = _fold(value)
    found = re.search(r"\d+(?:\.\d+)?", word)
    if found is None:
        if any(w in word for w in _EXEMPT_WORDS):  # 弥生's 税区分 非課税: no tax to take out
            return 0.0
        if "軽減" in word:
            return REDUCED_RATE
        return STANDARD_RATE if "標準" in word else None
    rate = float(found.group())
    if rate >= 1 or "%" in word:
        rate /= 100
    return rate if 0 <= rate < 0.3 else None


def class_rate(value: object) -> float | None:
    """The rate a tax class cell names: 酒類 10% / 飲料 軽減8% / 軽減税率８％ / 標準税率 →
    0.10 / 0.08 / 0.08 / 0.10; 非課税 / 不課税 / 対象外 → 0. None when it names none: unlike a
    rate cell (``line_rate``) a bare number is no rate here (区分1 is a code, not 1%)."""
    if _blank(value):
        return None
    word = _fold(value)
    if any(w in word for w in _EXEMPT_WORDS):
        return 0.0
    found = re.search(r"(\d+(?:\.\d+)?)%", word)  # the number the % sign follows
    if found is not None:
        rate = float(found.group(1)) / 100
        return rate if rate < 0.3 else None
    if "軽減" in word:
        return REDUCED_RATE
    return STANDARD_RATE if "標準" in word else None


def net_divisor(tax_class: object, rate: object, gross: bool = False) -> tuple[float, bool] | None:
    """What a line's amount is divided by to be tax-excluded, and whether the standard rate
    stood in for a missing one; None: the line is left as typed (外税, 非課税, blank; or a
    class naming no rate). ``gross``: the amount header says 税込, so a line whose class
    names a rate (酒類 10%) or whose rate cell has one is tax-included at that rate."""
    if is_included_class(tax_class):
        known = line_rate(rate)
        if known is None:  # 内税10% with no rate column: the rate the class names
            known = class_rate(tax_class)
        return (1.0 + (STANDARD_RATE if known is None else known)), known is None
    if not gross or is_excluded_class(tax_class):
        return None
    known = line_rate(rate)
    if known is None:
        known = class_rate(tax_class)
    return None if known is None else (1.0 + known, False)


@dataclass(frozen=True)
class Netted:
    """The tax-included lines netted on one sheet or file: how many, their yen as typed and
    net, and how many of them were divided at the standard rate (no rate given). Under a 税込
    header also: the lines at each rate (rate, lines), how many were netted by the header
    and their class' rate alone (no 内税 word), and the class values read as no rate (their
    lines and yen, left as typed)."""

    lines: int
    gross: float
    net: float
    standard: int
    rates: tuple[tuple[float, int], ...] = ()
    by_class: int = 0
    unknown: tuple[object, ...] = ()
    unknown_lines: int = 0
    unknown_yen: float = 0.0
    excluded_lines: int = 0  # under a 税込 header: lines whose class says 外税 (kept as net)
    excluded_yen: float = 0.0
    typed_lines: int = 0  # every line with an amount


def net_pairs(
    pairs: Sequence[tuple[object, object, int, float]], gross: bool = False
) -> tuple[list[float | None], Netted]:
    """Each distinct (class, rate, lines, yen) pair's divisor (None: left as typed) and what
    dividing by them does; ``lines`` and ``yen`` count the lines with an amount. ``gross``:
    the amount header says 税込 (``net_divisor``)."""
    divisors: list[float | None] = []
    lines = standard = by_class = excluded = typed = 0
    yen = net = excluded_yen = 0.0
    rates: dict[float, int] = {}
    unknown: dict[object, tuple[int, float]] = {}
    for tax_class, rate, n, total in pairs:
        found = net_divisor(tax_class, rate, gross)
        included = is_included_class(tax_class)
        if found == (1.0, False) and included:  # 内税 at 0%: nothing to take out
            found = None
        divisors.append(None if found is None else found[0])
        typed += n
        if found is None and gross and not included and is_excluded_class(tax_class):
            # 外税 under a 税込 header: the line's own class wins, its amount is already net
            # (dividing it again would take the tax out twice); counted for its Checks line.
            excluded += n
            excluded_yen += total
            continue
        if found is None:
            if gross and n and not included and not is_excluded_class(tax_class):
                key = None if _blank(tax_class) else tax_class
                had = unknown.get(key, (0, 0.0))
                unknown[key] = (had[0] + n, had[1] + total)
            continue
        lines += n
        yen += total
        net += total / found[0]
        standard += n if found[1] else 0
        by_class += 0 if included else n
        at = round(found[0] - 1.0, 6)
        rates[at] = rates.get(at, 0) + n
    if not lines:  # nothing netted: a blank class is just no class
        unknown.pop(None, None)
    done = Netted(
        lines,
        yen + 0.0,
        net + 0.0,
        standard,
        tuple(sorted(((r, k) for r, k in rates.items() if k), reverse=True)),
        by_class,
        tuple(unknown),
        sum(n for n, _ in unknown.values()),
        sum(t for _, t in unknown.values()) + 0.0,
        excluded,
        excluded_yen + 0.0,
        typed,
    )
    return divisors, done


def _factor(values: Sequence[object] | None, n: int) -> tuple[np.ndarray, list[object]]:
    if values is None:
        return np.zeros(n, dtype=np.int64), [None]
    codes, uniques = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=False)
    return codes.astype(np.int64), list(uniques)


def net_amounts(
    amount: np.ndarray,
    tax_class: Sequence[object] | None,
    rate: Sequence[object] | None,
    gross: bool = False,
) -> tuple[np.ndarray, Netted]:
    """``amount`` with each tax-included line divided by 1 + its rate (``net_divisor``), and
    what was netted. Each distinct (class, rate) pair is read once (``net_pairs``)."""
    classes, class_values = _factor(tax_class, len(amount))
    if not gross and not any(map(is_included_class, class_values)):
        return amount, Netted(0, 0.0, 0.0, 0)  # the common case, at no cost: nothing to net
    rates, rate_values = _factor(rate, len(amount))
    size = len(class_values) * len(rate_values)
    pair = classes * len(rate_values) + rates
    if size > 4 * len(amount) + 1024:  # free text in both columns: sort instead
        found, at = np.unique(pair, return_inverse=True)
    else:  # the pairs present, numbered in order (np.unique's inverse without its sort)
        found = np.flatnonzero(np.bincount(pair, minlength=size))
        number = np.zeros(size, dtype=np.int64)
        number[found] = np.arange(len(found))
        at = number[pair]
    typed = ~np.isnan(amount)
    counts = np.bincount(at[typed], minlength=len(found))
    sums = np.bincount(at[typed], weights=amount[typed], minlength=len(found))
    pairs = [
        (
            class_values[int(p) // len(rate_values)],
            rate_values[int(p) % len(rate_values)],
            int(counts[i]),
            float(sums[i]),
        )
        for i, p in enumerate(found)
    ]
    divisors, done = net_pairs(pairs, gross)
    if all(d is None for d in divisors):
        return amount, done
    divisor = np.array([1.0 if d is None else d for d in divisors])[at]
    return amount / divisor, done


def _rates_said(rates: Sequence[tuple[float, int]]) -> str:
    """10%: 1,234 / 8%: 567 / 0%: 12 (the lines at each rate; the same in ja and en)."""
    return " / ".join(f"{r * 100:g}%: {n:,}" for r, n in rates)


def netted_check(
    sheet: str,
    row: int | None,
    column: str,
    header: object,
    done: Netted,
    rate_column: str,
    amount_column: str = "",
) -> Check:
    """The info line on Checks for the netted lines (at the tax class column's header)."""
    params: dict[str, object] = {
        "column": column,
        "lines": f"{done.lines:,}",
        "gross": f"¥{done.gross:,.0f}",
        "tax": f"¥{done.gross - done.net:,.0f}",
        "rate_column": rate_column or column,  # a class that names the rate (内税10%)
        "standard": f"{done.standard:,}",
        "rate": f"{STANDARD_RATE:.0%}",
    }
    if done.by_class:
        params |= {"amount": amount_column, "rates": _rates_said(done.rates)}
        problem = TAX_NETTED_BY_CLASS
    elif done.standard == 0:
        problem = "tax_netted_rate"
    elif done.standard == done.lines:
        problem = "tax_netted_standard"
    else:
        problem = "tax_netted_mixed"
    return Check(sheet, row, column, header, problem, params, "info")


def unknown_class_check(
    sheet: str, row: int | None, column: str, header: object, done: Netted, amount_column: str
) -> Check | None:
    """The Checks line naming the class values read as no rate under a 税込 header (their
    lines stay as typed): a warning when other lines were netted (the revenue is then part
    税抜, part 税込), else an info line beside the header's 税込 one. None when there are none."""
    if not done.unknown:
        return None
    shown = done.unknown[:_UNKNOWN_SHOWN]
    ja = "".join("「(空欄)」" if v is None else f"「{v}」" for v in shown)
    en = ", ".join("(blank)" if v is None else f"'{v}'" for v in shown)
    params: dict[str, object] = {
        "column": column,
        "amount": amount_column,
        "values": ja,
        "values_en": en,
        "kinds": f"{len(done.unknown):,}",
        "lines": f"{done.unknown_lines:,}",
        "yen": f"¥{done.unknown_yen:,.0f}",
    }
    if done.lines:
        return Check(sheet, row, column, header, TAX_CLASS_UNKNOWN_MIXED, params, "warn")
    return Check(sheet, row, column, header, TAX_CLASS_UNKNOWN, params, "info")


# A 税込 header whose 内税 lines a 税区分 column netted: the amounts are 税抜 after all.
TAX_HEADER_NETTED: Final = "amount_tax_header_netted"


def add_netted(checks: list[Check], netted: Check) -> None:
    """Append the netted line ``netted`` to ``checks``, and turn the same sheet's
    tax-included header line (``TAX_PROBLEM``, which marks every revenue label 税込) into a
    note that the amounts are 税抜 despite the header: once the 内税 lines are divided, the
    revenue is tax-excluded whatever the column is called (trial 42 H1: 「税込金額」 with
    税区分 内税 on every line, labels 「(税込)」 on 税抜 numbers, and two Checks rows saying
    税込 and 税抜 side by side). Lines netted by their class' rate under that header say it
    all in one line, in the header line's place (trial 44 H2)."""
    for i, c in enumerate(checks):
        if c.problem == TAX_PROBLEM and c.sheet == netted.sheet:
            if netted.problem == TAX_NETTED_BY_CLASS:
                checks[i] = netted
                return
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


def add_tax_checks(
    checks: list[Check],
    sheet: str,
    row: int | None,
    where: tuple[str, object],
    done: Netted,
    rate_column: str,
    amount_column: str,
) -> None:
    """The Checks lines of one sheet's or file's netting (``add_netted``, and the class
    values read as no rate), at the tax class column ``where`` (its name and header)."""
    column, header = where
    if done.lines:
        add_netted(
            checks, netted_check(sheet, row, column, header, done, rate_column, amount_column)
        )
    unknown = unknown_class_check(sheet, row, column, header, done, amount_column)
    if unknown is not None:
        checks.append(unknown)
    if done.excluded_lines:
        add_excluded(checks, excluded_check(sheet, row, column, header, done, amount_column))


# 外税 lines under a 税込 amount header: kept as typed (already net), said on Checks.
TAX_EXCLUDED_KEPT: Final = "tax_excluded_class_kept"
TAX_EXCLUDED_ALL: Final = "tax_excluded_class_all"


def excluded_check(
    sheet: str, row: int | None, column: str, header: object, done: Netted, amount_column: str
) -> Check:
    """The info line for the lines whose class says 外税 (税抜) under a 税込 header: their
    amounts were read as net, not divided; ``TAX_EXCLUDED_ALL`` when that is every line."""
    params: dict[str, object] = {
        "column": column,
        "amount": amount_column,
        "lines": f"{done.excluded_lines:,}",
        "yen": f"¥{done.excluded_yen:,.0f}",
    }
    every = done.excluded_lines == done.typed_lines
    return Check(
        sheet, row, column, header, TAX_EXCLUDED_ALL if every else TAX_EXCLUDED_KEPT, params, "info"
    )


def add_excluded(checks: list[Check], excluded: Check) -> None:
    """Append ``excluded``; when every line is 外税 it takes the same sheet's header line's
    place (``TAX_PROBLEM``: the revenue labels' 税込 mark and the 税抜-KGI warning would
    say 税込 of amounts that are all net)."""
    if excluded.problem == TAX_EXCLUDED_ALL:
        for i, c in enumerate(checks):
            if c.problem == TAX_PROBLEM and c.sheet == excluded.sheet:
                checks[i] = excluded
                return
    checks.append(excluded)


# --- a KGI typed 税抜 against 税込 amounts ------------------------------------------------------
#
# The amounts stay 税込 (no class to net them by) and the KGI is below the baseline by about
# a tax rate's worth: most likely the manager typed his books' 売上高 (税抜), and a planned
# rise reads as a cut (trial 44 H2: +3% on the books read as −5.0%, and in the running year
# a 5% miss shown as a 4% beat). A warning on the KGI cell, not an error: a 税込 KGI below
# last year is a plan too.

TAX_KGI_PROBLEM: Final = "kgi_tax_excluded_maybe"
# KGI ÷ baseline from 1 / (1 + the standard rate) up to (not including) 1: a 税抜 KGI from
# a 10% cut to an 8–10% rise on the books (8% on reduced-rate lines).
TAX_KGI_RANGE: Final = (1 / (1 + STANDARD_RATE), 1.0)


# The other way round (trial 52 M9): the export carries 金額(税抜) and 金額(税込), the 税抜 one
# is read (``NET_READ_PROBLEM`` on Checks), and a KGI typed off the 税込 請求 figures reads
# as a stretch beyond the team's record. When that KGI divided by 1 + the standard rate would
# be a +2% to +12% rise on the baseline, Checks asks whether it was typed 税込. The KGI ÷
# baseline alone would not do: 56億 × 1.10 on a ¥50.9億 baseline is +21%, a 10% rise and the
# tax together. Not from level: the right 税抜 KGI 56億 (+10.0%) ÷ 1.10 is level (+0.03%),
# and a +10% KGI typed 税抜 is the common case; a flat plan typed 税込 goes unasked. It stays
# so (left52c): a flat plan typed 税込 is the baseline × 1.10, the very figure of a +10% plan
# typed 税抜, and no input tells the two apart (the 税込 column's own sum, ``gross_factor``,
# lands on the same yen: 50.9億 × 1.10 = 55.99億 beside the right 56億); asking would ask
# every +10% plan, the case trial 52 showed is the common one. What that manager sees instead
# is the Plan's baseline note, 「(税込なら約 ¥X …)」 beside the 「(税抜)」 label: his KGI is X.
NET_READ_PROBLEM: Final = "amount_net_read_gross_beside"
TAX_KGI_GROSS_PROBLEM: Final = "kgi_tax_included_maybe"
TAX_KGI_GROSS_RANGE: Final = (1.02, 1.12)


def net_beside_gross(read: object, unread: object) -> bool:
    """The amount column read says 税抜 and the one left unread says 税込."""
    return is_tax_excluded(read) and is_tax_included(unread)


def tax_kgi_check(
    kgi: float,
    baseline: float,
    checks: Sequence[Check],
    cell_of: Mapping[str, tuple[int, str]] | None = None,
    *,
    stretch: bool = False,
) -> Check | None:
    """A warning at the KGI cell when the amounts are read 税込 (``tax_included``) and the
    KGI is below the 税込 ``baseline`` by no more than the standard rate: the KGI may be
    税抜. Or, when the 税抜 column was read beside a 税込 one (``NET_READ_PROBLEM``) and the
    KGI is a ``stretch`` (beyond the record, or out of reach) that divided by 1 + the standard
    rate is an ordinary rise (``TAX_KGI_GROSS_RANGE``): the KGI may be 税込. None otherwise."""
    if not (kgi > 0 and baseline > 0 and math.isfinite(kgi) and math.isfinite(baseline)):
        return None
    gross = next((c for c in checks if c.problem == NET_READ_PROBLEM), None)
    if gross is not None:
        if not stretch:
            return None
        return _gross_kgi_check(kgi, baseline, gross, cell_of, gross_factor(checks))
    low, high = TAX_KGI_RANGE
    if not low - 1e-9 <= kgi / baseline < high:
        return None
    column = next((c.params.get("column") for c in checks if c.problem == TAX_PROBLEM), None)
    if column is None:
        return None
    row, col = (cell_of or {}).get("KGI", (None, ""))
    params: dict[str, object] = {
        "column": column,
        "kgi": fmt_yen(kgi),
        "baseline": fmt_yen(baseline),
        "change": fmt_uplift(kgi / baseline),
        "reduced": fmt_yen(kgi * (1 + REDUCED_RATE)),
        "standard": fmt_yen(kgi * (1 + STANDARD_RATE)),
    }
    return Check(SETTINGS.name, row, f"{col} KGI".strip(), kgi, TAX_KGI_PROBLEM, params, "warn")


def _gross_kgi_check(
    kgi: float,
    baseline: float,
    gross: Check,
    cell_of: Mapping[str, tuple[int, str]] | None,
    factor: float | None = None,
) -> Check | None:
    """``tax_kgi_check``'s 税込 KGI warning, ``gross`` the Checks line of the 税込 column;
    the 税込 baseline it shows by ``factor`` (``gross_factor``), else × 1.10. The question
    and the advice stay at the standard rate: the rule's reading of a 税込 KGI and what to
    divide it by are the manager's books' rate, not this export's mix."""
    net = kgi / (1 + STANDARD_RATE)
    low, high = TAX_KGI_GROSS_RANGE
    if not low - 1e-9 <= net / baseline < high - 1e-9:
        return None
    row, col = (cell_of or {}).get("KGI", (None, ""))
    params: dict[str, object] = {
        "read": gross.params.get("read"),
        "column": gross.params.get("column"),
        "kgi": fmt_yen(kgi),
        "baseline": fmt_yen(baseline),
        "gross_baseline": fmt_yen(baseline * (factor or 1 + STANDARD_RATE)),
        "change": fmt_uplift(kgi / baseline),
        "net": fmt_yen(net),
        "net_change": fmt_uplift(net / baseline),
    }
    return Check(
        SETTINGS.name, row, f"{col} KGI".strip(), kgi, TAX_KGI_GROSS_PROBLEM, params, "warn"
    )


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


# --- a file's tax basis, and files of two bases stacked (trial 49 H3) ---------------------------
#
# The basis is a file's own: its amount header's word (金額(税込) / 金額(税抜)), else its Sources
# row's 税 cell (税込 / 税抜), else untold. An old 販売管理's 税抜 export under a plain 金額
# stacked with a kintone 金額(税込) one with no rate column read 税込 throughout: the ~10% step at
# the switch was growth (+12.8% for +2.6%) and the feasibility verdict flipped. What routekpi
# does with a stack (sources.stacked):
# - a 税込 file (kept as typed: no rate column to net it by) beside a 税抜 one (header or
#   Sources): the 税込 file's lines are divided by 1 + the standard rate, so the whole history
#   is 税抜, as the books' 売上高 and as a file netted by its 税率 column; one info line says
#   which file, how many lines and yen (lines at the reduced 8% rate then read ~1.8% low);
# - a 税込 file beside one whose header and Sources row say nothing: nothing is divided (the
#   other may be 税込 too), and a critical line names both files, the step measured at the
#   switch, and what to type on the Sources row (税抜 or 税込).

GROSS: Final = "gross"
NET: Final = "net"
# Header words of a tax-excluded amount (folded as headers are): 金額(税抜), 税別金額, Net of tax.
TAX_EXCLUDED_MARKS: Final = tuple(
    map(normalize_label, ("税抜", "税別", "外税", "excl. tax", "excluding tax", "tax excl"))
)
_BASIS_WORDS: Final = {
    GROSS: ("税込", "税込み", "内税", "込", "込み", "gross", "incl", "included", "inctax"),
    NET: ("税抜", "税抜き", "税別", "外税", "抜", "別", "net", "excl", "excluded", "exctax"),
}
# English phrases (folded: no spaces, dots or hyphens) of either basis, found inside the cell
# ("tax-included", "incl. tax", "inclusive"; "net of tax", "excl. tax", "pre-tax").
_GROSS_EN: Final = ("incl", "inctax", "withtax")
_NET_EN: Final = ("excl", "exctax", "netoftax", "beforetax", "pretax", "withouttax")
TAX_STACK_NETTED: Final = "tax_stack_netted"
TAX_STACK_UNTOLD: Final = "tax_stack_untold"
TAX_TYPED_IGNORED: Final = "tax_typed_header_wins"
# A change across the switch of files at least this large (either way) is a tax's step.
STEP_CRITICAL: Final = 0.05


def is_tax_excluded(header: object) -> bool:
    """An amount header that says its figures exclude tax (金額(税抜), 税別金額)."""
    label = normalize_label(header)
    return any(mark in label for mark in TAX_EXCLUDED_MARKS)


def header_basis(header: object) -> str | None:
    """``GROSS`` / ``NET`` for an amount header that says 税込 / 税抜; None when it says neither."""
    if is_tax_included(header):
        return GROSS
    return NET if is_tax_excluded(header) else None


def typed_basis(cell: object) -> str | None:
    """The basis a Sources row's 税 cell names: 税込 / 内税 / 税込み → ``GROSS``, 税抜 / 外税 /
    税別 → ``NET`` (NFKC, case and spaces folded, brackets and 金額 around it ignored); None
    when it names neither (the caller stops the run: read the wrong way the history steps)."""
    word = _fold(cell).strip("()[]【】「」").removeprefix("金額").removesuffix("金額")
    word = word.strip("()[]【】「」").replace(".", "").replace("-", "")
    for basis, words in _BASIS_WORDS.items():
        if word in words:
            return basis
    # English as an en book's user types it, and as the en messages say it ("tax-included",
    # "net of tax", "excl. tax"): words, not one of the list above.
    gross = any(w in word for w in ("税込", "内税", *_GROSS_EN))
    net = any(w in word for w in ("税抜", "外税", "税別", *_NET_EN))
    return None if gross == net else (GROSS if gross else NET)


def typed_ignored_check(
    sheet: str, row: int | None, column: str, header: object, typed: str, source_row: int
) -> Check:
    """The warning when a Sources row's 税 cell says the other basis than the amount header:
    the header is read (as a header's unit wins over the 単位 cell)."""
    said = "税込" if typed == GROSS else "税抜"
    params: dict[str, object] = {
        "column": column,
        "typed": said,
        "typed_en": "tax-included" if typed == GROSS else "net of tax",
        "source_row": source_row,
    }
    return Check(sheet, row, column, header, TAX_TYPED_IGNORED, params, "warn")


@dataclass(frozen=True)
class StackFile:
    """One file of a stack as its tax basis is judged: its name, Sources row, amount column
    (as Checks names it: "H 金額(税込)") and basis (``GROSS`` kept as typed, ``NET``, None)."""

    label: str
    row: int | None
    column: str
    basis: str | None


def stack_netted_check(
    done: StackFile, others: Sequence[StackFile], lines: int, gross: float, net: float
) -> Check:
    """The info line for a 税込 file divided to the 税抜 of the files beside it (it takes the
    place of the file's 税込 line: every revenue label is 税抜 then)."""
    params: dict[str, object] = {
        "source": done.label,
        "column": done.column,
        "others": "・".join(o.label for o in others),
        "others_en": ", ".join(o.label for o in others),
        "lines": f"{lines:,}",
        "gross": f"¥{gross:,.0f}",
        "tax": f"¥{gross - net:,.0f}",
        "rate": f"{STANDARD_RATE:.0%}",
    }
    return Check(done.label, None, done.column, None, TAX_STACK_NETTED, params, "info")


def stack_untold_check(
    gross: StackFile,
    untold: Sequence[StackFile],
    switch: str,
    step: float | None,
    step_months: int,
    within: Sequence[tuple[str, float]],
) -> Check:
    """The critical line for a 税込 file stacked with files whose header and Sources row say
    no basis: the files, the change in revenue across the switch (``step``: the first
    ``step_months`` months of the later file over the same months a year before, or the months
    just before when there are none) beside the change within each file (``within``), and what
    to type on the Sources rows."""
    rows = [str(u.row) for u in untold if u.row is not None]
    within_ja = "、".join(f"{name} {fmt_uplift(1 + g)}" for name, g in within)
    within_en = ", ".join(f"{name} {fmt_uplift(1 + g)}" for name, g in within)
    params: dict[str, object] = {
        "source": gross.label,
        "column": gross.column,
        "others": "・".join(u.label for u in untold),
        "others_en": ", ".join(u.label for u in untold),
        "other_columns": "・".join(f"「{u.column}」" for u in untold),
        "other_columns_en": ", ".join(f"'{u.column}'" for u in untold),
        "rows": "・".join(rows) if rows else "—",
        "rows_en": ", ".join(rows) if rows else "—",
        "switch": switch,
        "step": "—" if step is None else fmt_uplift(1 + step),
        "months": step_months,
        "within": f"(ひとつのファイルの中の前年比: {within_ja})" if within_ja else "",
        "within_en": f" (year on year within one file: {within_en})" if within_en else "",
    }
    # Critical when the switch steps by a tax's worth or more (or cannot be measured); a
    # smaller step says the other file may be 税込 too: a warning, still asking for the word
    # (its own sentence: no step to read as growth).
    small = step is not None and abs(step) < STEP_CRITICAL
    problem = TAX_STACK_UNTOLD + ("" if rows else "_given") + ("_small" if small else "")
    return Check(
        gross.label, None, gross.column, None, problem, params, "warn" if small else "critical"
    )
