"""Re-split the KGI offline from capture.py's per-rep parts and score each rep's revenue.

    python scripts/realism47/offline.py /tmp/r47/base_d_*.pkl [--by-set]

Each variant gives every rep a weight booked × e^dev (dev in log space against his year as
booked, what the uniform uplift keeps); his revenue target over the compared months is
routekpi's × (his weight's share ÷ routekpi's weight share), the team's total kept. Caps and a
building rep's lift are ignored (``recon`` reproduces routekpi's own; compare with it).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

import numpy as np
import pandas as pd

Dev = Callable[[pd.DataFrame], pd.Series]


def load(paths: list[str]) -> pd.DataFrame:
    out = []
    for p in paths:
        d = pd.read_pickle(p)
        rows, reps = d["rows"], d["reps"]
        tag = "h" if "_h_" in p else "d"
        rev = rows[(rows["kpi"] == "revenue") & (rows["status"] == "ok") & (rows["rep"] != "ALL")]
        m = reps.merge(
            rev[["set", "run", "rep", "realised", "routekpi", "uniform"]],
            on=["set", "run", "rep"],
            how="left",
        )
        m["seeds"] = tag
        out.append(m)
    return pd.concat(out, ignore_index=True)


def team_mean(df: pd.DataFrame, col: str) -> pd.Series:
    """The booked-revenue-weighted mean of ``col`` over each plan's reps."""
    w = df["booked"]
    num = (df[col] * w).groupby([df["seeds"], df["set"], df["run"]]).transform("sum")
    den = w.groupby([df["seeds"], df["set"], df["run"]]).transform("sum")
    return num / den


def monthly_trust(df: pd.DataFrame) -> pd.Series:
    """Per rep: how clearly his months show his own heading — t² ÷ (t² + 1), t the slope of
    his monthly log share of the team's revenue over the baseline ÷ its standard error."""
    out = []
    for rev, team in zip(df["monthly_rev"], df["team_monthly"], strict=True):
        if rev is None or len(rev) < 6:
            out.append(0.0)
            continue
        share = np.log(np.asarray(rev, float) / np.asarray(team, float))
        ok = np.isfinite(share)
        y = share[ok]
        x = np.arange(len(share))[ok].astype(float)
        if len(y) < 6:
            out.append(0.0)
            continue
        x = x - x.mean()
        b = float((x * (y - y.mean())).sum() / (x * x).sum())
        resid = y - y.mean() - b * x
        se = float(np.sqrt((resid**2).sum() / (len(y) - 2) / (x * x).sum()))
        t = b / se if se > 0 else 0.0
        out.append(t * t / (t * t + 1))
    return pd.Series(out, index=df.index)


def flows_trust(df: pd.DataFrame, k: float = 1.0) -> pd.Series:
    """d² ÷ (d² + se²) for the rep's heading less the team's: se what a year's wins and losses
    drawn by chance would move his book (√(wins + losses) ÷ his accounts, half of it for the
    year's average)."""
    d = df["head"] - team_mean(df, "head")
    n = (df["new"].fillna(0) + df["start"].fillna(0) * df["churn"].fillna(0)).clip(lower=1)
    se = k * 0.5 * np.sqrt(n) / df["accounts"].clip(lower=1) * 0.5  # × SPLIT_CARRY as head is
    return (d * d / (d * d + se * se)).fillna(0.0)


def buhlmann(df: pd.DataFrame, c: float = 1.0, weighted: bool = False) -> pd.Series:
    """Per rep: τ² ÷ (τ² + se²) — se² = c × (his year's wins + losses) ÷ accounts² ÷ 4, what
    chance in a year's wins and losses moves his heading by (the year's average moves half
    of it); τ² = the reps' spread of headings less the chance part (≥ 0), per plan."""
    H = df["head"] / 0.5
    n = (df["new"].fillna(0) + df["start"].fillna(0) * df["churn"].fillna(0)).clip(lower=1)
    se2 = c * n / df["accounts"].clip(lower=1) ** 2 / 4
    keys = [df["seeds"], df["set"], df["run"]]
    if weighted:
        w = df["booked"] / df["booked"].groupby(keys).transform("sum")
    else:
        w = 1 / df["booked"].groupby(keys).transform("count")
    mean = (H * w).groupby(keys).transform("sum")
    var = ((H - mean) ** 2 * w).groupby(keys).transform("sum")
    noise = (se2 * w).groupby(keys).transform("sum")
    tau2 = (var - noise).clip(lower=0)
    return (tau2 / (tau2 + se2)).fillna(0.0)


def chance_se(df: pd.DataFrame, c: float = 1.0) -> pd.Series:
    """What chance in a year's wins and losses moves a rep's heading by (log, whole heading):
    √(c × (wins + losses)) ÷ accounts ÷ 2."""
    n = (df["new"].fillna(0) + df["start"].fillna(0) * df["churn"].fillna(0)).clip(lower=1)
    return np.sqrt(c * n) / df["accounts"].clip(lower=1) / 2


def soft(d: pd.Series, t: pd.Series) -> pd.Series:
    return np.sign(d) * (d.abs() - t).clip(lower=0)


def variants(df: pd.DataFrame) -> dict[str, pd.Series]:
    base = df["lost"] + df["won"]
    rest = df["hand"] + df["end"]
    head = df["head"]
    rel = head - team_mean(df, "head")
    book = 0.5 * np.log(df["start"] / df["accounts"]).replace([np.inf, -np.inf], np.nan).fillna(0)
    mt = monthly_trust(df)
    out = {
        "recon": np.log(df["weight"] / df["booked"]),
        "uniform": pd.Series(0.0, index=df.index),
        "no_lost": df["won"] + head + rest,
        "no_won": df["lost"] + head + rest,
        "no_head": base + rest,
        "head×0.25": base + 0.5 * head + rest,
        "head×0.75": base + 1.5 * head + rest,
        "only lost": df["lost"],
        "only head": head,
        "held book only": base + book + rest,
        "cred flows k1": base + flows_trust(df, 1.0) * rel + rest,
        "cred months": base + mt * rel + rest,
        "soft k.5": base + 0.5 * soft(2 * rel, 0.5 * chance_se(df)) + rest,
        "soft k1": base + 0.5 * soft(2 * rel, chance_se(df)) + rest,
        "hard k1": base + rel.where((2 * rel).abs() > chance_se(df), 0.0) + rest,
        "bühl c.5": base + buhlmann(df, 0.5) * 2 * rel + rest,
        "bühl c1": base + buhlmann(df, 1.0) * 2 * rel + rest,
        "bühl c2": base + buhlmann(df, 2.0) * 2 * rel + rest,
    }
    return out


def score(df: pd.DataFrame, dev: pd.Series) -> pd.Series:
    w = df["booked"] * np.exp(dev)
    keys = [df["seeds"], df["set"], df["run"]]
    sw = w / w.groupby(keys).transform("sum")
    sr = df["weight"] / df["weight"].groupby(keys).transform("sum")
    target = df["routekpi"] * sw / sr
    if METRIC == "male":
        return np.log(target / df["realised"]).abs()
    return (target - df["realised"]).abs() / df["realised"].abs()


METRIC = "mdape"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--male", action="store_true", help="mean |log error| for every method")
    args = parser.parse_args()
    global METRIC
    METRIC = "male" if args.male else "mdape"
    df = load(args.paths)
    df = df[df["realised"].notna()].reset_index(drop=True)
    vs = variants(df)
    table = {}
    for name, dev in vs.items():
        ape = score(df, dev)
        g = ape.groupby([df["seeds"], df["set"]])
        table[name] = (g.mean() if METRIC == "male" else g.median()) * 100

    def err(col: str) -> pd.Series:
        if METRIC == "male":
            e = np.log(df[col] / df["realised"]).abs()
            return e.groupby([df["seeds"], df["set"]]).mean() * 100
        e = (df[col] - df["realised"]).abs() / df["realised"].abs()
        return e.groupby([df["seeds"], df["set"]]).median() * 100

    ref, rk = err("uniform"), err("routekpi")
    out = pd.DataFrame({"routekpi": rk, "uniform(bt)": ref, **table})
    pd.set_option("display.width", 250)
    print(out.round(2).to_string())
    # Across the 27 set × seed-set cells: how many beat uniform / lose to routekpi now, and the
    # mean log ratio to routekpi's MdAPE (below 0: nearer on average).
    summary = pd.DataFrame(
        {
            "beats uniform": (out.lt(out["uniform(bt)"] - 0.005, axis=0)).sum(),
            "worse than now": (out.gt(out["routekpi"] + 0.005, axis=0)).sum(),
            "mean log ratio %": (np.log(out.div(out["routekpi"], axis=0)).mean() * 100),
            "wholesale 6": np.log(out.div(out["routekpi"], axis=0))
            .loc[out.index.get_level_values(1).str.startswith("wholesale")]
            .mean()
            * 100,
            "sample fam": np.log(out.div(out["routekpi"], axis=0))
            .loc[~out.index.get_level_values(1).str.startswith(("wholesale", "cdnow"))]
            .mean()
            * 100,
        }
    )
    print(summary.round(2).to_string())


if __name__ == "__main__":
    main()
