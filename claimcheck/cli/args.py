"""Records built from command-line values (``add``, ``add-source``): each
``--outlet`` paired with its ``--date``/``--quote``/``--url`` by position,
a ``--figure`` read as a number, a mapping or a phrase."""

from __future__ import annotations

from typing import Any

from ..load.strict import load_text, resolve_plain
from ..write.errors import AuthoringError
from ..write.ops import CLAIM_ORDER, SOURCE_ORDER, ordered

def figure_value(text: str | None) -> Any:
    """A ``--figure`` value: a number stays a number, ``{low: .., high: ..}``
    becomes a mapping, anything else is a phrase."""
    if text is None:
        return None
    t = text.strip()
    v = resolve_plain(t) if t else t
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return v
    if t.startswith("{") and t.endswith("}"):
        lf = load_text(t, "--figure")
        if lf.ok and isinstance(lf.data, dict):
            return lf.data
    return t


def pair_outlets(outlets: list[str], dates: list[str], quotes: list[str], urls: list[str]) -> list[dict]:
    """``--outlet`` entries with ``--date``/``--quote``/``--url`` paired by
    position: the n-th ``--date`` belongs to the n-th ``--outlet``; give an
    empty value (``--date ''``) to skip one outlet."""
    for name, vals in (("--date", dates), ("--quote", quotes), ("--url", urls)):
        if len(vals) > len(outlets):
            raise AuthoringError(
                f"{len(vals)} {name} value(s) for {len(outlets)} --outlet(s): each {name} pairs with the --outlet "
                f"in the same position (use {name} '' to skip one)",
                2,
            )
    out = []
    for i, o in enumerate(outlets):
        rec: dict[str, Any] = {"outlet": o.strip()}
        for key, vals in (("date", dates), ("quote", quotes), ("url", urls)):
            if i < len(vals) and vals[i].strip():
                rec[key] = vals[i].strip() if key != "quote" else vals[i]
        out.append(rec)
    return out


def build_claim(
    *,
    statement: str,
    claimant: str,
    topic: str,
    status: str = "unverified",
    id: str | None = None,
    about: str | None = None,
    figure: str | None = None,
    as_of: str | None = None,
    outlets: list[str] = (),  # type: ignore[assignment]
    dates: list[str] = (),  # type: ignore[assignment]
    quotes: list[str] = (),  # type: ignore[assignment]
    urls: list[str] = (),  # type: ignore[assignment]
    tags: list[str] = (),  # type: ignore[assignment]
    notes: str | None = None,
    supersedes: str | None = None,
) -> dict:
    rec: dict[str, Any] = {
        "id": id.strip() if id else None,
        "statement": statement.strip(),
        "claimant": claimant.strip(),
        "topic": topic.strip(),
        "about": about.strip() if about else None,
        "figure": figure_value(figure),
        "as_of": as_of.strip() if as_of else None,
        "status": status.strip(),
        "reported_by": pair_outlets(list(outlets), list(dates), list(quotes), list(urls)) or None,
        "supersedes": supersedes.strip() if supersedes else None,
        "tags": [t.strip() for t in tags if t.strip()] or None,
        "notes": notes.strip() if notes else None,
    }
    return ordered(rec, CLAIM_ORDER)


def build_source(
    *,
    id: str,
    name: str,
    stance: str,
    kind: str | None = None,
    reliability: str | None = None,
    part_of: str | None = None,
    url: str | None = None,
    aliases: list[str] = (),  # type: ignore[assignment]
    notes: str | None = None,
) -> dict:
    rec: dict[str, Any] = {
        "id": id.strip(),
        "name": name.strip(),
        "kind": kind.strip() if kind else None,
        "stance": stance.strip(),
        "reliability": reliability.strip().upper() if reliability else None,
        "part_of": part_of.strip() if part_of else None,
        "url": url.strip() if url else None,
        "aliases": [a.strip() for a in aliases if a.strip()] or None,
        "notes": notes.strip() if notes else None,
    }
    return ordered(rec, SOURCE_ORDER)
