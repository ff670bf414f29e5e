"""Seeded sample history of a Japanese route-sales team, for the demo, the tests and benchmarks.

What is simulated, and why it looks the way it does:

* **Calendar.** Reps work on weekdays that are neither Japanese national holidays (the
  ``holidays`` package) nor company holidays (年末年始休業 12/29–1/3, 夏季休業 8/13–8/15), so
  the working-day arithmetic of the engine has something real to chew on.
* **Route visits.** Every live account is visited by its rep 2–4 times a month depending on its
  size, spread evenly over the month's working days (a route, not a random walk), so
  ``visits_per_account`` is stable and a gap in visits means something.
* **Orders.** A share of visits (0.5–0.8 per account) produce an order with a lognormal amount
  around the account's typical order (¥20k–¥300k). Seasonality moves the number of orders:
  March (fiscal year end) and December peaks, January and August (Obon) dips.
* **Unit price.** Each rep's monthly unit price (revenue ÷ orders) follows a smooth path that
  drifts up ~2 %/year with small, bounded noise. Orders are rescaled per rep-month onto that
  path, so healthy reps never drift into a spurious decline flag and the planted decline is
  the only one. With ``account_prices`` each account is priced on its own instead (below).
* **Account prices** (``account_prices=True``; off by default). Real route sales price per
  account or contract: each account buys its own basket at its own level (±10 % around the
  rep's) and its price drifts on its own (±2 %/year around the rep's path, from its start or
  the history's). Orders are no longer rescaled per rep-month, so a rep's unit price also
  moves with his mix of accounts — a new account at another level, a lost one — as a real
  book's does; a healthy rep may then come out with a price flag. The draws come from their
  own generator, so everything but the amounts is the default history's.
* **Account life cycle.** Contracts run at least a year; after that cancellations arrive at a
  steady 8–12 %/year per rep (counts accumulate smoothly instead of by coin flips, so a
  healthy rep's retention does not jump between years). New accounts come only from the
  pipeline: appointment attempts (won at 20–35 %) → meetings (won at 25–40 %) → a new account
  starting on the meeting date, sized so that each book grows ~8 %/year.
* **Planted problems** (ground truth in :attr:`SampleHistory.planted`): one rep whose unit price
  slides every month for the last ~16 months (≥ 8 % below last year for the last 9), one rep
  whose churn triples in the last 12 months, and ~10 neglected accounts of other reps whose
  regular visits stopped 7–11 months before the as-of date and whose orders fell with them
  (≥ 40 % below the previous 12 months). Everything else is healthy; the team runs a few
  percent behind the default KGI (baseline revenue × 1.08), and the planted problems explain
  the gap.

Everything is vectorised with numpy (loops run per month or per rep, never per order), so a
benchmark history of a million orders takes seconds; ``numpy.random.default_rng(seed)`` is the
only source of randomness, so the same arguments give identical frames.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import holidays as holidays_lib
import numpy as np
import pandas as pd

__all__ = ["REP_NAMES", "SampleHistory", "generate_sample", "sample_addresses"]

# Common Japanese surnames in romaji; the DESIGN example formula uses "Tanaka".
REP_NAMES: tuple[str, ...] = (
    "Tanaka",
    "Sato",
    "Suzuki",
    "Takahashi",
    "Ito",
    "Watanabe",
    "Yamamoto",
    "Nakamura",
    "Kobayashi",
    "Kato",
    "Yoshida",
    "Yamada",
    "Sasaki",
    "Yamaguchi",
    "Matsumoto",
    "Inoue",
    "Kimura",
    "Hayashi",
    "Shimizu",
    "Yamazaki",
)

_NAME_ROOTS: tuple[str, ...] = (
    "丸山",
    "山田",
    "大和",
    "東海",
    "北斗",
    "三栄",
    "日進",
    "中央",
    "富士",
    "昭和",
    "平成",
    "協和",
    "共栄",
    "太陽",
    "青葉",
    "若葉",
    "松本",
    "高橋",
    "小林",
    "佐々木",
    "大洋",
    "明和",
    "旭",
    "光",
    "朝日",
    "新星",
    "東邦",
    "関東",
    "湘南",
    "武蔵野",
    "千代田",
    "菱和",
    "丸福",
    "大同",
    "誠和",
    "東洋",
    "石川",
    "岡田",
    "森",
    "桜",
)
_NAME_TRADES: tuple[str, ...] = (
    "商事",
    "工業",
    "食品",
    "物産",
    "産業",
    "建設",
    "電機",
    "運輸",
    "薬品",
    "製作所",
    "興業",
    "商店",
    "精機",
    "化成",
    "印刷",
    "設備",
    "不動産",
    "酒販",
    "水産",
    "工務店",
)
_NAME_FORMS: tuple[str, ...] = ("株式会社", "有限会社", "合同会社")

# Orders-per-visit multiplier by calendar month (index 0 = January): fiscal year-end and
# year-end peaks, the Obon dip in August and the post-New-Year lull in January.
_SEASON = np.array([0.90, 1.00, 1.18, 1.00, 0.98, 1.00, 1.03, 0.85, 1.00, 1.00, 1.02, 1.16])

_FISCAL_START_MONTH = 4
_KGI_UPLIFT = 1.08
_PRICE_DRIFT = 1.02  # per year, every rep
_PRICE_NOISE = 0.012  # sd of the monthly unit-price wobble of a healthy rep …
_PRICE_NOISE_CAP = 0.025  # … bounded, so no healthy rep falls ≥ 5 % below last year
_ACCOUNT_PRICE_LEVEL = 0.10  # account_prices: sd of an account's log price level …
_ACCOUNT_PRICE_DRIFT = 0.02  # … and of its own log drift a year around the rep's path
_DECLINE_MONTHS = 16  # the planted slide starts this many months before the as-of month
_DECLINE_RATE = 0.018  # per month, compounding
_CHURN_MULTIPLIER = 3.0  # planted rep's hazard in the last 12 months
_BOOK_GROWTH = 0.08  # planned net growth of each rep's book per year, before planted churn
_N_NEGLECTED = 10
_NEGLECT_DAYS = (200, 290)  # visits stop this many days before as_of
_ORDERS_PER_ACCOUNT_MONTH = 2.4  # orders per opening account per month, to size benchmarks
_NO_END = np.iinfo(np.int64).max


@dataclass(frozen=True)
class SampleHistory:
    """A generated history in the canonical columns of :mod:`routekpi.schema`.

    ``orders``: date, account, rep, amount (whole yen), quantity. ``visits``: date, rep,
    account (missing for cold attempts; ``P…`` prospect codes on lost meetings), kind
    (visit / attempt / meeting), outcome (won / lost; missing on visits). ``accounts``:
    account, name, rep, start, end (NaT while live), lat, lon. ``holidays``: company holidays (date,
    name). ``settings``: KGI, PlanYear, FiscalStartMonth, AsOf, Language. ``planted``: the
    ground truth of the planted problems (rep names, account codes, dates, rates).
    """

    orders: pd.DataFrame
    visits: pd.DataFrame
    accounts: pd.DataFrame
    holidays: pd.DataFrame
    settings: dict[str, object]
    planted: dict[str, object]


@dataclass(frozen=True)
class _Calendar:
    """Days as int64 day numbers since 1970-01-01; month ``m`` spans [m_start[m], m_stop[m])."""

    first_day: int
    as_of_day: int
    m_start: np.ndarray
    m_stop: np.ndarray  # exclusive; the last month stops the day after as_of
    m_calendar: np.ndarray  # calendar month 1–12 of each month
    months: pd.PeriodIndex
    wd: np.ndarray  # sorted working days in [first_day, as_of_day]
    wd_lo: np.ndarray  # index into wd of each month's first working day
    wd_hi: np.ndarray  # exclusive
    holidays: pd.DataFrame


def _day(ts: pd.Timestamp | date) -> int:
    return int(np.datetime64(pd.Timestamp(ts).date(), "D").astype(np.int64))


def _to_datetime(days: np.ndarray) -> np.ndarray:
    """Int day numbers → datetime64[ns] (midnight); ``_NO_END`` becomes NaT."""
    out = days.astype("datetime64[D]").astype("datetime64[ns]")
    out[days == _NO_END] = np.datetime64("NaT")
    return out


def _company_holidays(years: range) -> pd.DataFrame:
    """年末年始休業 (12/29–1/3) and 夏季休業 (8/13–8/15) for every year in ``years``."""
    rows: list[tuple[date, str]] = []
    for y in years:
        rows += [(date(y, 1, d), "年末年始休業") for d in (1, 2, 3)]
        rows += [(date(y, 8, d), "夏季休業") for d in (13, 14, 15)]
        rows += [(date(y, 12, d), "年末年始休業") for d in (29, 30, 31)]
    return pd.DataFrame(
        {
            "date": pd.to_datetime([r[0] for r in rows]).astype("datetime64[ns]"),
            "name": pd.Series([r[1] for r in rows], dtype="str"),
        }
    )


def _calendar(first_month: str, as_of: str, plan_year: int) -> _Calendar:
    first = pd.Period(first_month, freq="M")
    as_of_ts = pd.Timestamp(as_of).normalize()
    last = pd.Period(as_of_ts, freq="M")
    if last < first:
        raise ValueError(f"as_of {as_of} is before first_month {first_month}")
    months = pd.period_range(first, last, freq="M")
    first_day = _day(first.start_time)
    as_of_day = _day(as_of_ts)
    m_start = np.array([_day(m.start_time) for m in months], dtype=np.int64)
    m_stop = np.append(m_start[1:], as_of_day + 1)

    # Cover the plan year too, so the engine can count working days of future months, and the
    # year after it (next year's plan, made before this one closes, ends in the year after
    # next: the company holidays are typed, not assumed; validation.holidays).
    years = range(first.year, max(last.year, plan_year + 2) + 1)
    company = _company_holidays(years)
    national = holidays_lib.Japan(years=list(years))
    closed = {_day(d) for d in national} | {_day(d) for d in company["date"]}
    days = np.arange(first_day, as_of_day + 1, dtype=np.int64)
    weekday = (days + 3) % 7  # 1970-01-01 was a Thursday; Monday = 0
    open_ = (weekday < 5) & ~np.isin(days, np.fromiter(closed, dtype=np.int64))
    wd = days[open_]
    return _Calendar(
        first_day=first_day,
        as_of_day=as_of_day,
        m_start=m_start,
        m_stop=m_stop,
        m_calendar=np.array([m.month for m in months], dtype=np.int64),
        months=months,
        wd=wd,
        wd_lo=np.searchsorted(wd, m_start),
        wd_hi=np.searchsorted(wd, m_stop),
        holidays=company,
    )


def _month_of(cal: _Calendar, days: np.ndarray) -> np.ndarray:
    """Month index of each day (−1 before the history)."""
    return np.searchsorted(cal.m_start, days, side="right") - 1


TEAM_RECIPIENT = "ALL"  # the Reps sheet's row for the team copy's recipients
SAMPLE_MAIL_DOMAIN = "example.co.jp"  # reserved for examples (RFC 2606 / JPRS): never delivered


def sample_addresses(reps: Iterable[str]) -> dict[str, str]:
    """The sample's address book: each rep at the reserved example domain (Tanaka →
    tanaka@example.co.jp) and ``ALL`` (the team copy) at manager@, so the README's
    ``share --email`` writes its drafts on the sample as written."""
    book = {rep: f"{rep.lower()}@{SAMPLE_MAIL_DOMAIN}" for rep in reps}
    return {**book, TEAM_RECIPIENT: f"manager@{SAMPLE_MAIL_DOMAIN}"}


def _rep_names(n: int) -> list[str]:
    if n <= len(REP_NAMES):
        return list(REP_NAMES[:n])
    return list(REP_NAMES) + [f"Rep{i + 1:02d}" for i in range(len(REP_NAMES), n)]


def _company_names(rng: np.random.Generator, n: int) -> np.ndarray:
    """Japanese company names, e.g. 株式会社丸山商事 / 東海食品有限会社; unique while they last."""
    combos = len(_NAME_ROOTS) * len(_NAME_TRADES) * len(_NAME_FORMS) * 2
    pick = rng.permutation(combos)[:n] if n <= combos else rng.integers(0, combos, n)
    pick, before = np.divmod(pick, 2)  # 前株 (form first) or 後株 (form last)
    pick, form = np.divmod(pick, len(_NAME_FORMS))
    root, trade = np.divmod(pick, len(_NAME_TRADES))
    body = np.char.add(np.array(_NAME_ROOTS)[root], np.array(_NAME_TRADES)[trade])
    forms = np.array(_NAME_FORMS)[form]
    return np.where(before == 1, np.char.add(forms, body), np.char.add(body, forms))


@dataclass
class _Accounts:
    """Account attributes as parallel arrays (initial book first, then pipeline wins)."""

    rep: np.ndarray
    start: np.ndarray
    size: np.ndarray  # typical order amount, yen
    tier: np.ndarray  # planned visits per month (2–4)
    p_order: np.ndarray  # orders per visit
    item_price: np.ndarray  # yen per unit at the start of the history
    end: np.ndarray


def _new_accounts_arrays(
    rng: np.random.Generator, rep: np.ndarray, start: np.ndarray, size_scale: float
) -> dict[str, np.ndarray]:
    n = len(rep)
    size = np.exp(rng.normal(np.log(60_000 * size_scale), 0.7, n))
    # Bigger customers are on the route more often: bottom third 2/month, top quarter 4.
    q = np.argsort(np.argsort(size)) / max(n - 1, 1)
    tier = np.where(q < 0.35, 2, np.where(q < 0.75, 3, 4))
    return {
        "rep": rep,
        "start": start,
        "size": size,
        "tier": tier,
        "p_order": rng.uniform(0.5, 0.8, n),
        "item_price": np.exp(rng.normal(np.log(1_500), 0.5, n)),
    }


def _pipeline(
    rng: np.random.Generator, cal: _Calendar, book: np.ndarray, churn: np.ndarray
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Attempts → meetings → new accounts, per rep × month (conversion rates fixed per rep)."""
    n_reps, n_months = len(book), len(cal.m_start)
    appt_rate = rng.uniform(0.20, 0.35, n_reps)
    win_rate = rng.uniform(0.25, 0.40, n_reps)
    # Prospecting sized to replace churn and grow the book steadily, as the book grows.
    planned_book = book[:, None] * (1 + _BOOK_GROWTH) ** (np.arange(n_months)[None, :] / 12)
    wins = (churn + _BOOK_GROWTH)[:, None] / 12 * planned_book * _month_share(cal)[None, :]
    lam = wins / (appt_rate * win_rate)[:, None]
    counts = rng.poisson(lam.reshape(-1))
    rep = np.repeat(np.repeat(np.arange(n_reps), n_months), counts)
    month = np.repeat(np.tile(np.arange(n_months), n_reps), counts)
    lo, hi = cal.wd_lo[month], cal.wd_hi[month]
    pos = lo + np.floor(rng.random(len(rep)) * (hi - lo)).astype(np.int64)
    appt_won = rng.random(len(rep)) < appt_rate[rep]
    attempts = {"day": cal.wd[pos], "rep": rep, "won": appt_won}

    # A won appointment becomes a meeting 3–14 working days later (if before as_of).
    m_pos = pos[appt_won] + rng.integers(3, 15, int(appt_won.sum()))
    m_rep = rep[appt_won]
    held = m_pos < len(cal.wd)
    m_pos, m_rep = m_pos[held], m_rep[held]
    meetings = {
        "day": cal.wd[m_pos],
        "rep": m_rep,
        "won": rng.random(len(m_rep)) < win_rate[m_rep],
    }
    return attempts, meetings


def _month_share(cal: _Calendar) -> np.ndarray:
    """Share of each month inside the history (the last month may be partial)."""
    full = np.array([m.days_in_month for m in cal.months], dtype=float)
    return (cal.m_stop - cal.m_start) / full


def _churn(
    rng: np.random.Generator,
    cal: _Calendar,
    acc: _Accounts,
    n_reps: int,
    churn_rep: int,
    protected: np.ndarray,
    annual: np.ndarray,
) -> np.ndarray:
    """Cancellation days per account (``_NO_END`` while live), drawn month by month."""
    n_months = len(cal.m_start)
    hazard = np.repeat((1 - (1 - annual) ** (1 / 12))[:, None], n_months, axis=1)
    hazard[churn_rep, n_months - 12 :] *= _CHURN_MULTIPLIER
    hazard *= _month_share(cal)[None, :]
    # Counts accumulate the expected churn and release whole cancellations as it crosses an
    # integer: steady year to year, so only the planted rep shows a retention drop.
    carry = rng.random(n_reps)
    end = np.full(len(acc.rep), _NO_END, dtype=np.int64)
    # Small accounts are the likelier to leave.
    weight = 1 / np.sqrt(acc.size)
    for m in range(n_months):
        # Contracts run at least a year (年間契約), so a 12-month window's cancellations all
        # come from accounts live at its start, however retention is counted.
        live_all = (acc.start < cal.m_start[m] - 365) & (end == _NO_END) & ~protected
        for r in range(n_reps):
            live = np.flatnonzero(live_all & (acc.rep == r))
            carry[r] += len(live) * hazard[r, m]
            k = min(int(carry[r]), len(live))
            carry[r] -= k
            lo, hi = cal.wd_lo[m], cal.wd_hi[m]
            if k == 0 or hi <= lo:
                continue
            w = weight[live]
            gone = rng.choice(live, size=k, replace=False, p=w / w.sum())
            end[gone] = cal.wd[rng.integers(lo, hi, k)]
    return end


def _pick_neglected(
    rng: np.random.Generator, acc: _Accounts, cal: _Calendar, healthy: np.ndarray
) -> np.ndarray:
    """~10 long-standing, frequently visited accounts, round-robin over the healthy reps."""
    old = acc.start < cal.first_day
    chosen: list[int] = []
    pools = []
    for r in rng.permutation(healthy):
        pool = np.flatnonzero(old & (acc.rep == r) & (acc.tier >= 3))
        pools.append(list(rng.permutation(pool)))
    while len(chosen) < _N_NEGLECTED and any(pools):
        for pool in pools:
            if pool and len(chosen) < _N_NEGLECTED:
                chosen.append(int(pool.pop()))
    return np.array(sorted(chosen), dtype=np.int64)


def _neglect(
    rng: np.random.Generator,
    cal: _Calendar,
    neglected: np.ndarray,
    v_day: np.ndarray,
    v_acc: np.ndarray,
    o_vis: np.ndarray,
    amount: np.ndarray,
) -> tuple[np.ndarray, dict[int, int]]:
    """Stop the visits (and with them the orders) of each neglected account.

    Visits stop 200–290 days before as_of, and a month earlier at a time while the last 12
    months' orders are not yet below half of the 12 before: a few lucky orders must not hide
    the planted drop. Returns a keep mask over visits and each account's last visit day.
    """
    keep_v = np.ones(len(v_day), dtype=bool)
    as_of, year = cal.as_of_day, 365
    stops = as_of - rng.integers(*_NEGLECT_DAYS, len(neglected))
    o_acc = v_acc[o_vis]
    v_idx = np.flatnonzero(np.isin(v_acc, neglected))
    o_idx = np.flatnonzero(np.isin(o_acc, neglected))
    last_visit: dict[int, int] = {}
    for i, stop in zip(neglected, stops, strict=True):
        own_o = o_idx[o_acc[o_idx] == i]
        day, amt = v_day[o_vis[own_o]], amount[own_o]
        prior = amt[(day > as_of - 2 * year) & (day <= as_of - year)].sum()
        while stop > as_of - 330 and amt[(day > as_of - year) & (day < stop)].sum() > prior / 2:
            stop -= 30
        own_v = v_idx[v_acc[v_idx] == i]
        keep_v[own_v[v_day[own_v] >= stop]] = False
        last_visit[int(i)] = int(v_day[own_v][v_day[own_v] < stop].max())
    return keep_v, last_visit


def _route_visits(
    rng: np.random.Generator, cal: _Calendar, acc: _Accounts
) -> tuple[np.ndarray, np.ndarray]:
    """Regular visits (day, account index), spread evenly over each live account-month."""
    n_months = len(cal.m_start)
    live_stop = np.minimum(acc.end, cal.as_of_day + 1)
    first_m = np.maximum(_month_of(cal, acc.start), 0)
    last_m = _month_of(cal, live_stop - 1)
    span = np.maximum(last_m - first_m + 1, 0)
    a = np.repeat(np.arange(len(acc.rep)), span)
    m = np.repeat(first_m - np.cumsum(span) + span, span) + np.arange(len(a))
    m = np.clip(m, 0, n_months - 1)
    lo = np.searchsorted(cal.wd, np.maximum(cal.m_start[m], acc.start[a]))
    hi = np.searchsorted(cal.wd, np.minimum(cal.m_stop[m], live_stop[a]))
    n_wd = np.maximum(hi - lo, 0)
    full = cal.wd_hi[m] - cal.wd_lo[m]
    # Planned visits ±1 now and then, pro rata for partial months, never two on one day.
    planned = acc.tier[a] + rng.choice([-1, 0, 0, 0, 0, 0, 0, 0, 0, 1], len(a))
    share = n_wd / np.maximum(full, 1)
    n = np.minimum(np.floor(planned * share + rng.random(len(a))).astype(np.int64), n_wd)
    v_a = np.repeat(np.arange(len(a)), n)
    j = np.arange(len(v_a)) - np.repeat(np.cumsum(n) - n, n)
    # Stratified: visit j of n falls in the j-th slice of the month's working days.
    u = (j + rng.random(len(v_a))) / n[v_a]
    pos = lo[v_a] + np.floor(u * n_wd[v_a]).astype(np.int64)
    return cal.wd[pos], a[v_a]


def _price_path(
    rng: np.random.Generator, n_reps: int, n_months: int, decline_rep: int
) -> np.ndarray:
    """Unit-price multiplier per rep × month: drift, bounded wobble, the planted slide."""
    t = np.arange(n_months)
    drift = _PRICE_DRIFT ** (t / 12)
    eps = np.clip(
        rng.normal(0, _PRICE_NOISE, (n_reps, n_months)), -_PRICE_NOISE_CAP, _PRICE_NOISE_CAP
    )
    path = drift[None, :] * (1 + eps)
    # A healthy rep must not end on a three-month slide by chance: if it does, lift the
    # last month to the previous month's wobble (the drift then makes it a rise).
    for r in range(n_reps):
        if r != decline_rep and n_months >= 4 and np.all(np.diff(path[r, -4:]) < 0):
            path[r, -1] = drift[-1] * (1 + eps[r, -2])
    # The planted slide is steady: its wobble is far smaller than the monthly step.
    k = np.maximum(t - (n_months - _DECLINE_MONTHS) + 1, 0)
    slide = (1 - _DECLINE_RATE) ** k
    small = 1 + rng.uniform(-0.003, 0.003, n_months)
    path[decline_rep] = np.where(k > 0, drift * slide * small, path[decline_rep])
    return path


def _onto_price_path(
    amount: np.ndarray, cell: np.ndarray, rep: np.ndarray, path: np.ndarray
) -> np.ndarray:
    """Rescale order amounts so each rep-month's mean order is the rep's mean × ``path``.

    ``cell`` is rep × n_months + month per order. Amounts keep their spread within the month
    and end as whole yen.
    """
    n_reps, n_months = path.shape
    total = np.bincount(cell, weights=amount, minlength=n_reps * n_months)
    count = np.bincount(cell, minlength=n_reps * n_months)
    base = np.bincount(rep, weights=amount, minlength=n_reps) / np.maximum(
        np.bincount(rep, minlength=n_reps), 1
    )
    target = (base[:, None] * path).reshape(-1)
    factor = np.divide(target * count, total, out=np.ones_like(total), where=count > 0)
    return np.maximum(np.round(amount * factor[cell]), 100.0)


def _account_price(
    seed: int, acc: _Accounts, cal: _Calendar, o_acc: np.ndarray, o_day: np.ndarray
) -> np.ndarray:
    """Each order's account price factor: the account's level × its own drift since its start
    (or the history's), around the rep's path. Its own generator, so the default draws stay."""
    rng = np.random.default_rng([seed, 1])
    n = len(acc.rep)
    level = np.exp(rng.normal(0.0, _ACCOUNT_PRICE_LEVEL, n))
    drift = rng.normal(0.0, _ACCOUNT_PRICE_DRIFT, n)
    since = np.maximum(acc.start, cal.first_day)[o_acc]
    return level[o_acc] * np.exp(drift[o_acc] * (o_day - since) / 365.25)


def _frame_str(values: np.ndarray) -> pd.Series:
    return pd.Series(values, dtype="str")


def _codes_series(idx: np.ndarray, vocab: np.ndarray) -> pd.Series:
    """Strings from codes into ``vocab``; −1 becomes a missing value."""
    cat = pd.Categorical.from_codes(idx, categories=pd.Index(vocab, dtype="str"))
    return pd.Series(cat).astype("str")


class _TooFewOrders(Exception):
    """Raised when a benchmark history came out with fewer orders than asked for."""

    def __init__(self, got: int) -> None:
        super().__init__(got)
        self.got = max(got, 1)


def generate_sample(
    seed: int = 7,
    *,
    reps: int = 8,
    accounts: int = 400,
    first_month: str = "2023-04",
    as_of: str = "2026-10-31",
    plan_year: int = 2026,
    orders_rows: int | None = None,
    account_prices: bool = False,
) -> SampleHistory:
    """A realistic route-sales history with planted problems; same arguments, same frames.

    ``accounts`` is the opening book at ``first_month`` (pipeline wins add to it). With
    ``orders_rows`` the book is scaled so that the history has exactly that many orders.
    ``account_prices``: each account priced on its own (module doc) instead of every order of a
    rep-month rescaled onto the rep's price path; the rest of the history is the same.
    """
    if reps < 3:
        raise ValueError("reps must be at least 3 (two planted problems plus healthy reps)")
    if accounts < reps:
        raise ValueError("accounts must be at least the number of reps")
    cal = _calendar(first_month, as_of, plan_year)
    if len(cal.m_start) < 25:
        raise ValueError("the history must cover at least 25 months to plant year-on-year issues")
    if orders_rows is None:
        return _generate(seed, reps, accounts, cal, plan_year, None, account_prices)
    if orders_rows < 1:
        raise ValueError("orders_rows must be positive")
    # Size the book from the typical yield with a margin, then trim; grow in the rare case
    # the draw falls short.
    months = len(cal.m_start)
    book = max(reps, int(np.ceil(orders_rows / (_ORDERS_PER_ACCOUNT_MONTH * months) * 1.04)))
    while True:
        try:
            return _generate(seed, reps, book, cal, plan_year, orders_rows, account_prices)
        except _TooFewOrders as short:
            book = int(np.ceil(book * orders_rows / short.got * 1.03))


def _generate(
    seed: int,
    n_reps: int,
    book: int,
    cal: _Calendar,
    plan_year: int,
    orders_rows: int | None,
    account_prices: bool = False,
) -> SampleHistory:
    rng = np.random.default_rng(seed)
    n_months = len(cal.m_start)
    rep_names = _rep_names(n_reps)
    decline_rep, churn_rep = (int(x) for x in rng.choice(n_reps, 2, replace=False))
    healthy = np.array([r for r in range(n_reps) if r not in (decline_rep, churn_rep)])

    # Opening book: uneven rep territories, contracts started up to 15 years back.
    share = rng.dirichlet(np.full(n_reps, 30.0))
    rep0 = np.sort(rng.choice(n_reps, book, p=share))
    start0 = cal.first_day - rng.integers(30, 15 * 365, book)
    opening = _new_accounts_arrays(rng, rep0, start0, 1.0)
    churn = rng.uniform(0.08, 0.12, n_reps)  # annual base churn per rep
    attempts, meetings = _pipeline(rng, cal, np.bincount(rep0, minlength=n_reps), churn)
    won = meetings["won"]
    # New customers start a little smaller than the established book.
    fresh = _new_accounts_arrays(rng, meetings["rep"][won], meetings["day"][won], 0.9)
    cols = {k: np.concatenate([opening[k], fresh[k]]) for k in opening}
    # Account codes follow contract start, as a customer master numbered over time would.
    order = np.lexsort((np.arange(len(cols["start"])), cols["start"]))
    cols = {k: v[order] for k, v in cols.items()}
    n_acc = len(order)
    acc = _Accounts(**cols, end=np.full(n_acc, _NO_END, dtype=np.int64))
    # Index of each won meeting's new account after the reordering.
    meeting_acc = np.full(len(won), -1, dtype=np.int64)
    meeting_acc[won] = np.argsort(order)[book:]

    neglected = _pick_neglected(rng, acc, cal, healthy)
    protected = np.zeros(n_acc, dtype=bool)
    protected[neglected] = True
    acc.end[:] = _churn(rng, cal, acc, n_reps, churn_rep, protected, churn)

    v_day, v_acc = _route_visits(rng, cal, acc)
    v_month = _month_of(cal, v_day)

    # Orders: a share of visits, more of them in peak months.
    p = np.minimum(acc.p_order[v_acc] * _SEASON[cal.m_calendar[v_month] - 1], 0.95)
    o_vis = np.flatnonzero(rng.random(len(v_day)) < p)
    sigma = 0.35
    amount = acc.size[v_acc[o_vis]] * np.exp(rng.normal(-(sigma**2) / 2, sigma, len(o_vis)))

    keep_v, last_visit = _neglect(rng, cal, neglected, v_day, v_acc, o_vis, amount)
    if orders_rows is not None:
        # Trim whole order-visits at random so orders per visit stays what it was.
        alive = np.flatnonzero(keep_v[o_vis])
        if len(alive) < orders_rows:
            raise _TooFewOrders(len(alive))
        drop = rng.choice(alive, len(alive) - orders_rows, replace=False)
        keep_v[o_vis[drop]] = False
    keep_o = keep_v[o_vis]
    o_vis, amount = o_vis[keep_o], amount[keep_o]
    o_day, o_acc, o_month = v_day[o_vis], v_acc[o_vis], v_month[o_vis]
    v_day, v_acc = v_day[keep_v], v_acc[keep_v]

    o_rep = acc.rep[o_acc]
    path = _price_path(rng, n_reps, n_months, decline_rep)
    if account_prices:
        # Each order at its account's own price: the rep's path × the account's level and drift.
        own = path[o_rep, o_month] * _account_price(seed, acc, cal, o_acc, o_day)
        amount = np.maximum(np.round(amount * own), 100.0)
        item = acc.item_price[o_acc] * own  # the volume does not move with the price
    else:
        amount = _onto_price_path(amount, o_rep * n_months + o_month, o_rep, path)
        # Quantity follows from the account's own item price, which drifts with the market.
        item = acc.item_price[o_acc] * _PRICE_DRIFT ** ((o_day - cal.first_day) / 365.25)
    quantity = np.maximum(np.round(amount / item), 1.0)

    codes = np.array([f"C{i + 1:0{max(4, len(str(n_acc)))}d}" for i in range(n_acc)])
    reps_arr = np.array(rep_names)

    o_sort = np.lexsort((o_acc, o_rep, o_day))
    orders = pd.DataFrame(
        {
            "date": _to_datetime(o_day[o_sort]),
            "account": _codes_series(o_acc[o_sort], codes),
            "rep": _codes_series(o_rep[o_sort], reps_arr),
            "amount": amount[o_sort],
            "quantity": quantity[o_sort],
        }
    )

    visits = _visits_frame(attempts, meetings, meeting_acc, v_day, acc.rep[v_acc], v_acc, codes)
    visits.insert(1, "rep", _codes_series(visits.pop("rep_i").to_numpy(), reps_arr))

    accounts_df = pd.DataFrame(
        {
            "account": _frame_str(codes),
            "name": _frame_str(_company_names(rng, n_acc)),
            "rep": _codes_series(acc.rep, reps_arr),
            "start": _to_datetime(acc.start),
            "end": _to_datetime(acc.end),
        }
    )
    lat, lon = _coordinates(seed, acc.rep, n_reps)
    accounts_df["lat"], accounts_df["lon"] = lat, lon

    baseline = _baseline_revenue(orders, plan_year)
    settings: dict[str, object] = {
        "KGI": round(baseline * _KGI_UPLIFT / 1_000_000) * 1_000_000,
        "PlanYear": plan_year,
        "FiscalStartMonth": _FISCAL_START_MONTH,
        "AsOf": pd.Timestamp(cal.as_of_day, unit="D").date(),
        "Language": "ja",
    }
    months = cal.months
    planted: dict[str, object] = {
        "declining_unit_price_rep": rep_names[decline_rep],
        "unit_price_decline_from": str(months[n_months - _DECLINE_MONTHS]),
        "unit_price_monthly_decline": _DECLINE_RATE,
        "worsening_retention_rep": rep_names[churn_rep],
        "churn_multiplier": _CHURN_MULTIPLIER,
        "churn_worse_from": str(months[n_months - 12]),
        "neglected_accounts": [str(codes[i]) for i in neglected],
        "neglected_since": {
            str(codes[i]): pd.Timestamp(last_visit[i], unit="D").date() for i in neglected
        },
        "healthy_reps": [rep_names[r] for r in healthy],
        "baseline_revenue": baseline,
    }
    return SampleHistory(
        orders=orders,
        visits=visits,
        accounts=accounts_df,
        holidays=cal.holidays,
        settings=settings,
        planted=planted,
    )


def _coordinates(seed: int, rep: np.ndarray, n_reps: int) -> tuple[np.ndarray, np.ndarray]:
    """Account locations: each rep's territory is a ~10 km patch of greater Tokyo.

    A separate random stream, so adding coordinates changed no other sampled value.
    """
    geo = np.random.default_rng([seed, 1])
    centre_lat = 35.68 + geo.uniform(-0.15, 0.15, n_reps)
    centre_lon = 139.70 + geo.uniform(-0.25, 0.25, n_reps)
    lat = centre_lat[rep] + geo.normal(0.0, 0.03, len(rep))
    lon = centre_lon[rep] + geo.normal(0.0, 0.035, len(rep))
    return np.round(lat, 5), np.round(lon, 5)


def _visits_frame(
    attempts: dict[str, np.ndarray],
    meetings: dict[str, np.ndarray],
    meeting_acc: np.ndarray,
    v_day: np.ndarray,
    v_rep: np.ndarray,
    v_acc: np.ndarray,
    codes: np.ndarray,
) -> pd.DataFrame:
    """Route visits, appointment attempts (cold, no account) and meetings in one frame.

    ``rep_i`` holds rep indexes; the caller turns them into names.
    """
    n_acc = len(codes)
    # Lost meetings keep a prospect code (P…), won ones the new account's code.
    lost = meeting_acc < 0
    prospects = np.array([f"P{i + 1:05d}" for i in range(int(lost.sum()))], dtype=object)
    m_code = meeting_acc.copy()
    m_code[lost] = n_acc + np.arange(int(lost.sum()))
    vocab = np.concatenate([codes.astype(object), prospects])

    n_v, n_a, n_m = len(v_day), len(attempts["day"]), len(meetings["day"])
    day = np.concatenate([v_day, attempts["day"], meetings["day"]])
    rep = np.concatenate([v_rep, attempts["rep"], meetings["rep"]])
    account = np.concatenate([v_acc, np.full(n_a, -1), m_code])
    kind = np.repeat(np.array([0, 1, 2], dtype=np.int8), [n_v, n_a, n_m])
    outcome = np.concatenate(
        [
            np.full(n_v, -1, dtype=np.int8),
            np.where(attempts["won"], 0, 1).astype(np.int8),
            np.where(meetings["won"], 0, 1).astype(np.int8),
        ]
    )
    s = np.lexsort((kind, account, rep, day))
    return pd.DataFrame(
        {
            "date": _to_datetime(day[s]),
            "rep_i": rep[s],
            "account": _codes_series(account[s], vocab),
            "kind": _codes_series(kind[s], np.array(["visit", "attempt", "meeting"])),
            "outcome": _codes_series(outcome[s], np.array(["won", "lost"])),
        }
    )


def _baseline_revenue(orders: pd.DataFrame, plan_year: int) -> float:
    """Revenue of the 12 months before the plan year (all reps)."""
    lo = pd.Timestamp(plan_year - 1, _FISCAL_START_MONTH, 1)
    hi = pd.Timestamp(plan_year, _FISCAL_START_MONTH, 1)
    in_year = (orders["date"] >= lo) & (orders["date"] < hi)
    return float(orders.loc[in_year, "amount"].sum())
