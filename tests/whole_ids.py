"""Whether a terminal rendering shows every id whole.

An id is whole when it appears as a token, or is cut only after a hyphen with
the rest on the next line of the same cell (the rest starts at or left of
where the cut part started: a table cell's left edge, or a prose line's
start). Anything else that can be seen to be part of an id is a cut: a piece
that a word in the same column of the next line completes without a hyphen at
the cut
(``counterpun`` / ``ch``), a cut after a hyphen whose rest is nowhere, or an
id ended with an ellipsis (``pompeo-russians-kil…``).

``broken_ids(output, ids)`` lists each cut as ``line N: 'piece' of 'id'``;
``known_ids(base)`` gives the ids of a base (claims, sources, topics,
stances) and the fixed words a table shows (statuses, evidence, relations).
"""

from __future__ import annotations

import re

#: Punctuation around a token that is not part of an id.
LEAD = "([{#\"'\u201c"
TRAIL = ",;:)]}.\"'\u201d"
TOKEN = re.compile(r"\S+")


def known_ids(base) -> set[str]:
    from claimcheck.schema.fields import STATUSES
    from claimcheck.xref import EVIDENCE_STATUSES

    relations = {"agree", "conflict", "consistent", "superseded", "not-evidence", "incomparable",
                 "figure-not-understood"}
    return (set(base.claims) | set(base.sources) | set(base.topics) | set(base.stances) | set(STATUSES)
            | set(EVIDENCE_STATUSES) | relations)


def _tokens(line: str) -> list[tuple[int, str]]:
    """(column, token) of each word of a line, punctuation around it left out."""
    out = []
    for m in TOKEN.finditer(line):
        word = m.group()
        start = m.start()
        while word and word[0] in LEAD:
            word = word[1:]
            start += 1
        while word and word[-1] in TRAIL:
            word = word[:-1]
        if word:
            out.append((start, word))
    return out


def broken_ids(output: str, ids: set[str]) -> list[str]:
    lines = output.split("\n")
    toks = [_tokens(ln) for ln in lines]
    by_prefix: dict[str, list[str]] = {}
    for i in ids:
        for n in range(1, len(i)):
            by_prefix.setdefault(i[:n], []).append(i)
    problems: list[str] = []

    used: set[tuple[int, int]] = set()  # (line, column) of the rests of ids cut after a hyphen

    def continues(n: int, col: int, piece: str) -> list[tuple[int, int]] | None:
        """Where the rest of ``piece`` is, when the next lines' words at or
        left of ``col`` make it an id."""
        if n + 1 >= len(lines):
            return None
        for c, word in toks[n + 1]:
            if c > col:
                break
            joined = piece + word
            if joined in ids:
                return [(n + 1, c)]
            if joined.endswith("-") and joined in by_prefix:
                rest = continues(n + 1, c, joined)
                if rest:
                    return [(n + 1, c), *rest]
        return None

    for n, line_tokens in enumerate(toks):
        for col, word in line_tokens:
            if word in ids or (n, col) in used:
                continue
            if word.endswith("\u2026") and word[:-1] in by_prefix and ("-" in word or len(word) > 4):
                problems.append(f"line {n + 1}: {word!r} cuts {by_prefix[word[:-1]][0]!r} with an ellipsis")
                continue
            if word not in by_prefix:
                continue
            if word.endswith("-"):
                rest = continues(n, col, word)
                if rest is None:
                    problems.append(f"line {n + 1}: {word!r} of {by_prefix[word][0]!r}: its rest is not on the next line")
                else:
                    used.update(rest)
                continue
            # a cut mid-word (rich folds a word too long for its cell at the
            # cell's left edge): a word in the same column of the next line completes it
            for c, nxt in (toks[n + 1] if n + 1 < len(toks) else []):
                joined = word + nxt
                if c == col and (joined in ids or joined.endswith("-") and continues(n + 1, c, joined)):
                    problems.append(f"line {n + 1}: {word!r} + {nxt!r} cuts {joined!r} mid-word")
                    break
    return problems

