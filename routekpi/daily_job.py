"""``routekpi daily``: the Daily list on the terminal (text or JSON), nothing written."""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path

from routekpi.core.daily import daily_for
from routekpi.io.sheetxml import Cell
from routekpi.messages import finite as _num
from routekpi.messages import fmt_yen, text
from routekpi.pipeline import RecalcError, compute_file
from routekpi.render_daily import (
    DAILY,
    HEAD_ROWS,
    daily_days_json,
    daily_json,
    daily_rows,
    daily_span,
    stake_rule,
    visits_unmatched,
)
from routekpi.sources import SourceRef
from routekpi.validation.reps import rep_key


def rep_named(typed: str, reps: Sequence[str]) -> str | None:
    """The one rep of ``reps`` that ``typed`` names, as the inputs are matched
    (validation.reps: NFKC, spaces removed: 田中一郎 on the command line is the plan's
    田中 一郎, trial 23), or by the surname alone when it names one rep only (小池 for
    小池 真紀子, trial 38 L1); None: none, or several."""
    same = [r for r in reps if rep_key(r) == rep_key(typed)]
    if not same and rep_key(typed):
        surname = str(rep_key(typed))
        same = [r for r in reps if str(r).split()[:1] == [surname]]
    return same[0] if len(same) == 1 else None


def print_daily(
    path: Path,
    *,
    rep: str | None = None,
    start: date | None = None,
    days: int | None = None,
    as_json: bool = False,
    sources: Mapping[str, SourceRef] | None = None,
    today: date | None = None,
) -> int:
    """``routekpi daily``: read the workbook, plan, print the list (text or JSON); writes
    nothing. ``sources``: history files or databases (``--orders`` …; the Sources sheet is
    honoured too, as by recalc). ``today``: the run's day (default the clock's). Raises
    RecalcError with one line for a bad workbook, rep or day count."""
    result, checks, _, language = compute_file(Path(path), sources=sources, today=today)[0]
    ev = result.evidence
    if days is not None and not 1 <= days <= 260:
        raise RecalcError(text("daily.bad_days", language, days=days))
    if rep is not None and rep not in ev.reps:
        found = rep_named(rep, ev.reps)
        if found is None:
            raise RecalcError(text("daily.unknown_rep", language, rep=rep, reps=", ".join(ev.reps)))
        rep = found
    if rep is not None and rep in result.departed and not as_json:
        # An empty table would read as "nothing to do today": say why there is no list.
        print(text("daily.departed_rep", language, rep=rep, last=result.departed[rep].isoformat()))
        return 0
    if rep is None and start is None and days is None:
        plan = result.daily  # the recalculation's own list
    else:
        # Only the list asked for: the recalculation's list (every rep, its own days) is not
        # made first, and the accounts' status (rhythm, at-risk) is the run's, measured once.
        assert result.history is not None  # set by engine.run
        plan = daily_for(
            result.history,
            ev,
            result.targets,
            start=start,
            days=days,
            rep=rep,
            status=result.account_status,
            departed=result.departed,
        )
    unmatched = visits_unmatched(checks)  # the never-visited line points to Checks
    span = daily_span(plan, language, unmatched=unmatched)
    if as_json:
        doc = {
            "as_of": ev.as_of.isoformat(),
            "first_day": plan.first_day.isoformat() if plan.first_day else None,
            "data_through": plan.data_through.isoformat() if plan.data_through else None,
            "visits_through": plan.visits_through.isoformat() if plan.visits_through else None,
            "span": span,
            # Reps with no visit typed after the as-of date while colleagues' are (their
            # accounts keep the assumed visits), and accounts left off as never visited.
            "not_returned": list(plan.not_returned),
            "never_visited": plan.never_visited,
            "capacity": plan.capacity,
            # rep → {weekday (0 = Monday): its own limit} (a half-day Saturday)
            "weekday_capacity": {
                r: {str(w): c for w, c in own.items()} for r, own in plan.weekday_capacity.items()
            },
            "daily": daily_json(plan, language),
            "days": daily_days_json(plan),
        }
        json.dump(doc, sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    columns = DAILY.columns
    rows = daily_rows(plan, language, wrap=False, unmatched=unmatched)  # a terminal wraps
    if span:  # the list's days and the stake rule before the table (the sheet's first rows)
        print(span)
        print(stake_rule(language, plan.orders_apart))
        rows = rows[HEAD_ROWS:]
    print("\t".join(c.header(language) for c in columns))
    for row in rows:
        cells = [_console(c, col.style) for c, col in zip(row, columns, strict=False)]
        print("\t".join(cells).rstrip())
    return 0


def _console(cell: object, style: str) -> str:
    """One Daily cell as a person reads it on a terminal (yen, whole numbers, km to 0.1)."""
    value = cell.value if isinstance(cell, Cell) else cell
    if value is None or value == "":
        return ""
    number = _num(value) if not isinstance(value, (str, date)) else None
    if number is None:
        return value.isoformat() if isinstance(value, date) else str(value)
    if style == "rk_yen":
        return fmt_yen(number)
    if style.startswith("rk_int"):  # stop numbers and ranks too (rk_int_center)
        return f"{number:,.0f}"
    return f"{number:,.1f}"
