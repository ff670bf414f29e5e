"""Command line: argument parsing only; the work is in routekpi.recalc, routekpi.pipeline, io."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from routekpi import __version__
from routekpi.collector import collection_paused

if TYPE_CHECKING:
    from routekpi.contract import Check
    from routekpi.core.backtest import BacktestResult
    from routekpi.io.reader import BackgroundRead

COMMANDS = (
    "new",
    "recalc",
    "demo",
    "backtest",
    "repair",
    "daily",
    "formula",
    "report",
    "share",
    "collect",
)


def _date_of(option: str) -> Callable[[str], date]:
    """A date option's parser: whatever the AsOf cell accepts (2026/06/30, 20260630,
    令和8年6月30日…); a bad one is named with its option."""

    def parse(typed: str) -> date:
        from routekpi.validation.cells import parse_date

        value, problem = parse_date(typed)
        if value is None:
            raise argparse.ArgumentTypeError(
                _both("err.cli_date", option=option, value=typed, problem=problem)
            )
        return value

    return parse


def _both(key: str, **params: object) -> str:
    """A message in Japanese and English: the workbook's language is not known yet."""
    from routekpi.messages import text

    return f"{text(key, 'ja', **params)} / {text(key, 'en', **params)}"


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage mistake is one line and exit 1 like every other refusal."""

    def error(self, message: str) -> NoReturn:
        self.exit(1, f"routekpi: {message} (routekpi --help)\n")


class CliError(Exception):
    """A refusal before any work: ``message`` is the one line to show."""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (also used by the docs test)."""
    # --debug is accepted before or after the subcommand (SUPPRESS: an absent one after the
    # subcommand does not reset one given before it).
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS
    )
    parser = _Parser(
        prog="routekpi",
        description="Evidence-based KPI targets, attainment and issue flags "
        "for route-sales workbooks.",
    )
    parser.add_argument("--version", action="version", version=f"routekpi {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    new = sub.add_parser("new", help="create a fresh workbook from the template", parents=[common])
    new.add_argument("path", type=Path, help="where to write the .xlsm")
    new.add_argument("--sample", action="store_true", help="fill it with realistic sample history")
    new.add_argument(
        "--lang", choices=("ja", "en"), default="ja", help="workbook language (default ja)"
    )
    new.add_argument("--force", action="store_true", help="overwrite an existing file")

    recalc = sub.add_parser(
        "recalc",
        help="read the history, compute targets, write the output sheets",
        parents=[common],
    )
    recalc.add_argument("path", type=Path, help="the workbook (.xlsm/.xlsx)")
    recalc.add_argument("--out", type=Path, help="write to this file instead of updating PATH")
    recalc.add_argument(
        "--as-of",
        type=_date_of("--as-of"),
        help="measure attainment as of this date (as the AsOf cell: 2026-06-30, 2026/6/30…)",
    )
    recalc.add_argument("--json", action="store_true", help="print the results as JSON on stdout")
    _add_source_options(recalc)
    recalc.add_argument(
        "--quiet",
        action="store_true",
        help="no summary and no progress; stderr only for a stop or a critical check",
    )

    backtest = sub.add_parser(
        "backtest",
        help="plan a past year from the history before it and compare with what happened",
        parents=[common],
    )
    backtest.add_argument("path", type=Path, help="the workbook (.xlsm/.xlsx)")
    backtest.add_argument(
        "--year",
        type=int,
        action="append",
        help="fiscal year to backtest (default: the last complete one); repeat it for several "
        "years, scored each and all together",
    )
    backtest.add_argument(
        "--planned-on",
        type=_date_of("--planned-on"),
        metavar="DATE",
        help="plan as of this day before the year (the budgeting moment, e.g. 2025-11-30 for "
        "FY2026 with an April start): the history after it is not used for the plan "
        "(default: the workbook's AsOf date moved back to the year when it lies before "
        "the plan year, else the day before the year; without --year, the year after this "
        "day's)",
    )
    backtest.add_argument("--json", action="store_true", help="print the results as JSON")
    backtest.add_argument(
        "--sheet", action="store_true", help="also write the results to the Backtest sheet"
    )
    _add_source_options(backtest)

    repair = sub.add_parser(
        "repair",
        help="re-embed the current VBA project, button and xlwings.conf from the template",
        parents=[common],
    )
    repair.add_argument("path", type=Path, help="the workbook (.xlsm, or .xlsx → .xlsm)")
    repair.add_argument("--out", type=Path, help="write to this file instead of updating PATH")
    repair.add_argument(
        "--lang", choices=("ja", "en"), help="button and sheet language (default: Settings)"
    )

    demo = sub.add_parser(
        "demo", help="build a sample workbook, recalculate it and summarise", parents=[common]
    )
    demo.add_argument(
        "--out",
        type=Path,
        default=Path("demo"),
        help="folder for the demo workbook (default ./demo)",
    )
    demo.add_argument(
        "--lang", choices=("ja", "en"), default="ja", help="workbook language (default ja)"
    )
    daily = sub.add_parser(
        "daily",
        help="print the visit list per rep and working day (the workbook is not changed)",
        parents=[common],
    )
    daily.add_argument("path", type=Path, help="the workbook (.xlsm/.xlsx)")
    daily.add_argument("--rep", help="only this rep")
    daily.add_argument(
        "--from",
        dest="start",
        type=_date_of("--from"),
        help="first day of the list (YYYY-MM-DD; default: the as-of date when typed, else "
        "the next working day after the history's last day)",
    )
    daily.add_argument(
        "--days", type=int, help="working days to plan (default: Settings DailyDays, 10)"
    )
    daily.add_argument("--json", action="store_true", help="print the list as JSON on stdout")
    _add_source_options(daily)

    formula = sub.add_parser(
        "formula",
        help="print a worksheet function's value as its Excel cell shows it (no Excel needed)",
        parents=[common],
    )
    formula.add_argument("path", type=Path, help="the workbook (.xlsm/.xlsx)")
    formula.add_argument(
        "formulas",
        nargs="+",
        metavar="FORMULA",
        help='e.g. \'=KPI_TARGET("unit_price","ALL","2026-05")\' (text, numbers, blanks, KGI)',
    )
    formula.add_argument(
        "--exact",
        action="store_true",
        help="print numbers to 15 digits (the cell's value) instead of as the sheets show them",
    )
    _add_source_options(formula)

    report = sub.add_parser(
        "report",
        help="print the output sheets (Dashboard first) to PDF with LibreOffice",
        parents=[common],
    )
    report.add_argument("path", type=Path, help="the recalculated workbook (.xlsm/.xlsx)")
    report.add_argument("--pdf", type=Path, required=True, help="the PDF to write")
    report.add_argument(
        "--sheets",
        help="print only these output sheets, comma-separated, in either language "
        "(e.g. Dashboard,Review or ダッシュボード,振り返り); default: every output sheet",
    )
    report.add_argument(
        "--rep",
        metavar="NAME",
        help="print only this rep's rows of the Daily sheet (his visit list), e.g. "
        "--sheets Daily --rep 上野美香",
    )
    report.add_argument(
        "--days",
        type=int,
        metavar="N",
        help="print only the first N working days of the Daily sheet (e.g. --days 1: the next day)",
    )

    _add_share_commands(sub, common)
    return parser


def _add_source_options(cmd: argparse.ArgumentParser) -> None:
    """--orders/--visits/--accounts: history from a file or database instead of the sheet."""
    for name in ("orders", "visits", "accounts"):
        cmd.add_argument(
            f"--{name}",
            metavar="PATH_OR_URL",
            action="append",
            help=f"read {name} from a .csv/.tsv/.parquet/.xlsx file or a database URL "
            "(sqlite:///file.db?table=T, postgresql://…?query=SELECT…) instead of the sheet; "
            f"repeat it (--{name} 2025.csv --{name} 2026.xlsx) to read several files one "
            "under another, each checked with its own line numbers, as several Sources rows are",
        )
    cmd.add_argument(
        "--encoding", help="encoding of the CSV/TSV sources (default: detected; e.g. cp932)"
    )


def _source_refs(args: argparse.Namespace) -> dict[str, object]:
    """The sources named on the command line, by input sheet name. An option given more than
    once (``--orders 2025.csv --orders 2026.xlsx``) is one source read in that order, one
    under another, as several Sources rows for one input are (``SourceRef.more``)."""
    from routekpi.sources import SourceRef

    named = {"Orders": args.orders, "Visits": args.visits, "Accounts": args.accounts}
    refs: dict[str, object] = {}
    for name, given in named.items():
        if not given:
            continue
        first, *rest = (SourceRef(name, v, encoding=args.encoding) for v in given)
        refs[name] = replace(first, more=tuple(rest)) if rest else first
    return refs


def _add_password_options(cmd: argparse.ArgumentParser) -> None:
    group = cmd.add_mutually_exclusive_group()
    group.add_argument(
        "--password-file", type=Path, help="read the password from the first line of this file"
    )
    group.add_argument(
        "--password-env", metavar="VAR", help="read the password from this environment variable"
    )


def _add_share_commands(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    share = sub.add_parser(
        "share", help="write macro-free copies to send by e-mail", parents=[common]
    )
    share.add_argument("path", type=Path, help="the master workbook (.xlsm/.xlsx)")
    share.add_argument("--out", type=Path, required=True, help="folder for the copies")
    share.add_argument("--per-rep", action="store_true", help="also one copy per rep")
    share.add_argument("--lang", choices=("ja", "en"), help="language (default: the workbook's)")
    share.add_argument("--email", action="store_true", help="write one .eml draft per copy")
    share.add_argument(
        "--force",
        action="store_true",
        help="write the copies even when the workbook has a critical check (default: refuse)",
    )
    share.add_argument(
        "--send", action="store_true", help="send them over SMTP (ROUTEKPI_SMTP_* variables)"
    )
    _add_password_options(share)
    _add_source_options(share)  # the history recalc reads: Sources sheet or these

    collect = sub.add_parser(
        "collect", help="append reps' returned visit logs to Visits", parents=[common]
    )
    collect.add_argument("path", type=Path, help="the master workbook (.xlsm/.xlsx)")
    collect.add_argument("files", type=Path, nargs="+", help="returned copies (.xlsx)")
    collect.add_argument(
        "--no-recalc", action="store_true", help="append only; do not recalculate the outputs"
    )
    _add_password_options(collect)


# The exit of a command whose reader closed its output early (128 + SIGPIPE, as a shell reports).
PIPE_CLOSED = 141


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``routekpi`` command.

    ``argv`` None: the process's own command line. When that process is the ``routekpi``
    command itself, a recalculation also ends it at once when the interpreter shuts down
    (``_exit_when_done``).
    """
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a usage mistake (one line, exit 1)
        return exc.code if isinstance(exc.code, int) else 1
    code = _main(args)
    if argv is None and args.command == "recalc" and _is_the_program():
        _exit_when_done(code)
    return code


def _is_the_program() -> bool:
    """Whether this process is the ``routekpi`` command itself (its script, or ``python -m
    routekpi.cli``), not a program that calls ``main()`` and goes on."""
    started = Path(sys.argv[0]) if sys.argv and sys.argv[0] else Path()
    return started.stem == "routekpi" or started.resolve() == Path(__file__).resolve()


def _exit_when_done(code: int) -> None:
    """At interpreter shutdown, flush the output and end the process with ``code`` at once.

    Python's own shutdown after a recalculation walks and frees every object pandas, NumPy
    and Arrow left (a full collection, then each module torn down): ~0.1 s, a tenth of a
    small book's run, for memory the operating system takes back anyway. Registered last, so
    it runs first of the exit functions, after non-daemon threads are joined (the early
    read's); the workbook is written and closed by then, and the others (logging's flush,
    Arrow's thread pools) have nothing left that outlives the process. Only for the command
    itself (``_is_the_program``): a program that calls ``main`` keeps its own shutdown.
    Before it ends: logging's handlers flushed and closed (``logging.shutdown``, the exit
    function it registered), then stdout and stderr flushed (``_flush_and_exit``).
    """
    import atexit

    atexit.register(_flush_and_exit, code)


def _flush_and_exit(code: int) -> None:
    """End the process now with ``code``: what the skipped exit functions would have saved
    first — logging's records (``logging.shutdown``, when logging is loaded) and whatever
    stdout and stderr still buffer (piped ``--json``, a refusal's line)."""
    logging = sys.modules.get("logging")
    if logging is not None:
        with contextlib.suppress(Exception):  # a handler that fails to close: exit anyway
            logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):  # closed or a broken pipe: nothing to add
            stream.flush()
    os._exit(code)


def _main(args: argparse.Namespace) -> int:
    """``main`` once the command line is parsed."""
    args.debug = getattr(args, "debug", False)
    # Before NumPy first imports: OpenBLAS starts a thread per core with its buffers (~50 ms
    # of every command), for linear algebra routekpi does not do (one dot product of a few
    # dozen numbers, which OpenBLAS never splits over threads). The user's own setting wins;
    # the variable is removed again once NumPy has read it (a caller's process and the
    # programs routekpi starts keep their own environment).
    blas = "OPENBLAS_NUM_THREADS" not in os.environ and "numpy" not in sys.modules
    if blas:
        os.environ["OPENBLAS_NUM_THREADS"] = "1"
    # A recalculation keeps the collector paused from its early read to its end (see
    # _recalc): resumed between the imports and the run, it walked the imports' objects.
    with collection_paused() if args.command == "recalc" else contextlib.nullcontext():
        read = _read_early(args) if args.command == "recalc" else None
        try:
            with collection_paused():
                import routekpi.pipeline  # noqa: F401 - the engine's imports, collector paused
            if blas:
                os.environ.pop("OPENBLAS_NUM_THREADS", None)
            return _run(args, read)
        except KeyboardInterrupt:
            # Ctrl-C while the early read still runs: its fastexcel threads may wait on an
            # import the interrupted main thread held, and the interpreter's exit would wait
            # for them with the workbook open. One line, and out at once (nothing written).
            print("routekpi: interrupted", file=sys.stderr)
            if read is not None and not read.collected:
                _flush_and_exit(130)
            return 130


def _run(args: argparse.Namespace, read: BackgroundRead | None) -> int:
    """The command's work, its refusals as one line (``main``)."""
    from routekpi.pipeline import RecalcError

    try:
        if args.command == "new":
            return _new(args)
        if args.command == "recalc":
            return _recalc(args, read)
        if args.command == "backtest":
            return _backtest(args)
        if args.command == "repair":
            return _repair(args)
        if args.command == "daily":
            return _daily(args)
        if args.command == "formula":
            return _formula(args)
        if args.command == "report":
            return _report(args)
        if args.command == "share":
            return _share(args)
        if args.command == "collect":
            return _collect(args)
        return _demo(args)
    except RecalcError as exc:
        print(f"routekpi: {exc.message}", file=sys.stderr)
        return 1
    except CliError as exc:
        print(f"routekpi: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader of the output stopped early (`routekpi daily book.xlsm | head`): nothing
        # is wrong with a file, so no message (walk44: 「ファイルを扱えません: (Broken pipe)」);
        # the rest of the output goes nowhere and the exit is the shell's for a closed pipe.
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return PIPE_CLOSED
    except OSError as exc:  # a path problem the checks below did not foresee (permissions…)
        if args.debug:
            traceback.print_exc()
        where = exc.filename or ""
        print(f"routekpi: {_both('err.cli_os', path=where, reason=exc.strerror)}", file=sys.stderr)
        return 1
    except Exception as exc:  # the promise: one line, no traceback unless --debug
        if args.debug:
            traceback.print_exc()
        # A fault of ours in the user's words (trial 23: "IndexError: list index out of
        # range" told her nothing): what happened and what to send to support.
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else "-"
        print(f"routekpi: {_both('err.program', reason=reason)}", file=sys.stderr)
        return 2


def _writable(path: Path, *, force: bool) -> None:
    """Refuse, in one line, a file path that cannot take a new workbook."""
    if path.suffix.lower() != ".xlsm":  # the template carries macros: Excel wants .xlsm
        raise CliError(_both("err.cli_new_suffix", path=str(path)))
    if path.is_dir():
        raise CliError(_both("err.cli_is_folder", path=str(path)))
    if not path.parent.is_dir():
        raise CliError(_both("err.cli_no_folder", path=str(path.parent)))
    if path.exists() and not force:
        raise CliError(_both("err.cli_exists", path=str(path)))


def _new(args: argparse.Namespace) -> int:
    path: Path = args.path
    _writable(path, force=args.force)
    if args.sample:
        from routekpi.io.samplebook import write_sample_workbook

        write_sample_workbook(path, args.lang, addresses=True)
    else:
        from routekpi.io.template import NEW_BOOK_SETTINGS, write_template

        write_template(path, args.lang, settings=NEW_BOOK_SETTINGS)
    print(path)
    return 0


def _progress(quiet: bool) -> Callable[[str], None]:
    """Progress on an interactive terminal only: stderr stays one line when scripted."""
    show = not quiet and sys.stderr.isatty()

    def report(stage: str) -> None:
        if show:
            print(f"… {stage}", file=sys.stderr, flush=True)

    return report


def _read_early(args: argparse.Namespace) -> BackgroundRead | None:
    """The workbook's read, started now in a thread: it runs while the engine's modules
    import (~0.3 s of every recalc). Not for history sources or a path that is not a file
    (the pipeline names those problems in its own words)."""
    try:
        is_file = args.path.is_file()
    except (OSError, ValueError):  # a name too long, a folder denied: the pipeline says so
        return None
    if args.orders or args.visits or args.accounts or not is_file:
        return None
    with collection_paused():
        from routekpi.io.reader import BackgroundRead

    return BackgroundRead(args.path, progress=_progress(args.quiet or args.json))


def _recalc(args: argparse.Namespace, read: BackgroundRead | None = None) -> int:
    with collection_paused():
        from routekpi.collector import imports_frozen
        from routekpi.messages import text
        from routekpi.pipeline import headlines
        from routekpi.recalc import recalculate

    # A recalculation leaves next to no cyclic garbage (its frames and rows are freed by
    # reference counting), yet its allocations trigger ~100 collections at 100k rows.
    with imports_frozen(), collection_paused():
        report = recalculate(
            args.path,
            out=args.out,
            as_of=args.as_of,
            progress=_progress(args.quiet or args.json),
            sources=_source_refs(args),  # type: ignore[arg-type]
            read=read,
        )
    if args.json:
        json.dump(report.json(), sys.stdout, ensure_ascii=False, indent=1)
        print()
    elif not args.quiet:
        _summary(report)
    for line in headlines(report.checks, report.language, critical_only=args.quiet):
        print(f"routekpi: {line}", file=sys.stderr)
    moved = [c for c in report.checks if c.problem == "user_cell_moved"]
    if moved:  # nothing typed vanishes silently: say where it went
        where = moved[0].params["target"]
        print(
            f"routekpi: {len(moved)} cells typed inside routekpi's tables were moved to the "
            f"sheet '{where}' (listed on the Checks sheet)",
            file=sys.stderr,
        )
    warnings = sum(1 for c in report.checks if c.severity in ("error", "warn"))
    if warnings and not args.quiet:
        said = text("recalc.input_problems", report.language, count=warnings)
        print(f"routekpi: {said}", file=sys.stderr)
    return 0


def _summary(report) -> None:
    """The recalculation in a few lines, in the book's language (messages ``recalc.*``)."""
    from routekpi.core.frames import records
    from routekpi.core.stretch import stretch_of
    from routekpi.messages import fmt_pct, fmt_uplift, fmt_yen, text
    from routekpi.render import (
        console_feasibility,
        critical_checks,
        flag_headline,
        shown_landing,
    )
    from routekpi.render_dashboard import (
        past_reach,
        past_reach_grade,
        stretch_grade,
        stretch_words,
    )
    from routekpi.validation.settings import shown_feasibility

    lang = report.language
    plan, ev = report.result.plan, report.result.evidence
    flags = report.result.flags
    print(f"{report.path}")
    months = f"{ev.plan_months[0]} – {ev.plan_months[-1]}"
    plan_label, as_of = ev.settings.year_name(), ev.as_of.isoformat()
    print(text("recalc.period", lang, plan=plan_label, months=months, as_of=as_of))
    uplift = fmt_uplift(plan.uplift)  # +8.0%, as on the Plan sheet and the Dashboard
    kgi, base = fmt_yen(plan.kgi), fmt_yen(plan.baseline_revenue)
    print(text("recalc.kgi", lang, kgi=kgi, baseline=base, uplift=uplift))
    if (line := _landing_line(report)) is not None:
        print(line)
    shown = shown_feasibility(plan)
    if shown == "unit":  # a plan for ¥1,170 is not "feasible": see stderr
        print(text("recalc.unit", lang))
    elif shown == "short":  # targets short of the KGI (core.kgi_total)
        print(text("recalc.short", lang))
    elif (landed := shown_landing(report.result, report.checks)) is not None:
        # A running year landing on the KGI: the landing, not the record (trial 41 M2), nor
        # "infeasible" for a KGI past every ceiling; nor "feasible" for a reachable KGI the
        # year lands short of (trial 53 M3).
        stretch = stretch_of(plan)
        grade = (
            f"stretch.plan_{stretch_grade(stretch, plan)}"
            if stretch
            else "stretch.plan_no"
            if not plan.feasible
            else f"plan.feasible_{shown}"
        )
        print(
            text(
                "stretch.recalc_landing",
                lang,
                ratio=fmt_pct(landed),
                landing=fmt_yen(landed * plan.kgi),
                grade=text(grade, lang),
            )
        )
    elif (stretch := stretch_of(plan)) is not None:
        # How far past the strong-year line (core.stretch); the ceiling as a ceiling.
        words = stretch_words(plan, stretch, ev, lang)
        print(text(f"stretch.recalc_{stretch_grade(stretch, plan)}", lang, **words))
        print(text("stretch.recalc_max", lang, **words))
    elif plan.within_record:
        line = text("recalc.feasible_record", lang, record=fmt_yen(plan.record_kgi))
        print(console_feasibility(line, plan, report.checks, lang))  # 要注意: months left
    elif shown == "unrecorded":  # no year-on-year record (core.stretch)
        line = text("recalc.feasible_unrecorded", lang, reach=fmt_yen(plan.max_reachable_kgi))
        print(console_feasibility(line, plan, report.checks, lang))
    elif plan.feasible:
        line = text("recalc.feasible", lang, reach=fmt_yen(plan.max_reachable_kgi))
        print(console_feasibility(line, plan, report.checks, lang))
    elif (beyond := past_reach(plan)) is not None:
        # Past every ceiling: the strong years it asks, the ceiling as no guide (trial 30 M2).
        words = stretch_words(plan, beyond)
        print(text(f"stretch.recalc_{past_reach_grade(beyond)}", lang, **words))
        print(text("stretch.recalc_max", lang, **words))
    else:
        reach, gap = fmt_yen(plan.max_reachable_kgi), fmt_yen(plan.gap)
        print(text("recalc.infeasible", lang, reach=reach, gap=gap))
    if plan.record_steps and (plan.beyond_record or plan.within_record or past_reach(plan)):
        # The record quoted above leaves out a one-off price step (core.levers): say which.
        annual, steps = fmt_uplift(plan.record_yearly), ", ".join(plan.record_steps)
        print(text("recalc.record_step", lang, annual=annual, steps=steps))
    if plan.below_trend:
        print(text("recalc.below_trend", lang, trend=fmt_yen(plan.trend_kgi)))
    counts = flags["severity"].value_counts().to_dict() if len(flags) else {}
    crit, warn, info = (counts.get(k, 0) for k in ("critical", "warn", "info"))
    print(text("recalc.flags", lang, crit=crit, warn=warn, info=info))
    # The counts are every flag; the Flags sheet lists each rep's most at stake (core.flags).
    from routekpi.core.flags import AT_RISK_PER_REP, at_risk_unlisted

    if more := at_risk_unlisted(flags):
        print(text("recalc.flags_capped", lang, per_rep=AT_RISK_PER_REP, more=f"{more:,}"))
    # In the Flags sheet's words (the codes are for formulas, not for people).
    for f in records(flags[flags["severity"] == "critical"]):
        print(f"    ! {flag_headline(f, lang, ev.settings)}")
    # The Checks sheet's critical rows too: "flags: 0 critical" is not "all clear" while a
    # check (a KGI in thousands of yen…) makes every target wrong; share refuses then.
    from collections import Counter

    by = Counter(c.severity for c in report.checks)
    print(
        text(
            "recalc.checks",
            lang,
            crit=by["critical"],
            error=f"{_rows_left_out(report.checks):,}",
            warn=by["warn"],
            info=by["info"],
        )
    )
    for line in critical_checks(report.checks, lang):
        print(f"    ! {line}")
    for c in report.checks:  # a sheet none of whose rows could be used (trial 44 H3)
        if c.problem == "missing_column_rows":
            print(f"    ! {text('recalc.sheet_unused', lang, **c.params)}")
    rows, seconds = f"{report.rows_read:,}", f"{report.seconds:.1f}"
    print(text("recalc.rows", lang, rows=rows, checks=len(report.checks), seconds=seconds))
    from routekpi.sources import sources_note

    if where := sources_note(report.checks):  # not (only) from the workbook's sheets
        print(text("recalc.sources", lang, where=where))


def _rows_left_out(checks: Sequence[Check]) -> int:
    """The errors the summary counts as rows left out: on a sheet with a "rows not used" line,
    its true count (the listed rows stop at a cap, and a row may have two errors); elsewhere
    each error check (trial 21: 「エラー 1000 件」 for 12,978 rows left out)."""
    from routekpi.validation.gaps import LEFT_OUT_PROBLEMS
    from routekpi.validation.optional import LEAVE_PROBLEM, OPTIONAL_PROBLEM
    from routekpi.validation.tables import MISSING_COLUMN_ROWS

    counted_lines = (*LEFT_OUT_PROBLEMS, OPTIONAL_PROBLEM, LEAVE_PROBLEM)
    lines = [c for c in checks if c.problem in counted_lines]
    # A sheet without a required column: all its rows (trial 44 H3), not one error.
    whole = [c for c in checks if c.problem == MISSING_COLUMN_ROWS]
    counted = {c.sheet for c in (*lines, *whole)}
    rows = sum(int(c.params.get("count", 0)) for c in lines)  # type: ignore[call-overload]
    rows += sum(int(c.params.get("rows", 0)) for c in whole)  # type: ignore[call-overload]
    return rows + sum(1 for c in checks if c.severity == "error" and c.sheet not in counted)


def _landing_line(report) -> str | None:
    """The running year's expected landing and the KGI over it (None: no running year)."""
    from routekpi.core.calendar import month_span
    from routekpi.core.landing import landing
    from routekpi.messages import fmt_uplift, fmt_yen, text

    found = landing(report.result.evidence, report.result.history)
    if found is None:
        return None
    lang = report.language
    actual, expected, total = (found.team(k) for k in ("actual", "expected", "landing"))
    done = (
        text("recalc.landing_done", lang, month=found.actual_months[-1])
        if found.actual_months
        else ""
    )
    rest = month_span(found.rest_months[0], found.rest_months[-1])
    over = fmt_uplift(report.result.plan.kgi / total) if total > 0 else "—"
    return text(
        "recalc.landing",
        lang,
        year=report.result.evidence.settings.year_name(found.year),
        total=fmt_yen(total),
        actual=fmt_yen(actual),
        done=done,
        expected=fmt_yen(expected),
        rest=rest,
        over=over,
    )


def _backtest(args: argparse.Namespace) -> int:
    from routekpi.backtest_job import (
        console_lines,
        pooled_verdict_lines,
        run_backtests,
        scores_table,
        write_sheet,
    )
    from routekpi.core.backtest import combine
    from routekpi.messages import bilingual, text

    years = list(dict.fromkeys(args.year)) if args.year else None
    if years and len(years) > 1 and (args.planned_on or args.sheet):
        option = "--planned-on" if args.planned_on else "--sheet"
        # Before the workbook is read its language is unknown: both, as pipeline.read_file.
        reason = bilingual("backtest.single_year", "ja", option=option)
        print(f"routekpi: {reason}", file=sys.stderr)
        return 1
    runs = run_backtests(
        args.path,
        years,
        _source_refs(args),  # type: ignore[arg-type]
        planned_on=args.planned_on,
    )
    results = [r.result for r in runs]
    language = runs[0].language
    # --year takes the year a fiscal year starts in, as PlanYear does; a company that names
    # its years by their end reads "FY2026" for --year 2025 (trial 42 L3): said, as PlanYear.
    named = [_year_named(r.result, language) for r in runs] if years else []
    for line in filter(None, named):
        print(f"routekpi: {line}", file=sys.stderr if args.json else sys.stdout)
    if any(named) and not args.json:
        print()
    pooled = combine(results) if len(runs) > 1 else None
    tab = write_sheet(runs[0]) if args.sheet else None
    if args.json:
        if pooled is None:
            doc = results[0].json()
        else:
            doc = {
                "years": [r.json() for r in results],
                "pooled": {
                    "summary": json.loads(pooled.to_json(orient="records")),
                    "verdict": pooled_verdict_lines(results, pooled, language),
                },
            }
        json.dump(doc, sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    for run in runs:
        print("\n".join(console_lines(run)))
        print()
    if pooled is not None:
        span = ", ".join(r.name() for r in results)
        heading = text(
            "backtest.heading_pooled", language, path=str(runs[0].path), n=len(runs), years=span
        )
        print(f"### {heading}\n")
        print("\n".join(scores_table(pooled, language)))
        for i, line in enumerate(pooled_verdict_lines(results, pooled, language)):
            print(f"\n{line}" if i == 0 else line)
    if tab:
        print(f"\n{text('backtest.written', language, tab=tab)}")
    return 0


def _year_named(result: BacktestResult, language: str) -> str | None:
    """The note when ``--year N`` names another year in the company's naming (FiscalYearLabel
    end: --year 2025 is FY2026, 2025-10 – 2026-09): which year was scored and what to type
    for the year named FY N; None when the two names agree."""
    from routekpi.messages import text

    typed = f"FY{result.year}"
    if result.name() == typed:
        return None
    start = result.months[0].month if result.months else 4
    first = f"{result.year}-{start:02d}"
    return text(
        "backtest.year_named",
        language,
        year=result.year,
        first=first,
        name=result.name(),
        meant_name=typed,
        meant=next(
            (y for y in (result.year - 1, result.year + 1) if result.name(y) == typed),
            result.year - 1,
        ),
    )


def _repair(args: argparse.Namespace) -> int:
    from routekpi.repair_job import repair_book

    print(repair_book(args.path, out=args.out, language=args.lang))
    return 0


def _daily(args: argparse.Namespace) -> int:
    from routekpi.daily_job import print_daily

    return print_daily(
        args.path,
        rep=args.rep,
        start=args.start,
        days=args.days,
        as_json=args.json,
        sources=_source_refs(args),  # type: ignore[arg-type]
    )


def _formula(args: argparse.Namespace) -> int:
    from routekpi.formula_job import print_formulas

    return print_formulas(
        args.path,
        args.formulas,
        sources=_source_refs(args),  # type: ignore[arg-type]
        exact=args.exact,
    )


def _report(args: argparse.Namespace) -> int:
    from routekpi.messages import text
    from routekpi.report import ReportError, export_pdf

    if not args.path.exists():
        print(f"routekpi: {args.path} does not exist", file=sys.stderr)
        return 1
    try:
        out = export_pdf(args.path, args.pdf, sheets=args.sheets, rep=args.rep, days=args.days)
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
    if folder.exists() and not folder.is_dir():
        raise CliError(_both("err.cli_not_folder", path=str(folder)))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "routekpi_demo.xlsm"
    write_sample_workbook(path, args.lang, addresses=True)
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
        sources=_source_refs(args),
        force=args.force,
    )
    for f in report.files:
        extra = "  (encrypted)" if f.encrypted else ""
        if f.to is not None:
            extra += f"  → {f.to}" + ("  sent" if f.sent else "")
            extra += f"  draft {f.draft.name}" if f.draft is not None else ""
        print(f"{f.path}{extra}")
    for line in report.problems:
        print(f"routekpi: {line}", file=sys.stderr)
    # --send asked for mail: a script must see it fell short; drafts alone (--email) are the
    # job done (trial 26 read exit status 1 as a failure).
    return 1 if args.send and report.unsent else 0


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
    for line in report.check_lines():
        print(f"routekpi: {line}", file=sys.stderr)
    return 1 if report.none_read else 0  # no file could be read: not "nothing new"


if __name__ == "__main__":
    sys.exit(main())
