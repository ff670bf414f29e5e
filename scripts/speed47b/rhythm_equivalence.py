import sys; sys.path.insert(0, ".")
import numpy as np, pandas as pd
import routekpi.core.lapse as L
orig_runs = L._rhythm_of_runs
def slow(account, when):
    L._rhythm_of_runs = None
    try:
        # force the pandas path by a copy of the old code
        days = (pd.DataFrame({"account": account.astype(str).to_numpy(), "date": when.dt.normalize().to_numpy()}).drop_duplicates().sort_values(["account", "date"], kind="stable"))
        acct = days["account"].to_numpy()
        same = np.r_[False, acct[1:] == acct[:-1]]
        stamp = days["date"].to_numpy(dtype="datetime64[D]").astype(np.int64)
        gaps = np.where(same, np.diff(stamp, prepend=stamp[:1]), np.nan)
        return (days.assign(gap=gaps, season=L.season_rows(acct, stamp), back=L.season_rows(acct, stamp, 1)).groupby("account", sort=True).agg(first=("date", "min"), last=("date", "max"), count=("date", "size"), usual=("gap", "median"), longest=("gap", "max"), season=("season", "min"), back=("back", "min")))
    finally:
        L._rhythm_of_runs = orig_runs
rng = np.random.default_rng(1)
for trial in range(300):
    n = int(rng.integers(1, 400))
    k = int(rng.integers(1, 40))
    names = np.array([f"A{int(x):03d}" if x % 3 else f"顧客{int(x)}" for x in rng.integers(0, k, n)], dtype=object)
    base = np.datetime64("2022-01-01")
    days = base + rng.integers(0, int(rng.choice([30, 400, 1500])), n).astype("timedelta64[D]")
    when = pd.Series(pd.to_datetime(days) + pd.to_timedelta(rng.integers(0, 86400, n), unit="s"))
    if trial % 7 == 0:
        when = when.astype("datetime64[us]")
    acc = pd.Series(names)
    a = L.day_rhythm(acc, when)
    b = slow(acc, when)
    pd.testing.assert_frame_equal(a, b, check_exact=True)
    assert a.index.dtype == b.index.dtype and list(a.dtypes) == list(b.dtypes)
print("ok 300", a.dtypes.to_dict(), a.index.dtype)
