"""Ids made from names: lowercase slugs (``[a-z0-9][a-z0-9._-]*``)."""

from __future__ import annotations

import re
import unicodedata

from .schema.fields import SLUG_RE


def slugify(text: str, limit: int | None = None) -> str:
    """A lowercase slug made from any text (accents dropped), at most ``limit``
    characters; empty when nothing of the text is left."""
    t = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    s = re.sub(r"[^a-z0-9]+", "-", t).strip("-")
    if limit is not None:
        s = s[:limit].strip("-")
    return s if SLUG_RE.fullmatch(s or "-") else ""
