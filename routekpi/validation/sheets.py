"""Input sheets that are not where routekpi looks: missing tabs and lookalikes under other names.

A renamed tab is silent damage: a Visits tab renamed "訪問実績2025" switches the plan to the
no-visit tree while every row is still in the book. So a missing input sheet is a warning
that names the tabs routekpi did not recognise and the names it accepts, and a tab whose
header row reads like a missing input sheet is named as the likely culprit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from routekpi.contract import HEADER_SCAN_ROWS, Check
from routekpi.schema import NAMED_INPUTS, SheetSpec, match_headers, normalize_label


def accepted_names(spec: SheetSpec) -> str:
    """The tab names routekpi reads as ``spec`` (canonical, Japanese, aliases), once each."""
    seen: dict[str, str] = {}
    for name in (spec.name, spec.ja, *spec.aliases):
        seen.setdefault(normalize_label(name), name)
    return " / ".join(seen.values())


def other_tabs(tabs: Sequence[str]) -> str:
    """The tabs routekpi did not recognise, as the user sees them ("—" when there are none):
    not the template's own Reps sheet (``NAMED_INPUTS``), which is read by name."""
    tabs = [t for t in tabs if not any(spec.matches(t) for spec in NAMED_INPUTS)]
    return ", ".join(tabs) if tabs else "—"


def missing_sheet_params(spec: SheetSpec, user_tabs: Sequence[str]) -> dict[str, object]:
    """Parameters of the missing-sheet messages: the sheet, accepted names, tabs found."""
    return {"sheet": spec.name, "accepted": accepted_names(spec), "found": other_tabs(user_tabs)}


def _fit(spec: SheetSpec, rows: Sequence[Sequence[object]]) -> int:
    """How many of ``spec``'s columns the best header row names (0 unless all required are)."""
    best = 0
    required = {c.key for c in spec.columns if c.required}
    for row in rows[:HEADER_SCAN_ROWS]:
        found = set(match_headers(spec, list(row)).positions)
        if required <= found and len(found) >= min(2, len(spec.columns)):
            best = max(best, len(found))
    return best


def lookalike_checks(
    specs: Sequence[SheetSpec],
    missing: Sequence[SheetSpec],
    user_headers: Mapping[str, Sequence[Sequence[object]]],
) -> list[Check]:
    """A warning per user tab whose header row reads like a missing input sheet.

    Each tab is compared with every input sheet and counts as the one it fits best (a sales
    list names date, account and rep like Visits does, but also an amount), so a tab that is
    really a second Orders list is not reported as a lost Visits sheet.
    """
    checks: list[Check] = []
    for tab, rows in user_headers.items():
        fits = {spec.name: _fit(spec, rows) for spec in specs}
        best = max(fits.values(), default=0)
        if not best:
            continue
        for spec in missing:
            if fits[spec.name] == best:
                checks.append(
                    Check(
                        spec.name,
                        None,
                        "",
                        tab,
                        "sheet_lookalike",
                        {"tab": tab, "sheet": spec.name, "accepted": accepted_names(spec)},
                        "warn",
                    )
                )
    return checks
