"""``measure._last_lines`` against its session-45 form (a groupby of the lines), and
``monthly_facts`` pickled for ``cmp`` between trees (speed52).

    PYTHONPATH=<tree> python scripts/speed52/equiv_last_lines.py OUT.pkl [CAPTURED.pkl]

Built histories: reps and accounts missing, NaT days, several handovers per account, lines
of other reps. CAPTURED.pkl: ``scripts/speed51a/capture.py BOOK DIR
routekpi.core.carry:handover_carries`` (the 1M history): ``_last_lines`` on it too, and
``monthly_facts`` of it and of each handed account alone (what core.carry reads).
"""

from __future__ import annotations

import pickle
import sys
from dataclasses import replace
from types import SimpleNamespace

import numpy as np
import pandas as pd

from routekpi.core import carry, measure


def old(history: object, taken_over: object) -> dict[tuple[str, str], pd.Period]:
    wanted = {(str(a), str(h)) for a, _rep, h, _day in taken_over}
    accounts = [a for a, _ in wanted]
    out: dict[tuple[str, str], pd.Period] = {}
    for frame in (history.orders, history.visits):
        if not len(frame):
            continue
        lines = frame[frame["account"].astype(str).isin(accounts).to_numpy()]
        if not len(lines):
            continue
        latest = lines.groupby([lines["account"].astype(str), lines["rep"].astype(str)])[
            "date"
        ].max()
        for key, day in latest.items():
            if key in wanted and pd.notna(day):
                month = pd.Period(day, freq="M")
                out[key] = max(out.get(key, month), month)
    return out


def built(rng: np.random.Generator, dtype: object) -> tuple[object, list[tuple]]:
    def lines(size: int) -> pd.DataFrame:
        days = pd.to_datetime("2023-01-01") + pd.to_timedelta(rng.integers(0, 1000, size), "D")
        days = days.where(rng.random(size) > 0.05)
        return pd.DataFrame(
            {
                "date": days,
                "account": pd.Series(rng.choice(["A", "B", "C", "D", None], size), dtype=dtype),
                "rep": pd.Series(rng.choice(["x", "y", "z", None], size), dtype=dtype),
            }
        )

    taken = [
        (
            str(rng.choice(list("ABCE"))),
            str(rng.choice(list("xyz"))),
            str(rng.choice(list("xyzw"))),
            None,
        )
        for _ in range(int(rng.integers(1, 6)))
    ]
    sizes = rng.integers(0, 60, 2)
    return SimpleNamespace(orders=lines(int(sizes[0])), visits=lines(int(sizes[1]))), taken


def main() -> None:
    rng = np.random.default_rng(52)
    results: list[object] = []
    n = 0
    for dtype in ("str", object):
        for _ in range(200):
            history, taken = built(rng, dtype)
            a, b = old(history, taken), measure._last_lines(history, taken)
            assert a == b, (a, b)
            n += 1
    if len(sys.argv) > 2:
        with open(sys.argv[2], "rb") as fh:
            (args, _kw) = pickle.load(fh)
        history, ev = args[0], args[1]
        assert old(history, history.handover.taken_over) == measure._last_lines(
            history, history.handover.taken_over
        )
        months = sorted(ev.baseline_months)
        grid = pd.period_range(months[0], months[-1], freq="M")
        fsm = ev.settings.fiscal_start_month
        results.append(measure.monthly_facts(history, ev.as_of, None, fsm))
        for account, *_ in history.handover.taken_over:
            part = carry._lines_of(history, {account}, grid)
            results.append(measure.monthly_facts(part, ev.as_of, grid, fsm))
        results.append(carry.handover_carries(*args, **_kw))
        cut = replace(history, handover=replace(history.handover, taken_over=()))
        results.append(measure.monthly_facts(cut, ev.as_of, None, fsm))
    with open(sys.argv[1], "wb") as fh:
        pickle.dump(results, fh, protocol=5)
    print(n, "built histories: the same;", len(results), "facts pickled")


if __name__ == "__main__":
    main()
