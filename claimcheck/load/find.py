"""Where a claim base is and which files it holds.

The base is ``--root``, else ``$CLAIMCHECK_ROOT``, else the nearest folder at
or above the working directory holding ``sources.yaml``; its claim files are
``claims/**/*.yaml`` (and ``.yml``), sorted, hidden files and folders left out,
symlinks that loop or lead out of the base refused (CC111), never followed.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Iterator

from ..diagnostics import Diagnostic

SOURCES_FILE = "sources.yaml"
CLAIMS_DIR = "claims"
YAML_SUFFIXES = (".yaml", ".yml")
ENV_ROOT = "CLAIMCHECK_ROOT"


class NoBase(Exception):
    """No claim base where one was looked for (exit 2)."""


def find_root(option: str | os.PathLike | None = None, cwd: Path | None = None) -> Path:
    """``--root``, else ``$CLAIMCHECK_ROOT``, else the nearest folder at or above
    the working directory that holds ``sources.yaml``."""
    given = option if option is not None else os.environ.get(ENV_ROOT) or None
    if given is not None:
        root = Path(given).expanduser()
        where = "--root" if option is not None else f"${ENV_ROOT}"
        if not root.is_dir():
            raise NoBase(f"{where} {str(given)!r} is not a folder")
        if not (root / SOURCES_FILE).is_file():
            raise NoBase(f"{where} {str(given)!r} holds no {SOURCES_FILE}: not a claim base (create one with 'claimcheck init')")
        return root.resolve()
    here = (cwd or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / SOURCES_FILE).is_file():
            return folder
    raise NoBase(
        f"no claim base found: no {SOURCES_FILE} in {str(here)!r} or any folder above it; "
        f"give --root DIR, set ${ENV_ROOT}, or create one with 'claimcheck init'"
    )


def iter_claim_files(root: Path) -> Iterator[tuple[Path, str, Diagnostic | None]]:
    """Yield (path, relative name, problem) for each YAML file under claims/,
    sorted. Symlinks that loop or lead out of the base are refused, not followed."""
    cdir = root / CLAIMS_DIR
    if not cdir.is_dir():
        return
    root_real = root.resolve()
    if cdir.is_symlink():
        problem = _symlink_problem(cdir, root_real, CLAIMS_DIR)
        if problem is not None:
            yield cdir, CLAIMS_DIR, problem
            return
    out: list[tuple[Path, str, Diagnostic | None]] = []
    for dirpath, dirnames, filenames in os.walk(cdir, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        base = Path(dirpath)
        for d in list(dirnames):
            p = base / d
            if p.is_symlink():
                dirnames.remove(d)
                rel = _rel_name(p, root)
                problem = _symlink_problem(p, root_real, rel)
                out.append((p, rel, problem or Diagnostic(rel, 1, 1, "CC111", "symlinked folder not followed: move the files into claims/")))
        for name in filenames:
            if name.startswith(".") or not name.endswith(YAML_SUFFIXES):
                continue
            p = base / name
            rel = _rel_name(p, root)
            problem = _symlink_problem(p, root_real, rel) if p.is_symlink() else None
            out.append((p, rel, problem))
    out.sort(key=lambda t: t[1])
    yield from out


def _rel_name(p: Path, root: Path) -> str:
    """The name shown in diagnostics. A file name that is not valid UTF-8
    (held by Python as lone surrogates) is shown with ``\\xff`` escapes, so
    JSON, SARIF and the terminal can always encode it."""
    rel = p.relative_to(root).as_posix()
    try:
        rel.encode("utf-8")
    except UnicodeEncodeError:
        rel = rel.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return rel


def _symlink_problem(p: Path, root_real: Path, rel: str) -> Diagnostic | None:
    try:
        target = p.resolve(strict=True)
    except (OSError, RuntimeError):
        return Diagnostic(rel, 1, 1, "CC111", "symlink loops or leads nowhere: refused, not followed")
    if not target.is_relative_to(root_real):
        return Diagnostic(rel, 1, 1, "CC111", "symlink leads out of the claim base: refused, not followed")
    return None




def repository_root(root: Path, environ=os.environ) -> Path | None:
    """The top of the repository that holds the base: ``$GITHUB_WORKSPACE``
    when the base lies inside it (a GitHub Actions run), else what
    ``git rev-parse --show-toplevel`` answers in the base's folder; None
    outside a repository or without git."""
    real = Path(root).resolve()
    workspace = environ.get("GITHUB_WORKSPACE")
    if workspace:
        ws = Path(workspace).resolve()
        if real == ws or real.is_relative_to(ws):
            return ws
    try:
        out = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=real, capture_output=True, text=True,
                             timeout=10, env={**environ, "GIT_OPTIONAL_LOCKS": "0"})
    except (OSError, subprocess.SubprocessError):
        return None
    top = out.stdout.strip()
    if out.returncode != 0 or not top:
        return None
    top_path = Path(top).resolve()
    return top_path if real == top_path or real.is_relative_to(top_path) else None
