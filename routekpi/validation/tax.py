"""Tax-included amounts: said once on Checks, and marked on every revenue label.

A 税込 amount column (「金額(税込)」 is an accepted alias) makes the KGI, the baseline, the
landing and the targets tax-included. Nothing is divided (which rate applied to which line
only the books know): the numbers stay as typed, an info Check says how they were read, and
the revenue labels of the Plan, the Dashboard and the shared copies carry ``tax_mark``
(trial 21: a 税理士 compared an unmarked team copy with net sales, 8% apart).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

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
    """The amounts were read from a tax-included column."""
    return any(c.problem == TAX_PROBLEM for c in checks)
