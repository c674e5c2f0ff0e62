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
    ``base.diagnostics`` to ``base.ignored``, with the reason."""
    files = None
    spans: dict[str, list[tuple[tuple[int, int], tuple[int, int], dict[str, str]]]] = {}
    for c in base.claim_records:
        if not c.ignore:
            continue
        acks = acknowledged(c)
        if not acks:
            continue
        if files is None:
            files = {f.rel: f for f in base.files}
        lf = files.get(c.rel)
        if lf is None:
            continue
        line, col, end_line, end_col = lf.locate(c.pointer, "value")
        spans.setdefault(c.rel, []).append(((line, col), (end_line, end_col), acks))
    if not spans:
        return
    keep: list[Diagnostic] = []
    for d in base.diagnostics:
        where = spans.get(d.path) if d.severity == WARNING else None
        if where:
            at = (d.line, d.column)
            reason = next((acks[d.code] for start, end, acks in where if d.code in acks and start <= at < end), None)
            if reason is not None:
                base.ignored.append((d, reason))
                continue
        keep.append(d)
    base.diagnostics[:] = keep
