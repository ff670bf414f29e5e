"""Typed columns as the fast read path hands them to validation (io/fastread.py builds them).

They live here, below the reader, so that validation can parse them without importing io.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, datetime, timedelta
from typing import Any, overload

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

DAY_MS = 86_400_000
UNIX_EPOCH = date(1970, 1, 1)
# Text parse_text returns unchanged: ASCII, not blank, no surrounding whitespace (str.strip's
# ASCII set: \t \n \x0b \x0c \r \x1c-\x1f and space) and not starting with "#" (which may be an
# error code). ASCII is in the character classes themselves: Arrow's string_is_ascii, which
# said it before, costs ~3 ms on its first call in a process.
_PLAIN_TEXT = r"(?s)^[\x00-\x08\x0e-\x1b!\x22\x24-\x7f](?:[\x00-\x7f]*[\x00-\x08\x0e-\x1b!-\x7f])?$"


class TypedColumn(Sequence[object]):
    """One column of data rows, typed; indexing gives a cell as python-calamine would.

    ``kind`` is "number" (``values`` float64, NaN = empty), "date" (datetime64[ms], NaT =
    empty) or "text" (``values`` int64 codes into ``uniques``, -1 = empty; ``uniques`` the
    distinct raw values: an Arrow string array, or float64 for a column of numeric codes).
    ``odd`` holds the cells fastexcel could not convert: data-row index → raw cell value.
    """

    def __init__(
        self,
        kind: str,
        values: np.ndarray,
        uniques: pa.Array | np.ndarray | None = None,
        odd: dict[int, object] | None = None,
    ) -> None:
        self.kind = kind
        self.values = values
        self.uniques = uniques
        self.odd: dict[int, object] = odd or {}

    def __len__(self) -> int:
        return len(self.values)

    @overload
    def __getitem__(self, i: int) -> object: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[object]: ...
    def __getitem__(self, i: int | slice) -> object:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i in self.odd:
            return self.odd[i]
        value = self.values[i]
        if self.kind == "number":
            return None if np.isnan(value) else float(value)
        if self.kind == "date":
            return None if np.isnat(value) else _calamine_datetime(int(value.astype(np.int64)))
        if value < 0:
            return None
        raw = self.uniques[int(value)]  # type: ignore[index]
        return raw.as_py() if isinstance(raw, pa.Scalar) else float(raw)

    def __iter__(self) -> Iterator[object]:
        return (self[i] for i in range(len(self)))

    def clear(self, i: int) -> None:
        """Blank one cell (an Excel-table totals row)."""
        self.odd.pop(i, None)
        if self.kind == "number":
            self.values[i] = np.nan
        elif self.kind == "date":
            self.values[i] = np.datetime64("NaT")
        else:
            self.values[i] = -1


def _calamine_datetime(ms: int) -> date | datetime:
    """A date cell as python-calamine gives it: a date at midnight, else a datetime."""
    day, rest = divmod(ms, DAY_MS)
    if not rest:
        return UNIX_EPOCH + timedelta(days=day)
    return datetime(1970, 1, 1) + timedelta(milliseconds=ms)


def plain_text(strings: pa.Array) -> np.ndarray:
    """Which strings parse_text would return unchanged (checked in Arrow, no Python objects)."""
    plain = pc.match_substring_regex(strings, _PLAIN_TEXT)
    return plain.fill_null(False).to_numpy(zero_copy_only=False)


def to_python(values: Any) -> list[object]:
    """A few Arrow or NumPy values as Python objects."""
    return values.to_pylist() if isinstance(values, pa.Array) else values.tolist()
