"""A strict YAML loader: plain data out, every problem a :class:`Diagnostic`.

PyYAML as it comes accepts things that corrupt a claim base without a word.
This loader builds Python data from PyYAML's *event* stream (libyaml's C parser
where it is installed), so it decides every rule itself:

* duplicate keys are errors, at the second key, naming the first one's line;
* plain scalars resolve by the YAML 1.2 core schema: ``no``/``yes``/``on``/``off``
  stay strings, only ``true``/``false`` are booleans, ``2018-05-03`` stays text;
* anchors, aliases, merge keys (``<<``) and explicit tags are refused;
* invalid UTF-8, NUL bytes, oversized files, empty files, several documents,
  deep nesting and very long strings each get a clear diagnostic.

A file's data travels with its diagnostics (:class:`LoadedFile`); a broken file
never stops the run. Positions of every node are kept in a shadow tree, so a
later check can point at the exact key or value (:meth:`LoadedFile.locate`).
A faster parser may produce ``data`` without positions: ``locate`` then re-reads
that one file strictly, so only files with problems pay for line numbers.
"""

from __future__ import annotations

import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..diagnostics import ERROR, Diagnostic, define
from ..text import SURROGATE_RE
from .hints import explain

# --- the codes of reading a file ----------------------------------------------
define("CC101", ERROR, "yaml-syntax", "The file is not well-formed YAML.")
define("CC102", ERROR, "duplicate-key", "A mapping holds the same key twice (PyYAML would silently keep the last).")
define("CC103", ERROR, "alias-refused", "Anchors, aliases and merge keys (`&a`, `*a`, `<<`) are refused: no hidden expansion.")
define("CC104", ERROR, "tag-refused", "Explicit tags such as `!!python/object` or `!!str` are refused.")
define("CC105", ERROR, "encoding", "The file is not valid UTF-8 text, or holds NUL bytes.")
define("CC106", ERROR, "file-too-large", "The file is larger than the size cap.")
define("CC107", ERROR, "empty-file", "The file is empty or holds only comments.")
define("CC108", ERROR, "multiple-documents", "The file holds more than one YAML document.")
define("CC110", ERROR, "limit-exceeded", "Nesting depth, string length or claims per file exceed a documented limit.")
define("CC111", ERROR, "unreadable", "The file cannot be read, or is a symlink that loops or leads out of the base.")
define("CC112", ERROR, "complex-key", "A mapping key is not a plain scalar.")

# Documented limits (docs/limits.md).
MAX_FILE_BYTES = 16 * 1024 * 1024
MAX_DEPTH = 48
MAX_STRING = 100_000
MAX_ITEMS = 20_000  # entries in one sequence or mapping (so claims per file)

_INT_RE = re.compile(r"[-+]?[0-9]+")
_OCT_RE = re.compile(r"0o[0-7]+")
_HEX_RE = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT_RE = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_SPECIAL = {
    "": None, "~": None, "null": None, "Null": None, "NULL": None,
    "true": True, "True": True, "TRUE": True,
    "false": False, "False": False, "FALSE": False,
    ".inf": float("inf"), ".Inf": float("inf"), ".INF": float("inf"),
    "+.inf": float("inf"), "+.Inf": float("inf"), "+.INF": float("inf"),
    "-.inf": float("-inf"), "-.Inf": float("-inf"), "-.INF": float("-inf"),
    ".nan": float("nan"), ".NaN": float("nan"), ".NAN": float("nan"),
}


def resolve_plain(value: str) -> Any:
    """Resolve a plain (unquoted) scalar by the YAML 1.2 core schema."""
    if value in _SPECIAL:
        return _SPECIAL[value]
    c = value[0]
    if not (c.isdigit() or c in "+-."):
        return value
    if _INT_RE.fullmatch(value):
        return int(value)
    if _OCT_RE.fullmatch(value):
        return int(value[2:], 8)
    if _HEX_RE.fullmatch(value):
        return int(value[2:], 16)
    if _FLOAT_RE.fullmatch(value):
        return float(value)
    return value


#: Refusals of claimcheck's own that stop reading a file (see _Builder._own_check_first).
_OWN_REFUSALS = frozenset({"CC103", "CC104", "CC105", "CC110", "CC112"})
#: How a parser words its own nesting limit (libyaml 0.2.5+, as shipped in PyYAML 6.0.4).
_PARSER_LIMIT_RE = re.compile(r"nest(?:ing|ed)?\b.*\b(?:depth|level)", re.IGNORECASE)

# A position: (line, column, end_line, end_column), 1-based.
Pos = tuple[int, int, int, int]


class _Abort(Exception):
    """Stop reading one file: its problem is already recorded."""


@dataclass
class LoadedFile:
    path: Path
    rel: str
    data: Any = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    shadow: Any = None  # positions, parallel to data: see _Builder
    positions_known: bool = False

    @property
    def ok(self) -> bool:
        return not any(d.severity == "error" for d in self.diagnostics)

    def locate(self, pointer: tuple, target: str = "value") -> Pos:
        """Position of the node at ``pointer`` (keys and indexes from the top).

        ``target`` is ``value`` (the node), ``key`` (its key in the parent
        mapping) or ``record`` (the node itself; used for a missing field, so the
        pointer names the record). Where the pointer leads past what exists, the
        deepest existing node is returned.
        """
        if not self.positions_known:
            self._load_positions()
        shadow = self.shadow
        if shadow is None:
            return (1, 1, 1, 1)
        return walk_shadow(shadow[0], shadow[1], pointer, target)

    def locate_many(self, requests: list[tuple[tuple, str]]) -> list[Pos]:
        """:meth:`locate` of each (pointer, target)."""
        return [self.locate(p, t) for p, t in requests]

    def _load_positions(self) -> None:
        self.positions_known = True
        try:
            raw = self.path.read_bytes()
        except OSError:
            return
        text, _ = _decode(raw, self.rel)
        if text is None:
            return
        builder = _Builder(self.rel)
        try:
            builder.run(text)
        except _Abort:
            pass
        self.shadow = builder.shadow


def walk_shadow(vpos: Pos, child, pointer: tuple, target: str = "value") -> Pos:
    """Follow ``pointer`` down a shadow tree from the node at ``vpos``; see
    :meth:`LoadedFile.locate` for ``target`` and what a too-long pointer gives."""
    kpos = vpos
    for step in pointer:
        if isinstance(child, dict) and step in child:
            kpos, vpos, child = child[step]
        elif isinstance(child, list) and isinstance(step, int) and 0 <= step < len(child):
            vpos, child = child[step]
            kpos = vpos
        else:
            return vpos
    return kpos if target == "key" else vpos


def _line_of_offset(raw: bytes, offset: int) -> tuple[int, int]:
    line = raw.count(b"\n", 0, offset) + 1
    start = raw.rfind(b"\n", 0, offset) + 1
    return line, offset - start + 1


def _decode(raw: bytes, rel: str) -> tuple[str | None, Diagnostic | None]:
    nul = raw.find(b"\x00")
    if nul >= 0:
        line, col = _line_of_offset(raw, nul)
        return None, Diagnostic(rel, line, col, "CC105", "NUL byte in file: claim files are UTF-8 text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line, col = _line_of_offset(raw, e.start)
        return None, Diagnostic(
            rel, line, col, "CC105", f"invalid UTF-8 (byte 0x{raw[e.start]:02x}): save the file as UTF-8"
        )
    if text.startswith("\ufeff"):
        text = text[1:]
    return text, None


def yaml_module():
    """PyYAML, imported on first use: the fast path never needs it, and it
    costs 16 ms of start-up (measured with python -X importtime)."""
    import yaml

    return yaml


def _loader_class():
    yaml = yaml_module()
    return getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader


class _Builder:
    """Builds plain data and a shadow tree of positions from YAML events.

    Shadow shapes: the root is ``(pos, child)``; a mapping's child is a dict
    ``key -> (key_pos, value_pos, child)``; a sequence's child is a list of
    ``(value_pos, child)``; a scalar's child is None.
    """

    def __init__(self, rel: str) -> None:
        self.rel = rel
        self.diagnostics: list[Diagnostic] = []
        self.data: Any = None
        self.shadow: Any = None

    def _diag(self, mark, code: str, message: str, end=None) -> Diagnostic:
        d = Diagnostic(
            self.rel,
            mark.line + 1,
            mark.column + 1,
            code,
            message,
            end_line=(end.line + 1) if end is not None else 0,
            end_column=(end.column + 1) if end is not None else 0,
        )
        self.diagnostics.append(d)
        return d

    def run(self, text: str, *, recheck: bool = True) -> None:
        yaml = yaml_module()
        loader = _loader_class()(text)
        try:
            self._events(loader)
        except yaml.MarkedYAMLError as e:
            mark = e.problem_mark or e.context_mark
            if recheck and mark is not None and self._own_check_first(text, mark):
                raise _Abort from None
            problem = e.problem or "syntax error"
            if e.context and e.context_mark is not None and e.context_mark.line != getattr(mark, "line", None):
                problem = f"{problem} ({e.context} at line {e.context_mark.line + 1})"
            code = "CC101"
            if _PARSER_LIMIT_RE.search(problem):
                # The parser's own nesting limit, where claimcheck's did not fire first.
                code, problem = "CC110", f"nesting deeper than the YAML parser reads ({problem})"
            else:
                plain = None
                if mark is not None:
                    cm = e.context_mark
                    plain = explain(text, e.problem or "", mark.line + 1, mark.column + 1,
                                    cm.line + 1 if cm is not None else None, e.context or "")
                if plain:  # the common mistakes in plain words, the parser's own at the end
                    problem = f"invalid YAML: {plain} (the parser says: {problem})"
                elif not problem.startswith("invalid YAML"):
                    problem = f"invalid YAML: {problem}"
            if mark is None:
                self.diagnostics.append(Diagnostic(self.rel, 1, 1, code, problem))
            else:
                self._diag(mark, code, problem)
        except yaml.YAMLError as e:  # reader errors: non-printable characters
            line, col = 1, 1
            pos = getattr(e, "position", None)
            if isinstance(pos, int):
                line = text.count("\n", 0, pos) + 1
                col = pos - (text.rfind("\n", 0, pos) + 1) + 1
            reason = getattr(e, "reason", None) or "unreadable input"
            self.diagnostics.append(Diagnostic(self.rel, line, col, "CC101", f"invalid YAML: {reason}"))
        finally:
            dispose = getattr(loader, "dispose", None)
            if dispose:
                dispose()

    def _own_check_first(self, text: str, mark) -> bool:
        """Would one of claimcheck's own refusals (depth, length, entries,
        complex key, anchor, tag) fire before the parser's error at ``mark``?

        A parser reads ahead of the events it hands out (libyaml keeps up to
        1,024 characters of tokens pending while a simple key may still
        start), so its own limits or errors can fire before claimcheck has
        seen the events that come first in the text: PyYAML 6.0.4's libyaml
        stops at 1,000 nested flow levels, before the 49th level reaches the
        builder. The text up to the error is parsed again; where that yields
        a refusal of claimcheck's, it is the answer, on every parser release."""
        start = 0
        for _ in range(mark.line):
            nl = text.find("\n", start)
            if nl < 0:
                return False
            start = nl + 1
        prefix = text[: start + mark.column]
        if not prefix or len(prefix) >= len(text):
            return False
        again = _Builder(self.rel)
        try:
            again.run(prefix, recheck=False)
        except _Abort:
            pass
        if not any(d.code in _OWN_REFUSALS for d in again.diagnostics):
            return False
        self.diagnostics.extend(d for d in again.diagnostics if d.code != "CC101")
        return True

    def _events(self, loader) -> None:
        yaml = yaml_module()
        get = loader.get_event
        ev = get()  # StreamStart
        ev = get()
        if isinstance(ev, yaml.StreamEndEvent):
            self._diag(ev.start_mark, "CC107", "empty file: expected a mapping")
            raise _Abort
        # DocumentStart
        root_mark = ev.start_mark
        stack: list[list] = []
        # frame: [kind, container, shadow_child, pending_key, key_pos, skip_value, unused, start]
        result: list = []

        def pos(ev) -> Pos:
            s, e = ev.start_mark, ev.end_mark
            return (s.line + 1, s.column + 1, e.line + 1, e.column + 1)

        def store(value, vpos, child) -> None:
            if not stack:
                result.append((value, (vpos, child)))
                return
            frame = stack[-1]
            if frame[0] == "seq":
                frame[1].append(value)
                frame[2].append((vpos, child))
                if len(frame[1]) > MAX_ITEMS:
                    self.diagnostics.append(Diagnostic(self.rel, vpos[0], vpos[1], "CC110", f"more than {MAX_ITEMS} entries in one list"))
                    raise _Abort
                return
            key = frame[3]
            if frame[5]:  # duplicate key: value discarded
                frame[3] = None
                frame[5] = False
                return
            frame[1][key] = value
            frame[2][key] = (frame[4], vpos, child)
            frame[3] = None
            if len(frame[1]) > MAX_ITEMS:
                kp = frame[4] or vpos
                self.diagnostics.append(Diagnostic(self.rel, kp[0], kp[1], "CC110", f"more than {MAX_ITEMS} keys in one mapping"))
                raise _Abort

        while True:
            ev = get()
            cls = type(ev)
            if cls is yaml.DocumentEndEvent:
                break
            anchor = getattr(ev, "anchor", None)
            if cls is yaml.AliasEvent:
                self._diag(ev.start_mark, "CC103", f"alias *{ev.anchor} refused: write the value out in full")
                raise _Abort
            if anchor is not None:
                self._diag(ev.start_mark, "CC103", f"anchor &{anchor} refused: write each value out in full")
                raise _Abort
            tag = getattr(ev, "tag", None)
            if tag is not None and cls in (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent):
                shown = tag.replace("tag:yaml.org,2002:", "!!")
                self._diag(ev.start_mark, "CC104", f"tag {shown} refused: claim files hold plain data only")
                raise _Abort
            in_key = bool(stack) and stack[-1][0] == "map" and stack[-1][3] is None
            if cls is yaml.ScalarEvent:
                raw = ev.value
                if len(raw) > MAX_STRING:
                    self._diag(ev.start_mark, "CC110", f"string of {len(raw)} characters (limit {MAX_STRING})")
                    raise _Abort
                if ev.style == '"' and SURROGATE_RE.search(raw):
                    # Only an escape such as "\ud800" can make one (pure-Python parser).
                    self._diag(ev.start_mark, "CC105", "escape for a lone UTF-16 surrogate: not a character; write the character itself")
                    raise _Abort
                if in_key:
                    frame = stack[-1]
                    if ev.style in (None, "") and raw == "<<":
                        self._diag(ev.start_mark, "CC103", "merge key << refused: write each field out in full")
                        raise _Abort
                    kpos = pos(ev)
                    if raw in frame[1]:
                        first = frame[2][raw][0][0]
                        self._diag(
                            ev.start_mark, "CC102",
                            f"duplicate key {raw!r} (first at line {first}); YAML readers would silently keep one",
                            ev.end_mark,
                        )
                        frame[5] = True
                    frame[3] = raw
                    frame[4] = kpos
                    continue
                value = resolve_plain(raw) if ev.style in (None, "") else raw
                store(value, pos(ev), None)
                continue
            if cls is yaml.MappingStartEvent or cls is yaml.SequenceStartEvent:
                if in_key:
                    self._diag(ev.start_mark, "CC112", "complex mapping key refused: keys are plain text")
                    raise _Abort
                if len(stack) >= MAX_DEPTH:
                    self._diag(ev.start_mark, "CC110", f"nesting deeper than {MAX_DEPTH} levels")
                    raise _Abort
                s = ev.start_mark
                start = (s.line + 1, s.column + 1)
                if cls is yaml.MappingStartEvent:
                    stack.append(["map", {}, {}, None, None, False, None, start])
                else:
                    stack.append(["seq", [], [], None, None, False, None, start])
                continue
            if cls is yaml.MappingEndEvent or cls is yaml.SequenceEndEvent:
                frame = stack.pop()
                e = ev.end_mark
                vpos = (frame[7][0], frame[7][1], e.line + 1, e.column + 1)
                store(frame[1], vpos, frame[2])
                continue
        # After the first document.
        ev = get()
        if not isinstance(ev, yaml.StreamEndEvent):
            self._diag(ev.start_mark, "CC108", "a second YAML document (---): one document per file")
            # still use the first document
        value, shadow = result[0] if result else (None, None)
        if value is None and (shadow is None or shadow[1] is None):
            self._diag(root_mark, "CC107", "empty document: expected a mapping")
            raise _Abort
        self.data = value
        self.shadow = shadow


def load_text(text: str, rel: str, path: Path | None = None) -> LoadedFile:
    """Strictly load YAML text (tests and the slow path use this)."""
    lf = LoadedFile(path=path or Path(rel), rel=rel, positions_known=True)
    b = _Builder(rel)
    try:
        b.run(text)
    except _Abort:
        pass
    lf.diagnostics.extend(b.diagnostics)
    lf.shadow = b.shadow
    if not any(d.severity == "error" for d in b.diagnostics):
        lf.data = b.data
    elif b.data is not None and all(d.code == "CC102" for d in b.diagnostics):
        # Duplicate keys do not stop the other checks of the file.
        lf.data = b.data
    return lf


def load_file(path: Path, rel: str) -> LoadedFile:
    """Read one file with every limit of the strict loader applied."""
    try:
        st = path.stat()
    except OSError as e:
        return LoadedFile(path, rel, diagnostics=[Diagnostic(rel, 1, 1, "CC111", f"cannot read file: {e.strerror}")])
    if not stat.S_ISREG(st.st_mode):
        # A FIFO or device named *.yaml would block or never end: not read.
        return LoadedFile(path, rel, diagnostics=[Diagnostic(rel, 1, 1, "CC111", "not a regular file (a pipe, socket or device): refused, not read")])
    size = st.st_size
    if size > MAX_FILE_BYTES:
        return LoadedFile(
            path, rel,
            diagnostics=[Diagnostic(rel, 1, 1, "CC106", f"file of {size} bytes is over the {MAX_FILE_BYTES}-byte cap; split it")],
        )
    try:
        raw = path.read_bytes()
    except OSError as e:
        return LoadedFile(path, rel, diagnostics=[Diagnostic(rel, 1, 1, "CC111", f"cannot read file: {e.strerror}")])
    return load_bytes(raw, rel, path)


def load_bytes(raw: bytes, rel: str, path: Path | None = None) -> LoadedFile:
    if len(raw) > MAX_FILE_BYTES:
        return LoadedFile(
            path or Path(rel), rel,
            diagnostics=[Diagnostic(rel, 1, 1, "CC106", f"file of {len(raw)} bytes is over the {MAX_FILE_BYTES}-byte cap; split it")],
            positions_known=True,
        )
    text, problem = _decode(raw, rel)
    if problem is not None:
        return LoadedFile(path or Path(rel), rel, diagnostics=[problem], positions_known=True)
    if not text.strip():
        return LoadedFile(
            path or Path(rel), rel,
            diagnostics=[Diagnostic(rel, 1, 1, "CC107", "empty file: expected a mapping")],
            positions_known=True,
        )
    return load_text(text, rel, path)
