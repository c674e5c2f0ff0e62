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
    ("CC508", WARNING, "mixed-figure-kinds", "Claims on one topic give figures of different kinds (counts, percentages, dates), which are never compared with each other."),
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
    """`` (did you mean 'x'?)`` or an empty string.

    The answer is ``difflib.get_close_matches(word, candidates, n=1, cutoff)``
    (the highest ``ratio()``, ties to the larger string). Over many candidates
    (100,000 claim ids) it is found level by level: :class:`_CharIndex` gives,
    as bitsets, the candidates whose ``quick_ratio()`` (an upper bound of
    ``ratio()``) reaches a level, and ``ratio()`` runs only on those, until the
    best ratio found reaches the level: no other candidate can then equal it."""
    import difflib

    word = str(word)
    cands = candidates if isinstance(candidates, list) else list(candidates)
    if len(cands) <= 512:
        best = difflib.get_close_matches(word, cands, n=1, cutoff=cutoff)
        return f" (did you mean {best[0]!r}?)" if best else ""
    index = _CharIndex.of(cands)
    s = difflib.SequenceMatcher()
    s.set_seq2(word)
    top = None  # (ratio, candidate): get_close_matches keeps the largest pair
    done = 0
    level = 1.0
    while True:
        level = max(level, cutoff)
        fresh = index.reaching(word, level) & ~done
        done |= fresh
        for i in _bits(fresh):
            x = cands[i]
            s.set_seq1(x)
            r = s.ratio()
            if r >= cutoff and (top is None or (r, x) > top):
                top = (r, x)
        if (top is not None and top[0] >= level) or level <= cutoff:
            break
        level -= 0.05
    return f" (did you mean {top[1]!r}?)" if top else ""


def _bits(n: int):
    """Indexes of the set bits of n."""
    i = 0
    while n:
        low = n & -n
        i = low.bit_length() - 1
        yield i
        n ^= low


class _CharIndex:
    """Bitsets over a candidate list: for each character c and count k, the
    candidates holding c at least k times; for each length, the candidates of
    that length. Their bit-sliced sum gives every candidate's ``quick_ratio``
    match count against a word at once. Built once per candidate list."""

    _last: "tuple[list, _CharIndex] | None" = None

    @classmethod
    def of(cls, cands: list) -> "_CharIndex":
        last = cls._last
        if last is not None and (last[0] is cands or last[0] == cands):
            return last[1]
        copy = list(cands)
        index = cls(copy)
        cls._last = (copy, index)
        return index

    def __init__(self, cands: list) -> None:
        self.cands = cands
        self.n = len(cands)
        by_len: dict[int, list[int]] = {}
        for i, x in enumerate(cands):
            by_len.setdefault(len(x), []).append(i)
        self.lengths = {n: self._mask(ix) for n, ix in by_len.items()}
        self.masks: dict[tuple[str, int], int] = {}
        self.counts: dict[str, bytes | None] = {}

    def _mask(self, indexes: list[int]) -> int:
        b = bytearray((self.n + 8) // 8)
        for i in indexes:
            b[i >> 3] |= 1 << (i & 7)
        return int.from_bytes(b, "little")

    def mask(self, c: str, j: int) -> int:
        """Candidates holding character c at least j times (built on first use)."""
        key = (c, j)
        m = self.masks.get(key)
        if m is None:
            if c not in self.counts:
                counts = [x.count(c) for x in self.cands]
                # one byte per candidate, last candidate first: bit i of int(..., 2) is candidate i
                self.counts[c] = bytes(counts)[::-1] if max(counts, default=0) < 256 else None
            b = self.counts[c]
            if b is not None:
                table = bytes(49 if v >= j else 48 for v in range(256))
                m = int(b.translate(table), 2) if b else 0
            else:
                counts = [x.count(c) for x in self.cands]
                m = self._mask([i for i, v in enumerate(counts) if v >= j])
            self.masks[key] = m
        return m

    def reaching(self, word: str, level: float) -> int:
        """Candidates whose quick_ratio() against ``word`` is at least ``level``."""
        from collections import Counter

        planes: list[int] = []  # bit-sliced per-candidate count of matched characters
        for c, k in Counter(word).items():
            for j in range(1, k + 1):
                carry = self.mask(c, j)
                for p in range(len(planes)):
                    if not carry:
                        break
                    planes[p], carry = planes[p] ^ carry, planes[p] & carry
                if carry:
                    planes.append(carry)
        lw = len(word)
        out = 0
        for length, members in self.lengths.items():
            total = length + lw
            # quick_ratio = 2 * matches / total (1.0 when total is 0)
            if total == 0:
                if level <= 1.0:
                    out |= members
                continue
            need = 0
            while 2.0 * need / total < level:
                need += 1
            out |= members & self._at_least(planes, need)
        return out

    def _at_least(self, planes: list[int], need: int) -> int:
        if need <= 0:
            return (1 << self.n) - 1
        if need >= 1 << len(planes):
            return 0
        all_ones = (1 << self.n) - 1
        gt, eq = 0, all_ones
        for b in range(len(planes) - 1, -1, -1):
            p = planes[b]
            if need >> b & 1:
                eq &= p
            else:
                gt |= eq & p
                eq &= all_ones ^ p
        return gt | eq
