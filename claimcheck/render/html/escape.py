"""The one way text from the claim base enters the report's HTML.

:func:`esc` is applied to every string from the base, in element content and
in attribute values alike (attributes are always double-quoted): control
characters and bidirectional overrides become visible escapes
(:func:`claimcheck.text.safe`), then ``& < > " '`` become character
references (``html.escape`` with ``quote=True``), so nothing in a claim can
open a tag, close an attribute or reorder what is shown. Links to the web
are made by :func:`web_link` only: absolute http(s) URLs, escaped, opened
with ``rel="noopener noreferrer"``; anything else is shown as text.
"""

from __future__ import annotations

import html
import posixpath

from ...text import safe, safe_block


def esc(text: object) -> str:
    """Untrusted text for HTML content or a double-quoted attribute value."""
    if text is None:
        return ""
    return html.escape(safe(text), quote=True)


def esc_block(text: object) -> str:
    """Like :func:`esc`, keeping newlines (shown by ``white-space: pre-line``)."""
    if text is None:
        return ""
    return html.escape(safe_block(text), quote=True)


def http_url(url: object) -> str | None:
    """``url`` when it is an absolute http(s) URL with nothing unsafe in it, else None."""
    if not isinstance(url, str):
        return None
    low = url[:8].lower()
    if not (low.startswith("http://") or low.startswith("https://")) or len(url) <= len("http://"):
        return None
    if safe(url) != url or any(c.isspace() for c in url):
        return None
    return url


def web_link(url: object, text: object | None = None) -> str:
    """A link to the web, or the text alone where ``url`` is not an http(s) URL."""
    label = esc(url if text is None else text)
    u = http_url(url)
    if u is None:
        return label
    return f'<a href="{esc(u)}" rel="noopener noreferrer" referrerpolicy="no-referrer">{label}</a>'


def href(here: str, target: str, fragment: str = "") -> str:
    """The relative address of page ``target`` (a report path such as
    ``sources/x.html``) from page ``here``, with an optional #fragment;
    escaped for an attribute."""
    rel = posixpath.relpath(target, posixpath.dirname(here) or ".")
    return esc(rel + (f"#{fragment}" if fragment else ""))


def page_link(here: str, target: str | None, text: object, fragment: str = "") -> str:
    """A link to another page of the report, or the text alone where there is none."""
    if target is None:
        return esc(text)
    return f'<a href="{href(here, target, fragment)}">{esc(text)}</a>'
