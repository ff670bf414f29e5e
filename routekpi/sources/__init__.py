"""History from files or a database: one interface for where an input's history comes from.

An input is read from its workbook sheet (the default) or from a CSV/TSV, Parquet or .xlsx
file, or a database table or query, named on the Sources sheet or with ``routekpi recalc
--orders/--visits/--accounts``. Orders and visits are validated and aggregated in embedded
DuckDB (portable SQL in ``sql/``), so only the compact history (``core.history.HistoryFacts``)
reaches the engine, however long the history is. See docs/sources.md.

DuckDB is imported only when a source is named: a workbook-only run does not load it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from routekpi.core.calendar import MON_FRI
from routekpi.sources.base import SOURCE_INPUTS, HistorySource, Loaded, ReadContext, SourceRef

if TYPE_CHECKING:
    from routekpi.contract import Check, RawSheet
    from routekpi.io.reader import WorkbookData
    from routekpi.sources.assemble import ExternalHistory

__all__ = [
    "SOURCE_INPUTS",
    "HistorySource",
    "Loaded",
    "ReadContext",
    "SourceRef",
    "external_history",
    "named_sources",
    "replaced_sheets",
    "sources_note",
]


def named_sources(
    data: WorkbookData,
    given: Mapping[str, SourceRef] | None,
    base: Path | None,
    checks: list[Check],
) -> dict[str, SourceRef]:
    """The sources in force: the Sources sheet's rows (paths relative to ``base``, the
    workbook's folder), each replaced by one given on the command line.

    Only the file jobs (``recalc``, ``backtest``, ``daily``, which know the workbook's folder:
    ``base``) read the Sources sheet. The live layer caches its model by a fingerprint of
    the workbook's cells, which would not see a source file change: it keeps to the sheets.
    """
    refs: dict[str, SourceRef] = {}
    raw = data.sheets.get("Sources")
    if raw is not None and base is not None:
        from routekpi.sources.sheet import sources_from_sheet

        refs = sources_from_sheet(raw, base, checks)
    refs.update(given or {})
    return refs


def replaced_sheets(given: Mapping[str, SourceRef]) -> Callable[[RawSheet | None], set[str]]:
    """For the workbook reader (``read_workbook``'s ``skip``): given the Sources sheet as
    read, the input sheets a source stands in for — named there or in ``given`` (the command
    line) — which are then not read at all."""

    def replaced(raw: RawSheet | None) -> set[str]:
        names = set(given)
        if raw is not None:
            from routekpi.sources.sheet import sources_from_sheet

            names |= set(sources_from_sheet(raw, None, []))  # its Checks come with validation
        return names

    return replaced


def external_history(
    data: WorkbookData,
    refs: Mapping[str, SourceRef],
    *,
    as_of: date | None = None,
    drop_identical: bool = False,
    today: date | None = None,
    listed_reps: Sequence[str] = (),
    weekdays: frozenset[int] = MON_FRI,
) -> ExternalHistory:
    """Validate the workbook and the named sources; aggregate once the as-of date is known
    (``ExternalHistory.inputs(as_of)``). See ``routekpi.sources.assemble``."""
    from routekpi.sources.assemble import external_history as run

    return run(
        data,
        refs,
        as_of=as_of,
        drop_identical=drop_identical,
        today=today,
        listed_reps=listed_reps,
        weekdays=weekdays,
    )


def sources_note(checks: list[Check], *, short: bool = False) -> str:
    """Where the history came from ("Orders=orders.parquet, …"), from the run's Checks;
    "" when every input came from its sheet. ``short``: a database named by its kind, name
    and table only ("postgresql: sales orders"), for the one-line status (trial 33 L4: three
    postgresql://user@host:port/… URLs ran the printed Dashboard's status line off the page)."""
    used = [c for c in checks if c.problem.startswith("source_used")]  # _sheets, _stacked…
    return ", ".join(
        f"{c.params['input']}={_short(str(c.params['source'])) if short else c.params['source']}"
        for c in used
    )


def _short(label: str) -> str:
    """A database source's label without its user, host and port (a file's as it is)."""
    found = re.match(r"^([A-Za-z][\w+.-]*)://[^/\s]*/(.+)$", label)
    return f"{found.group(1)}: {found.group(2)}" if found else label
