"""Acknowledged warnings: a claim's ``ignore: {CODE: reason}`` sets the
warnings of that code found in that claim's record aside, with the reason
(``validate`` counts them, and lists them under ``--show-ignored``). Only
warnings can be acknowledged, each with a reason; an entry that names an
unknown code or an error, or gives no reason, is CC210.
"""

from __future__ import annotations

from typing import Iterator

from ..diagnostics import CODES, ERROR, WARNING, Diagnostic, define
from ..model import Base, Claim
from ..schema.fields import type_name
from ..suggest import did_you_mean
from .position import claim_at

define("CC210", ERROR, "bad-ignore",
       "An `ignore:` entry names an unknown code or an error (only warnings can be acknowledged), or gives no reason.")


def _reason(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def acknowledged(c: Claim) -> dict[str, str]:
    """The entries of a claim's ``ignore:`` that take effect: a warning's code -> its reason."""
    out: dict[str, str] = {}
    for code, reason in c.ignore.items():
        known = CODES.get(code)
        why = _reason(reason)
        if known is not None and known.severity == WARNING and why is not None:
            out[code] = why
    return out


def check_ignores(base: Base) -> Iterator[Diagnostic]:
    warnings = sorted(c for c, k in CODES.items() if k.severity == WARNING)
    for c in base.claim_records:
        for code, reason in c.ignore.items():
            known = CODES.get(code)
            if known is None:
                yield claim_at(base, c, ("ignore", code), "CC210",
                               f"claim {c.id!r}: ignore names no diagnostic code {code!r}"
                               f"{did_you_mean(code, warnings)}; warnings that can be acknowledged: "
                               f"{', '.join(warnings)}", target="key")
            elif known.severity != WARNING:
                yield claim_at(base, c, ("ignore", code), "CC210",
                               f"claim {c.id!r}: {code} ({known.title}) is an error, which cannot be ignored: "
                               "fix the record instead; only warnings can be acknowledged", target="key")
            if _reason(reason) is None:
                what = "gives no reason" if isinstance(reason, str) or reason is None else \
                    f"gives {type_name(reason)} as its reason"
                yield claim_at(base, c, ("ignore", code), "CC210",
                               f"claim {c.id!r}: ignore {code} {what}: write, as text, why the warning does not "
                               f"apply (e.g. {code}: confirmed by the coroner's report)")


def set_aside_ignored(base: Base) -> None:
    """Move each warning that a claim acknowledges (its code in the claim's
    ``ignore:``, its place inside the claim's record) from
    ``base.findings`` to ``base.ignored_findings``, with the reason. A
    warning still at a pointer is inside a record when its pointer starts
    with the record's; a placed one, when its position lies in the record's
    span (found only for the files that have such warnings)."""
    acks_in: dict[str, dict[int, dict[str, str]]] = {}
    for c in base.claim_records:
        if c.ignore:
            acks = acknowledged(c)
            if acks:
                acks_in.setdefault(c.rel, {})[c.index] = acks
    if not acks_in:
        return
    spans: dict[str, list[tuple[tuple[int, int], tuple[int, int], dict[str, str]]]] = {}
    keep: list[Diagnostic] = []
    for d in base.findings:
        where = acks_in.get(d.path) if d.severity == WARNING else None
        reason = None
        if where:
            p = d.pointer
            if p is not None:
                if len(p) >= 2 and p[0] == "claims" and type(p[1]) is int and p[1] in where:
                    reason = where[p[1]].get(d.code)
            else:
                if d.path not in spans:
                    spans[d.path] = _spans(base, d.path, where)
                at = (d.line, d.column)
                reason = next((acks[d.code] for start, end, acks in spans[d.path]
                               if d.code in acks and start <= at < end), None)
        if reason is not None:
            base.ignored_findings.append((d, reason))
        else:
            keep.append(d)
    base.findings[:] = keep


def _spans(base: Base, rel: str, where: dict[int, dict[str, str]]):
    """(start, end, acknowledged) of each record of file ``rel`` that acknowledges warnings."""
    lf = base.file(rel)
    if lf is None:
        return []
    indexes = list(where)
    found = lf.locate_many([(("claims", i), "value") for i in indexes])
    return [((line, col), (eline, ecol), where[i]) for i, (line, col, eline, ecol) in zip(indexes, found)]
