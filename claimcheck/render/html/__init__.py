"""The static HTML report (``claimcheck report``): a :class:`claimcheck.report.Site`
in, the pages out. Layout only: what each page holds is decided in
:mod:`claimcheck.report`. Modules: :mod:`.escape` (the one way base text
enters a page), :mod:`.layout` (the frame, the Content-Security-Policy),
:mod:`.chart` (SVG), :mod:`.tables`, and one module per kind of page."""

from __future__ import annotations

from typing import Iterator

from ...report import DIAGNOSTICS, INDEX, Site
from .diagnostics import diagnostics_page
from .index import index_page
from .layout import document
from .source import source_page
from .topic import topic_page


def render_site(site: Site) -> Iterator[tuple[str, bytes]]:
    """Each page of the report as (path in the report folder, UTF-8 bytes),
    index first; pages are made one at a time, as the writer asks for them."""

    def page(here: str, title: str, body: str, *, script: bool = False, current: str = "") -> tuple[str, bytes]:
        html = document(title=title, site_title=site.title, here=here, body=body, version=site.version,
                        script=script, current=current)
        return here, html.encode("utf-8")

    yield page(INDEX, "Disputed figures", index_page(site), script=True, current="Topics")
    yield page(DIAGNOSTICS, "Diagnostics", diagnostics_page(site), current="Diagnostics")
    for t in site.topics:
        yield page(t.file, t.report.title or t.report.topic, topic_page(site, t))
    for s in site.sources:
        yield page(s.file, s.source.name, source_page(site, s))


__all__ = ["render_site"]
