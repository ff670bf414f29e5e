"""A workbook full of sample history: the template plus the seeded sample generator's data.

The input sheets are filled at the zip level (the same writer that writes outputs), so even a
1,048,575-row Orders sheet is written in seconds and the template's VBA and button survive.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from routekpi import schema
from routekpi.io.sheetrewrite import rewrite_workbook
from routekpi.io.sheetxml import Cell, SheetContent
from routekpi.io.template import build_template
from routekpi.sample import SampleHistory, generate_sample, sample_addresses

KIND_LABELS = {
    "ja": {"visit": "訪問", "attempt": "アポ", "meeting": "商談"},
    "en": {"visit": "visit", "attempt": "attempt", "meeting": "meeting"},
}
# "open" (a meeting still under way, 継続) is read from exports and rep logs, never generated.
OUTCOME_LABELS = {
    "ja": {"won": "成功", "lost": "失敗", "open": "継続"},
    "en": {"won": "won", "lost": "lost", "open": "open"},
}


def _column_values(frame: pd.DataFrame, key: str, kind: str, language: str) -> list[object]:
    if key not in frame.columns:
        return [None] * len(frame)
    series = frame[key]
    if kind == "date":
        return [None if pd.isna(v) else v.date() for v in series]
    if kind == "number":
        return [
            None if pd.isna(v) else (int(v) if float(v).is_integer() else float(v))
            for v in series.to_numpy()
        ]
    if kind == "kind":
        return [KIND_LABELS[language].get(v, v) for v in series]
    if kind == "outcome":
        return [OUTCOME_LABELS[language].get(v) if isinstance(v, str) else None for v in series]
    return [None if v is None or (isinstance(v, float) and np.isnan(v)) else str(v) for v in series]


def sheet_rows(
    spec: schema.SheetSpec, frame: pd.DataFrame, language: str
) -> Iterator[Sequence[object]]:
    """Header plus data rows of one input sheet, in the schema's column order."""
    laid_out = [c for c in spec.columns if c.laid_out]  # as the template lays them out
    yield [Cell(c.header(language), "rk_header") for c in laid_out]
    columns = [_column_values(frame, c.key, c.kind, language) for c in laid_out]
    yield from zip(*columns, strict=True)


MAX_DATA_ROWS = 1_048_575  # an Excel sheet's rows minus the header


def _fit(frame: pd.DataFrame) -> pd.DataFrame:
    """At most one sheet of rows; at Excel's scale Visits keeps its most recent rows."""
    if len(frame) <= MAX_DATA_ROWS:
        return frame
    return frame.sort_values("date", kind="stable").iloc[-MAX_DATA_ROWS:]


def input_contents(sample: SampleHistory, language: str) -> dict[str, SheetContent]:
    """Zip-writer content for Orders, Visits, Accounts and Holidays."""
    frames = {
        schema.ORDERS: sample.orders,
        schema.VISITS: sample.visits,
        schema.ACCOUNTS: sample.accounts,
        schema.HOLIDAYS: sample.holidays,
    }
    out = {}
    for spec, frame in frames.items():
        styles = [
            "rk_date" if c.kind == "date" else ("rk_yen" if c.key == "amount" else None)
            for c in spec.columns
            if c.laid_out
        ]
        out[spec.name] = SheetContent(
            rows=sheet_rows(spec, _fit(frame), language), column_styles=styles
        )
    return out


def reps_content(sample: SampleHistory, language: str) -> SheetContent:
    """The Reps sheet with the sample's example addresses (rep, e-mail; no branch)."""
    reps = sorted(set(sample.orders["rep"].astype(str)))
    frame = pd.DataFrame(list(sample_addresses(reps).items()), columns=["rep", "email"])
    return SheetContent(rows=sheet_rows(schema.REPS, frame, language))


def write_sample_workbook(
    path: Path,
    language: str = "ja",
    *,
    seed: int = 7,
    orders_rows: int | None = None,
    addresses: bool = False,
) -> SampleHistory:
    """Write a workbook with sample history and matching settings (KGI, plan year, as-of);
    ``addresses``: the Reps sheet lists each rep at example.co.jp (``new --sample``, so
    ``share --email`` writes drafts; tests fill Reps themselves)."""
    sample = generate_sample(seed, orders_rows=orders_rows)
    settings = {**sample.settings, "Language": language}
    data = build_template(language, settings=settings)
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".xlsm")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        # mkstemp makes the file private (0600); a new workbook gets the usual permissions.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        contents = input_contents(sample, language)
        if addresses:
            contents[schema.REPS.name] = reps_content(sample, language)
        rewrite_workbook(Path(tmp), contents, dst=path, resize_tables=True)
    finally:
        Path(tmp).unlink(missing_ok=True)
    return sample
