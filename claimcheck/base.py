"""Opening a claim base: every file read and checked, the model built, and
every check between records run.

``open_base(root)`` is what every command starts with. Each problem lands in
``base.diagnostics`` with its file, line and column (found when first asked
for: a command that prints no diagnostic never computes one), a warning that
a claim acknowledges with ``ignore:`` in ``base.ignored`` instead; nothing here
raises on bad input. Commands that answer questions use the same base and may warn
that it has errors. With a cache (``store``), files whose bytes were read
before are not parsed again, and the checks between records of a base
unchanged since they ran are not run again (:mod:`claimcheck.cache`).
``check_root`` is what ``validate`` needs: the counts and every diagnostic.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import claimcheck

from . import cache as base_cache
from .diagnostics import Diagnostic
from .load.cache import Store
from .load.read import FileRead, Listing, Placing, build_base, read_base
from .model import Base
from .rules.dates import today
from .rules.ignore import set_aside_ignored
from .rules.run import check_base
from .xref.evidence import EVIDENCE_WANTED, EvidenceNeed

#: Bases with at least this many claim records are moved out of the garbage
#: collector's sight once built (gc.freeze).
FREEZE_AT = 5000

_LOOK = object()


def open_base(root: Path, *, reader=None, extra_files: dict[str, bytes] | None = None,
              evidence: EvidenceNeed | None = None, store: Store | None = None, listing: Listing | None = None,
              entry=_LOOK, keep: bool = True, early=None) -> Base:
    """Read and check the whole base. ``extra_files`` (relative name -> bytes)
    replace or add files in memory: authoring checks a new record together
    with the base before anything is written. ``evidence`` ("status" or
    "ids") says the caller will ask for every claim's computed evidence
    (with the id lists, or the status and counts only): the CC505 check then
    computes it once for both (:func:`claimcheck.xref.compute_evidence` finds
    it in ``base.memo``). ``store``: the cache (see the module docstring);
    ``listing`` and ``entry``: the files and the base's entry, where the
    caller has them already; ``keep=False``: the caller keeps the base's
    entry itself (placed); ``early``: given to :func:`check_base`, where
    the checks run.

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
        key = None
        memo = None
        if store is not None and reader is None:
            if listing is None:
                listing = Listing(root, extra_files=extra_files, store=store)
            key = base_cache.base_key(listing, today())
            if entry is _LOOK:
                entry = base_cache.load(store, key) if key is not None else None
            if entry is None or not entry.placed:
                memo = base_cache.last_positions(store, listing)
        else:
            entry = None
        listing = read_base(base, reader=reader, extra_files=extra_files, store=store, listing=listing, memo=memo)
        if entry is not None:
            base.findings[:] = entry.findings
            base.ignored_findings[:] = entry.ignored
            base.memo[_POINTERS] = entry.pointers
        else:
            base.findings.extend(check_base(base, early))
            set_aside_ignored(base)
            if key is not None and keep:
                base_cache.save(store, key, listing, base)
        if store is not None and (store.written or listing.misses):
            store.trim()
    finally:
        if was_enabled:
            gc.enable()
    if len(base.claim_records) >= FREEZE_AT:
        gc.freeze()
    if claimcheck.KEEP_ALIVE is not None:
        claimcheck.KEEP_ALIVE.append(base)
    return base


_POINTERS = "cache-pointers"


@dataclass
class Checked:
    """What ``validate`` reports: the counts and every diagnostic, placed and sorted."""

    files: int
    claims: int
    sources: int
    diagnostics: list[Diagnostic]
    #: the warnings claims acknowledge (``ignore:``), placed and sorted, with their reasons
    ignored: list[tuple[Diagnostic, str]]


def check_root(root: Path, store: Store | None = None) -> Checked:
    """Every diagnostic of the base at ``root``, placed, with the counts.
    With a cache, an unchanged base already checked and placed is answered
    from one entry (no file's result is read); else the base is opened and
    its placed diagnostics kept for the next run."""
    placing = None  # a large base: a worker forked now, while this process is small, places diagnostics
    try:
        placing = Placing(root)
        if store is None:
            return _checked(open_base(root, early=placing.early), placing)
        listing = Listing(root, store=store)
        key = base_cache.base_key(listing, today())
        entry = base_cache.load(store, key) if key is not None else None
        if entry is not None and entry.placed:
            return Checked(*entry.counts, sorted(entry.findings, key=lambda d: d.sort_key),
                           sorted(entry.ignored, key=lambda t: t[0].sort_key))
        base = open_base(root, store=store, listing=listing, entry=entry, keep=False, early=placing.early)
        checked = _checked(base, placing)
        if key is not None and listing.unchanged():  # else positions may come from bytes another key names
            base_cache.save(store, key, listing, base, base.placed_findings(), base.memo.get(_POINTERS))
        return checked
    finally:
        if placing is not None:
            placing.close()


def _checked(base: Base, placing: Placing) -> Checked:
    placing.finish(base)
    return Checked(len(base.files), len(base.claims), len(base.sources), base.diagnostics, base.ignored)


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
            base.findings.extend(check_base(base))
            set_aside_ignored(base)
    finally:
        if was_enabled:
            gc.enable()
    if len(base.claim_records) >= FREEZE_AT:
        gc.freeze()
    if claimcheck.KEEP_ALIVE is not None:
        claimcheck.KEEP_ALIVE.append(base)
    return base
