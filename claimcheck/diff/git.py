"""Reading revisions of a claim base from git, never touching the work tree.

Every call runs the ``git`` command with a list of arguments (no shell), in
the repository's top folder, and asks for paths relative to it. A revision
name given by the user is checked (:func:`check_rev_name`) and resolved to a
commit id once (:func:`resolve`); only commit and blob ids are passed on.
Many blobs are read by one ``git cat-file --batch`` process.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..load.find import CLAIMS_DIR, SOURCES_FILE, YAML_SUFFIXES


class GitError(Exception):
    """git cannot answer what was asked: not a repository, an unknown
    revision, no git at all (a usage error, exit 2)."""


#: Modes of ls-tree entries: a regular file, an executable one, a symlink.
FILE_MODES = ("100644", "100755")
SYMLINK_MODE = "120000"


@dataclass(frozen=True)
class Repo:
    top: Path  # the repository's top folder (resolved)
    prefix: str  # the base's folder relative to it, posix ("" at the top)
    object_format: str = "sha1"  # the hash of git's object ids (sha1, or sha256)

    def path(self, rel: str) -> str:
        """A base-relative name as a path from the repository's top."""
        return f"{self.prefix}/{rel}" if self.prefix else rel


@dataclass(frozen=True)
class Entry:
    """One file of a base in a revision: its blob id and mode."""

    blob: str
    mode: str


def _run(args: list[str], cwd: Path, *, check: bool = True) -> subprocess.CompletedProcess:
    try:
        p = subprocess.run(["git", *args], cwd=cwd, stdin=subprocess.DEVNULL, capture_output=True)
    except FileNotFoundError:
        raise GitError("git is not installed (or not on PATH): diff reads the base's revisions with it") from None
    except OSError as e:
        raise GitError(f"cannot run git: {e.strerror}") from None
    if check and p.returncode != 0:
        raise GitError(_first_line(p.stderr) or f"git {args[0]} failed (exit {p.returncode})")
    return p


def _first_line(raw: bytes) -> str:
    for line in raw.decode("utf-8", "replace").splitlines():
        line = line.strip()
        if line:
            return line.removeprefix("fatal: ").removeprefix("error: ")
    return ""


def repo_of(root: Path) -> Repo:
    """The repository holding the base at ``root``; GitError outside one."""
    root = Path(root).resolve()
    p = _run(["rev-parse", "--show-toplevel", "--show-object-format"], root, check=False)
    lines = p.stdout.split(b"\n")
    if p.returncode != 0 or len(lines) < 2:
        why = _first_line(p.stderr)
        if "not a git repository" in why.lower():
            raise GitError(f"the claim base {str(root)!r} is not in a git repository: diff compares revisions of it")
        raise GitError(f"the claim base {str(root)!r}: {why or 'git cannot find its repository'}")
    top = Path(os.fsdecode(lines[0])).resolve()
    fmt = lines[1].decode("ascii", "replace").strip() or "sha1"
    try:
        prefix = root.relative_to(top).as_posix()
    except ValueError:
        raise GitError(f"the claim base {str(root)!r} is outside its repository's folder {str(top)!r}") from None
    return Repo(top, "" if prefix == "." else prefix, fmt)


def check_rev_name(name: str) -> None:
    """Refuse a revision name git could take for an option, or that holds a
    character no revision name has (control characters, a line break)."""
    if not name:
        raise GitError("an empty revision name")
    if name.startswith("-"):
        raise GitError(f"revision {name!r} starts with '-': not a revision name (git would read it as an option)")
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in name):
        raise GitError(f"revision {name!r} holds a control character: not a revision name")


def resolve(repo: Repo, name: str) -> str:
    """The commit id ``name`` names; GitError naming it where none."""
    check_rev_name(name)
    p = _run(["rev-parse", "--verify", "--quiet", f"{name}^{{commit}}"], repo.top, check=False)
    sha = p.stdout.decode("ascii", "replace").strip()
    if p.returncode != 0 or not sha:
        raise GitError(f"unknown revision {name!r}: no such commit in the repository {str(repo.top)!r}")
    return sha


def default_base(repo: Repo) -> tuple[str, str]:
    """(label, commit) of the merge base of HEAD and its upstream branch,
    else of HEAD and ``main``: what a branch changed."""
    head = _run(["rev-parse", "--verify", "--quiet", "HEAD^{commit}"], repo.top, check=False)
    if head.returncode != 0:
        raise GitError(f"the repository {str(repo.top)!r} has no commit yet: nothing to compare with")
    up = _run(["rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{upstream}"], repo.top, check=False)
    other = up.stdout.decode("utf-8", "replace").strip() if up.returncode == 0 else ""
    if not other:
        main = _run(["rev-parse", "--verify", "--quiet", "refs/heads/main^{commit}"], repo.top, check=False)
        if main.returncode != 0:
            raise GitError("no revision given, HEAD has no upstream branch and there is no branch 'main': "
                           "name the revision to compare with (claimcheck diff REV)")
        other = "main"
    mb = _run(["merge-base", "HEAD", resolve(repo, other)], repo.top, check=False)
    sha = mb.stdout.decode("ascii", "replace").strip()
    if mb.returncode != 0 or not sha:
        raise GitError(f"HEAD and {other!r} have no common ancestor: name the revision to compare with")
    return f"merge-base(HEAD, {other})", sha


def is_base_file(rel: str) -> bool:
    """Is this base-relative name one the loader reads: sources.yaml, or a
    YAML file under claims/ with no hidden part (:mod:`claimcheck.load.find`)."""
    if rel == SOURCES_FILE:
        return True
    parts = PurePosixPath(rel).parts
    return (len(parts) >= 2 and parts[0] == CLAIMS_DIR and rel.endswith(YAML_SUFFIXES)
            and not any(p.startswith(".") for p in parts[1:]))


def tree(repo: Repo, commit: str) -> dict[str, Entry]:
    """Base-relative name -> entry of the base's files in ``commit``
    (sources.yaml and claims/**: regular files and symlinks; what else the
    revision holds is not read)."""
    paths = [repo.path(SOURCES_FILE), repo.path(CLAIMS_DIR)]
    p = _run(["--literal-pathspecs", "ls-tree", "-r", "-z", "--full-tree", commit, "--", *paths], repo.top)
    cut = len(repo.prefix) + 1 if repo.prefix else 0
    out: dict[str, Entry] = {}
    for item in p.stdout.split(b"\0"):
        if not item:
            continue
        head, _, name = item.partition(b"\t")
        mode, kind, blob = head.decode("ascii").split(" ")
        if kind != "blob":
            continue  # a submodule
        rel = _name(name)[cut:]
        if is_base_file(rel):
            out[rel] = Entry(blob, mode)
    return out


def _name(raw: bytes) -> str:
    """A path as the loader names files: undecodable bytes as ``\\xff`` escapes."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("utf-8", "backslashreplace")


def read_blobs(repo: Repo, blobs: list[str]) -> dict[str, bytes]:
    """Blob id -> content, read by one ``git cat-file --batch`` process (the
    ids are written by a thread while the answers are read, so neither side
    of the pipes waits on the other)."""
    wanted = list(dict.fromkeys(blobs))
    if not wanted:
        return {}
    try:
        proc = subprocess.Popen(["git", "cat-file", "--batch", "--buffer"], cwd=repo.top, stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    except OSError as e:
        raise GitError(f"cannot run git: {e.strerror}") from None

    def feed() -> None:
        try:
            proc.stdin.write("".join(f"{b}\n" for b in wanted).encode("ascii"))
            proc.stdin.close()
        except OSError:
            pass  # git ended early: its answer says why

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    out: dict[str, bytes] = {}
    try:
        for blob in wanted:
            head = proc.stdout.readline().decode("ascii", "replace").split()
            if len(head) != 3 or head[0] != blob:
                raise GitError(f"git cat-file could not read blob {blob}: {' '.join(head) or 'no answer'}")
            size = int(head[2])
            data = proc.stdout.read(size)
            proc.stdout.read(1)  # the line break after each object
            if len(data) != size:
                raise GitError(f"git cat-file ended while reading blob {blob}")
            out[blob] = data
    finally:
        writer.join()
        proc.stdout.close()
        proc.stderr.close()
        proc.wait()
    return out


def blob_id(raw: bytes, object_format: str = "sha1") -> str:
    """The id git gives a blob of these bytes (so a file of the work tree
    and one of a revision compare without reading the revision's)."""
    h = hashlib.new(object_format if object_format in ("sha1", "sha256") else "sha1")
    h.update(b"blob %d\0" % len(raw))
    h.update(raw)
    return h.hexdigest()
