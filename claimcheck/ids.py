"""Ids: made from names (lowercase slugs, ``[a-z0-9][a-z0-9._-]*``), and
found from what a person types (an id, or a prefix that begins one id only)."""

from __future__ import annotations

import re
import unicodedata
from typing import Collection

from .schema.fields import SLUG_RE


def slugify(text: str, limit: int | None = None) -> str:
    """A lowercase slug made from any text (accents dropped), at most ``limit``
    characters; empty when nothing of the text is left."""
    t = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    s = re.sub(r"[^a-z0-9]+", "-", t).strip("-")
    if limit is not None:
        s = s[:limit].strip("-")
    return s if SLUG_RE.fullmatch(s or "-") else ""


#: Candidates an ambiguous prefix's message names before "and N more".
CANDIDATES_SHOWN = 10


class AmbiguousId(LookupError):
    """A prefix that begins more than one id; ``candidates`` sorted."""

    def __init__(self, text: str, candidates: list[str]) -> None:
        super().__init__(text)
        self.text = text
        self.candidates = candidates

    def message(self, what: str) -> str:
        """``'pompeo' begins 2 claim ids: a, b; give more of the id``."""
        shown = ", ".join(self.candidates[:CANDIDATES_SHOWN])
        more = len(self.candidates) - CANDIDATES_SHOWN
        return (f"{self.text!r} begins {len(self.candidates)} {what} ids: {shown}"
                f"{f' and {more} more' if more > 0 else ''}; give more of the id")


def resolve_id(text: str, ids: Collection[str]) -> str | None:
    """The id ``text`` names: itself when it is one of ``ids``, else the one
    id it begins (a unique prefix). None when it begins none;
    :class:`AmbiguousId` when it begins several."""
    if text in ids:
        return text
    if not text:
        return None
    found = sorted(i for i in ids if i.startswith(text))
    if len(found) > 1:
        raise AmbiguousId(text, found)
    return found[0] if found else None
