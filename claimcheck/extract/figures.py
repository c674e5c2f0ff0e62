"""Figure phrases in a sentence, read by the project's own figure grammar.

Every number and every word the grammar knows ("two", "dozens", "several";
a word such that ``a WORD`` parses, like "few") anchors a search: spans of up
to a few tokens around it are tried against :func:`claimcheck.figures.parse_figure`,
longest first, so any phrase form the grammar learns is found without a change
here. Then the incidental numbers are set aside: years and dates, times,
ages, distances, prices, labels ("No. 47", "Issue 1,482"), ratios ("six
times"), phone numbers. What is left is a figure when it counts something a
report disputes: a noun of people or things follows it, or a measure word
(killed, wounded, missing, displaced, ...) stands near it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ..figures import PHRASES, FigureError, parse_figure
from .dates import DateMention
from .lexicon import (
    HARM, COUNT_NOUNS, CURRENCY_SIGNS, EVENT_VERBS, LABELS, MEASURE_OF, MONTHS, UNITS, WAR_WORDS, WEEKDAYS,
)

TOKEN_RE = re.compile(r"\d[\d,.]*\d%?|\d%?|(?:[A-Za-z]\.){2,}|[^\W\d_]+(?:[-'\u2019][^\W\d_]+)*|\S")
#: Tokens tried around an anchor, to its left and to its right.
LEFT, RIGHT = 4, 5
#: Anchors read per sentence (a sentence of numbers is not prose).
MAX_ANCHORS = 40
#: Figure phrases the grammar refused, remembered (bounded).
_FAILED: set[str] = set()
_FAILED_CAP = 200_000
_WORDS: dict[str, bool] = {}
_WORDS_CAP = 50_000
_SPAN_PUNCT = frozenset("- \u2013 ~ + %".split())
_QUALIFIER_START = frozenset(
    "about around approximately approx roughly some an estimated circa nearly almost close just slightly more over "
    "above upwards in at no a up as fewer less under below between from tens dozens hundreds thousands several few "
    "half".split()
)
_EXCEED = frozenset("exceeded exceeds exceed surpassed surpasses topped tops passed exceeding surpassing topping".split())
_CHANGE = frozenset("cut lowered reduced raised increased decreased rose fell dropped jumped grew revised climbed".split())
#: Verbs whose particle looks like a qualifier: "handing over 50 soldiers" is 50, not more than 50.
_PHRASAL = frozenset("hand hands handed handing take takes took taking taken turn turns turned turning win wins won "
                     "fight fought pass passed passing hold holds held holding".split())
_PLACE_OBJECTS = frozenset("town city village base stronghold territory area airport district camp province region "
                           "capital conflict war country border crossing bastion headquarters barracks airbase "
                           "garrison hill bridge dam port positions township outpost".split())
#: What a start date can be the start of (its event names the topic: an attack's date is not an offensive's).
_STARTED = frozenset("offensive campaign operation assault invasion attack siege battle intervention".split())
_POPULATION = frozenset("city town village country nation population capital province region home".split())
_PREPOSITIONS = frozenset("around about over under above below near".split())
_PARTITIVE = frozenset("them whom those these which it us".split())
_ANAPHORA = frozenset("the these those both its their his her our".split())
_ZERO_RE = re.compile(
    r"\b(?:nobody|no one|no-one|none)\b(?=\s+(?:of them\s+)?(?:was|were|had been|has been|have been|had|has)?\s*"
    r"(?:\w+\s+)?(?:killed|hurt|injured|wounded|harmed|died|dead|missing))"
    r"|\bno (?:casualties|deaths|fatalities|injuries|victims|dead|one was (?:killed|hurt|injured))\b",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Tok:
    text: str
    low: str
    start: int
    end: int
    kind: str  # num | word | punct


@dataclass
class FigureMention:
    start: int  # in the sentence
    end: int
    text: str  # the phrase as written
    low: float
    high: float | None
    best: float | None
    kind: str  # number | percent | date
    noun: str | None = None  # what it counts, when a noun says it
    category: str = ""  # people, troops, fighters, homes... ("" = people or unknown)
    measure: str | None = None  # killed, wounded, ... (lexicon.MEASURE_WORDS)
    zero: bool = False  # "nobody", "no casualties"
    grammar: bool = True  # the text as written is a phrase the grammar reads
    reason: str = ""  # why it was set aside ("" = kept)
    date_first: date | None = None
    date_last: date | None = None
    year_from_text: bool = False  # a date whose year the report's text gave (dates.text_year)
    event: str | None = None  # a start date's event ("offensive", "attack"): what began


def tokens(s: str) -> list[Tok]:
    out = []
    for m in TOKEN_RE.finditer(s):
        t = m.group()
        kind = "num" if t[0].isdigit() else ("word" if t[0].isalpha() else "punct")
        out.append(Tok(t, t.lower(), m.start(), m.end(), kind))
    return out


def _parse(text: str):
    if text in _FAILED:
        return None
    try:
        return parse_figure(text)
    except FigureError:
        if len(_FAILED) < _FAILED_CAP:
            _FAILED.add(text)
        return None


def figure_word(w: str) -> bool:
    """A word the figure grammar reads alone ("two", "dozens") or after "a" ("few")."""
    hit = _WORDS.get(w)
    if hit is not None:
        return hit
    ok = False
    if w.replace("-", "").isalpha() and 2 < len(w) <= 14 and len(_WORDS) < _WORDS_CAP:
        ok = _parse(w) is not None or _parse("a " + w) is not None
    if len(_WORDS) < _WORDS_CAP:
        _WORDS[w] = ok
    return ok


_NUMERALS = ("a an and zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
             "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety "
             "hundred hundreds thousand thousands million millions billion billions dozen dozens score scores tens "
             "couple few several of to or between from than").split()


def _vocabulary() -> frozenset[str]:
    """Every word of the figure grammar's phrase table (its forms and examples)
    and the English numerals: the words a figure phrase can be made of. A form
    added to :data:`claimcheck.figures.PHRASES` brings its words along."""
    words = set(_NUMERALS)
    for rule in PHRASES:
        words.update(re.findall(r"[a-z][a-z.'-]*", f"{rule.forms} {rule.example}".lower()))
    return frozenset(w.strip(".") for w in words) | frozenset(words)


VOCABULARY = _vocabulary()


def _anchor(t: Tok) -> bool:
    if t.kind == "num":
        return True
    return t.kind == "word" and figure_word(t.low)


def _spannable(t: Tok, first: bool) -> bool:
    """Can the token be part of a figure phrase: a number, a word of the
    grammar's vocabulary (or one the grammar reads), a range's dash."""
    if t.kind == "punct":
        return t.text in _SPAN_PUNCT
    if t.kind == "num":
        return True
    if t.text[:1].isupper() and not first and t.low not in _QUALIFIER_START:
        return False
    return t.low in VOCABULARY or figure_word(t.low)


def _best_span(s: str, toks: list[Tok], a: int):
    """The longest span around anchor ``a`` that the grammar reads: (i, j, Figure)."""
    lo = a
    while lo > 0 and a - lo < LEFT and _spannable(toks[lo - 1], lo - 1 == 0):
        lo -= 1
    hi = a + 1
    while hi < len(toks) and hi - a <= RIGHT and _spannable(toks[hi], False):
        hi += 1
    for length in range(hi - lo, 0, -1):
        for i in range(max(lo, a - length + 1), min(a, hi - length) + 1):
            j = i + length
            if toks[i].kind == "punct" and toks[i].text != "~":
                continue
            if toks[j - 1].kind == "punct" and toks[j - 1].text not in ("%", "+"):
                continue
            if i > 0 and toks[i].low in ("over", "above", "under") and toks[i - 1].low in _PHRASAL:
                continue
            if i > 0 and toks[i].low in _PREPOSITIONS and toks[i - 1].low in ("or", "and"):
                continue  # "in or around two areas"
            f = _parse(s[toks[i].start:toks[j - 1].end])
            if f is not None:
                return i, j, f
    return None


def _is_year(t: Tok) -> bool:
    return t.kind == "num" and len(t.text) == 4 and t.text.isdigit() and 1900 <= int(t.text) <= 2100


def _noun_after(toks: list[Tok], j: int) -> tuple[str | None, int]:
    """A count noun after the figure (up to three modifiers between, or "of
    [the|its] ..."): (noun, index) or (None, -1)."""
    k = j
    if k < len(toks) and toks[k].low == "of":
        k += 1
        if k < len(toks) and toks[k].low in ("the", "its", "their", "his", "her", "our", "these", "those"):
            k += 1
    for step in range(4):
        if k >= len(toks):
            break
        t = toks[k]
        if t.kind != "word" and t.text != "-":
            break
        w = t.low.replace("\u2019", "'")
        base = w[:-2] if w.endswith("'s") else w
        if base in COUNT_NOUNS:
            return base, k
        if t.kind == "word" and base.split("-")[-1] in COUNT_NOUNS:
            return base.split("-")[-1], k
        if t.text[:1].isupper() and w.endswith("s") and step < 3 and t.low not in MONTHS and len(w) > 4:
            # a nationality or people named by a proper plural ("84 Egyptians", "Russians")
            if k + 1 >= len(toks) or toks[k + 1].kind != "word" or toks[k + 1].low not in COUNT_NOUNS:
                return w, k
        k += 1
    return None, -1


def _measure_near(toks: list[Tok], i: int, j: int, reach: int = 8) -> tuple[str | None, int]:
    """The measure word nearest the figure (after it preferred), within eight
    tokens and the same clause: (measure, token index)."""
    best = None
    n = len(toks)
    for direction, rng in ((1, range(j, min(n, j + reach))), (-1, range(i - 1, max(-1, i - reach - 1), -1))):
        for k in rng:
            t = toks[k]
            if t.text in (";", ":", "(", ")") or (t.text == "." and k > j):
                if not (t.text == ":" and direction == -1 and k <= 3):  # "Missing: 516"
                    break
                continue
            w = t.low
            m = MEASURE_OF.get(w)
            if m is None and k + 1 < n:
                m = MEASURE_OF.get(f"{w} {toks[k + 1].low}")
            if m is not None:
                d = abs(k - (j if direction == 1 else i)) + (0.5 if direction == -1 else 0)
                if best is None or d < best[0]:
                    best = (d, m, k)
                break
    return (best[1], best[2]) if best else (None, -1)


def _incidental(s: str, toks: list[Tok], i: int, j: int, f) -> str:
    """Why the span is not a figure a fact-checker records ("" if it may be)."""
    first, last = toks[i], toks[j - 1]
    prev = toks[i - 1] if i > 0 else None
    prev2 = toks[i - 2] if i > 1 else None
    nxt = toks[j] if j < len(toks) else None
    nxt2 = toks[j + 1] if j + 1 < len(toks) else None
    if f.kind == "date":
        return "date"
    if first.start > 0 and s[first.start - 1] == "[":
        return "bracketed"  # a footnote mark "[2]", or markup such as "[31m"
    if j - i == 1 and _is_year(first) and (nxt is None or nxt.low not in COUNT_NOUNS):
        return "year"
    before = prev2 if prev is not None and prev.text == "." else prev
    for t in (before, nxt):
        if t is not None and (t.low.rstrip(".") in MONTHS and t.text[:1].isupper() or t.low in WEEKDAYS):
            return "date"
    if first.start > 0 and (s[first.start - 1].isalnum() or s[first.start - 1] in "/_@#"):
        return "code"
    if last.end < len(s) and (s[last.end].isalpha() or s[last.end] in "/_@"):
        return "code"
    if nxt is not None:
        unit = nxt.low
        if unit == "-" and nxt2 is not None:
            unit = nxt2.low.split("-")[0]
        elif "-" in unit:
            unit = unit.split("-")[0]
        if unit in UNITS or unit.rstrip(".") in UNITS:
            return "unit"
        if nxt.text == "-" and nxt2 is not None and nxt2.low.startswith(("year", "month", "day", "week", "hour")):
            return "age or duration"
    if prev is not None:
        p = prev.low.rstrip(".")
        if prev.text in CURRENCY_SIGNS or p in ("us", "sh", "ksh", "rs", "usd", "eur"):
            return "money"
        if p in LABELS or (prev.text == "." and prev2 is not None and prev2.low in LABELS):
            return "label"
        if prev.text == "#" or prev.text == "+":
            return "label"
        if prev.kind == "word" and prev.text.isupper() and len(prev.text) <= 4 and i > 1:
            return "label"
        if prev.kind == "num" and s[prev.end:first.start].strip() == "":
            return "number sequence"
        if p in ("aged", "age", "ages"):
            return "age"
        if prev.text == "," and prev2 is not None and prev2.text[:1].isupper() and nxt is not None and nxt.text == "," \
                and f.low == f.high and f.low < 120 and first.kind == "num":
            return "age"
        if p == "by" and any(t.low in _CHANGE for t in toks[max(0, i - 12):i]):
            return "change"
    if nxt is not None and nxt.kind == "num" and s[last.end:nxt.start].strip() == "":
        return "number sequence"
    if nxt is not None and nxt.low == "of" and nxt2 is not None and (nxt2.low in _PARTITIVE or f.high == 1 == f.low):
        return "part of a figure"
    back = [t.low for t in toks[max(0, i - 3):i]]
    if "of" in back and any(w in _POPULATION for w in back[:back.index("of")] + [toks[i - 4].low if i >= 4 else ""]) \
            or (prev is not None and prev.low == "to" and prev2 is not None and prev2.low == "home"):
        return "population"  # "a city of some 150,000 people", "home to 2 million"
    if f.low == f.high and f.low <= 12 and prev is not None and prev.low in _ANAPHORA and j - i == 1:
        return "reference"
    if f.low != int(f.low) and f.high == f.low and f.kind == "number":
        return "decimal"
    if nxt is not None and nxt.text == "-" and nxt2 is not None and nxt2.kind == "word" and nxt2.low not in COUNT_NOUNS \
            and f.kind == "number" and first.kind == "num":
        return "compound"
    if first.kind == "num" and (first.text.startswith("0") and len(first.text) > 1):
        return "code"
    return ""


def find_figures(s: str, toks: list[Tok] | None = None) -> list[FigureMention]:
    """Every figure phrase of a sentence, kept or set aside (``reason``)."""
    toks = tokens(s) if toks is None else toks
    out: list[FigureMention] = []
    anchors = 0
    a = 0
    n = len(toks)
    while a < n:
        t = toks[a]
        if not _anchor(t) or (t.kind == "num" and t.text.endswith(("th", "st", "nd", "rd"))):
            a += 1
            continue
        anchors += 1
        if anchors > MAX_ANCHORS:
            break
        found = _best_span(s, toks, a)
        if found is None:
            a += 1
            continue
        i, j, f = found
        text = s[toks[i].start:toks[j - 1].end]
        low, high, best = f.low, f.high, f.best
        grammar = True
        if i > 0 and toks[i - 1].low in _EXCEED and high is not None and low == high:
            i -= 1
            text = s[toks[i].start:toks[j - 1].end]
            high, grammar = None, False
        m = FigureMention(toks[i].start, toks[j - 1].end, text, low, high, best, f.kind, grammar=grammar)
        m.reason = _incidental(s, toks, i if grammar else i + 1, j, f)
        noun, _ = _noun_after(toks, j)
        m.noun = noun
        if noun is not None:
            m.category = COUNT_NOUNS.get(noun, "")
        m.measure, _ = _measure_near(toks, i, j)
        if m.measure is None and noun is not None and not m.category:
            far, _ = _measure_near(toks, i, j, reach=14)  # "58 civilians, among them 17 children, had been killed"
            m.measure = far if far in HARM else None
        if noun is not None and MEASURE_OF.get(noun) and noun not in ("bodies", "graves", "body"):
            m.measure = MEASURE_OF[noun]
        if m.category in ("troops", "fighters") and m.measure not in HARM | {"captured", "arrested", None}:
            m.measure = None  # "nine suicide bombers carried out the attacks": the bombers are counted
        elif m.category in ("areas", "homes", "sites", "vehicles", "statements") and m.measure in HARM:
            m.measure = None  # "1,663 injured across eleven villages": the villages are not the injured
        if not m.reason:
            if f.kind == "percent" and m.measure is None and noun is None:
                m.reason = "percentage of nothing named"
            elif noun is None and m.measure is None:
                m.reason = "counts nothing named"
            elif noun is None and low == high and low <= 1 and toks[i].kind == "word" and m.measure is None:
                m.reason = "one"
        out.append(m)
        a = j
    _merge_or(s, out)
    for z in _ZERO_RE.finditer(s):
        out = [m for m in out if not (m.start < z.end() and z.start() < m.end and (m.reason or m.low <= 1))]
        if not any(m.start < z.end() and z.start() < m.end for m in out):
            zt = toks and [k for k, t in enumerate(toks) if t.start >= z.start()]
            k0 = zt[0] if zt else 0
            k1 = next((k for k, t in enumerate(toks) if t.start >= z.end()), n)
            zm = FigureMention(z.start(), z.end(), z.group(), 0.0, 0.0, 0.0, "number", zero=True, grammar=False)
            zm.measure, _ = _measure_near(toks, k0, k1)
            zm.measure = zm.measure or "killed"
            word = z.group().lower().split()[-1]
            if MEASURE_OF.get(word):
                zm.measure = MEASURE_OF[word]
            out.append(zm)
    out.sort(key=lambda m: m.start)
    return out


def _merge_or(s: str, ms: list[FigureMention]) -> None:
    """"250 or 260": two point figures joined by "or" are one range."""
    k = 0
    while k + 1 < len(ms):
        a, b = ms[k], ms[k + 1]
        between = s[a.end:b.start].strip().lower()
        mild = ("", "counts nothing named")
        if between == "or" and a.kind == b.kind == "number" and a.low == a.high and b.low == b.high \
                and b.low > a.low and a.reason in mild and b.reason in mild:
            merged = FigureMention(a.start, b.end, s[a.start:b.end], a.low, b.high, None, "number", grammar=False)
            merged.noun, merged.category, merged.measure = b.noun or a.noun, b.category or a.category, b.measure or a.measure
            merged.reason = "" if (merged.noun or merged.measure) else "counts nothing named"
            ms[k:k + 2] = [merged]
        k += 1


def event_dates(s: str, toks: list[Tok], dates: list[DateMention], own_place: str | None = None) -> list[FigureMention]:
    """The date of a capture, an entry, a withdrawal, an offensive's start:
    a date drafted as a figure, in a sentence about war, with the event's verb
    in the same clause (not "since ...": that is context, unless it is the
    start of the report's own event, named by ``own_place``, the report's main
    place: "Since the offensive in southern Damascus began on Apr. 19")."""
    if not dates or not any(t.low in WAR_WORDS for t in toks):
        return []
    out: list[FigureMention] = []
    for k, t in enumerate(toks):
        measure = EVENT_VERBS.get(t.low)
        if measure is None or (t.low == "capture" and (k == 0 or toks[k - 1].low not in ("the", "its", "a"))):
            continue
        if k > 0 and toks[k - 1].kind == "num":
            continue  # "50 captured soldiers": an adjective
        if measure in ("capture-date", "recapture-date", "entry-date", "withdrawal-date") and t.low != "capture":
            after = [x for x in toks[k + 1:k + 7] if x.low not in ("the", "its", "their", "a", "an", "control", "of", "over")]
            proper = bool(after) and after[0].kind == "word" and after[0].text[:1].isupper() and not after[0].text.isupper()
            if not proper and not any(x.low in _PLACE_OBJECTS for x in toks[k + 1:k + 7]):
                continue  # the object of a capture is a place ("abandoned CIA support" is not a withdrawal)
        event = None
        if t.low in ("began", "started", "begun", "launched"):
            near = [(abs(q - k), toks[q].low) for q in range(max(0, k - 6), min(len(toks), k + 5)) if toks[q].low in _STARTED]
            if not near:
                continue
            event = min(near)[1]  # the nearest: "launched an attack", "the offensive ... began"
        clause_start = max((x.end for x in toks[:k] if x.text in (";", ",") and x.start < t.start), default=0)
        since = re.search(r"\bsince\b", s[clause_start:t.start], re.I)
        if since and not (measure == "start-date" and own_place and re.search(
                r"\b" + re.escape(own_place) + r"\b", s[clause_start + since.end():t.start])):
            continue
        best = None
        for d in dates:
            if d.first is None or d.since:
                continue
            after = d.start >= t.end
            gap = d.start - t.end if after else t.start - d.end
            if re.search(r"[;]", s[min(d.end, t.end):max(d.start, t.start)]):
                continue
            key = (not after, gap)  # the event's own date follows its verb ("captured X on Saturday")
            if best is None or key < best[0]:
                best = (key, d)
        if best is not None and best[0][1] > 250:
            best = None
        if best is None:
            continue
        d = best[1]
        if any(m.start == d.start for m in out):
            continue
        m = FigureMention(d.start, d.end, d.text, float(d.first.toordinal()), float(d.last.toordinal()),
                          float(d.first.toordinal()) if d.precision == "day" else None, "date", grammar=False,
                          date_first=d.first, date_last=d.last, year_from_text=d.year_from_text)
        m.measure = measure
        m.event = event
        out.append(m)
    return out
