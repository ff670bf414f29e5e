"""The tax step of a stack read as a price step: said once, as the tax step (trial 49 V3).

A 税抜 file stacked with a 税込 one, nothing saying which (validation.tax ``stack_untold_check``,
a critical Checks line naming the switch, 2024-04): the engine meanwhile finds the ~10% step
in the unit price a month or so after it (core.levers.price_step, 2024-05 +13.3%) and says it
as a one-off price revision (「価格(金額÷数量)は2024-05に一度+13.3%変わりました。一度きりの価格
改定として…」) and in the team's record (「単価の段差(2024-05 +13.3%)を除いた」): the same step
twice, under two causes. Here a step found within ``STEP_NEAR`` months of the switch is said
as the tax step in the note's place (``TAX_STEP_NOTE``), and left out of the record's line
(the note says the record leaves it out). The numbers stay as the engine made them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Final

from routekpi.contract import Check
from routekpi.validation.tax import TAX_STACK_UNTOLD

if TYPE_CHECKING:
    from routekpi.core.baselines import Note
    from routekpi.core.engine import Result

TAX_STEP_NOTE: Final = "price_step_tax"
# A step found this many months from the switch (either way) or fewer is the switch's.
STEP_NEAR: Final = 2
# The engine's notes of a one-off step found in the unit price (core.levers.PriceStep.code,
# core.price_index.index_step_code); a declared or yearly revision is the manager's own.
_STEP_PREFIX: Final = "price_step"


def _month(text: object) -> int | None:
    """ "2024-05" (or "2024-05 +13.3%") as a month number; None when it is none."""
    head = str(text).split(" ", 1)[0]
    try:
        year, month = head.split("-")[:2]
        return int(year) * 12 + int(month) - 1
    except ValueError:
        return None


def _untold(checks: Sequence[Check]) -> Check | None:
    """The critical tax-basis line of a stack (a step at the switch), if any."""
    return next(
        (
            c
            for c in checks
            if c.problem.startswith(TAX_STACK_UNTOLD) and not c.problem.endswith("_small")
        ),
        None,
    )


def _near(month: object, switch: int) -> bool:
    at = _month(month)
    return at is not None and abs(at - switch) <= STEP_NEAR


def said_as_tax_step(result: Result, checks: Sequence[Check]) -> None:
    """``result``'s price-step note near the switch of a stack's untold tax basis (``checks``)
    said as the tax step, and its edge left out of the record's line (``Plan.record_steps``).
    Nothing changes without such a line or such a step."""
    untold = _untold(checks)
    switch = _month(untold.params.get("switch")) if untold is not None else None
    if untold is None or switch is None:
        return
    words = {
        "switch": untold.params["switch"],
        "source": untold.params.get("source", ""),
        "others": untold.params.get("others", ""),
        "others_en": untold.params.get("others_en", ""),
    }
    found = False
    for notes in (result.evidence.notes, result.plan.notes):
        for i, note in enumerate(notes):
            if _is_step(note) and _near(note.params.get("month"), switch):
                notes[i] = replace(note, code=TAX_STEP_NOTE, params={**note.params, **words})
                found = True
    if found:
        plan = result.plan
        plan.record_steps = tuple(s for s in plan.record_steps if not _near(s, switch))


def is_tax_step(notes: Iterable[Note], month: object) -> bool:
    """Whether ``notes`` say the step at ``month`` is a stack's tax switch (the Plan's lever
    line then says so too, not 「一度きりの価格改定」)."""
    return any(n.code == TAX_STEP_NOTE and n.params.get("month") == month for n in notes)


def _is_step(note: Note) -> bool:
    return note.code.startswith(_STEP_PREFIX) and note.code != TAX_STEP_NOTE
