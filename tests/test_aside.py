"""The forked child of a big recalculation (routekpi.aside): the same workbook as in-process."""

from __future__ import annotations

import gc
import shutil
import sys
import time
import zipfile
from collections.abc import Callable
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path

import pytest

import routekpi.aside as aside
from routekpi.io.samplebook import write_sample_workbook
from routekpi.recalc import recalculate

CORE_FREE = aside._core_free  # the real test (the fixture below stands in for it)
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork: Linux only")


class _Clock(datetime):
    """The status line's clock, stopped: two runs a minute apart write the same status (and
    the same digests of the sheets that show it)."""

    @classmethod
    def now(cls, tz: tzinfo | None = None) -> _Clock:
        return cls(2026, 11, 2, 9, 30)


@pytest.fixture(autouse=True)
def stopped_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("routekpi.pipeline.datetime", _Clock)
    monkeypatch.setattr("routekpi.recalc.datetime", _Clock)
    monkeypatch.setattr(aside, "_core_free", lambda cores: True)  # whatever else runs here


@pytest.fixture(scope="module")
def master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("aside") / "book.xlsm"
    write_sample_workbook(path, "ja", seed=11, orders_rows=4_000)
    return path


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def _recalc(
    master: Path, tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch, workers: str
) -> tuple[Path, list[str]]:
    """Recalculate a copy; which way the parts were computed ("fork" or "here")."""
    path = tmp_path / name
    shutil.copyfile(master, path)
    monkeypatch.setenv(aside.WORKERS_ENV, workers)
    ways: list[str] = []
    started = aside.parts_aside

    def spy(*args: object) -> object:
        join = started(*args)  # type: ignore[arg-type]
        ways.append("here" if join is None else "fork")
        return join

    monkeypatch.setattr("routekpi.recalc.parts_aside", spy)
    recalculate(path, today=date(2026, 11, 2))
    return path, ways


@linux_only
def test_forked_parts_write_the_same_workbook(
    master: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(aside, "MIN_LINES", 0)  # the small book forks too
    here, how_here = _recalc(master, tmp_path, "here.xlsm", monkeypatch, "1")
    forked, how_forked = _recalc(master, tmp_path, "fork.xlsm", monkeypatch, "")
    assert how_here == ["here"] and how_forked == ["fork"]
    a, b = _members(here), _members(forked)
    assert a.keys() == b.keys()
    assert [n for n in a if a[n] != b[n]] == []
    # The outputs are really there (not two empty books alike).
    assert any(n.startswith("xl/worksheets/") and len(a[n]) > 10_000 for n in a)


def test_small_history_or_workers_1_stays_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(aside.WORKERS_ENV, raising=False)
    assert not aside._allowed(aside.MIN_LINES - 1)
    monkeypatch.setenv(aside.WORKERS_ENV, "1")
    assert not aside._allowed(10 * aside.MIN_LINES)


def test_no_fork_on_a_busy_machine(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Two cores: this process alone runnable forks; one more task runnable does not."""
    real_open = open

    def proc(text: str) -> object:
        def fake(path: object, *args: object, **kwargs: object) -> object:
            if path == "/proc/loadavg":
                (tmp_path / "loadavg").write_text(text, encoding="ascii")
                return real_open(tmp_path / "loadavg", *args, **kwargs)  # type: ignore[call-overload]
            return real_open(path, *args, **kwargs)  # type: ignore[call-overload]

        return fake

    monkeypatch.setattr("builtins.open", proc("3.10 2.50 2.00 2/412 9999\n"))
    assert not CORE_FREE(2)
    monkeypatch.setattr("builtins.open", proc("3.10 2.50 2.00 1/412 9999\n"))
    assert CORE_FREE(2)
    monkeypatch.setattr("builtins.open", proc("garbage\n"))
    assert not CORE_FREE(2)


def test_no_fork_on_windows_or_macos(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(aside.WORKERS_ENV, raising=False)
    for platform in ("win32", "darwin"):
        monkeypatch.setattr(sys, "platform", platform)
        assert not aside._allowed(10 * aside.MIN_LINES)


@linux_only
def test_a_failing_child_leaves_the_parts_to_the_parent(
    master: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The child dies before it sends anything: the parent computes the parts itself and
    writes what the in-process run writes."""
    monkeypatch.setattr(aside, "MIN_LINES", 0)
    here, _ = _recalc(master, tmp_path, "here.xlsm", monkeypatch, "1")

    def broken(write_fd: int, *args: object) -> None:
        aside.os._exit(3)

    monkeypatch.setattr(aside, "_child", broken)
    forked, ways = _recalc(master, tmp_path, "fork.xlsm", monkeypatch, "")
    assert ways == ["fork"]
    a, b = _members(here), _members(forked)
    assert [n for n in a if a[n] != b[n]] == []


@linux_only
def test_a_stuck_child_is_ended_and_the_parent_computes_the_parts(
    master: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A child that never answers (a lock copied held at the fork) is killed once the
    parent's patience is out; the workbook is the in-process one."""
    monkeypatch.setattr(aside, "MIN_LINES", 0)
    here, _ = _recalc(master, tmp_path, "here.xlsm", monkeypatch, "1")

    def stuck(write_fd: int, *args: object) -> None:
        time.sleep(600)
        aside.os._exit(0)

    monkeypatch.setattr(aside, "_child", stuck)
    monkeypatch.setattr(aside, "_patience", lambda parent_side: 0.5)
    started = time.perf_counter()
    forked, ways = _recalc(master, tmp_path, "fork.xlsm", monkeypatch, "")
    assert ways == ["fork"] and time.perf_counter() - started < 120
    a, b = _members(here), _members(forked)
    assert [n for n in a if a[n] != b[n]] == []


class _Parts:
    """A result whose parts say which process computed them."""

    account_status = "status"

    def __getattr__(self, name: str) -> object:
        if name in aside.PARTS:
            return (name, aside.os.getpid())
        raise AttributeError(name)


class _Sheets:
    """A renderer whose rows say which process rendered them, and when."""

    def __init__(self) -> None:
        self._rows: dict[str, list[list[object]]] = {}
        self.rendered: list[str] = []

    def _once(self, name: str) -> list[list[object]]:
        if name not in self._rows:
            self.rendered.append(name)
            self._rows[name] = [[name, aside.os.getpid()]]
        return self._rows[name]


@linux_only
def test_join_renders_the_daily_rows_here_while_the_child_finishes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The Daily sheet's rows (they read the Daily list alone) are the parent's, rendered in
    ``join`` before its wait; the Review and Plan rows and the parts are the child's."""
    monkeypatch.delenv(aside.WORKERS_ENV, raising=False)
    monkeypatch.setattr(aside.threading, "active_count", lambda: 1)
    result, renderer = _Parts(), _Sheets()
    join = aside.parts_aside(result, renderer, aside.MIN_LINES)
    assert join is not None
    assert renderer.rendered == []  # nothing before join: the Daily list is planned first
    join()
    me = aside.os.getpid()
    assert renderer.rendered == ["Daily"]  # Review and Plan came from the child
    assert renderer._rows["Daily"] == [["Daily", me]]
    child = {pid for rows in (renderer._rows["Review"], renderer._rows["Plan"]) for _, pid in rows}
    assert len(child) == 1 and me not in child
    assert {vars(result)[p] for p in aside.PARTS} == {(p, *child) for p in aside.PARTS}


class _GcSheets(_Sheets):
    """A renderer that notes the collector's state when it renders."""

    def __init__(self) -> None:
        super().__init__()
        self.collector: dict[str, tuple[bool, int]] = {}

    def _once(self, name: str) -> list[list[object]]:
        self.collector.setdefault(name, (gc.isenabled(), gc.get_freeze_count()))
        return super()._once(name)


@linux_only
def test_the_collector_is_paused_over_both_sides_and_resumed_after_join(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Off, with the objects made before the fork frozen, while the parent renders the Daily
    rows (and the child its parts); on and thawed again once join has the child's parts."""
    monkeypatch.delenv(aside.WORKERS_ENV, raising=False)
    monkeypatch.setattr(aside.threading, "active_count", lambda: 1)
    assert gc.isenabled() and gc.get_freeze_count() == 0
    renderer = _GcSheets()
    join = aside.parts_aside(_Parts(), renderer, aside.MIN_LINES)
    assert join is not None
    try:
        assert not gc.isenabled() and gc.get_freeze_count() > 0
        join()
    finally:
        gc.unfreeze()
        gc.enable()
    enabled, frozen = renderer.collector["Daily"]
    assert not enabled and frozen > 0
    assert gc.isenabled() and gc.get_freeze_count() == 0


@linux_only
def test_a_collector_switched_off_by_the_caller_stays_off(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(aside.WORKERS_ENV, raising=False)
    monkeypatch.setattr(aside.threading, "active_count", lambda: 1)
    gc.disable()
    try:
        join = aside.parts_aside(_Parts(), _Sheets(), aside.MIN_LINES)
        assert join is not None
        join()
        assert not gc.isenabled() and gc.get_freeze_count() == 0
    finally:
        gc.enable()


@linux_only
def test_a_pause_left_by_a_failed_run_ends_at_the_next_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A run whose Daily list failed never calls ``join``: the next run's ``parts_aside``
    (a small book, no fork) puts the collector back."""
    monkeypatch.delenv(aside.WORKERS_ENV, raising=False)
    monkeypatch.setattr(aside.threading, "active_count", lambda: 1)
    try:
        assert aside.parts_aside(_Parts(), _Sheets(), aside.MIN_LINES) is not None
        assert not gc.isenabled() and gc.get_freeze_count() > 0
        assert aside.parts_aside(_Parts(), _Sheets(), 10) is None
        assert gc.isenabled() and gc.get_freeze_count() == 0
    finally:
        gc.unfreeze()
        gc.enable()


def _routes_in_a_child_that(
    monkeypatch: pytest.MonkeyPatch, fails: Callable[[], None]
) -> list[bool]:
    """Make the route child (``call_aside``'s) call ``fails`` instead of planning; the
    parent's own routes stay real. Returns whether each route child was started."""
    import routekpi.core.daily as daily

    parent, plans, started = aside.os.getpid(), daily.route_plans, aside.call_aside
    calls: list[bool] = []

    def route_plans(days: list[object]) -> object:
        if aside.os.getpid() != parent:
            fails()
        return plans(days)  # type: ignore[arg-type]

    def call(work: Callable[[object], object], arg: object) -> object:
        wait = started(work, arg)
        if work is route_plans:  # not the account status's child (``status_aside``)
            calls.append(wait is not None)
        return wait

    monkeypatch.setattr(daily, "route_plans", route_plans)
    monkeypatch.setattr(aside, "call_aside", call)
    return calls


@linux_only
def test_a_failing_route_child_leaves_the_routes_to_the_parent(
    master: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second child (half the Daily list's routes) dies, or hangs past the patience
    and is killed: the parent routes those days itself and writes the in-process book."""
    monkeypatch.setattr(aside, "MIN_LINES", 0)
    here, _ = _recalc(master, tmp_path, "here.xlsm", monkeypatch, "1")
    a = _members(here)
    calls = _routes_in_a_child_that(monkeypatch, lambda: aside.os._exit(3))
    forked, ways = _recalc(master, tmp_path, "dies.xlsm", monkeypatch, "")
    b = _members(forked)
    assert ways == ["fork"] and calls == [True]
    assert [n for n in a if a[n] != b[n]] == []
    calls = _routes_in_a_child_that(monkeypatch, lambda: time.sleep(600))
    monkeypatch.setattr(aside, "_patience", lambda parent_side: 0.5)
    started = time.perf_counter()
    forked, ways = _recalc(master, tmp_path, "hangs.xlsm", monkeypatch, "")
    b = _members(forked)
    assert ways == ["fork"] and calls == [True] and time.perf_counter() - started < 120
    assert [n for n in a if a[n] != b[n]] == []


@linux_only
@pytest.mark.parametrize("spool", [True, False], ids=["memfd", "pipe"])
def test_call_aside_answers_from_another_process(
    spool: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Through the anonymous file, or down the pipe where there is none; a payload larger
    than a pipe holds (64 KiB) either way."""
    if not spool:
        monkeypatch.setattr(aside, "_spool", lambda: None)
    big = aside.call_aside(lambda n: "x" * n, 1 << 20)
    assert big is not None and big() == "x" * (1 << 20)
    wait = aside.call_aside(lambda xs: [(x, aside.os.getpid()) for x in xs], [1, 2])
    assert wait is not None
    got = wait()
    assert got is not None and [x for x, _ in got] == [1, 2]
    assert {pid for _, pid in got} != {aside.os.getpid()}
    dies = aside.call_aside(lambda xs: aside.os._exit(2), [1])
    assert dies is not None and dies() is None
    raises = aside.call_aside(lambda xs: 1 / 0, [1])
    assert raises is not None and raises() is None


@linux_only
def test_a_failing_status_child_leaves_the_status_to_the_parent(
    master: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The account status's child (begun while the engine runs) dies, or hangs and is
    killed: the parent measures the status itself and writes the in-process book."""
    import routekpi.core.flags as flags

    monkeypatch.setattr(aside, "MIN_LINES", 0)
    here, _ = _recalc(master, tmp_path, "here.xlsm", monkeypatch, "1")
    a = _members(here)
    parent, measure = aside.os.getpid(), flags.account_status
    begun: list[bool] = []
    started = aside.status_aside

    def spy(work: Callable[[], object], lines: int) -> object:
        wait = started(work, lines)
        begun.append(wait is not None)
        return wait

    monkeypatch.setattr("routekpi.recalc.status_aside", spy)
    for fails in (lambda: aside.os._exit(3), lambda: time.sleep(600)):

        def status(*args: object, fails: Callable[[], object] = fails) -> object:
            if aside.os.getpid() != parent:
                fails()
            return measure(*args)  # type: ignore[arg-type]

        monkeypatch.setattr(flags, "account_status", status)
        monkeypatch.setattr(aside, "_patience", lambda parent_side: 0.5)
        begun.clear()
        forked, ways = _recalc(master, tmp_path, "status.xlsm", monkeypatch, "")
        assert ways == ["fork"] and begun == [True]
        b = _members(forked)
        assert [n for n in a if a[n] != b[n]] == []


def test_a_status_begun_for_other_days_is_not_taken() -> None:
    """``Result.account_status`` takes the status begun beside the evidence only when it
    was measured for its own history, as-of date and contact day."""
    from dataclasses import replace

    from routekpi.core.engine import run
    from routekpi.core.flags import account_status, contact_for
    from routekpi.core.history import History, PlanSettings
    from routekpi.sample import generate_sample

    s = generate_sample()
    history = History(s.orders, s.visits, s.accounts, s.holidays)
    result = run(history, PlanSettings(kgi=s.settings["KGI"], plan_year=2026))
    assert result.history is not None
    ev, mine = result.evidence, result.history
    contact = contact_for(mine, ev)
    real = account_status(mine, ev.as_of, contact)
    stand_in = real.iloc[:1]
    for begun, taken in (
        ((mine, ev.as_of, contact), True),
        ((mine, ev.as_of - timedelta(days=1), contact), False),
        ((mine, ev.as_of, contact - timedelta(days=1)), False),
        ((replace(mine), ev.as_of, contact), False),  # another history (the same frames)
    ):
        vars(result).pop("account_status", None)
        waited: list[bool] = []

        def wait(waited: list[bool] = waited) -> object:
            waited.append(True)
            return stand_in

        result._status_begun = (*begun, wait)  # type: ignore[attr-defined]
        got = result.account_status
        assert waited == [True]  # the child is reaped whether taken or not
        assert got is stand_in if taken else got.equals(real)
    vars(result).pop("account_status", None)
    result._status_begun = (mine, ev.as_of, contact, lambda: None)  # type: ignore[attr-defined]
    assert result.account_status.equals(real)  # the child failed: measured here
