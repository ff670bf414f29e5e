"""The Sources sheet's rows as SourceRefs (read on every recalculation of a book that has the
sheet, so kept apart from ``assemble``, whose SQL and file readers a run from the sheets never
needs: ~40 ms of imports)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd

from routekpi.contract import Check, RawSheet
from routekpi.schema import SOURCES, find_sheet
from routekpi.sources.base import SOURCE_INPUTS, SourceRef
from routekpi.validation.optional import refresh_rows_left_out
from routekpi.validation.tables import read_table


def sources_from_sheet(
    raw: RawSheet | None, base: Path | None, checks: list[Check]
) -> dict[str, SourceRef]:
    """The Sources sheet's rows as SourceRefs by input name. Several rows for one input (an
    export per year, trial 23) are one SourceRef: the first row's, the later ones in ``more``,
    read one under another in row order (sources.assemble), as the tabs of one workbook are."""
    if raw is None:
        return {}
    mine: list[Check] = []
    frame, rows = read_table(SOURCES, raw, mine)
    checks.extend(mine)
    refs: dict[str, SourceRef] = {}
    for row, line in zip(frame.itertuples(index=False), rows, strict=True):
        spec = find_sheet(row.input)
        if spec is None or spec.name not in SOURCE_INPUTS:
            cols = frame.attrs.get("columns", {})
            checks.append(
                Check(
                    SOURCES.name,
                    int(line),
                    cols.get("input", ""),
                    row.input,
                    "source_unknown_input",
                    {"value": row.input},
                )
            )
            continue
        ref = SourceRef(
            spec.name,
            str(row.source),
            table=None if pd.isna(row.table) else str(row.table),
            encoding=None if pd.isna(row.encoding) else str(row.encoding),
            base=base,
            row=int(line),
        )
        earlier = refs.get(spec.name)
        refs[spec.name] = ref if earlier is None else replace(earlier, more=(*earlier.more, ref))
    # A row naming no input is left out too: the sheet's one warning names it with the rest.
    refresh_rows_left_out(checks, SOURCES)
    return refs
