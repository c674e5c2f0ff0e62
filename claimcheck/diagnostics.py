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
from typing import NamedTuple

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
