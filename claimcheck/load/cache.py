"""The persistent cache: what reading and checking each file produced, kept
on disk between runs, so an unchanged file is not parsed again.

Where: ``$CLAIMCHECK_CACHE_DIR`` if set, else ``$XDG_CACHE_HOME/claimcheck``,
else ``~/.cache/claimcheck``; never inside a claim base, so a cloned
repository cannot bring entries of its own. The folder must belong to the
user running claimcheck and be writable by no one else, or it is not used
(:func:`open_store` says why).

What: one entry per file result (:mod:`.entry`) and per checked base
(:mod:`claimcheck.cache`), each named by its key: a SHA-256 of everything
that decides the result (:func:`version_salt`: claimcheck's version and the
text of its own modules, Python's version, the YAML parsers installed, which
parser reads, the cache format; then the file's name and exact bytes).

How it is kept safe:

* an entry is JSON, read back with :func:`json.loads` and every field's type
  checked; nothing in it is ever run (no pickle, no marshal);
* an entry starts with a header line naming the format, its kind, its key,
  and the SHA-256 and length of the rest: anything truncated, changed,
  foreign, of another version or named by another key is a miss, never an
  error;
* an entry is written to a temporary file in the same folder and renamed
  into place (atomic): a concurrent run reads the old entry, the new one or
  none, never half of one;
* the folder is bounded (:data:`DEFAULT_MAX_MB`, or
  ``$CLAIMCHECK_CACHE_MAX_MB``): after a run that wrote entries, the entries
  least recently used are deleted until the cache holds at most 80% of the
  bound (reading an entry marks it used).
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import stat
import sys
import time
from pathlib import Path
from typing import Any

from .. import __version__

ENV_DIR = "CLAIMCHECK_CACHE_DIR"
ENV_MAX_MB = "CLAIMCHECK_CACHE_MAX_MB"
#: The cache's size bound by default, in MB (a 100,000-claim base takes about 50).
DEFAULT_MAX_MB = 512
#: The format of entries: a new one changes every key (old entries age out).
FORMAT = 1
#: Entries larger than this are not read (no entry claimcheck writes comes near).
MAX_ENTRY_BYTES = 1 << 30
#: An entry read is marked used (its time set) at most this often, in seconds.
TOUCH_AFTER = 600
#: Temporary files older than this (a run killed while writing) are removed by the next trim.
STALE_TEMP = 3600

_MAGIC = "claimcheck-cache"
#: In each format's folder: what makes :meth:`Store.trim` delete anything there.
MARKER = ".claimcheck-cache"
_CACHEDIR_TAG = ("Signature: 8a477f597d28d172789f06886806bc55\n"
                 "# This folder is a cache of claimcheck's (https://bford.info/cachedir/).\n")


def default_folder(environ=os.environ) -> Path:
    given = environ.get(ENV_DIR)
    if given:
        return Path(given).expanduser()
    xdg = environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "claimcheck"
    return Path.home() / ".cache" / "claimcheck"


def max_bytes(environ=os.environ) -> int:
    """The bound in bytes: ``$CLAIMCHECK_CACHE_MAX_MB`` where it is a finite
    number of megabytes (negative: 0), else the default."""
    try:
        mb = float(environ.get(ENV_MAX_MB, "") or DEFAULT_MAX_MB)
    except ValueError:
        mb = DEFAULT_MAX_MB
    if not math.isfinite(mb):
        mb = DEFAULT_MAX_MB
    return max(0, int(mb * 1024 * 1024))


class Store:
    """A cache folder: entries by kind and key (hexadecimal SHA-256)."""

    def __init__(self, folder: Path, limit: int) -> None:
        self.folder = folder
        self.root = folder / f"v{FORMAT}"
        self.limit = limit
        self.written = 0
        self.salt = version_salt()
        self._marked = False

    def _mark(self) -> None:
        """Create the format's folder with its marker: :meth:`trim` deletes
        only in folders that hold one (never in a folder of the user's that
        happens to be named like one of ours)."""
        self.root.mkdir(parents=True, exist_ok=True, mode=0o700)
        marker = self.root / MARKER
        if not marker.exists():
            os.close(os.open(marker, os.O_WRONLY | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600))
        self._marked = True

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / (key + ".json")

    def get(self, kind: str, key: str, *, text: bool = False) -> Any | None:
        """The JSON value stored under ``key``, or None (a miss: absent,
        unreadable, truncated, corrupt, or not this kind and key). ``text``:
        the payload is text, returned as it was stored (:meth:`put` with
        ``text=True``), never parsed."""
        path = self._path(key)
        try:
            with open(path, "rb") as fh:
                st = os.fstat(fh.fileno())
                if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_ENTRY_BYTES:
                    return None
                raw = fh.read()
        except OSError:
            return None
        value = _unwrap(raw, kind, key, text)
        if value is not None and time.time() - st.st_mtime > TOUCH_AFTER:
            try:
                os.utime(path)
            except OSError:
                pass
        return value

    def put(self, kind: str, key: str, payload: str, *, text: bool = False) -> None:
        """Store ``payload`` (JSON text; any text with ``text=True``) under
        ``key``: written to a temporary file, then renamed into place.
        Failures are ignored (a cache that cannot be written is a cache that
        misses)."""
        self.put_parts(kind, key, [payload.encode("utf-8", "surrogatepass" if text else "strict")], text=text)

    def put_parts(self, kind: str, key: str, parts: list[bytes], *, text: bool = False) -> None:
        """:meth:`put` of the payload whose UTF-8 bytes are ``parts`` joined
        (a large answer is kept as it was written, never joined in memory)."""
        path = self._path(key)
        digest = hashlib.sha256()
        length = 0
        for b in parts:
            digest.update(b)
            length += len(b)
        info = {_MAGIC: FORMAT, "kind": kind, "key": key, "length": length, "sha256": digest.hexdigest()}
        if text:
            info["text"] = True
        head = json.dumps(info, sort_keys=True).encode("ascii")
        tmp = path.parent / f".tmp-{os.getpid()}-{os.urandom(6).hex()}"
        try:
            if not self._marked:
                self._mark()
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(head + b"\n")
                    fh.writelines(parts)
                os.replace(tmp, path)
            except BaseException:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass
                raise
        except OSError:
            return
        self.written += len(head) + 1 + length

    def trim(self) -> None:
        """Delete the least recently used entries while the cache holds more
        than its bound, down to 80% of it; and temporary files left by runs
        that were killed. Entries of other formats live in other folders
        (``v<N>``), which are removed whole."""
        try:
            others = [p for p in self.folder.iterdir() if p.name != self.root.name and p.name.startswith("v")
                      and p.name[1:].isdigit() and p.is_dir() and not p.is_symlink() and (p / MARKER).is_file()]
        except OSError:
            others = []
        for old in others:
            _remove_tree(old)
        if not (self.root / MARKER).is_file():
            return
        entries: list[tuple[float, int, str]] = []
        total = 0
        now = time.time()
        try:
            subdirs = list(os.scandir(self.root))
        except OSError:
            return
        for sub in subdirs:
            if not sub.is_dir(follow_symlinks=False):
                continue
            try:
                files = list(os.scandir(sub.path))
            except OSError:
                continue
            for f in files:
                try:
                    st = f.stat(follow_symlinks=False)
                except OSError:
                    continue
                if f.name.startswith(".tmp-"):
                    if now - st.st_mtime > STALE_TEMP:
                        _unlink(f.path)
                    continue
                total += st.st_size
                entries.append((st.st_mtime, st.st_size, f.path))
        if total <= self.limit:
            return
        entries.sort()
        goal = self.limit * 0.8
        for _, size, path in entries:
            if total <= goal:
                break
            _unlink(path)
            total -= size


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _remove_tree(folder: Path) -> None:
    for dirpath, dirnames, filenames in os.walk(folder, topdown=False):
        for name in filenames:
            _unlink(os.path.join(dirpath, name))
        for name in dirnames:
            try:
                os.rmdir(os.path.join(dirpath, name))
            except OSError:
                pass
    try:
        os.rmdir(folder)
    except OSError:
        pass


def _unwrap(raw: bytes, kind: str, key: str, text: bool = False) -> Any | None:
    """The payload of an entry's bytes, or None where anything is off
    (``text``: the payload as text, where the entry says it holds text)."""
    nl = raw.find(b"\n")
    if nl < 0 or nl > 4096:
        return None
    try:
        head = json.loads(raw[:nl])
        body = raw[nl + 1:]
        if not (type(head) is dict and head.get(_MAGIC) == FORMAT and head.get("kind") == kind
                and head.get("key") == key and head.get("length") == len(body)
                and head.get("text", False) is text
                and head.get("sha256") == hashlib.sha256(body).hexdigest()):
            return None
        return body.decode("utf-8", "surrogatepass") if text else json.loads(body)
    except (ValueError, RecursionError):
        return None


def open_store(environ=os.environ) -> tuple[Store | None, str | None]:
    """The cache of this user: (store, None), or (None, why it is not used).
    The folder is created (mode 700) where it is missing; one that another
    user owns, or that others may write to, is not used: its entries could
    have been planted."""
    try:
        folder = default_folder(environ)
    except RuntimeError as e:  # no home folder to put it in (Path.home())
        return None, f"no cache folder: {e} (set CLAIMCHECK_CACHE_DIR)"
    try:
        new = not os.path.lexists(folder)
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        if new:  # ours: backup tools that honour CACHEDIR.TAG skip it
            (folder / "CACHEDIR.TAG").write_text(_CACHEDIR_TAG)
        st = os.stat(folder)
    except OSError as e:
        return None, f"cannot use the cache folder {str(folder)!r}: {e.strerror or e}"
    if not stat.S_ISDIR(st.st_mode):
        return None, f"the cache folder {str(folder)!r} is not a folder"
    geteuid = getattr(os, "geteuid", None)
    if geteuid is not None:
        if st.st_uid != geteuid():
            return None, f"the cache folder {str(folder)!r} belongs to another user: not used"
        if st.st_mode & 0o022:
            return None, f"the cache folder {str(folder)!r} is writable by other users: not used (chmod 700 it)"
    return Store(folder, max_bytes(environ)), None


# --- keys ---------------------------------------------------------------------

_SALT: str | None = None


def version_salt() -> str:
    """What every key starts from: the cache format, claimcheck's version
    and the bytes of its own modules (an edited claimcheck never reads the
    entries of another), Python's version, and the installed YAML parsers
    (each file of their packages by name, size and time)."""
    global _SALT
    if _SALT is not None:
        return _SALT
    h = hashlib.sha256()
    h.update(f"{_MAGIC} {FORMAT} claimcheck {__version__} {sys.implementation.name} {sys.version}\n".encode())
    pkg = Path(__file__).resolve().parents[1]
    for path in sorted(pkg.rglob("*.py")):
        try:
            data = path.read_bytes()
        except OSError:
            data = b"?"
        h.update(f"{path.relative_to(pkg).as_posix()} {len(data)}\n".encode())
        h.update(data)
    for name in ("yaml", "yaml_rs"):
        h.update(_package_stamp(name).encode())
    _SALT = h.hexdigest()
    return _SALT


def _package_stamp(name: str) -> str:
    import importlib.util

    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        spec = None
    if spec is None or not spec.origin:
        return f"{name}: absent\n"
    folder = os.path.dirname(spec.origin)
    out = [f"{name}: {folder}"]
    try:
        for entry in sorted(os.scandir(folder), key=lambda e: e.name):
            if entry.is_file():
                st = entry.stat()
                out.append(f"{entry.name} {st.st_size} {st.st_mtime_ns}")
    except OSError:
        pass
    return "\n".join(out) + "\n"


def key_of(*parts: str | bytes) -> str:
    """SHA-256 of the parts (each length-prefixed, so no two lists of parts
    give the same bytes)."""
    h = hashlib.sha256()
    for p in parts:
        b = p.encode("utf-8", "surrogateescape") if isinstance(p, str) else p
        h.update(f"{len(b)}:".encode())
        h.update(b)
    return h.hexdigest()
