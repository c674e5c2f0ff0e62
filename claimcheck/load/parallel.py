"""Reading the claims files of a large base in several processes, and
sharing work on an open base with forked workers (:func:`pieces`).

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

Once a base is open, :func:`pieces` shares independent pieces of work on it
(every claim's evidence, the reports of ``conflicts``, JSON records) with
workers forked then, handing the pieces out one at a time to whichever
process is free.

Used on Linux (workers are forked) when the claims files total at least
:data:`MIN_BYTES`. ``$CLAIMCHECK_JOBS`` sets how many processes read (the main
one included; ``1`` reads serially) for any size; else one per CPU the
process may use, at most :data:`MAX_JOBS`.
"""

from __future__ import annotations

import os
import pickle
import signal
import struct
import sys
from pathlib import Path
from typing import Any, Callable, Iterator

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
    if items < 2 or _IN_WORKER or not sys.platform.startswith("linux"):
        return 1
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


#: :func:`pieces` splits its items into about this many pieces: small enough
#: that the processes finish together, large enough that each result is
#: worth its trip through a pipe.
PIECES = 48


def pieces(items: list, work: Callable[[list], Any], *, at_least: int = 1000, serial: int = 0) -> Iterator[Any]:
    """``work(piece)`` for consecutive pieces of ``items`` (a list), in order,
    shared with forked workers where :func:`shares` allows and there are at
    least ``at_least`` items; else done by this process alone, on pieces of
    ``serial`` items (0: all at once).

    For work on a base already open: the workers see it in their memory
    (forked), and only each piece's result travels back (pickled), so
    ``work`` should return something small, such as text. The pieces are
    handed out in order, one at a time, to whichever process is free, this
    one included: a forked worker is slower than this process (each page of
    memory it touches is copied for it), so a fixed share would leave this
    one waiting. A piece whose worker failed or died is done here."""
    n = shares(PIECES, True) if len(items) >= at_least else 1
    if n < 2:
        step = serial or len(items) or 1
        for i in range(0, len(items), step):
            yield work(items[i:i + step])
        return
    size = -(-len(items) // PIECES)
    chunks = [items[i:i + size] for i in range(0, len(items), size)]
    shared = _Shared(chunks, n - 1, work)
    try:
        for k, chunk in enumerate(chunks):
            got = shared.result(k)
            yield work(chunk) if got is _DEAD else got
    finally:
        shared.close()


class _Shared:
    """The workers of :func:`pieces`. A queue of piece numbers: a pipe that
    every process, this one included, reads four bytes at a time (the numbers
    are written in one write, so a read takes one whole number, the smallest
    left). Each worker writes its results to a file in memory of its own
    (memfd), never blocking, and says where each one is in a short message
    on a pipe of its own (written whole: shorter than PIPE_BUF)."""

    def __init__(self, chunks: list, n_workers: int, work: Callable[[list], Any]) -> None:
        self.chunks = chunks
        self.work = work
        self.mine: dict[int, Any] = {}  # results done here, not yet asked for
        self.ready: dict[int, tuple[int, int, int]] = {}  # piece -> (file, offset, length) of a worker's result
        self.workers: list[int] = []
        self.files: list[int] = []
        self.live: dict[int, int] = {}  # message pipe -> its worker's file
        r, w = os.pipe()
        os.write(w, b"".join(_INDEX.pack(k) for k in range(len(chunks))))  # at most 512 bytes: one atomic write
        os.close(w)  # an empty queue reads as its end
        self.queue = r
        try:
            for _ in range(n_workers):
                self._start()
        except OSError:  # no fork (or no file) here: this process does what the others have not taken
            pass

    def _start(self) -> None:
        out = _memory_file()
        self.files.append(out)
        parent = os.getpid()
        r, w = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(r)
            os.close(w)
            raise
        if pid == 0:  # the worker: never returns
            code = 1
            try:
                os.close(r)
                for fd in self.live:  # the other workers' pipes are not this one's
                    os.close(fd)
                _worker_start(parent)
                at = 0
                while True:
                    k = self._take()
                    if k is None:
                        break
                    try:
                        frame = pickle.dumps(self.work(self.chunks[k]), protocol=pickle.HIGHEST_PROTOCOL)
                    except Exception:  # the main process does it itself, and says what went wrong
                        os.write(w, _WHERE.pack(k, -1, 0))
                        continue
                    _write_all(out, frame)
                    os.write(w, _WHERE.pack(k, at, len(frame)))
                    at += len(frame)
                code = 0
            finally:
                os._exit(code)
        os.close(w)
        self.workers.append(pid)
        self.live[r] = out

    def _take(self) -> int | None:
        got = os.read(self.queue, _INDEX.size)
        return _INDEX.unpack(got)[0] if len(got) == _INDEX.size else None

    def _hear(self, wait: bool) -> None:
        """Read the workers' messages (waiting for one with ``wait``); a pipe
        that ends is a worker that ended."""
        import select

        if not self.live:
            return
        poll = select.poll()  # not select.select: a descriptor may be numbered past FD_SETSIZE
        for fd in self.live:
            poll.register(fd, select.POLLIN)
        for fd, _ in poll.poll(None if wait else 0):
            got = os.read(fd, _WHERE.size * 64)  # whole messages: each was written whole
            if not got:
                del self.live[fd]
                os.close(fd)
                continue
            for k, at, size in _WHERE.iter_unpack(got):
                self.ready[k] = (self.live[fd], at, size)

    def _fetch(self, k: int) -> Any:
        fd, at, size = self.ready.pop(k)
        if at < 0:
            return _DEAD
        parts = []
        while size:
            got = os.pread(fd, size, at)
            if not got:
                return _DEAD
            parts.append(got)
            at += len(got)
            size -= len(got)
        try:
            return pickle.loads(b"".join(parts))  # written by a process this one forked
        except Exception:
            return _DEAD

    def result(self, k: int) -> Any:
        """Piece ``k``'s result (_DEAD: the caller does it). While it is not
        there, this process does the next piece of the queue itself, or
        waits for the workers while they still hold pieces."""
        while True:
            if k in self.mine:
                return self.mine.pop(k)
            self._hear(wait=False)
            if k in self.ready:
                return self._fetch(k)
            j = self._take()
            if j is None:  # every piece is taken: wait for k, or for the end of the workers
                while k not in self.ready and self.live:
                    self._hear(wait=True)
                return self._fetch(k) if k in self.ready else _DEAD
            got = self.work(self.chunks[j])
            if j == k:
                return got
            self.mine[j] = got

    def close(self) -> None:
        """Stop the workers (killed: pieces may be left) and reap them."""
        for fd in (self.queue, *self.live, *self.files):
            try:
                os.close(fd)
            except OSError:
                pass
        self.live.clear()
        for pid in self.workers:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass


def _memory_file() -> int:
    """A file descriptor of a file in memory (Linux's memfd), or of a
    temporary file already unlinked."""
    try:
        return os.memfd_create("claimcheck-piece", getattr(os, "MFD_CLOEXEC", 0))
    except (AttributeError, OSError):
        import tempfile

        f = tempfile.TemporaryFile()
        fd = os.dup(f.fileno())
        f.close()
        return fd


_INDEX = struct.Struct("<I")
_WHERE = struct.Struct("<IqQ")


class Standby:
    """One worker forked early, while this process is still small, that does
    ``work(item)`` later for items sent to it (:meth:`send`), while this
    process does other work. Where the items are small beside what this
    process holds by then (a large base), this costs less than a worker
    forked late, which would copy every page it writes to, and the worker's
    memory stays small. The items and the results pass through files in
    memory (memfd), so neither side ever waits for the other to read; a
    pipe each way says when they are there. A worker that failed or died
    gives no results: the caller does the work itself."""

    def __init__(self, work: Callable[[Any], Any]) -> None:
        self.pid = 0
        self.fds: list[int] = []
        self.sent = False
        try:
            self.items, self.out = _memory_file(), _memory_file()
            self.fds += [self.items, self.out]
            go_r, go_w = os.pipe()
            done_r, done_w = os.pipe()
            self.fds += [go_r, go_w, done_r, done_w]
            parent = os.getpid()
            pid = os.fork()
        except OSError:
            self.close()
            return
        if pid == 0:  # the worker: never returns
            code = 1
            try:
                for fd in (go_w, done_r):
                    os.close(fd)
                _worker_start(parent)
                head = _read_exactly(go_r, _FRAME.size)
                if head is not None:  # else this process ended it unused
                    (size,) = _FRAME.unpack(head)
                    results = []
                    for item in _frames(self.items, size):
                        try:
                            results.append((True, work(item)))
                        except Exception:
                            results.append((False, None))
                    blob = pickle.dumps(results, protocol=pickle.HIGHEST_PROTOCOL)
                    _write_all(self.out, blob)
                    os.write(done_w, _FRAME.pack(len(blob)))
                code = 0
            finally:
                os._exit(code)
        self.pid = pid
        for fd in (go_r, done_w):
            os.close(fd)
            self.fds.remove(fd)
        self.go, self.done = go_w, done_r

    @property
    def ready(self) -> bool:
        return self.pid != 0 and not self.sent

    def send(self, items: list) -> None:
        """Give the worker its items (once); it starts at once."""
        frames = []
        for item in items:
            frame = pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)
            frames += [_FRAME.pack(len(frame)), frame]
        blob = b"".join(frames)
        _write_all(self.items, blob)
        os.write(self.go, _FRAME.pack(len(blob)))
        self.sent = True

    def results(self) -> list[tuple[bool, Any]] | None:
        """(done, result) of each item sent, in order, once the worker is
        through (waiting for it); None if it died. ``done`` is False where
        its work raised."""
        head = _read_exactly(self.done, _FRAME.size)
        if head is None:
            return None
        (size,) = _FRAME.unpack(head)
        blob = os.pread(self.out, size, 0) if size else b""
        if len(blob) < size:
            return None
        try:
            return pickle.loads(blob)  # written by a process this one forked
        except Exception:
            return None

    def close(self) -> None:
        for fd in self.fds:
            try:
                os.close(fd)
            except OSError:
                pass
        self.fds = []
        if self.pid:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            try:
                os.waitpid(self.pid, 0)
            except ChildProcessError:
                pass
            self.pid = 0


def _read_exactly(fd: int, n: int) -> bytes | None:
    got = b""
    while len(got) < n:
        more = os.read(fd, n - len(got))
        if not more:
            return None
        got += more
    return got


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _frames(fd: int, size: int) -> Iterator[Any]:
    """The items a file in memory holds: length-prefixed pickles, from a
    process that forked this one."""
    at = 0
    while at < size:
        (n,) = _FRAME.unpack(os.pread(fd, _FRAME.size, at))
        at += _FRAME.size
        yield pickle.loads(os.pread(fd, n, at))
        at += n


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
        parent = os.getpid()
        r, w = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(r)
            os.close(w)
            raise
        if pid == 0:  # the worker: never returns
            code = 1
            try:
                for fd in (r, *inherited):  # the other workers' pipes are not this one's
                    os.close(fd)
                _worker_start(parent)
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
    for w in workers:
        w.stop(kill)
