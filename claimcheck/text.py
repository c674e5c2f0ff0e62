"""Characters that untrusted text must not carry, and that text made safe to show.

Statements, quotes, names and notes come from the open web and from propaganda
channels. Before any of it reaches a terminal, C0 and C1 control characters,
DEL, ESC sequences and bidirectional overrides are replaced by a visible escape
(``\\x1b``, ``\\u202e``), so nothing in a claim can move the cursor, recolour
the screen, open a hyperlink, retitle the window or reorder what is shown.
Rich markup is a separate matter: renderers pass text to rich as ``Text``
objects, never as markup strings. The character classes here are the only
ones: the loader, the YAML writer, the URL rule and the JSON writer use them.
"""

from __future__ import annotations

import re

#: Bidirectional marks, embeddings, overrides and isolates: they reorder or
#: hide text on a terminal or in an editor.
BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
#: Lone UTF-16 surrogates (an escape such as "\\ud800", an undecodable file
#: name): not characters; no terminal or encoder accepts them.
SURROGATES = "\ud800-\udfff"
SURROGATE_RE = re.compile(f"[{SURROGATES}]")
#: C0 controls but TAB and LF, DEL, and C1 controls.
CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f"

_UNSAFE_LINE = re.compile(f"[\n{CONTROLS}{BIDI}{SURROGATES}]")
_UNSAFE_BLOCK = re.compile(f"[{CONTROLS}{BIDI}{SURROGATES}]")


def _escape(m: re.Match) -> str:
    c = ord(m.group())
    if c == 0x0A:
        return "\\n"
    if c == 0x0D:
        return "\\r"
    return f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}"


def safe(text: object) -> str:
    """One line of untrusted text, every unsafe character shown as an escape
    (newlines too)."""
    s = text if isinstance(text, str) else str(text)
    if s.isascii() and s.isprintable():  # no control character, DEL or line break: nothing to escape (the common case)
        return s
    return _UNSAFE_LINE.sub(_escape, s)


def safe_block(text: object) -> str:
    """Like :func:`safe`, but keeps newlines (for multi-line panels)."""
    s = text if isinstance(text, str) else str(text)
    return _UNSAFE_BLOCK.sub(_escape, s)


def is_safe(text: str) -> bool:
    return _UNSAFE_BLOCK.search(text) is None
