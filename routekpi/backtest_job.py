"""``routekpi backtest``, file edition: read a workbook, backtest a year, optionally write a sheet.

Reading and validating are the pipeline's stages (``pipeline.read_file``, ``pipeline.validate``);
the backtest sets its own KGI, so a workbook without one is fine. History sources (the
Sources sheet, ``--orders/--visits/--accounts``) are honoured as by recalc. Failures raise
``RecalcError`` with one sentence, as ``recalc`` does, so the CLI shows one line.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from routekpi.contract import InputError
from routekpi.core.backtest import (
    METHODS,
    POOLED,
    TIE,
    BacktestResult,
    backtest,
    data_end_of,
    default_year,
    pooled_rows,
    verdict,
)
from routekpi.core.baselines import PlanError
from routekpi.core.calendar import fiscal_label, fiscal_months, fiscal_year_of, month_label
from routekpi.core.catalog import KPI_BY_KEY
from routekpi.core.history import History, PlanSettings
from routekpi.core.measure import TEAM
from routekpi.io.package import WorkbookLocked, WorkbookWriteError
from routekpi.io.sheetrewrite import rewrite_workbook
from routekpi.io.sheetxml import Cell, SheetContent
from routekpi.messages import text
from routekpi.pipeline import RecalcError, read_file, validate, workbook_language
from routekpi.render_dashboard import wrap_text
from routekpi.schema import BACKTEST_SHEET_NAMES
from routekpi.sources import SourceRef

# The Backtest sheet is one the user added blank: without widths every yen and date shows
# as ### (KPI or rep, then the figures of the two tables).
SHEET_WIDTHS = (30.0, 18.0, 16.0, 16.0, 16.0, 14.0, 14.0, 14.0, 14.0)


@dataclass
class BacktestRun:
    """One backtest of a workbook: the result, the workbook language and its tab names."""

    path: Path
    result: BacktestResult
    language: str
    tabs: list[str]


def load(
    path: Path, sources: Mapping[str, SourceRef] | None = None
) -> tuple[History, PlanSettings, str, list[str]]:
    """History, settings, language and tab names of a workbook, validated as recalc does.

    ``sources``: ``--orders/--visits/--accounts``, besides the workbook's Sources sheet (as
    recalc). A source's rows are fetched as rows, not facts: the backtest cuts them.
    """
    path = Path(path)
    data = read_file(path, sources=sources or {})
    language = workbook_language(data)
    try:
        # The backtest sets the KGI itself (the year's realised revenue): none is needed.
        valid = validate(data, kgi=1, sources=sources, base=path.parent, raw_rows=True)
    except (InputError, PlanError) as exc:
        raise RecalcError(text(exc.key, language, **exc.params)) from exc
    # The as-of date says how far the history is complete (a quiet last fortnight is not
    # missing data here: the backtest only reads whole past months).
    settings = replace(valid.settings, as_of=valid.period.as_of)
    tabs = [*data.tab_names.values(), *data.user_sheets]
    return valid.inputs.history, settings, settings.language or language, tabs


def run_backtest(
    path: Path,
    year: int | None = None,
    sources: Mapping[str, SourceRef] | None = None,
    *,
    planned_on: date | None = None,
) -> BacktestRun:
    """Backtest ``year`` (default: the last fiscal year the history fully covers);
    ``sources``: history files or databases named on the command line; ``planned_on``: the
    planning day (default: the day before the year; a later day is that day)."""
    years = [year] if year is not None else None
    return run_backtests(path, years, sources, planned_on=planned_on)[0]


def run_backtests(
    path: Path,
    years: list[int] | None = None,
    sources: Mapping[str, SourceRef] | None = None,
    *,
    planned_on: date | None = None,
) -> list[BacktestRun]:
    """Backtest each of ``years`` from one read of the workbook (``run_backtest``'s default
    year when None)."""
    history, settings, language, tabs = load(path, sources)
    runs = []
    for year in years or [None]:
        result = _backtest_year(history, settings, language, year, planned_on)
        runs.append(BacktestRun(Path(path), result, language, tabs))
    return runs


def _backtest_year(
    history: History,
    settings: PlanSettings,
    language: str,
    year: int | None,
    planned_on: date | None,
) -> BacktestResult:
    try:
        end = data_end_of(history, settings)
        fsm = settings.fiscal_start_month
        if year is not None:
            chosen = year
        elif planned_on is not None:  # the year being budgeted on that day: the next one
            chosen = fiscal_year_of(planned_on, fsm) + 1
        else:
            chosen = default_year(history, settings, end)
        start = fiscal_months(chosen, fsm)[0].start_time.date()
        if planned_on is not None and planned_on >= start:
            raise RecalcError(
                text(
                    "backtest_planned_late",
                    language,
                    day=planned_on.isoformat(),
                    plan=fiscal_label(chosen),
                    start=start.isoformat(),
                )
            )
        return backtest(history, settings, chosen, data_end=end, planned_on=planned_on)
    except PlanError as exc:
        raise RecalcError(text(exc.key, language, **exc.params)) from exc


def verdict_lines(result: BacktestResult, language: str) -> list[str]:
    """The summary's answer in words: closer or further than the uniform uplift over revenue
    and the levers, and the KPIs where a comparator was closer."""
    return verdict_lines_of(result.summary, result.rows, language)


def pooled_verdict_lines(
    results: list[BacktestResult], summary: pd.DataFrame, language: str
) -> list[str]:
    """The same answer over several backtests pooled: ``summary`` is their ``combine``."""
    return verdict_lines_of(summary, pooled_rows(results), language)


def verdict_lines_of(summary: pd.DataFrame, rows: pd.DataFrame, language: str) -> list[str]:
    """``verdict_lines`` from a score table and the rows it was computed from."""
    at = summary.set_index("kpi").loc[POOLED]
    pooled = {m: float(at[f"mdape_{m}"]) for m in METHODS}
    ours, uni, same = (pooled[m] for m in ("routekpi", "uniform", "no_change"))
    if not (np.isfinite(ours) and np.isfinite(uni)) or uni <= 0:
        return []
    # Within TIE (what the tables show as equal) neither is closer, as in the per-KPI lists.
    if abs(ours - uni) <= TIE:
        key = "backtest_verdict_tie"
    else:
        key = "backtest_verdict_closer" if ours < uni else "backtest_verdict_further"
    lines = [
        text(
            key,
            language,
            ours=f"{ours:.1%}",
            uniform=f"{uni:.1%}",
            no_change=f"{same:.1%}" if np.isfinite(same) else "—",
            share=f"{abs(1 - ours / uni):.0%}",
            points=f"{abs(ours - uni) * 100:.1f}",
        )
    ]
    if np.isfinite(same) and same < min(ours, uni) - TIE:
        lines.append(text("backtest_verdict_no_change_best", language, no_change=f"{same:.1%}"))
    # Rep by rep: a median over a few dozen pairs can tip either way by chance; how often each
    # was the closer one shows whether a difference is more than that.
    pairs = rows[(rows["rep"] != TEAM) & rows["in_pool"].astype(bool)]
    pairs = pairs[pairs["status"] == "ok"]
    gap = pairs["ape_routekpi"] - pairs["ape_uniform"]
    if len(pairs):
        lines.append(
            text(
                "backtest_verdict_pairs",
                language,
                n=len(pairs),
                ours=int((gap < 0).sum()),
                uniform=int((gap > 0).sum()),
            )
        )
    found = verdict(summary)
    worse = dict.fromkeys([*found["worse_than_uniform"], *found["worse_than_no_change"]])
    if worse:
        names = "、" if language == "ja" else ", "
        labels = names.join(KPI_BY_KEY[k].label(language) for k in worse if k in KPI_BY_KEY)
        lines.append(text("backtest_verdict_losses", language, kpis=labels))
    return lines


def _v(value: float) -> float | None:
    return float(value) if value is not None and np.isfinite(value) else None


def sheet_rows(result: BacktestResult, language: str) -> list[list[object]]:
    """The Backtest sheet: key figures, the per-KPI scores, then every rep × KPI row."""
    t = lambda key: text(key, language)  # noqa: E731 - local shorthand
    h = lambda key: Cell(text(key, language), "rk_header")  # noqa: E731
    months = result.months
    rows: list[list[object]] = [
        [Cell(f"{t('backtest.title')} {fiscal_label(result.year)}", "rk_title")],
        [t("backtest.plan_as_of"), Cell(result.plan_as_of, "rk_date")],
        [t("backtest.months"), f"{month_label(months[0])} – {month_label(months[-1])}"],
        [t("backtest.kgi"), Cell(_v(result.kgi), "rk_yen")],
        [t("backtest.realised"), Cell(_v(result.realised_revenue), "rk_yen")],
        [t("backtest.baseline"), Cell(_v(result.baseline_revenue), "rk_yen")],
        [t("plan.uplift"), Cell(_v(result.uplift - 1), "rk_pct_signed")],
        [t("plan.record"), Cell(_v(result.record_kgi), "rk_yen")],
        [t("plan.max_reachable"), Cell(_v(result.max_reachable_kgi), "rk_yen")],
        [],
    ]
    # The answer first, in words, as the console prints it.
    # Wrapped to the printed width of the tables below (one printed line per row).
    width = sum(SHEET_WIDTHS)
    for i, line in enumerate(verdict_lines(result, language)):
        rows += [
            [Cell(part, "rk_banner" if i == 0 else "rk_text")]
            for part in wrap_text(line, width * (0.8 if i == 0 else 1))
        ]
    for note in result.notes:
        rows += [[part] for part in wrap_text(text(note.code, language, **note.params), width)]
    rows.append([])
    rows.append(
        [
            h("backtest.col.kpi"),
            h("backtest.col.n"),
            *(h(f"backtest.mdape.{m}") for m in METHODS),
            *(h(f"backtest.within.{m}") for m in METHODS),
            h("backtest.col.excluded"),
        ]
    )
    for rec in result.summary.itertuples(index=False):
        name = t("backtest.pooled") if rec.kpi == POOLED else KPI_BY_KEY[rec.kpi].label(language)
        rows.append(
            [
                name,
                rec.n,
                *(Cell(_v(getattr(rec, f"mdape_{m}")), "rk_pct") for m in METHODS),
                *(Cell(_v(getattr(rec, f"within_{m}")), "rk_pct") for m in METHODS),
                f"{rec.n_zero} / {rec.n_missing}",
            ]
        )
    rows.append([])
    rows.append(
        [
            h("backtest.col.rep"),
            h("backtest.col.kpi"),
            h("backtest.col.realised"),
            *(h(f"backtest.method.{m}") for m in METHODS),
            *(h(f"backtest.ape.{m}") for m in METHODS),
        ]
    )
    for rec in result.rows.itertuples(index=False):
        rows.append(
            [
                rec.rep,
                KPI_BY_KEY[rec.kpi].label(language),
                Cell(_v(rec.realised), "rk_dec"),
                *(Cell(_v(getattr(rec, m)), "rk_dec") for m in METHODS),
                *(Cell(_v(getattr(rec, f"ape_{m}")), "rk_pct") for m in METHODS),
            ]
        )
    return rows


def write_sheet(run: BacktestRun) -> str:
    """Write the result into the workbook's Backtest sheet; returns the tab written."""
    folded = {tab.casefold(): tab for tab in run.tabs}
    tab = next((folded[n.casefold()] for n in BACKTEST_SHEET_NAMES if n.casefold() in folded), None)
    if tab is None:
        raise RecalcError(text("backtest_no_sheet", run.language))
    content = SheetContent(rows=sheet_rows(run.result, run.language), column_widths=SHEET_WIDTHS)
    try:
        rewrite_workbook(run.path, {tab: content})
    except WorkbookLocked as exc:
        raise RecalcError(text("err.locked", run.language, path=str(run.path))) from exc
    except (WorkbookWriteError, OSError) as exc:
        raise RecalcError(text("err.write_failed", run.language, reason=str(exc))) from exc
    return tab
