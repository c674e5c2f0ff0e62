"""The one value type every check produces and every output format consumes.

Each diagnostic code is defined once, here, with its severity and a one-line
meaning. The README's code table is checked against :data:`CODES` by a test,
so a new code cannot ship undocumented.

Families:

* ``CC1xx`` reading files: YAML syntax, encoding, size and structure limits.
* ``CC2xx`` schema: fields, types and values of one record.
* ``CC3xx`` references between records: ids, sources, stances, topics.
* ``CC4xx`` figures: phrases the parser cannot read, reversed intervals.
* ``CC5xx`` consistency between claims: revisions, dates, evidence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

ERROR = "error"
WARNING = "warning"


class Code(NamedTuple):
    code: str
    severity: str
    title: str
    meaning: str


def _codes(*rows: tuple[str, str, str, str]) -> dict[str, Code]:
    return {row[0]: Code(*row) for row in rows}


CODES: dict[str, Code] = _codes(
    # CC1xx: reading files
    ("CC101", ERROR, "yaml-syntax", "The file is not well-formed YAML."),
    ("CC102", ERROR, "duplicate-key", "A mapping holds the same key twice (PyYAML would silently keep the last)."),
    ("CC103", ERROR, "alias-refused", "Anchors, aliases and merge keys (`&a`, `*a`, `<<`) are refused: no hidden expansion."),
    ("CC104", ERROR, "tag-refused", "Explicit tags such as `!!python/object` or `!!str` are refused."),
    ("CC105", ERROR, "encoding", "The file is not valid UTF-8 text, or holds NUL bytes."),
    ("CC106", ERROR, "file-too-large", "The file is larger than the size cap."),
    ("CC107", ERROR, "empty-file", "The file is empty or holds only comments."),
    ("CC108", ERROR, "multiple-documents", "The file holds more than one YAML document."),
    ("CC109", ERROR, "not-a-mapping", "The top level of the file is not the expected mapping."),
    ("CC110", ERROR, "limit-exceeded", "Nesting depth, string length or claims per file exceed a documented limit."),
    ("CC111", ERROR, "unreadable", "The file cannot be read, or is a symlink that loops or leads out of the base."),
    ("CC112", ERROR, "complex-key", "A mapping key is not a plain scalar."),
    # CC2xx: schema of one record
    ("CC201", ERROR, "unknown-field", "A field the format does not define (a typo such as `claimnt:`)."),
    ("CC202", ERROR, "missing-field", "A required field is absent."),
    ("CC203", ERROR, "wrong-type", "A value has the wrong type (a number or boolean where text is expected: quote it)."),
    ("CC204", ERROR, "bad-id", "An id is not a lowercase slug `[a-z0-9][a-z0-9._-]*`."),
    ("CC205", ERROR, "bad-value", "A value is not one of the allowed values (status, kind, reliability)."),
    ("CC206", ERROR, "bad-date", "A date is not YYYY-MM-DD, YYYY-MM or YYYY, or does not exist."),
    ("CC207", ERROR, "bad-url", "A URL is not an absolute http(s) URL."),
    ("CC208", ERROR, "empty-value", "A required text is empty."),
    # CC3xx: references between records
    ("CC301", ERROR, "duplicate-claim-id", "Two claims share an id (both places are named)."),
    ("CC302", ERROR, "duplicate-source-id", "Two sources (or stances) share an id."),
    ("CC303", ERROR, "unknown-source", "A claimant, outlet or part_of names no source."),
    ("CC304", ERROR, "unknown-stance", "A stance or about names no stance of the vocabulary."),
    ("CC305", ERROR, "unknown-claim", "supersedes names no claim."),
    ("CC306", ERROR, "part-of-cycle", "part_of links form a cycle."),
    ("CC307", WARNING, "undeclared-topic", "A claim's topic is declared in no file."),
    ("CC308", ERROR, "topic-conflict", "A topic is declared twice with different attributes."),
    ("CC309", ERROR, "publisher", "The publisher block of sources.yaml is incomplete or invalid."),
    # CC4xx: figures
    ("CC401", ERROR, "unreadable-figure", "A figure phrase the parser cannot read."),
    ("CC402", ERROR, "reversed-interval", "A figure's bounds are reversed (low > best or best > high)."),
    # CC5xx: consistency between claims
    ("CC501", ERROR, "supersedes-other-claimant", "supersedes points at another claimant's claim."),
    ("CC502", ERROR, "superseded-twice", "A claim is superseded by two or more claims."),
    ("CC503", ERROR, "superseded-without-successor", "Status superseded, but no claim supersedes it."),
    ("CC504", ERROR, "future-date", "A date lies in the future."),
    ("CC505", WARNING, "status-vs-evidence", "The declared status disagrees with the evidence computed from the other claims."),
    ("CC506", ERROR, "supersedes-cycle", "A claim supersedes itself, directly or through a chain."),
    ("CC507", WARNING, "successor-status", "A claim is superseded by another, but its status is not `superseded`."),
)


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem at one place. Lines and columns are 1-based."""

    path: str
    line: int
    column: int
    code: str
    message: str
    severity: str = ""
    end_line: int = 0
    end_column: int = 0
    related: tuple[tuple[str, int, int], ...] = field(default=())

    def __post_init__(self) -> None:
        if not self.severity:
            object.__setattr__(self, "severity", CODES[self.code].severity)

    @property
    def sort_key(self) -> tuple:
        return (self.path, self.line, self.column, self.code, self.message)

    def as_dict(self) -> dict:
        d = {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line or self.line,
            "end_column": self.end_column or self.column,
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
        }
        if self.related:
            d["related"] = [{"path": p, "line": ln, "column": c} for p, ln, c in self.related]
        return d


def did_you_mean(word: str, candidates, *, cutoff: float = 0.6) -> str:
    """`` (did you mean 'x'?)`` or an empty string."""
    import difflib

    best = difflib.get_close_matches(str(word), list(candidates), n=1, cutoff=cutoff)
    return f" (did you mean {best[0]!r}?)" if best else ""
