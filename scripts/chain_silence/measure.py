"""How long a chain's stores that stopped ordering together stay silent before they come back.

Measured on the histories with chain names at hand (session 38, for core.chain_exit's
``CHAIN_GONE_DAYS``): trial 40's pharmacy wholesaler (a real chain, さくら薬局, leaving on one
day, and あおば, staying) and trial 41's restaurant supplier (names 「居酒屋 えん3」: a name's
first word groups independent restaurants of one kind, a "chain" that never decides together).

At every month end D of a history, for every chain (typed group, else a name's first word:
core.chain_exit._keyed), the stores the lapse rule has not ended by D (an order in the
``LAPSE_DAYS`` before D) whose last orders by D fall within ``CHAIN_DAYS`` of each other, at
least ``CHAIN_MIN_ACCOUNTS`` of them and ``CHAIN_SHARE`` of the chain's stores not ended: a
"stopped together" read at D, as the rule would read it. Its silence is D less the latest of
those last orders. Whether it came back: any of its stores orders after D. The table gives,
per silence, how many such reads and how many came back.

    python scripts/chain_silence/measure.py /work/wt/_trial40/data /tmp/t41
(the second folder: ``python scripts/trial41/simulate.py /tmp/t41``).
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

from routekpi.core.chain_exit import CHAIN_DAYS, CHAIN_MIN_ACCOUNTS, CHAIN_SHARE, _keyed
from routekpi.core.lapse import LAPSE_DAYS

BUCKETS = (0, 15, 30, 45, 60, 75, 90, 120, 150, 181)


def trial40(folder: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    o = pd.read_csv(folder / "売上明細_2022-2026.csv", encoding="cp932", usecols=[0, 2])
    o.columns = ["date", "account"]
    m = pd.read_csv(folder / "得意先マスタ.csv", encoding="cp932", dtype=str)
    acc = pd.DataFrame(
        {"account": m["得意先コード"], "name": m["得意先名"], "group": m["チェーン名"]}
    )
    return _orders(o), acc


def trial41(folder: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    o = pd.read_csv(folder / "orders.csv", usecols=[0, 1])
    o.columns = ["date", "account"]
    m = pd.read_csv(folder / "accounts.csv", dtype=str)
    acc = pd.DataFrame({"account": m["顧客コード"], "name": m["顧客名"], "group": None})
    return _orders(o), acc


def _orders(o: pd.DataFrame) -> pd.DataFrame:
    o["date"] = pd.to_datetime(o["date"]).dt.normalize()
    o["account"] = o["account"].astype(str)
    return o.drop_duplicates()


def reads(orders: pd.DataFrame, acc: pd.DataFrame) -> pd.DataFrame:
    """Every stopped-together read (module doc): month end, chain, stores, silence, back."""
    acc = acc.assign(rep="", start=pd.NaT, end=pd.Timestamp("2100-01-01"))
    keyed = _keyed(acc)
    assert keyed is not None
    chain = keyed.set_index("account")["_key"]
    o = orders[orders["account"].isin(chain.index)]
    first, last = o["date"].min(), o["date"].max()
    out = []
    for day in pd.date_range(first + pd.DateOffset(months=7), last, freq="ME"):
        seen = o[o["date"] <= day]
        latest = seen.groupby("account")["date"].max()
        after = set(o.loc[o["date"] > day, "account"])
        held = latest[latest > day - pd.Timedelta(days=LAPSE_DAYS)]  # not ended by the rule
        for key, stores in held.groupby(chain.reindex(held.index)):
            stop = np.sort(stores.to_numpy(dtype="datetime64[D]"))
            codes = stores.sort_values().index
            together = stop.searchsorted(stop + np.timedelta64(CHAIN_DAYS, "D"), side="right")
            count = together - np.arange(len(stop))
            hit = (count >= CHAIN_MIN_ACCOUNTS) & (count >= CHAIN_SHARE * len(stop))
            # the latest run of stores stopped together (the one ending at the last store)
            tail = [i for i in np.flatnonzero(hit) if together[i] == len(stop)]
            if not tail:
                continue
            i = tail[0]
            members = codes[i:]
            silence = (day - pd.Timestamp(stop[-1])).days
            out.append((day.date(), key, len(members), silence, sum(c in after for c in members)))
    return pd.DataFrame(out, columns=["day", "chain", "stores", "silence", "back"])


def table(r: pd.DataFrame) -> pd.DataFrame:
    r = r.assign(bucket=pd.cut(r["silence"], BUCKETS, right=False))
    return r.groupby("bucket", observed=True).agg(
        reads=("stores", "size"),
        came_back=("back", lambda b: int((b > 0).sum())),
        stores=("stores", "sum"),
        stores_back=("back", "sum"),
    )


def main() -> None:
    sets = {"trial40": trial40(Path(sys.argv[1])), "trial41": trial41(Path(sys.argv[2]))}
    for name, (orders, acc) in sets.items():
        r = reads(orders, acc)
        print(f"== {name}: {len(r)} reads, chains {sorted(set(r['chain']))}")
        print(table(r).to_string())
        late = r[(r["silence"] >= 30) & (r["back"] > 0)]
        print("back after 30+ days silent:", late.to_string() if len(late) else "none")


if __name__ == "__main__":
    main()
