"""Reading every file of a base into the model, with each file's own problems.

:func:`read_base` reads ``sources.yaml`` and the claim files (in worker
processes for a large base: :mod:`.parallel`), checks the shape of every
record (:mod:`claimcheck.rules.records`), notes each problem with the
pointer to its place (its line and column are found when it is printed),
and builds the model (:mod:`.build`). The checks between records come
after, in :func:`claimcheck.base.open_base`.
"""

from __future__ import annotations

from pathlib import Path

from ..diagnostics import Diagnostic
from ..model import Base
from ..rules.records import Problem, check_claims_file, check_sources_file
from . import fast, parallel
from .build import build_claims, build_sources
from .fast import FastFile
from .find import CLAIMS_DIR, SOURCES_FILE, YAML_SUFFIXES, iter_claim_files
from .strict import LoadedFile, load_bytes


def diagnostics_of(lf: LoadedFile, problems: list[Problem]) -> list[Diagnostic]:
    """The problems of one file as diagnostics, placed when printed."""
    rel = lf.rel
    return [Diagnostic.at_pointer(rel, pr.pointer, pr.code, pr.message, pr.severity, pr.target) for pr in problems]


def read_base(base: Base, *, reader=None, extra_files: dict[str, bytes] | None = None) -> None:
    """Read every file of ``base.root`` into ``base``: files, model, and each
    file's own diagnostics. ``extra_files`` (relative name -> bytes) replace or
    add files in memory; ``reader`` replaces the file reader (tests)."""
    root = base.root
    custom_reader = reader
    reader = reader or fast.reader()
    diags = base.findings
    extra = dict(extra_files or {})

    def read(path: Path, rel: str) -> LoadedFile:
        if rel in extra:
            return load_bytes(extra.pop(rel), rel, path)
        return reader(path, rel)

    src = read(root / SOURCES_FILE, SOURCES_FILE)
    base.files.append(src)
    diags.extend(src.diagnostics)
    if src.data is not None:
        diags.extend(diagnostics_of(src, check_sources_file(src.data)))
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
                diags.extend(diagnostics_of(lf, problems))
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
