"""A big recalculation's Daily-independent parts computed in a forked child meanwhile.

After the engine's run, a recalculation computes its lazy parts one after the other: the
account status, the Daily list (the longest: ~1.3 s at a million order lines), the
Attainment with its year landing, the Review, the lost accounts, the flags (which read the
list only to add its visit days) and the rows of the Review and Plan sheets, which read
only those. Past the account status neither side reads the other, so on a machine with two
cores a forked child computes the second group while the parent plans the Daily list and
renders its rows (which read the list alone: ~0.4 s at a million order lines, done while the
child finishes rather than after it); the child sends its parts back pickled (a few thousand
rows), and the parent puts them where it would have computed them. The parts are the same
either way: the child computes them from the same result, by the same code, and pickling
keeps every value to the bit.

The account status, which both sides read, is measured before that, by a child of its own
while the engine measures the evidence (``status_aside``: core.engine's ``STATUS_HELPER``;
the engine is all on one core, ~0.3 s of it at a million order lines). And once the parent
has planned every rep's days, a child forked then plans about half the days' short routes
(``call_aside``: core.daily's Router; ~0.5 s at a million order lines, the 2-opt) while the
parent plans the other half: the parent's side was the longer by about that much.

In-process (the lazy parts computed on first use, as before) wherever a fork is not safe or
does not pay: not Linux (Windows has no fork; macOS's system frameworks do not survive one),
one core or none free (the runnable tasks), another Python thread alive (a fork copies its
locks held), a small history (the fork and the second process cost more than they save),
``ROUTEKPI_WORKERS=1``; and whenever
anything in the child fails, the parent computes the parts itself.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import select
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from typing import Protocol, TypeVar

# The Result's lazy parts the child computes (engine.Result's cached properties), and the
# output sheets whose rows read nothing else (pipeline.OutputRenderer caches them) and cost
# more to render than to pickle: the Attainment, Targets and Matrix rows (cells of NumPy
# floats) take ~2× longer to unpickle than to render, so the parent renders those.
PARTS = ("attainment", "review", "lost_accounts", "handed_over", "flags_found")
SHEETS = ("Review", "Plan")
# The sheet the parent renders in ``join`` before it waits: its rows read the Daily list only.
PARENT_SHEET = "Daily"
# Order and visit lines from which the forks pay. Session 41, the 100,000-order bench book
# (266,000 lines, forks forced, 3 alternations): the main thread's CPU past the read
# 1.14-1.17 s in process, 0.96-0.99 s forked, and the parent waited 0.055 s for the parts'
# child on a free core (0.15-0.22 s at load 4, where ``_core_free`` does not fork). Below
# ~150,000 lines the saving nears the fork's and the pickles' fixed cost.
MIN_LINES = 150_000
WORKERS_ENV = "ROUTEKPI_WORKERS"


_A = TypeVar("_A")
_T = TypeVar("_T")


class _Result(Protocol):
    account_status: object
    router: object


class _Renderer(Protocol):
    _rows: dict[str, list[list[object]]]

    def _once(self, name: str) -> list[list[object]]: ...


def _allowed(lines: int) -> bool:
    """Whether this process may fork a child for the parts (see the module's note)."""
    if os.environ.get(WORKERS_ENV, "").strip() == "1" or lines < MIN_LINES:
        return False
    if not sys.platform.startswith("linux") or not hasattr(os, "fork"):
        return False
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return cores >= 2 and threading.active_count() == 1 and _core_free(cores)


def _core_free(cores: int) -> bool:
    """Whether a core is free now: fewer runnable tasks than cores, this process counted
    (``/proc/loadavg``'s fourth field; a minute's average lags: the run's own read filled both
    cores seconds ago). On a busy machine the child only competes with this process, and it
    costs ~0.4 s of CPU more at a million order lines than it saves."""
    try:
        with open("/proc/loadavg", encoding="ascii") as f:
            return int(f.read().split()[3].split("/")[0]) < cores
    except (OSError, IndexError, ValueError):
        return False


def _child(
    write_fd: int,
    result: _Result,
    renderer: _Renderer,
    sheets: Sequence[str],
    spool: int | None = None,
) -> None:
    """The child's work: the parts and the rows, pickled (``_send``); never returns."""
    status = 1
    try:
        parts = {name: getattr(result, name) for name in PARTS}
        rows = {name: renderer._once(name) for name in sheets}
        _send(write_fd, spool, pickle.dumps((parts, rows), protocol=pickle.HIGHEST_PROTOCOL))
        status = 0
    finally:
        os._exit(status)  # no atexit, no flush of the parent's buffers, no finally above


def _spool() -> int | None:
    """An anonymous file (Linux's memfd) for a child's payload, made before the fork: the
    child writes it there and ends at once, where on the pipe it waited, blocked once the
    pipe's 64 KiB were full, until the parent read it (a second or more at a million order
    lines), and every page the parent wrote to meanwhile was copied for it. None where there
    is none (the payload then goes through the pipe)."""
    try:
        return os.memfd_create("routekpi-aside")
    except (AttributeError, OSError):
        return None


def _send(write_fd: int, spool: int | None, payload: bytes) -> None:
    """The child's payload into ``spool`` (the pipe then only closes as it ends), or down
    the pipe."""
    if spool is None:
        with os.fdopen(write_fd, "wb") as out:
            out.write(payload)
        return
    view = memoryview(payload)
    while view:
        view = view[os.write(spool, view) :]


def _patience(parent_side: float) -> float:
    """Seconds to wait for the child once the parent's side (``parent_side`` s) is done: its
    side is normally the shorter; a child stuck (a lock a library's own thread held at the
    fork) is ended and the parent computes the parts itself."""
    return 30.0 + 4 * parent_side


def _received(read_fd: int, pid: int, patience: float, spool: int | None = None) -> bytes | None:
    """The child's payload (from ``spool`` when given, else the pipe), or None when it
    failed, sent nothing or took past ``patience`` (then it is killed); the child is reaped
    and the spool closed in every case."""
    chunks: list[bytes] = []
    deadline = time.perf_counter() + patience
    complete = False
    with os.fdopen(read_fd, "rb", buffering=0) as pipe:
        while (left := deadline - time.perf_counter()) > 0:
            ready, _, _ = select.select([pipe], [], [], left)
            if not ready:
                break
            chunk = pipe.read(1 << 20)
            if not chunk:  # the child closed its end: all sent
                complete = True
                break
            chunks.append(chunk)
    if not complete:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    if spool is not None:
        try:
            if complete and status == 0:
                size = os.fstat(spool).st_size
                chunks = [os.pread(spool, size, 0)] if size else []
        finally:
            os.close(spool)
    if not complete or status != 0 or not chunks:
        return None
    return b"".join(chunks)


def _fork() -> tuple[int, int, int, int | None] | None:
    """Fork with a pipe and a spool for the child's answer: (pid — 0 in the child —, the
    pipe's read and write ends, the spool or None) in both processes, or None (everything
    closed) when no child could be forked. Buffered output is flushed first, or both
    processes would write it."""
    for stream in (sys.stdout, sys.stderr):  # None: no console
        if stream is not None:
            stream.flush()
    read_fd, write_fd = os.pipe()
    spool = _spool()
    try:
        pid = os.fork()
    except OSError:
        for fd in (read_fd, write_fd, spool):
            if fd is not None:
                os.close(fd)
        return None
    return pid, read_fd, write_fd, spool


def call_aside(work: Callable[[_A], _T], arg: _A) -> Callable[[], _T | None] | None:
    """Start ``work(arg)`` in a forked child; returns what waits for its result (None when
    the child failed, or took past its patience: then it is killed), or None when no child
    could be forked. For a parent that has begun a big run's fork (``parts_aside``: the
    tests it made hold, the collector paused): the child shares its memory, so the argument
    is not sent, only the result is (pickled)."""
    if threading.active_count() != 1:
        return None
    forking = _fork()
    if forking is None:
        return None
    pid, read_fd, write_fd, spool = forking
    if pid == 0:  # pragma: no cover - the child ends in os._exit (its work is compared)
        status = 1
        try:
            gc.disable()  # a collection would walk (and copy) every page shared since the fork
            os.close(read_fd)
            _send(write_fd, spool, pickle.dumps(work(arg), protocol=pickle.HIGHEST_PROTOCOL))
            status = 0
        finally:
            os._exit(status)
    os.close(write_fd)
    forked = time.perf_counter()

    def wait() -> _T | None:
        payload = _received(read_fd, pid, _patience(time.perf_counter() - forked), spool)
        if payload is None:
            return None
        try:
            return pickle.loads(payload)  # type: ignore[no-any-return] # our own child's bytes
        except Exception:  # a broken payload: the caller does the work itself
            return None

    return wait


def status_aside(work: Callable[[], _T], lines: int) -> Callable[[], _T | None] | None:
    """core.engine's ``STATUS_HELPER``: the account status (``work``) in a forked child while
    the engine measures the evidence (~0.3 s of CPU at a million order lines, on the second
    core, which idles through the engine), when a fork pays (``_allowed``: the same tests as
    the parts'); None otherwise (measured on first use, as ever)."""
    if not _allowed(lines):
        return None
    return call_aside(_called, work)


def _called(work: Callable[[], _T]) -> _T:
    return work()


def _pause_collector() -> Callable[[], None]:
    """Pause the cyclic garbage collector over both sides' work; returns what resumes it.

    The objects made before the fork are frozen (``gc.freeze``: out of every collection), so
    neither process walks the whole heap, which writes to every page holding a container and
    makes the kernel copy the page shared since the fork; and the collector is off while the
    parts, the Daily list and its rows are made (tens of thousands of dicts and rows, whose
    collections came to ~0.15 s of CPU at a million order lines; the lists are freed by
    reference counts, not cycles). The resume thaws only what this froze (nothing when an
    application froze objects of its own) and turns the collector on only if it was on."""
    collecting = gc.isenabled()
    freezing = gc.get_freeze_count() == 0
    if freezing:
        gc.freeze()
    gc.disable()

    def resume() -> None:
        if _paused and _paused[-1] is resume:
            _paused.pop()
        else:
            return  # resumed already
        if freezing:
            gc.unfreeze()
        if collecting:
            gc.enable()

    _paused.append(resume)
    return resume


# The pause not resumed yet: a run whose Daily list failed between the fork and ``join``
# never calls it, so the next run's ``parts_aside`` does (an application recalculating
# book after book, share.collect, keeps its collector).
_paused: list[Callable[[], None]] = []


def parts_aside(result: _Result, renderer: _Renderer, lines: int) -> Callable[[], None] | None:
    """Start the child for ``result``'s Daily-independent parts when that pays (None when it
    does not: the parts are computed on first use, as ever). The returned ``join`` waits for
    them and stores them in ``result`` and ``renderer`` (nothing when the child failed: they
    are then computed on first use); it renders the Daily sheet's rows first (``PARENT_SHEET``:
    call it once the Daily list is planned). Call it before anything reads those parts (the
    Dashboard and the flags read them)."""
    while _paused:  # a former run's, left paused by its failure
        _paused[-1]()
    sheets = [s for s in SHEETS if s not in renderer._rows]
    if not _allowed(lines) or any(p in vars(result) for p in PARTS):
        return None
    result.account_status  # noqa: B018 - both sides read it: computed once, before the fork
    resume = _pause_collector()
    forking = _fork()
    if forking is None:
        resume()
        return None
    pid, read_fd, write_fd, spool = forking
    if pid == 0:  # pragma: no cover - the child ends in os._exit (its work is compared)
        os.close(read_fd)
        _child(write_fd, result, renderer, sheets, spool)
    os.close(write_fd)
    forked = time.perf_counter()
    result.router = call_aside  # the Daily list's routes: half in a second child meanwhile

    def join() -> None:
        # The Daily sheet's rows meanwhile: what the parent would render after the wait
        # (the same rows: they read the list alone), its side longer by as much.
        vars(result).pop("router", None)  # the Daily list is planned: no later run forks
        try:
            renderer._once(PARENT_SHEET)
        except BaseException:
            _received(read_fd, pid, 0.0, spool)  # the child ended and reaped; the error goes on
            resume()
            raise
        try:
            payload = _received(read_fd, pid, _patience(time.perf_counter() - forked), spool)
            if payload is None:
                return
            try:
                parts, rows = pickle.loads(payload)  # our own child's bytes
            except Exception:  # a broken payload: the parts are computed here instead
                return
            state = vars(result)
            for name, value in parts.items():
                state.setdefault(name, value)  # cached_property's slot: as if computed here
            for name, table in rows.items():
                renderer._rows.setdefault(name, table)
        finally:
            resume()  # after the unpickling too: its objects are no garbage either

    return join
