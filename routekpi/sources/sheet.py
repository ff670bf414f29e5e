"""The Sources sheet's rows as SourceRefs (read on every recalculation of a book that has the
sheet, so kept apart from ``assemble``, whose SQL and file readers a run from the sheets never
needs: ~40 ms of imports)."""

from __future__ import annotations

import glob
from dataclasses import replace
from pathlib import Path

import pandas as pd

from routekpi.contract import Check, InputError, RawSheet
from routekpi.schema import SOURCES, find_sheet
from routekpi.sources.base import SOURCE_INPUTS, SourceRef, is_pattern
from routekpi.validation.optional import refresh_rows_left_out
from routekpi.validation.tables import read_table
from routekpi.validation.tax import typed_basis
from routekpi.validation.units import AmountUnit, typed_unit


def _unit(cell: object, row: int) -> AmountUnit | None:
    """The unit a Sources row's 単位 cell names (None when blank; 円 kept: a header in
    千円 is then warned of, review48); a unit routekpi cannot read stops the run (read as
    yen the amounts could be 1,000× off)."""
    if cell is None or (isinstance(cell, float) and pd.isna(cell)) or not str(cell).strip():
        return None
    unit = typed_unit(cell)
    if unit is None:
        raise InputError("err.source_unknown_unit", row=row, typed=str(cell).strip())
    return unit


def _tax(cell: object, row: int) -> str | None:
    """The tax basis a Sources row's 税 cell names ("gross" 税込, "net" 税抜; None when blank);
    a word routekpi cannot read stops the run, as an unknown unit does (read the wrong way
    the history steps by the tax at the file switch: trial 49 H3)."""
    if cell is None or (isinstance(cell, float) and pd.isna(cell)) or not str(cell).strip():
        return None
    basis = typed_basis(cell)
    if basis is None:
        raise InputError("err.source_unknown_tax", row=row, typed=str(cell).strip())
    return basis


def _matched(ref: SourceRef, checks: list[Check], column: str) -> list[SourceRef]:
    """The files a wildcard on a Sources row matches, by file name, each read as a row of its
    own (one under another, each checked with its own line numbers), and one Checks line
    saying how many; a row without a wildcard as it is, and so is a pattern matching nothing
    (reading it stops naming the row: sources.tabular)."""
    if ref.base is None or not is_pattern(ref):
        return [ref]
    found = [Path(p) for p in sorted(glob.glob(str(ref.path))) if Path(p).is_file()]
    if not found:
        return [ref]
    params = {
        "pattern": ref.location,
        "files": len(found),
        "first": found[0].name,
        "last": found[-1].name,
    }
    checks.append(
        Check(SOURCES.name, ref.row, column, ref.location, "source_glob_matched", params, "info")
    )
    return [replace(ref, location=str(p)) for p in found]


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
            column=frame.attrs.get("columns", {}).get("source", ""),
            table_column=frame.attrs.get("columns", {}).get("table", ""),
            unit=_unit(getattr(row, "unit", None), int(line)),
            tax=_tax(getattr(row, "tax", None), int(line)),
        )
        found = _matched(ref, checks, frame.attrs.get("columns", {}).get("source", ""))
        for one in found:
            earlier = refs.get(spec.name)
            refs[spec.name] = (
                one if earlier is None else replace(earlier, more=(*earlier.more, one))
            )
    # A row naming no input is left out too: the sheet's one warning names it with the rest.
    refresh_rows_left_out(checks, SOURCES)
    return refs
