"""Command line: argument parsing only; the work is in routekpi.recalc and routekpi.io."""

from __future__ import annotations

import argparse
import json
import sys
import traceback
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from routekpi import __version__

COMMANDS = ("new", "recalc", "demo", "report")


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text}") from exc


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (also used by the docs test)."""
    parser = argparse.ArgumentParser(
        prog="routekpi",
        description="Evidence-based KPI targets, attainment and issue flags "
        "for route-sales workbooks.",
    )
    parser.add_argument("--version", action="version", version=f"routekpi {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    sub = parser.add_subparsers(dest="command", required=True)

    new = sub.add_parser("new", help="create a fresh workbook from the template")
    new.add_argument("path", type=Path, help="where to write the .xlsm")
    new.add_argument("--sample", action="store_true", help="fill it with realistic sample history")
    new.add_argument(
        "--lang", choices=("ja", "en"), default="ja", help="workbook language (default ja)"
    )
    new.add_argument("--force", action="store_true", help="overwrite an existing file")

    recalc = sub.add_parser(
        "recalc", help="read the history, compute targets, write the output sheets"
    )
    recalc.add_argument("path", type=Path, help="the workbook (.xlsm/.xlsx)")
    recalc.add_argument("--out", type=Path, help="write to this file instead of updating PATH")
    recalc.add_argument(
        "--as-of", type=_date, help="measure attainment as of this date (YYYY-MM-DD)"
    )
    recalc.add_argument("--json", action="store_true", help="print the results as JSON on stdout")
    recalc.add_argument("--quiet", action="store_true", help="no progress on stderr")

    demo = sub.add_parser("demo", help="build a sample workbook, recalculate it and summarise")
    demo.add_argument(
        "--out",
        type=Path,
        default=Path("demo"),
        help="folder for the demo workbook (default ./demo)",
    )
    demo.add_argument(
        "--lang", choices=("ja", "en"), default="ja", help="workbook language (default ja)"
    )
    report = sub.add_parser(
        "report", help="print the output sheets (Dashboard first) to PDF with LibreOffice"
    )
    report.add_argument("path", type=Path, help="the recalculated workbook (.xlsm/.xlsx)")
    report.add_argument("--pdf", type=Path, required=True, help="the PDF to write")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``routekpi`` command."""
    args = build_parser().parse_args(argv)
    from routekpi.recalc import RecalcError

    try:
        if args.command == "new":
            return _new(args)
        if args.command == "recalc":
            return _recalc(args)
        if args.command == "report":
            return _report(args)
        return _demo(args)
    except RecalcError as exc:
        print(f"routekpi: {exc.message}", file=sys.stderr)
        return 1
    except Exception as exc:  # the promise: one line, no traceback unless --debug
        if args.debug:
            traceback.print_exc()
        print(f"routekpi: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2


def _new(args: argparse.Namespace) -> int:
    path: Path = args.path
    if path.exists() and not args.force:
        print(f"routekpi: {path} already exists (use --force to overwrite)", file=sys.stderr)
        return 1
    if args.sample:
        from routekpi.io.samplebook import write_sample_workbook

        write_sample_workbook(path, args.lang)
    else:
        from routekpi.io.template import write_template

        write_template(path, args.lang)
    print(path)
    return 0


def _progress(quiet: bool) -> Callable[[str], None]:
    """Progress on an interactive terminal only: stderr stays one line when scripted."""
    show = not quiet and sys.stderr.isatty()

    def report(stage: str) -> None:
        if show:
            print(f"… {stage}", file=sys.stderr, flush=True)

    return report


def _recalc(args: argparse.Namespace) -> int:
    from routekpi.recalc import recalculate

    report = recalculate(
        args.path, out=args.out, as_of=args.as_of, progress=_progress(args.quiet or args.json)
    )
    if args.json:
        json.dump(report.json(), sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        _summary(report)
    warnings = sum(1 for c in report.checks if c.severity in ("error", "warn"))
    if warnings:
        print(f"routekpi: {warnings} input problems listed on the Checks sheet", file=sys.stderr)
    return 0


def _summary(report) -> None:
    from routekpi.messages import fmt_uplift, fmt_yen

    plan = report.result.plan
    flags = report.result.flags
    print(f"{report.path}")
    uplift = fmt_uplift(plan.uplift)  # +8.0%, as on the Plan sheet and the Dashboard
    print(f"  KGI {fmt_yen(plan.kgi)}  baseline {fmt_yen(plan.baseline_revenue)}  uplift {uplift}")
    if plan.feasible:
        print(f"  feasible (largest reachable KGI {fmt_yen(plan.max_reachable_kgi)})")
    else:
        reach, gap = fmt_yen(plan.max_reachable_kgi), fmt_yen(plan.gap)
        print(f"  INFEASIBLE: largest reachable KGI {reach}, gap {gap}")
    counts = flags["severity"].value_counts().to_dict() if len(flags) else {}
    crit, warn, info = (counts.get(k, 0) for k in ("critical", "warn", "info"))
    print(f"  flags: {crit} critical, {warn} warnings, {info} info")
    for _, f in flags[flags["severity"] == "critical"].iterrows():
        print(f"    ! {f['code']} {f['rep']} {f['period']}")
    print(f"  {report.rows_read:,} rows read, {len(report.checks)} checks, {report.seconds:.1f} s")


def _report(args: argparse.Namespace) -> int:
    from routekpi.messages import text
    from routekpi.report import ReportError, export_pdf

    if not args.path.exists():
        print(f"routekpi: {args.path} does not exist", file=sys.stderr)
        return 1
    try:
        out = export_pdf(args.path, args.pdf)
    except ReportError as exc:
        # The workbook's language is not read here: say it in both.
        ja, en = text(exc.key, "ja", **exc.params), text(exc.key, "en", **exc.params)
        print(f"routekpi: {ja} / {en}", file=sys.stderr)
        return 1
    print(out)
    return 0


def _demo(args: argparse.Namespace) -> int:
    from routekpi.io.samplebook import write_sample_workbook
    from routekpi.recalc import recalculate

    folder: Path = args.out
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "routekpi_demo.xlsm"
    write_sample_workbook(path, args.lang)
    report = recalculate(path, progress=_progress(False))
    _summary(report)
    print(f"demo workbook: {path.resolve()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
