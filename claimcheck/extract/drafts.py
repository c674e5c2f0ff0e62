"""Draft claim records from one report: each figure a fact-checker would
record, with its sentence, who says it, when, on what topic, how hedged, and
how sure the extractor is (``confidence``, 0..1).

:func:`extract_document` walks the report's sentences in order (so that "he",
"the ministry" and "the same update" can point back) and builds a
:class:`Draft` per figure; every field comes from the text or from an option.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
import datetime as _dt

from ..ids import slugify
from .attribution import Attribution, attribute, find_cues, quote_spans
from .names import Entity, Registry, entity_of, norm, person_core
from .dates import DATELINE_REACH, find_dates, report_date, text_year, years_in
from .figures import FigureMention, event_dates, find_figures, tokens
from .lexicon import HARM, HEDGE_BACKREF_RE, HEDGE_RE, SAY_VERBS
from .text import Document, clean
from .topics import (
    SUGGESTED, TopicIndex, counted_group, event_place, main_place, measure_slug, new_topic_id, places, scene_places,
    topic_title,
)

#: The hedge of a date whose year the report's text gave, not the date itself.
YEAR_FROM_TEXT = "year taken from the report's text"
#: Drafts per report at most (a report has tens; a hostile file could make thousands).
MAX_DRAFTS = 2000
_LOWER_FIRST = frozenset("they we it he she there since the a an more less at about around some nearly almost over under up just only so to "
                         "between from as no none nobody one two three four five six seven eight nine ten dozens "
                         "hundreds thousands several many most among of in on outside inside across after before "
                         "since during with without this that these those its their his her when while by last earlier "
                         "later but and yet also then still".split())
_CLAUSE_END_RE = re.compile(
    r";|\s[\u2014\u2013-]\s|,\s+(?=(?:which|while|whereas|a figure|a number|according|adding|citing|saying|judging|"
    r"he|she|it|they|said|says|told|most|many|but|in a|figures)\b)"
    r"|[\"\u201d](?=\s*,?\s*(?:he|she|it|they|the|[A-Z]|said|says|told|added|according))"
    r"|[.!?](?=\s)|,\s+and\s+(?=(?:its|his|her|their|the|a|an|[A-Z]))"
)


@dataclass
class Options:
    outlet: str | None = None  # --outlet: a source id or a name
    date: _dt.date | None = None  # --date
    topic: str | None = None  # --topic


@dataclass
class Draft:
    statement: str
    quote: str
    line: int
    column: int
    figure_text: str
    low: float | None
    high: float | None
    best: float | None
    kind: str  # number | percent | date
    claimant: str | None  # a source id of the base
    claimant_name: str | None
    outlet: str | None  # a source id of the base, else the outlet's name
    as_of: str | None
    topic: str
    hedges: list[str]
    confidence: float
    # for writing (not part of the JSON draft)
    file: str = ""
    entity: Entity | None = None  # the claimant as the report names it (None: the outlet's voice)
    outlet_name: str | None = None
    outlet_known: bool = False
    topic_title: str | None = None
    grammar: bool = True  # figure_text is a phrase the grammar reads
    report_date: str | None = None
    notes: list[str] = field(default_factory=list)


class SourceIndex:
    """The base's sources by the names they answer to (name, aliases, id)."""

    def __init__(self, sources: list[tuple[str, str, list[str], str | None]] = ()) -> None:
        self.by_form: dict[str, str] = {}
        self.by_person: dict[str, str] = {}
        self.names: dict[str, str] = {}
        for sid, name, aliases, kind in sources:
            self.names[sid] = name
            for f in [name, sid, *aliases]:
                self.by_form.setdefault(norm(f), sid)
                self.by_form.setdefault(norm(f.replace("-", " ")), sid)
            if kind == "person":
                self.by_person.setdefault(person_core(name), sid)

    def find(self, names: list[str], person: bool = False) -> str | None:
        for n in names:
            sid = self.by_form.get(norm(n))
            if sid:
                return sid
        if person:
            for n in names:
                sid = self.by_person.get(person_core(n))
                if sid:
                    return sid
        return None


def _entity_names(e: Entity) -> list[str]:
    out = [e.name, *e.aliases]
    if e.acronym:
        out.append(e.acronym)
    return out


def _hedges(s: str, nxt: str | None) -> list[str]:
    out = [m.group() for m in HEDGE_RE.finditer(s)]
    if nxt and HEDGE_BACKREF_RE.search(nxt):
        out += [m.group() for m in HEDGE_RE.finditer(nxt)]
    seen: list[str] = []
    for h in out:
        if h.lower() not in [x.lower() for x in seen]:
            seen.append(h)
    return seen


def _clause(s: str, a: int, b: int, cue_end: int | None) -> str:
    """The words of the sentence that state the figure: from the attribution
    verb (and its "that") to the end of the figure's clause."""
    start = cue_end if cue_end is not None and cue_end <= a else 0
    lead = None
    for lead in re.finditer(r"according to [^,]{1,80},\s+", s[:a], re.I):
        pass
    if lead is not None:
        start = max(start, lead.end())
    if re.match(r"\s*told\b", s[max(0, start - 6):start + 1]) or s[max(0, start - 4):start].lower() == "told":
        addressee = re.match(r"\s*(?:the\s+)?(?:(?:[A-Z][\w.'\u2019-]*|reporters|journalists|lawmakers|television|"
                             r"agency|committee|news)\s*)+", s[start:a])
        if addressee:
            start += addressee.end()
    m = None
    for m in re.finditer(r"\bthat\s+(?!(?:figure|figures|number|toll|count|estimate|tally)\b)", s[start:a]):
        pass
    if m is not None:
        start += m.end()
    end_m = _CLAUSE_END_RE.search(s, b)
    end = end_m.start() if end_m else len(s)
    text = s[start:end].strip(" ,.;:\"'\u201c\u201d\u2018\u2019")
    text = re.sub(r"^(?:(?:on|last|this|earlier|later)\s+)?\w+day(?:\s+(?:morning|afternoon|evening|night))?,?\s+", "", text)
    text = re.sub(r"^(?:in a statement|on facebook|in a report|to reporters|reporters)\s+(?:that\s+)?", "", text, flags=re.I)
    if text.count('"') % 2 == 1:
        text = text.replace('"', "")
    if text.count("\u201c") != text.count("\u201d"):
        text = text.replace("\u201c", "").replace("\u201d", "")
    words = text.split(" ", 2)
    first = words[0]
    second = words[1] if len(words) > 1 else ""
    if (first.lower() in _LOWER_FIRST and first[:1].isupper() and not first.isupper()
            and not (first.lower() in ("a", "an", "the") and second[:1].isupper())):
        text = first.lower() + text[len(first):]
    return clean(text)


def _statement(who: str, verb: str, clause: str) -> str:
    who = who[:1].upper() + who[1:]
    out = f"{who} {verb} {clause}".rstrip(" .") + "."
    return out if len(out) <= 400 else out[:397].rsplit(" ", 1)[0] + "..."


def _confidence(m: FigureMention, att: Attribution, inherited: bool) -> float:
    c = 0.3
    if att.entity is not None:
        c += 0.15 if att.resolved else 0.25
    else:
        c += 0.05
    c += 0.2 if m.noun else (0.1 if m.measure else 0.0)
    if m.measure in HARM:
        c += 0.1
    if m.kind == "percent":
        c -= 0.15
    if m.kind == "date":
        c += 0.05
    if inherited:
        c -= 0.1
    if m.best is None and m.kind != "date" and not m.zero:
        c -= 0.05
    return round(min(0.95, max(0.05, c)), 2)


_BARE_NEXT = frozenset("on in at by for to and or from since had have has were was are is".split())


def _bare(s: str, end: int) -> bool:
    """A number standing alone ("the revised figure of 253 on Thursday", "250 or 260."),
    not one that counts a noun the lexicon does not know ("12 of the 14 townships")."""
    rest = s[end:].lstrip()
    if not rest or not rest[0].isalnum():
        return True
    word = re.match(r"\w+", rest).group().lower()
    return word in _BARE_NEXT


def _quote_open(doc: Document, block: int) -> bool:
    """Does a quotation opened in this paragraph run on past its end?"""
    t = doc.text[doc.blocks[block].start:doc.blocks[block].end]
    return t.count("\u201c") > t.count("\u201d") or t.count('"') % 2 == 1


def _cue_end(s: str, a: int) -> int | None:
    """End of the attribution verb nearest before position ``a`` (for the statement's clause)."""
    best = None
    for m in re.finditer(r"[A-Za-z']+", s[:a]):
        if m.group().lower() in SAY_VERBS:
            best = m.end()
    return best


def extract_document(doc: Document, opts: Options, sources: SourceIndex, topics: TopicIndex,
                     run_topics: dict[str, str]) -> list[Draft]:
    """Drafts of one report. ``run_topics``: topics suggested so far in this
    run (id -> title), shared by the reports of one run so they meet."""
    blocks = doc.blocks
    ref = opts.date or doc.date or report_date([doc.text[b.start:b.end] for b in blocks[:8]], DATELINE_REACH)
    year = ref.year if ref else None
    outlet_in = opts.outlet or doc.outlet
    outlet_id = None
    outlet_name = outlet_in
    if outlet_in:
        if outlet_in in sources.names:
            outlet_id, outlet_name = outlet_in, sources.names[outlet_in]
        else:
            outlet_id = sources.find([outlet_in])
            if outlet_id:
                outlet_name = sources.names.get(outlet_id, outlet_in)
    reg = Registry()
    body = [s for s in doc.sentences if blocks[s.block].role in ("body", "item", "heading")]
    texts = [clean(s.text) for s in body]
    # No report date: a month and day ("on Feb. 7") take the year the report's own text names.
    hint = text_year(([doc.title] if doc.title else []) + texts) if ref is None else None
    entity_names: set[str] = set()
    main = main_place(doc.title, texts, entity_names)
    main_name = None
    if main:
        for t in ([doc.title] if doc.title else []) + texts:
            for p in places(t, entity_names) + [event_place(t, entity_names) or ""]:
                if slugify(p) == main:
                    main_name = p
                    break
            if main_name:
                break
    drafts: list[Draft] = []
    grouped: list[tuple[int, str | None]] = []  # (draft index, who is counted) of drafts on new topics
    block_place: tuple[int, str | None] = (-1, None)
    named_place: tuple[int, str | None] = (-1, None)  # the place named last before, in this paragraph
    heading_place: str | None = None  # the place the last heading names
    context_measure: tuple[int, str | None] = (-1, None)
    context_year: int | None = None
    carried: Entity | None = None
    carried_block = -1
    seen: set[tuple[str, str]] = set()
    for idx, sent in enumerate(body):
        s = texts[idx]
        if not s:
            continue
        toks = tokens(s)
        dates = find_dates(s, ref, context_year, hint)
        mentions = [m for m in find_figures(s, toks) if m.kind != "date"]
        kept: list[tuple[FigureMention, bool]] = []
        has_cue = any(t.low in SAY_VERBS for t in toks) or "according to" in s.lower() or '"' in s or "\u201c" in s
        for m in mentions:
            if not m.reason:
                kept.append((m, False))
            elif m.reason in ("counts nothing named",) and has_cue and m.low >= 2 and m.low == int(m.low) \
                    and context_measure[1] and sent.block - context_measure[0] <= 1 and m.text[:1].isdigit() \
                    and _bare(s, m.end):
                m.measure = context_measure[1]
                m.reason = ""
                kept.append((m, True))
        kept += [(m, False) for m in event_dates(s, toks, dates, main_name)]
        kept.sort(key=lambda x: x[0].start)
        atts = attribute(s, toks, [(m.start, m.end) for m, _ in kept], reg, carried if carried_block == sent.block - 1 else None)
        last_of_block = idx + 1 >= len(body) or body[idx + 1].block != sent.block
        if last_of_block and carried is not None and carried_block == sent.block - 1 and _quote_open(doc, sent.block):
            carried_block = sent.block  # the quotation goes on in the next paragraph
        for e in reg.entities:
            entity_names.add(e.name.lower())
        ep = event_place(s, entity_names)
        if ep:
            block_place = (sent.block, ep)
        elif block_place[0] != sent.block:
            block_place = (-1, None)
        fronted = scene_places(s, entity_names, fronted=True)
        place_name = ep or (fronted[0] if fronted else None) or block_place[1] \
            or (named_place[1] if named_place[0] == sent.block else None) or heading_place or main_name
        nxt = texts[idx + 1] if idx + 1 < len(texts) else None
        for (m, inherited), att in zip(kept, atts):
            if m.measure:
                context_measure = (sent.block, m.measure)
            key = (s, m.text)
            if key in seen:
                continue
            seen.add(key)
            line, col = doc.line_col(sent.start)
            ent = att.entity
            if ent is not None:
                claimant_name = ent.name
                claimant = sources.find(_entity_names(ent), person=ent.kind == "person")
            else:
                claimant_name, claimant = outlet_name, outlet_id
            as_of = None
            year_from_text = m.kind == "date" and m.year_from_text
            usable = [d for d in dates if d.first is not None and not d.since and not (d.start >= m.start and d.end <= m.end)]
            if m.kind != "date" and usable:
                ce = _cue_end(s, m.start)
                anchor = ce if ce is not None else m.start
                d = min(usable, key=lambda d: abs(d.start - anchor))
                if ref is None or d.first <= ref:
                    as_of = d.iso
                    year_from_text = d.year_from_text
            measure = measure_slug(m.measure, m.category, m.kind, m.noun, m.event)
            place = slugify(place_name) if place_name else None
            words = set(re.findall(r"[a-z0-9]+", s.lower()))
            if opts.topic:
                topic, title = opts.topic, None
            else:
                topic = topics.match(measure, place, place_name, year, words)
                title = None
                if topic is None:
                    topic = new_topic_id(measure, place, year, slugify(outlet_name or "") or "report")
                    title = run_topics.setdefault(topic, topic_title(measure, place_name, year))
                    grouped.append((len(drafts), counted_group(m.measure, m.category, m.noun)))
            who = claimant_name or "The report"
            verb = "says" if ent is not None else "reports"
            if ent is not None and att.at is not None and re.match(r"(?:revised|raised|lowered|cut|updated)\b",
                                                                   s[max(0, att.at - 8):att.at].split()[-1] if s[:att.at].split() else ""):
                verb = s[:att.at].split()[-1]  # "It revised that figure days later to more than 300"
            quoted = next(((qa, qb) for qa, qb in quote_spans(s) if qa <= m.start and m.end <= qb), None)
            if m.kind == "date":  # the event the date is of, then the date
                ce = att.at if ent is not None and att.at is not None else None
                clause = _clause(s, ce, ce, ce) if ce is not None else _clause(s, m.start, m.end, None)
                clause = re.sub(r"^that\s+", "", clause)
                statement = _statement(who, verb, f"{clause} ({m.text.strip()}: {m.date_first.isoformat()})"
                                       if m.date_first and m.date_first == m.date_last else clause)
            elif quoted is not None and ent is not None:  # the speaker's own words, quoted
                words = clean(s[quoted[0]:quoted[1]]).strip("\"\u201c\u201d ,.")
                statement = f'{who[:1].upper() + who[1:]} says: "{words}."'
            else:
                clause = _clause(s, m.start, m.end, (att.at if att.at is not None else _cue_end(s, m.start))
                                 if ent is not None else None)
                statement = _statement(who, verb, clause)
            low, high, best = m.low, m.high, m.best
            hedges = _hedges(s, nxt)
            confidence = _confidence(m, att, inherited)
            if year_from_text:  # the year is the report's text's, not written with the date
                hedges.append(YEAR_FROM_TEXT)
                confidence = round(max(0.05, confidence - (0.15 if m.kind == "date" else 0.05)), 2)
            drafts.append(Draft(
                statement=statement, quote=s, line=line, column=col, figure_text=m.text,
                low=low, high=high, best=best, kind=m.kind, claimant=claimant, claimant_name=claimant_name,
                outlet=outlet_id or outlet_name, as_of=as_of, topic=topic, hedges=hedges,
                confidence=confidence, file=doc.name, entity=ent, outlet_name=outlet_name,
                outlet_known=outlet_id is not None, topic_title=title, grammar=m.grammar,
                report_date=ref.isoformat() if ref else None,
            ))
            if len(drafts) >= MAX_DRAFTS:
                return _split_groups(drafts, grouped, run_topics)
        ps = scene_places(s, entity_names)
        if blocks[sent.block].role == "heading":
            heading_place = ep or (ps[-1] if ps else None)
        elif ep or ps:
            named_place = (sent.block, ep or ps[-1])
        ys = years_in(s)
        if ys:
            context_year = ys[-1]
        if s.rstrip().endswith(":"):  # "On Monday, Gerasimov said:" introduces the quotation below
            cues = find_cues(toks, s)
            carried = entity_of(cues[-1].np, s, reg)[0] if cues else None
            carried_block = sent.block
    return _split_groups(drafts, grouped, run_topics)


def _split_groups(drafts: list[Draft], grouped: list[tuple[int, str | None]], run_topics: dict[str, str]) -> list[Draft]:
    """A new topic on which the report counts two groups or more (soldiers and
    fighters killed, Russians and soldiers) is split by group: each group's
    figures go on ``TOPIC/GROUP``; figures that name no group stay on TOPIC."""
    groups: dict[str, set[str]] = {}
    for i, g in grouped:
        if g:
            groups.setdefault(drafts[i].topic, set()).add(g)
    for i, g in grouped:
        d = drafts[i]
        if g and len(groups.get(d.topic, ())) >= 2:
            base_title = (d.topic_title or "").removesuffix(SUGGESTED).rstrip()
            d.topic = f"{d.topic}/{g}"
            d.topic_title = run_topics.setdefault(d.topic, f"{base_title}: {g.replace('-', ' ')} {SUGGESTED}".lstrip(": "))
    return drafts
