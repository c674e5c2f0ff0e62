"""Visible text assembled from pieces of a file, with the file position of
each piece, cut into blocks (paragraphs, headings, list items)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True)
class Block:
    start: int  # in Document.text
    end: int
    role: str  # body | title | heading | item | furniture



class Builder:
    """Visible text assembled from pieces of the file, with their positions."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.segs: list[tuple[int, int, int, bool]] = []
        self.blocks: list[Block] = []
        self.n = 0
        self._block_start: int | None = None
        self._part_start = 0
        self._role = "body"

    def add(self, text: str, raw_start: int, exact: bool = True) -> None:
        if not text:
            return
        if self._block_start is None:
            self._block_start = self.n
            self._part_start = len(self.parts)
        self.segs.append((self.n, raw_start, len(text), exact))
        self.parts.append(text)
        self.n += len(text)

    def role(self, role: str) -> None:
        self._role = role

    def end_block(self) -> None:
        if self._block_start is not None:
            if any(not p.isspace() for p in self.parts[self._part_start:]):
                self.blocks.append(Block(self._block_start, self.n, self._role))
            self.parts.append("\n\n")
            self.segs.append((self.n, self.segs[-1][1] + self.segs[-1][2] if self.segs else 0, 2, False))
            self.n += 2
        self._block_start = None
        self._role = "body"
