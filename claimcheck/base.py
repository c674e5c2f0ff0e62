"""Opening a claim base: every file read and checked, the model built, and
every check between records run.

``open_base(root)`` is what every command starts with. Each problem lands in
``base.diagnostics`` with its file, line and column (a warning that a claim
acknowledges with ``ignore:`` in ``base.ignored`` instead); nothing here
raises on bad input. Commands that answer questions use the same base and may warn
that it has errors.
"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Iterable

from .diagnostics import Diagnostic
from .load.read import FileRead, build_base, read_base
from .model import Base
from .rules.ignore import set_aside_ignored
from .rules.run import check_base
from .xref.evidence import EVIDENCE_WANTED, EvidenceNeed

#: Bases with at least this many claim records are moved out of the garbage
#: collector's sight once built (gc.freeze).
FREEZE_AT = 5000


def open_base(root: Path, *, reader=None, extra_files: dict[str, bytes] | None = None,
              evidence: EvidenceNeed | None = None) -> Base:
    """Read and check the whole base. ``extra_files`` (relative name -> bytes)
    replace or add files in memory: authoring checks a new record together
    with the base before anything is written. ``evidence`` ("status" or
    "ids") says the caller will ask for every claim's computed evidence
    (with the id lists, or the status and counts only): the CC505 check then
    computes it once for both (:func:`claimcheck.xref.compute_evidence` finds
    it in ``base.memo``).

    The cyclic garbage collector is paused while the base is built (millions
    of acyclic objects made it rescan the growing heap: a third of the time
    of validate on 100,000 claims); a large base is then frozen out of later
    collections (gc.freeze), since it lives as long as the command."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        base = Base(root=root)
        if evidence is not None:
            base.memo[EVIDENCE_WANTED] = evidence
        read_base(base, reader=reader, extra_files=extra_files)
        base.diagnostics.extend(check_base(base))
        base.diagnostics.sort(key=lambda d: d.sort_key)
        set_aside_ignored(base)
    finally:
        if was_enabled:
            gc.enable()
    if len(base.claim_records) >= FREEZE_AT:
        gc.freeze()
    return base


def open_files(root: Path, sources: FileRead, claims: Iterable[FileRead], *, problems: Iterable[Diagnostic] = (),
               check: bool = True) -> Base:
    """A base built from files already read (:mod:`claimcheck.load.read`:
    the files of a git revision, or files shared with another base), then
    checked as :func:`open_base` checks one; ``check=False`` builds the model
    only (its diagnostics are then each file's own). The garbage collector is
    handled as in :func:`open_base`."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        base = Base(root=root)
        build_base(base, sources, claims, problems)
        if check:
            base.diagnostics.extend(check_base(base))
        base.diagnostics.sort(key=lambda d: d.sort_key)
    finally:
        if was_enabled:
            gc.enable()
    if len(base.claim_records) >= FREEZE_AT:
        gc.freeze()
    return base
