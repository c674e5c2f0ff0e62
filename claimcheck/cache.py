"""Checked bases in the persistent cache (:mod:`claimcheck.load.cache`).

Each file's result is kept under its own key (:mod:`claimcheck.load.read`);
the checks between records depend on every file, so their result is kept
under the key of the whole base: the keys of all its files, the files
refused while listing, and today's date (CC504 compares dates with it).
An entry holds every diagnostic of the base, in the order the checks found
them, placed where a run that printed them placed them, and the counts
``validate`` reports; so ``validate`` on an unchanged base reads one entry
and no file's result, and another command skips the checks.

The JSON answer of a query (``conflicts --format json``) is kept too, under
the base's key, the command and its options: asked again of an unchanged
base, it is written as it was, with nothing read back or computed.

The last base checked in a folder is remembered: the positions found then
serve the next run for every file whose bytes have not changed (after one
file of 200 changed, only that file's positions are looked for again).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from .diagnostics import CODES, Diagnostic
from .load.cache import Store, key_of
from .load.read import Listing
from .model import Base

_TARGETS = frozenset({"value", "key", "record"})
_SEVERITIES = frozenset({"error", "warning"})


class BaseEntry:
    """A checked base read back: its counts (files, claims, sources), its
    findings in order, the warnings claims acknowledge (with their reasons),
    whether all are placed, and its files' keys."""

    __slots__ = ("counts", "findings", "ignored", "placed", "files", "pointers")

    def __init__(self, counts: tuple[int, int, int], findings: list[Diagnostic], files: dict[str, str],
                 pointers: list[tuple[tuple, str] | None], ignored: list[tuple[Diagnostic, str]]) -> None:
        self.counts = counts
        self.findings = findings
        self.ignored = ignored
        self.placed = all(d.placed for d in findings) and all(d.placed for d, _ in ignored)
        self.files = files
        self.pointers = pointers


def base_key(listing: Listing, today: date) -> str | None:
    """The key of a base: None where some file has none (not read here)."""
    if not listing.complete:
        return None
    parts = ["base", listing.salt, listing.parser or "", today.isoformat()]
    for d in listing.problems:
        parts += [d.path, str(d.line), str(d.column), d.code, d.message]
    for _, rel, _, key in listing.files:
        parts += [rel, key]
    return key_of(*parts)


def save(store: Store, key: str, listing: Listing, base: Base, placed: list[Diagnostic] | None = None,
         pointers: list | None = None) -> None:
    """Keep the base's findings (``placed``: the same findings at their
    positions, in the same order, where they were placed; ``pointers``: the
    pointer each was found at, where the finding no longer says), the
    warnings its claims acknowledge (placed too, where ``placed`` is given)
    and its counts."""
    rows = []
    for k, d in enumerate(base.findings):
        p = placed[k] if placed is not None else d
        ptr, target = (d.pointer, d.target) if d.pointer is not None or pointers is None or pointers[k] is None \
            else pointers[k]
        rows.append(_row(p, d, ptr, target))
    ignored = base.ignored if placed is not None else base.ignored_findings
    try:
        text = json.dumps({
            "counts": [len(base.files), len(base.claims), len(base.sources)],
            "files": {rel: k for _, rel, _, k in listing.files},
            "findings": rows,
            "ignored": [[*_row(d, d, d.pointer, d.target), reason] for d, reason in ignored],
        }, separators=(",", ":"))
    except (TypeError, ValueError):
        return
    store.put("base", key, text)
    if placed is not None:  # the positions the next run can take for the files that did not change
        store.put("last", _last_key(store, listing.root), json.dumps({"base": key}))


def _row(p: Diagnostic, d: Diagnostic, ptr: tuple | None, target: str) -> list:
    return [p.path, p.line, p.column, p.end_line, p.end_column, d.code, d.message, d.severity,
            [list(r) for r in p.related], None if ptr is None else list(ptr), target]


def load(store: Store, key: str) -> BaseEntry | None:
    """The entry of a checked base, or None (absent, or not well formed)."""
    try:
        return _decode(store.get("base", key))
    except Exception:  # anything an entry that is not ours can hold: a miss
        return None


def _decode(value: Any) -> BaseEntry | None:
    if type(value) is not dict or set(value) != {"counts", "files", "findings", "ignored"}:
        return None
    counts = value["counts"]
    files = value["files"]
    if not (type(counts) is list and len(counts) == 3 and all(type(n) is int for n in counts)
            and type(files) is dict and all(type(v) is str for v in files.values())):
        return None
    findings = []
    pointers: list[tuple[tuple, str] | None] = []
    for row in value["findings"]:
        d, ptr = _finding(row)
        findings.append(d)
        pointers.append(ptr)
    ignored = []
    for row in value["ignored"]:
        *row, reason = row
        if type(reason) is not str:
            return None
        ignored.append((_finding(row)[0], reason))
    return BaseEntry((counts[0], counts[1], counts[2]), findings, files, pointers, ignored)


class _Bad(Exception):
    """A row that is not what :func:`save` writes (:func:`load` makes it a miss)."""


def _finding(row: Any) -> tuple[Diagnostic, tuple[tuple, str] | None]:
    """One finding's row read back, with the pointer it was found at (or None)."""
    path, line, col, eline, ecol, code, message, severity, related, pointer, target = row
    if not (type(path) is str and type(line) is int and type(col) is int and type(eline) is int
            and type(ecol) is int and code in CODES and type(message) is str and severity in _SEVERITIES
            and target in _TARGETS and type(related) is list):
        raise _Bad
    rel = []
    for r in related:
        rp, rl, rc = r
        if not (type(rp) is str and type(rl) is int and type(rc) is int):
            raise _Bad
        rel.append((rp, rl, rc))
    ptr = None
    if pointer is not None:
        if not (type(pointer) is list and all(type(x) is str or type(x) is int for x in pointer)):
            raise _Bad
        pointer = tuple(pointer)
        ptr = (pointer, target)
    if line > 0 and col > 0:
        return Diagnostic(path, line, col, code, message, severity, eline, ecol, tuple(rel)), ptr
    if pointer is not None:
        return Diagnostic.at_pointer(path, pointer, code, message, severity, target, tuple(rel)), ptr
    raise _Bad


def _last_key(store: Store, root: Path) -> str:
    return key_of("last", store.salt, str(root))


def last_positions(store: Store, listing: Listing) -> dict[str, dict]:
    """Positions the last run in this folder found, for each file whose
    bytes have not changed since: relative name -> {(pointer, target): position}."""
    last = store.get("last", _last_key(store, listing.root))
    if type(last) is not dict or type(last.get("base")) is not str:
        return {}
    entry = load(store, last["base"])
    if entry is None:
        return {}
    same = {rel for _, rel, _, key in listing.files if key is not None and entry.files.get(rel) == key}
    out: dict[str, dict] = {}
    for d, ptr in zip(entry.findings, entry.pointers):
        if ptr is not None and d.placed and d.path in same:
            out.setdefault(d.path, {})[ptr] = (d.line, d.column, d.end_line, d.end_column)
    return out


# --- answers of queries ---------------------------------------------------------


class Answer:
    """A query's answer read back: its text, and the errors of the base it
    was computed on (the command warns of them again)."""

    __slots__ = ("text", "errors")

    def __init__(self, text: str, errors: int) -> None:
        self.text = text
        self.errors = errors


def answer_key(listing: Listing, today: date, command: str, options: dict) -> str | None:
    """The key of ``command``'s answer with ``options`` (its parameters, as
    JSON) on the base ``listing`` lists; None where the base has none."""
    key = base_key(listing, today)
    if key is None:
        return None
    try:
        opts = json.dumps(options, sort_keys=True)
    except (TypeError, ValueError):
        return None
    return key_of("answer", key, command, opts)


def save_answer(store: Store, key: str, parts: list[bytes], errors: int) -> None:
    """Keep an answer: its text as it was written (``parts``: its UTF-8
    bytes, in order; no JSON around it: answers run to tens of megabytes),
    after a line with the number of errors."""
    store.put_parts("answer", key, [f"{errors}\n".encode("ascii"), *parts], text=True)


def load_answer(store: Store, key: str) -> Answer | None:
    """The answer kept under ``key``, or None (absent, or not well formed)."""
    value = store.get("answer", key, text=True)
    if value is None:
        return None
    first, nl, text = value.partition("\n")
    if not nl or not first.isascii() or not first.isdigit():
        return None
    return Answer(text, int(first))
