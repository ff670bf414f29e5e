"""Small hand-made histories for tests: the pieces several test files build alike."""

from __future__ import annotations

import numpy as np
import pandas as pd

from routekpi.core.history import ACCOUNT_COLUMNS


def accounts_frame(
    accounts: list[str], rep: str, *, start: str = "2020-01-01", suffix: str = " Ltd"
) -> pd.DataFrame:
    """An Accounts table: each account held by ``rep`` since ``start``, still open, named
    ``<account><suffix>``, without coordinates."""
    return pd.DataFrame(
        {
            "account": accounts,
            "name": [f"{a}{suffix}" for a in accounts],
            "rep": rep,
            "start": pd.Timestamp(start),
            "end": pd.NaT,
            "lat": np.nan,
            "lon": np.nan,
            "group": "",
        }
    )[list(ACCOUNT_COLUMNS)]
