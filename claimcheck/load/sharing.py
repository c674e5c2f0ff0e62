"""Sharing work on an open base with worker processes.

Once a large base is open, the work of a query on it often falls into
independent pieces: every claim's evidence, topic by topic; the reports of
``conflicts`` and their JSON; the JSON of many records. :func:`pieces`
shares such work with workers forked then (the base is in their memory; only
results travel back), handing the pieces out one at a time to whichever
process is free. ``validate`` places its diagnostics with a
:class:`Standby` worker forked before the base is read, while the process
is small (a worker forked later would count the base's pages as its own).
Linux only, as the reading workers (:mod:`.parallel`), whose rules
(``$CLAIMCHECK_JOBS``, the CPUs) decide how many processes share the work.
"""

from __future__ import annotations

import os
import pickle
import struct
import time
from typing import Any, Callable, Iterator

from .parallel import _kill, _reap, fork_worker, shares

#: :func:`pieces` splits its items into about this many pieces: small enough
#: that the processes finish together, large enough that each result is
#: worth its trip through a pipe.
PIECES = 48


def pieces(items: list, work: Callable[[list], Any], *, large: bool, serial: int = 0,
           own: Callable[[list], Any] | None = None, count: int = PIECES) -> Iterator[Any]:
    """``work(piece)`` for consecutive pieces of ``items`` (a list), in order,
    shared with forked workers where :func:`shares` allows (``large``: the
    work is worth it, see :data:`SHARE_CLAIMS`); else done by this process
    alone, on pieces of ``serial`` items (0: all at once).

    For work on a base already open: the workers see it in their memory
    (forked), and only each piece's result travels back (pickled), so
    ``work`` should return something small, such as text. The pieces are
    handed out in order, one at a time, to whichever process is free, this
    one included: a forked worker is slower than this process (each page of
    memory it touches is copied for it), so a fixed share would leave this
    one waiting. A piece whose worker failed or died is done here.

    ``own``: what this process does with a piece it takes (by default
    ``work``), where its own result can be used as it is (objects, not
    their pickle); the caller tells the two kinds of result apart.
    ``count``: about how many pieces (at most :data:`MAX_PIECES`)."""
    own = own or work
    count = max(1, min(count, MAX_PIECES))
    n = shares(min(count, len(items)), large)
    if n < 2:
        step = serial or len(items) or 1
        for i in range(0, len(items), step):
            yield own(items[i:i + step])
        return
    size = -(-len(items) // count)
    chunks = [items[i:i + size] for i in range(0, len(items), size)]
    shared = None
    try:
        shared = _Shared(chunks, min(n - 1, len(chunks) - 1), work, own)
        for k, chunk in enumerate(chunks):
            got = shared.result(k)
            yield own(chunk) if got is _DEAD else got
    finally:
        if shared is not None:
            shared.close()


#: At most this many pieces: their numbers are written to the queue in one
#: write of at most PIPE_BUF (4,096) bytes, which Linux keeps whole.
MAX_PIECES = 1024


#: Work on a base of at least this many claims (or a list of at least this
#: many records) is shared with workers (:func:`pieces`); below it, forking
#: costs what it saves (about 3 MiB of claims files: :data:`MIN_BYTES`).
SHARE_CLAIMS = 10_000


class _Shared:
    """The workers of :func:`pieces`. A queue of piece numbers: a pipe that
    every process, this one included, reads four bytes at a time (the numbers
    are written in one write, so a read takes one whole number, the smallest
    left). Each worker writes its results to a file in memory of its own
    (memfd), never blocking, and says where each one is in a short message
    on a pipe of its own (written whole: shorter than PIPE_BUF)."""

    def __init__(self, chunks: list, n_workers: int, work: Callable[[list], Any],
                 own: Callable[[list], Any] | None = None) -> None:
        self.chunks = chunks
        self.work = work
        self.own = own or work
        self.mine: dict[int, Any] = {}  # results done here, not yet asked for
        self.longest = 0.0  # the longest piece done here, in seconds
        self.ready: dict[int, tuple[int, int, int]] = {}  # piece -> (file, offset, length) of a worker's result
        self.workers: list[int] = []
        self.files: list[int] = []
        self.live: dict[int, int] = {}  # message pipe -> its worker's file
        self.queue = -1
        try:
            r, w = os.pipe()
            os.write(w, b"".join(_INDEX.pack(k) for k in range(len(chunks))))  # at most PIPE_BUF: one atomic write
            os.close(w)  # an empty queue reads as its end
            self.queue = r
            for _ in range(n_workers):
                self._start()
        except OSError:  # no fork (or no file) here: this process does what the others have not taken
            pass
        except BaseException:  # Ctrl-C while the workers start: none is left behind
            self.close()
            raise

    def _start(self) -> None:
        out = _memory_file()
        self.files.append(out)
        pid, r, w = fork_worker(list(self.live))
        if pid == 0:  # the worker: never returns
            code = 1
            try:
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
        self.workers.append(pid)
        self.live[r] = out
        os.close(w)

    def _take(self) -> int | None:
        if self.queue < 0:  # no queue could be made: this process does every piece
            return None
        got = os.read(self.queue, _INDEX.size)
        return _INDEX.unpack(got)[0] if len(got) == _INDEX.size else None

    def _hear(self, wait: float = 0.0) -> None:
        """Read the workers' messages (waiting at most ``wait`` seconds for
        one); a pipe that ends is a worker that ended."""
        import select

        if not self.live:
            return
        poll = select.poll()  # not select.select: a descriptor may be numbered past FD_SETSIZE
        for fd in self.live:
            poll.register(fd, select.POLLIN)
        for fd, _ in poll.poll(int(wait * 1000)):
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
        got = _load(fd, size, at)
        _free(fd, at, size)  # the piece is read: its memory is not kept until the end
        return got

    def result(self, k: int) -> Any:
        """Piece ``k``'s result (_DEAD: the caller does it). While it is not
        there, this process does the next piece of the queue itself, or
        waits for the workers while they still hold pieces."""
        while True:
            if k in self.mine:
                return self.mine.pop(k)
            self._hear()
            if k in self.ready:
                return self._fetch(k)
            j = self._take()
            if j is None:  # every piece is taken: wait for k, or for the end of the workers
                limit = stall_limit(self.longest)
                since = time.monotonic()
                while k not in self.ready and self.live:
                    left = limit - (time.monotonic() - since)
                    if left <= 0:
                        return _DEAD  # a worker stalled on it (it may never end): done here
                    self._hear(wait=left)
                return self._fetch(k) if k in self.ready else _DEAD
            t = time.monotonic()
            got = self.own(self.chunks[j])
            self.longest = max(self.longest, time.monotonic() - t)
            if j == k:
                return got
            self.mine[j] = got

    def close(self) -> None:
        """Stop the workers (killed: pieces may be left) and reap them."""
        _kill(self.workers)
        for fd in (self.queue, *self.live, *self.files):
            if fd >= 0:
                try:
                    os.close(fd)
                except OSError:
                    pass
        self.live.clear()
        self.files = []
        self.queue = -1
        _reap(self.workers)
        self.workers = []


def _load(fd: int, size: int, at: int) -> Any:
    """The pickle of ``size`` bytes at ``at`` in a file in memory, written by
    a process this one forked; _DEAD where it is short or not one."""
    blob = _pread_all(fd, size, at)
    if blob is None:
        return _DEAD
    try:
        return pickle.loads(blob)
    except Exception:
        return _DEAD


def _pread_all(fd: int, size: int, at: int) -> bytes | None:
    """``size`` bytes of ``fd`` from ``at``; None if the file is shorter."""
    parts = []
    while size:
        got = os.pread(fd, size, at)
        if not got:
            return None
        parts.append(got)
        at += len(got)
        size -= len(got)
    return b"".join(parts)


def _free(fd: int, at: int, size: int) -> None:
    """Give back the memory of a part of a file in memory already read
    (Linux's fallocate, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE); where
    it cannot be done, the memory is given back when the file is closed."""
    global _LIBC
    if _LIBC is False:
        return
    try:
        if _LIBC is None:
            import ctypes

            _LIBC = ctypes.CDLL(None, use_errno=True)
            _LIBC.fallocate.argtypes = (ctypes.c_int, ctypes.c_int, ctypes.c_longlong, ctypes.c_longlong)
        _LIBC.fallocate(fd, 3, at, size)
    except Exception:
        _LIBC = False


_LIBC = None


def _memory_file() -> int:
    """A file descriptor of a file in memory (Linux's memfd). Raises OSError
    where there is none: the work is then done by this process alone (no
    pickle ever goes to disk)."""
    create = getattr(os, "memfd_create", None)
    if create is None:
        raise OSError("no memfd_create here")
    return create("claimcheck-piece", getattr(os, "MFD_CLOEXEC", 0))


#: A piece a worker holds longer than this many times the longest piece done
#: here, and at least STALL_SECONDS, after every other piece is done, is done
#: here too (a worker stalled on it, perhaps for ever, never holds the answer
#: back; what it sends later is not used).
STALL_TIMES = 4
STALL_SECONDS = 2.0


def stall_limit(own: float) -> float:
    """How long to wait for a worker's part, once this process has done its
    own (``own``: the longest it took here, in seconds)."""
    return max(STALL_SECONDS, STALL_TIMES * own)

#: A result that did not come: the piece is done here.
_DEAD = object()
#: The length that goes before each frame a :class:`Standby` is sent or sends.
_FRAME = struct.Struct("<Q")
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
            self.items = _memory_file()
            self.fds.append(self.items)
            self.out = _memory_file()
            self.fds.append(self.out)
            go_r, go_w = os.pipe()
            self.fds += [go_r, go_w]
            pid, done_r, done_w = fork_worker([go_w])
            self.fds += [done_r, done_w]
        except OSError:
            self.close()
            return
        except BaseException:  # Ctrl-C before the worker started
            self.close()
            raise
        if pid == 0:  # the worker: never returns
            code = 1
            try:
                head = _read_exactly(go_r, _FRAME.size)
                if head is not None:  # else no item came (the main process is killing it)
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

    def send(self, items: list) -> bool:
        """Give the worker its items (once); it starts at once. False where
        it cannot take them (it died, or the file in memory is full): the
        caller does the work itself."""
        self.sent = True
        size = 0
        try:
            for item in items:  # a frame at a time: the items (a large base's data) are never copied whole
                frame = pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)
                _write_all(self.items, _FRAME.pack(len(frame)))
                _write_all(self.items, frame)
                size += _FRAME.size + len(frame)
            os.write(self.go, _FRAME.pack(size))
        except OSError:  # BrokenPipeError: the worker is gone
            self.close()
            return False
        return True

    def results(self, timeout: float | None = None) -> list[tuple[bool, Any]] | None:
        """(done, result) of each item sent, in order, once the worker is
        through (waiting for it, ``timeout`` seconds at most); None if it
        died or stalls. ``done`` is False where its work raised."""
        import select

        if not self.pid:
            return None
        poll = select.poll()
        poll.register(self.done, select.POLLIN)
        if not poll.poll(None if timeout is None else int(timeout * 1000)):
            return None  # stalled: the caller does the work (the worker is killed on close)
        head = _read_exactly(self.done, _FRAME.size)
        if head is None:
            return None
        (size,) = _FRAME.unpack(head)
        got = _load(self.out, size, 0)
        return None if got is _DEAD else got

    def close(self) -> None:
        if self.pid:
            _kill([self.pid])
        for fd in self.fds:
            try:
                os.close(fd)
            except OSError:
                pass
        self.fds = []
        if self.pid:
            _reap([self.pid])
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
        (n,) = _FRAME.unpack(_pread_all(fd, _FRAME.size, at))
        at += _FRAME.size
        yield pickle.loads(_pread_all(fd, n, at))
        at += n
