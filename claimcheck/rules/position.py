"""Diagnostics at the place in a file that a record's field holds."""

from __future__ import annotations

from ..diagnostics import Diagnostic
from ..model import Base, Claim


def at(base: Base, rel: str, pointer: tuple, code: str, message: str, target: str = "value", related=()) -> Diagnostic:
    lf = base.file(rel)
    line, col, eline, ecol = lf.locate(pointer, target) if lf else (1, 1, 1, 1)
    return Diagnostic(rel, line, col, code, message, "", eline, ecol, tuple(related))


def claim_at(base: Base, c: Claim, field: str | tuple, code: str, message: str, **kw) -> Diagnostic:
    ptr = c.pointer + ((field,) if isinstance(field, str) else field)
    return at(base, c.rel, ptr, code, message, **kw)


