"""Reading every file of a base into the model, with each file's own problems.

:func:`read_base` reads ``sources.yaml`` and the claim files (in worker
processes for a large base: :mod:`.parallel`), checks the shape of every
record (:mod:`claimcheck.rules.records`), places each problem at its line and
column, and builds the model (:mod:`.build`). The checks between records come
after, in :func:`claimcheck.base.open_base`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from ..diagnostics import Diagnostic
from ..model import Base
from ..rules.records import Problem, check_claims_file, check_sources_file
from . import fast, parallel
from .build import build_claims, build_sources
from .fast import FastFile, read_fast_bytes
from .find import CLAIMS_DIR, SOURCES_FILE, YAML_SUFFIXES, iter_claim_files
from .strict import LoadedFile, load_bytes


def place(lf: LoadedFile, problems: list[Problem]) -> list[Diagnostic]:
    """The problems of one file as diagnostics at their lines and columns."""
    out = []
    for pr in problems:
        line, col, eline, ecol = lf.locate(pr.pointer, pr.target)
        out.append(Diagnostic(lf.rel, line, col, pr.code, pr.message, pr.severity, eline, ecol))
    return out


def read_base(base: Base, *, reader=None, extra_files: dict[str, bytes] | None = None) -> None:
    """Read every file of ``base.root`` into ``base``: files, model, and each
    file's own diagnostics. ``extra_files`` (relative name -> bytes) replace or
    add files in memory; ``reader`` replaces the file reader (tests)."""
    root = base.root
    custom_reader = reader
    reader = reader or fast.reader()
    diags = base.diagnostics
    extra = dict(extra_files or {})

    def read(path: Path, rel: str) -> LoadedFile:
        if rel in extra:
            return load_bytes(extra.pop(rel), rel, path)
        return reader(path, rel)

    src = read(root / SOURCES_FILE, SOURCES_FILE)
    base.files.append(src)
    diags.extend(src.diagnostics)
    if src.data is not None:
        diags.extend(place(src, check_sources_file(src.data)))
        build_sources(base, src)

    listed = []
    for path, rel, problem in iter_claim_files(root):
        if problem is not None:
            diags.append(problem)
            continue
        listed.append((path, rel))
    on_disk = {rel for _, rel in listed}
    for rel in sorted(extra):
        if rel.startswith(CLAIMS_DIR + "/") and rel.endswith(YAML_SUFFIXES) and rel not in on_disk:
            listed.append((root / rel, rel))
    listed.sort(key=lambda t: t[1])
    ahead = _read_ahead(listed, extra) if custom_reader is None else None
    try:
        for path, rel in listed:
            got = next(ahead) if ahead is not None else None
            if got is not None:  # read and checked by a worker
                lf = FastFile(path=path, rel=rel, data=got[0])
                problems = got[1]
            else:
                lf = read(path, rel)
                problems = None if lf.data is None else check_claims_file(lf.data)
            base.files.append(lf)
            diags.extend(lf.diagnostics)
            if lf.data is None:
                continue
            if problems:
                diags.extend(place(lf, problems))
            build_claims(base, lf)
    finally:
        if ahead is not None:
            ahead.close()  # the workers are done (or not needed): stop them before the checks run


def _read_ahead(listed: list[tuple[Path, str]], extra: dict[str, bytes]):
    """Workers reading the claims files ahead of the loop that builds the
    model, where the base is large enough; None for a serial read. Files given
    in memory are left to the loop."""
    if fast.reader() is not fast.read_fast:  # strict loader forced, or no yaml_rs
        return None
    paths: list[Path | None] = []
    total = 0
    for path, rel in listed:
        if rel in extra:
            paths.append(None)
            continue
        paths.append(path)
        try:
            total += path.stat().st_size
        except OSError:
            pass
    n = parallel.jobs(total, len(listed))
    return parallel.read_ahead(paths, n) if n > 1 else None


# --- a base from files read elsewhere -----------------------------------------
# Reading a file (its syntax, the shape of its records) depends on its name and
# bytes only, so one reading can serve several bases: ``claimcheck diff``
# builds the two sides of a change from one reading of the files they share,
# and files of a git revision come as bytes, not from a folder.


@dataclass(slots=True)
class FileRead:
    """One file as read and checked on its own: the loaded file and its own
    diagnostics (reading problems, then the shape problems of its records,
    placed). Not changed by building a base from it, so bases may share it."""

    lf: LoadedFile
    diagnostics: list[Diagnostic]


def file_read(lf: LoadedFile, problems: list[Problem] | None = None) -> FileRead:
    """``lf`` with its own diagnostics; ``problems``: its shape problems where
    already found (a worker process checked it), else they are found here."""
    diags = list(lf.diagnostics)
    if lf.data is not None:
        if problems is None:
            problems = (check_sources_file if lf.rel == SOURCES_FILE else check_claims_file)(lf.data)
        if problems:
            diags.extend(place(lf, problems))
    return FileRead(lf, diags)


def read_bytes(raw: bytes, rel: str, path: Path) -> FileRead:
    """One file given as bytes (``rel`` decides whether it is read as
    sources.yaml or a claims file; ``path`` is where it would be on disk, kept
    for messages only: positions are found in ``raw``)."""
    if fast.reader() is fast.read_fast:
        lf = read_fast_bytes(raw, rel, path)
    else:
        lf = load_bytes(raw, rel, path)
    return file_read(lf)


def read_disk_file(path: Path, rel: str) -> FileRead:
    """One file read from disk as :func:`read_base` reads it."""
    return file_read(fast.reader()(path, rel))


def read_disk_files(listed: list[tuple[Path, str]]) -> Iterator[FileRead]:
    """The files ``listed`` ((path, relative name), in order) read from disk
    as :func:`read_base` reads claims files: ahead by worker processes where
    they are large enough in all."""
    reader = fast.reader()
    ahead = _read_ahead(listed, {})
    try:
        for path, rel in listed:
            got = next(ahead) if ahead is not None else None
            if got is not None:
                yield file_read(FastFile(path=path, rel=rel, data=got[0]), got[1])
            else:
                yield file_read(reader(path, rel))
    finally:
        if ahead is not None:
            ahead.close()


def build_base(base: Base, sources: FileRead, claims: Iterable[FileRead],
               problems: Iterable[Diagnostic] = ()) -> None:
    """Fill ``base`` (files, model, each file's own diagnostics) from files
    already read, as :func:`read_base` does from its folder: ``sources``, then
    ``problems`` (files that could not be listed), then ``claims`` in the
    order given (sorted by name, as the loader lists them)."""
    diags = base.diagnostics
    base.files.append(sources.lf)
    diags.extend(sources.diagnostics)
    if sources.lf.data is not None:
        build_sources(base, sources.lf)
    diags.extend(problems)
    for fr in claims:
        base.files.append(fr.lf)
        diags.extend(fr.diagnostics)
        if fr.lf.data is not None:
            build_claims(base, fr.lf)
