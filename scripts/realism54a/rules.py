# ruff: noqa: E501
"""Score pipeline rules from the engine's own backtest rows (no rerun: the pipeline targets are
derived after the levers, so no other row moves). Per world / set: MdAPE (%) of meetings,
appointment attempts, the meeting win rate, routekpi under each rule, uniform and no change
(reps' rows with status ok, as core.backtest scores them).

    PYTHONPATH=$PWD python scripts/realism54a/rules.py worlds [--dir /work/wt/_realism54a] [--variant base]
    PYTHONPATH=$PWD python scripts/realism54a/rules.py sets FILE.pkl

Rules (per rep; nc = no change = last year's count over the compared months, e the engine):
  engine  as planned (meetings = planned wins ÷ win rate, at least last year's)
  hold    meetings and attempts last year's; win rate = planned wins ÷ those meetings (meet0)
  holdw   meetings and attempts last year's; win rate the engine's
  team    meetings and attempts last year's × the team's planned wins ÷ its wins last year
  teamup  as team, never below last year's (factor at least 1)
  rep     meetings and attempts last year's × the rep's planned wins ÷ his wins last year
  repup   as rep, factor at least 1 (53b's meet with attempts scaled alike)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
KPIS = ("meetings", "appointment_attempts", "meeting_win_rate", "appointment_rate")
RULES = (
    "engine",
    "hold",
    "holdw",
    "team",
    "teamup",
    "rep",
    "repup",
    "nofloor",
    "oracle",
    "holdx",
    "atth",
)


def predict(rows: pd.DataFrame, rule: str) -> pd.DataFrame:
    """One plan's rows (rep × kpi) → the pipeline predictions under ``rule``: rep × KPIS."""
    t = rows.set_index(["rep", "kpi"])

    def col(kpi: str, c: str) -> pd.Series:
        if kpi not in t.index.get_level_values("kpi"):
            return pd.Series(np.nan, index=t.index.get_level_values("rep").unique())
        return t.xs(kpi, level="kpi")[c].astype(float)

    reps = t.index.get_level_values("rep").unique()
    e = {k: col(k, "routekpi").reindex(reps) for k in (*KPIS, "new_accounts")}
    nc = {k: col(k, "no_change").reindex(reps) for k in (*KPIS, "new_accounts")}
    if "appointment_rate" not in t.index.get_level_values("kpi"):
        e["appointment_rate"] = pd.Series(np.nan, index=reps)
    out = pd.DataFrame({k: e[k] for k in KPIS})
    if rule == "engine":
        return out
    new_e, new_n = e["new_accounts"], nc["new_accounts"]
    if rule == "nofloor":  # planned wins ÷ the engine's win rate, no floor at last year's
        m = (new_e / e["meeting_win_rate"]).where(e["meetings"].notna())
        k = (
            (e["appointment_attempts"] - nc["appointment_attempts"])
            / (e["meetings"] - nc["meetings"])
        ).where(e["meetings"] > nc["meetings"] + 0.5)
        k = k.fillna(1 / e["appointment_rate"])
        out["meetings"] = m
        out["appointment_attempts"] = (nc["appointment_attempts"] + (m - nc["meetings"]) * k).where(
            e["appointment_attempts"].notna() & m.notna(), e["appointment_attempts"]
        )
        return out
    if rule == "oracle":  # last year's × the team's REALISED growth (an upper bound, not a rule)
        f = pd.Series(1.0, index=reps)
        with np.errstate(all="ignore"):
            tm = col("meetings", "realised").get("ALL", np.nan) / nc["meetings"].get("ALL", np.nan)
            ta = col("appointment_attempts", "realised").get("ALL", np.nan) / nc[
                "appointment_attempts"
            ].get("ALL", np.nan)
        out["meetings"] = (nc["meetings"] * (tm if np.isfinite(tm) else 1)).where(
            e["meetings"].notna()
        )
        out["appointment_attempts"] = (
            nc["appointment_attempts"] * (ta if np.isfinite(ta) else 1)
        ).where(e["appointment_attempts"].notna())
        out["meeting_win_rate"] = (new_e / out["meetings"]).where(e["meeting_win_rate"].notna())
        return out
    if rule == "atth":  # attempts last year's; the extra meetings from a better appointment rate
        a0 = nc["appointment_attempts"]
        out["appointment_attempts"] = a0.where(e["appointment_attempts"].notna())
        lift = (e["appointment_attempts"] / a0).where(a0 > 0, 1.0).clip(lower=1.0)
        out["appointment_rate"] = e["appointment_rate"] * lift
        return out
    if rule == "holdx":  # last year's pipeline; win rate the usual one, or what the wins need of it
        m = nc["meetings"].where(e["meetings"].notna())
        m = m.where(m > 0, e["meetings"])  # no meetings last year: the engine's (wins ÷ rate)
        out["meetings"] = m
        out["appointment_attempts"] = nc["appointment_attempts"].where(
            e["appointment_attempts"].notna()
        )
        out["meeting_win_rate"] = np.maximum(e["meeting_win_rate"], new_e / m).where(
            e["meeting_win_rate"].notna()
        )
        return out
    if rule in ("hold", "holdw"):
        f = pd.Series(1.0, index=reps)
    elif rule.startswith("team"):
        te, tn = new_e.get("ALL", np.nan), new_n.get("ALL", np.nan)
        ft = te / tn if np.isfinite(te) and np.isfinite(tn) and tn > 0 else 1.0
        f = pd.Series(ft, index=reps)
    else:  # rep
        f = (new_e / new_n).where(new_n > 0, 1.0)
    if rule.endswith("up"):
        f = f.clip(lower=1.0)
    f = f.fillna(1.0)
    m = (nc["meetings"] * f).where(e["meetings"].notna())
    a = (nc["appointment_attempts"] * f).where(e["appointment_attempts"].notna())
    out["meetings"] = m
    out["appointment_attempts"] = a
    if rule != "holdw":
        out["meeting_win_rate"] = (new_e / m).where(e["meeting_win_rate"].notna() & (m > 0))
    return out


def score(plans: list[pd.DataFrame]) -> dict[str, dict[str, float]]:
    """KPI → column → MdAPE % over the plans' reps (status ok)."""
    ape: dict[str, dict[str, list[float]]] = {k: {} for k in KPIS}
    for rows in plans:
        preds = {r: predict(rows, r) for r in RULES}
        for k in KPIS:
            sub = rows[(rows.kpi == k) & (rows.rep != "ALL") & (rows.status == "ok")]
            for _, x in sub.iterrows():
                real = float(x.realised)
                d = ape[k]
                for r in RULES:
                    p = float(preds[r].at[x.rep, k]) if x.rep in preds[r].index else np.nan
                    d.setdefault(r, []).append(
                        abs(p - real) / abs(real) if np.isfinite(p) else np.nan
                    )
                d.setdefault("uniform", []).append(float(x.ape_uniform))
                d.setdefault("no_change", []).append(float(x.ape_no_change))
    return {
        k: {c: float(np.nanmedian(v)) * 100 for c, v in d.items()} | {"n": len(d.get("engine", []))}
        for k, d in ape.items()
        if d.get("engine")
    }


def table(groups: dict[str, list[pd.DataFrame]]) -> None:
    cols = (*RULES, "uniform", "no_change")
    print("| where | KPI | n | " + " | ".join(cols) + " |")
    print("|---|---|---:|" + "---:|" * len(cols))
    for name, plans in groups.items():
        for k, d in score(plans).items():
            best = min(d["uniform"], d["no_change"])
            cells = []
            for c in cols:
                v = d[c]
                mark = "**" if c in RULES and v > best + 0.05 else ""
                cells.append(f"{mark}{v:.2f}{mark}")
            print(f"| {name} | {k} | {d['n']} | " + " | ".join(cells) + " |")


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("what", choices=("worlds", "sets"))
    p.add_argument("files", nargs="*")
    p.add_argument("--dir", default="/work/wt/_realism54a")
    p.add_argument("--variant", default="base")
    a = p.parse_args()
    groups: dict[str, list[pd.DataFrame]] = {}
    if a.what == "worlds":
        import pickle

        for d in sorted(Path(a.dir).glob("trial*")):
            for f in sorted(d.glob(f"s*/bt_{a.variant}.pkl")):
                doc = pickle.loads(f.read_bytes())
                groups.setdefault(d.name, []).extend(r.rows for r in doc["results"])
    else:
        for f in a.files:
            rows = pd.read_pickle(f)
            # one backtest's rows are contiguous, the team's (ALL) last
            start = (rows.rep != "ALL") & (rows.rep.shift(fill_value="ALL") == "ALL")
            for (s, _), g in rows.groupby([rows["set"], start.cumsum()], sort=False):
                groups.setdefault(s, []).append(g)
    table(groups)


if __name__ == "__main__":
    sys.exit(main())
