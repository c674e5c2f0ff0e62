"""An HTML page's main text, with the standard library's ``html.parser``.

The page becomes a light tree (depth and size capped, so a bomb of nested tags
costs what its bytes cost); scripts, styles, navigation, headers, footers,
asides, captions and elements whose class or id says they are furniture
(``ad``, ``related``, ``share``, ``byline``, ``cookie``...) are dropped; the
main text is the deepest element holding most of the page's paragraph text
(the article body), read block by block with positions in the file.
"""

from __future__ import annotations

import html as _html
import re
from html.parser import HTMLParser

from .builder import Builder

#: Elements deeper than this are read as if their tags were absent.
MAX_DEPTH = 200
#: Elements beyond this many are read as if their tags were absent.
MAX_NODES = 100_000
#: The main text is the deepest element holding at least this share of the paragraph text.
MAIN_SHARE = 0.7

INLINE = frozenset("a abbr b bdi bdo cite code data dfn em font i ins del kbd mark q s samp small span strong sub sup "
                   "time tt u var wbr nobr".split())
VOID = frozenset("area base br col embed hr img input link meta param source track wbr keygen".split())
DROP = frozenset("head script style noscript template svg math iframe object canvas form button select textarea "
                 "nav header footer aside figure figcaption menu dialog video audio picture map".split())
BOILER = frozenset(
    "ad ads adv advert adverts advertisement advertising adslot banner nav navbar navigation menu breadcrumb "
    "breadcrumbs share sharing social related more recommended recirculation footer header masthead byline meta "
    "dateline topbar ticker cookie cookies consent newsletter subscribe subscription promo sidebar widget comments "
    "comment caption credit credits tags author toolbar paywall signup login popup modal skip hidden print "
    "outbrain taboola".split()
)
_TOKEN_SPLIT = re.compile(r"[\s_-]+")
HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
_CLOSES_P = frozenset("p div ul ol table h1 h2 h3 h4 h5 h6 section article blockquote pre dl header footer nav aside "
                      "figure main form hr".split())


class _Node:
    __slots__ = ("tag", "drop", "children", "ptext")

    def __init__(self, tag: str, drop: bool) -> None:
        self.tag = tag
        self.drop = drop
        self.children: list = []  # _Node or (raw offset, text, exact)
        self.ptext = 0


def _boiler(attrs: list[tuple[str, str | None]]) -> bool:
    for k, v in attrs:
        if k in ("class", "id") and v:
            tokens = set(_TOKEN_SPLIT.split(v.lower()))
            if tokens & BOILER:
                return True
            if any(t.replace("-", "") in BOILER for t in v.lower().split()):
                return True
        elif k == "role" and v and v.lower() in ("navigation", "banner", "contentinfo", "complementary"):
            return True
        elif k == "hidden" or (k == "aria-hidden" and v == "true"):
            return True
    return False


class _Parser(HTMLParser):
    def __init__(self, raw: str) -> None:
        super().__init__(convert_charrefs=False)
        self.raw = raw
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", raw)]
        self.root = _Node("#root", False)
        self.stack = [self.root]
        self.nodes = 0
        self.meta: dict[str, str] = {}
        self._title: list[str] | None = None

    def _pos(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col if line - 1 < len(self.line_starts) else len(self.raw)

    def _open(self, tag: str) -> int:
        for k in range(len(self.stack) - 1, max(len(self.stack) - 24, 0), -1):
            if self.stack[k].tag == tag:
                return k
        return -1

    def handle_starttag(self, tag, attrs):
        tag = tag.lower()
        if tag == "meta":
            self._read_meta(attrs)
            return
        if tag == "time" and not self.meta.get("date"):
            for k, v in attrs:
                if k == "datetime" and v:
                    self.meta["time"] = v
        if tag == "title":
            self._title = []
        if tag in ("br", "hr"):
            self.stack[-1].children.append((self._pos(), "\n", False))
            return
        if tag in VOID:
            return
        if tag in _CLOSES_P or tag in ("p", "li", "dt", "dd", "tr", "td", "th"):
            same = tag if tag in ("li", "dt", "dd", "tr", "td", "th") else "p"
            k = self._open(same)
            if k > 0 and all(n.tag in INLINE or n.tag == same for n in self.stack[k + 1:]):
                del self.stack[k:]
        if len(self.stack) > MAX_DEPTH or self.nodes >= MAX_NODES:
            return
        node = _Node(tag, tag in DROP or _boiler(attrs))
        self.nodes += 1
        self.stack[-1].children.append(node)
        self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag.lower() not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        tag = tag.lower()
        if tag == "title" and self._title is not None:
            self.meta.setdefault("title", " ".join("".join(self._title).split()))
            self._title = None
        k = self._open(tag)
        if k > 0:
            del self.stack[k:]

    def handle_data(self, data):
        if self._title is not None:
            self._title.append(data)
        self.stack[-1].children.append((self._pos(), data, True))

    def _ref(self, text: str) -> None:
        if self._title is not None:
            self._title.append(text)
        self.stack[-1].children.append((self._pos(), text, False))

    def handle_entityref(self, name):
        self._ref(_html.unescape(f"&{name};"))

    def handle_charref(self, name):
        text = _html.unescape(f"&#{name};")
        # ESC and CSI are kept so that clean() drops their escape sequence whole ("&#x1b;[31m")
        self._ref(text if text.isprintable() or text.isspace() or text in "\x1b\x9b\x9d" else "")

    def _read_meta(self, attrs):
        d = {k.lower(): (v or "") for k, v in attrs}
        key = (d.get("property") or d.get("name") or d.get("itemprop") or "").lower()
        content = d.get("content", "").strip()
        if not content:
            return
        if key in ("article:published_time", "date", "pubdate", "publishdate", "datepublished", "dc.date",
                   "og:published_time", "published_time", "sailthru.date", "parsely-pub-date"):
            self.meta.setdefault("date", content)
        elif key in ("og:site_name", "application-name", "publisher", "dc.publisher"):
            self.meta.setdefault("site_name", content)


def _ptext(root: _Node) -> int:
    """Paragraph text below each element (kept, not dropped), bottom-up without recursion."""
    order: list[tuple[_Node, bool]] = []
    stack = [(root, False)]
    while stack:
        node, in_p = stack.pop()
        order.append((node, in_p))
        for c in node.children:
            if isinstance(c, _Node) and not c.drop:
                stack.append((c, in_p or c.tag in ("p", "li", "blockquote")))
    for node, in_p in reversed(order):
        total = 0
        for c in node.children:
            if isinstance(c, _Node):
                if not c.drop:
                    total += c.ptext
            elif in_p or node.tag in ("p", "li", "blockquote"):
                total += len(c[1].strip())
        node.ptext = total
    return root.ptext


def _main(root: _Node) -> _Node:
    total = _ptext(root)
    if total < 200:
        return root
    node = root
    while True:
        best = None
        for c in node.children:
            if isinstance(c, _Node) and not c.drop and c.ptext >= MAIN_SHARE * total:
                best = c
                break
        if best is None:
            return node
        node = best


def _emit(main: _Node, b: Builder) -> None:
    stack: list = [("node", main)]
    while stack:
        kind, item = stack.pop()
        if kind == "end":
            b.end_block()
            continue
        if kind == "text":
            off, text, exact = item
            if text == "\n" and not exact:
                b.end_block()
            else:
                b.add(text, off, exact)
            continue
        node: _Node = item
        if node.drop:
            continue
        block = node.tag not in INLINE
        if block:
            b.end_block()
            if node.tag in HEADINGS:
                b.role("title" if node.tag == "h1" else "heading")
            elif node.tag in ("li", "dt", "dd"):
                b.role("item")
            stack.append(("end", None))
        for c in reversed(node.children):
            stack.append(("node", c) if isinstance(c, _Node) else ("text", c))


def read_html(raw: str) -> tuple[Builder, dict[str, str]]:
    p = _Parser(raw)
    try:
        p.feed(raw)
        p.close()
    except (AssertionError, ValueError):  # a parser gives up on some broken markup: keep what it read
        pass
    b = Builder()
    _emit(_main(p.root), b)
    b.end_block()
    meta = dict(p.meta)
    if "date" not in meta and "time" in meta:
        meta["date"] = meta["time"]
    title = meta.get("title", "")
    if "site_name" not in meta and title:
        parts = re.split(r"\s+[|\u2013\u2014-]\s+", title)
        if len(parts) >= 2 and 1 <= len(parts[-1].split()) <= 5:
            meta["site_name"] = parts[-1].strip()
    meta.pop("title", None)
    return b, meta
