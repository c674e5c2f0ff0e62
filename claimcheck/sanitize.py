"""Untrusted text made safe to show.

Statements, quotes, names and notes come from the open web and from propaganda
channels. Before any of it reaches a terminal, C0 and C1 control characters,
DEL, ESC sequences and bidirectional overrides are replaced by a visible escape
(``\\x1b``, ``\\u202e``), so nothing in a claim can move the cursor, recolour
the screen, open a hyperlink, retitle the window or reorder what is shown.
Rich markup is a separate matter: renderers pass text to rich as ``Text``
objects, never as markup strings.
"""

from __future__ import annotations

import re

# C0 except TAB/LF, DEL, C1; bidi embeddings/overrides/isolates and marks;
# lone surrogates (an undecodable file name), which no terminal or JSON writer
# can encode.
_UNSAFE_LINE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_UNSAFE_BLOCK = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


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
    return _UNSAFE_LINE.sub(_escape, s)


def safe_block(text: object) -> str:
    """Like :func:`safe`, but keeps newlines (for multi-line panels)."""
    s = text if isinstance(text, str) else str(text)
    return _UNSAFE_BLOCK.sub(_escape, s)


def is_safe(text: str) -> bool:
    return _UNSAFE_BLOCK.search(text) is None


# Characters json.dumps(ensure_ascii=False) leaves raw that a terminal acts on
# or that no encoder accepts: DEL, C1, bidi controls, line/paragraph separators
# and lone surrogates. They can only occur inside JSON strings, where a \u
# escape means the same character.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def dumps(obj, **kw) -> str:
    """``json.dumps(obj, ensure_ascii=False, **kw)`` made safe by
    :func:`json_text`: every JSON document claimcheck prints goes through here."""
    import json

    return json_text(json.dumps(obj, ensure_ascii=False, **kw))


def write_json_records(write, records, *, head: dict | None = None, key: str = "", encode=None) -> None:
    """Write a JSON list of records, one compact record per line, as they come
    (json's C encoder writes compact JSON only; indenting 100,000 records in
    pure Python takes most of a minute, and building one string doubles the
    memory). With ``head`` and ``key``: an object holding ``head``'s fields
    and the list under ``key``. ``encode``: record -> JSON text, where the
    records are not dicts for json (:class:`claimcheck.query.ClaimJSON`)."""
    if head is not None:
        write("{\n")
        for k, v in head.items():
            write(f"  {dumps(k)}: {dumps(v)},\n")
        write(f"  {dumps(key)}: [")
        indent = "\n    "
    else:
        write("[")
        indent = "\n  "
    import json

    if encode is None:
        encode = json.JSONEncoder(ensure_ascii=False).encode  # one encoder for every record
    sep = "," + indent
    chunk: list[str] = []
    first = True
    for rec in records:
        chunk.append(encode(rec))
        if len(chunk) == _CHUNK:
            write(("" if first else ",") + indent + json_text(sep.join(chunk)))
            chunk.clear()
            first = False
    if chunk:
        write(("" if first else ",") + indent + json_text(sep.join(chunk)))
        first = False
    if head is not None:
        write("\n  ]\n}\n" if not first else "]\n}\n")
    else:
        write("\n]\n" if not first else "]\n")


#: Records encoded before one write: fewer, larger writes and escape passes.
_CHUNK = 512


def json_text(dumped: str) -> str:
    """A JSON document (from ``json.dumps(..., ensure_ascii=False)``) with the
    characters above written as ``\\uXXXX`` escapes: the same data when parsed,
    and safe to print on a terminal (json.dumps already escapes C0 and ESC)."""
    if dumped.isascii() and "\x7f" not in dumped:  # nothing to escape (two fast tests; DEL is ASCII)
        return dumped
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)
