"""Who says a figure: the attribution patterns of news prose, and the names
they point to.

Patterns (``docs/pending/extract.md`` has examples of each): "X said/says/
claimed/reported/told Y/estimated/confirmed ... (that) N", "..., X said" and
"..., said X" after a clause or a quotation, "according to X", "X put the
toll at N", "X gave a figure of N", "X's statement/figures/count", "a
separate count by X", "figures released by X", "quoted X as saying", "citing
X", and "X and Y said N and M ..., respectively". A figure inside a quotation
belongs to the quotation's speaker. Where a sentence names nobody, the
outlet's own voice is the claimant.

Names are resolved within the report (:class:`Registry`): "he" and "she" to
the last person who spoke, "it", "its spokesman", "the report", "the same
update" to the last organisation that spoke, "the ministry" and "the
commission" to the last organisation of that kind, a surname to the person
named in full before, an acronym to the organisation it abbreviates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .figures import Tok
from .lexicon import MONTHS
from .lexicon import (
    AGENT_VERBS, AMBIGUOUS_VERBS, AUXILIARIES, COUNT_BY, DETERMINERS, FIGURE_OBJECTS, NAME_PARTICLES, OFFICES,
    ORG_HEADS, ORG_PRONOUNS, ORG_WORDS, PASSIVE, PERSON_PRONOUNS, RANKS, ROLE_NOUNS, SAY_VERBS, TIME_WORDS,
)

_STOP_WORDS = frozenset("that which who whom whose while whereas because if when after before since but or than "
                        "as where whether although though".split())
_BOUNDARY = frozenset(', ; : ( ) " \u201c \u201d \u2018 \u2019 [ ] \u2014 \u2013 -'.split())
_QUOTES_OPEN = frozenset('" \u201c'.split())
_LEAD = frozenset("on in at by during last later earlier then meanwhile separately also but and however still "
                  "elsewhere only so now yet thus instead previously same late early this that next the a an "
                  "of from until to".split()) | TIME_WORDS
_RELATIVE = frozenset("who which".split())
_AGENT_PARTICIPLES = frozenset("quoted cited interviewed contacted reached questioned surveyed polled".split())
MONTHS_LOW = frozenset(MONTHS)
_NAME_IDIOM_RE = re.compile(r"\b(?:gave (?:his|her|their) names? as|identified (?:himself |herself )?as|named|"
                            r"called)\s+(.+)$")


@dataclass
class Entity:
    name: str  # as the claimant is shown: a person's name, an organisation as first written
    kind: str  # person | org | role | group
    forms: set[str] = field(default_factory=set)  # normalised names it answers to
    head: str | None = None  # "ministry", "commission" ...
    acronym: str | None = None
    aliases: list[str] = field(default_factory=list)  # other names as written (for a new source)


@dataclass(frozen=True)
class Attribution:
    entity: Entity | None  # None: the outlet's own voice
    how: str  # the pattern: said, according-to, quote, possessive, count-by, agent, respectively, outlet
    resolved: bool = False  # a pronoun or a description resolved to an earlier name
    at: int | None = None  # where the cue's word ends in the sentence


def norm(s: str) -> str:
    """A name for comparison: lower case, quotes unified, a leading "the", titles
    of courtesy and outer punctuation dropped."""
    s = s.replace("\u2019", "'").replace("\u2018", "'").lower()
    s = re.sub(r"\([^)]*\)", " ", s)
    s = re.sub(r"[^\w' -]+", " ", s)
    words = s.split()
    while words and words[0] in ("the", "a", "an"):
        words = words[1:]
    return " ".join(words)


def person_core(s: str) -> str:
    """A person's name without ranks and offices ("col. ryan dillon" -> "ryan dillon")."""
    words = [w for w in norm(s).replace(".", " ").split() if w not in RANKS and w not in OFFICES and w + "." not in RANKS]
    return " ".join(words)


class Registry:
    """The names a report has used so far, and what its pronouns point to."""

    def __init__(self) -> None:
        self.entities: list[Entity] = []
        self.last_person: Entity | None = None
        self.last_org: Entity | None = None

    def _find(self, key: str) -> Entity | None:
        for e in reversed(self.entities):
            if key in e.forms:
                return e
        return None

    def add(self, e: Entity) -> Entity:
        known = None
        for f in e.forms:
            known = self._find(f)
            if known is not None and known.kind == e.kind:
                break
            known = None
        if known is not None:
            known.forms |= e.forms
            for a in [e.name] + e.aliases:
                if a not in known.aliases and a != known.name:
                    known.aliases.append(a)
            if known.acronym is None:
                known.acronym = e.acronym
            return known
        self.entities.append(e)
        return e

    def observe(self, toks: list[Tok], s: str) -> list[tuple[int, Entity]]:
        """The people a sentence names with a title, an appositive, a verb of
        saying or as an author ("Colonel Ryan Dillon, the spokesman", "CIA
        Director Mike Pompeo said", "an article by Josh Rogin"), registered so
        that a later surname ("Dillon") or "he" finds them: (character
        position, person) in sentence order."""
        out: list[tuple[int, Entity]] = []
        n = len(toks)
        k = 0
        while k < n:
            if not (toks[k].kind == "word" and toks[k].text[:1].isupper()):
                k += 1
                continue
            j = k
            while j < n and _is_name_token(toks[j]) and toks[j].text != "-":
                j += 1
            words = [i for i in range(k, j) if toks[i].kind == "word"]
            while words and (toks[words[0]].low in _LEAD or toks[words[0]].low in TIME_WORDS):
                words = words[1:]  # "On Sunday Janan Sayeeq"
            lead = 0
            while lead < len(words) - 1 and (toks[words[lead]].low in OFFICES or _rank(toks[words[lead]].low)):
                lead += 1
            name_idx = words[lead:]
            before = toks[k - 1].low if k > 0 else ""
            titled = lead > 0 or before in ROLE_NOUNS or before in OFFICES
            appositive = j + 1 < n and toks[j].text == "," and toks[j + 1].low in ("the", "a", "an", "its", "his", "her")
            speaking = j < n and toks[j].low in SAY_VERBS
            plain = all(not toks[i].text.isupper() and toks[i].low not in ORG_WORDS and toks[i].low not in MONTHS_LOW
                        for i in name_idx)
            org_like = len(name_idx) == 2 and toks[name_idx[0]].low in ("al", "el", "the")
            if words and words[0] != k:
                before = toks[words[0] - 1].low
            if 2 <= len(name_idx) <= 4 and plain and not org_like and (titled or appositive or speaking or before == "by"):
                first = name_idx[0]
                r = lead
                while r > 0 and _rank(toks[words[r - 1]].low):
                    r -= 1
                if r < lead:
                    first = words[r]
                name = s[toks[first].start:toks[j - 1].end]
                core = person_core(name)
                if core:
                    e = self._find("p:" + core)
                    if e is None:
                        e = self.add(Entity(name, "person", {"p:" + core, "s:" + core.split()[-1], norm(name)}))
                    out.append((toks[first].start, e))
            k = max(j, k + 1)
        return out

    def spoke(self, e: Entity) -> None:
        if e.kind in ("person", "role"):
            self.last_person = e
        else:
            self.last_org = e

    def org_with(self, head: str | None, modifiers: list[str] = ()) -> Entity | None:
        """The last organisation of this kind ("the ministry"); with modifiers
        ("the foreign ministry"), one whose name has them too."""
        for e in reversed(self.entities):
            if e.kind in ("org", "group") and (head is None or e.head == head):
                words = set(re.findall(r"\w+", e.name.lower()))
                if all(m in words for m in modifiers):
                    return e
        return None


# --------------------------------------------------------------------------
# Noun phrases into entities
# --------------------------------------------------------------------------


def _rank(w: str) -> bool:
    return w in RANKS or w.rstrip(".") + "." in RANKS


def _is_name_token(t: Tok) -> bool:
    if t.kind != "word":
        return t.text == "." or t.text == "-"
    return t.text[:1].isupper() or t.low in NAME_PARTICLES or t.low.startswith(("al-", "el-", "ibn-", "bin-"))


_TIME_CORE = frozenset(w for w in TIME_WORDS if w not in ("last", "same", "next", "previous", "this")) | frozenset(
    "meanwhile separately elsewhere then also however still now instead previously".split())


def _strip_lead(np: list[Tok]) -> list[Tok]:
    """Drop the adverbials a subject follows ("On Sunday", "The same day",
    "Earlier in the week", "Later"): the longest opening run of time words
    and their prepositions that ends on a time word."""
    cut = 0
    for k, t in enumerate(np[:-1]):
        if t.low in _TIME_CORE or t.kind == "num":
            cut = k + 1
        elif t.low not in _LEAD:
            break
    return np[cut:]


def _text(np: list[Tok], s: str) -> str:
    return s[np[0].start:np[-1].end] if np else ""


def entity_of(np: list[Tok], s: str, reg: Registry) -> tuple[Entity | None, bool]:
    """The entity a noun phrase names, resolved against the registry: (entity, resolved)."""
    np = [t for t in np if t.text not in ('"', "\u201c", "\u201d")]
    np = _strip_lead(np)
    while np and np[-1].text in (",", ".", "-", "\u2014"):
        np = np[:-1]
    if not np:
        return None, False
    # a parenthesis: "(OCHA)" is an acronym of the name before it
    acronym = None
    if "(" in [t.text for t in np]:
        k = [t.text for t in np].index("(")
        inner = [t for t in np[k + 1:] if t.text != ")"]
        if len(inner) == 1 and inner[0].text.isupper() and len(inner[0].text) >= 2:
            acronym = inner[0].text
        np = np[:k]
        if not np:
            return None, False
    low = [t.low for t in np]
    # possessive counts: "the ministry's statement", "SOHR's figures"
    if len(np) >= 2 and np[-1].low in COUNT_BY and np[-2].low.endswith(("'s", "\u2019s")):
        np = np[:-1]
        last = np[-1]
        trimmed = last.text[:-2]
        low = [t.low for t in np]
        text = s[np[0].start:last.start] + trimmed
    else:
        text = _text(np, s)
    if text.lower() in PERSON_PRONOUNS and len(np) == 1:
        return reg.last_person, reg.last_person is not None
    if len(np) == 1 and low[0] in ORG_PRONOUNS:
        return reg.last_org, reg.last_org is not None
    if low[0] in ("its", "their") and any(w in ROLE_NOUNS for w in low) and not any(_is_name_token(t) for t in np[1:]):
        return reg.last_org, reg.last_org is not None  # "its spokesman" speaks for it
    if low[0] in ("the", "this", "that") and len(np) <= 4 and not any(t.text[:1].isupper() for t in np[1:]):
        head = low[-1]
        mods = [w for w in low[1:-1] if w not in ("same", "latest", "new", "earlier", "first")]
        if head in ("report", "statement", "update", "data", "figures", "tally", "count", "organisation",
                    "organization", "agency", "group", "body", "monitor") and not mods:
            e = reg.org_with(head) if head in ORG_HEADS else None
            if e is not None or reg.last_org is not None:
                return e or reg.last_org, True
        elif head in ORG_HEADS:
            e = reg.org_with(head, mods)
            if e is not None:
                return e, True
    if text.startswith(("a ", "an ", "A ", "An ")):
        text = text.split(" ", 1)[1]
    # a person: the last run of name tokens (offices stripped, ranks kept), none of them an organisation's word
    run_start = len(np)
    while run_start > 0 and _is_name_token(np[run_start - 1]):
        run_start -= 1
    run = np[run_start:]
    while run and run[0].kind != "word":
        run = run[1:]
    k = 0
    while k < len(run) - 1 and run[k].low.rstrip(".") in OFFICES and run[k].low not in RANKS \
            and run[k].low.rstrip(".") + "." not in RANKS:
        k += 1
    run = run[k:]
    words = [t for t in run if t.kind == "word"]
    inside = run_start >= 2 and k == 0 and np[run_start - 1].low in ("of", "for", "to", "on", "and", "against", "in") \
        and np[run_start - 2].text[:1].isupper()  # "the Committee to Protect Journalists"
    run_org = inside or any(t.low.rstrip("'s").rstrip("\u2019s") in ORG_WORDS or t.low in ORG_WORDS for t in words)
    if len(words) == 2 and words[0].low in ("al", "el"):
        run_org = True  # "Al Masdar", "Al Arabiya": outlets
    if words and not run_org and low[-1] not in ROLE_NOUNS:
        name = _text(run, s)
        core = person_core(name)
        known = reg._find("p:" + core) or (reg._find("s:" + core) if len(words) == 1 else None)
        if known is not None and known.kind == "person":
            return known, len(words) == 1
        before = np[run_start + k - 1] if run_start + k > 0 else None
        ranked = before is not None and (before.low in RANKS or before.low in ROLE_NOUNS or before.low in OFFICES)
        if (len(words) >= 2 and core and not any(t.low in ("minister", "ministry") for t in run)) or (
                len(words) == 1 and (ranked or run[0].low.rstrip(".") in RANKS) and core):
            surname = core.split()[-1]
            e = Entity(name, "person", {"p:" + core, "s:" + surname, norm(name)})
            role_text = _text(np[:run_start + k], s).strip(" ,")
            if role_text and len(role_text) < 80:
                e.aliases.append(role_text + " " + name)
            return reg.add(e), False
    # an organisation, a group, a role
    has_org_word = any(w.rstrip("'s").rstrip("\u2019s") in ORG_WORDS or w in ORG_WORDS for w in low)
    if low[-1] in ROLE_NOUNS:
        kind = "role"
    else:
        kind = "org" if has_org_word or acronym else ("role" if any(w in ROLE_NOUNS for w in low) else "group")
    head = next((w for w in reversed(low) if w in ORG_HEADS), None)
    forms = {norm(text)}
    if acronym:
        forms.add(norm(acronym))
    if len(np) == 1 and np[0].text.isupper():
        acronym = acronym or np[0].text
    known = None
    for f in forms:
        known = reg._find(f)
        if known is not None:
            break
    if known is None and len(np) == 1:
        for e in reversed(reg.entities):
            if e.acronym and e.acronym.lower() == low[0]:
                known = e
                break
    if known is not None:
        return known, False
    e = Entity(text, kind, forms, head=head, acronym=acronym)
    return reg.add(e), False


# --------------------------------------------------------------------------
# Cues
# --------------------------------------------------------------------------


@dataclass
class Cue:
    at: int  # token index of the verb or the marker
    how: str
    np: list[Tok]  # the claimant's noun phrase
    split: list[list[Tok]] | None = None  # "X and Y" for respectively


def _left_np(toks: list[Tok], v: int, s: str) -> list[Tok] | None:
    """The subject of the verb at ``v``: the noun phrase right before it, past
    auxiliaries, an appositive between commas, or a relative clause."""
    k = v - 1
    while k >= 0 and (toks[k].low in AUXILIARIES or toks[k].low.endswith("ly") and toks[k].kind == "word"
                      and toks[k].low not in ("ally",)):
        k -= 1
    # "X on Monday said"
    while k >= 1 and toks[k].low in TIME_WORDS and toks[k - 1].low in ("on", "last", "this", "late", "early"):
        k -= 2
    if k < 0:
        return None
    if toks[k].low in ("and", "but"):
        return _clause_subject(toks, k, s)
    if toks[k].low in _RELATIVE:
        return _antecedent(toks, k)
    if toks[k].text == ",":
        # "NAME, APPOSITIVE, said" or "ROLE, NAME, told"
        c2 = k
        c1 = c2 - 1
        while c1 >= 0 and toks[c1].text not in _BOUNDARY:
            c1 -= 1
        seg = toks[c1 + 1:c2]
        if c1 >= 0 and toks[c1].text == "," and seg:
            if seg[0].low in DETERMINERS or seg[0].low in _RELATIVE or seg[0].low in ("then", "now", "formerly"):
                return _np_before(toks, c1)
            if all(_is_name_token(t) for t in seg):
                return seg
        return None
    return _np_before(toks, k + 1)


def _np_before(toks: list[Tok], end: int) -> list[Tok]:
    """Tokens before ``end`` up to a boundary; a relative clause is skipped to
    its head; an acronym in parentheses stays with its name."""
    out: list[Tok] = []
    k = end - 1
    while k >= 0:
        t = toks[k]
        if t.text == ")" and not out:
            j = k - 1
            while j >= 0 and toks[j].text != "(" and k - j < 6:
                j -= 1
            if j >= 0 and toks[j].text == "(":
                out.extend(reversed(toks[j:k + 1]))
                k = j - 1
                continue
        if t.text in _BOUNDARY and not (t.text == "-" and out and k > 0 and toks[k - 1].kind == "word"
                                         and s_adjacent(toks[k - 1], t, out[-1])):
            break
        if t.low in _RELATIVE and out:
            if out[-1].low in PERSON_PRONOUNS | ORG_PRONOUNS | {"i", "we", "you"} or out[-1].low in DETERMINERS \
                    or out[-1].text[:1].isupper():
                break  # "which he said": the relative is the object, the subject is what follows it
            clause = out[::-1]
            m = _NAME_IDIOM_RE.search(" ".join(x.text for x in clause))
            if m:  # "an official who gave his name as Dr Danish"
                run: list[Tok] = []
                for x in reversed(clause):
                    if not _is_name_token(x):
                        break
                    run.append(x)
                if run:
                    return run[::-1]
            out = []
            k -= 1
            continue
        if t.low in _STOP_WORDS and t.low not in ("and",):
            break
        if t.low == "by" and out:
            if k > 0 and toks[k - 1].low in _AGENT_PARTICIPLES:  # "residents quoted by the BBC said": the residents
                out = []
                k -= 2
                continue
            break  # "a separate count by UNRWA put", "those given ... by Kithure Kindiki, who said"
        out.append(t)
        k -= 1
        if len(out) > 14:
            break
    return out[::-1]


def s_adjacent(a: Tok, dash: Tok, b: Tok) -> bool:
    """A hyphen inside a word ("secretary-general" split by the tokenizer)."""
    return a.end == dash.start and dash.end == b.start


def _clause_subject(toks: list[Tok], k: int, s: str) -> list[Tok] | None:
    """"X stopped ... and said": the subject at the start of X's clause."""
    start = k
    while start > 0 and toks[start - 1].text not in (";", ":") and not (
            toks[start - 1].text == "," and toks[start].low in ("and", "but", "while")):
        start -= 1
    seg = _strip_lead(toks[start:k])
    out: list[Tok] = []
    for t in seg:
        if t.kind == "word" and not t.text[:1].isupper() and t.low not in ("the", "of", "for", "and", "on", "in") \
                and not t.low.endswith(("'s", "\u2019s")) and out:
            break
        if t.text in _BOUNDARY:
            break
        out.append(t)
    return out or None


def _antecedent(toks: list[Tok], k: int) -> list[Tok] | None:
    """What "who" refers to: the noun phrase before it, past an appositive."""
    j = k - 1
    if j >= 0 and toks[j].text == ",":
        c1 = j - 1
        while c1 >= 0 and toks[c1].text not in _BOUNDARY:
            c1 -= 1
        seg = toks[c1 + 1:j]
        if seg and (seg[0].low in DETERMINERS or seg[0].low in ("then", "now", "formerly")) and c1 >= 0 \
                and toks[c1].text == ",":
            return _np_before(toks, c1)
        return _np_before(toks, j)
    return _np_before(toks, k)


def _right_np(toks: list[Tok], start: int) -> list[Tok]:
    out: list[Tok] = []
    k = start
    while k < len(toks):
        t = toks[k]
        if t.text in _BOUNDARY and t.text != "-" or t.text == ".":
            break
        if t.low in _STOP_WORDS or (t.low in ("on", "in", "at", "during") and k + 1 < len(toks)
                                      and toks[k + 1].low in TIME_WORDS):
            break
        if out and (t.low in ("as", "saying", "adding") or (t.low in SAY_VERBS and t.kind == "word")
                    or t.low in PASSIVE or t.low in ("has", "had", "have") or t.kind == "num"):
            break
        out.append(t)
        k += 1
        if len(out) > 14:
            break
    return out


def find_cues(toks: list[Tok], s: str) -> list[Cue]:
    """Every attribution cue of a sentence, in order."""
    cues: list[Cue] = []
    n = len(toks)
    for k, t in enumerate(toks):
        w = t.low
        prev = toks[k - 1].low if k else ""
        nxt = toks[k + 1].low if k + 1 < n else ""
        if w == "according" and nxt == "to":
            np = _right_np(toks, k + 2)
            if np and np[0].low in COUNT_BY | {"figures", "data"}:
                j = next((i for i, x in enumerate(np) if x.low in ("by", "from", "of")), -1)
                np = np[j + 1:] if j >= 0 else np
            if np:
                cues.append(Cue(k, "according-to", np))
            continue
        if w in ("quoted", "quoting") and k + 1 < n and nxt != "by":
            np = _right_np(toks, k + 1)
            if np:
                cues.append(Cue(k, "quoted", np))
            continue
        if w == "citing":
            np = _right_np(toks, k + 1)
            j = next((i for i, x in enumerate(np) if x.low in ("by", "from")), -1)
            np = np[j + 1:] if j >= 0 else np
            if np:
                cues.append(Cue(k, "citing", np))
            continue
        if w in ("by", "from") and k >= 1 and (prev in COUNT_BY or prev in AGENT_VERBS):
            np = _right_np(toks, k + 1)
            if np:
                cues.append(Cue(k, "count-by", np))
            continue
        if w == "to" and prev == "attributed":
            np = _right_np(toks, k + 1)
            if np:
                cues.append(Cue(k, "attributed", np))
            continue
        if w not in SAY_VERBS or t.kind != "word":
            continue
        if prev in DETERMINERS or prev in PASSIVE or prev.endswith(("'s", "\u2019s")):
            continue
        if w in AMBIGUOUS_VERBS and not (nxt in ("that", ",", ":") or (k + 1 < n and toks[k + 1].text in _QUOTES_OPEN)):
            if w not in ("put", "puts", "cut", "cuts") and w not in ("read", "reads"):
                continue
        if w in ("put", "puts", "gave", "gives", "given", "cut", "cuts", "raised", "lowered", "revised", "updated"):
            ahead = {x.low for x in toks[k + 1:k + 7]}
            if not ahead & FIGURE_OBJECTS:
                continue
        if w in ("read", "reads") and not (k and toks[k - 1].low in COUNT_BY | {"statement", "report"}):
            continue
        np = _left_np(toks, k, s)
        if np and any(x.low in SAY_VERBS and x.low not in AMBIGUOUS_VERBS and x.kind == "word" for x in np[1:]):
            continue  # "the people reported abducted": a participle, not the speaker's verb
        if not np and k + 1 < n and (k == 0 or toks[k - 1].text in (",", '"', "\u201d")):
            np = _right_np(toks, k + 1)
        if np:
            split = None
            if any(x.low == "and" for x in np):
                j = next(i for i, x in enumerate(np) if x.low == "and")
                split = [np[:j], np[j + 1:]]
            cues.append(Cue(k, "said", np, split))
    return cues


def quote_spans(s: str) -> list[tuple[int, int]]:
    """Character spans of the quotations of a sentence."""
    out = []
    for m in re.finditer(r"\u201c[^\u201d]*\u201d?|\"[^\"]*\"?", s):
        if m.end() - m.start() > 12:
            out.append(m.span())
    return out


# --------------------------------------------------------------------------
# One claimant per figure
# --------------------------------------------------------------------------

_SEGMENT_RE = re.compile(r";|,\s+(?:while|whereas|but)\b|\s+while\b|,\s+and\b(?=\s+(?:its|his|her|their|the|a|an|[A-Z]))")


def _segments(s: str) -> list[tuple[int, int]]:
    """Clauses of a sentence that may each have their own speaker."""
    cuts = [0] + [m.start() for m in _SEGMENT_RE.finditer(s)] + [len(s)]
    return [(cuts[i], cuts[i + 1]) for i in range(len(cuts) - 1)]


def attribute(s: str, toks: list[Tok], spans: list[tuple[int, int]], reg: Registry,
              carried: Entity | None = None) -> list[Attribution]:
    """The claimant of each figure span (character spans in ``s``), and the
    registry updated with the speakers of the sentence. ``carried``: the
    speaker of a quotation that began in an earlier sentence."""
    seen = reg.observe(toks, s)
    cues = find_cues(toks, s)
    quotes = quote_spans(s)
    segs = _segments(s)
    # resolve every cue's speaker in sentence order (pronouns look back)
    speakers: list[tuple[Cue, Entity | None, bool]] = []
    respectively = "respectively" in s.lower()
    for c in cues:
        while seen and seen[0][0] < (c.np[0].start if c.np else toks[c.at].start):
            reg.last_person = seen.pop(0)[1]  # a person named before the cue is who "he" can be
        if respectively and c.split:  # "X and Y said N and M, respectively": two speakers, not one
            parts = [entity_of(p, s, reg) for p in c.split]
            e, resolved = parts[0]
        else:
            e, resolved = entity_of(c.np, s, reg)
        if e is not None:
            reg.spoke(e)
        speakers.append((c, e, resolved))
    for _, p in seen:
        reg.last_person = p
    out: list[Attribution] = []
    for idx, (a, b) in enumerate(spans):
        in_quote = next(((qa, qb) for qa, qb in quotes if qa <= a and b <= qb), None)
        seg = next(((sa, sb) for sa, sb in segs if sa <= a < sb), (0, len(s)))
        pick = None
        if in_quote is not None:
            outside = [x for x in speakers if not (in_quote[0] <= toks[x[0].at].start < in_quote[1]) and x[1] is not None]
            after = [x for x in outside if toks[x[0].at].start >= in_quote[1]]
            before = [x for x in outside if toks[x[0].at].start < in_quote[0]]
            pick = (after[0] if after else (before[-1] if before else None))
            if pick is None and carried is not None:
                out.append(Attribution(carried, "quote", True))
                continue
        if pick is None:
            usable = [x for x in speakers if x[1] is not None and not (
                in_quote is None and any(qa <= toks[x[0].at].start < qb for qa, qb in quotes)
                and not any(qa <= a < qb for qa, qb in quotes))]
            left_in = [x for x in usable if seg[0] <= toks[x[0].at].start < a]
            right_in = [x for x in usable if b <= toks[x[0].at].start < seg[1]]
            left = [x for x in usable if toks[x[0].at].start < a]
            right = [x for x in usable if toks[x[0].at].start >= b]
            strong_left = [x for x in left_in if x[0].how != "citing"]
            pick = (strong_left[0] if strong_left else right_in[0] if right_in else
                    left[-1] if left else right[0] if right else None)
        if pick is None:  # nobody named: the speaker of a quotation running on from before, else the outlet
            out.append(Attribution(carried, "quote", True) if carried is not None else Attribution(None, "outlet"))
            continue
        cue, e, resolved = pick
        at = toks[cue.at].end if cue.how == "said" else None
        if respectively and cue.split and len(spans) >= 2:
            k = min(idx, len(cue.split) - 1)
            e2, r2 = entity_of(cue.split[k], s, reg)
            if e2 is not None:
                out.append(Attribution(e2, "respectively", r2, at))
                continue
        out.append(Attribution(e, cue.how, resolved, at))
    return out
