"""The sample-history generator: shape, calendar, integrity and the planted ground truth.

Every planted statement is re-derived here with plain pandas (monthly unit price = revenue ÷
orders per rep), so a reader can check the numbers by hand.
"""

from __future__ import annotations

from datetime import date

import holidays
import numpy as np
import pandas as pd
import pandas.testing as pdt
import pytest

from routekpi.sample import SampleHistory, generate_sample

AS_OF = pd.Timestamp("2026-10-31")
END = AS_OF + pd.Timedelta(days=1)  # exclusive upper bound of the history
LAST12_FROM = pd.Timestamp("2025-11-01")
PRIOR12_FROM = pd.Timestamp("2024-11-01")


@pytest.fixture(scope="module")
def sample() -> SampleHistory:
    return generate_sample()


@pytest.fixture(scope="module")
def unit_price(sample: SampleHistory) -> pd.DataFrame:
    """Monthly unit price per rep (rows: rep, columns: month)."""
    o = sample.orders
    g = o.groupby(["rep", o["date"].dt.to_period("M")])["amount"]
    return (g.sum() / g.size()).unstack()


def _months(last: str, n: int) -> pd.PeriodIndex:
    return pd.period_range(end=pd.Period(last, freq="M"), periods=n, freq="M")


def _churn(accounts: pd.DataFrame, rep: str, lo: pd.Timestamp, hi: pd.Timestamp) -> float:
    """Share of the rep's accounts live at ``lo`` that were cancelled before ``hi``."""
    a = accounts[accounts["rep"] == rep]
    live = a[(a["start"] < lo) & (a["end"].isna() | (a["end"] >= lo))]
    return float((live["end"] < hi).sum() / len(live))


# --- shape and determinism ---------------------------------------------------------------


def test_same_arguments_same_frames(sample: SampleHistory) -> None:
    again = generate_sample()
    for name in ("orders", "visits", "accounts", "holidays"):
        pdt.assert_frame_equal(getattr(sample, name), getattr(again, name))
    assert again.settings == sample.settings
    assert again.planted == sample.planted
    other = generate_sample(8)
    assert not other.orders["amount"].equals(sample.orders["amount"])


def test_columns_and_dtypes(sample: SampleHistory) -> None:
    expected = {
        "orders": ["date", "account", "rep", "amount", "quantity"],
        "visits": ["date", "rep", "account", "kind", "outcome"],
        "accounts": ["account", "name", "rep", "start", "end", "lat", "lon"],
        "holidays": ["date", "name"],
    }
    for name, cols in expected.items():
        frame = getattr(sample, name)
        assert list(frame.columns) == cols
        for col in cols:
            if col in ("date", "start", "end"):
                assert frame[col].dtype == "datetime64[ns]", (name, col)
                assert (frame[col].dropna() == frame[col].dropna().dt.normalize()).all()
            elif col in ("amount", "quantity", "lat", "lon"):
                assert frame[col].dtype == "float64"
            else:
                assert pd.api.types.is_string_dtype(frame[col]), (name, col)

    o = sample.orders
    assert (o["amount"] == o["amount"].round()).all()
    assert (o["amount"] > 0).all() and (o["quantity"] >= 1).all()
    # Quantity is consistent with amount: a per-unit price in a plausible band.
    per_unit = o["amount"] / o["quantity"]
    assert per_unit.between(100, 50_000).mean() > 0.99
    typical = o["amount"].quantile([0.05, 0.95])
    assert typical.iloc[0] >= 10_000 and typical.iloc[1] <= 400_000

    v = sample.visits
    assert set(v["kind"]) == {"visit", "attempt", "meeting"}
    assert v.loc[v["kind"] == "visit", "outcome"].isna().all()
    assert set(v.loc[v["kind"] != "visit", "outcome"]) == {"won", "lost"}
    assert v.loc[v["kind"] == "attempt", "account"].isna().all()
    assert v.loc[v["kind"] != "attempt", "account"].notna().all()


def test_reps_accounts_names_and_settings(sample: SampleHistory) -> None:
    reps = sorted(sample.accounts["rep"].unique())
    assert len(reps) == 8 and "Tanaka" in reps
    a = sample.accounts
    assert a["account"].is_unique and a["account"].str.fullmatch(r"C\d{4}").all()
    assert a["name"].str.contains("株式会社|有限会社|合同会社").all()
    opening = a[a["start"] < pd.Timestamp("2023-04-01")]
    assert len(opening) == 400
    assert sample.settings["PlanYear"] == 2026
    assert sample.settings["FiscalStartMonth"] == 4
    assert sample.settings["AsOf"] == date(2026, 10, 31)
    assert sample.settings["Language"] == "ja"


def test_date_ranges(sample: SampleHistory) -> None:
    for frame in (sample.orders, sample.visits):
        assert frame["date"].min() >= pd.Timestamp("2023-04-01")
        assert frame["date"].max() <= AS_OF
    a = sample.accounts
    assert (a["start"] <= AS_OF).all()
    ended = a["end"].notna()
    assert (a.loc[ended, "end"] > a.loc[ended, "start"]).all()
    assert a.loc[ended, "end"].between(pd.Timestamp("2023-04-01"), AS_OF).all()


def test_company_holidays_cover_every_year(sample: SampleHistory) -> None:
    h = sample.holidays
    days = set(h["date"].dt.date)
    for year in range(2023, 2028):
        for d in (date(year, 12, 29), date(year, 12, 31), date(year, 1, 3)):
            assert d in days
        assert {date(year, 8, 13), date(year, 8, 14), date(year, 8, 15)} <= days
    assert set(h["name"]) == {"年末年始休業", "夏季休業"}


def test_activity_only_on_working_days(sample: SampleHistory) -> None:
    national = set(holidays.Japan(years=range(2023, 2027)))
    company = set(sample.holidays["date"].dt.date)
    for frame in (sample.orders, sample.visits):
        days = frame["date"]
        assert (days.dt.day_of_week < 5).all()
        on = set(days.dt.date)
        assert not on & national
        assert not on & company


# --- integrity ------------------------------------------------------------------------------


def test_orders_and_visits_belong_to_live_accounts(sample: SampleHistory) -> None:
    a = sample.accounts
    v = sample.visits
    route = v[v["kind"] == "visit"]
    for frame in (sample.orders, route):
        m = frame.merge(a, on="account", how="left", suffixes=("", "_acc"), validate="m:1")
        assert m["start"].notna().all()
        assert (m["rep"] == m["rep_acc"]).all()
        assert (m["date"] >= m["start"]).all()
        assert (m["end"].isna() | (m["date"] < m["end"])).all()


def test_new_accounts_come_from_won_meetings(sample: SampleHistory) -> None:
    v, a = sample.visits, sample.accounts
    won = v[(v["kind"] == "meeting") & (v["outcome"] == "won")]
    new = a[a["start"] >= pd.Timestamp("2023-04-01")]
    m = won.merge(new, on="account", how="outer", suffixes=("", "_acc"), indicator=True)
    assert (m["_merge"] == "both").all()
    assert (m["date"] == m["start"]).all() and (m["rep"] == m["rep_acc"]).all()

    attempts = v[v["kind"] == "attempt"]
    meetings = v[v["kind"] == "meeting"]
    appointment_rate = (attempts["outcome"] == "won").mean()
    win_rate = (meetings["outcome"] == "won").mean()
    assert 0.20 <= appointment_rate <= 0.35
    assert 0.25 <= win_rate <= 0.40
    # Every meeting was an appointment won (a few appointments fall after as_of).
    assert len(meetings) <= (attempts["outcome"] == "won").sum()


# --- behaviour ------------------------------------------------------------------------------


def test_route_rhythm_and_seasonality(sample: SampleHistory) -> None:
    v = sample.visits
    route = v[v["kind"] == "visit"]
    per_month = route.groupby(["account", route["date"].dt.to_period("M")]).size()
    assert per_month.median() in (2, 3, 4)
    assert 0.5 <= len(sample.orders) / len(route) <= 0.8

    o = sample.orders
    fy2025 = o[(o["date"] >= "2025-04-01") & (o["date"] < "2026-04-01")]
    by_month = fy2025.groupby(fy2025["date"].dt.month)["amount"].sum()
    rel = by_month / by_month.mean()
    assert rel[3] > 1.1 and rel[12] > 1.1
    assert rel[8] < 0.92 and rel[1] < 0.95


def test_kgi_is_baseline_times_1_08_and_team_is_roughly_on_pace(sample: SampleHistory) -> None:
    o = sample.orders
    baseline = o.loc[(o["date"] >= "2025-04-01") & (o["date"] < "2026-04-01"), "amount"].sum()
    assert sample.settings["KGI"] == round(baseline * 1.08 / 1e6) * 1_000_000
    ytd = o.loc[(o["date"] >= "2026-04-01") & (o["date"] < END), "amount"].sum()
    last_ytd = o.loc[(o["date"] >= "2025-04-01") & (o["date"] < "2025-11-01"), "amount"].sum()
    assert 0.90 <= ytd / (last_ytd * 1.08) <= 1.05


# --- planted problems -----------------------------------------------------------------------


def test_planted_unit_price_decline(sample: SampleHistory, unit_price: pd.DataFrame) -> None:
    rep = sample.planted["declining_unit_price_rep"]
    last9 = _months("2026-10", 9)
    path = unit_price.loc[rep, [last9[0] - 1, *last9]].to_numpy()
    assert (np.diff(path) < 0).all(), "every month lower than the previous"
    yoy = unit_price.loc[rep, last9].to_numpy() / unit_price.loc[rep, last9 - 12].to_numpy()
    assert (yoy <= 0.92).all(), "at least 8 % below the same month last year"


def test_other_reps_unit_price_is_steady(sample: SampleHistory, unit_price: pd.DataFrame) -> None:
    planted = sample.planted["declining_unit_price_rep"]
    last12 = _months("2026-10", 12)
    others = unit_price.index.drop(planted)
    assert len(others) == 7
    for rep in others:
        last4 = unit_price.loc[rep, last12[-4:]].to_numpy()
        assert not (np.diff(last4) < 0).all(), f"{rep} ends on a 3-month decline"
        yoy = unit_price.loc[rep, last12].to_numpy() / unit_price.loc[rep, last12 - 12].to_numpy()
        assert yoy.min() > 0.95, f"{rep} is ≥ 5 % below last year"


def test_planted_retention_drop_and_steady_others(sample: SampleHistory) -> None:
    a = sample.accounts
    planted = sample.planted["worsening_retention_rep"]
    assert planted != sample.planted["declining_unit_price_rep"]
    for rep in a["rep"].unique():
        last = _churn(a, rep, LAST12_FROM, END)
        prior = _churn(a, rep, PRIOR12_FROM, LAST12_FROM)
        if rep == planted:
            assert 2.0 <= last / prior <= 4.5, "churn roughly triples"
            assert 0.2 <= last <= 0.4
        else:
            assert last / prior <= 1.5, f"{rep} shows a retention drop"
            assert 0.05 <= prior <= 0.15 and 0.05 <= last <= 0.15


def test_planted_neglected_accounts(sample: SampleHistory) -> None:
    planted = sample.planted
    neglected = planted["neglected_accounts"]
    assert isinstance(neglected, list) and 8 <= len(neglected) <= 12
    a = sample.accounts.set_index("account")
    v = sample.visits
    route = v[v["kind"] == "visit"]

    # Exactly these long-standing live accounts went 90+ days without a visit.
    live = a[a["end"].isna() & (a["start"] <= AS_OF - pd.Timedelta(days=365))]
    recent = set(route.loc[route["date"] > AS_OF - pd.Timedelta(days=90), "account"])
    assert sorted(set(live.index) - recent) == neglected

    reps = set(a.loc[neglected, "rep"])
    assert len(reps) >= 3
    assert not reps & {planted["declining_unit_price_rep"], planted["worsening_retention_rep"]}

    o = sample.orders
    for acc in neglected:
        days = route.loc[route["account"] == acc, "date"]
        assert days.max() == pd.Timestamp(planted["neglected_since"][acc])
        year_before = days[days > days.max() - pd.Timedelta(days=365)]
        assert year_before.diff().dt.days.median() <= 14, "was visited every 1–2 weeks"
        amounts = o.loc[o["account"] == acc]
        last = amounts.loc[amounts["date"] >= LAST12_FROM, "amount"].sum()
        prior = amounts.loc[amounts["date"].between(PRIOR12_FROM, LAST12_FROM, "left"), "amount"]
        assert last <= 0.6 * prior.sum(), f"{acc}: orders fell less than 40 %"


# --- scale and arguments --------------------------------------------------------------------


def test_orders_rows_is_exact() -> None:
    s = generate_sample(orders_rows=10_000)
    assert len(s.orders) == 10_000
    route = s.visits[s.visits["kind"] == "visit"]
    assert 1.2 <= len(route) / len(s.orders) <= 2.0
    assert s.orders["date"].is_monotonic_increasing
    assert s.orders["date"].max() > pd.Timestamp("2026-10-01")


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError, match="reps"):
        generate_sample(reps=2)
    with pytest.raises(ValueError, match="25 months"):
        generate_sample(first_month="2025-04")


def test_each_reps_accounts_lie_in_one_patch_of_greater_tokyo(sample: SampleHistory) -> None:
    acc = sample.accounts
    assert acc["lat"].between(35.3, 36.1).all() and acc["lon"].between(139.2, 140.2).all()
    # A rep's territory is compact: the spread within a rep is well below the whole map's.
    spread = acc.groupby("rep")[["lat", "lon"]].std()
    assert (spread["lat"] < 0.05).all() and (spread["lon"] < 0.06).all()


# --- account prices (account_prices=True) ---------------------------------------------------


def _price_per_unit_change(s: SampleHistory) -> pd.Series:
    """Per account of a healthy rep: log change of its median price per unit, 2024 → 2026."""
    o = s.orders[~s.orders["rep"].eq(s.planted["declining_unit_price_rep"])]
    o = o[o["quantity"] >= 20]  # whole-unit rounding blurs a small order's price
    per_unit = (o["amount"] / o["quantity"]).groupby([o["account"], o["date"].dt.year]).median()
    by_year = per_unit.unstack()
    return np.log(by_year[2026] / by_year[2024]).dropna()


def test_account_prices_change_only_the_amounts(sample: SampleHistory) -> None:
    own = generate_sample(account_prices=True)
    for name in ("visits", "accounts", "holidays"):
        pdt.assert_frame_equal(getattr(own, name), getattr(sample, name))
    cols = ["date", "account", "rep"]
    pdt.assert_frame_equal(own.orders[cols], sample.orders[cols])
    assert not own.orders["amount"].equals(sample.orders["amount"])
    # Each account's price moves on its own (±2 %/year), not with the rep's path alone.
    assert _price_per_unit_change(sample).std() < 0.01
    assert _price_per_unit_change(own).std() > 0.03
    # The planted slide is still there: the rep's last 12 months well below the 12 before.
    o = own.orders[own.orders["rep"] == own.planted["declining_unit_price_rep"]]
    last = o[o["date"] >= LAST12_FROM]["amount"]
    prior = o[(o["date"] >= PRIOR12_FROM) & (o["date"] < LAST12_FROM)]["amount"]
    assert last.mean() / prior.mean() < 0.90
