"""YAML as claimcheck writes it: scalars that read back exactly (quoted where a
YAML 1.1 or 1.2 reader would take them for something else), flow lists of
simple values, block mappings in the field order of the format."""

from __future__ import annotations

import re
from typing import Any, Iterable

from ..load.strict import resolve_plain
from ..text import BIDI, CONTROLS, SURROGATE_RE, SURROGATES
from .errors import AuthoringError


# Characters written as escapes inside double quotes: what YAML readers refuse
# or treat as line breaks, and what could reorder or hide text in an editor.
_ESCAPE_RE = re.compile(
    f"[{CONTROLS}\u2028\u2029\ufeff\ufffe\uffff{BIDI}{SURROGATES}]"
)
_YAML11_WORDS = frozenset(
    "y n yes no on off true false null ~ =".split()
)
_NUMBERISH = re.compile(r"[-+]?[0-9][0-9_,:.]*(?:[eE][-+]?[0-9]+)?|[-+]?\.[0-9].*|0[xob].*", re.IGNORECASE)
_DATEISH = re.compile(r"\d{4}-\d{2}(?:-\d{2})?")
_FLOW_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ._/-]*")
_INDICATORS = "-?:,[]{}#&*!|>'\"%@`"


def check_text(value: str, what: str = "text") -> None:
    """Refuse text that cannot be written as UTF-8 (lone surrogates, as
    Python makes of undecodable bytes in command-line arguments)."""
    if SURROGATE_RE.search(value):
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
                    lines.extend(block_item(item, indent + 2))
        else:
            lines.append(f"{pad}{key}: {render_scalar(v)}")
    return lines


def block_item(item: Any, dash_col: int, gap: int = 1) -> list[str]:
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
    return "\n".join(block_item(rec, dash_col, gap)) + "\n"
