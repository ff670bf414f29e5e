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

import pandas as pd

from routekpi.core.history import HELD_MONTH_COLUMNS, History, once


def account_months(
    history: History, accounts: set[object] | None, as_of: date, since: date | None = None
) -> pd.DataFrame | None:
    """Order amounts per account × month (``accounts`` only when given; orders up to
    ``as_of``), accounts as rows, months as columns; None when the compact history has no
    per-account months for them. The SQL path sends none, but it does send the months of
    the accounts ended by its as-of date (``HistoryFacts.ended_months``): asked for those
    only (the lost-account flag, the lost book), they come from there, as from the rows.
    ``since``: the rows' orders from that day only (a caller that reads no earlier month)."""
    if history.facts is not None:
        am = history.facts.account_months
        if am is None:
            am = _ended_months(history, accounts, as_of)
            if am is None:
                return None
        rows = am if accounts is None else am[am["account"].isin(accounts)]
        months = pd.PeriodIndex(rows["month"], freq="M")
        frame = pd.DataFrame(
            {
                "account": rows["account"].astype(object).to_numpy(),
                "m": months,
                "v": rows["revenue"],
            }
        )
    else:
        o = history.orders
        keep = o["date"] <= pd.Timestamp(as_of)
        if since is not None:
            # The accounts looked up on the rows the dates keep only (a text lookup per row
            # is the cost at a million rows; a caller with ``since`` reads a year or two).
            rows = o[keep & (o["date"] >= pd.Timestamp(since))]
            if accounts is not None:
                rows = rows[rows["account"].isin(accounts)]
        else:
            if accounts is not None:
                keep &= o["account"].isin(accounts)
            rows = o[keep]
        frame = pd.DataFrame(
            {"account": rows["account"], "m": rows["date"].dt.to_period("M"), "v": rows["amount"]}
        )
    if not len(frame):
        return pd.DataFrame(dtype=float)
    return frame.groupby(["account", "m"])["v"].sum().unstack("m", fill_value=0.0).astype(float)


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
    table = account_months(history, set(held.index), as_of, since)
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
