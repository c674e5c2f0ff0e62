"""Reading the claims files of a large base in several processes (and the
rules of how many processes share any work: :func:`shares`; the work on an
open base is shared in :mod:`.sharing`).

Parsing YAML and checking each record's shape is most of the time of
``validate`` on a large base, and every file is independent of the others.
Where the machine gives the process more than one CPU, the claims files of a
large base are read and checked by forked worker processes too (nothing is
imported again, and the files' bytes, read before the fork, are in their
memory): the files are handed out one at a time to whichever process is
free, the main one included (:func:`claimcheck.load.sharing.pieces`), for a
base's folder and for the files of a git revision (``claimcheck diff``)
alike. The main process builds the model in file order as the results come,
so the base, diagnostics included, is the same as a serial read's.

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
import signal
import sys
import threading
from pathlib import Path
from typing import Iterable


ENV_JOBS = "CLAIMCHECK_JOBS"
#: Claims files smaller than this in all are read serially: below it, starting
#: a worker costs what it saves (measured here with two processes: no gain at
#: 1.75 MB, 4% faster at 3.4 MB, 15-20% at 17 MB and more).
MIN_BYTES = 3 * 1024 * 1024
#: At most this many reading processes (main included) by default.
MAX_JOBS = 8


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
