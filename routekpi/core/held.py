"""The book each rep holds now: which accounts he holds, and their orders per month.

A rep's book changes during the year: a customer ends (an end date on Accounts, or the lapse
rule's end without a customer master), a departed rep's customers go to colleagues. The
running year's landing (core.landing.year_landing, the one rule the Plan and the
Dashboard's 着地見込み share) paces each rep on the book he holds now; this module reads it:

- **Held now** (``held_accounts``): an account live on the as-of date (started, not ended)
  belongs to the rep Accounts gives it to. A known end later in the year: held until then.
- **Its months** (``held_months``): the held accounts' orders per holder × end date × month,
  the same from pasted rows and from history files (``HistoryFacts.held_months``).
- **Any accounts' months** (``account_months``): order sums per account × month, what the
  landing reads for the accounts that ended (a material lost account orders no more; the
  smaller ones are the usual churn its holder's pace carries).
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from routekpi.core.frames import month_ordinals, sum_by_key
from routekpi.core.handover import frame_months
from routekpi.core.history import HELD_MONTH_COLUMNS, History, coded, once


def account_months(
    history: History, accounts: set[object] | None, as_of: date, since: date | None = None
) -> pd.DataFrame | None:
    """Order amounts per account × month (``accounts`` only when given; orders up to
    ``as_of``), accounts as rows, months as columns; None when the compact history has no
    per-account months for them. The SQL path sends none, but it does send the months of
    the accounts ended by its as-of date (``HistoryFacts.ended_months``): asked for those
    only (the lost-account flag, the lost book), they come from there, as from the rows.
    ``since``: the rows' orders from that day only (a caller that reads no earlier month)."""
    if history.facts is None:
        return _rows_months(history, accounts, as_of, since)
    am = history.facts.account_months
    if am is None:
        am = _ended_months(history, accounts, as_of)
        if am is None:
            return None
    rows = am if accounts is None else am[am["account"].isin(accounts)]
    frame = pd.DataFrame(
        {
            "account": rows["account"].astype(object).to_numpy(),
            "m": pd.PeriodIndex(rows["month"], freq="M"),
            "v": rows["revenue"],
        }
    )
    return _unstacked(frame)


def _unstacked(frame: pd.DataFrame) -> pd.DataFrame:
    """Σ v per account × month m, accounts as rows and months as columns (0.0: none)."""
    if not len(frame):
        return pd.DataFrame(dtype=float)
    return frame.groupby(["account", "m"])["v"].sum().unstack("m", fill_value=0.0).astype(float)


def _rows_months(
    history: History, accounts: set[object] | None, as_of: date, since: date | None
) -> pd.DataFrame:
    """``account_months`` of the order rows: what ``groupby(["account", "m"])["v"].sum()
    .unstack("m", fill_value=0.0)`` gives over the rows kept, built from integer codes.

    The rows are picked by NumPy masks on the account codes (``coded``, once per history)
    and the dates, never as a filtered copy of the frame (which copied every column, ~70 ms
    a call at a million rows), and grouped on one integer key per row: the account's rank in
    sorted order, then the month, so the groups sort as the two columns do; pandas sums each
    group's rows in row order, as it sums them grouped on the columns, to the bit."""
    o = history.orders
    codes, names = coded(history, "orders", "account")
    days = o["date"].to_numpy(dtype="datetime64[ns]")
    keep = days <= np.datetime64(pd.Timestamp(as_of).as_unit("ns"))  # NaT: never
    if since is not None:
        keep &= days >= np.datetime64(pd.Timestamp(since).as_unit("ns"))
    if not pd.api.types.is_string_dtype(names.dtype) or names.dtype == object:
        # Accounts not held as text (a hand-built history): grouped on the column itself.
        if accounts is not None:
            keep &= o["account"].isin(accounts).to_numpy(dtype=bool)
        rows = o[keep]
        return _unstacked(
            pd.DataFrame(
                {
                    "account": rows["account"],
                    "m": rows["date"].dt.to_period("M"),
                    "v": rows["amount"],
                }
            )
        )
    if accounts is None:
        keep &= codes >= 0  # no account: no group, as groupby drops them
    else:
        found = names.get_indexer(pd.Index(list(accounts), dtype=object))
        wanted = np.zeros(len(names) + 1, dtype=bool)  # the last: code -1 (no account)
        wanted[found[found >= 0]] = True
        keep &= wanted[codes]
    rows = np.flatnonzero(keep)
    if not len(rows):
        return pd.DataFrame(dtype=float)
    order, rank = _name_ranks(history, names)
    month = _order_months(history)[rows]
    first, span = int(month.min()), int(month.max() - month.min()) + 1
    key = rank[codes[rows]] * span + (month - first)
    amount = o["amount"].to_numpy(dtype=float)[rows]
    sums = sum_by_key(pd.Series(amount), key)
    k = sums.index.to_numpy(dtype=np.int64)
    acc_rank, row = np.unique(k // span, return_inverse=True)
    months, col = np.unique(k % span, return_inverse=True)
    table = np.zeros((len(acc_rank), len(months)))
    table[row, col] = sums.to_numpy(dtype=float)
    return pd.DataFrame(
        table,
        index=names.take(order[acc_rank]).rename("account"),
        columns=pd.PeriodIndex.from_ordinals(first + months, freq="M", name="m"),
    )


def _name_ranks(history: History, names: pd.Index) -> tuple[np.ndarray, np.ndarray]:
    """The coded account names' sort (rank → code) and each code's rank, once per history
    (``once``; ``names``: its ``coded`` orders accounts): ``_rows_months`` groups on the rank
    on each of its calls (6 at a million lines, ~3 ms a sort of 19,000 names)."""

    def ranks() -> tuple[np.ndarray, np.ndarray]:
        order = names.argsort()  # rank → code
        rank = np.empty(len(names), dtype=np.int64)
        rank[order] = np.arange(len(names))
        return order, rank

    return once(history, "_held_name_ranks", ranks)


def _order_months(history: History) -> np.ndarray:
    """Each order row's month (a monthly Period's ordinal), once per history (``once``)."""

    def months() -> np.ndarray:
        kept = frame_months(history.orders)  # once per frame: the step table's too
        if kept is not None:
            return kept
        days = history.orders["date"].to_numpy(dtype="datetime64[ns]")
        return month_ordinals(days)

    return once(history, "_order_months", months)


def _ended_months(
    history: History, accounts: set[object] | None, as_of: date
) -> pd.DataFrame | None:
    """``ended_months`` as account × month sums (ACCOUNT_MONTH_COLUMNS; accounts as on
    Accounts) when every account in ``accounts`` has ended by the facts' as-of date
    (``as_of`` itself): exactly the accounts whose months the SQL path sent. Else None."""
    facts = history.facts
    if facts is None or facts.ended_months is None or accounts is None or facts.as_of != as_of:
        return None
    acc = history.accounts
    ended = acc.loc[acc["end"].notna() & (acc["end"] <= pd.Timestamp(as_of)), "account"]
    if not accounts <= set(ended):
        return None
    code = {str(a): a for a in accounts}  # the SQL path's accounts are text
    em = facts.ended_months
    em = em[em["account"].astype(str).isin(code)]
    sums = em.groupby([em["account"].astype(str), "month"], sort=True)["revenue"].sum()
    out = sums.reset_index()
    out["account"] = out["account"].map(code)
    return out


def held_accounts(history: History, as_of: date) -> pd.DataFrame:
    """Accounts live on ``as_of`` (index account; rep, start, end), one row each: read once per
    history and date (the landing's holders, its lost accounts' and its held book ask; the
    frame is never changed in place)."""
    return once(history, f"_held_accounts {as_of.isoformat()}", lambda: _held(history, as_of))


def _held(history: History, as_of: date) -> pd.DataFrame:
    acc = history.accounts
    ts = pd.Timestamp(as_of)
    live = acc[(acc["start"] <= ts) & (acc["end"].isna() | (acc["end"] > ts))]
    return live.drop_duplicates("account", keep="last").set_index("account")[
        ["rep", "start", "end"]
    ]


def held_months(history: History, as_of: date, since: date | None = None) -> pd.DataFrame | None:
    """The book held on ``as_of`` (``held_accounts``) as order sums per holder × end date ×
    month (core.history.HELD_MONTH_COLUMNS; ``ends`` NaT: no end): what the landing reads
    (core.landing), so pasted rows and history files (``HistoryFacts.held_months``, summed
    by ``sources/sql/held_months.sql``) give the same forecast. None: not told (a compact
    history with neither these sums nor per-account months). ``since``: a caller that reads
    no month before that day's (the rows' orders before it are not summed)."""
    facts = history.facts
    if facts is not None and facts.held_months is not None and facts.as_of == as_of:
        return facts.held_months
    held = held_accounts(history, as_of)
    table = account_months(history, set(held.index.tolist()), as_of, since)
    if table is None:
        return None
    if not len(table):
        return pd.DataFrame({c: pd.Series(dtype=object) for c in HELD_MONTH_COLUMNS})
    long = table.stack().rename("revenue").reset_index()
    long.columns = ["account", "month", "revenue"]
    long["rep"] = held["rep"].reindex(long["account"]).astype(str).to_numpy()
    long["ends"] = held["end"].reindex(long["account"]).to_numpy()
    sums = long.groupby(["rep", "ends", "month"], dropna=False, sort=True)["revenue"].sum()
    return sums.reset_index().reindex(columns=list(HELD_MONTH_COLUMNS))
