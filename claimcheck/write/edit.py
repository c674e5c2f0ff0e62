"""Edits placed as text: a record appended to the list it joins, a value
replaced in its span, a topic declared; every other byte of the file stays
as it was. Positions come from the strict loader's shadow tree."""

from __future__ import annotations

import copy
import re
from typing import Any, Callable

from ..load.strict import LoadedFile, load_text
from .emit import block_item, double_quoted, plain_ok, render_block, render_flow, render_key, render_scalar
from .errors import AuthoringError

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

    def data_at(self, pointer: tuple) -> Any:
        node = self.data
        for step in pointer:
            node = node[step]
        return node

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
        body = "".join(line + nl for line in block_item(item, 2))
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
        body = "".join(line + nl for line in block_item(item, col + 2))
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
        body = "".join(line + nl for line in block_item(item, col + 2))
        return _replace(text, at, at, pre + body)
    if not isinstance(value, list):
        raise AuthoringError(f"{doc.rel}: '{key}' is not a list; fix it first")
    return _append_to_list(doc, vpos, child, item)


def _append_to_list(doc: _Doc, vpos: tuple, child: list, item: Any) -> str:
    """Append ``item`` to the (non-null) list at ``vpos`` whose shadow is ``child``."""
    nl = doc.nl
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
    body = "".join(line + nl for line in block_item(item, dash_col, gap))
    return _replace(doc.text, at, at, pre + body)


def _append_in_mapping(doc: _Doc, pointer: tuple, key: str, item: Any) -> str:
    """Append ``item`` to the list under ``key`` of the mapping at ``pointer``
    (a claim's ``reviews``), creating the key with a one-item list if absent."""
    pos, child = doc.node(pointer)
    if not isinstance(child, dict):
        raise AuthoringError(f"{doc.rel}: the record is not a mapping")
    if key not in child or doc.data_at(pointer).get(key) is None:
        if key in child:
            raise AuthoringError(f"{doc.rel}: '{key}' is empty (null); write a list there by hand first")
        return _set_in_mapping(doc, pointer, key, [item])
    _, vpos, sub = child[key]
    if not isinstance(sub, list):
        raise AuthoringError(f"{doc.rel}: '{key}' is not a list; fix it first")
    return _append_to_list(doc, vpos, sub, item)


_DASH_RE = re.compile(r"[ \t]*-[ \t]+")


def _remove_item(doc: _Doc, pointer: tuple, index: int) -> str:
    """Remove item ``index`` of the block list at ``pointer``: the lines from
    its dash to the next item (comments between them go with it)."""
    pos, child = doc.node(pointer)
    if not isinstance(child, list) or doc.is_flow(pos):
        raise AuthoringError(f"{doc.rel}: the list is not a block list; edit it by hand")
    ipos, sub = child[index]
    start = doc.off(ipos[0], 1)
    if not _DASH_RE.fullmatch(doc.text[start:doc.start(ipos)]):
        raise AuthoringError(f"{doc.rel}: an item shares its line with another node; edit it by hand")
    if index + 1 < len(child):
        end = doc.off(child[index + 1][0][0], 1)
    else:
        end, _ = doc.line_after(doc.last_end(ipos, sub))
    return _replace(doc.text, start, end, "")


def _remove_key(doc: _Doc, pointer: tuple, key: str) -> str:
    """Remove ``key`` and its value from the block mapping at ``pointer``."""
    pos, child = doc.node(pointer)
    if not isinstance(child, dict) or doc.is_flow(pos) or key not in child:
        raise AuthoringError(f"{doc.rel}: cannot remove '{key}' in place; edit it by hand")
    kpos, vpos, sub = child[key]
    start = doc.off(kpos[0], 1)
    if doc.text[start:doc.start(kpos)].strip(" \t"):
        raise AuthoringError(f"{doc.rel}: '{key}' shares its line with another node; edit it by hand")
    end, _ = doc.line_after(max(doc.end(kpos), doc.last_end(vpos, sub)))
    return _replace(doc.text, start, end, "")


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
