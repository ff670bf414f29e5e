"""Command line: argument parsing only; the work is in routekpi.recalc and routekpi.io."""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from routekpi import __version__

COMMANDS = ("new", "recalc", "demo", "share", "collect")


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
    _add_share_commands(sub)
    return parser


def _add_password_options(cmd: argparse.ArgumentParser) -> None:
    group = cmd.add_mutually_exclusive_group()
    group.add_argument(
        "--password-file", type=Path, help="read the password from the first line of this file"
    )
    group.add_argument(
        "--password-env", metavar="VAR", help="read the password from this environment variable"
    )


def _add_share_commands(sub: argparse._SubParsersAction) -> None:
    share = sub.add_parser("share", help="write macro-free copies to send by e-mail")
    share.add_argument("path", type=Path, help="the master workbook (.xlsm/.xlsx)")
    share.add_argument("--out", type=Path, required=True, help="folder for the copies")
    share.add_argument("--per-rep", action="store_true", help="also one copy per rep")
    share.add_argument("--lang", choices=("ja", "en"), help="language (default: the workbook's)")
    share.add_argument("--email", action="store_true", help="write one .eml draft per copy")
    share.add_argument(
        "--send", action="store_true", help="send them over SMTP (ROUTEKPI_SMTP_* variables)"
    )
    _add_password_options(share)

    collect = sub.add_parser("collect", help="append reps' returned visit logs to Visits")
    collect.add_argument("path", type=Path, help="the master workbook (.xlsm/.xlsx)")
    collect.add_argument("files", type=Path, nargs="+", help="returned copies (.xlsx)")
    collect.add_argument(
        "--no-recalc", action="store_true", help="append only; do not recalculate the outputs"
    )
    _add_password_options(collect)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``routekpi`` command."""
    args = build_parser().parse_args(argv)
    from routekpi.recalc import RecalcError

    try:
        if args.command == "new":
            return _new(args)
        if args.command == "recalc":
            return _recalc(args)
        if args.command == "share":
            return _share(args)
        if args.command == "collect":
            return _collect(args)
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
    from routekpi.messages import fmt_pct, fmt_yen

    plan = report.result.plan
    flags = report.result.flags
    print(f"{report.path}")
    uplift = fmt_pct(plan.uplift - 1)
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


def _password(args: argparse.Namespace) -> str | None:
    """The password from --password-file or --password-env (never from the command line)."""
    from routekpi.share.copies import ShareError

    if args.password_file is not None:
        try:
            lines = args.password_file.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise ShareError(f"{args.password_file}: {exc.strerror}") from exc
        secret, source = (lines[0] if lines else ""), str(args.password_file)
    elif args.password_env:
        secret, source = os.environ.get(args.password_env, ""), f"${args.password_env}"
    else:
        return None
    if not secret:
        from routekpi.messages import text

        ja, en = (text("share.password_missing", lang, source=source) for lang in ("ja", "en"))
        raise ShareError(f"{ja} / {en}")
    return secret


def _share(args: argparse.Namespace) -> int:
    from routekpi.share.job import share

    report = share(
        args.path,
        args.out,
        per_rep=args.per_rep,
        language=args.lang,
        password=_password(args),
        email=args.email,
        send_mail=args.send,
    )
    for f in report.files:
        extra = "  (encrypted)" if f.encrypted else ""
        if f.draft is not None:
            extra += f"  → {f.to}" + ("  sent" if f.sent else f"  draft {f.draft.name}")
        print(f"{f.path}{extra}")
    for line in report.problems:
        print(f"routekpi: {line}", file=sys.stderr)
    return 0


def _collect(args: argparse.Namespace) -> int:
    import getpass

    from routekpi.share.collect import collect

    def ask(path: Path) -> str | None:
        if not sys.stdin.isatty():
            return None
        return getpass.getpass(f"password for {path.name}: ") or None

    report = collect(
        args.path, args.files, password=_password(args), ask_password=ask, recalc=not args.no_recalc
    )
    for line in report.summary():
        print(line)
    if report.checks:
        from routekpi.render import check_rows

        for row in check_rows(report.checks, report.language):
            sheet, row_no, column, value, problem = row[:5]
            where = ", ".join(str(x) for x in (sheet, row_no, column) if x not in (None, ""))
            shown = f" [{value}]" if value not in (None, "") else ""
            print(f"routekpi: {where}:{shown} {problem}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
