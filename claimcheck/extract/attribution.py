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
from dataclasses import dataclass

from .figures import Tok
from .lexicon import (
    AGENT_VERBS, AMBIGUOUS_VERBS, AUXILIARIES, COUNT_BY, DETERMINERS, FIGURE_OBJECTS, ORG_PRONOUNS, PASSIVE,
    PERSON_PRONOUNS, SAY_VERBS, TIME_WORDS,
)
from .names import Entity, Registry, _is_name_token, _strip_lead, entity_of

_STOP_WORDS = frozenset("that which who whom whose while whereas because if when after before since but or than "
                        "as where whether although though".split())
_BOUNDARY = frozenset(', ; : ( ) " \u201c \u201d \u2018 \u2019 [ ] \u2014 \u2013 -'.split())
_QUOTES_OPEN = frozenset('" \u201c'.split())
_RELATIVE = frozenset("who which".split())
_AGENT_PARTICIPLES = frozenset("quoted cited interviewed contacted reached questioned surveyed polled".split())
_NAME_IDIOM_RE = re.compile(r"\b(?:gave (?:his|her|their) names? as|identified (?:himself |herself )?as|named|"
                            r"called)\s+(.+)$")


@dataclass(frozen=True)
class Attribution:
    entity: Entity | None  # None: the outlet's own voice
    how: str  # the pattern: said, according-to, quote, possessive, count-by, agent, respectively, outlet
    resolved: bool = False  # a pronoun or a description resolved to an earlier name
    at: int | None = None  # where the cue's word ends in the sentence



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
