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

A file read by the fast path has no positions. When problems in it are
printed, :meth:`FastFile.locate_many` finds all their positions at once
without parsing the whole file again where it can: for the records of a
block-style ``claims:`` list it scans the record's lines
(:mod:`.positions`), or parses only that record's lines with the strict
loader (at the same line and column offsets), and checks that what it read
equals what the fast parser read; anything else re-reads the file strictly,
once.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Any

from . import strict as _yl
from .positions import FileScan
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
    # Every "_" in "_by:" or "_of:" (the keys reported_by, as_of, part_of) is
    # in no number: a file whose "_" are all such keys needs no token test.
    n = text.count("_")
    if n and n != text.count("_by:") + text.count("_of:"):
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
    raw = file_bytes(path)
    if raw is None:
        return load_file(path, rel)
    return read_bytes(raw, path, rel)


def read_bytes(raw: bytes, path: Path, rel: str) -> LoadedFile:
    """One file's bytes read as :func:`read_fast` reads the file."""
    ok, data = fast_bytes_data(raw)
    if ok:
        return FastFile(path=path, rel=rel, data=data)
    return load_bytes(raw, rel, path)


def file_bytes(path: Path) -> bytes | None:
    """The bytes of a regular file within the size cap; None where the
    strict loader must open the file itself (and report why)."""
    try:
        st = path.stat()
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode) or st.st_size > _yl.MAX_FILE_BYTES:
        return None
    try:
        return path.read_bytes()
    except OSError:
        return None


def read_fast_bytes(raw: bytes, rel: str, path: Path) -> LoadedFile:
    """Read one file given as bytes (a file of a git revision): fast where
    :func:`fast_data` allows, else strictly. The file keeps its bytes, so
    positions are found in them, never in whatever ``path`` now holds."""
    ok, data = fast_bytes_data(raw)
    if ok:
        return FastFile(path=path, rel=rel, data=data, raw=raw)
    return load_bytes(raw, rel, path)


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

#: Where more claim records of one file than this need the strict parser's
#: positions, the whole file is parsed strictly once instead.
STRICT_RECORDS_MAX = 32


class FastFile(LoadedFile):
    """A file read by the fast path: positions found when first asked for.

    It keeps no text: positions are found by reading the file again, once
    for all the pointers asked for at a time (:meth:`locate_many`). Its data
    may come packed (marshal bytes from a worker process this one forked:
    :mod:`.parallel`), unpacked on first use. A file read from bytes
    (``raw``: a file of a git revision) keeps them and looks there."""

    def __init__(self, path: Path, rel: str, data: Any = None, packed: bytes | None = None,
                 raw: bytes | None = None) -> None:
        super().__init__(path=path, rel=rel, data=data)
        self._packed = packed
        self._records: dict[int, Any] = {}
        self._raw = raw
        self._known: dict[tuple, Pos] = {}

    def shareable(self) -> bytes | None:
        """The data packed, where another process can place this file's
        positions as this one would (it is read from disk: no bytes kept in
        memory); else None."""
        return self._packed if self._raw is None else None

    def know(self, requests: list[tuple[tuple, str]], found: list[Pos]) -> None:
        """Positions of these requests, found elsewhere (by a worker process,
        reading the same file as :meth:`locate_many` would): asked again,
        they are answered from here."""
        self._known.update(zip(requests, found))

    def _bytes(self) -> bytes:
        return self._raw if self._raw is not None else self.path.read_bytes()

    def _load_positions(self) -> None:
        if self._raw is None:
            super()._load_positions()
            return
        self.positions_known = True
        self.shadow = load_bytes(self._raw, self.rel, self.path).shadow

    @property
    def data(self) -> Any:
        if self._packed is not None:
            self._data = self._peek()
            self._packed = None
        return self._data

    @data.setter
    def data(self, value: Any) -> None:
        self._data = value

    def pack(self) -> None:
        """Keep the data packed (marshal bytes in memory, a few times smaller)
        until it is used: a large base holds little more than its model."""
        if self._packed is None and self._data is not None:
            import marshal

            self._packed = marshal.dumps(self._data)
            self._data = None

    def _peek(self) -> Any:
        """The data, without keeping it unpacked."""
        if self._packed is None:
            return self._data
        import marshal

        return marshal.loads(self._packed)

    def locate(self, pointer: tuple, target: str = "value") -> Pos:
        return self.locate_many([(pointer, target)])[0]

    def locate_many(self, requests: list[tuple[tuple, str]]) -> list[Pos]:
        """The position of each (pointer, target), as :meth:`LoadedFile.locate`
        gives it. The file is read once; each claim record is scanned
        (:class:`.positions.FileScan`), and a record the scan cannot read is
        parsed strictly, once (the whole file, once, where such records are
        many or a pointer lies outside the claims list)."""
        if self.positions_known:
            return [LoadedFile.locate(self, p, t) for p, t in requests]
        if self._known:
            known = [self._known.get(r) for r in requests]
            if None in known:  # found here those not found elsewhere
                missing = [r for r, pos in zip(requests, known) if pos is None]
                it = iter(self._locate_many(missing))
                known = [pos if pos is not None else next(it) for pos in known]
            return known
        return self._locate_many(requests)

    def _locate_many(self, requests: list[tuple[tuple, str]]) -> list[Pos]:
        out: list = [None] * len(requests)
        scan = self._scan()
        left: list[int] = []
        for k, (pointer, target) in enumerate(requests):
            if scan is not None and len(pointer) >= 2 and pointer[0] == "claims" and type(pointer[1]) is int:
                pos = scan.locate(pointer[1], pointer[2:], target)
                if pos is not None:
                    out[k] = pos
                    continue
            left.append(k)
        if left:
            outside = any(not _claim_pointer(requests[k][0]) for k in left)
            records = {requests[k][0][1] for k in left} if not outside else set()
            strict = scan is None or outside or len(records - set(self._records)) > STRICT_RECORDS_MAX
            for k in left:
                pointer, target = requests[k]
                found = None
                if not strict and _claim_pointer(pointer):
                    found = self._record(scan, pointer[1])
                if found is not None:
                    out[k] = walk_shadow(found[0], found[1], pointer[2:], target)
                else:
                    out[k] = LoadedFile.locate(self, pointer, target)  # the whole file, strictly, once
        return out

    def _scan(self) -> FileScan | None:
        """The file's claim records indexed for scanning, or None."""
        data = self._peek()
        claims = data.get("claims") if isinstance(data, dict) else None
        if not isinstance(claims, list) or not claims:
            return None
        try:
            text = self._bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        scan = FileScan(text, claims)
        return scan if scan.items else None

    def _record(self, scan, index: int):
        """(pos, shadow child) of claim record ``index``, parsed strictly, or None."""
        if index not in self._records:
            self._records[index] = self._parse_record(scan, index)
        return self._records[index]

    def _parse_record(self, scan, index: int):
        """Parse record ``index`` strictly from its first line up to and
        including the line of the next token (the record's end position lies
        there), with as many blank lines in front as the file has lines before
        it, so lines and columns are the file's. None unless the record read
        equals the one the fast parser read."""
        items = scan.items
        if not 0 <= index < len(items) - 1:
            return None
        text = scan.text
        line, start = items[index]
        _, stop = items[index + 1]
        if index + 2 < len(items):  # the next item: include its first line
            eol = text.find("\n", stop)
            stop = len(text) if eol < 0 else eol + 1
        window = "\n" * line + text[start:stop]
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
        if builder.data[0] != scan.claims[index]:
            return None
        return builder.shadow[1][0]


def _claim_pointer(pointer: tuple) -> bool:
    return len(pointer) >= 2 and pointer[0] == "claims" and type(pointer[1]) is int


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
