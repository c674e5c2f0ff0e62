"""The two sides of a change: the base at a revision, or in the work tree.

Each side is built with the loader and model every command uses
(:func:`claimcheck.base.open_files`). A file is read once however many sides
hold it: files are keyed by their name and git blob id, and a file whose id
is the same on both sides is one :class:`~claimcheck.load.read.FileRead`
shared by both bases (the work tree's files are hashed as git would hash
them). Only the blobs of files that differ are read from git, by one
``git cat-file`` process. The new side is checked as ``validate`` checks it;
the old side is only built (the diff reports whether the change leaves the
base valid, not whether it was before).

``files`` (a mapping (name, blob id) -> FileRead) keeps files read, and can
be given: a persistent cache of read files can stand in for the in-memory
dict without anything else changing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import MutableMapping

from ..base import open_files
from ..diagnostics import Diagnostic
from ..load.find import SOURCES_FILE, iter_claim_files
from ..load.fast import file_bytes
from ..load.read import FileRead, read_disk_file, read_many_bytes
from ..load.strict import LoadedFile
from ..model import Base
from . import git
from .git import Entry, Repo

WORK_TREE = "working tree"

#: (base-relative name, blob id) -> the file as read.
FileStore = MutableMapping[tuple[str, str], FileRead]


@dataclass
class Snapshot:
    """One side of the comparison."""

    label: str  # the revision as given, "merge-base(HEAD, main)", or "working tree"
    commit: str | None  # None: the work tree
    base: Base
    reads: dict[str, FileRead] = field(default_factory=dict)  # name -> the file as read (sources.yaml included)
    blobs: dict[str, str | None] = field(default_factory=dict)  # name -> blob id (None: not hashed)


@dataclass
class Revisions:
    """Which two sides to compare, resolved."""

    repo: Repo
    old: tuple[str, str]  # (label, commit)
    new: tuple[str, str] | None  # None: the work tree


def revisions(root: Path, rev: str | None = None, rev2: str | None = None) -> Revisions:
    """The sides ``claimcheck diff [REV] [REV2]`` compares: REV and REV2;
    REV and the work tree; the merge base of HEAD and its upstream (else
    ``main``) and the work tree. :class:`git.GitError` names what is wrong."""
    for name in (rev, rev2):
        if name is not None:
            git.check_rev_name(name)
    repo = git.repo_of(root)
    if rev is None:
        old = git.default_base(repo)
    else:
        old = (rev, git.resolve(repo, rev))
    new = (rev2, git.resolve(repo, rev2)) if rev2 is not None else None
    return Revisions(repo, old, new)


def read_sides(root: Path, revs: Revisions, *, files: FileStore | None = None) -> tuple[Snapshot, Snapshot]:
    """(old, new): both sides built, the new one checked."""
    root = Path(root)
    store: FileStore = {} if files is None else files
    repo = revs.repo
    old_tree = git.tree(repo, revs.old[1])
    if revs.new is None:
        new_reads, new_blobs, problems = _work_tree(root, repo, store)
        new_label, new_commit = WORK_TREE, None
    else:
        new_tree = git.tree(repo, revs.new[1])
        _fetch(root, repo, store, [old_tree, new_tree])
        new_reads, new_blobs = _revision(root, new_tree, store, revs.new[0])
        problems = []
        new_label, new_commit = revs.new
    _fetch(root, repo, store, [old_tree])
    old_reads, old_blobs = _revision(root, old_tree, store, revs.old[0])
    old = Snapshot(revs.old[0], revs.old[1], _build(root, old_reads, [], check=False), old_reads, old_blobs)
    new = Snapshot(new_label, new_commit, _build(root, new_reads, problems, check=True), new_reads, new_blobs)
    return old, new


def _build(root: Path, reads: dict[str, FileRead], problems: list[Diagnostic], check: bool) -> Base:
    claims = [reads[rel] for rel in sorted(reads) if rel != SOURCES_FILE]
    return open_files(root, reads[SOURCES_FILE], claims, problems=problems, check=check)


def _missing(root: Path, rel: str, why: str) -> FileRead:
    d = Diagnostic(rel, 1, 1, "CC111", why)
    return FileRead(LoadedFile(root / rel, rel, diagnostics=[d], positions_known=True), [d])


def _fetch(root: Path, repo: Repo, store: FileStore, trees: list[dict[str, Entry]]) -> None:
    """Read into ``store`` every regular file of ``trees`` it lacks."""
    wanted = {(rel, e.blob) for t in trees for rel, e in t.items()
              if e.mode in git.FILE_MODES and (rel, e.blob) not in store}
    if not wanted:
        return
    blobs = git.read_blobs(repo, sorted({b for _, b in wanted}))
    order = sorted(wanted)
    for key, fr in zip(order, read_many_bytes([(blobs[blob], rel, root / rel) for rel, blob in order])):
        store[key] = fr


def _revision(root: Path, tree: dict[str, Entry], store: FileStore, label: str) -> tuple[dict, dict]:
    reads: dict[str, FileRead] = {}
    blobs: dict[str, str | None] = {}
    for rel, e in tree.items():
        blobs[rel] = e.blob
        if e.mode in git.FILE_MODES:
            reads[rel] = store[(rel, e.blob)]
        else:  # a symlink: its target is not read from a revision
            reads[rel] = _missing(root, rel, f"symlink in {label}: not followed (diff reads regular files only)")
    if SOURCES_FILE not in reads:
        reads[SOURCES_FILE] = _missing(root, SOURCES_FILE, f"no {SOURCES_FILE} in {label}")
        blobs[SOURCES_FILE] = None
    return reads, blobs


def _work_tree(root: Path, repo: Repo, store: FileStore) -> tuple[dict, dict, list[Diagnostic]]:
    """The base's files as they are on disk, read as validate reads them; each
    regular file hashed as git would, and kept in ``store`` under its id."""
    problems: list[Diagnostic] = []
    listed: list[tuple[Path, str]] = []
    for path, rel, problem in iter_claim_files(root):
        if problem is not None:
            problems.append(problem)
        else:
            listed.append((path, rel))
    # each file read once: its bytes are hashed as git would, and parsed (positions come from them too)
    files = [(root / SOURCES_FILE, SOURCES_FILE), *listed]
    raws = {rel: file_bytes(path) for path, rel in files}  # None: not a regular file of readable size
    blobs = {rel: None if raw is None else git.blob_id(raw, repo.object_format) for rel, raw in raws.items()}
    reads: dict[str, FileRead] = {}
    todo: list[tuple[bytes, str, Path]] = []
    for path, rel in files:
        blob, raw = blobs[rel], raws[rel]
        if blob is not None and (rel, blob) in store:
            reads[rel] = store[(rel, blob)]
        elif raw is not None:
            todo.append((raw, rel, path))
        else:  # the loader reports what it finds there
            reads[rel] = read_disk_file(path, rel)
    for (_, rel, _), fr in zip(todo, read_many_bytes(todo)):
        reads[rel] = fr
    for rel, fr in reads.items():
        if blobs[rel] is not None:
            store[(rel, blobs[rel])] = fr
    return reads, blobs, problems
