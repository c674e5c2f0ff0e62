"""``claimcheck extract``: draft claim records from the reports fact-checkers
read (plain text, Markdown, HTML).

:func:`extract_reports` is the one entry point: report bytes in, drafts out
(:class:`~.drafts.Draft`), each traced to its sentence. The pieces, in the
order they run: :mod:`.text` (and :mod:`.html`) read a report into sentences
with positions; :mod:`.figures` finds the figure phrases; :mod:`.dates` reads
dates; :mod:`.attribution` finds who says each figure; :mod:`.topics`
suggests a topic; :mod:`.drafts` builds the drafts; :mod:`.into` writes them
into a base.
"""

from __future__ import annotations

from typing import Iterable

from .drafts import Draft, Options, SourceIndex, extract_document
from .text import ExtractError, read_document
from .topics import TopicIndex

__all__ = ["Draft", "ExtractError", "Options", "extract_reports", "source_index", "topic_index"]


def source_index(base) -> SourceIndex:
    """The sources of a base (or none) by the names they answer to."""
    if base is None:
        return SourceIndex()
    return SourceIndex([(s.id, s.name, list(s.aliases), s.kind) for s in base.sources.values()])


def topic_index(base) -> TopicIndex:
    """The topics of a base (declared, or used by a claim), with their titles."""
    if base is None:
        return TopicIndex.of({})
    out: dict[str, str | None] = {t: (base.topics[t].title if t in base.topics else None) for t in base.topics}
    for c in base.claim_records:
        out.setdefault(c.topic, None)
    return TopicIndex.of(out)


def extract_reports(reports: Iterable[tuple[str, bytes]], base=None, opts: Options | None = None
                    ) -> tuple[list[Draft], list[str]]:
    """Drafts of every report (name, bytes), in order, and the warnings met
    (a report that is not valid UTF-8, ...). Raises :class:`ExtractError` for
    a report that cannot be read at all."""
    opts = opts or Options()
    sources, topics = source_index(base), topic_index(base)
    run_topics: dict[str, str] = {}
    drafts: list[Draft] = []
    warnings: list[str] = []
    for name, data in reports:
        doc = read_document(data, name)
        warnings += doc.warnings
        drafts += extract_document(doc, opts, sources, topics, run_topics)
    return drafts, warnings
