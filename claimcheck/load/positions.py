"""Positions in a file read by the fast path, found without a YAML parser
where the text is simple, and checked against the data the parser read.

A file that ``yaml_rs`` read has no positions (:mod:`.fast`). When a
diagnostic in it is printed, its line and column are found here, all of one
file's at once (:meth:`FileScan.locate`): the file is read once, the start
of every item of its block-style ``claims:`` list indexed by one regular
expression, and each record wanted is scanned line by line, as the strict
loader would place it (the YAML event marks of libyaml: 1-based lines and
columns counted in characters; a block collection ends where the next token
starts).

The scan takes only a simple form and answers None (the strict parser then
places the node) for anything else: it reads block mappings and sequences
whose keys are plain words, and values on the key's own line (plain or
quoted scalars, one-line flow collections). Before a position is trusted,
what the scan found is compared with the data the fast parser read: every
mapping on the way has the same keys in the same order, every sequence the
same length, and the scalar at the end the same value; a line that opens a
quoted scalar without closing it, or any line of a record outside its
indentation, sends the record to the strict parser.
"""

from __future__ import annotations

import re
from typing import Any

from .strict import Pos, resolve_plain

#: A key line's key, at the mapping's indentation: a plain word.
_KEY = re.compile(r"([A-Za-z0-9_][A-Za-z0-9_.-]*):(?= |$)")
#: A line whose value opens a quoted scalar and does not close it on the line.
_OPEN_QUOTE = re.compile(r"""^ *(?:- +)*(?:[A-Za-z0-9_][A-Za-z0-9_.-]*: +)?(?:"(?:[^"\\\n]|\\.)*|'(?:[^'\n]|'')*)$""", re.M)
_CLAIMS_HEAD = re.compile(r"^claims[ \t]*:[ \t]*(?:#[^\n]*)?\n", re.M)
_FIRST_ITEM = re.compile(r"(?:[ \t]*(?:#[^\n]*)?\n)*( *)-(?=[ \n]|\Z)")

#: A node the scan could not read (its position is left to the strict parser).
UNKNOWN = object()
#: The end of a file that ends without a line break: not placed by the scan.
_NO_END = (-1, -1)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _blank(line: str) -> bool:
    s = line.lstrip(" ")
    return not s or s[0] == "#"


class FileScan:
    """The claim records of one file's text, indexed for scanning."""

    def __init__(self, text: str, claims: list) -> None:
        self.text = text
        self.claims = claims
        self.items: list[tuple[int, int]] = []  # (0-based line, offset) of each item, then the end
        self.item_indent = 0
        self._index()

    def _index(self) -> None:
        text = self.text
        heads = []
        at = 0 if text.startswith("claims") else text.find("\nclaims")
        while at != -1:
            m = _CLAIMS_HEAD.match(text, at if at == 0 and text.startswith("claims") else at + 1)
            if m is not None:
                heads.append(m)
            at = text.find("\nclaims", at + 1)
        if len(heads) != 1:
            return
        pos = heads[0].end()
        first = _FIRST_ITEM.match(text, pos)
        if first is None:
            return
        indent = len(first.group(1))
        start = first.start(1)
        # Every line that starts with the first item's indentation and "-":
        # str.find is several times faster than a multi-line regex here.
        mark = "\n" + " " * indent + "-"
        offs = [start]
        find = text.find
        at = find(mark, start)
        while at != -1:
            after = at + len(mark)
            if after == len(text) or text[after] == " " or text[after] == "\n":
                offs.append(at + 1)
            at = find(mark, after)
        if len(offs) != len(self.claims):
            return
        count = text.count
        line = count("\n", 0, start)
        prev = start
        items = []
        for off in offs:
            line += count("\n", prev, off)
            prev = off
            items.append((line, off))
        # the stream's end: the line after the last one (libyaml ends a file
        # without a final line break there too, unless the file ends in a
        # comment: -1, the scan does not place what ends there)
        items.append((count("\n") if text.endswith("\n") else -1, len(text)))
        self.items = items
        self.item_indent = indent

    def locate(self, index: int, rest: tuple, target: str) -> Pos | None:
        """Position of ``rest`` (keys and indexes) in claim record ``index``,
        as :func:`walk_shadow` gives it; None where the scan cannot tell."""
        items = self.items
        if not 0 <= index < len(items) - 1:
            return None
        line0, start = items[index]
        nline, stop = items[index + 1]
        last = index + 2 == len(items)
        window = self.text[start:stop]
        try:
            if len(rest) == 1 and target != "record" and type(rest[0]) is str:
                found = _top_key(window, line0, self.item_indent, last, self.claims[index], rest[0], target)
                if found is not None:
                    return found
            if _OPEN_QUOTE.search(window):
                return None  # a quoted scalar over several lines: the strict parser places it
            lines = window.split("\n")
            if not last:
                lines.pop()  # the window ends with the line break before the next item
                end_tok = (nline + 1, self.item_indent + 1)
            else:
                end_tok = (nline + 1, 1) if nline >= 0 else _NO_END
            rec = _Record(lines, line0, self.item_indent, end_tok, last)
            return rec.locate(self.claims[index], rest, target)
        except _Give:
            return None


_KEY_LINES: dict[int, re.Pattern] = {}
_SHALLOW: dict[int, re.Pattern] = {}


def _top_key(window: str, line0: int, item_indent: int, last: bool, record: Any, key: str, target: str) -> Pos | None:
    """The common case, by regular expressions over the record's text: the
    key, or a value written on the key's own line, of one of the record's
    own fields. None where the general scan must look (the field is missing,
    or its value is a collection or spans lines)."""
    if type(record) is not dict or key not in record:
        return None
    n = item_indent + 1
    while n < len(window) and window[n] == " ":
        n += 1
    if n == item_indent + 1:
        raise _Give
    w = " " * n + window[n:]
    key_lines = _KEY_LINES.get(n)
    if key_lines is None:
        key_lines = _KEY_LINES[n] = re.compile(r"^ {%d}(?:([A-Za-z0-9_][A-Za-z0-9_.-]*):(?= |$)|(?=[^ #\-\n]))" % n, re.M)
        _SHALLOW[n] = re.compile(r"^ {0,%d}[^ #\n]" % (n - 1), re.M)
    end = len(w)
    if last:  # the record ends at the first line left of its keys (a top-level key after the list)
        m = _SHALLOW[n].search(w, 1)
        if m is not None:
            if m.end() - 1 - m.start() > item_indent:
                raise _Give
            end = m.start()
    # Before the last record, a line left of the keys can only continue a
    # quoted scalar over several lines: one whose key line is among those
    # compared with the data below, whose value (unclosed on its line) the
    # scan refuses; a line of such a scalar at the keys' indentation reads
    # as a key the data does not hold.
    keys = []
    at = -1
    for k in key_lines.finditer(w, 0, end):
        name = k.group(1)
        if name is None:
            raise _Give
        if name == key:
            at = len(keys)
        keys.append(k)
    if len(keys) != len(record) or at < 0 or [k.group(1) for k in keys] != list(record):
        raise _Give
    k = keys[at]
    ln = line0 + w.count("\n", 0, k.start()) + 1
    if target == "key":
        return (ln, n + 1, ln, n + 1 + len(key))
    eol = w.find("\n", k.end(), end)
    if eol < 0:
        eol = end
    line = w[k.start():eol]
    colon = k.end() - k.start()
    text = _value_text(line, colon)
    if not text:
        return None  # an empty value or a collection: the general scan
    nxt = keys[at + 1].start() if at + 1 < len(keys) else end
    between = w[eol + 1:nxt]
    if between and not all(_blank(x) for x in between.split("\n")):
        return None  # more lines: a multi-line scalar, a block scalar
    c = line.index(text, colon)
    if text[0] in "[{|>&*!%@`":
        return None
    _check_scalar(text, record[key])
    return (ln, c + 1, ln, c + 1 + len(text))


class _Give(Exception):
    """The scan cannot read this record: leave it to the strict parser."""


class _Record:
    """One claim record's lines (``lines[0]`` is the item's ``- `` line,
    line ``line0`` of the file, 0-based) and the token after it.

    A node found is ``(position, child)``; a child is a dict (mapping: key ->
    (key position, value position, child)), a list (sequence: (position,
    child)), a str (a scalar as written, "" for an empty value), UNKNOWN, or
    a function of the node's data giving ``(position, child)`` (a collection
    scanned when a pointer first leads into it)."""

    def __init__(self, lines: list[str], line0: int, item_indent: int, end_tok: tuple[int, int], last: bool) -> None:
        first = lines[0]
        n = item_indent + 1
        while n < len(first) and first[n] == " ":
            n += 1
        if n == item_indent + 1 or n >= len(first) or first[n] == "#":
            raise _Give  # "-" alone, or "-key": not the simple form
        lines[0] = " " * n + first[n:]
        # Every line after the first is blank, a comment, or indented at least
        # as the record's keys; in the last record, the first line that is
        # not ends it (the next top-level key, at the left margin).
        for j in range(1, len(lines)):
            line = lines[j]
            if _blank(line):
                continue
            ind = _indent(line)
            if ind < n:
                if not last or ind > item_indent:
                    raise _Give
                end_tok = (line0 + j + 1, ind + 1)
                del lines[j:]
                break
        self.lines = lines
        self.line0 = line0
        self.indent = n
        self.end_tok = end_tok

    def locate(self, record: Any, rest: tuple, target: str) -> Pos:
        """Position of ``rest`` in the record, as :func:`walk_shadow` gives it."""
        vpos, child = self._mapping(0, len(self.lines), self.indent, self.end_tok, record)
        kpos = vpos
        data = record
        for step in rest:
            if type(child) is dict:
                if step not in child:
                    return vpos
                kpos, vpos, child = child[step]
                data = data[step]
            elif type(child) is list:
                if not (type(step) is int and 0 <= step < len(child)):
                    return vpos
                vpos, child = child[step]
                kpos = vpos
                data = data[step]
            elif type(child) is str:  # a scalar: the pointer leads past it
                _check_scalar(child, data)
                return vpos
            else:
                raise _Give
            if callable(child):
                vpos, child = child(data)
        if target == "key":
            if kpos is UNKNOWN:
                raise _Give
            return kpos
        if vpos is UNKNOWN or child is UNKNOWN:
            raise _Give
        if type(child) is str:
            _check_scalar(child, data)
        return vpos

    # --- block collections --------------------------------------------------

    def _next_token(self, j: int, e: int, end):
        """(line, column) of the first token at or after line j (below e), else ``end``."""
        lines = self.lines
        while j < e:
            line = lines[j]
            s = line.lstrip(" ")
            if s and s[0] != "#":
                return (self.line0 + j + 1, len(line) - len(s) + 1)
            j += 1
        return end

    def _mapping(self, s: int, e: int, n: int, end: tuple[int, int], data: Any):
        """The block mapping whose first key is on line s at column n, within
        lines [s, e)."""
        if type(data) is not dict:
            raise _Give
        lines = self.lines
        keys: list[tuple[str, int, int]] = []  # (key, line index, column after the colon)
        j = s
        stop = e
        while j < e:
            line = lines[j]
            t = line.lstrip(" ")
            if not t or t[0] == "#":
                j += 1
                continue
            ind = len(line) - len(t)
            if ind < n:
                stop = j
                break
            if ind == n and t[0] != "-":
                m = _KEY.match(line, n)
                if m is None:
                    raise _Give
                keys.append((m.group(1), j, m.end()))
            elif ind == n and not keys:
                raise _Give
            j += 1
        if len(keys) != len(data) or [k for k, _, _ in keys] != list(data):
            raise _Give
        after = self._next_token(stop, e, end)
        if after is _NO_END:
            raise _Give
        line0 = self.line0
        child: dict[str, tuple] = {}
        last = len(keys) - 1
        for k, (key, j, colon) in enumerate(keys):
            if k < last:
                nxt = keys[k + 1][1]
                vend = (line0 + nxt + 1, n + 1)
            else:
                nxt = stop
                vend = after
            kpos = (line0 + j + 1, n + 1, line0 + j + 1, n + 1 + len(key))
            vpos, vchild = self._value(j, colon, nxt, n, vend)
            child[key] = (kpos, vpos, vchild)
        return (line0 + s + 1, n + 1, after[0], after[1]), child

    def _value(self, j: int, c: int, e: int, n: int, end: tuple[int, int]):
        """The value after the colon (column c) of the key on line j: on the
        key's line, or a block collection on the lines up to e (deeper than n,
        or a sequence at n)."""
        lines = self.lines
        line = lines[j]
        text = _value_text(line, c)
        cont = self._next_token(j + 1, e, None)
        if text:
            if cont is not None:  # more lines: a multi-line plain scalar or a block scalar
                return UNKNOWN, UNKNOWN
            return self._inline(j, line.index(text, c), text)
        if cont is None:  # nothing: a null value, placed just after the colon
            ln = self.line0 + j + 1
            return (ln, c + 1, ln, c + 1), ""
        k = cont[0] - self.line0 - 1
        ind = cont[1] - 1
        first = lines[k]
        if first[ind] == "-" and (len(first) == ind + 1 or first[ind + 1] == " "):
            return UNKNOWN, lambda data: self._sequence(k, e, ind, end, data)
        if ind <= n:
            raise _Give
        return UNKNOWN, lambda data: self._mapping(k, e, ind, end, data)

    def _sequence(self, s: int, e: int, n: int, end: tuple[int, int], data: Any):
        """The block sequence whose first "-" is on line s at column n."""
        if type(data) is not list:
            raise _Give
        lines = self.lines
        starts: list[int] = []
        j = s
        stop = e
        while j < e:
            line = lines[j]
            t = line.lstrip(" ")
            if not t or t[0] == "#":
                j += 1
                continue
            ind = len(line) - len(t)
            if ind < n or (ind == n and t[0] != "-"):
                stop = j
                break
            if ind == n:
                if len(t) > 1 and t[1] != " ":
                    raise _Give
                starts.append(j)
            j += 1
        if len(starts) != len(data):
            raise _Give
        after = self._next_token(stop, e, end)
        if after is _NO_END:
            raise _Give
        line0 = self.line0
        items: list[tuple] = []
        last = len(starts) - 1
        for k, j in enumerate(starts):
            if k < last:
                nxt = starts[k + 1]
                iend = (line0 + nxt + 1, n + 1)
            else:
                nxt = stop
                iend = after
            items.append(self._item(j, n, nxt, data[k], iend))
        return (line0 + s + 1, n + 1, after[0], after[1]), items

    def _item(self, j: int, n: int, e: int, data: Any, end: tuple[int, int]):
        """One "- ..." entry of a block sequence at column n (lines j to e)."""
        lines = self.lines
        line = lines[j]
        c = n + 1
        while c < len(line) and line[c] == " ":
            c += 1
        if c >= len(line) or line[c] == "#":
            return UNKNOWN, UNKNOWN  # the entry's content on the next lines
        if _KEY.match(line, c):  # "- key: value": a mapping at column c
            lines[j] = " " * c + line[c:]
            try:
                return self._mapping(j, e, c, end, data)
            finally:
                lines[j] = line
        text = _value_text(line, c)
        if self._next_token(j + 1, e, None) is not None:
            return UNKNOWN, UNKNOWN
        return self._inline(j, c, text)

    def _inline(self, j: int, c: int, text: str):
        """A value written on line j from column c (0-based): a scalar or a
        one-line flow collection."""
        ln = self.line0 + j + 1
        pos = (ln, c + 1, ln, c + 1 + len(text))
        ch = text[0]
        if ch == "[" or ch == "{":
            return pos, lambda data: (pos, _flow(text, ln, c, data))
        if ch in "|>&*!%@`":
            return UNKNOWN, UNKNOWN
        return pos, text


def _value_text(line: str, c: int) -> str:
    """The value written on ``line`` from column c: without a trailing
    comment or trailing spaces; a quoted scalar up to its closing quote."""
    s = line[c:].lstrip(" ")
    if not s or s[0] == "#":
        return ""
    q = s[0]
    if q == '"':
        k = 1
        while k < len(s):
            ch = s[k]
            if ch == "\\":
                k += 2
                continue
            if ch == '"':
                break
            k += 1
        else:
            raise _Give
        _comment_only(s[k + 1:])
        return s[:k + 1]
    if q == "'":
        k = 1
        while True:
            k = s.find("'", k)
            if k < 0:
                raise _Give
            if s.startswith("'", k + 1):
                k += 2
                continue
            break
        _comment_only(s[k + 1:])
        return s[:k + 1]
    hash_at = s.find(" #")
    if hash_at >= 0:
        s = s[:hash_at]
    return s.rstrip(" ")


def _comment_only(tail: str) -> None:
    """After a quoted scalar: nothing, or spaces and a comment."""
    t = tail.lstrip(" ")
    if t and (t[0] != "#" or t == tail):
        raise _Give


#: The first characters a plain scalar this scan reads may not start with.
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")


def _check_scalar(text: str, data: Any) -> None:
    """The scalar written as ``text`` reads as ``data`` (same value, same type)."""
    if not text:
        value = None
    elif text[0] == '"':
        inner = text[1:-1]
        if "\\" in inner:
            raise _Give  # escapes: left to the strict parser
        value = inner
    elif text[0] == "'":
        value = text[1:-1].replace("''", "'")
    else:
        if ": " in text or text[-1] == ":" or (text[0] in _INDICATORS and not (
                text[0] in "-?:" and len(text) > 1 and text[1] != " ")):
            raise _Give
        value = resolve_plain(text)
    if type(value) is not type(data) or value != data:
        raise _Give


def _flow(text: str, ln: int, c: int, data: Any):
    """The child of a one-line flow sequence or mapping of plain scalars
    (``[a, b]``, ``{low: 1, best: 2}``) written at column c of line ln."""
    inner = text[1:-1]
    if any(ch in inner for ch in "[]{}'\"#") or text[-1] != ("]" if text[0] == "[" else "}"):
        raise _Give
    parts = inner.split(",")
    if parts and not parts[-1].strip(" ") and len(parts) > 1:
        parts.pop()  # a trailing comma
    if len(parts) == 1 and not parts[0].strip(" "):
        parts = []
    at = c + 1
    entries: list[tuple[int, str]] = []  # (0-based column, text)
    for part in parts:
        t = part.strip(" ")
        if not t:
            raise _Give
        entries.append((at + part.index(t), t))
        at += len(part) + 1
    if text[0] == "[":
        if type(data) is not list or len(entries) != len(data):
            raise _Give
        return [((ln, col + 1, ln, col + 1 + len(t)), t) for col, t in entries]
    if type(data) is not dict or len(entries) != len(data):
        raise _Give
    child: dict[str, tuple] = {}
    for col, t in entries:
        m = _KEY.match(t)
        if m is None or m.end() == len(t):
            raise _Give
        key = m.group(1)
        v = t[m.end():].lstrip(" ")
        if not v or key in child:
            raise _Give
        vcol = col + len(t) - len(v)
        child[key] = ((ln, col + 1, ln, col + 1 + len(key)), (ln, vcol + 1, ln, vcol + 1 + len(v)), v)
    if list(child) != list(data):
        raise _Give
    return child
