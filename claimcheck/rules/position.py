"""Diagnostics at the place in a file that a record's field holds, found
only when they are printed (:func:`claimcheck.diagnostics.place`)."""

from __future__ import annotations

from ..diagnostics import Diagnostic
from ..model import Base, Claim


def at(base: Base, rel: str, pointer: tuple, code: str, message: str, target: str = "value", related=()) -> Diagnostic:
    return Diagnostic.at_pointer(rel, pointer, code, message, target=target, related=tuple(related))


def claim_at(base: Base, c: Claim, field: str | tuple, code: str, message: str, **kw) -> Diagnostic:
    ptr = c.pointer + ((field,) if isinstance(field, str) else field)
    return at(base, c.rel, ptr, code, message, **kw)
