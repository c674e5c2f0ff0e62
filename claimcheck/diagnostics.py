"""The one value type every check produces and every output format consumes.

A diagnostic code is defined once, by :func:`define`, in the module whose
check emits it (reading in :mod:`claimcheck.load`, the rules in
:mod:`claimcheck.rules`); :func:`claimcheck.rules.all_codes` gathers them,
and ``docs/diagnostics.md`` is generated from that registry.

Families: ``CC1xx`` reading files, ``CC2xx`` the shape of one record,
``CC3xx`` references between records, ``CC4xx`` figures, ``CC5xx``
consistency between claims.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable, NamedTuple, Protocol

ERROR = "error"
WARNING = "warning"


class Code(NamedTuple):
    code: str
    severity: str
    title: str
    meaning: str


#: Every code defined so far (the modules that emit them fill it on import).
CODES: dict[str, Code] = {}


def define(code: str, severity: str, title: str, meaning: str) -> str:
    """Register a diagnostic code; returns the code, for the emitting check."""
    known = CODES.get(code)
    entry = Code(code, severity, title, meaning)
    if known is not None and known != entry:
        raise ValueError(f"diagnostic code {code} defined twice, differently")
    CODES[code] = entry
    return code


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem at one place. Lines and columns are 1-based.

    A check may report a problem before its line and column are known:
    :meth:`at_pointer` gives it the ``pointer`` (the keys and indexes that
    lead to the value in the file's data) and the ``target`` there
    (``value``, ``key`` or ``record``), line 0; :func:`place` finds the
    positions, file by file, when the diagnostics are printed. A command that
    prints none never pays for them."""

    path: str
    line: int
    column: int
    code: str
    message: str
    severity: str = ""
    end_line: int = 0
    end_column: int = 0
    related: tuple[tuple[str, int, int], ...] = field(default=())
    pointer: tuple | None = None
    target: str = "value"

    def __post_init__(self) -> None:
        if not self.severity:
            object.__setattr__(self, "severity", CODES[self.code].severity)

    @classmethod
    def at_pointer(cls, path: str, pointer: tuple, code: str, message: str, severity: str = "",
                   target: str = "value", related: tuple = ()) -> Diagnostic:
        """A diagnostic whose position is still to be found (see :func:`place`)."""
        return cls(path, 0, 0, code, message, severity, 0, 0, related, pointer, target)

    @property
    def placed(self) -> bool:
        return self.pointer is None

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


class Locator(Protocol):
    """What :func:`place` asks of a file: the positions of many pointers at once."""

    def locate_many(self, requests: list[tuple[tuple, str]]) -> list[tuple[int, int, int, int]]: ...


def unplaced_by_file(diagnostics: list[Diagnostic]) -> dict[str, list[int]]:
    """File -> the indexes of its diagnostics still at a pointer, in order."""
    by_file: dict[str, list[int]] = {}
    for k, d in enumerate(diagnostics):
        if d.pointer is not None:
            by_file.setdefault(d.path, []).append(k)
    return by_file


def place(diagnostics: Iterable[Diagnostic], file_of: Callable[[str], Locator | None]) -> list[Diagnostic]:
    """The diagnostics with every position found: those still at a pointer
    are placed file by file, all of one file's in one ``locate_many`` call
    (a file that is not there places them at 1:1). The order is kept."""
    out = list(diagnostics)
    by_file = unplaced_by_file(out)
    for path, ks in by_file.items():
        f = file_of(path)
        if f is None:
            found = [(1, 1, 1, 1)] * len(ks)
        else:
            found = f.locate_many([(out[k].pointer, out[k].target) for k in ks])
        for k, (line, col, eline, ecol) in zip(ks, found):
            d = out[k]
            out[k] = Diagnostic(d.path, line, col, d.code, d.message, d.severity, eline, ecol, d.related)
    return out
