"""What a change does to a claim base: the value :func:`claimcheck.diff.diff_base`
returns, which every output format (text, JSON, Markdown) reads, and the
kinds of change ``--fail-on`` gates on."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..diagnostics import Diagnostic
from ..xref import Pair

#: Kinds of change ``--fail-on`` knows, and what each means.
KINDS: dict[str, str] = {
    "removed-claim": "a claim id present before is gone (claims are superseded or retracted, never deleted)",
    "new-conflict": "a topic conflicts that did not before",
    "status-change": "a claim's declared status changed",
    "error": "the new side does not validate (it has errors)",
}

#: A claimant's inflation factor has moved when the larger of the two values
#: is more than this much above the smaller (0.10: by more than 10%).
BIAS_THRESHOLD = 0.10


@dataclass
class RecordEntry:
    """A claim or source added or removed: its record as written (fields with no value left out)."""

    id: str
    file: str
    record: dict[str, Any]


@dataclass
class FieldChange:
    field: str
    old: Any  # None: absent
    new: Any


@dataclass
class RecordChange:
    """A claim or source whose record changed, field by field."""

    id: str
    file: str  # where it is now
    old_file: str  # where it was (differs when it moved)
    fields: list[FieldChange]

    def field(self, name: str) -> FieldChange | None:
        return next((f for f in self.fields if f.field == name), None)


@dataclass
class StatusChange:
    id: str
    old: str
    new: str


@dataclass
class EvidenceChange:
    """A claim on both sides whose computed evidence status changed."""

    id: str
    topic: str
    old: str | None  # None: not compared (no figure, or superseded)
    new: str | None
    old_counts: tuple[int, int]  # (agreeing, conflicting) independent claims
    new_counts: tuple[int, int]


@dataclass
class ConflictChange:
    """A topic that conflicts now and did not before, or the reverse."""

    topic: str
    title: str | None
    severity: float | None  # the most severe conflict's ratio (dates: 1 + days / 30) on the side that conflicts
    conflicting_pairs: int
    pairs: list[Pair]  # the most severe conflicting pairs (a few)


@dataclass
class BiasMove:
    """A claimant whose inflation factor moved by more than the threshold,
    or appeared or went (None: too few comparisons)."""

    claimant: str
    old: float | None
    new: float | None
    old_comparisons: int
    new_comparisons: int


@dataclass
class Validation:
    """The new side as ``validate`` sees it."""

    errors: list[Diagnostic]
    warnings: int


@dataclass
class Side:
    label: str
    commit: str | None  # None: the work tree


@dataclass
class BaseDiff:
    old: Side
    new: Side
    base: str  # the base's folder in the repository ("." at its top)
    claims_added: list[RecordEntry] = field(default_factory=list)
    claims_removed: list[RecordEntry] = field(default_factory=list)
    claims_changed: list[RecordChange] = field(default_factory=list)
    status_changes: list[StatusChange] = field(default_factory=list)
    evidence_changes: list[EvidenceChange] = field(default_factory=list)
    conflicts_new: list[ConflictChange] = field(default_factory=list)
    conflicts_resolved: list[ConflictChange] = field(default_factory=list)
    topics_added: list[str] = field(default_factory=list)
    topics_removed: list[str] = field(default_factory=list)
    sources_added: list[RecordEntry] = field(default_factory=list)
    sources_removed: list[RecordEntry] = field(default_factory=list)
    sources_changed: list[RecordChange] = field(default_factory=list)
    stances_added: list[RecordEntry] = field(default_factory=list)  # the stance vocabulary of sources.yaml
    stances_removed: list[RecordEntry] = field(default_factory=list)
    stances_changed: list[RecordChange] = field(default_factory=list)
    bias: list[BiasMove] = field(default_factory=list)
    bias_threshold: float = BIAS_THRESHOLD
    validation: Validation = field(default_factory=lambda: Validation([], 0))

    def kinds(self) -> list[str]:
        """The kinds of :data:`KINDS` this change contains."""
        found = {
            "removed-claim": bool(self.claims_removed),
            "new-conflict": bool(self.conflicts_new),
            "status-change": bool(self.status_changes),
            "error": bool(self.validation.errors),
        }
        return [k for k in KINDS if found[k]]

    @property
    def empty(self) -> bool:
        """Nothing the diff reports changed (the new side's errors aside)."""
        return not any((self.claims_added, self.claims_removed, self.claims_changed, self.evidence_changes,
                        self.conflicts_new, self.conflicts_resolved, self.topics_added, self.topics_removed,
                        self.sources_added, self.sources_removed, self.sources_changed, self.stances_added,
                        self.stances_removed, self.stances_changed, self.bias))


def parse_kinds(text: str) -> list[str]:
    """``removed-claim,new-conflict`` -> the kinds; ValueError naming an unknown one."""
    from ..suggest import did_you_mean

    out: list[str] = []
    for part in text.split(","):
        k = part.strip()
        if not k:
            continue
        if k not in KINDS:
            raise ValueError(f"unknown kind {k!r}{did_you_mean(k, list(KINDS))}; choose from {', '.join(KINDS)}")
        if k not in out:
            out.append(k)
    if not out:
        raise ValueError(f"no kind given; choose from {', '.join(KINDS)}")
    return out
