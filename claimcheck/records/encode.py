"""JSON as claimcheck writes it: safe to print, and streamed for large answers.

Every JSON document claimcheck prints or writes goes through :func:`dumps`
or :func:`write_json_records`, never through rich (which wraps lines).
"""

from __future__ import annotations

import json
import re

from ..load import sharing as _sharing
from ..text import BIDI, SURROGATES

# Characters json.dumps(ensure_ascii=False) leaves raw that a terminal acts on
# or that no encoder accepts: DEL, C1, bidi controls, line/paragraph separators
# and lone surrogates. They can only occur inside JSON strings, where a \u
# escape means the same character.
_JSON_UNSAFE = re.compile(f"[\x7f-\x9f\u2028\u2029{BIDI}{SURROGATES}]")


def dumps(obj, **kw) -> str:
    """``json.dumps(obj, ensure_ascii=False, **kw)`` made safe by
    :func:`escape_json`: every JSON document claimcheck prints goes through here."""
    return escape_json(json.dumps(obj, ensure_ascii=False, **kw))


def write_json_records(write, records, *, head: dict | None = None, key: str = "", encode=None,
                       encoded: bool = False) -> None:
    """Write a JSON list of records, one compact record per line, as they come
    (json's C encoder writes compact JSON only; indenting 100,000 records in
    pure Python takes most of a minute, and building one string doubles the
    memory). With ``head`` and ``key``: an object holding ``head``'s fields
    and the list under ``key``. ``encode``: record -> JSON text, where the
    records are not dicts for json (:class:`claimcheck.records.claims.ClaimJSON`);
    ``encoded``: the records are their JSON texts already."""
    if head is not None:
        write("{\n")
        for k, v in head.items():
            write(f"  {dumps(k)}: {dumps(v)},\n")
        write(f"  {dumps(key)}: [")
        indent = "\n    "
    else:
        write("[")
        indent = "\n  "
    if encode is None:
        encode = json.JSONEncoder(ensure_ascii=False).encode  # one encoder for every record
    sep = "," + indent

    def joined(chunk) -> str:
        return escape_json(sep.join(chunk if encoded else map(encode, chunk)))

    first = True
    for text in _encoded_chunks(records, joined, parallel=not encoded):
        write(("" if first else ",") + indent + text)
        first = False
    if head is not None:
        write("\n  ]\n}\n" if not first else "]\n}\n")
    else:
        write("\n]\n" if not first else "]\n")


#: Records encoded before one write: fewer, larger writes and escape passes.
_CHUNK = 512


def _encoded_chunks(records, joined, parallel: bool):
    """``joined(chunk)`` of consecutive chunks of ``records``, in order."""
    if parallel and isinstance(records, list):
        # a long list is encoded by worker processes too: a piece of records in, its JSON text out
        yield from _sharing.pieces(records, joined, large=len(records) >= _sharing.SHARE_CLAIMS, serial=_CHUNK)
        return
    chunk: list = []
    for rec in records:
        chunk.append(rec)
        if len(chunk) == _CHUNK:
            yield joined(chunk)
            chunk = []
    if chunk:
        yield joined(chunk)


def escape_json(dumped: str) -> str:
    """A JSON document (from ``json.dumps(..., ensure_ascii=False)``) with the
    characters above written as ``\\uXXXX`` escapes: the same data when parsed,
    and safe to print on a terminal (json.dumps already escapes C0 and ESC)."""
    if dumped.isascii() and "\x7f" not in dumped:  # nothing to escape (two fast tests; DEL is ASCII)
        return dumped
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)
