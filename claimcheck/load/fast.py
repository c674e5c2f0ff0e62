"""Choosing how files are read: a fast path in front of the strict loader.

``reader()`` returns the function ``(path, rel) -> LoadedFile`` that
:func:`claimcheck.base.open_base` uses. The strict event-based loader in
:mod:`.strict` is the reference. Where the Rust-backed parser
``yaml_rs`` (PyPI ``yaml-rs``, pinned) is installed, a file is read by it
instead when nothing in the file could make the two disagree:

1. :func:`strict_reason` looks at the raw text and sends the file to the
   strict loader when it might hold anything the strict loader refuses or
   resolves differently: a BOM, control characters, ``\\r`` or other line
   breaks, tabs, an anchor, alias or tag (``&``, ``*``, ``!`` where a node can
   start), a merge key ``<<``, a directive, a document marker ``---``/``...``,
   an escaped surrogate, a very long line (deep nesting), or a number form
   that YAML 1.2's core schema keeps as text but ``yaml_rs`` reads as a
   number (digit separators ``1_000``, ``0b101``, ``+0x1F``, ``0X1F``, ...).
2. ``yaml_rs`` parses the text; any exception, several documents, a top level
   that is not a mapping, a key that is not text, or data over one of the
   strict loader's limits (depth, string length, entries) sends the file to
   the strict loader too.

``CLAIMCHECK_PARSER=strict`` forces the strict loader for every file.

A file read by the fast path has no positions. When a check reports a problem
in it, :meth:`FastFile.locate` finds the position without re-reading the whole
file where it can: for a claim record in a block-style ``claims:`` list it
parses only that record's lines (with the strict loader, at the same line and
column offsets) and checks that the record it got equals the one the fast
parser read; anything else re-reads the file strictly, once.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Any

from . import strict as _yl
from .strict import LoadedFile, Pos, _Abort, _Builder, _loader_class, load_bytes, load_file, walk_shadow, yaml_module

ENV_PARSER = "CLAIMCHECK_PARSER"
#: Lines longer than this go to the strict loader: block nesting needs a
#: column per level, and yaml_rs recurses without a limit on block nesting
#: (it crashes at ~100,000 levels); this keeps any file well below that.
MAX_FAST_LINE = 4000


def reader():
    """The file reader open_base uses: fast where yaml_rs is installed."""
    if os.environ.get(ENV_PARSER, "").strip().lower() == "strict":
        return load_file
    loads = _fast_loads()
    if loads is None:
        return load_file
    return read_fast


_LOADS: Any = False


def _fast_loads():
    global _LOADS
    if _LOADS is False:
        try:
            import yaml_rs

            _LOADS = yaml_rs.loads
        except Exception:  # not installed, or a broken wheel: the strict loader serves
            _LOADS = None
    return _LOADS


# --- the raw-text pre-check -------------------------------------------------

# Control characters PyYAML's reader refuses, plus \r, tab, NEL, LS, PS, BOM
# anywhere and the non-characters U+FFFE/U+FFFF: a plain ASCII-or-UTF-8 text
# without any of these reads the same in both parsers as far as characters go.
_ODD_CHAR = re.compile("[^\n -~\u00a0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
_ASCII_OK = bytes([10, *range(0x20, 0x7F)])
#: '&', '*' or '!' where a node can start: after one of " \t\n[{," (or at the
#: very start of the text, tested apart: a look-behind makes the search 4x slower).
_PROPERTY = re.compile(r"[ \t\n\[{,][&*!]")
_RADIX = re.compile(r"0[bBxXoO]")
_SURROGATE_ESC = re.compile(r"\\(?:u[dD][89a-fA-F]|U0000[dD][89a-fA-F])")
_NUMBERISH = frozenset("0123456789abcdefABCDEFxXoObB+-._")
_LEFT_EDGE = frozenset(" \t\n[{,:?-")
_RIGHT_EDGE = frozenset(" \t\n]},:#")
_DIGITS = frozenset("0123456789")


def _number_token(text: str, i: int) -> bool:
    """Is the plain token around text[i] made only of number characters and
    bounded like a scalar (so yaml_rs might read it as a number)?"""
    n = len(text)
    a = i
    while a > 0 and text[a - 1] in _NUMBERISH:
        a -= 1
    b = i + 1
    while b < n and text[b] in _NUMBERISH:
        b += 1
    if a > 0 and text[a - 1] not in _LEFT_EDGE:
        return False
    if b < n and text[b] not in _RIGHT_EDGE:
        return False
    return not _DIGITS.isdisjoint(text[a:b])


def _flow_reason(text: str) -> str | None:
    """Flow collections ({...}, [...]) are kept only in their simple one-line
    form: brackets closed on the line they open, no '?' and every ':' followed
    by a space. libyaml refuses some valid multi-line or ':'-led flow forms that
    yaml_rs reads (YAML test suite 4ABK, 4MUZ, 58MP, 652Z, VJP3)."""
    for opener in "{[":
        i = text.find(opener)
        while i != -1:
            a = text.rfind("\n", 0, i) + 1
            b = text.find("\n", i)
            if b == -1:
                b = len(text)
            flow = text[i:b]
            if (flow.count("{") != flow.count("}") or flow.count("[") != flow.count("]") or "?" in flow
                    or _FLOW_COLON.search(flow)):
                return "flow collection not in simple one-line form"
            i = text.find(opener, b)
            del a
    return None


_FLOW_COLON = re.compile(r":(?! )")


def strict_reason(text: str) -> str | None:
    """Why ``text`` must be read by the strict loader, or None for the fast path."""
    if text.isascii():
        # bytes.translate deleting every allowed byte leaves the control characters
        if text.encode("ascii").translate(None, _ASCII_OK):
            return "control character, tab or carriage return"
    else:
        m = _ODD_CHAR.search(text)
        if m is not None:
            return f"character U+{ord(m.group()):04X}"
    if "<<" in text:
        return "merge key"
    if text.startswith(("%", "---", "...")) or "\n%" in text or "\n---" in text or "\n..." in text:
        return "directive or document marker"
    if ("&" in text or "*" in text or "!" in text) and (text.startswith(("&", "*", "!")) or _PROPERTY.search(text)):
        return "anchor, alias or tag"
    if "{" in text or "[" in text:
        why = _flow_reason(text)
        if why:
            return why
    tail = text[text.rfind("\n") + 1:]
    if tail and not tail.strip(" "):
        return "last line of spaces without a line break"
    if "\\" in text and _SURROGATE_ESC.search(text):
        return "escaped surrogate"
    i = text.find("_")
    while i != -1:
        if _number_token(text, i):
            return "number with '_'"
        i = text.find("_", i + 1)
    for m in _RADIX.finditer(text):
        if _number_token(text, m.start()):
            return "number with a radix prefix"
    if len(text) > MAX_FAST_LINE:
        # A line of MAX_FAST_LINE characters fully covers some aligned block of
        # half that size: only a block without a line break needs the exact test.
        half = MAX_FAST_LINE // 2
        for k in range(0, len(text), half):
            if text.find("\n", k, k + half) == -1:
                if max(map(len, text.split("\n"))) > MAX_FAST_LINE:
                    return "very long line"
                break
    return None


# --- after parsing ----------------------------------------------------------


class _Refuse(Exception):
    pass


def _check(value: Any, depth: int, max_depth: int, max_items: int, max_string: int) -> None:
    """Raise _Refuse where the data holds a non-text key or passes a limit of
    the strict loader (which would report it: the strict path will)."""
    if depth > max_depth:
        raise _Refuse
    if len(value) > max_items:
        raise _Refuse
    if type(value) is dict:
        for k in value:
            if type(k) is not str or len(k) > max_string:
                raise _Refuse
        values = value.values()
    else:
        values = value
    for v in values:
        t = type(v)
        if t is str:
            if len(v) > max_string:
                raise _Refuse
        elif t is dict or t is list:
            _check(v, depth + 1, max_depth, max_items, max_string)


def fast_data(text: str) -> tuple[bool, Any]:
    """(True, data) when the fast path read ``text`` exactly as the strict
    loader would; (False, None) when the strict loader must read it."""
    loads = _fast_loads()
    if loads is None or strict_reason(text) is not None:
        return False, None
    try:
        data = loads(text, parse_datetime=False)
        if type(data) is not dict or not data:
            raise _Refuse
        _check(data, 1, _yl.MAX_DEPTH, _yl.MAX_ITEMS, _yl.MAX_STRING)
    except RecursionError:
        return False, None
    except Exception:
        return False, None
    return True, data


def read_fast(path: Path, rel: str) -> LoadedFile:
    """Read one file: fast where :func:`fast_data` allows, else strictly."""
    ok, found = fast_file_data(path)
    if ok:
        return FastFile(path=path, rel=rel, data=found)
    if found is None:
        return load_file(path, rel)
    return load_bytes(found, rel, path)


def read_fast_bytes(raw: bytes, rel: str, path: Path) -> LoadedFile:
    """Read one file given as bytes (a file of a git revision): fast where
    :func:`fast_data` allows, else strictly. The file keeps its bytes, so
    positions are found in them, never in whatever ``path`` now holds."""
    ok, data = fast_bytes_data(raw)
    if ok:
        return FastFile(path=path, rel=rel, data=data, raw=raw)
    return load_bytes(raw, rel, path)


def fast_file_data(path: Path) -> tuple[bool, Any]:
    """(True, data) where the fast path reads the file; else (False, raw
    bytes for the strict loader), or (False, None) where the strict loader
    must open the file itself (not a regular file, too large, unreadable)."""
    try:
        st = path.stat()
    except OSError:
        return False, None
    if not stat.S_ISREG(st.st_mode) or st.st_size > _yl.MAX_FILE_BYTES:
        return False, None
    try:
        raw = path.read_bytes()
    except OSError:
        return False, None
    ok, data = fast_bytes_data(raw)
    return (True, data) if ok else (False, raw)


def fast_bytes_data(raw: bytes) -> tuple[bool, Any]:
    """(True, data) where the fast path reads these bytes, else (False, None)."""
    if len(raw) > _yl.MAX_FILE_BYTES or b"\x00" in raw or raw.startswith(b"\xef\xbb\xbf"):
        return False, None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return False, None
    return fast_data(text)


# --- positions on demand ----------------------------------------------------

_CLAIMS_HEAD = re.compile(rb"^claims[ \t]*:[ \t]*(?:#[^\n]*)?\n", re.M)
_FIRST_ITEM = re.compile(rb"(?:[ \t]*(?:#[^\n]*)?\n)*( *)-(?=[ \n]|\Z)")


class FastFile(LoadedFile):
    """A file read by the fast path: positions found when first asked for.

    It keeps no text: a record's position is found by reading that record's
    bytes again (the file's byte offsets of the claims items are indexed by
    one line scan the first time a position is asked for). A file read from
    bytes (``raw``: a file of a git revision) keeps them and looks there."""

    def __init__(self, path: Path, rel: str, data: Any, raw: bytes | None = None) -> None:
        super().__init__(path=path, rel=rel, data=data)
        self._items: list[tuple[int, int]] | None = None
        self._records: dict[int, Any] = {}
        self._raw = raw

    def _bytes(self) -> bytes:
        return self._raw if self._raw is not None else self.path.read_bytes()

    def _load_positions(self) -> None:
        if self._raw is None:
            super()._load_positions()
            return
        self.positions_known = True
        self.shadow = load_bytes(self._raw, self.rel, self.path).shadow

    def locate(self, pointer: tuple, target: str = "value") -> Pos:
        if (not self.positions_known and len(pointer) >= 2 and pointer[0] == "claims"
                and type(pointer[1]) is int):
            found = self._record(pointer[1])
            if found is not None:
                return walk_shadow(found[0], found[1], pointer[2:], target)
        return super().locate(pointer, target)

    def _item_index(self) -> list[tuple[int, int]]:
        """(0-based line, byte offset) where each item of a block-style
        top-level ``claims`` list starts, then (line count, size) of the file:
        the last record's window runs to the end of the file, where the token
        after it (and so its end position) lies. [] when the file is not in
        that simple form."""
        if self._items is not None:
            return self._items
        self._items = []
        claims = self.data.get("claims")
        if not isinstance(claims, list) or not claims:
            return self._items
        try:
            raw = self._bytes()
        except OSError:
            return self._items
        heads = list(_CLAIMS_HEAD.finditer(raw))
        if len(heads) != 1:
            return self._items
        pos = heads[0].end()
        first = _FIRST_ITEM.search(raw, pos)  # blank and comment lines, then the first item
        if first is None or first.start() != pos:
            return self._items
        indent = len(first.group(1))
        items: list[tuple[int, int]] = []
        line = raw.count(b"\n", 0, first.start(1))
        prev = first.start(1)
        # Every line that starts an entry at the list's indentation. Lines past
        # the end of the list that look alike make the count differ: the file
        # then takes the strict locator. Each record found is also checked
        # against the fast parser's (see _parse_record).
        for m in re.finditer(rb"^" + b" " * indent + rb"-(?=[ \n]|\Z)", raw[first.start(1):], re.M):
            off = first.start(1) + m.start()
            line += raw.count(b"\n", prev, off)
            prev = off
            items.append((line, off))
        if len(items) != len(claims):
            return self._items
        items.append((raw.count(b"\n"), len(raw)))  # the rest of the file bounds the last record
        self._items = items
        return items

    def _record(self, index: int):
        """(pos, shadow child) of claim record ``index``, or None."""
        if index in self._records:
            return self._records[index]
        found = None
        items = self._item_index()
        if 0 <= index < len(items) - 1:
            found = self._parse_record(items, index)
        self._records[index] = found
        return found

    def _parse_record(self, items: list[tuple[int, int]], index: int):
        """Parse record ``index`` strictly from its first line up to and
        including the line of the next token (the record's end position lies
        there), with as many blank lines in front as the file has lines before
        it, so lines and columns are the file's. None unless the record read
        equals the one the fast parser read."""
        line, start = items[index]
        if index + 1 < len(items) - 1:  # the next item: include its first line
            nline, noff = items[index + 1]
            stop = None
        else:
            nline, stop = items[-1]
        try:
            if self._raw is not None:
                if stop is None:
                    eol = self._raw.find(b"\n", noff)
                    stop = len(self._raw) if eol < 0 else eol + 1
                chunk = self._raw[start:stop]
            else:
                with open(self.path, "rb") as fh:
                    fh.seek(start)
                    if stop is None:
                        chunk = fh.read(noff - start)
                        chunk += fh.readline()
                    else:
                        chunk = fh.read(stop - start)
            window = "\n" * line + chunk.decode("utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        builder = _Builder(self.rel)
        loader = _loader_class()(window)
        try:
            builder._events(_FirstItem(loader))
        except _Abort:
            return None
        except Exception:
            return None
        finally:
            loader.dispose()
        if builder.diagnostics or not isinstance(builder.data, list) or len(builder.data) != 1:
            return None
        if builder.data[0] != self.data["claims"][index]:
            return None
        return builder.shadow[1][0]


class _FirstItem:
    """Events of a YAML stream up to the end of the first item of its top
    sequence, then the events that close the stream: what follows the record
    (the next record, or the rest of the file) is never parsed."""

    def __init__(self, loader) -> None:
        self.loader = loader
        self.depth = 0
        self.closing: list | None = None

    def get_event(self):
        yaml = yaml_module()
        if self.closing is not None:
            return self.closing.pop(0)
        ev = self.loader.get_event()
        cls = type(ev)
        if cls is yaml.MappingStartEvent or cls is yaml.SequenceStartEvent:
            self.depth += 1
            if self.depth == 1 and cls is not yaml.SequenceStartEvent:
                raise ValueError("not a sequence")
        elif cls is yaml.MappingEndEvent or cls is yaml.SequenceEndEvent:
            self.depth -= 1
            if self.depth == 1:
                self._close(ev)
        elif cls is yaml.ScalarEvent and self.depth == 1:
            self._close(ev)
        elif cls is yaml.AliasEvent and self.depth == 1:
            self._close(ev)
        return ev

    def _close(self, ev) -> None:
        yaml = yaml_module()
        m = ev.end_mark
        self.closing = [yaml.SequenceEndEvent(m, m), yaml.DocumentEndEvent(m, m), yaml.StreamEndEvent(m, m)]
