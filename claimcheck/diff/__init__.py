"""``claimcheck diff``: what a change does to the claim base.

:func:`diff_base` reads two sides of the base from git (:mod:`.git`,
:mod:`.sides`), compares their records by id (:mod:`.changes`) and what the
change does to evidence, conflicts, topics and bias figures
(:mod:`.effects`), and returns a :class:`~.result.BaseDiff` that every
output format reads. ``docs/diff.md`` states what counts as a change.
"""

from __future__ import annotations

from pathlib import Path

from . import changes, effects
from .git import GitError
from .result import (
    BIAS_THRESHOLD, KINDS, BaseDiff, BiasMove, ConflictChange, EvidenceChange, FieldChange, RecordChange, RecordEntry,
    Side, StatusChange, Validation, parse_kinds,
)
from .sides import WORK_TREE, FileStore, Revisions, read_sides, revisions

#: Fields of a source record whose change can change evidence, conflicts or
#: bias figures anywhere: who the source speaks for, and its stance.
SOURCE_FIELDS_THAT_REACH = frozenset({"stance", "part_of"})

__all__ = [
    "BIAS_THRESHOLD", "KINDS", "WORK_TREE", "BaseDiff", "BiasMove", "ConflictChange", "EvidenceChange", "FieldChange",
    "FileStore", "GitError", "RecordChange", "RecordEntry", "Revisions", "Side", "StatusChange", "Validation",
    "compare", "diff_base", "parse_kinds", "read_sides", "revisions",
]


def diff_base(root: Path, rev: str | None = None, rev2: str | None = None, *,
              bias_threshold: float = BIAS_THRESHOLD, files: FileStore | None = None) -> BaseDiff:
    """Compare the base at ``root`` between ``rev`` and ``rev2`` (see
    :func:`.sides.revisions` for the defaults). Raises :class:`GitError`
    where git cannot name both sides."""
    revs = revisions(root, rev, rev2)
    old, new = read_sides(root, revs, files=files)
    return compare(old, new, base_folder=revs.repo.prefix or ".", bias_threshold=bias_threshold)


def compare(old, new, *, base_folder: str = ".", bias_threshold: float = BIAS_THRESHOLD) -> BaseDiff:
    """The :class:`BaseDiff` of two sides (:class:`.sides.Snapshot`)."""
    d = BaseDiff(Side(old.label, old.commit), Side(new.label, new.commit), base_folder, bias_threshold=bias_threshold)
    d.claims_added, d.claims_removed, d.claims_changed, d.status_changes = changes.claims(old.reads, new.reads)
    d.sources_added, d.sources_removed, d.sources_changed = changes.sources(old.reads, new.reads)
    stances = changes.stances(old.reads, new.reads)
    d.stances_added, d.stances_removed, d.stances_changed = stances
    d.topics_added, d.topics_removed, redeclared = effects.topics(old.base, new.base)
    # Independence, stances and who is a source decide evidence, conflicts and
    # bias; a source's grade, name or notes decide none of them.
    sources_reach = bool(d.sources_added or d.sources_removed or any(stances) or any(
        f.field in SOURCE_FIELDS_THAT_REACH for c in d.sources_changed for f in c.fields))
    claims_moved = any((d.claims_added, d.claims_removed, d.claims_changed))
    if sources_reach:
        reached = None
    else:
        reached = effects.topics_reached(old.base, new.base, [*d.claims_added, *d.claims_removed, *d.claims_changed])
        reached |= redeclared
    if reached is None or reached:
        d.evidence_changes = effects.evidence(old.base, new.base, reached)
        d.conflicts_new, d.conflicts_resolved = effects.conflicts(old.base, new.base, reached)
    if sources_reach or claims_moved:
        d.bias = effects.bias(old.base, new.base, bias_threshold)
    diags = new.base.diagnostics
    d.validation = Validation([x for x in diags if x.severity == "error"],
                              sum(1 for x in diags if x.severity == "warning"))
    return d
