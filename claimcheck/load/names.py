"""The ids of a base read cheaply, for shell completion: a scan of the bytes
of the files that hold them, never a YAML parse, and only of those files
(source and stance ids from ``sources.yaml``; claim and topic ids from the
claim files, read only when one of those is completed).

A scan finds what the files write in the usual block style (``- id: x``,
``topic: x``, a topic as a key under ``topics:``, a stance as a key under
``stances:``); an id written another way (a flow mapping, a quoted key
spread over lines) is not offered. Completion offers ids; ``validate``
decides what the base holds.
"""

from __future__ import annotations

import re
from pathlib import Path

from .find import SOURCES_FILE, iter_claim_files

_SLUG = rb"[A-Za-z0-9][A-Za-z0-9._-]*"
_ID_REST = rb"[A-Za-z0-9._-]*"
_TOPIC_REST = rb"[A-Za-z0-9._/-]*"
_LINE_START = re.compile(rb"[ \t]*(?:-[ \t]+)?")


def _key_values(key: bytes, rest: bytes, prefix: str) -> re.Pattern:
    """``key: value`` with the value beginning with ``prefix``. The pattern
    begins with the key itself, so the regex engine jumps from one to the
    next (a pattern that tries every line start is ten times slower on a
    base of 100,000 claims); :func:`_found` checks that the key begins its
    line (or follows a list item's dash)."""
    start = re.escape(prefix.encode("utf-8", "replace"))
    return re.compile(key + rb":[ \t]*[\"']?(" + start + rest + rb")[\"']?[ \t]*(?:#[^\n]*)?\r?$", re.M)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


def _found(pattern: re.Pattern, texts, prefix: str) -> list[str]:
    out = set()
    for data in texts:
        for m in pattern.finditer(data):
            line = data.rfind(b"\n", 0, m.start()) + 1
            if not _LINE_START.fullmatch(data, line, m.start()):
                continue  # the key is the end of a longer key, or not at the start of its line
            word = m.group(1).decode("utf-8", "replace")
            if word:
                out.add(word)
    return sorted(out)


def _claim_files(root: Path):
    for path, _rel, problem in iter_claim_files(root):
        if problem is None:
            yield _read(path)


def claim_ids(root: Path, prefix: str = "") -> list[str]:
    """The claim ids of the claim files that begin with ``prefix``, sorted."""
    return _found(_key_values(b"id", _ID_REST, prefix), _claim_files(root), prefix)


def source_ids(root: Path, prefix: str = "") -> list[str]:
    """The source ids of ``sources.yaml`` that begin with ``prefix``, sorted."""
    return _found(_key_values(b"id", _ID_REST, prefix), [_read(root / SOURCES_FILE)], prefix)


#: A top-level ``topics:`` and the lines under it: declared topics are its keys.
_TOPICS = re.compile(rb"^topics:[ \t]*(?:#[^\n]*)?\r?\n((?:(?:[ \t][^\n]*|[ \t]*#[^\n]*|[ \t]*)\r?\n)*)", re.M)
_DECLARED_TOPIC = re.compile(rb"^[ \t]+[\"']?(" + _SLUG + rb"(?:/" + _SLUG + rb")*)[\"']?[ \t]*:", re.M)


def topic_ids(root: Path, prefix: str = "") -> list[str]:
    """The topics the claims name and those the files declare (the keys
    under ``topics:``), that begin with ``prefix``, sorted."""
    used = _key_values(b"topic", _TOPIC_REST, prefix)
    out: set[str] = set()
    for data in _claim_files(root):
        out.update(_found(used, [data], prefix))
        block = _TOPICS.search(data)
        if block is not None:
            keys = list(_DECLARED_TOPIC.finditer(block.group(1)))
            indent = min((len(k.group(0)) - len(k.group(0).lstrip()) for k in keys), default=0)
            out.update(w for k in keys if len(k.group(0)) - len(k.group(0).lstrip()) == indent
                       and (w := k.group(1).decode("utf-8", "replace")).startswith(prefix))
    return sorted(out)


_STANCES = re.compile(rb"^stances:[ \t]*(?:#[^\n]*)?\r?\n((?:(?:[ \t][^\n]*|[ \t]*#[^\n]*|[ \t]*)\r?\n)*)", re.M)
_KEY = re.compile(rb"^([ \t]+)[\"']?(" + _SLUG + rb")[\"']?[ \t]*:", re.M)


def stance_ids(root: Path, prefix: str = "") -> list[str]:
    """The stances of the vocabulary in ``sources.yaml`` (the keys under
    ``stances:``) that begin with ``prefix``, sorted."""
    m = _STANCES.search(_read(root / SOURCES_FILE))
    if m is None:
        return []
    keys = list(_KEY.finditer(m.group(1)))
    if not keys:
        return []
    indent = min(len(k.group(1)) for k in keys)
    found = {k.group(2).decode("utf-8", "replace") for k in keys if len(k.group(1)) == indent}
    return sorted(s for s in found if s.startswith(prefix))
