"""Supersession: a claim revises an earlier claim of its own claimant, once,
without cycles, and the revised claim says so."""

from __future__ import annotations

from typing import Iterator

from ..diagnostics import ERROR, WARNING, Diagnostic, define
from ..model import Base
from ..suggest import did_you_mean
from .position import claim_at

define("CC305", ERROR, "unknown-claim", "supersedes names no claim.")
define("CC501", ERROR, "supersedes-other-claimant", "supersedes points at another claimant's claim.")
define("CC502", ERROR, "superseded-twice", "A claim is superseded by two or more claims.")
define("CC503", ERROR, "superseded-without-successor", "Status superseded, but no claim supersedes it.")
define("CC506", ERROR, "supersedes-cycle", "A claim supersedes itself, directly or through a chain.")
define("CC507", WARNING, "successor-status", "A claim is superseded by another, but its status is not `superseded`.")


def check_revisions(base: Base) -> Iterator[Diagnostic]:
    claims = base.claims
    for c in claims.values():
        if not c.supersedes:
            continue
        old = claims.get(c.supersedes)
        if c.supersedes == c.id:
            yield claim_at(base, c, "supersedes", "CC506", f"claim {c.id!r} supersedes itself")
            continue
        if old is None:
            yield claim_at(base, c, "supersedes", "CC305",
                            f"claim {c.id!r}: supersedes names no claim {c.supersedes!r}{did_you_mean(c.supersedes, claims)}")
            continue
        if old.claimant != c.claimant:
            yield claim_at(base, c, "supersedes", "CC501",
                            f"claim {c.id!r} (claimant {c.claimant!r}) supersedes {old.id!r}, a claim of {old.claimant!r}: "
                            "only a claimant's own figure can be revised")
    for old_id, newer in base.superseded_by.items():
        old = claims.get(old_id)
        if old is None:
            continue
        if len(newer) > 1:
            for nid in newer[1:]:
                yield claim_at(base, claims[nid], "supersedes", "CC502",
                                f"claim {old_id!r} is superseded by several claims: {', '.join(newer)}")
        if old.status != "superseded" and old.claimant == claims[newer[0]].claimant:
            yield claim_at(base, old, "status", "CC507",
                            f"claim {old_id!r} is superseded by {newer[0]!r} but its status is {old.status!r}: set it to 'superseded'")
    for c in claims.values():
        if c.status == "superseded" and c.id not in base.superseded_by:
            yield claim_at(base, c, "status", "CC503",
                            f"claim {c.id!r} has status 'superseded' but no claim supersedes it: add 'supersedes: {c.id}' to the newer claim")
    # cycles through chains: a -> b -> a
    for c in claims.values():
        seen = {c.id}
        cur = c
        while cur.supersedes and cur.supersedes in claims:
            if cur.supersedes in seen:
                if cur.supersedes == c.id and cur.id != c.id and min(seen) == c.id:
                    yield claim_at(base, c, "supersedes", "CC506", f"claims supersede each other in a cycle: {', '.join(sorted(seen))}")
                break
            seen.add(cur.supersedes)
            cur = claims[cur.supersedes]


