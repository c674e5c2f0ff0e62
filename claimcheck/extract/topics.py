"""A suggested topic for each draft: what is counted (killed, wounded,
missing, capture-date, ...) where or in what event, matched against the
base's own topics first, so that two claimants' figures for the same
quantity, from one report or from two, land on one topic and ``conflicts``
compares them.

The place of a figure is the place its event is named by in the sentence or
just before it ("the Makiivka strike", "an attack on Kherson", "floods in
Derna"), else the report's main place (the one its title or its sentences
name most). A new topic is ``PLACE-YEAR/MEASURE``; the year is the report's.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..ids import slugify
from .lexicon import COUNT_NOUNS, MONTHS, OFFICES, ORG_WORDS, RANKS, WEEKDAYS

EVENT_NOUNS = (
    "strike|strikes|airstrike|airstrikes|air strike|attack|attacks|bombing|bombings|blast|blasts|explosion|"
    "shelling|massacre|clash|clashes|fighting|battle|offensive|siege|raid|raids|protest|protests|floods?|flooding|"
    "earthquakes?|quakes?|storm|cyclone|hurricane|fire|crash|collapse|stampede|war|invasion|operation|assault|"
    "uprising|riots?|demonstrations?|ambush|killings|shooting|famine|outbreak|capture|recapture|fall"
)
_NAME = r"(?P<name>[A-Z][\w'\u2019-]*(?:\s+(?:al-|el-|de\s|bin\s)?[A-Z][\w'\u2019-]*){0,2})"
_KIND = r"(?:city|town|village|province|region|district|camp|county|state|area|port|capital|governorate|oblast|neighbou?rhood)"
_PLACE_RE = re.compile(
    r"\b(?:in|at|near|outside|across|from|into|on|around)\s+(?:the\s+)?"
    rf"(?:(?:[\w-]+\s+){{0,3}}{_KIND}\s+of\s+)?(?:(?:northern|southern|eastern|western|central|north|south|east|west)\s+)?"
    + _NAME + rf"(?:\s+{_KIND})?"
)
_EVENT_BEFORE_RE = re.compile(r"(?:\b(?:The|A|An|This|That|Its|Their)\s+)?" + _NAME + rf"\s+(?:{EVENT_NOUNS})\b")
_EVENT_AFTER_RE = re.compile(
    rf"\b(?:{EVENT_NOUNS})\s+(?:on|in|at|near|of|outside|around)\s+(?:the\s+)?"
    rf"(?:(?:[\w-]+\s+){{0,3}}{_KIND}\s+of\s+)?(?:(?:northern|southern|eastern|western|central)\s+)?" + _NAME
)
#: Harm named with where it happened: "two members of the coalition were killed in Manbij".
_HARM_AT_RE = re.compile(
    r"\b(?:killed|died|perished|executed|beheaded|wounded|injured)\s+(?:in|at|near|outside)\s+(?:the\s+)?"
    rf"(?:(?:[\w-]+\s+){{0,3}}{_KIND}\s+of\s+)?(?:(?:northern|southern|eastern|western|central)\s+)?" + _NAME
)
_NOT_PLACES = frozenset(
    list(MONTHS) + list(WEEKDAYS) + "the a an this that these those he she it they i we you his her its their our "
    "reuters afp ap associated press ap's bbc cnn twitter facebook telegram x youtube whatsapp parliament "
    "christmas easter ramadan eid new year's government president minister ministry police army un".split()
)
MEASURE_LABEL = {
    "killed": "People killed", "executed": "People executed", "wounded": "People wounded", "missing": "People missing", "displaced": "People displaced",
    "returned": "People returned", "arrested": "People arrested", "abducted": "People abducted",
    "captured": "People captured", "released": "People released alive", "casualties": "Casualties",
    "strikes": "Strikes and attacks", "capture-date": "Date of the capture", "recapture-date": "Date of the recapture",
    "entry-date": "Date of the entry", "withdrawal-date": "Date of the withdrawal", "start-date": "Date it began",
}
_SYNONYMS = {"strikes": {"strikes", "airstrikes", "attacks", "raids"}, "areas": {"areas", "territory", "villages"},
             "killed": {"killed", "dead", "deaths", "toll"}, "wounded": {"wounded", "injured"}}


def _place_ok(name: str, entity_names: set[str]) -> bool:
    low = name.lower()
    first = low.split()[0]
    if first in _NOT_PLACES or low in _NOT_PLACES or low in entity_names:
        return False
    if any(w in ORG_WORDS or w in OFFICES or w in RANKS for w in low.split()):
        return False
    if low.endswith(("-held", "-backed", "-led", "-based")):
        return False
    return True


def places(sentence: str, entity_names: set[str]) -> list[str]:
    """Place names a sentence mentions after a preposition of place."""
    return [m.group("name") for m in _PLACE_RE.finditer(sentence) if _place_ok(m.group("name"), entity_names)]


def scene_places(sentence: str, entity_names: set[str], fronted: bool = False) -> list[str]:
    """Places a sentence sets something in ("in an area of Deir Ezzor", "at
    the camp in Zamzam"), for the sentences after it in its paragraph: not
    where a speaker is ("told AFP from Benghazi"), not a nationality ("from
    Libyan officials"). ``fronted``: only the place a sentence opens with ("In
    the central region of Homs, ..."), which sets the scene of the sentence itself."""
    out = []
    if fronted:  # "In the central region of Homs, ...": the preposition is capitalised
        sentence = sentence[:1].lower() + sentence[1:]
    for m in _PLACE_RE.finditer(sentence):
        if fronted and m.start() > 0:
            break
        name = re.sub(r"(?:\s+[A-Z]{2,})+$", "", m.group("name"))  # "Homs ISIS is ...": the place, not the acronym after it
        if not re.match(r"(?:in|at|near|outside|around|across)\b", m.group()) or not _place_ok(name, entity_names):
            continue
        if " " not in name and _ADJECTIVE_RE.search(name) and re.match(r"\s+[a-z]", sentence[m.end("name"):]):
            continue  # "in Syrian territory": an adjective
        out.append(name)
    return out


_EVENT_ANY_RE = re.compile(rf"\b(?:{EVENT_NOUNS})\b")
_ADJECTIVE_RE = re.compile(r"(?:ian|ean|ese|ish|[lqndrts]i)$")


def event_place(sentence: str, entity_names: set[str]) -> str | None:
    """The place a sentence names its event by: "the Makiivka strike", "an attack on Kherson",
    "were killed in Manbij" (not a nationality: "an Israeli air strike")."""
    found = []
    for rx in (_EVENT_BEFORE_RE, _EVENT_AFTER_RE, _HARM_AT_RE):
        if rx is not _HARM_AT_RE and not _EVENT_ANY_RE.search(sentence):
            continue
        for m in rx.finditer(sentence):
            name = m.group("name")
            if rx is _EVENT_BEFORE_RE and " " not in name and len(name) > 4 and _ADJECTIVE_RE.search(name):
                continue
            if _place_ok(name, entity_names):
                found.append((m.start(), name))
    return min(found)[1] if found else None


def main_place(title: str | None, sentences: list[str], entity_names: set[str]) -> str | None:
    """The report's main place: the one its sentences name most (the title's counts double)."""
    c: Counter[str] = Counter()
    first: dict[str, int] = {}
    for i, s in enumerate(([title] if title else []) + sentences):
        ep = event_place(s, entity_names)
        for p in places(s, entity_names) + ([ep] if ep else []):
            key = slugify(p)
            if key:
                c[key] += 2 if (title and i == 0) else 1
                first.setdefault(key, i)
                first.setdefault("name:" + key, p)  # type: ignore[arg-type]
    if not c:
        return None
    best = max(c, key=lambda k: (c[k], -first[k]))
    return best


def measure_slug(measure: str | None, category: str, kind: str, noun: str | None, event: str | None = None) -> str:
    """What a figure counts, as the middle segment of a topic id; a start
    date names what began ("offensive-start-date", "attack-start-date")."""
    if kind == "date":
        if measure == "start-date" and event:
            return f"{event}-start-date"
        return measure or "date"
    if measure == "destroyed":
        base = {"homes": "homes-destroyed", "areas": "villages-destroyed", "vehicles": "vehicles-destroyed",
                "sites": "sites-destroyed"}.get(category, "destroyed")
    elif measure:
        base = measure
    elif category == "areas":  # villages are not comparable with areas or towns: each is its own count
        n = (noun or "").rstrip("s")
        base = {"village": "villages", "town": "towns", "district": "districts", "camp": "camps",
                "neighbourhood": "neighbourhoods", "neighborhood": "neighbourhoods"}.get(n, "territory")
    elif category:
        base = category
    else:
        base = slugify(noun or "") or "figures"
    return base + ("-share" if kind == "percent" else "")


@dataclass
class TopicIndex:
    """The base's topics, for matching: id -> (segments, words of id and title)."""

    topics: dict[str, tuple[list[str], set[str], str]]

    @classmethod
    def of(cls, base_topics: dict[str, str | None]) -> "TopicIndex":
        out = {}
        for tid, title in base_topics.items():
            segs = tid.split("/")
            words = set(re.findall(r"[a-z0-9]+", tid.replace("/", " ") + " " + (title or "").lower()))
            out[tid] = (segs, words, (title or "").lower())
        return cls(out)

    def match(self, measure: str, place: str | None, place_name: str | None, year: int | None,
              sentence_words: set[str]) -> str | None:
        """The existing topic for this measure and place, the one whose words
        the sentence shares most; None if none fits."""
        want = _SYNONYMS.get(measure, {measure}) | set(measure.split("-"))
        best = None
        for tid, (segs, words, title) in self.topics.items():
            if len(segs) < 2:
                continue
            mwords = set(segs[1].split("-"))
            if measure.endswith("-date") or measure.endswith("-share"):
                if segs[1] != measure:
                    continue
            elif not (mwords & want) or any(w in ("date", "share") for w in mwords):
                continue
            where = segs[0]
            if year is not None:
                ys = re.findall(r"(?:19|20)\d\d", where)
                if ys and str(year) not in ys:
                    continue
            ok = False
            if place:
                ptoks = set(place.split("-"))
                if ptoks <= set(where.split("-")):
                    ok = True
                elif place_name and place_name.lower() in title:
                    ok = True
            if not ok:
                continue
            extra = len(sentence_words & (words - set(where.split("-")) - mwords))
            score = (extra, -len(tid))
            if best is None or score > best[0]:
                best = (score, tid)
        return best[1] if best else None


#: Measures whose figures are split by who is counted when a report counts several groups.
GROUPED = frozenset({"killed", "executed", "wounded", "missing", "captured", "arrested", "abducted", "casualties"})
SUGGESTED = "(suggested by claimcheck extract)"


def counted_group(measure: str | None, category: str, noun: str | None) -> str | None:
    """Who a figure of harm counts, when its noun says so: "soldiers" (soldiers,
    troops, servicemen), "fighters" (fighters, militants, insurgents, ...), or a
    people named by a proper plural ("Russians"); None for people in general
    (people, civilians, members) and for other measures."""
    if measure not in GROUPED:
        return None
    if category == "troops":
        return "soldiers"
    if category == "fighters":
        return "fighters"
    if noun and not category and noun not in COUNT_NOUNS and noun.endswith("s") and noun.isalpha():
        return slugify(noun)
    return None


def new_topic_id(measure: str, place: str | None, year: int | None, fallback: str) -> str:
    where = place or fallback or "report"
    if year is not None and str(year) not in where:
        where = f"{where}-{year}"
    return f"{slugify(where) or 'report'}/{measure}"


def topic_title(measure: str, place_name: str | None, year: int | None) -> str:
    label = MEASURE_LABEL.get(measure.removesuffix("-share"), measure.replace("-", " ").capitalize())
    if measure.endswith("-share"):
        label = f"{label} (share, percent)"
    where = " ".join(x for x in (f"in {place_name}" if place_name else "", f"({year})" if year else "") if x)
    return f"{label} {where}".strip() + " " + SUGGESTED
