"""A report as the extractor reads it: the text a reader sees (for HTML the
article's main text, for Markdown the words without their markup), cut into
blocks (paragraphs, headings, list items; page furniture marked as such) and
sentences, each with its line and column in the file.

Bytes in, :class:`Document` out; refuses binary data (:class:`ExtractError`).
Positions are kept as segments (visible start, file offset, length), so a
5 MB report costs a few segments per block, not an integer per character.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
import datetime as _dt

from ..text import BIDI, CONTROLS
from .dates import parse_iso_prefix, report_date
from .builder import Block, Builder
from .html import read_html
from .lexicon import ABBREVIATIONS, FURNITURE_ANYWHERE_RE, FURNITURE_RE, FURNITURE_SHORT_RE

#: Reports larger than this are refused (a news report is a few tens of KB).
MAX_BYTES = 20 * 1024 * 1024
#: A "sentence" longer than this is cut at a space: prose has none this long.
MAX_SENTENCE = 1500
#: Share of control characters above which a file is binary.
BINARY_SHARE = 0.05

#: Terminal escape sequences (CSI, OSC, and their C1 forms): dropped whole, not only their ESC.
_ANSI_RE = re.compile(r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]|(?:\x1b\]|\x9d)[^\x07\x1b\x9c]{0,512}(?:\x07|\x1b\\|\x9c)?"
                      r"|\x1b[@-_]")
_INVISIBLE_RE = re.compile(f"[{CONTROLS.replace(chr(0x0a), '')}{BIDI}\u200b\u200c\u200d\ufeff\u00ad]")


class ExtractError(Exception):
    """A report that cannot be read; ``str(e)`` is one line."""


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    block: int  # index in Document.blocks
    text: str


@dataclass
class Document:
    name: str
    raw: str  # the file's text
    kind: str  # text | markdown | html
    text: str  # what a reader sees
    blocks: list[Block]
    segs: list[tuple[int, int, int, bool]]  # (visible start, raw start, length, one char per char)
    date: _dt.date | None = None  # the report's own date (dateline, meta tag, front matter)
    outlet: str | None = None  # the outlet the page names (site name, front matter)
    title: str | None = None
    warnings: list[str] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    _seg_starts: list[int] = field(default_factory=list, repr=False)
    _line_starts: list[int] = field(default_factory=list, repr=False)

    def raw_offset(self, i: int) -> int:
        """The file offset of the visible character ``i``."""
        if not self._seg_starts:
            self._seg_starts = [s[0] for s in self.segs]
        k = bisect_right(self._seg_starts, i) - 1
        if k < 0:
            return 0
        vs, rs, n, exact = self.segs[k]
        return rs + min(i - vs, max(n - 1, 0)) if exact else rs

    def line_col(self, i: int) -> tuple[int, int]:
        """1-based line and column (in characters) of the visible character ``i``."""
        if not self._line_starts:
            self._line_starts = [0] + [m.end() for m in re.finditer("\n", self.raw)]
        off = self.raw_offset(i)
        ln = bisect_right(self._line_starts, off)
        return ln, off - self._line_starts[ln - 1] + 1


# --------------------------------------------------------------------------
# Decoding
# --------------------------------------------------------------------------


def decode(data: bytes, name: str) -> tuple[str, list[str]]:
    """Text of a report file; refuses binary data. Invalid UTF-8 is read with
    replacement characters and a warning."""
    if len(data) > MAX_BYTES:
        raise ExtractError(f"{name}: larger than {MAX_BYTES // (1024 * 1024)} MB; a report is expected")
    head = data[:65536]
    if b"\x00" in head and not (head.startswith((b"\xff\xfe", b"\xfe\xff"))):
        raise ExtractError(f"{name}: not a text report (binary data)")
    warnings: list[str] = []
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise ExtractError(f"{name}: not a text report (undecodable UTF-16)") from None
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            text = data.decode("utf-8", errors="replace")
            warnings.append(f"{name}: not valid UTF-8 (first bad byte at offset {e.start}); "
                            "undecodable bytes are read as U+FFFD")
    sample = text[:65536]
    if sample:
        # escape sequences (ESC, BEL, CSI...) are hostile text, not binary data: they are dropped later
        controls = sum(1 for c in sample if (c < " " and c not in "\t\n\r\f\x1b\x07\x08") or "\x7f" <= c <= "\x9a"
                       or c in "\x9e\x9f")
        bad = sample.count("\ufffd")
        if (controls + bad) / len(sample) > BINARY_SHARE:
            raise ExtractError(f"{name}: not a text report (binary data)")
    return text, warnings


def sniff(text: str, name: str) -> str:
    low = name.lower()
    if low.endswith((".html", ".htm", ".xhtml")):
        return "html"
    if low.endswith((".md", ".markdown")):
        return "markdown"
    head = text[:4096].lstrip().lower()
    if head.startswith(("<!doctype html", "<html")) or re.search(r"<(?:body|article|p|div)[\s>]", head):
        return "html"
    if low.endswith(".txt"):
        return "text"
    if re.search(r"^#{1,6} \S|\[[^\]]+\]\([^)]+\)|^---\n", text[:4096], re.M):
        return "markdown"
    return "text"


# --------------------------------------------------------------------------
# Plain text and Markdown
# --------------------------------------------------------------------------

_LIST_RE = re.compile(r"[ \t]*(?:[-*+•]|\d{1,3}[.)])[ \t]+")
_HEADING_RE = re.compile(r"^[ \t]*(#{1,6})[ \t]+")
_QUOTE_RE = re.compile(r"^[ \t]*(?:>[ \t]?)+")
_RULE_RE = re.compile(r"^[ \t]*([-*_=])(?:[ \t]*\1){2,}[ \t]*$")
_MD_INLINE_RE = re.compile(
    r"!\[[^\]\n]*\]\([^)\n]*\)"  # image: dropped
    r"|\[([^\]\n]+)\]\([^)\n]*\)"  # link: its text
    r"|<https?://[^>\s]+>|</?[A-Za-z][^>\n]{0,200}>"  # autolink, inline tag: dropped
    r"|\*+|`+|(?<![\w])_+(?=\w)|(?<=\w)_+(?![\w])"  # emphasis and code marks: dropped
)


def _plain_lines(raw: str):
    """(line start, line end without newline) for every line."""
    pos = 0
    n = len(raw)
    while pos <= n:
        end = raw.find("\n", pos)
        if end < 0:
            end = n
        yield pos, end
        pos = end + 1


def _front_matter(raw: str) -> tuple[int, dict[str, str]]:
    """Markdown front matter (``---`` ... ``---``): where the body starts and its simple keys."""
    if not raw.startswith("---"):
        return 0, {}
    m = re.match(r"---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|$)", raw[:20000], re.S)
    if not m:
        return 0, {}
    meta: dict[str, str] = {}
    for line in m.group(1).splitlines():
        k, sep, v = line.partition(":")
        if sep and re.fullmatch(r"[A-Za-z_][\w-]*", k.strip()):
            meta[k.strip().lower()] = v.strip().strip("\"'")
    return m.end(), meta


def _add_inline(b: Builder, raw: str, s: int, e: int, markdown: bool) -> None:
    if not markdown:
        b.add(raw[s:e], s)
        return
    pos = s
    for m in _MD_INLINE_RE.finditer(raw, s, e):
        if m.start() > pos:
            b.add(raw[pos:m.start()], pos)
        if m.group(1) is not None:
            b.add(m.group(1), m.start(1))
        pos = m.end()
    if pos < e:
        b.add(raw[pos:e], pos)


def read_lines(raw: str, markdown: bool) -> tuple[Builder, dict[str, str]]:
    """Blocks of plain text or Markdown: paragraphs (a blank line ends one),
    headings, list items; a short line without a final stop ends its block."""
    b = Builder()
    start, meta = _front_matter(raw) if markdown else (0, {})
    prev_len = 0
    prev_open = False  # the previous line of the block continues on this one
    for ls, le in _plain_lines(raw):
        if ls < start:
            continue
        line = raw[ls:le]
        if line.endswith("\r"):
            le -= 1
            line = line[:-1]
        if not line.strip() or (markdown and _RULE_RE.match(line)):
            b.end_block()
            prev_open = False
            continue
        s = ls
        role = None
        if markdown:
            m = _HEADING_RE.match(line)
            if m:
                role, s = "heading", ls + m.end()
            else:
                m = _QUOTE_RE.match(line)
                if m:
                    s = ls + m.end()
        m = _LIST_RE.match(raw[s:le])
        if m:
            role, s = "item", s + m.end()
        if role or not prev_open:
            b.end_block()
        if role:
            b.role(role)
        elif b._block_start is not None:
            b.add(" ", ls, exact=False)
        _add_inline(b, raw, s, le, markdown)
        stripped = line.rstrip()
        prev_len = len(stripped)
        prev_open = role is None and prev_len >= 50 and not stripped.endswith((".", "!", "?", ":", '"', "\u201d"))
        if role == "heading":
            b.end_block()
            prev_open = False
    b.end_block()
    return b, meta


# --------------------------------------------------------------------------
# Sentences
# --------------------------------------------------------------------------

_STOP_RE = re.compile(r"[.!?]+[\"'\u201d\u2019)\]]*(?=\s+[\"'\u201c\u2018(\[]?[A-Z0-9\u00c0-\u024f])")
_DATELINE_RE = re.compile(
    r"[A-Z][A-Z .,'\u2019-]{2,40}(?:,\s*[A-Z][a-z]{2,9}\.? \d{1,2})?(?:\s*\([^)]{1,40}\))?\s*[-\u2013\u2014]+\s+(?=[A-Z\"\u201c])"
)


def _inside_quote(text: str, s: int, i: int, end: int) -> bool:
    """Is position ``i`` inside a quotation that closes before ``end`` (and
    within 600 characters)?"""
    before = text[s:i]
    straight = before.count('"') % 2 == 1
    curly = before.count("\u201c") > before.count("\u201d")
    if not (straight or curly):
        return False
    closer = '"' if straight else "\u201d"
    j = text.find(closer, i, min(end, i + 600))
    return j >= 0


def _abbreviation(text: str, i: int) -> bool:
    """Does the stop at ``i`` end an abbreviation or an initial (Dr., O., U.S.)?"""
    j = i
    while j > 0 and (text[j - 1].isalpha() or text[j - 1] == "."):
        j -= 1
    word = text[j:i].lower().strip(".")
    if not word:
        return False
    if len(word) == 1 and text[j:i].isupper():
        return True
    return word in ABBREVIATIONS


def split_sentences(doc_text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans of one block (positions in ``doc_text``)."""
    out: list[tuple[int, int]] = []
    s = start
    while s < end and doc_text[s].isspace():
        s += 1
    for m in _STOP_RE.finditer(doc_text, s, end):
        i = m.start()
        if m.group().startswith(".") and len(m.group().rstrip("\"'\u201d\u2019)]")) == 1 and _abbreviation(doc_text, i):
            continue
        if _inside_quote(doc_text, s, i, end):
            continue
        e = m.end()
        if e > s:
            out.append((s, e))
        s = e
        while s < end and doc_text[s].isspace():
            s += 1
    if s < end and doc_text[s:end].strip():
        e = end
        while e > s and doc_text[e - 1].isspace():
            e -= 1
        out.append((s, e))
    # cut what is far too long to be a sentence
    cut: list[tuple[int, int]] = []
    for a, b in out:
        while b - a > MAX_SENTENCE:
            k = doc_text.rfind(" ", a + MAX_SENTENCE // 2, a + MAX_SENTENCE)
            k = k if k > a else a + MAX_SENTENCE
            cut.append((a, k))
            a = k
            while a < b and doc_text[a].isspace():
                a += 1
        if b > a:
            cut.append((a, b))
    return cut


def furniture(text: str) -> bool:
    """Page furniture: captions, bylines, related links, credits, footers."""
    t = text.strip()
    if FURNITURE_RE.match(t) or FURNITURE_ANYWHERE_RE.search(t):
        return True
    if len(t) < 200 and FURNITURE_SHORT_RE.search(t):
        return True
    if re.fullmatch(r"\S*(?:https?://|www\.)\S*", t):
        return True
    if t.count("|") >= 2 or t.count(" > ") >= 2 or t.count(" \u00b7 ") >= 2:
        return True
    return False


def _dateline(text: str) -> bool:
    """A line that is mostly a date: the report's dateline, not its prose."""
    words = text.split()
    return len(words) <= 14 and report_date([text]) is not None and not text.rstrip().endswith(".")


def clean(s: str) -> str:
    """A sentence as one line: invisible and control characters dropped,
    whitespace runs made one space."""
    if "\x1b" in s or "\x9b" in s or "\x9d" in s:
        s = _ANSI_RE.sub("", s)
    return " ".join(_INVISIBLE_RE.sub("", s).split())


def finish(doc: Document, b: Builder) -> Document:
    """Blocks and sentences of a document whose visible text is assembled."""
    doc.text = "".join(b.parts)
    doc.segs = b.segs
    doc.blocks = b.blocks
    title_seen = any(bl.role == "title" for bl in doc.blocks)
    for k, bl in enumerate(doc.blocks):
        body = clean(doc.text[bl.start:bl.end]) if bl.end - bl.start < 4000 else doc.text[bl.start:bl.end]
        if bl.role in ("body", "item", "heading", "title") and (furniture(body) or _dateline(body)):
            bl.role = "furniture"
        elif not title_seen and k < 6 and (bl.role == "heading" or (bl.role == "body" and doc.kind == "text")):
            words = body.split()
            if 6 <= len(words) <= 30 and not body.rstrip().endswith((".", ":", '"', "\u201d")) and len(body) < 250:
                if any(c.islower() for c in body):
                    bl.role = "title"
                    title_seen = True
                    doc.title = doc.title or clean(body)
    for k, bl in enumerate(doc.blocks):
        for j, (a, e) in enumerate(split_sentences(doc.text, bl.start, bl.end)):
            if j == 0 and bl.role == "body":
                m = _DATELINE_RE.match(doc.text, a, e)  # "KYIV, Jan 8 (Northline) - " opens a wire story
                if m:
                    a = m.end()
            doc.sentences.append(Sentence(a, e, k, doc.text[a:e]))
    return doc


def read_document(data: bytes, name: str) -> Document:
    """Read one report (bytes) into a :class:`Document`."""
    raw, warnings = decode(data, name)
    kind = sniff(raw, name)
    doc = Document(name, raw, kind, "", [], [], warnings=warnings)
    if kind == "html":
        b, meta = read_html(raw)
    else:
        b, meta = read_lines(raw, markdown=(kind == "markdown"))
    doc.outlet = meta.get("outlet") or meta.get("publisher") or meta.get("site_name") or meta.get("source") or None
    doc.title = meta.get("title") or None
    doc.date = parse_iso_prefix(meta.get("date") or meta.get("published") or "")
    finish(doc, b)
    return doc
