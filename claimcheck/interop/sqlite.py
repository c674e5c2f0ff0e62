"""The claim base as one SQLite file, for Datasette and sqlite-utils.

Plain tables with primary keys, foreign keys and indexes (:data:`SCHEMA`), so
``datasette FILE`` links claims to their sources, topics and appearances at
once, and each review to its claim and reviewer. The file is built under a
temporary name in the target's folder and renamed over the target only when
complete: a reader never sees half a file.

Every reference resolves (``PRAGMA foreign_key_check`` is empty, and is
checked before the rename): a claimant, outlet or stance that the base names
but does not declare gets a row with ``declared = 0``; so does a topic that no
file declares. ``supersedes`` pointing at a claim that is not exported (a
filter left it out) is NULL. Lists (tags, aliases, evidence ids) are JSON
arrays, which Datasette facets with ``_facet_array``.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from pathlib import Path
from typing import Iterable

from ..write.safe import fsync_dir, umask

SCHEMA = """\
CREATE TABLE stances (
    id TEXT PRIMARY KEY,
    description TEXT,
    neutral INTEGER NOT NULL DEFAULT 0,
    declared INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE sources (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    stance TEXT REFERENCES stances(id),
    kind TEXT,
    reliability TEXT,
    declared_reliability INTEGER NOT NULL DEFAULT 0,
    part_of TEXT REFERENCES sources(id),
    url TEXT,
    aliases TEXT,
    notes TEXT,
    declared INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE topics (
    id TEXT PRIMARY KEY,
    title TEXT,
    unit TEXT,
    cumulative INTEGER NOT NULL DEFAULT 0,
    notes TEXT,
    declared INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE claims (
    id TEXT PRIMARY KEY,
    statement TEXT NOT NULL,
    claimant TEXT NOT NULL REFERENCES sources(id),
    topic TEXT NOT NULL REFERENCES topics(id),
    status TEXT NOT NULL,
    evidence TEXT,
    cross_stance INTEGER NOT NULL DEFAULT 0,
    kind TEXT,
    figure TEXT,
    low REAL,
    high REAL,
    best REAL,
    as_of TEXT,
    date TEXT,
    about TEXT REFERENCES stances(id),
    supersedes TEXT REFERENCES claims(id),
    evidence_agree TEXT,
    evidence_conflict TEXT,
    tags TEXT,
    notes TEXT,
    path TEXT
);
CREATE TABLE appearances (
    id INTEGER PRIMARY KEY,
    claim TEXT NOT NULL REFERENCES claims(id),
    position INTEGER NOT NULL,
    outlet TEXT NOT NULL REFERENCES sources(id),
    date TEXT,
    quote TEXT,
    url TEXT,
    UNIQUE (claim, position)
);
CREATE TABLE reviews (
    id INTEGER PRIMARY KEY,
    claim TEXT NOT NULL REFERENCES claims(id),
    position INTEGER NOT NULL,
    reviewer TEXT NOT NULL REFERENCES sources(id),
    url TEXT,
    date TEXT,
    rating_name TEXT,
    rating_value REAL,
    rating_best REAL,
    rating_worst REAL,
    verdict TEXT NOT NULL,
    title TEXT,
    summary TEXT,
    language TEXT,
    UNIQUE (claim, position)
);
CREATE INDEX sources_stance ON sources(stance);
CREATE INDEX sources_part_of ON sources(part_of);
CREATE INDEX claims_topic ON claims(topic);
CREATE INDEX claims_claimant ON claims(claimant);
CREATE INDEX claims_status ON claims(status);
CREATE INDEX claims_date ON claims(date);
CREATE INDEX claims_about ON claims(about);
CREATE INDEX claims_supersedes ON claims(supersedes);
CREATE INDEX appearances_claim ON appearances(claim);
CREATE INDEX appearances_outlet ON appearances(outlet);
CREATE INDEX reviews_claim ON reviews(claim);
CREATE INDEX reviews_reviewer ON reviews(reviewer);
CREATE INDEX reviews_verdict ON reviews(verdict);
"""

TABLES = ("stances", "sources", "topics", "claims", "appearances", "reviews")


def _json(xs) -> str | None:
    xs = list(xs or ())
    return json.dumps(xs, ensure_ascii=False) if xs else None


def fill(db: sqlite3.Connection, base, records: list[dict]) -> dict[str, int]:
    """Create the tables in ``db`` and insert the base's stances, sources and
    topics and the given claim records (from :func:`claimcheck.query.claim_record`)
    with their appearances. Returns the row count of each table."""
    db.executescript(SCHEMA)
    stances = {s.id: (s.id, s.description or None, int(s.neutral), 1) for s in base.stances.values()}
    sources = {
        s.id: (s.id, s.name, s.stance, s.kind, s.reliability, int(s.declared_reliability), s.part_of, s.url,
               _json(s.aliases), s.notes, 1)
        for s in base.sources.values()
    }
    topics = {t.id: (t.id, t.title, t.unit, int(t.cumulative), t.notes, 1) for t in base.topics.values()}

    def need_stance(sid):
        if sid and sid not in stances:
            stances[sid] = (sid, None, 0, 0)

    def need_source(sid):
        if sid and sid not in sources:
            sources[sid] = (sid, sid, None, None, None, 0, None, None, None, None, 0)

    for s in list(sources.values()):
        need_stance(s[2])
        need_source(s[6])
    exported = {r["id"] for r in records}
    claim_rows, app_rows, review_rows = [], [], []
    for r in records:
        need_source(r["claimant"])
        need_stance(r.get("about"))
        if r["topic"] not in topics:
            topics[r["topic"]] = (r["topic"], None, None, 0, None, 0)
        sup = r.get("supersedes")
        claim_rows.append((
            r["id"], r["statement"], r["claimant"], r["topic"], r["status"], r.get("evidence"),
            int(bool(r.get("cross_stance"))), r.get("kind"), r.get("figure"), r.get("low"), r.get("high"),
            r.get("best"), r.get("as_of"), r.get("date"), r.get("about"), sup if sup in exported else None,
            _json(r.get("evidence_agree")), _json(r.get("evidence_conflict")), _json(r.get("tags")),
            r.get("notes"), r.get("path"),
        ))
        for i, a in enumerate(r.get("reported_by") or ()):
            need_source(a["outlet"])
            app_rows.append((r["id"], i, a["outlet"], a.get("date"), a.get("quote"), a.get("url")))
        for i, rv in enumerate(r.get("reviews") or ()):
            need_source(rv["reviewer"])
            rt = rv.get("rating") or {}
            review_rows.append((r["id"], i, rv["reviewer"], rv.get("url"), rv.get("date"), rt.get("name"),
                                rt.get("value"), rt.get("best"), rt.get("worst"), rv["verdict"], rv.get("title"),
                                rv.get("summary"), rv.get("language")))
    db.executemany("INSERT INTO stances VALUES (?,?,?,?)", stances.values())
    db.executemany("INSERT INTO sources VALUES (?,?,?,?,?,?,?,?,?,?,?)", sources.values())
    db.executemany("INSERT INTO topics VALUES (?,?,?,?,?,?)", topics.values())
    db.executemany("INSERT INTO claims VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", claim_rows)
    db.executemany(
        "INSERT INTO appearances (claim, position, outlet, date, quote, url) VALUES (?,?,?,?,?,?)", app_rows
    )
    db.executemany(
        "INSERT INTO reviews (claim, position, reviewer, url, date, rating_name, rating_value, rating_best, "
        "rating_worst, verdict, title, summary, language) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", review_rows
    )
    return {"stances": len(stances), "sources": len(sources), "topics": len(topics),
            "claims": len(claim_rows), "appearances": len(app_rows), "reviews": len(review_rows)}


def write_sqlite(path: Path, base, records: Iterable[dict]) -> dict[str, int]:
    """Write the SQLite file at ``path`` (replacing it atomically); returns
    the row counts. Raises OSError if the folder cannot be written and
    RuntimeError if a reference does not resolve (a bug, never left on disk)."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    os.close(fd)
    ok = False
    try:
        db = sqlite3.connect(tmp)
        try:
            db.execute("PRAGMA journal_mode=OFF")
            db.execute("PRAGMA synchronous=OFF")
            with db:
                counts = fill(db, base, list(records))
            bad = db.execute("PRAGMA foreign_key_check").fetchall()
            if bad:
                raise RuntimeError(f"SQLite export: {len(bad)} reference(s) do not resolve, first {bad[0]}")
            db.execute("PRAGMA journal_mode=DELETE")
        finally:
            db.close()
        os.chmod(tmp, 0o666 & ~umask())  # mkstemp made it 0600
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(tmp, path)
        ok = True
        fsync_dir(folder)
        return counts
    finally:
        if not ok:
            try:
                os.unlink(tmp)
            except OSError:
                pass
