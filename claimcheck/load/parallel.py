"""Reading the claims files of a large base in several processes (and the
rules of how many processes share any work: :func:`shares`; the work on an
open base is shared in :mod:`.sharing`).

Parsing YAML and checking each record's shape is most of the time of
``validate`` on a large base, and every file is independent of the others.
Where the machine gives the process more than one CPU, the claims files of a
large base are read and checked by forked worker processes too (nothing is
imported again, and the files' bytes, read before the fork, are in their
memory): :func:`read_ahead` runs the caller's work on each file in a
worker. The main process builds the model in file order as the results
come, so the base, diagnostics included, is the same as a serial read's.

With a single worker (two CPUs), the main process also reads one file in
:data:`MAIN_SHARE` itself, so both CPUs work and no more processes run than
there are CPUs; with more workers, building the model keeps it busy enough.

A file that the fast path does not take (see :mod:`.fast`),
that a worker failed on, or that is left after a worker died, is read by the
main process exactly as in a serial run.

Reading uses workers on Linux (they are forked) when the claims files total at least
:data:`MIN_BYTES`. ``$CLAIMCHECK_JOBS`` sets how many processes read (the main
one included; ``1`` reads serially) for any size; else one per CPU the
process may use, at most :data:`MAX_JOBS`.
"""

from __future__ import annotations

import gc
import os
import pickle
import signal
import struct
import sys
import threading
from pathlib import Path
from typing import Any, Callable, Iterable

from ..rules.records import check_claims_file
from .fast import fast_file_data

ENV_JOBS = "CLAIMCHECK_JOBS"
#: Claims files smaller than this in all are read serially: below it, starting
#: a worker costs what it saves (measured here with two processes: no gain at
#: 1.75 MB, 4% faster at 3.4 MB, 15-20% at 17 MB and more).
MIN_BYTES = 3 * 1024 * 1024
#: At most this many reading processes (main included) by default.
MAX_JOBS = 8
#: With one worker, the main process reads every MAIN_SHARE-th file itself (2: half;
#: measured here, the two processes then finish together).
MAIN_SHARE = 2


def jobs(total_bytes: int, files: int, environ=os.environ) -> int:
    """How many processes (the main one included) read ``files`` files of
    ``total_bytes``; 1 means a serial read."""
    return shares(files, total_bytes >= MIN_BYTES, environ)


def shares(items: int, large: bool, environ=os.environ) -> int:
    """How many processes (the main one included) share ``items`` pieces of
    independent work; 1 means the main process does it all. ``large``: the
    work is worth a fork by default (``$CLAIMCHECK_JOBS`` decides for any
    size)."""
    if items < 2 or _IN_WORKER or not sys.platform.startswith("linux") or threading.active_count() > 1:
        return 1  # a fork copies one thread only: one holding a lock elsewhere could leave a worker stuck
    wanted = environ.get(ENV_JOBS, "").strip()
    if wanted:
        try:
            n = int(wanted)
        except ValueError:
            n = 1
        return max(1, min(n, items, 64))
    if not large:
        return 1
    return max(1, min(cpus(), MAX_JOBS, items))


#: True in a worker process.
_IN_WORKER = False

#: cgroup v2's CPU quota of this process's group ("max 100000", or "150000 100000": 1.5 CPUs).
CGROUP_CPU_MAX = Path("/sys/fs/cgroup/cpu.max")


def cpus() -> int:
    """The CPUs this process may use: its affinity, within a container's CPU
    quota (a container limited to one CPU on a large host reads serially)."""
    try:
        n = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        n = os.cpu_count() or 1
    try:
        quota, period = CGROUP_CPU_MAX.read_text().split()[:2]
        if quota != "max":
            n = min(n, max(1, round(int(quota) / int(period))))
    except (OSError, ValueError):
        pass
    return n


def _worker_start(parent: int) -> None:
    """In each worker, first: Ctrl-C is the main process's to handle (it stops
    the workers), and the worker dies with the main process (Linux's
    PR_SET_PDEATHSIG), so a killed claimcheck leaves no worker behind. A
    worker forks no workers of its own (:func:`shares` answers 1 there)."""
    global _IN_WORKER
    _IN_WORKER = True
    gc.disable()  # short-lived: a collection would write to (and so copy) every page of the heap it shares
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # the main process closed early: end quietly
    try:
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # 1: PR_SET_PDEATHSIG
    except Exception:  # not Linux's libc: the workers still end when their queue closes
        pass
    if os.getppid() != parent:  # the main process died before prctl
        os._exit(1)


def _read_and_check(path: Path | None) -> tuple[Any, list] | None:
    """A file's data and its shape problems; None when the main process must
    read it (and for no path)."""
    if path is None:
        return None
    ok, data = fast_file_data(path)
    if not ok:
        return None
    return data, check_claims_file(data)


def read_ahead(paths: list[Any], n_jobs: int, work: Callable[[Any], Any] | None = None) -> Ahead:
    """For each item of ``paths``, in order: ``work(item)`` done by one of
    ``n_jobs - 1`` workers (by default, a path's (data, problems)), or None
    where the caller does it itself: its share (one item in MAIN_SHARE with a
    single worker), a None item, an item whose work gave None, every item
    left when a worker dies, and every item when no worker can be started.
    The workers are forked at once (before this returns) and stopped when
    the iterator is exhausted or closed (killed if closed early). ``work`` runs in a process forked from this one: it
    sees this process's memory as it was at the fork, and its result
    travels back pickled (a channel between processes claimcheck started,
    never data read from disk).

    Each worker is forked with a pipe of its own and reads its files in order
    (worker w takes every n-th of the files given to workers), writing one
    length-prefixed frame per file; the main process reads the frames in file
    order. A worker that dies shows as the end of its pipe, never as a wait:
    the main process then kills the others and reads what is left itself.
    (concurrent.futures was used before; on Python 3.11 its manager thread
    can block for ever reading the half-written result of a killed worker.)"""
    return Ahead(paths, n_jobs, work or _read_and_check)


def _fork() -> int:
    """os.fork, with Ctrl-C held back until both processes know who they
    are: this one has the worker's pid (a worker not yet recorded could not be
    stopped), and the worker ignores Ctrl-C (the main process's to handle; an
    interrupt in a worker before that would run this process's code on)."""
    mask = getattr(signal, "pthread_sigmask", None)
    old = mask(signal.SIG_BLOCK, {signal.SIGINT}) if mask else None
    try:
        pid = os.fork()
        if pid == 0:
            signal.signal(signal.SIGINT, signal.SIG_IGN)
        return pid
    finally:
        if mask:
            mask(signal.SIG_SETMASK, old)


def fork_worker(inherited: Iterable[int]) -> tuple[int, int, int]:
    """Fork a worker with a pipe of its own: (pid, read end, write end). In
    the worker (pid 0) the read end and the ``inherited`` descriptors (the
    other workers' pipes) are closed and the worker is set up
    (:func:`_worker_start`); it must end with os._exit. This process closes
    the write end once it has recorded the worker."""
    parent = os.getpid()
    r, w = os.pipe()
    try:
        pid = _fork()
    except BaseException:
        os.close(r)
        os.close(w)
        raise
    if pid == 0:
        try:
            for fd in (r, *inherited):  # the other workers' pipes are not this one's
                os.close(fd)
            _worker_start(parent)
        except BaseException:
            os._exit(1)
    return pid, r, w


def _kill(pids: list[int]) -> None:
    for pid in pids:  # every worker first: an interrupted wait below leaves none running
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def _reap(pids: list[int]) -> None:
    for pid in pids:
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            pass


class Ahead:
    """The iterator :func:`read_ahead` returns: its workers already forked."""

    def __init__(self, paths: list[Any], n_jobs: int, work: Callable[[Any], Any]) -> None:
        self.paths = paths
        n = self.n = n_jobs - 1
        theirs = [k for k, p in enumerate(paths) if p is not None and (n > 1 or k % MAIN_SHARE != MAIN_SHARE - 1)]
        self.owner = {k: i % n for i, k in enumerate(theirs)} if n >= 1 else {}
        self.workers: list[_Worker] = []
        if n >= 1 and theirs:
            try:
                for w in range(n):
                    self.workers.append(_Worker.start([paths[k] for k in theirs[w::n]],
                                                      [x.stream.fileno() for x in self.workers], work))
            except OSError:  # no fork here (a sandbox, a process limit): the caller reads every file
                _stop(self.workers, kill=True)
                self.workers = []
                self.owner = {}
        self.given = 0
        self.broken = False

    def __iter__(self) -> Ahead:
        return self

    def __next__(self) -> Any:
        k = self.given
        if k >= len(self.paths):
            _stop(self.workers, kill=self.broken)
            raise StopIteration
        got = None
        w = self.owner.get(k)
        if w is not None and not self.broken:
            got = self.workers[w].next()
            if got is _DEAD:  # a worker died (out of memory, a signal): the rest is read here
                self.broken = True
                _stop(self.workers, kill=True)
                got = None
        self.given += 1
        if self.given == len(self.paths):
            _stop(self.workers, kill=self.broken)
        return got

    def close(self) -> None:
        _stop(self.workers, kill=self.given < len(self.paths) or self.broken)


_DEAD = object()
_FRAME = struct.Struct("<Q")


class _Worker:
    """One forked reader and the read end of its pipe."""

    __slots__ = ("pid", "stream", "done")

    def __init__(self, pid: int, fd: int) -> None:
        self.pid = pid
        self.stream = os.fdopen(fd, "rb", buffering=1 << 16)
        self.done = False

    @classmethod
    def start(cls, paths: list[Any], inherited: list[int], work: Callable[[Any], Any]) -> _Worker:
        pid, r, w = fork_worker(inherited)
        if pid == 0:  # the worker: never returns
            code = 1
            try:
                with os.fdopen(w, "wb", buffering=1 << 16) as out:
                    for path in paths:
                        try:
                            result = work(path)
                        except Exception:  # anything odd: the main process does it itself
                            result = None
                        frame = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
                        out.write(_FRAME.pack(len(frame)))
                        out.write(frame)
                        out.flush()  # each file as soon as it is read
                code = 0
            finally:
                os._exit(code)
        os.close(w)
        return cls(pid, r)

    def next(self):
        """The next file's result; _DEAD where the pipe ends early (the
        worker died). Frames come from a process this one forked."""
        head = self.stream.read(_FRAME.size)
        if len(head) < _FRAME.size:
            return _DEAD
        (size,) = _FRAME.unpack(head)
        body = self.stream.read(size)
        if len(body) < size:
            return _DEAD
        try:
            return pickle.loads(body)
        except Exception:
            return _DEAD

    def stop(self, kill: bool) -> None:
        if self.done:
            return
        self.done = True
        if kill:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.stream.close()  # a worker still writing gets EPIPE, and ends
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass


def _stop(workers: list[_Worker], kill: bool) -> None:
    if kill:  # every worker first: an interrupted wait below leaves none running
        _kill([w.pid for w in workers if not w.done])
    for w in workers:
        w.stop(False)
