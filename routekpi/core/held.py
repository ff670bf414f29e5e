"""The book each rep holds now: where his year lands, and what a lost account leaves out.

A rep's book changes during the year: a customer ends (an end date on Accounts, or the lapse
rule's end without a customer master), a departed rep's customers go to colleagues. A rep's
year-end forecast that runs his year-to-date pace on to the year end carries the book he had
— the lost hotel keeps ordering, the taker's new customers do not, the departed rep goes on
selling. The rule here, in plain words:

- **Held now**: an account live on the as-of date (started, not ended) belongs to the rep
  Accounts gives it to. A known end later in the year: held until then.
- **Tracking the plan year** (Attainment's year-end forecast): the team's forecast is its
  year-to-date pace on the target's own shape (its usual churn is in that pace already),
  less what the material lost accounts (``lost_account`` flags) bought in the year's
  remaining months a year earlier (core.engine.without_lost_rest, trial 31 M2: they order
  no more). Its expected rest of the year is split among the reps by what the accounts each
  holds now bought in the same months a year earlier, times that book's growth over the last
  ``RECENT_MONTHS`` complete months against the same months a year earlier (a newer book
  than the targets: a price step a year ago is in both halves). A rep who holds nothing (he
  left) lands on his actual.
- **Planning ahead** (core.landing): a material lost account (core.lost's rule: the
  ``lost_account`` flag of core.flags, ended this fiscal year with ≥ ``LOST_WARN_SHARE`` of
  its rep's revenue last year, and the accounts the plan's baseline leaves out) adds
  nothing to its holder's run rate (its orders in the 12 months are taken out of the rep's
  months). The small ones are the usual churn, which the team's trend carries on already:
  taken out too, they would be lost twice.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from routekpi.core.baselines import Evidence
from routekpi.core.calendar import fiscal_label
from routekpi.core.history import HELD_MONTH_COLUMNS, History, once
from routekpi.core.measure import TEAM

# The held book's growth: its last complete months against the same months a year earlier.
RECENT_MONTHS = 3


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
    """Accounts live on ``as_of`` (index account; rep, end), one row each: read once per
    history and date (the landing's holders, its lost accounts' and its held book ask; the
    frame is never changed in place)."""
    return once(history, f"_held_accounts {as_of.isoformat()}", lambda: _held(history, as_of))


def _held(history: History, as_of: date) -> pd.DataFrame:
    acc = history.accounts
    ts = pd.Timestamp(as_of)
    live = acc[(acc["start"] <= ts) & (acc["end"].isna() | (acc["end"] > ts))]
    return live.drop_duplicates("account", keep="last").set_index("account")[["rep", "end"]]


def lost_by_month(history: History, as_of: date, accounts: set[object]) -> pd.DataFrame | None:
    """rep × month: the orders of ``accounts`` ended by ``as_of`` (under the rep Accounts
    gives them to), to take out of that rep's run rate; None without per-account months."""
    acc = history.accounts
    ended = acc[acc["account"].isin(accounts) & acc["end"].notna()]
    ended = ended[ended["end"] <= pd.Timestamp(as_of)]
    ended = ended.drop_duplicates("account", keep="last").set_index("account")
    if not len(ended):
        return pd.DataFrame(dtype=float)
    months = account_months(history, set(ended.index), as_of)
    if months is None or not len(months):
        return months
    return months.groupby(ended["rep"].reindex(months.index).to_numpy()).sum()


def held_months(history: History, as_of: date, since: date | None = None) -> pd.DataFrame | None:
    """The book held on ``as_of`` (``held_accounts``) as order sums per holder × end date ×
    month (core.history.HELD_MONTH_COLUMNS; ``ends`` NaT: no end): all ``held_weights``
    reads, so pasted rows and history files (``HistoryFacts.held_months``, summed by
    ``sources/sql/held_months.sql``) give the same forecast. None: not told (a compact
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


def held_weights(history: History, ev: Evidence) -> pd.Series | None:
    """rep → what the accounts he holds now bought in the plan year's months still to come,
    a year earlier, times that book's recent growth (module doc); None when it cannot be
    told (no per-account months, nothing bought a year earlier)."""
    months = list(ev.plan_months)
    as_of = pd.Period(ev.as_of, freq="M")
    done = [m for m in months if m.end_time.date() <= ev.as_of]
    rest = [m for m in months if m >= as_of and m not in done]
    if not rest:
        return None
    book = held_months(history, ev.as_of)
    if book is None or not len(book):
        return None
    recent = [m for m in months if m in done][-RECENT_MONTHS:]
    if len(recent) < RECENT_MONTHS:  # early in the year: the last complete months before it
        last = pd.Period(ev.as_of, freq="M") - (0 if ev.as_of == as_of.end_time.date() else 1)
        recent = [last - i for i in range(RECENT_MONTHS - 1, -1, -1)]
    month = pd.PeriodIndex(book["month"], freq="M")
    ends = pd.to_datetime(book["ends"])
    value = book["revenue"].astype(float)
    rep = book["rep"].astype(str)

    def per_rep(keep: np.ndarray) -> pd.Series:
        return value[keep].groupby(rep[keep]).sum()

    # A known end later in the year: the months before it only.
    ly_rest = [
        per_rep(np.asarray((month == m - 12) & (ends.isna() | (ends > m.start_time)))) for m in rest
    ]
    per = pd.DataFrame(
        {
            "rest": pd.concat(ly_rest).groupby(level=0).sum() if ly_rest else None,
            "now": per_rep(np.asarray(month.isin(recent))),
            "before": per_rep(np.asarray(month.isin([m - 12 for m in recent]))),
        },
        index=sorted(set(rep)),
    ).fillna(0.0)
    team_growth = per["now"].sum() / per["before"].sum() if per["before"].sum() > 0 else 1.0
    growth = (per["now"] / per["before"]).where(per["before"] > 0, team_growth)
    weights = per["rest"] * growth
    return weights if float(weights.sum()) > 0 else None


def with_held_forecast(attainment: pd.DataFrame, ev: Evidence, history: History) -> pd.DataFrame:
    """Attainment with each rep's year-end revenue forecast from the book he holds now: his
    actual + his part of the team's expected rest (module doc). The team row is unchanged,
    and the reps' forecasts add up to it."""
    fy = fiscal_label(ev.settings.plan_year)
    rows = (attainment["period"] == fy) & (attainment["kpi"] == "revenue")
    if not rows.any():
        return attainment
    team = attainment[rows & (attainment["rep"] == TEAM)]
    if not len(team):
        return attainment
    rest = float(team["forecast"].iloc[0]) - float(team["actual"].iloc[0])
    weights = held_weights(history, ev) if np.isfinite(rest) else None
    if weights is None:
        return attainment
    out = attainment.copy()
    reps = rows & (out["rep"] != TEAM)
    share = out.loc[reps, "rep"].astype(str).map(weights).fillna(0.0) / float(weights.sum())
    # Whole yen, the remainder on the largest share: the reps add up to the team exactly.
    parts = (share * rest).round()
    if len(parts):
        parts.loc[share.idxmax()] += round(rest) - parts.sum()
    out.loc[reps, "forecast"] = out.loc[reps, "actual"] + parts
    return out
