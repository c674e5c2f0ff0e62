"""Topics: declared once with one set of attributes, declared where claims use
them, and holding figures of one kind."""

from __future__ import annotations

from typing import Iterator

from ..diagnostics import ERROR, WARNING, Diagnostic, define
from ..model import Base, Claim
from ..suggest import did_you_mean
from .position import claim_at

define("CC307", WARNING, "undeclared-topic", "A claim's topic is declared in no file.")
define("CC308", ERROR, "topic-conflict", "A topic is declared twice with different attributes.")
define("CC508", WARNING, "mixed-figure-kinds", "Claims on one topic give figures of different kinds (counts, percentages, dates), which are never compared with each other.")


def check_topics(base: Base) -> Iterator[Diagnostic]:
    first: dict[str, tuple] = {}
    for t, lf in base.topic_decls:
        attrs = (t.title, t.unit, t.cumulative, t.notes)
        if t.id not in first:
            first[t.id] = (attrs, lf)
            continue
        attrs0, lf0 = first[t.id]
        if attrs != attrs0:
            fl, fc, *_ = lf0.locate(("topics", t.id), "key")
            line, col, el, ec = lf.locate(("topics", t.id), "key")
            yield Diagnostic(lf.rel, line, col, "CC308",
                             f"topic {t.id!r} declared again with different attributes (first at {lf0.rel}:{fl}:{fc})",
                             "", el, ec, ((lf0.rel, fl, fc),))
    declared = list(base.topics)
    for c in base.claim_records:
        if c.topic not in base.topics:
            yield claim_at(base, c, "topic", "CC307",
                            f"claim {c.id!r}: topic {c.topic!r} is declared in no file{did_you_mean(c.topic, declared, cutoff=0.5)}")


def check_topic_kinds(base: Base) -> Iterator[Diagnostic]:
    """A topic counts one thing: figures of another kind than most of the
    topic's (a percentage among counts) are flagged where they stand."""
    kinds: dict[str, dict[str, list[Claim]]] = {}
    for c in base.claims.values():
        if c.figure is not None:
            kinds.setdefault(c.topic, {}).setdefault(c.figure.kind, []).append(c)
    rank = {"number": 0, "percent": 1, "date": 2}
    for topic, by_kind in kinds.items():
        if len(by_kind) < 2:
            continue
        main = max(by_kind, key=lambda k: (len(by_kind[k]), -rank.get(k, 9)))
        for kind, claims in by_kind.items():
            if kind == main:
                continue
            for c in claims:
                yield claim_at(base, c, "figure", "CC508",
                                f"claim {c.id!r} gives a {kind} figure on topic {topic!r}, whose other claims give "
                                f"{main} figures: they are never compared; move it to a topic of its own")


