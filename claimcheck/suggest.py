"""Close matches for a word that names nothing: the "did you mean" of every
message that names an unknown id, field, status or stance."""

from __future__ import annotations

import difflib
from collections import Counter


def did_you_mean(word: str, candidates, *, cutoff: float = 0.6) -> str:
    """`` (did you mean 'x'?)`` or an empty string.

    The answer is ``difflib.get_close_matches(word, candidates, n=1, cutoff)``
    (the highest ``ratio()``, ties to the larger string). Over many candidates
    (100,000 claim ids) it is found level by level: :class:`_CharIndex` gives,
    as bitsets, the candidates whose ``quick_ratio()`` (an upper bound of
    ``ratio()``) reaches a level, and ``ratio()`` runs only on those, until the
    best ratio found reaches the level: no other candidate can then equal it."""
    word = str(word)
    cands = candidates if isinstance(candidates, list) else list(candidates)
    if len(cands) <= 512:
        best = difflib.get_close_matches(word, cands, n=1, cutoff=cutoff)
        return f" (did you mean {best[0]!r}?)" if best else ""
    index = _CharIndex.of(cands)
    s = difflib.SequenceMatcher()
    s.set_seq2(word)
    top = None  # (ratio, candidate): get_close_matches keeps the largest pair
    done = 0
    level = 1.0
    while True:
        level = max(level, cutoff)
        fresh = index.reaching(word, level) & ~done
        done |= fresh
        for i in _bits(fresh):
            x = cands[i]
            s.set_seq1(x)
            r = s.ratio()
            if r >= cutoff and (top is None or (r, x) > top):
                top = (r, x)
        if (top is not None and top[0] >= level) or level <= cutoff:
            break
        level -= 0.05
    return f" (did you mean {top[1]!r}?)" if top else ""


def _bits(n: int):
    """Indexes of the set bits of n."""
    i = 0
    while n:
        low = n & -n
        i = low.bit_length() - 1
        yield i
        n ^= low


class _CharIndex:
    """Bitsets over a candidate list: for each character c and count k, the
    candidates holding c at least k times; for each length, the candidates of
    that length. Their bit-sliced sum gives every candidate's ``quick_ratio``
    match count against a word at once. Built once per candidate list."""

    _last: "tuple[list, _CharIndex] | None" = None

    @classmethod
    def of(cls, cands: list) -> "_CharIndex":
        last = cls._last
        if last is not None and (last[0] is cands or last[0] == cands):
            return last[1]
        copy = list(cands)
        index = cls(copy)
        cls._last = (copy, index)
        return index

    def __init__(self, cands: list) -> None:
        self.cands = cands
        self.n = len(cands)
        by_len: dict[int, list[int]] = {}
        for i, x in enumerate(cands):
            by_len.setdefault(len(x), []).append(i)
        self.lengths = {n: self._mask(ix) for n, ix in by_len.items()}
        self.masks: dict[tuple[str, int], int] = {}
        self.counts: dict[str, bytes | None] = {}

    def _mask(self, indexes: list[int]) -> int:
        b = bytearray((self.n + 8) // 8)
        for i in indexes:
            b[i >> 3] |= 1 << (i & 7)
        return int.from_bytes(b, "little")

    def mask(self, c: str, j: int) -> int:
        """Candidates holding character c at least j times (built on first use)."""
        key = (c, j)
        m = self.masks.get(key)
        if m is None:
            if c not in self.counts:
                counts = [x.count(c) for x in self.cands]
                # one byte per candidate, last candidate first: bit i of int(..., 2) is candidate i
                self.counts[c] = bytes(counts)[::-1] if max(counts, default=0) < 256 else None
            b = self.counts[c]
            if b is not None:
                table = bytes(49 if v >= j else 48 for v in range(256))
                m = int(b.translate(table), 2) if b else 0
            else:
                counts = [x.count(c) for x in self.cands]
                m = self._mask([i for i, v in enumerate(counts) if v >= j])
            self.masks[key] = m
        return m

    def reaching(self, word: str, level: float) -> int:
        """Candidates whose quick_ratio() against ``word`` is at least ``level``."""
        planes: list[int] = []  # bit-sliced per-candidate count of matched characters
        for c, k in Counter(word).items():
            for j in range(1, k + 1):
                carry = self.mask(c, j)
                for p in range(len(planes)):
                    if not carry:
                        break
                    planes[p], carry = planes[p] ^ carry, planes[p] & carry
                if carry:
                    planes.append(carry)
        lw = len(word)
        out = 0
        for length, members in self.lengths.items():
            total = length + lw
            # quick_ratio = 2 * matches / total (1.0 when total is 0)
            if total == 0:
                if level <= 1.0:
                    out |= members
                continue
            need = 0
            while 2.0 * need / total < level:
                need += 1
            out |= members & self._at_least(planes, need)
        return out

    def _at_least(self, planes: list[int], need: int) -> int:
        if need <= 0:
            return (1 << self.n) - 1
        if need >= 1 << len(planes):
            return 0
        all_ones = (1 << self.n) - 1
        gt, eq = 0, all_ones
        for b in range(len(planes) - 1, -1, -1):
            p = planes[b]
            if need >> b & 1:
                eq &= p
            else:
                gt |= eq & p
                eq &= all_ones ^ p
        return gt | eq
