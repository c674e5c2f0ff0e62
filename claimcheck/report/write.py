"""Writing the report folder atomically: every page is written into a new
folder beside the target, which then takes the target's place in one step,
so a run that fails (or is killed) leaves the previous report as it was.

A folder is recognised as a previous report by the marker file
:data:`MARKER` that every report holds (its first line is
:data:`MARKER_LINE`). Only such a folder, an empty one, or none at all is
replaced, unless ``force``; and never, even with ``force``, a folder that
holds the claim base, the working directory or the home folder.

On Linux the swap is one ``renameat2(RENAME_EXCHANGE)``: the target always
names either the old report or the new one. Elsewhere, two renames: for an
instant the target names nothing, and if the second rename fails the first
is undone.
"""

from __future__ import annotations

import errno
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Iterable

from ..write.safe import umask

MARKER = ".claimcheck-report"
MARKER_LINE = "claimcheck report"
TEMP_SUFFIX = ".claimcheck-tmp"


class OutputRefused(Exception):
    """The output folder may not be written: ``str(e)`` says why, in one line."""


def is_report(folder: Path) -> bool:
    """Does ``folder`` hold a report claimcheck wrote (its marker file)?"""
    try:
        with open(Path(folder) / MARKER, encoding="utf-8", errors="replace") as f:
            return f.readline().strip() == MARKER_LINE
    except OSError:
        return False


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def check_output(out: Path, *, force: bool = False, keep: Iterable[Path] = ()) -> None:
    """Raise :class:`OutputRefused` unless ``out`` may become the report
    folder. ``keep``: folders the report must never replace, nor any folder
    holding one of them (the claim base)."""
    out = Path(out)
    if out.is_symlink():
        raise OutputRefused(f"{str(out)!r} is a symbolic link; give the folder itself")
    if out.exists() and not out.is_dir():
        raise OutputRefused(f"{str(out)!r} exists and is not a folder")
    parent = out.absolute().parent
    if not parent.is_dir():
        raise OutputRefused(f"folder {str(parent)!r} does not exist")
    real = out.resolve()
    for k in (*keep, Path.cwd(), Path.home()):
        try:
            k = Path(k).resolve()
        except (OSError, RuntimeError):
            continue
        if _inside(k, real):
            raise OutputRefused(f"{str(out)!r} holds {str(k)!r}; the report needs a folder of its own")
    if out.is_dir() and not force and not is_report(out) and any(out.iterdir()):
        raise OutputRefused(f"{str(out)!r} is not a claimcheck report (it has no {MARKER} file) and is not empty; "
                            "choose another folder, or --force to replace it and all it holds")


def write_site(out: Path, files: Iterable[tuple[str, bytes]], *, force: bool = False,
               keep: Iterable[Path] = ()) -> int:
    """Write ``files`` (relative path, content) as the folder ``out``,
    replacing a previous report there; returns how many files were written.
    Checks ``out`` before writing (:func:`check_output`) and again before
    the swap. On any error nothing at ``out`` has changed."""
    out = Path(out)
    keep = list(keep)
    check_output(out, force=force, keep=keep)
    parent = out.absolute().parent
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=TEMP_SUFFIX, dir=parent))
    try:
        made: set[Path] = {tmp}
        n = 0
        for rel, data in files:
            p = tmp / _relative(rel)
            if p.parent not in made:
                p.parent.mkdir(parents=True, exist_ok=True)
                made.add(p.parent)
            p.write_bytes(data)
            n += 1
        from .. import __version__

        (tmp / MARKER).write_text(f"{MARKER_LINE}\nclaimcheck {__version__}: this folder is replaced whole by the "
                                  "next 'claimcheck report' written here\n", encoding="utf-8")
        os.chmod(tmp, 0o777 & ~umask())  # mkdtemp's folder is private (0700); a report is read by others
        check_output(out, force=force, keep=keep)  # the folder may have changed while the pages were written
        _swap(tmp, out)
    finally:
        if tmp.exists():  # the new folder after a failure, or the old report after an exchange
            shutil.rmtree(tmp, ignore_errors=True)
    return n


def _relative(rel: str) -> Path:
    p = Path(rel)
    if p.is_absolute() or not p.parts or any(part in ("", ".", "..") for part in p.parts):
        raise ValueError(f"not a relative page path: {rel!r}")
    return p


def _swap(new: Path, out: Path) -> None:
    """Put ``new`` at ``out``; a previous folder at ``out`` ends up at
    ``new`` (and is removed by the caller) or is removed here."""
    if not out.exists() or (out.is_dir() and not any(out.iterdir())):
        os.replace(new, out)  # no folder, or an empty one: replaced in one step
        return
    if _exchange(new, out):
        return
    old = new.with_name(new.name + ".old")
    os.rename(out, old)
    try:
        os.rename(new, out)
    except BaseException:
        os.rename(old, out)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders atomically (Linux renameat2 RENAME_EXCHANGE);
    False where the system or the file system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return False
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    fn.restype = ctypes.c_int
    at_fdcwd, rename_exchange = -100, 2
    if fn(at_fdcwd, os.fsencode(str(a)), at_fdcwd, os.fsencode(str(b)), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(b))
