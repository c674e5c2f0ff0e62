"""Declared status against the evidence computed from the other claims (CC505)."""

from __future__ import annotations

from ..diagnostics import WARNING, Diagnostic, define
from ..model import Base
from ..xref.status import disagreements
from .position import claim_at

define("CC505", WARNING, "status-vs-evidence",
       "The declared status disagrees with the evidence computed from the other claims.")


def check_evidence(base: Base) -> list[Diagnostic]:
    return [claim_at(base, c, "status", "CC505", f"claim {c.id!r}: {why}") for c, why in disagreements(base)]
