"""YAML mistakes in plain words: what a YAML parser's error means for the
mistakes people make writing claim files by hand (text after a quoted string,
a tab, no space after a colon, a line indented out of step, a colon inside an
unquoted value), read from the text around the error, with how to fix it.

:func:`explain` is given the text and where the parser stopped; the strict
loader (:mod:`.strict`) keeps its CC101 and the parser's exact line and column,
and puts the explanation in the message (the parser's words stay at its end).
Libyaml and the pure-Python parser word the same mistake differently, so the
text decides, not the wording.
"""

from __future__ import annotations

import re

# `key: value` on one line, with an optional list dash; the key a plain word.
_KEY_RE = re.compile(r"^(?P<lead>\s*(?:-\s+)*)(?P<key>[^\s\"'#:\-?][^:#]*?):(?P<sep>[ \t]*)(?P<val>.*)$")
# `key:value` with no space after the colon (not a URL's `://`, not `::`)
_NO_SPACE_RE = re.compile(r"^(?P<lead>\s*(?:-\s+)*)(?P<key>[A-Za-z_][\w.-]*):(?P<val>[^\s:/].*)$")
_INDENT_PROBLEMS = ("did not find expected", "expected <block end>", "mapping values are not allowed",
                    "block mapping", "block collection")


# The line breaks a YAML parser counts lines by (YAML 1.1, as PyYAML and libyaml read it):
# a lone carriage return is one, so line N here is the parser's line N.
_BREAK_RE = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def _lines(text: str) -> list[str]:
    return _BREAK_RE.split(text)


def _indent(s: str) -> int:
    """Columns before the first field of a line (a list dash counts: `  - id:` is 4)."""
    m = re.match(r"^(\s*(?:-\s+)*)", s)
    return len(m.group(1)) if m else 0


def _content(lines: list[str], before: int) -> int | None:
    """Index of the last line before ``before`` that holds something (not blank, not a comment)."""
    for i in range(min(before, len(lines)) - 1, -1, -1):
        s = lines[i].strip()
        if s and not s.startswith("#"):
            return i
    return None


def _quote(value: str) -> str:
    """The value in quotes that hold it whole."""
    if value.startswith('"') and "'" not in value:
        return f"'{value}'"
    if value.startswith("'") and '"' not in value:
        return f'"{value}"'
    return "'" + value.replace("'", "''") + "'"


def _closing_quote(val: str) -> int | None:
    """Index just past the quoted string that opens ``val``, or None."""
    q = val[:1]
    if q not in ("'", '"'):
        return None
    i = 1
    while i < len(val):
        c = val[i]
        if q == '"' and c == "\\":
            i += 2
            continue
        if c == q:
            if q == "'" and val[i + 1: i + 2] == "'":  # '' inside single quotes
                i += 2
                continue
            return i + 1
        i += 1
    return None


def _text_after_quote(line: str) -> str | None:
    m = _KEY_RE.match(line)
    if not m or not m["sep"]:
        return None
    val = m["val"].rstrip()
    end = _closing_quote(val)
    if end is None:
        return None
    rest = val[end:]
    if not rest.strip() or rest.lstrip().startswith("#"):
        return None
    return (f"text after a quoted string: the value of {m['key'].strip()!r} starts with a quoted string, which ends at "
            f"its closing quote, and more text follows; quote the whole value: {m['key'].strip()}: {_quote(val)}")


def _no_space(line: str, number: int) -> str | None:
    m = _NO_SPACE_RE.match(line)
    if not m:
        return None
    key, val = m["key"], m["val"].rstrip()
    return (f"no space after the colon at line {number} ({key}:{val}): a key needs a space after its colon; "
            f"write {key}: {val}")


def _tab(lines: list[str], line: int, column: int) -> str | None:
    s = lines[line - 1] if 0 < line <= len(lines) else ""
    at = s[column - 1: column] if column >= 1 else ""
    lead = s[: len(s) - len(s.lstrip())]
    if at != "\t" and "\t" not in lead and not ("\t" in s and column > len(s)):
        return None
    where = "in its indentation" if "\t" in lead else "between a key and its value"
    return (f"a tab character at line {line}, {where}: YAML indents and separates with spaces only; "
            "replace the tab with spaces, lined up with the line above")


def _colon_in_value(line: str, column: int) -> str | None:
    m = _KEY_RE.match(line)
    if not m or not m["sep"] or m["val"][:1] in ("'", '"', "{", "["):
        return None
    start = len(line) - len(m["val"])
    if column - 1 <= start or line[column - 1: column] != ":":
        return None
    key, val = m["key"].strip(), m["val"].rstrip()
    return (f"a colon followed by a space inside the unquoted value of {key!r} reads as a new key; "
            f"quote the value: {key}: {_quote(val)}")


def _bad_indent(lines: list[str], line: int) -> str | None:
    s = lines[line - 1] if 0 < line <= len(lines) else ""
    if not s.strip():
        return None
    prev = _content(lines, line - 1)
    if prev is None:
        return None
    here, there = _indent(s), _indent(lines[prev])
    if here == there:
        return None
    if here > there:
        # deeper than a complete `key: value` line; under `key:` (a block opening) it is a child
        m = _KEY_RE.match(lines[prev])
        value = m["val"].split(" #")[0].strip() if m else ""
        if not value or value[:1] in ("|", ">"):
            return None
    elif here == 0 or any(_indent(lines[i]) == here for i in range(prev) if lines[i].strip()
                          and not lines[i].lstrip().startswith("#")):
        return None  # back to the top, or to the level of an enclosing record: the mistake is not here
    what = "more" if here > there else "less"
    return (f"line {line} is indented {here} spaces, {what} than line {prev + 1} above it ({there}): the fields "
            f"of one record line up under each other; indent it {there} spaces, as line {prev + 1}, or as the "
            "record it belongs to")


def _unclosed(lines: list[str], problem: str, context: str, context_line: int | None) -> str | None:
    if "end of stream" not in problem or "quoted scalar" not in context or context_line is None:
        return None
    return (f"a quoted string opened at line {context_line} is never closed: add its closing quote "
            "(a quote inside it is written twice in single quotes, as \\\" in double quotes)")


def explain(text: str, problem: str, line: int, column: int, context_line: int | None = None,
            context: str = "") -> str | None:
    """Plain words and a fix for the parser's ``problem`` at ``line``:``column``
    (1-based; ``context`` and ``context_line``: what the parser was reading
    and where it began), or None where the mistake is not a common one."""
    lines = _lines(text)
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    found = _tab(lines, line, column) or _unclosed(lines, problem, context, context_line)
    if found:
        return found
    candidates = [line]
    prev = _content(lines, line - 1)
    if prev is not None:
        candidates.append(prev + 1)
    if context_line is not None and context_line not in candidates:
        candidates.append(context_line)
    for n in candidates:
        found = _text_after_quote(lines[n - 1]) if 0 < n <= len(lines) else None
        if found:
            return found
    for n in sorted(set(candidates), key=lambda n: (n != context_line, -n)):
        found = _no_space(lines[n - 1], n) if 0 < n <= len(lines) else None
        if found:
            return found
    if "mapping values" in problem:
        found = _colon_in_value(here, column)
        if found:
            return found
    if any(p in problem for p in _INDENT_PROBLEMS):
        return _bad_indent(lines, line)
    return None
