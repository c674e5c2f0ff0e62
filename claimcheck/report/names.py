"""File names of the report's pages: readable where the id allows, unique
always, and never anything a file system or a URL reads specially."""

from __future__ import annotations

import hashlib
import re

from ..ids import slugify

_PLAIN = re.compile(r"[a-z0-9][a-z0-9._-]{0,99}")
_TOPIC = re.compile(r"[a-z0-9][a-z0-9._-]*(/[a-z0-9][a-z0-9._-]*)*")


def _hashed(ident: str, n: int = 10) -> str:
    digest = hashlib.sha256(ident.encode("utf-8", "surrogatepass")).hexdigest()[:n]
    stem = slugify(ident, 60)
    return f"{stem}-{digest}" if stem else digest


def _natural(ident: str) -> str | None:
    """The id itself as a file name ("/" as "__"), where that is safe and
    cannot be mistaken for another id's; None otherwise."""
    if "__" in ident or len(ident) > 100 or not _TOPIC.fullmatch(ident):
        return None
    name = ident.replace("/", "__")
    return name if _PLAIN.fullmatch(name) else None


def file_names(ids, folder: str) -> dict[str, str]:
    """Id -> ``folder/name.html`` for every id, pairwise distinct. An id that
    is a plain slug (topic ids: slugs joined by "/") keeps its name; any other
    gets a slug of it and a hash of the whole id. Deterministic: an id's name
    does not depend on the other ids unless two would collide."""
    ids = list(dict.fromkeys(ids))
    names = {i: (_natural(i) or _hashed(i)) for i in ids}
    seen: dict[str, list[str]] = {}
    for i, n in names.items():
        seen.setdefault(n.lower(), []).append(i)  # case-insensitive file systems
    for group in seen.values():
        if len(group) > 1:
            for i in group:
                names[i] = _hashed(i, 64)
    return {i: f"{folder}/{n}.html" for i, n in names.items()}


_ANCHOR = re.compile(r"[a-z0-9][a-z0-9._-]{0,99}")


def anchor(claim_id: str) -> str:
    """The id of a claim's entry on its topic page (``claim-<id>``)."""
    if _ANCHOR.fullmatch(claim_id):
        return f"claim-{claim_id}"
    return f"claim-{_hashed(claim_id)}"
