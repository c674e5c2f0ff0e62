"""Writing claim files without loss: atomic replacement, a base lock, change detection.

* :func:`atomic_write` writes a temporary file in the same folder (named
  ``.NAME.XXXX.tmp``: hidden, so the validator never reads it), flushes and
  fsyncs it, renames it over the original and fsyncs the folder. A process
  killed at any moment leaves the old file or the new one, never a torn or
  empty one. With ``expected=`` it first checks that the file on disk still
  holds the bytes the edit was computed from (:class:`ChangedOnDisk` if not),
  so a file changed between reading and writing is never overwritten blindly.
* :func:`base_lock` serialises writers of one claim base with ``fcntl.flock``
  on ``.claimcheck.lock`` in the base folder. The operating system releases a
  flock when its holder exits, however it exits (SIGKILL included), so a dead
  writer never leaves the base locked; the lock file itself is left in place
  (deleting it would let two writers lock two different files). A writer
  waits :data:`DEFAULT_LOCK_TIMEOUT` seconds, then gives up with
  :class:`LockTimeout` and a message that says so. The lock is re-entrant
  within one process (an importer may hold it around several edits).

flock needs a local file system; on network file systems that do not
support it the lock raises :class:`LockError` with the reason.

For the tests only, :func:`atomic_write` can stop itself between writing its
temporary file and renaming it (see :data:`MID_WRITE_ENV`), so that a test
kills a writer exactly mid-write instead of at a guessed moment.
"""

from __future__ import annotations

import hashlib
import os
import signal
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

DEFAULT_LOCK_TIMEOUT = 10.0  # seconds a writer waits for the base lock
LOCK_FILE = ".claimcheck.lock"
TEMP_SUFFIX = ".tmp"
_POLL = 0.05
# Test hook: when set to a file name, atomic_write appends "PID TEMPFILE" to that
# file once the temporary file is complete, then stops its process (SIGSTOP)
# until it is continued (SIGCONT) or killed. Unset, nothing happens.
MID_WRITE_ENV = "CLAIMCHECK_TEST_MID_WRITE"

_UNSET = object()


class WriteError(Exception):
    """A write that could not be done safely; the message says why."""


class LockError(WriteError):
    """The base lock could not be taken at all."""


class LockTimeout(LockError):
    """Another writer held the base lock for longer than the wait."""


class ChangedOnDisk(WriteError):
    """The file changed on disk after it was read; it was not overwritten."""

    def __init__(self, path: Path, message: str | None = None) -> None:
        self.path = Path(path)
        super().__init__(
            message
            or f"{self.path} changed on disk while claimcheck was editing it (another program wrote it); "
            "nothing was overwritten: run the command again"
        )


def digest(data: bytes | None) -> str | None:
    """Content hash used to detect a change between read and write."""
    return None if data is None else hashlib.sha256(data).hexdigest()


def read_snapshot(path: Path) -> bytes | None:
    """The file's bytes, or None if it does not exist."""
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        return None


def fsync_dir(folder: Path) -> None:
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
    try:
        fd = os.open(folder, flags)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot fsync a folder
    finally:
        os.close(fd)


def umask() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _check_unchanged(path: Path, expected: bytes | None) -> None:
    current = read_snapshot(path)
    if digest(current) != digest(expected):
        if expected is None:
            raise ChangedOnDisk(path, f"{path} appeared on disk while claimcheck was creating it; nothing was overwritten: run the command again")
        if current is None:
            raise ChangedOnDisk(path, f"{path} was deleted while claimcheck was editing it; nothing was written: run the command again")
        raise ChangedOnDisk(path)


def _mid_write(tmp: Path) -> None:
    """The test hook of :data:`MID_WRITE_ENV` (tests/test_cli_authoring_kill.py)."""
    note = os.environ.get(MID_WRITE_ENV)
    if note:
        with open(note, "a", encoding="utf-8") as f:
            f.write(f"{os.getpid()} {tmp}\n")
        os.kill(os.getpid(), signal.SIGSTOP)


def atomic_write(path: Path, data: bytes, *, expected=_UNSET) -> None:
    """Replace (or create) ``path`` with ``data`` atomically and durably.

    ``expected``: the bytes the new content was computed from (None: the file
    must not exist yet). If the file on disk no longer holds them,
    :class:`ChangedOnDisk` is raised and nothing is written. An existing
    file's permission bits are kept; a new file gets the usual ``0666 & ~umask``.
    """
    path = Path(path)
    folder = path.parent
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=folder)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        try:
            mode = path.stat().st_mode & 0o7777
        except FileNotFoundError:
            mode = 0o666 & ~umask()
        os.chmod(tmp, mode)
        if expected is not _UNSET:
            _check_unchanged(path, expected)
        _mid_write(tmp)
        if expected is None:
            # Create without ever clobbering: link() fails if the name exists.
            try:
                os.link(tmp, path)
            except FileExistsError:
                raise ChangedOnDisk(path, f"{path} appeared on disk while claimcheck was creating it; nothing was overwritten: run the command again") from None
            except OSError:
                os.replace(tmp, path)  # no hard links on this file system
            else:
                tmp.unlink()
        else:
            os.replace(tmp, path)
    except BaseException:
        try:
            tmp.unlink()
        except FileNotFoundError:
            pass
        raise
    fsync_dir(folder)


def remove_stale_temps(folder: Path) -> int:
    """Remove temporary files a killed writer left in ``folder``. Call only
    while holding the base lock (no live writer then owns one)."""
    n = 0
    try:
        entries = list(Path(folder).iterdir())
    except OSError:
        return 0
    for p in entries:
        name = p.name
        if name.startswith(".") and name.endswith(TEMP_SUFFIX) and name.count(".") >= 3 and p.is_file():
            try:
                p.unlink()
                n += 1
            except OSError:
                pass
    return n


# --- the base lock ---------------------------------------------------------

_held: dict[tuple[str, int], int] = {}  # (resolved root, thread) -> depth
_held_guard = threading.Lock()


def _holder_pid(lock_path: Path) -> str:
    try:
        text = lock_path.read_text(encoding="ascii", errors="replace").strip()
    except OSError:
        return ""
    return text if text.isdigit() else ""


@contextmanager
def base_lock(root: Path, timeout: float = DEFAULT_LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the claim base's write lock for the ``with`` block.

    Waits up to ``timeout`` seconds for another writer, then raises
    :class:`LockTimeout`. Re-entrant within one process.
    """
    import fcntl

    root = Path(root)
    key = (str(root.resolve()), threading.get_ident())
    with _held_guard:
        if _held.get(key):
            _held[key] += 1
            reentered = True
        else:
            reentered = False
    if reentered:
        try:
            yield
        finally:
            with _held_guard:
                _held[key] -= 1
        return

    lock_path = root / LOCK_FILE
    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as e:
        raise LockError(f"cannot open the lock file {lock_path}: {e.strerror}") from None
    try:
        deadline = time.monotonic() + max(0.0, timeout)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    pid = _holder_pid(lock_path)
                    who = f" (pid {pid})" if pid else ""
                    raise LockTimeout(
                        f"the claim base {root} is locked by another claimcheck writer{who}; "
                        f"gave up after waiting {timeout:g} s. Try again, or wait longer with --lock-timeout SECONDS"
                    ) from None
                time.sleep(_POLL)
            except OSError as e:
                raise LockError(f"cannot lock {lock_path}: {e.strerror} (flock needs a local file system)") from None
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        except OSError:
            pass  # the pid is only informative
        with _held_guard:
            _held[key] = 1
        try:
            yield
        finally:
            with _held_guard:
                _held.pop(key, None)
            try:
                fcntl.flock(fd, fcntl.LOCK_UN)
            except OSError:
                pass
    finally:
        os.close(fd)
