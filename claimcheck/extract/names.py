"""The names a report uses for its claimants, and what they point to.

:class:`Registry` keeps the people and organisations a report has named so
far; :func:`entity_of` reads a claimant's noun phrase into an :class:`Entity`
(a person, an organisation, a role such as "the police boss", a group),
resolving "he", "it", "its spokesman", "the report", "the ministry", a
surname or an acronym to the name it points back to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .figures import Tok
from .lexicon import (
    COUNT_BY, MONTHS, NAME_PARTICLES, OFFICES, ORG_HEADS, ORG_PRONOUNS, ORG_WORDS, PERSON_PRONOUNS, RANKS,
    ROLE_NOUNS, SAY_VERBS, TIME_WORDS,
)

_LEAD = frozenset("on in at by during last later earlier then meanwhile separately also but and however still "
                  "elsewhere only so now yet thus instead previously same late early this that next the a an "
                  "of from until to".split()) | TIME_WORDS
MONTHS_LOW = frozenset(MONTHS)


@dataclass
class Entity:
    name: str  # as the claimant is shown: a person's name, an organisation as first written
    kind: str  # person | org | role | group
    forms: set[str] = field(default_factory=set)  # normalised names it answers to
    head: str | None = None  # "ministry", "commission" ...
    acronym: str | None = None
    aliases: list[str] = field(default_factory=list)  # other names as written (for a new source)


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
        self._by_form: dict[str, Entity] = {}

    def _find(self, key: str) -> Entity | None:
        return self._by_form.get(key)

    def _index(self, e: Entity) -> None:
        for f in e.forms:
            self._by_form[f] = e

    def add(self, e: Entity) -> Entity:
        known = None
        for f in e.forms:
            known = self._find(f)
            if known is not None and known.kind == e.kind:
                break
            known = None
        if known is not None:
            known.forms |= e.forms
            self._index(known)
            for a in [e.name] + e.aliases:
                if a not in known.aliases and a != known.name:
                    known.aliases.append(a)
            if known.acronym is None:
                known.acronym = e.acronym
            return known
        self.entities.append(e)
        self._index(e)
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
            while j > k and toks[j - 1].kind != "word":
                j -= 1  # "by Josh Rogin." ends before its stop
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
        np[-1] = Tok(last.text[:-2], last.low[:-2], last.start, last.end - 2, last.kind)
        low = [t.low for t in np]
        text = _text(np, s)
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
