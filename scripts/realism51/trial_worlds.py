# ruff: noqa: E501
"""realism51: the new-user trials' generators (scripts/trial40 … trial50) as back-test worlds.

    PYTHONPATH=$PWD python scripts/realism51/trial_worlds.py gen [WORLD ...] [--seeds-all]
    PYTHONPATH=$PWD python scripts/realism51/trial_worlds.py bt [WORLD ...] [--variant V] [--jobs 2]
    PYTHONPATH=$PWD python scripts/realism51/trial_worlds.py table [--variant V ...] [--rows KPI]

Each trial wrote its own seeded generator of a route-sales business and a fill script that
builds the workbook a manager ends up with after the trial's fixes. ``gen`` regenerates each
world's data into /work/wt/_realism51/<trial>/s<seed>/ (its own seed; two more when the
generator takes one, on its command line or as a module-level ``SEED``) and builds that book.
``bt`` backtests every fiscal year the book's history allows, through the CLI's own code path
(``backtest_job.load`` once, then ``_backtest_year`` per year: what ``routekpi backtest BOOK
--year N --json`` runs, with the book's own planning moment moved back to each year — the
budgeting month when the book plans a year ahead), and pickles the results. ``table`` pools each
world's years and seeds with ``combine`` and prints ``verdict``: pooled reduction vs uniform
and the KPIs routekpi loses to uniform or no change (by how much).

``--variant V``: ``scripts/realism51/variant.py``'s env-flag monkeypatches applied first (R51=V).
Trial 43 is skipped: its data are routekpi's own sample generator (seed 43).
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import shutil
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
S = ROOT / "scripts"
OUT = Path(os.environ.get("R51_OUT", "/work/wt/_realism51"))
PY = sys.executable


def _run(cmd: list[str], cwd: Path | None = None) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1"}
    r = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    if r.returncode:
        raise RuntimeError(f"{' '.join(cmd)}\n{r.stdout[-2000:]}\n{r.stderr[-3000:]}")


def _seeded(trial: str, module: str, seed: int, argv: list[str], extra: str = "") -> list[str]:
    """Run a generator whose seed is a module constant ``SEED``, with another seed."""
    code = (
        f"import sys; sys.path.insert(0, {str(S / trial)!r}); sys.argv = {['x', *argv]!r}\n"
        f"import {module} as m; m.SEED = {seed}\n{extra}"
        "import inspect\n"
        "m.main(*([__import__('pathlib').Path(sys.argv[1])] if inspect.signature(m.main).parameters else []))\n"
    )
    return [PY, "-c", code]


def gen40(seed: int, d: Path) -> Path:
    data = d / "data"
    _run(_seeded("trial40", "gen_data", seed, [str(data)]))
    book = data / "plan.xlsm"
    _run([PY, "-m", "routekpi.cli", "new", str(book)])
    _run(
        [
            PY,
            str(S / "trial40/fill_book.py"),
            str(book),
            "--plan-year",
            "2027",
            "--kgi",
            "1170000000",
            "--words",
        ]
    )
    return book


def gen41(seed: int, d: Path) -> Path:
    _run(_seeded("trial41", "simulate", seed, [str(d / "data")]))
    _run([PY, str(S / "trial41/build_books.py"), str(d / "data"), str(d)])
    return d / "book27.xlsm"


def gen42(seed: int, d: Path) -> Path:
    _run(_seeded("trial42", "gen_data", seed, [str(d / "data")]))
    _run([PY, str(S / "trial42/build_books.py"), str(d / "data"), str(d), "--words"])
    return d / "book27w.xlsm"


def gen44(seed: int, d: Path) -> Path:
    # make_books writes OUT/data; the book is "book" (header renamed, Words typed) over the
    # simulated history to 2028-03 (build_books' "truth": the same recipe, every month).
    _run(_seeded("trial44", "make_books", seed, [str(d)]))
    _run([PY, str(S / "trial44/build_books.py"), str(d), "truth"])
    return d / "truth.xlsm"


def gen45(seed: int, d: Path) -> Path:
    data = d / "data"
    _run([PY, str(S / "trial45/make_books.py"), "--out", str(data), "--seed", str(seed)])
    _run([PY, str(S / "trial45/fill.py"), str(data), "words"])
    return data / "book_words.xlsm"


def gen46(seed: int, d: Path) -> Path:
    data = d / "data"
    _run([PY, str(S / "trial46/gen_data.py"), "--out", str(data), "--seed", str(seed)])
    _run(
        [PY, str(S / "trial46/fill.py"), str(data), "asis"]
    )  # the SFA export as written (M1 fixed)
    return data / "book_asis.xlsm"


def gen47(seed: int, d: Path) -> Path:
    data = d / "data"
    _run([PY, str(S / "trial47/make_db.py"), str(data)])
    _run([PY, str(S / "trial47/fill.py"), str(data), "replan"])
    return data / "book_replan.xlsm"


def gen48(seed: int, d: Path) -> Path:
    data = d / "data"
    _run([PY, str(S / "trial48/gen_data.py"), str(data), str(seed)])
    _run([PY, str(S / "trial48/fill.py"), str(data), "asis"])  # verify48: the exports as they came
    return data / "book_asis.xlsm"


def gen49(seed: int, d: Path) -> Path:
    data = d / "data"
    _run([PY, str(S / "trial49/gen_data.py"), str(data), str(seed)])
    _run([PY, str(S / "trial49/fill.py"), str(data), "asis"])  # verify49: fixed on the raw exports
    return data / "book_asis.xlsm"


def gen50(seed: int, d: Path) -> Path:
    data = d / "data"
    extra = f"import numpy as np; m.RNG_DAYS = np.random.default_rng({seed} + 1000)\n"
    _run(_seeded("trial50", "gen_data", seed, [str(data)], extra))
    v = "asis+monthfix+hdrfix+vishdr+words+leave"  # rerun.sh's working book (F)
    _run([PY, str(S / "trial50/fill.py"), str(data), v])
    return data / f"book_{v.replace('+', '_')}.xlsm"


# world → (business, generator, default seed, extra seeds)
WORLDS: dict[str, tuple[str, Callable[[int, Path], Path], int, list[int]]] = {
    "trial40": ("pharma wholesaler (9 MS, April year)", gen40, 40, [140, 240]),
    "trial41": ("food & liquor wholesaler (6 reps)", gen41, 41, [141, 241]),
    "trial42": ("agri supplies (October year, end-named)", gen42, 42, [142, 242]),
    "trial44": ("liquor & drinks to restaurants (April year)", gen44, 44, [144, 244]),
    "trial45": ("hair-care products to salons (calendar year)", gen45, 45, [145, 245]),
    "trial46": ("dental supplies to clinics (10 reps)", gen46, 46, [146, 246]),
    "trial47": ("MRO tools ERP in SQLite (October year)", gen47, 47, []),
    "trial48": ("water / milk route delivery (July year, ERP migration)", gen48, 48, [148, 248]),
    "trial49": ("salon dealer (April year, two order systems)", gen49, 49, [149, 249]),
    "trial50": ("LPG / fuel retailer (April year, monthly summary + lines)", gen50, 50, [150, 250]),
}
SKIPPED = {
    "trial43": "its data are routekpi's own sample generator (generate_sample, seed 43): not an unseen world",
}


def seeds_of(world: str, all_seeds: bool) -> list[int]:
    _, _, s0, more = WORLDS[world]
    return [s0, *more] if all_seeds else [s0]


def book_path(world: str, seed: int) -> Path:
    return OUT / world / f"s{seed}" / "book.txt"


def cmd_gen(worlds: list[str], all_seeds: bool) -> None:
    for w in worlds:
        for seed in seeds_of(w, all_seeds):
            d = OUT / w / f"s{seed}"
            if book_path(w, seed).exists():
                continue
            shutil.rmtree(d, ignore_errors=True)
            d.mkdir(parents=True)
            t = time.time()
            try:
                book = WORLDS[w][1](seed, d)
                book_path(w, seed).write_text(str(book))
                print(f"{w} s{seed}: {book} ({time.time() - t:.0f} s)", flush=True)
            except Exception as exc:
                (d / "gen_error.txt").write_text(str(exc))
                print(f"{w} s{seed}: FAILED {str(exc)[:300]}", flush=True)


# ---------------------------------------------------------------- the backtest child


def child(book: Path, out: Path, variant: str, budget: bool = False) -> None:
    """Backtest every year the book's history allows, as the CLI does; pickle the results.

    ``budget``: each year planned on the last day of the month four months before it starts
    (``--planned-on``: 30 November for an April year), for books whose own moment is the eve."""
    if variant:
        os.environ["R51"] = variant
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        import variant as v

        v.apply()
    import pandas as pd

    from routekpi.backtest_job import _backtest_year, load, testable_year
    from routekpi.core.backtest import data_end_of
    from routekpi.core.calendar import fiscal_months, fiscal_year_of

    t = time.time()
    history, settings, language, _ = load(book)
    end = data_end_of(history, settings)
    found = testable_year(history, settings)
    results, skipped = [], []
    if found:
        first, _day = found
        last = fiscal_year_of(end, settings.fiscal_start_month)
        for year in range(first, last + 1):
            if fiscal_months(year, settings.fiscal_start_month)[0].end_time.date() > end:
                break
            day = None
            if budget:
                first_day = fiscal_months(year, settings.fiscal_start_month)[0].start_time
                day = (first_day - pd.DateOffset(months=4) - pd.Timedelta(days=1)).date()
            try:
                results.append(_backtest_year(history, settings, language, year, day))
            except Exception as exc:
                skipped.append((year, str(exc)[:300]))
    out.write_bytes(
        pickle.dumps({"results": results, "skipped": skipped, "end": end, "secs": time.time() - t})
    )


def pickle_path(world: str, seed: int, variant: str) -> Path:
    """``variant``: an R51 rule, '' for the engine as it is; a ``@budget`` suffix: planned
    four months before each year (``child``'s ``budget``)."""
    return OUT / world / f"s{seed}" / f"bt_{variant or 'base'}.pkl"


def cmd_bt(worlds: list[str], all_seeds: bool, variant: str, jobs: int) -> None:
    todo = []
    for w in worlds:
        for seed in seeds_of(w, all_seeds):
            bp = book_path(w, seed)
            if bp.exists() and not pickle_path(w, seed, variant).exists():
                todo.append((w, seed))

    def one(ws: tuple[str, int]) -> None:
        w, seed = ws
        t = time.time()
        cmd = [
            PY,
            __file__,
            "_child",
            Path(book_path(w, seed).read_text()).as_posix(),
            str(pickle_path(w, seed, variant)),
            variant,
        ]
        try:
            _run(cmd)
            print(f"{w} s{seed} {variant or 'base'}: {time.time() - t:.0f} s", flush=True)
        except RuntimeError as exc:
            (OUT / w / f"s{seed}" / f"bt_{variant or 'base'}_error.txt").write_text(str(exc))
            print(f"{w} s{seed} {variant or 'base'}: FAILED {str(exc)[-400:]}", flush=True)

    with ThreadPoolExecutor(jobs) as ex:
        list(ex.map(one, todo))


# ---------------------------------------------------------------- tables


def load_results(world: str, seeds: list[int], variant: str) -> tuple[list, list[str]]:
    res, info = [], []
    for seed in seeds:
        p = pickle_path(world, seed, variant)
        if not p.exists():
            continue
        doc = pickle.loads(p.read_bytes())
        res.extend(doc["results"])
        info.append(
            f"s{seed}: "
            + ", ".join(
                f"{r.name()}{'p' if r.partial else ''}@{r.plan_as_of:%Y-%m-%d}"
                for r in doc["results"]
            )
            + (f"; skipped {[y for y, _ in doc['skipped']]}" if doc["skipped"] else "")
        )
    return res, info


def losses(summary, tie: float = 0.0005) -> list[str]:  # type: ignore[no-untyped-def]
    """KPIs routekpi loses to uniform (u) or no change (n), with the gap in points."""
    out = []
    for _, r in summary.iterrows():
        if r["kpi"] == "pooled" or not r["n"]:
            continue
        for m, tag in (("uniform", "u"), ("no_change", "n")):
            gap = r["mdape_routekpi"] - r[f"mdape_{m}"]
            if gap > tie:
                out.append(f"{r['kpi']} {tag}+{gap * 100:.2f}")
    return out


def repeats(worlds: list[str], all_seeds: bool, variants: list[str]) -> None:
    """Per KPI: in how many worlds routekpi loses to uniform / no change (pooled over each
    world's plans and seeds), and the worlds."""
    from routekpi.core.backtest import combine

    for v in variants:
        lost: dict[str, dict[str, list[str]]] = {}
        for w in worlds:
            res, _ = load_results(w, seeds_of(w, all_seeds), v)
            if not res:
                continue
            for item in losses(combine(res)):
                kpi, rest = item.split(" ")
                tag = "uniform" if rest.startswith("u") else "no change"
                lost.setdefault(kpi, {}).setdefault(tag, []).append(f"{w[5:]} {rest[1:]}")
        print(f"\nRepeated losses ({v or 'base'}): KPI | worlds lost to uniform | to no change")
        for kpi, by in sorted(lost.items(), key=lambda kv: -max(len(x) for x in kv[1].values())):
            u, n = by.get("uniform", []), by.get("no change", [])
            print(f"| {kpi} | {len(u)}: {', '.join(u)} | {len(n)}: {', '.join(n)} |")


def cmd_table(worlds: list[str], all_seeds: bool, variants: list[str], kpis: bool) -> None:
    from routekpi.core.backtest import combine, verdict

    head = (
        "| world | business | plans | "
        + " | ".join(
            f"reduction {v or 'base'} | pooled MdAPE r/u/n {v or 'base'} | lost {v or 'base'}"
            for v in variants
        )
        + " |"
    )
    print(head)
    print("|" + "---|" * (3 + 3 * len(variants)))
    for w in worlds:
        seeds = seeds_of(w, all_seeds)
        cells = []
        n = 0
        for v in variants:
            res, info = load_results(w, seeds, v)
            if not res:
                cells += ["–", "–", "–"]
                continue
            n = len(res)
            s = combine(res)
            vd = verdict(s)
            p = s.set_index("kpi").loc["pooled"]
            cells += [
                f"{vd['pooled_reduction'] * 100:.1f}",
                f"{p['mdape_routekpi'] * 100:.2f} / {p['mdape_uniform'] * 100:.2f} / {p['mdape_no_change'] * 100:.2f}",
                "; ".join(losses(s)) or "none",
            ]
        print(f"| {w} | {WORLDS[w][0]} | {n} | " + " | ".join(cells) + " |")
    for w, why in SKIPPED.items():
        print(f"| {w} | skipped | 0 | {why} |")
    repeats(worlds, all_seeds, variants)
    if kpis:
        for w in worlds:
            for v in variants:
                res, info = load_results(w, seeds_of(w, all_seeds), v)
                if not res:
                    continue
                s = combine(res)
                print(f"\n{w} {v or 'base'}: " + " / ".join(info))
                print("| kpi | n | routekpi | uniform | no change |")
                print("|---|---:|---:|---:|---:|")
                for _, r in s.iterrows():
                    if r["n"]:
                        print(
                            f"| {r['kpi']} | {r['n']} | {r['mdape_routekpi'] * 100:.2f} | "
                            f"{r['mdape_uniform'] * 100:.2f} | {r['mdape_no_change'] * 100:.2f} |"
                        )


def main() -> None:
    if sys.argv[1:2] == ["_child"]:
        try:
            rule, _, moment = sys.argv[4].partition("@")
            child(
                Path(sys.argv[2]),
                Path(sys.argv[3]),
                "" if rule == "base" else rule,
                moment == "budget",
            )
        except Exception:
            traceback.print_exc()
            sys.exit(1)
        return
    ap = argparse.ArgumentParser()
    ap.add_argument("cmd", choices=["gen", "bt", "table"])
    ap.add_argument("worlds", nargs="*")
    ap.add_argument("--seeds-all", action="store_true")
    ap.add_argument("--variant", action="append", default=None)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--kpis", action="store_true")
    a = ap.parse_args()
    worlds = a.worlds or list(WORLDS)
    variants = a.variant or [""]
    variants = ["" if v == "base" else v for v in variants]  # "base@budget", "flat@budget" kept
    if a.cmd == "gen":
        cmd_gen(worlds, a.seeds_all)
    elif a.cmd == "bt":
        for v in variants:
            cmd_bt(worlds, a.seeds_all, v, a.jobs)
    else:
        cmd_table(worlds, a.seeds_all, variants, a.kpis)


if __name__ == "__main__":
    _ = json  # (kept for ad-hoc dumps)
    main()
