"""Session 46 (issue 10): can the held book's carry tell where it is real? Offline checks.

    python scripts/held46/diagnose.py trust w s p           # per-rep d, noise, trust (seed 7)
    python scripts/held46/diagnose.py persistence w w5 s p  # accounts' own price, year on year
    python scripts/held46/diagnose.py track w s p           # last year's held book came true?
    python scripts/held46/diagnose.py mix w w5 s p          # rep-month price follows the mix?
    python scripts/held46/diagnose.py moved BASE.pkl VAR.pkl unit_price,revenue

Data: ``w`` wholesale (40 retailers, FY2023 planned 31 March 2023), ``w5`` 200 retailers, ``s``
the default sample, ``p`` the sample with each account priced on its own. ``--seeds`` (7 11
23). ``trust`` needs the variants.patch tree (core.held_book) on PYTHONPATH.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
spec = importlib.util.spec_from_file_location("backtest_script", HERE.parent / "backtest.py")
assert spec is not None and spec.loader is not None
bt = importlib.util.module_from_spec(spec)
sys.modules["backtest_script"] = bt
spec.loader.exec_module(bt)

from routekpi.core.history import History, PlanSettings  # noqa: E402
from routekpi.core.lapse import accounts_from_orders  # noqa: E402

WHOLESALE_AS_OF = date(2023, 3, 31)


def history(which: str, seed: int) -> tuple[History, PlanSettings]:
    """The data set's history (accounts derived for the wholesale one) and its settings."""
    if which.startswith("w"):
        sim = bt._sibling("wholesale_sim")
        orders = sim.simulate(seed, retailers=200.0 if which == "w5" else 40.0)
        orders = orders[orders["date"] <= pd.Timestamp(WHOLESALE_AS_OF)].reset_index(drop=True)
        h = accounts_from_orders(History(orders=orders), WHOLESALE_AS_OF)
        return h, PlanSettings(kgi=1.0, plan_year=2023, as_of=WHOLESALE_AS_OF)
    s = bt.generate_sample(seed, account_prices=which == "p")
    h = History(s.orders, s.visits, s.accounts, s.holidays)
    return h, PlanSettings(kgi=1.0, plan_year=int(s.settings["PlanYear"]), as_of=s.settings["AsOf"])


def trust(which: str, seeds: list[int]) -> None:
    from routekpi.core.held_book import _noise

    from routekpi.core import baselines
    from routekpi.core.held import order_windows

    for seed in seeds:
        h, settings = history(which, seed)
        ev = baselines.build_evidence(h, settings)
        noise = _noise(order_windows(h, ev.as_of))  # type: ignore[arg-type]
        print(which, seed, "noise per order day (unit price, count):", noise)
        if ev.flows is not None and ev.flows.held is not None:
            print(ev.flows.held.round(3).to_string())


def _rep_of(h: History) -> pd.Series:
    acc = h.accounts.drop_duplicates("account", keep="last")
    return pd.Series(acc["rep"].astype(str).to_numpy(), index=acc["account"].astype(str))


def persistence(which: str, seeds: list[int]) -> None:
    """Accounts ordering in both years: how far an account's unit price (and count of days
    with an order) relative to its rep's repeats the next year (slope; tau² the covariance)."""
    from routekpi.core.held import order_windows

    for seed in seeds:
        h, settings = history(which, seed)
        as_of = settings.as_of
        assert as_of is not None
        w = order_windows(h, as_of)
        assert w is not None
        b = w[(w.recent_orders > 0) & (w.prior_orders > 0) & (w.recent > 0) & (w.prior > 0)]
        b = b.assign(rep=_rep_of(h).reindex(b.index).to_numpy()).dropna(subset=["rep"])
        for kind in ("price", "count"):
            if kind == "price":
                lr, lp = np.log(b.recent / b.recent_orders), np.log(b.prior / b.prior_orders)
            else:
                lr, lp = np.log(b.recent_orders), np.log(b.prior_orders)
            y = lr - lr.groupby(b.rep).transform("mean")
            x = lp - lp.groupby(b.rep).transform("mean")
            slope = float((x * y).sum() / (x * x).sum())
            print(
                f"{which} {seed} {kind:5s} accounts {len(b)} slope {slope:.2f} tau² "
                f"{float(np.mean(x * y)):.3f}"
            )


def track(which: str, seeds: list[int]) -> None:
    """The held book's difference measured a year before the as-of date against each rep's
    realised change over the last year (team-relative): slope and correlation over the reps."""
    from routekpi.core.held_book import held_carry

    from routekpi.core.held import order_windows

    def year_sums(h: History, day: date, reps: list[str]) -> pd.DataFrame:
        w = order_windows(h, day)
        assert w is not None
        w = w[w.recent_orders > 0].assign(rep=_rep_of(h).reindex(w.index).to_numpy())
        g = (
            w[w.rep.isin(reps)]
            .groupby("rep")
            .agg(v=("recent", "sum"), n=("recent_orders", "sum"), k=("recent", "size"))
        )
        return pd.DataFrame(
            {"unit_price": np.log(g.v / g.n), "orders_per_account": np.log(g.n / g.k)}
        )

    for seed in seeds:
        h, settings = history(which, seed)
        as_of = settings.as_of
        assert as_of is not None
        before = date(as_of.year - 1, as_of.month, min(as_of.day, 28 if as_of.month == 2 else 31))
        reps = sorted(h.accounts["rep"].astype(str).unique())
        carry = held_carry(h, before, reps)
        if carry is None:
            continue
        now, then = year_sums(h, as_of, list(carry.index)), year_sums(h, before, list(carry.index))
        for lever in ("unit_price", "orders_per_account"):
            real = (now[lever] - then[lever]).reindex(carry.index)
            real = real - real.mean()
            d = carry[f"{lever}_d"]
            beta = float((d * real).sum() / (d * d).sum())
            print(
                f"{which} {seed} {lever:18s} slope {beta:5.2f} corr "
                f"{float(np.corrcoef(d, real)[0, 1]):5.2f}"
            )


def mix(which: str, seeds: list[int]) -> None:
    """Each rep-month's log unit price against the mean log price of the accounts that
    ordered in it (each at its own mean over the 12 months), both less the rep's mean and the
    team's month: slope (1: the rep's price is his accounts'; 0: it moves on its own)."""
    for seed in seeds:
        h, settings = history(which, seed)
        ts = pd.Timestamp(settings.as_of)
        o = h.orders
        o = o[(o.date > ts - pd.DateOffset(years=1)) & (o.date <= ts) & (o.amount > 0)]
        level = np.log(o.groupby("account")["amount"].transform("mean"))
        g = (
            o.assign(m=o.date.dt.to_period("M"), level=level)
            .groupby(["rep", "m"])
            .agg(amount=("amount", "sum"), n=("amount", "size"), level=("level", "mean"))
            .reset_index()
        )
        g["actual"] = np.log(g.amount / g.n)
        xy = []
        for col in ("level", "actual"):
            x = g[col] - g.groupby("rep")[col].transform("mean")
            xy.append(x - x.groupby(g["m"]).transform("mean"))
        x, y = xy
        print(
            f"{which} {seed} unit price follows the mix: slope {(x * y).sum() / (x * x).sum():.2f}"
        )


def moved(base: str, variant: str, kpis: str) -> None:
    """Did the variant's move of each rep's target point where the realised value went?
    Slope of log(realised ÷ base target) on log(variant ÷ base target), both less each
    plan's mean over its reps (1: the move was right in size; 0: noise)."""
    b, v = pd.read_pickle(base), pd.read_pickle(variant)
    key = ["set", "run", "rep", "kpi"]
    m = b[b.status == "ok"].merge(
        v[v.status == "ok"][[*key, "routekpi"]], on=key, suffixes=("", "_v")
    )
    for kpi in kpis.split(","):
        for name, g in m[m.kpi == kpi].groupby("set"):
            x = np.log(g.routekpi_v / g.routekpi)
            y = np.log(g.realised / g.routekpi)
            ok = np.isfinite(x) & np.isfinite(y)
            g, x, y = g[ok], x[ok], y[ok]
            x = x - x.groupby(g.run).transform("mean")
            y = y - y.groupby(g.run).transform("mean")
            den = float((x * x).sum())
            slope = float((x * y).sum()) / den if den > 0 else float("nan")
            print(f"{name:26s} {kpi:20s} slope {slope:6.2f}  sd of the move {x.std():.4f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=["trust", "persistence", "track", "mix", "moved"])
    parser.add_argument("args", nargs="+")
    parser.add_argument("--seeds", type=int, nargs="+", default=[7, 11, 23])
    a = parser.parse_args()
    if a.what == "moved":
        moved(*a.args)
        return
    run = {"trust": trust, "persistence": persistence, "track": track, "mix": mix}[a.what]
    for which in a.args:
        run(which, a.seeds)


if __name__ == "__main__":
    main()
