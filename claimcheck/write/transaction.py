"""One edit of the base as a transaction: under the base lock, read the base
and the files to edit, compute the edits, check the new state of the whole
base in memory (nothing is written if the edit brings a new error), then
write each file atomically, after checking it still holds the bytes the edit
was computed from (else recompute, up to :data:`ATTEMPTS` times).
``docs/authoring.md`` states the rules."""

from __future__ import annotations

import copy
import re
from collections import Counter
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from ..base import open_base
from ..diagnostics import Diagnostic
from .edit import _Doc
from .errors import AuthoringError
from .safe import ChangedOnDisk, atomic_write, base_lock, read_snapshot, remove_stale_temps

ATTEMPTS = 3


@dataclass
class AddResult:
    """What an authoring operation did (or would do, on a dry run).

    ``diagnostics``: the problems of the new state that the edit brings (those
    not already in the base before it), errors and warnings. ``ok``: no error
    among them. ``written``: base-relative paths written (empty when not ok or
    on a dry run). ``preview``: the YAML text added or changed, per file.
    ``ids``: ids of the claims (or sources) added or changed.
    ``earlier_errors``: errors the base already had, which the edit did not cause.
    """

    diagnostics: list[Diagnostic] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    preview: str = ""
    ok: bool = True
    ids: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # files the edit touches
    earlier_errors: int = 0
    changed: bool = True  # False: the base already said so (set-status to the same status)


EditResult = AddResult


# --- the workspace of one transaction ----------------------------------------


class _Workspace:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.docs: dict[str, _Doc] = {}
        self.expected: dict[str, Any] = {}
        self.order: list[str] = []
        self.previews: dict[str, list[str]] = {}

    def doc(self, rel: str) -> _Doc:
        d = self.docs.get(rel)
        if d is None:
            raw = read_snapshot(self.root / rel)
            d = _Doc(rel, raw)
            d.original = raw  # type: ignore[attr-defined]
            self.docs[rel] = d
            self.expected[rel] = copy.deepcopy(d.data)
        return d

    def edit(self, rel: str, new_text: str, change: Callable[[Any], Any], preview: str) -> None:
        d = self.doc(rel)
        d.set_text(new_text)
        self.expected[rel] = change(self.expected[rel])
        if rel not in self.order:
            self.order.append(rel)
        self.previews.setdefault(rel, []).append(preview)

    def verify(self) -> None:
        for rel in self.order:
            d = self.docs[rel]
            if d.data != self.expected[rel]:
                raise AuthoringError(
                    f"cannot place the edit in {rel} safely (its layout is unusual); nothing was written: edit it by hand"
                )

    def new_files(self) -> dict[str, bytes]:
        return {rel: self.docs[rel].encoded() for rel in self.order}

    def preview(self) -> str:
        out = []
        for rel in self.order:
            out.append(f"# {rel}\n")
            out.extend(self.previews[rel])
        return "".join(out)


def _appended(key: str, item: dict) -> Callable[[Any], Any]:
    def change(data):
        data = data if isinstance(data, dict) else {}
        if data.get(key) is None:
            data[key] = []
        data[key].append(copy.deepcopy(item))
        return data

    return change


def _node(data: Any, pointer: tuple) -> Any:
    for step in pointer:
        data = data[step]
    return data


def _appended_at(pointer: tuple, key: str, item: Any) -> Callable[[Any], Any]:
    """The data change of :func:`claimcheck.write.edit._append_in_mapping`."""
    def change(data):
        node = _node(data, pointer)
        if node.get(key) is None:
            node[key] = []
        node[key].append(copy.deepcopy(item))
        return data

    return change


def _deleted_at(pointer: tuple, key: str | int) -> Callable[[Any], Any]:
    """The data change of deleting ``key`` (or list index) of the node at ``pointer``."""
    def change(data):
        del _node(data, pointer)[key]
        return data

    return change


def _set_at(pointer: tuple, key: str, value: Any) -> Callable[[Any], Any]:
    def change(data):
        _node(data, pointer)[key] = value
        return data

    return change


# --- diagnostics the edit brings ----------------------------------------------

# Positions inside messages ("first at line 4", "claims/a.yaml:4:9") move when
# an edit inserts lines; they do not make a problem new.
_POS_RE = re.compile(r"\bline \d+|:\d+:\d+|:\d+\b")


def _diag_key(d: Diagnostic) -> tuple:
    return (d.path, d.code, _POS_RE.sub("#", d.message))


def _brought(old: list[Diagnostic], new: list[Diagnostic]) -> list[Diagnostic]:
    before = Counter(_diag_key(d) for d in old)
    out = []
    for d in new:
        k = _diag_key(d)
        if before[k] > 0:
            before[k] -= 1
        else:
            out.append(d)
    return out


# --- the transaction ----------------------------------------------------------


def _transaction(
    root: Path,
    build: Callable[[_Workspace, Any, AddResult], None],
    *,
    dry_run: bool,
    lock_timeout: float,
) -> AddResult:
    root = Path(root)
    for attempt in range(ATTEMPTS):
        lock = nullcontext() if dry_run else base_lock(root, lock_timeout)
        with lock:
            old = open_base(root)
            ws = _Workspace(root)
            result = AddResult()
            build(ws, old, result)
            result.files = list(ws.order)
            result.preview = ws.preview()
            result.earlier_errors = sum(1 for d in old.diagnostics if d.severity == "error")
            if not ws.order:
                result.changed = False
                return result
            ws.verify()
            new_files = ws.new_files()
            new = open_base(root, extra_files=dict(new_files))
            result.diagnostics = _brought(old.diagnostics, new.diagnostics)
            result.ok = not any(d.severity == "error" for d in result.diagnostics)
            if not result.ok or dry_run:
                return result
            # Nothing written yet: a file changed meanwhile means recompute.
            changed = [rel for rel in ws.order if read_snapshot(root / rel) != ws.docs[rel].original]  # type: ignore[attr-defined]
            if changed:
                if attempt + 1 < ATTEMPTS:
                    continue
                raise ChangedOnDisk(root / changed[0])
            for rel in ws.order:
                path = root / rel
                path.parent.mkdir(parents=True, exist_ok=True)
                remove_stale_temps(path.parent)
                try:
                    atomic_write(path, new_files[rel], expected=ws.docs[rel].original)  # type: ignore[attr-defined]
                except ChangedOnDisk as e:
                    if result.written:
                        raise ChangedOnDisk(
                            e.path,
                            f"{rel} changed on disk while claimcheck was editing it; it was not overwritten, "
                            f"but {', '.join(result.written)} already was: check the base with 'claimcheck validate'",
                        ) from None
                    raise
                result.written.append(rel)
            return result
    raise AssertionError("unreachable")
