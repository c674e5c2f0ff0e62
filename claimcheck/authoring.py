"""Authoring without loss: new claims, sources and stances, and status changes.

Pure core (no typer, no rich). Every edit is *placed as text*: the new record
is rendered as YAML and inserted at the end of the list it joins, or one value
span is replaced, so every other byte of the file (comments, blank lines, key
order, quoting and flow styles, other records) stays exactly as it was. Each
edited file is then re-read strictly and must load to exactly the data
intended (the old data plus the change); anything else is refused rather than
written.

An operation runs as one transaction (:func:`_transaction`):

1. take the base lock (:func:`claimcheck.safewrite.base_lock`) for the whole
   read-check-write;
2. read the base and the bytes of each file to edit, and compute the edits;
3. check the new state of the whole base with
   ``open_base(root, extra_files={rel: new_bytes})``; if the edit brings any
   new error, nothing is written;
4. write each edited file atomically, after checking that it still holds the
   bytes the edit was computed from (a file changed meanwhile by another
   program is re-read and the edit recomputed, up to three times, before the
   operation gives up with a clear message).

Rules (documented in the README):

* **Target file of a new claim**: the ``target`` given (``--file``); else the
  file that declares the claim's topic under ``topics:``; else the file that
  holds the most claims on that topic (the first in path order on a tie); else
  ``claims/<first segment of the topic>.yaml`` (created if absent).
* **Generated id**: ``<claimant>-<topic with '/' as '-'>``, reduced to a
  lowercase slug of at most 60 characters (cut at a ``-``); if the base already
  has that id, ``-2``, ``-3``... is appended, the first free one wins.
* **Supersedes**: a new claim that ``supersedes`` an older one also sets the
  older claim's status to ``superseded``, in the same locked operation (the
  newer claim's file is written first: a crash between the two writes leaves
  at most a CC507 warning, never an error).
"""

from __future__ import annotations

import copy
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from .diagnostics import Diagnostic, did_you_mean
from .safewrite import (
    DEFAULT_LOCK_TIMEOUT,
    ChangedOnDisk,
    WriteError,
    atomic_write,
    base_lock,
    read_snapshot,
    remove_stale_temps,
)
from .schema import CLAIM, SLUG_RE, SOURCE, STATUSES, TOPIC_RE
from .yamlload import LoadedFile, load_text, resolve_plain

SOURCES_FILE = "sources.yaml"
CLAIMS_DIR = "claims"
ID_MAX = 60
ATTEMPTS = 3


class AuthoringError(Exception):
    """An edit refused before anything was written. ``code`` is the exit code
    the CLI should use (1: a named thing not found or not editable; 2: usage)."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


@dataclass
class AddResult:
    """What an authoring operation did (or would do, on a dry run).

    ``diagnostics``: the problems of the new state that the edit brings (those
    not already in the base before it), errors and warnings. ``ok``: no error
    among them. ``written``: base-relative paths written (empty when not ok or
    on a dry run). ``preview``: the YAML text added or changed, per file.
    ``ids``: ids of the claims (or sources) added or changed.
    ``earlier_errors``: errors the base already had, which the edit did not cause.
    """

    diagnostics: list[Diagnostic] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    preview: str = ""
    ok: bool = True
    ids: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # files the edit touches
    earlier_errors: int = 0
    changed: bool = True  # False: the base already said so (set-status to the same status)


EditResult = AddResult


# --- rendering scalars -------------------------------------------------------

_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# Characters written as escapes inside double quotes: what YAML readers refuse
# or treat as line breaks, and what could reorder or hide text in an editor.
_ESCAPE_RE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff" + _BIDI + "\ud800-\udfff]"
)
_YAML11_WORDS = frozenset(
    "y n yes no on off true false null ~ =".split()
)
_NUMBERISH = re.compile(r"[-+]?[0-9][0-9_,:.]*(?:[eE][-+]?[0-9]+)?|[-+]?\.[0-9].*|0[xob].*", re.IGNORECASE)
_DATEISH = re.compile(r"\d{4}-\d{2}(?:-\d{2})?")
_FLOW_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ._/-]*")
_INDICATORS = "-?:,[]{}#&*!|>'\"%@`"
_SURROGATE = re.compile("[\ud800-\udfff]")


def check_text(value: str, what: str = "text") -> None:
    """Refuse text that cannot be written as UTF-8 (lone surrogates, as
    Python makes of undecodable bytes in command-line arguments)."""
    if _SURROGATE.search(value):
        raise AuthoringError(f"{what} is not valid Unicode text (undecodable bytes?): {value.encode('utf-8', 'backslashreplace').decode('ascii', 'replace')[:80]}")


def plain_ok(s: str, flow: bool = False) -> bool:
    """Can ``s`` be written unquoted and read back as the same string, by
    YAML 1.2 and (conservatively) by YAML 1.1 readers too?"""
    if not s or s != s.strip() or "\t" in s or "\n" in s or "\r" in s:
        return False
    if _ESCAPE_RE.search(s) or "\x85" in s:
        return False
    if s[0] in _INDICATORS:
        return False
    if ": " in s or " #" in s or s.endswith(":"):
        return False
    if flow and not _FLOW_PLAIN.fullmatch(s):
        return False
    if s.lower() in _YAML11_WORDS:
        return False
    if _NUMBERISH.fullmatch(s) and not _DATEISH.fullmatch(s):
        return False
    v = resolve_plain(s)
    return isinstance(v, str) and v == s


def double_quoted(s: str) -> str:
    out = ['"']
    for c in s:
        if c == '"':
            out.append('\\"')
        elif c == "\\":
            out.append("\\\\")
        elif c == "\n":
            out.append("\\n")
        elif c == "\t":
            out.append("\\t")
        elif c == "\r":
            out.append("\\r")
        elif c == "\x85" or _ESCAPE_RE.match(c):
            o = ord(c)
            out.append(f"\\x{o:02x}" if o < 0x100 else f"\\u{o:04x}")
        else:
            out.append(c)
    out.append('"')
    return "".join(out)


def render_scalar(value: Any, flow: bool = False) -> str:
    """One scalar as YAML text that loads back (strictly) to ``value``."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value:
            return ".nan"
        if value in (float("inf"), float("-inf")):
            return ".inf" if value > 0 else "-.inf"
        r = repr(value)
        return r if ("." in r or "e" in r or "n" in r) else r + ".0"
    if isinstance(value, str):
        check_text(value)
        return value if plain_ok(value, flow) else double_quoted(value)
    raise TypeError(f"cannot render {type(value).__name__} as a YAML scalar")


def render_flow(value: Any) -> str:
    """A value in flow style (one line)."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{render_key(k)}: {render_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(render_flow(v) for v in value) + "]"
    return render_scalar(value, flow=True)


def render_key(key: str) -> str:
    return key if plain_ok(key, flow=True) else double_quoted(key)


def _flow_friendly(items: Iterable[Any]) -> bool:
    return all(not isinstance(x, (dict, list, tuple)) and len(render_scalar(x, flow=True)) < 60 for x in items)


def render_block(rec: dict, indent: int, nl: str = "\n") -> list[str]:
    """Lines (without line ends) of a block mapping whose keys sit at column
    ``indent`` (0-based). The caller puts the first line after a dash."""
    lines: list[str] = []
    pad = " " * indent
    for k, v in rec.items():
        if v is None:
            continue
        key = render_key(k)
        if isinstance(v, dict):
            lines.append(f"{pad}{key}: {render_flow(v)}")
        elif isinstance(v, (list, tuple)):
            if not v:
                lines.append(f"{pad}{key}: []")
            elif _flow_friendly(v):
                lines.append(f"{pad}{key}: {render_flow(list(v))}")
            else:
                lines.append(f"{pad}{key}:")
                for item in v:
                    lines.extend(_block_item(item, indent + 2))
        else:
            lines.append(f"{pad}{key}: {render_scalar(v)}")
    return lines


def _block_item(item: Any, dash_col: int, gap: int = 1) -> list[str]:
    """A sequence item: ``- `` then the value; mappings continue indented."""
    dash = " " * dash_col + "-" + " " * gap
    if isinstance(item, dict) and item:
        inner = render_block(item, dash_col + 1 + gap)
        if not inner:
            return [dash + "{}"]
        return [dash + inner[0][dash_col + 1 + gap:]] + inner[1:]
    if isinstance(item, (list, tuple, dict)):
        return [dash + render_flow(item)]
    return [dash + render_scalar(item)]


def render_record(rec: dict, dash_col: int = 2, gap: int = 1) -> str:
    """A record as a block sequence item, ending with a newline (for previews)."""
    return "\n".join(_block_item(rec, dash_col, gap)) + "\n"


# --- a file's text and node positions ---------------------------------------

_BREAK_RE = re.compile("\r\n|\r|\n|\x85|\u2028|\u2029")


class _Doc:
    """The text of one YAML file with offsets of its nodes (from the strict
    loader's positions)."""

    def __init__(self, rel: str, raw: bytes | None) -> None:
        self.rel = rel
        self.raw = raw
        if raw is None:
            self.bom = ""
            self.text = ""
        else:
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise AuthoringError(f"{rel} is not UTF-8 text; fix it before editing it (claimcheck validate)") from None
            self.bom = "\ufeff" if text.startswith("\ufeff") else ""
            self.text = text[len(self.bom):]
        self.nl = "\r\n" if "\r\n" in self.text else "\n"
        self._load()

    def _load(self) -> None:
        self.lf: LoadedFile | None = None
        self.data: Any = None
        self.shadow: Any = None
        starts = [0]
        for m in _BREAK_RE.finditer(self.text):
            starts.append(m.end())
        self._starts = starts
        if self.raw is None or not self.text.strip():
            return
        lf = load_text(self.text, self.rel)
        if lf.diagnostics and all(d.code == "CC107" for d in lf.diagnostics):
            return  # only comments: treated as an empty file
        if not lf.ok:
            first = next(d for d in lf.diagnostics if d.severity == "error")
            raise AuthoringError(
                f"{self.rel} has errors ({first.path}:{first.line}:{first.column}: {first.code} {first.message}); "
                "fix them before editing it with claimcheck"
            )
        self.lf = lf
        self.data = lf.data
        self.shadow = lf.shadow

    def set_text(self, text: str) -> None:
        self.text = text
        self.raw = (self.bom + text).encode("utf-8")
        self._load()

    def encoded(self) -> bytes:
        return (self.bom + self.text).encode("utf-8")

    def off(self, line: int, col: int) -> int:
        return self._starts[line - 1] + col - 1

    def node(self, pointer: tuple) -> tuple[tuple, Any]:
        """(pos, child) of the node at ``pointer``; KeyError if absent."""
        vpos, child = self.shadow
        for step in pointer:
            if isinstance(child, dict):
                _, vpos, child = child[step]
            elif isinstance(child, list):
                vpos, child = child[step]
            else:
                raise KeyError(step)
        return vpos, child

    def is_flow(self, pos: tuple) -> bool:
        o = self.off(pos[0], pos[1])
        return o < len(self.text) and self.text[o] in "[{"

    def start(self, pos: tuple) -> int:
        return self.off(pos[0], pos[1])

    def end(self, pos: tuple) -> int:
        return self.off(pos[2], pos[3])

    def last_end(self, pos: tuple, child: Any) -> int:
        """Offset just after the last character of the node's content (block
        collections end where their last leaf ends, not at the next token)."""
        if isinstance(child, (dict, list)) and child and not self.is_flow(pos):
            best = 0
            if isinstance(child, dict):
                for kpos, vpos, sub in child.values():
                    best = max(best, self.end(kpos), self.last_end(vpos, sub))
            else:
                for vpos, sub in child:
                    best = max(best, self.last_end(vpos, sub))
            return best
        return self.end(pos)

    def line_after(self, offset: int) -> tuple[int, str]:
        """Where a new line can go after the line holding ``offset``: (offset,
        prefix), the prefix being a line break when the file lacks a final one."""
        t = self.text
        if offset == 0 or t[offset - 1] in "\n\r\x85\u2028\u2029":
            return offset, ""
        m = _BREAK_RE.search(t, offset)
        if m is None:
            return len(t), self.nl
        return m.end(), ""

    def column_of(self, pos: tuple) -> int:
        return pos[1] - 1


def _replace(text: str, start: int, end: int, new: str) -> str:
    return text[:start] + new + text[end:]


# --- edits (each returns the new text) --------------------------------------


def _append_item(doc: _Doc, key: str, item: dict) -> str:
    """Append ``item`` to the list under top-level ``key`` (creating the key)."""
    nl = doc.nl
    if doc.data is None:  # new or empty file
        body = "".join(line + nl for line in _block_item(item, 2))
        t = doc.text
        if t and not t.endswith(("\n", "\r")):
            t += nl
        return t + f"{key}:{nl}" + body
    root_pos, root = doc.shadow
    if not isinstance(root, dict):
        raise AuthoringError(f"{doc.rel}: the top level is not a mapping; fix it first")
    if key not in root:
        if doc.is_flow(root_pos):
            raise AuthoringError(f"{doc.rel} is written as one flow mapping {{...}}; add '{key}:' by hand first")
        col = doc.column_of(root_pos)
        at, pre = doc.line_after(doc.last_end(root_pos, root))
        body = "".join(line + nl for line in _block_item(item, col + 2))
        return _replace(doc.text, at, at, f"{pre}{' ' * col}{key}:{nl}{body}")
    kpos, vpos, child = root[key]
    value = doc.data[key]
    if value is None:
        # `key:` with nothing (or ~ / null): drop the null, add a block list below.
        s, e = doc.start(vpos), doc.end(vpos)
        text = _replace(doc.text, s, e, "") if e > s else doc.text
        at = _line_end_after(text, s if e > s else doc.end(kpos))
        col = doc.column_of(kpos)
        pre = "" if at == 0 or text[at - 1] in "\n\r" else nl
        body = "".join(line + nl for line in _block_item(item, col + 2))
        return _replace(text, at, at, pre + body)
    if not isinstance(value, list):
        raise AuthoringError(f"{doc.rel}: '{key}' is not a list; fix it first")
    if doc.is_flow(vpos):
        rendered = render_flow(item)
        if not child:
            at = doc.start(vpos) + 1
            return _replace(doc.text, at, at, rendered)
        last_pos, last_child = child[-1]
        at = doc.end(last_pos)
        if last_pos[0] != vpos[0]:  # items on their own lines
            indent = " " * doc.column_of(last_pos)
            after = doc.text[at:doc.end(vpos)]
            if after.lstrip(" \t").startswith(","):  # trailing comma: a new line after the last item's line
                line_end = _line_end_after(doc.text, at)
                if line_end <= doc.end(vpos) - 1:
                    return _replace(doc.text, line_end, line_end, f"{indent}{rendered},{nl}")
            return _replace(doc.text, at, at, f",{nl}{indent}{rendered}")
        return _replace(doc.text, at, at, ", " + rendered)
    dash_col = doc.column_of(vpos)
    first_pos, _ = child[0]
    gap = first_pos[1] - vpos[1] - 1 if first_pos[0] == vpos[0] else 1
    gap = max(1, gap)
    last_pos, last_child = child[-1]
    at, pre = doc.line_after(doc.last_end(last_pos, last_child))
    body = "".join(line + nl for line in _block_item(item, dash_col, gap))
    return _replace(doc.text, at, at, pre + body)


def _line_end_after(text: str, offset: int) -> int:
    m = _BREAK_RE.search(text, offset)
    return len(text) if m is None else m.end()


def _set_in_mapping(doc: _Doc, pointer: tuple, key: str, value: Any) -> str:
    """Set ``key`` of the mapping at ``pointer``: replace the value's span, or
    add the key after the mapping's last entry."""
    pos, child = doc.node(pointer)
    if not isinstance(child, dict):
        raise AuthoringError(f"{doc.rel}: the record is not a mapping")
    if key in child:
        _, vpos, sub = child[key]
        if isinstance(sub, (dict, list)):
            raise AuthoringError(f"{doc.rel}: '{key}' holds a list or mapping; edit it by hand")
        return _replace_scalar(doc, vpos, value)
    if doc.is_flow(pos):
        rendered = f"{render_key(key)}: {render_flow(value)}"
        if not child:
            at = doc.start(pos) + 1
            return _replace(doc.text, at, at, rendered)
        at = max(max(doc.end(k), doc.last_end(v, s)) for k, v, s in child.values())
        return _replace(doc.text, at, at, ", " + rendered)
    col = doc.column_of(pos)
    at, pre = doc.line_after(doc.last_end(pos, child))
    lines = render_block({key: value}, col)
    return _replace(doc.text, at, at, pre + "".join(line + doc.nl for line in lines))


def _replace_scalar(doc: _Doc, vpos: tuple, value: Any) -> str:
    s, e = doc.start(vpos), doc.end(vpos)
    old = doc.text[s:e]
    flow = _in_flow(doc, s)
    new = render_scalar(value, flow)
    if old[:1] in ("|", ">"):
        # a block scalar: keep the line breaks that followed its last line
        body = old.rstrip(" \t\r\n")
        tail = old[len(body):]
        cut = _BREAK_RE.search(tail)
        new = new + (tail[cut.start():] if cut else doc.nl)
    elif old[:1] == "'" and isinstance(value, str) and plain_ok(value, flow):
        new = "'" + value + "'"
    elif old[:1] == '"' and isinstance(value, str):
        new = double_quoted(value)
    elif e == s:  # empty value after `key:`
        new = " " + new
    return _replace(doc.text, s, e, new)


def _in_flow(doc: _Doc, offset: int) -> bool:
    """Is ``offset`` inside a flow collection? (Decides plain-scalar rules.)"""
    stack = [doc.shadow]
    while stack:
        pos, child = stack.pop()
        if not isinstance(child, (dict, list)):
            continue
        if doc.is_flow(pos) and doc.start(pos) < offset < doc.end(pos):
            return True
        if isinstance(child, dict):
            stack.extend((vpos, sub) for _, vpos, sub in child.values())
        else:
            stack.extend(child)
    return False


def _append_mapping_entry(doc: _Doc, key: str, entry: str, value: Any) -> str:
    """Add ``entry: value`` to the mapping under top-level ``key`` (stances)."""
    if doc.data is None or key not in doc.shadow[1]:
        raise AuthoringError(f"{doc.rel} has no '{key}:' mapping to add to")
    if not isinstance(doc.data[key], dict):
        raise AuthoringError(f"{doc.rel}: '{key}' is not a mapping; fix it first")
    return _set_in_mapping(doc, (key,), entry, value)


def _declare_topic(doc: _Doc, tid: str, attrs: dict) -> str:
    """Add ``tid: attrs`` to the file's ``topics:`` mapping, creating the key
    just above ``claims:`` (or at the end) when the file has none."""
    nl = doc.nl
    data = doc.data
    if isinstance(data, dict) and isinstance(data.get("topics"), dict):
        return _append_mapping_entry(doc, "topics", tid, attrs)
    if isinstance(data, dict) and "topics" in data:
        raise AuthoringError(f"{doc.rel}: 'topics' is not a mapping; fix it first")
    if data is None:
        t = doc.text
        if t and not t.endswith(("\n", "\r")):
            t += nl
        return t + f"topics:{nl}  {render_key(tid)}: {render_flow(attrs)}{nl}"
    root_pos, root = doc.shadow
    if doc.is_flow(root_pos):
        raise AuthoringError(f"{doc.rel} is written as one flow mapping {{...}}; add 'topics:' by hand first")
    col = doc.column_of(root_pos)
    entry = f"{' ' * col}topics:{nl}{' ' * (col + 2)}{render_key(tid)}: {render_flow(attrs)}{nl}"
    if "claims" in root:
        kpos = root["claims"][0]
        at = doc.off(kpos[0], 1)
        return _replace(doc.text, at, at, entry)
    at, pre = doc.line_after(doc.last_end(root_pos, root))
    return _replace(doc.text, at, at, pre + entry)


def _topic_declared(tid: str, attrs: dict) -> Callable[[Any], Any]:
    def change(data):
        data = data if isinstance(data, dict) else {}
        if data.get("topics") is None:
            data["topics"] = {}
        data["topics"][tid] = copy.deepcopy(attrs)
        return data

    return change


# --- the workspace of one transaction ----------------------------------------


class _Workspace:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.docs: dict[str, _Doc] = {}
        self.expected: dict[str, Any] = {}
        self.order: list[str] = []
        self.previews: dict[str, list[str]] = {}

    def doc(self, rel: str) -> _Doc:
        d = self.docs.get(rel)
        if d is None:
            raw = read_snapshot(self.root / rel)
            d = _Doc(rel, raw)
            d.original = raw  # type: ignore[attr-defined]
            self.docs[rel] = d
            self.expected[rel] = copy.deepcopy(d.data)
        return d

    def edit(self, rel: str, new_text: str, change: Callable[[Any], Any], preview: str) -> None:
        d = self.doc(rel)
        d.set_text(new_text)
        self.expected[rel] = change(self.expected[rel])
        if rel not in self.order:
            self.order.append(rel)
        self.previews.setdefault(rel, []).append(preview)

    def verify(self) -> None:
        for rel in self.order:
            d = self.docs[rel]
            if d.data != self.expected[rel]:
                raise AuthoringError(
                    f"cannot place the edit in {rel} safely (its layout is unusual); nothing was written: edit it by hand"
                )

    def new_files(self) -> dict[str, bytes]:
        return {rel: self.docs[rel].encoded() for rel in self.order}

    def preview(self) -> str:
        out = []
        for rel in self.order:
            out.append(f"# {rel}\n")
            out.extend(self.previews[rel])
        return "".join(out)


def _appended(key: str, item: dict) -> Callable[[Any], Any]:
    def change(data):
        data = data if isinstance(data, dict) else {}
        if data.get(key) is None:
            data[key] = []
        data[key].append(copy.deepcopy(item))
        return data

    return change


def _set_at(pointer: tuple, key: str, value: Any) -> Callable[[Any], Any]:
    def change(data):
        node = data
        for step in pointer:
            node = node[step]
        node[key] = value
        return data

    return change


# --- rules --------------------------------------------------------------------


def slugify(text: str, limit: int | None = None) -> str:
    """A lowercase slug made from any text (accents dropped), at most ``limit``
    characters; empty when nothing of the text is left."""
    import unicodedata

    t = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    s = re.sub(r"[^a-z0-9]+", "-", t).strip("-")
    if limit is not None:
        s = s[:limit].strip("-")
    return s if SLUG_RE.fullmatch(s or "-") else ""


def make_id(topic: str, claimant: str, taken: set[str] | frozenset[str]) -> str:
    """``<claimant>-<topic>`` as a slug of at most 60 characters, made unique
    with ``-2``, ``-3``... (see the module docstring)."""
    base_id = slugify(f"{claimant}-{topic.replace('/', '-')}") or "claim"
    if len(base_id) > ID_MAX:
        cut = base_id[:ID_MAX]
        if "-" in cut[ID_MAX // 2:]:
            cut = cut[: cut.rindex("-")]
        base_id = cut.strip("-._")
    if base_id not in taken:
        return base_id
    n = 2
    while f"{base_id}-{n}" in taken:
        n += 1
    return f"{base_id}-{n}"


def normalize_target(root: Path, target: str) -> str:
    """``--file`` as a base-relative path under ``claims/``: a bare name means
    ``claims/NAME``; a path may be absolute or relative to the base."""
    t = target.strip()
    p = Path(t)
    if p.is_absolute():
        try:
            p = p.resolve().relative_to(Path(root).resolve())
        except ValueError:
            raise AuthoringError(f"--file {target!r} is not inside the claim base {root}", 2) from None
    rel = p.as_posix()
    if rel.startswith("./"):
        rel = rel[2:]
    if not rel.startswith(CLAIMS_DIR + "/"):
        rel = f"{CLAIMS_DIR}/{rel}"
    if ".." in Path(rel).parts or not rel.endswith((".yaml", ".yml")):
        raise AuthoringError(f"--file {target!r}: claims go in a .yaml file under claims/ (for example claims/topic.yaml)", 2)
    parts = Path(rel).parts
    if any(part.startswith(".") for part in parts):
        raise AuthoringError(f"--file {target!r}: hidden files are not read by the validator", 2)
    return rel


def choose_target(base, topic: str) -> str:
    """The file a new claim on ``topic`` goes to when no ``--file`` is given."""
    for t, lf in getattr(base, "topic_decls", ()):
        if t.id == topic:
            return lf.rel
    counts: Counter[str] = Counter(c.rel for c in base.claim_records if c.topic == topic)
    if counts:
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    first = topic.split("/", 1)[0]
    first = slugify(first) or "claims"
    return f"{CLAIMS_DIR}/{first}.yaml"


def _all_claim_ids(base) -> set[str]:
    ids = {c.id for c in base.claim_records}
    for lf in base.files:
        data = lf.data
        if isinstance(data, dict) and isinstance(data.get("claims"), list):
            for rec in data["claims"]:
                if isinstance(rec, dict) and isinstance(rec.get("id"), str):
                    ids.add(rec["id"])
    return ids


def _find_claim(base, cid: str):
    claim = base.claims.get(cid)
    if claim is not None:
        return claim.rel, claim.index
    for lf in base.files:
        data = lf.data
        if isinstance(data, dict) and isinstance(data.get("claims"), list):
            for i, rec in enumerate(data["claims"]):
                if isinstance(rec, dict) and rec.get("id") == cid:
                    return lf.rel, i
    raise AuthoringError(f"no claim with id {cid!r}{did_you_mean(cid, sorted(_all_claim_ids(base)))}", 1)


_CLAIM_ORDER = list(CLAIM)
_SOURCE_ORDER = list(SOURCE)


def ordered(rec: dict, order: list[str]) -> dict:
    """Fields in the order of the field table; unknown ones last (validation
    reports them)."""
    out = {k: rec[k] for k in order if k in rec and rec[k] is not None}
    out.update({k: v for k, v in rec.items() if k not in out and v is not None})
    return out


def _check_texts(value: Any, what: str) -> None:
    if isinstance(value, str):
        check_text(value, what)
    elif isinstance(value, dict):
        for k, v in value.items():
            check_text(str(k), what)
            _check_texts(v, f"{what}.{k}")
    elif isinstance(value, (list, tuple)):
        for v in value:
            _check_texts(v, what)


# --- diagnostics the edit brings ----------------------------------------------

# Positions inside messages ("first at line 4", "claims/a.yaml:4:9") move when
# an edit inserts lines; they do not make a problem new.
_POS_RE = re.compile(r"\bline \d+|:\d+:\d+|:\d+\b")


def _diag_key(d: Diagnostic) -> tuple:
    return (d.path, d.code, _POS_RE.sub("#", d.message))


def _brought(old: list[Diagnostic], new: list[Diagnostic]) -> list[Diagnostic]:
    before = Counter(_diag_key(d) for d in old)
    out = []
    for d in new:
        k = _diag_key(d)
        if before[k] > 0:
            before[k] -= 1
        else:
            out.append(d)
    return out


# --- the transaction ----------------------------------------------------------


def _transaction(
    root: Path,
    build: Callable[[_Workspace, Any, AddResult], None],
    *,
    dry_run: bool,
    lock_timeout: float,
) -> AddResult:
    from contextlib import nullcontext

    from .base import open_base

    root = Path(root)
    for attempt in range(ATTEMPTS):
        lock = nullcontext() if dry_run else base_lock(root, lock_timeout)
        with lock:
            old = open_base(root)
            ws = _Workspace(root)
            result = AddResult()
            build(ws, old, result)
            result.files = list(ws.order)
            result.preview = ws.preview()
            result.earlier_errors = sum(1 for d in old.diagnostics if d.severity == "error")
            if not ws.order:
                result.changed = False
                return result
            ws.verify()
            new_files = ws.new_files()
            new = open_base(root, extra_files=dict(new_files))
            result.diagnostics = _brought(old.diagnostics, new.diagnostics)
            result.ok = not any(d.severity == "error" for d in result.diagnostics)
            if not result.ok or dry_run:
                return result
            # Nothing written yet: a file changed meanwhile means recompute.
            changed = [rel for rel in ws.order if read_snapshot(root / rel) != ws.docs[rel].original]  # type: ignore[attr-defined]
            if changed:
                if attempt + 1 < ATTEMPTS:
                    continue
                raise ChangedOnDisk(root / changed[0])
            for rel in ws.order:
                path = root / rel
                path.parent.mkdir(parents=True, exist_ok=True)
                remove_stale_temps(path.parent)
                try:
                    atomic_write(path, new_files[rel], expected=ws.docs[rel].original)  # type: ignore[attr-defined]
                except ChangedOnDisk as e:
                    if result.written:
                        raise ChangedOnDisk(
                            e.path,
                            f"{rel} changed on disk while claimcheck was editing it; it was not overwritten, "
                            f"but {', '.join(result.written)} already was: check the base with 'claimcheck validate'",
                        ) from None
                    raise
                result.written.append(rel)
            return result
    raise AssertionError("unreachable")


# --- public operations ----------------------------------------------------------


def add_records(
    root: Path,
    *,
    claims: Iterable[dict] = (),
    sources: Iterable[dict] = (),
    stances: dict[str, Any] | None = None,
    topics: dict[str, dict] | None = None,
    target: str | None = None,
    dry_run: bool = False,
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
    mark_superseded: bool = True,
) -> AddResult:
    """Add claims (and sources, and stances) to the base in one locked,
    checked operation; on any new error nothing is written.

    A claim without ``id`` gets one from its topic and claimant. Each claim goes
    to ``target`` (a ``--file`` value) or to the file the target rule chooses.
    Stances are added to ``sources.yaml``'s vocabulary (``id -> description``
    or ``{description, neutral}``), sources to its ``sources:`` list.
    ``topics`` (``id -> {title, unit, cumulative, notes}``) are declared in the
    file that receives the first new claim on them, unless some file already
    declares them.
    With ``mark_superseded``, a claim that ``supersedes`` another sets that
    one's status to ``superseded`` too.
    """
    claims = [dict(c) for c in claims]
    sources = [dict(s) for s in sources]
    stances = dict(stances or {})
    topics = {k: dict(v) for k, v in (topics or {}).items()}
    for rec in claims:
        _check_texts(rec, "claim")
    for rec in sources:
        _check_texts(rec, "source")
    _check_texts(stances, "stance")
    fixed_target = normalize_target(root, target) if target else None

    def build(ws: _Workspace, base, result: AddResult) -> None:
        if stances or sources:
            doc = ws.doc(SOURCES_FILE)
            if doc.data is None:
                raise AuthoringError(f"{SOURCES_FILE} is missing or empty; create a base with 'claimcheck init'", 2)
            for sid, desc in stances.items():
                if isinstance(doc.data.get("stances"), dict) and sid in doc.data["stances"]:
                    continue  # already in the vocabulary
                ws.edit(
                    SOURCES_FILE,
                    _append_mapping_entry(doc, "stances", sid, desc),
                    _set_at(("stances",), sid, copy.deepcopy(desc)),
                    f"stances:\n  {render_key(sid)}: {render_flow(desc)}\n",
                )
            for rec in sources:
                rec = ordered(rec, _SOURCE_ORDER)
                ws.edit(SOURCES_FILE, _append_item(doc, "sources", rec), _appended("sources", rec), render_record(rec))
                if isinstance(rec.get("id"), str):
                    result.ids.append(rec["id"])
        taken = _all_claim_ids(base)
        supersede: list[str] = []
        topic_file: dict[str, str] = {}
        for rec in claims:
            topic, claimant = rec.get("topic"), rec.get("claimant")
            if not rec.get("id"):
                if not (isinstance(topic, str) and isinstance(claimant, str)):
                    raise AuthoringError("a claim needs a topic and a claimant (or an explicit id)", 2)
                rec["id"] = make_id(topic, claimant, taken)
            if isinstance(rec["id"], str):
                taken.add(rec["id"])
                result.ids.append(rec["id"])
            rec = ordered(rec, _CLAIM_ORDER)
            if fixed_target:
                rel = fixed_target
            elif isinstance(topic, str) and TOPIC_RE.fullmatch(topic):
                rel = choose_target(base, topic)
            else:
                raise AuthoringError(f"claim {rec.get('id')!r}: no valid topic to choose a file by; give --file", 2)
            doc = ws.doc(rel)
            ws.edit(rel, _append_item(doc, "claims", rec), _appended("claims", rec), render_record(rec))
            if isinstance(topic, str):
                topic_file.setdefault(topic, rel)
            old_id = rec.get("supersedes")
            if mark_superseded and isinstance(old_id, str):
                supersede.append(old_id)
        for tid, attrs in topics.items():
            if tid in base.topics:
                continue  # declared already: never redeclared (CC308 would follow)
            rel = topic_file.get(tid) or fixed_target or choose_target(base, tid)
            doc = ws.doc(rel)
            ws.edit(rel, _declare_topic(doc, tid, attrs), _topic_declared(tid, attrs),
                    f"topics:\n  {render_key(tid)}: {render_flow(attrs)}\n")
        for old_id in supersede:
            try:
                rel, index = _find_claim(base, old_id)
            except AuthoringError:
                continue  # validation reports the unknown claim (CC305)
            doc = ws.doc(rel)
            recs = doc.data.get("claims") if isinstance(doc.data, dict) else None
            if not isinstance(recs, list) or index >= len(recs) or recs[index].get("status") == "superseded":
                continue
            ws.edit(
                rel,
                _set_in_mapping(doc, ("claims", index), "status", "superseded"),
                _set_at(("claims", index), "status", "superseded"),
                f"# {old_id}: status superseded\n",
            )

    return _transaction(root, build, dry_run=dry_run, lock_timeout=lock_timeout)


def set_status(
    root: Path,
    claim_id: str,
    status: str,
    *,
    note: str | None = None,
    by: str | None = None,
    dry_run: bool = False,
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
) -> EditResult:
    """Change one claim's status in place. ``superseded`` requires ``by`` (the
    newer claim), which gets ``supersedes: claim_id``. ``note`` is appended to
    the claim's ``notes`` (after a space)."""
    if status not in STATUSES:
        raise AuthoringError(f"status {status!r} is not one of {', '.join(STATUSES)}{did_you_mean(status, STATUSES)}", 2)
    if status == "superseded" and not by:
        raise AuthoringError("status superseded needs --by NEWID: the claim that replaces it", 2)
    if by and status != "superseded":
        raise AuthoringError("--by goes with status superseded only", 2)
    if by == claim_id:
        raise AuthoringError("a claim cannot supersede itself", 2)
    if note is not None:
        check_text(note, "--note")
        if not note.strip():
            raise AuthoringError("--note is empty", 2)

    def build(ws: _Workspace, base, result: AddResult) -> None:
        rel, index = _find_claim(base, claim_id)
        result.ids.append(claim_id)
        if by:
            nrel, nindex = _find_claim(base, by)
            ndoc = ws.doc(nrel)
            nrec = ndoc.data["claims"][nindex]
            current = nrec.get("supersedes")
            if current not in (None, claim_id):
                raise AuthoringError(f"claim {by!r} already supersedes {current!r}; a claim revises one earlier claim", 1)
            if current != claim_id:
                ws.edit(
                    nrel,
                    _set_in_mapping(ndoc, ("claims", nindex), "supersedes", claim_id),
                    _set_at(("claims", nindex), "supersedes", claim_id),
                    f"# {by}: supersedes {claim_id}\n",
                )
        doc = ws.doc(rel)
        rec = doc.data["claims"][index]
        if rec.get("status") != status:
            ws.edit(
                rel,
                _set_in_mapping(doc, ("claims", index), "status", status),
                _set_at(("claims", index), "status", status),
                f"# {claim_id}: status {status}\n",
            )
        if note:
            old_notes = rec.get("notes")
            new_notes = f"{old_notes.rstrip()} {note.strip()}" if isinstance(old_notes, str) and old_notes.strip() else note.strip()
            ws.edit(
                rel,
                _set_in_mapping(doc, ("claims", index), "notes", new_notes),
                _set_at(("claims", index), "notes", new_notes),
                f"# {claim_id}: notes {render_scalar(new_notes)}\n",
            )

    return _transaction(root, build, dry_run=dry_run, lock_timeout=lock_timeout)


# --- building records from command-line values -----------------------------------


def figure_value(text: str | None) -> Any:
    """A ``--figure`` value: a number stays a number, ``{low: .., high: ..}``
    becomes a mapping, anything else is a phrase."""
    if text is None:
        return None
    t = text.strip()
    v = resolve_plain(t) if t else t
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return v
    if t.startswith("{") and t.endswith("}"):
        lf = load_text(t, "--figure")
        if lf.ok and isinstance(lf.data, dict):
            return lf.data
    return t


def pair_outlets(outlets: list[str], dates: list[str], quotes: list[str], urls: list[str]) -> list[dict]:
    """``--outlet`` entries with ``--date``/``--quote``/``--url`` paired by
    position: the n-th ``--date`` belongs to the n-th ``--outlet``; give an
    empty value (``--date ''``) to skip one outlet."""
    for name, vals in (("--date", dates), ("--quote", quotes), ("--url", urls)):
        if len(vals) > len(outlets):
            raise AuthoringError(
                f"{len(vals)} {name} value(s) for {len(outlets)} --outlet(s): each {name} pairs with the --outlet "
                f"in the same position (use {name} '' to skip one)",
                2,
            )
    out = []
    for i, o in enumerate(outlets):
        rec: dict[str, Any] = {"outlet": o.strip()}
        for key, vals in (("date", dates), ("quote", quotes), ("url", urls)):
            if i < len(vals) and vals[i].strip():
                rec[key] = vals[i].strip() if key != "quote" else vals[i]
        out.append(rec)
    return out


def build_claim(
    *,
    statement: str,
    claimant: str,
    topic: str,
    status: str = "unverified",
    id: str | None = None,
    about: str | None = None,
    figure: str | None = None,
    as_of: str | None = None,
    outlets: list[str] = (),  # type: ignore[assignment]
    dates: list[str] = (),  # type: ignore[assignment]
    quotes: list[str] = (),  # type: ignore[assignment]
    urls: list[str] = (),  # type: ignore[assignment]
    tags: list[str] = (),  # type: ignore[assignment]
    notes: str | None = None,
    supersedes: str | None = None,
) -> dict:
    rec: dict[str, Any] = {
        "id": id.strip() if id else None,
        "statement": statement.strip(),
        "claimant": claimant.strip(),
        "topic": topic.strip(),
        "about": about.strip() if about else None,
        "figure": figure_value(figure),
        "as_of": as_of.strip() if as_of else None,
        "status": status.strip(),
        "reported_by": pair_outlets(list(outlets), list(dates), list(quotes), list(urls)) or None,
        "supersedes": supersedes.strip() if supersedes else None,
        "tags": [t.strip() for t in tags if t.strip()] or None,
        "notes": notes.strip() if notes else None,
    }
    return ordered(rec, _CLAIM_ORDER)


def build_source(
    *,
    id: str,
    name: str,
    stance: str,
    kind: str | None = None,
    reliability: str | None = None,
    part_of: str | None = None,
    url: str | None = None,
    aliases: list[str] = (),  # type: ignore[assignment]
    notes: str | None = None,
) -> dict:
    rec: dict[str, Any] = {
        "id": id.strip(),
        "name": name.strip(),
        "kind": kind.strip() if kind else None,
        "stance": stance.strip(),
        "reliability": reliability.strip().upper() if reliability else None,
        "part_of": part_of.strip() if part_of else None,
        "url": url.strip() if url else None,
        "aliases": [a.strip() for a in aliases if a.strip()] or None,
        "notes": notes.strip() if notes else None,
    }
    return ordered(rec, _SOURCE_ORDER)


__all__ = [
    "AddResult",
    "AuthoringError",
    "ChangedOnDisk",
    "EditResult",
    "WriteError",
    "add_records",
    "build_claim",
    "build_source",
    "choose_target",
    "make_id",
    "plain_ok",
    "render_record",
    "render_scalar",
    "set_status",
]


# --- init ---------------------------------------------------------------------------

INIT_SOURCES = """\
# The sources of claims and the outlets that carry them, and the stance
# vocabulary they are measured against. Fields: see the README ("The claim base").
# Add sources with: claimcheck add-source --id ID --name NAME --stance STANCE
stances:                      # id -> description, or {description, neutral: true}
  government: The government and its allies (rename the stances to the sides of your story)
  opposition: The armed opposition and its allies
  independent: {description: No side in the conflict, neutral: true}
sources:
  - id: example-monitor
    name: Example Monitor
    kind: monitor             # armed-group, government, military, official, person, monitor, outlet,
                              # agency, ngo, think-tank, intergovernmental, unattributed, other
    stance: independent
    reliability: C            # NATO Admiralty A (completely reliable) .. E (unreliable), F cannot be judged
    notes: An example source; replace it with your own.
"""

INIT_CLAIMS = """\
# An example claims file: one topic and one claim. Keep it as a model or delete it.
# Add claims with, for example:
#   claimcheck add --statement 'The monitor now counts 35 killed.' --claimant example-monitor \\
#       --topic example/killed --figure 35 --as-of 2024-01-20
topics:                       # a topic is the cross-reference key: claims on one topic are compared
  example/killed:
    title: People killed in the example town
    unit: people
claims:
  - id: example-monitor-example-killed
    statement: The example monitor counts about 30 people killed in the example town.
    claimant: example-monitor   # who asserts it (a source of sources.yaml), not the outlet that printed it
    topic: example/killed
    figure: about 30            # a number, a phrase, a date, or {low: .., best: .., high: ..}
    as_of: 2024-01-15           # YYYY-MM-DD, YYYY-MM or YYYY
    status: unverified          # unverified, corroborated, contested, refuted, retracted, superseded
    # reported_by:              # the outlets that carried it, nearest the claimant first
    #   - outlet: example-monitor
    #     date: 2024-01-15
    #     quote: About 30 people were killed, the monitor said.
    #     url: https://example.org/report
    tags: [example]
"""

INIT_PRECOMMIT = """\
# pre-commit (https://pre-commit.com): run `pre-commit install` once; then every
# commit that touches sources.yaml or claims/ runs `claimcheck validate`.
# This local hook mirrors the claimcheck-validate hook that the claimcheck
# repository ships in .pre-commit-hooks.yaml, and uses the installed claimcheck.
# To pin a version instead, replace it with:
#   - repo: <URL of the claimcheck repository>
#     rev: <a release tag>
#     hooks:
#       - id: claimcheck-validate
repos:
  - repo: local
    hooks:
      - id: claimcheck-validate
        name: claimcheck validate
        entry: claimcheck validate
        language: system
        pass_filenames: false
        files: '^(sources\\.yaml|claims/.*\\.ya?ml)$'
        require_serial: true
"""

INIT_WORKFLOW = """\
# GitHub Actions: check the claim base on every push and pull request that
# touches it; problems appear as annotations on the changed lines.
name: claims
on:
  push:
    paths: ["sources.yaml", "claims/**"]
  pull_request:
    paths: ["sources.yaml", "claims/**"]
jobs:
  validate:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      # install claimcheck from where you get it, for example:
      # pip install git+<URL of the claimcheck repository>
      - run: pip install claimcheck
      - run: claimcheck validate --strict --format github
"""

INIT_GITIGNORE = """\
# claimcheck's write lock (claimcheck add, set-status, add-source)
.claimcheck.lock
"""

INIT_FILES: dict[str, str] = {
    SOURCES_FILE: INIT_SOURCES,
    f"{CLAIMS_DIR}/example.yaml": INIT_CLAIMS,
    ".pre-commit-config.yaml": INIT_PRECOMMIT,
    ".github/workflows/claims.yml": INIT_WORKFLOW,
}
INIT_OPTIONAL = {".gitignore": INIT_GITIGNORE}


@dataclass
class InitResult:
    written: list[str]
    skipped: list[str]  # optional files left alone because they exist


def init_base(folder: Path) -> InitResult:
    """Create a new, valid claim base in ``folder`` (created if absent).
    Refuses (AuthoringError, nothing written) if any of its files exists;
    an existing ``.gitignore`` is left alone (listed in ``skipped``)."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise AuthoringError(f"{folder} exists and is not a folder", 1)
    existing = [rel for rel in INIT_FILES if (folder / rel).exists() or (folder / rel).is_symlink()]
    if (folder / CLAIMS_DIR).exists() and not (folder / CLAIMS_DIR).is_dir():
        existing.append(CLAIMS_DIR)
    if existing:
        raise AuthoringError(
            f"{', '.join(str(folder / rel) for rel in existing)} already exist{'s' if len(existing) == 1 else ''}; "
            "claimcheck init never overwrites: nothing was written",
            1,
        )
    written: list[str] = []
    skipped: list[str] = []
    folder.mkdir(parents=True, exist_ok=True)
    files = dict(INIT_FILES)
    for rel, text in INIT_OPTIONAL.items():
        if (folder / rel).exists() or (folder / rel).is_symlink():
            skipped.append(rel)
        else:
            files[rel] = text
    for rel, text in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, text.encode("utf-8"), expected=None)
        written.append(rel)
    return InitResult(written, skipped)
