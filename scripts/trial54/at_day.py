"""Trial 54: run the routekpi CLI as if today were DAY (the clock says 2026-12-07).

at_day.py 2027-01-18 recalc BOOK — only the modules that ask for ``date.today()`` get a
``date`` whose today() is DAY (a probe of a later as-of, nothing else)."""

from __future__ import annotations

import sys
from datetime import date

DAY = date.fromisoformat(sys.argv[1])


class _Day(date):
    @classmethod
    def today(cls) -> date:  # type: ignore[override]
        return DAY


def main() -> None:
    import routekpi.share.collect as c
    import routekpi.sources.assemble as a
    import routekpi.validation.cells as ce
    import routekpi.validation.tables as t

    for m in (c, a, ce, t):
        m.date = _Day  # type: ignore[attr-defined]
    from routekpi.cli import main as cli

    sys.argv = ["routekpi", *sys.argv[2:]]
    cli()


if __name__ == "__main__":
    main()
