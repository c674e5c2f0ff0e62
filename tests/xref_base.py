"""Hand-made claim bases for the cross-referencing tests (not a test module)."""

from __future__ import annotations

from pathlib import Path

import yaml

from claimcheck.base import open_base

STANCES = {
    "government": "Syrian government and its allies",
    "jihadist": "Islamic State and its media",
    "coalition": "U.S.-led coalition",
    "independent": {"description": "No side", "neutral": True},
}


def src(id, stance, reliability=None, part_of=None, kind="armed-group"):
    d = {"id": id, "name": id.upper(), "kind": kind, "stance": stance}
    if reliability:
        d["reliability"] = reliability
    if part_of:
        d["part_of"] = part_of
    return d


def clm(id, claimant, figure=None, topic="t/killed", status="unverified", as_of=None, outlets=(), supersedes=None, **extra):
    d = {"id": id, "statement": f"Statement of {id}.", "claimant": claimant, "topic": topic, "status": status}
    if figure is not None:
        d["figure"] = figure
    if as_of:
        d["as_of"] = as_of
    if outlets:
        d["reported_by"] = [o if isinstance(o, dict) else {"outlet": o} for o in outlets]
    if supersedes:
        d["supersedes"] = supersedes
    d.update(extra)
    return d


def write_base(tmp_path: Path, sources: list[dict], claims: list[dict], topics: dict | None = None,
               stances: dict | None = None) -> Path:
    root = tmp_path / "base"
    (root / "claims").mkdir(parents=True, exist_ok=True)
    (root / "sources.yaml").write_text(
        yaml.safe_dump({"stances": stances or STANCES, "sources": sources}, sort_keys=False, allow_unicode=True),
        encoding="utf-8",
    )
    topics = topics if topics is not None else {}
    for c in claims:
        topics.setdefault(c["topic"], {"title": c["topic"]})
    (root / "claims" / "claims.yaml").write_text(
        yaml.safe_dump({"topics": topics, "claims": claims}, sort_keys=False, allow_unicode=True), encoding="utf-8"
    )
    return root


def make(tmp_path: Path, sources, claims, topics=None, stances=None):
    root = write_base(tmp_path, sources, claims, topics, stances)
    base = open_base(root)
    errors = [d for d in base.diagnostics if d.severity == "error"]
    assert not errors, errors
    return base
