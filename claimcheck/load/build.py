"""The model built from the data of checked files: sources, stances, topics, claims.

Every record whose required fields are usable enters the model, even when
other fields are wrong (the checks between records then see it, and
validation reports the rest); nothing here reports a problem.
"""

from __future__ import annotations

from typing import Any

from ..figures import FigureError, parse_figure
from ..model import Appearance, Base, Claim, Rating, Review, Source, Stance, Topic
from ..schema.verdicts import verdict
from .strict import LoadedFile

def _opt_text(v: Any) -> str | None:
    return v if isinstance(v, str) and v.strip() else None


def _date_text(v: Any) -> str | None:
    if isinstance(v, int) and not isinstance(v, bool):
        return str(v)
    return v if isinstance(v, str) else None


def _num(v: Any) -> float | None:
    if isinstance(v, (int, float)) and not isinstance(v, bool) and v == v and abs(v) != float("inf"):
        return v
    return None


def build_reviews(raw: Any) -> tuple[Review, ...]:
    """The usable reviews of a claim record (those naming their reviewer)."""
    if not isinstance(raw, list):
        return ()
    out = []
    for r in raw:
        if not isinstance(r, dict) or not isinstance(r.get("reviewer"), str):
            continue
        rt = r.get("rating")
        rating = Rating()
        if isinstance(rt, dict):
            rating = Rating(_opt_text(rt.get("name")), _num(rt.get("value")), _num(rt.get("best")), _num(rt.get("worst")))
        out.append(Review(
            reviewer=r["reviewer"],
            url=_opt_text(r.get("url")),
            date=_date_text(r.get("date")),
            rating=rating,
            title=_opt_text(r.get("title")),
            summary=_opt_text(r.get("summary")),
            language=_opt_text(r.get("language")),
            verdict=verdict(rating.name, rating.value, rating.best, rating.worst).status,
        ))
    return tuple(out)


def build_sources(base: Base, lf: LoadedFile) -> None:
    data = lf.data
    if not isinstance(data, dict):
        return
    stances = data.get("stances")
    if isinstance(stances, dict):
        for sid, desc in stances.items():
            if isinstance(desc, dict):
                d = desc.get("description")
                base.stances[sid] = Stance(sid, d if isinstance(d, str) else "", desc.get("neutral") is True)
            else:
                base.stances[sid] = Stance(sid, desc if isinstance(desc, str) else "")
    pub = data.get("publisher")
    if isinstance(pub, dict):
        base.publisher = pub
    sources = data.get("sources")
    if not isinstance(sources, list):
        return
    for i, rec in enumerate(sources):
        if not isinstance(rec, dict):
            continue
        sid, name, stance = rec.get("id"), rec.get("name"), rec.get("stance")
        if not (isinstance(sid, str) and isinstance(name, str) and isinstance(stance, str)):
            continue
        if sid in base.sources:
            continue  # reported by checks as a duplicate
        rel_ = rec.get("reliability")
        aliases = rec.get("aliases")
        base.sources[sid] = Source(
            id=sid,
            name=name,
            stance=stance,
            kind=_opt_text(rec.get("kind")),
            reliability=rel_ if rel_ in ("A", "B", "C", "D", "E", "F") else "F",
            declared_reliability=rel_ in ("A", "B", "C", "D", "E", "F"),
            part_of=_opt_text(rec.get("part_of")),
            url=_opt_text(rec.get("url")),
            aliases=tuple(a for a in aliases if isinstance(a, str)) if isinstance(aliases, list) else (),
            notes=_opt_text(rec.get("notes")),
            rel=lf.rel,
            index=i,
        )


_REQUIRED_TEXT = ("id", "statement", "claimant", "topic", "status")


def build_claims(base: Base, lf: LoadedFile) -> None:
    """Every claim whose required fields are text enters the model, so the
    checks between records see it even when other fields are wrong."""
    topics, claims = claims_of(lf.data, lf.rel)
    add_claims(base, lf, topics, claims)


def add_claims(base: Base, lf: LoadedFile, topics: list[Topic], claims: list[Claim]) -> None:
    """Add one file's topics and claims to the model (the first of each id is
    the one ``base.topics`` and ``base.claims`` keep)."""
    decls = base.topic_decls
    known = base.topics
    for t in topics:
        decls.append((t, lf))
        known.setdefault(t.id, t)
    records = base.claim_records
    first = base.claims
    records.extend(claims)
    for claim in claims:
        if claim.id not in first:
            first[claim.id] = claim


def claims_of(data: Any, rel: str) -> tuple[list[Topic], list[Claim]]:
    """The topics and claims of one claims file's data, in file order."""
    if not isinstance(data, dict):
        return [], []
    out_topics: list[Topic] = []
    topics = data.get("topics")
    if isinstance(topics, dict):
        for tid, attrs in topics.items():
            attrs = attrs if isinstance(attrs, dict) else {}
            out_topics.append(Topic(
                id=tid,
                title=_opt_text(attrs.get("title")),
                unit=_opt_text(attrs.get("unit")),
                cumulative=attrs.get("cumulative") is True,
                notes=_opt_text(attrs.get("notes")),
                rel=rel,
            ))
    claims = data.get("claims")
    if not isinstance(claims, list):
        return out_topics, []
    records: list[Claim] = []
    for i, rec in enumerate(claims):
        if type(rec) is not dict and not isinstance(rec, dict):
            continue
        get = rec.get
        cid, statement, claimant, topic, status = get("id"), get("statement"), get("claimant"), get("topic"), get("status")
        if not (isinstance(cid, str) and isinstance(statement, str) and isinstance(claimant, str)
                and isinstance(topic, str) and isinstance(status, str)):
            continue
        fig_raw = get("figure")
        figure = None
        fig_text = fig_error = None
        if fig_raw is not None:
            try:
                figure = parse_figure(fig_raw)
                fig_text = figure.text
            except (FigureError, TypeError, ValueError) as e:
                figure = None
                fig_error = getattr(e, "brief", None) or str(e) or f"{fig_raw!r}"
                if isinstance(fig_raw, str):
                    fig_text = fig_raw.strip()
                elif isinstance(fig_raw, (int, float)) and not isinstance(fig_raw, bool):
                    fig_text = str(fig_raw)
        rb = get("reported_by")
        apps: list[Appearance] = []
        if isinstance(rb, list):
            for a in rb:
                if isinstance(a, dict) and isinstance(a.get("outlet"), str):
                    apps.append(Appearance(a["outlet"], _date_text(a.get("date")), _opt_text(a.get("quote")), _opt_text(a.get("url"))))
        tags = get("tags")
        rv = get("reviews")
        ignore = get("ignore")
        records.append(Claim(
            id=cid,
            statement=statement,
            claimant=claimant,
            topic=topic,
            status=status,
            about=_opt_text(rec.get("about")),
            figure_text=fig_text,
            figure=figure,
            figure_error=fig_error,
            as_of=_date_text(rec.get("as_of")),
            reported_by=tuple(apps),
            reviews=build_reviews(rv) if rv else (),
            supersedes=_opt_text(rec.get("supersedes")),
            tags=tuple(t for t in tags if isinstance(t, str)) if isinstance(tags, list) else (),
            notes=_opt_text(rec.get("notes")),
            rel=rel,
            index=i,
            ignore=ignore if type(ignore) is dict else {},
        ))
    return out_topics, records
