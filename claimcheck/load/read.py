"""Reading every file of a base into the model, with each file's own problems.

:func:`read_base` reads ``sources.yaml`` and the claim files (in worker
processes for a large base: :mod:`.parallel`), checks the shape of every
record (:mod:`claimcheck.rules.records`), notes each problem with the
pointer to its place (its line and column are found when it is printed),
and builds the model (:mod:`.build`). With a cache (:mod:`.cache`), a file
whose bytes it has seen is not parsed: its result is read back
(:mod:`.entry`). The checks between records come after, in
:func:`claimcheck.base.open_base`.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from ..diagnostics import Diagnostic, unplaced_by_file
from ..model import Base
from ..rules.records import Problem, check_claims_file, check_sources_file
from . import entry, fast, parallel, sharing
from .build import add_claims, build_sources, claims_of
from .cache import Store, key_of
from .entry import CachedFile
from .fast import FastFile, read_fast_bytes
from .find import CLAIMS_DIR, SOURCES_FILE, YAML_SUFFIXES, iter_claim_files
from .strict import LoadedFile, load_bytes, load_file


def diagnostics_of(lf: LoadedFile, problems: list[Problem]) -> list[Diagnostic]:
    """The problems of one file as diagnostics, placed when printed."""
    rel = lf.rel
    return [Diagnostic.at_pointer(rel, pr.pointer, pr.code, pr.message, pr.severity, pr.target) for pr in problems]


class Listing:
    """The files of a base, in reading order (``sources.yaml``, then the
    claim files sorted), each with its bytes and, given a cache, its key.
    ``problems``: the files refused while listing (CC111)."""

    def __init__(self, root: Path, *, extra_files: dict[str, bytes] | None = None, store: Store | None = None,
                 parser: str | None | object = ..., read: bool = True) -> None:
        self.root = root
        if parser is ...:  # the reader every command uses (CLAIMCHECK_PARSER, yaml-rs installed or not)
            parser = parser_name(fast.reader())
        self.parser = parser
        self.salt = store.salt if store is not None and parser is not None else None
        extra = dict(extra_files or {})
        self.problems: list[Diagnostic] = []
        listed: list[tuple[Path, str]] = []
        for path, rel, problem in iter_claim_files(root):
            if problem is not None:
                self.problems.append(problem)
            else:
                listed.append((path, rel))
        on_disk = {rel for _, rel in listed}
        for rel in sorted(extra):
            if rel.startswith(CLAIMS_DIR + "/") and rel.endswith(YAML_SUFFIXES) and rel not in on_disk:
                listed.append((root / rel, rel))
        listed.sort(key=lambda t: t[1])
        listed.insert(0, (root / SOURCES_FILE, SOURCES_FILE))
        #: (path, rel, bytes or None, key or None): None bytes where the file
        #: is not read here (not a regular file, too large, unreadable: the
        #: reader reports it), or ``read`` is False (a reader of the caller's).
        self.files: list[tuple[Path, str, bytes | None, str | None]] = []
        self._stats: list[tuple[int, int] | None] = []
        for path, rel in listed:
            st = None
            if rel in extra:
                raw = extra[rel]
            else:
                st = _stat(path) if self.salt is not None and read else None  # before the bytes: see unchanged()
                raw = fast.file_bytes(path) if read else None
            # a file given in memory is never cached: its positions are in its bytes, not on disk
            key = key_of(self.salt, parser, rel, raw) if self.salt is not None and raw is not None and rel not in extra \
                else None
            self.files.append((path, rel, raw, key))
            self._stats.append(st if key is not None else None)
        #: How many files were parsed (not read back from the cache).
        self.misses = 0
        #: The files given in memory (they keep their bytes, for their positions).
        self.extra = frozenset(extra)

    def unchanged(self) -> bool:
        """No file listed with a key has changed on disk since it was read
        (by its time and size): positions found by reading a file again are
        those of the bytes its key names, and may be kept."""
        return all(st is None or _stat(f[0]) == st for f, st in zip(self.files, self._stats))

    @property
    def complete(self) -> bool:
        """Every file has a key (so the base as a whole has one)."""
        return self.salt is not None and all(key is not None for _, _, _, key in self.files)


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


def parser_name(reader) -> str | None:
    """How files are read, for the cache's keys: None for a reader of the
    caller's (tests), whose results are never cached."""
    if reader is fast.read_fast:
        return "fast"
    if reader is load_file:
        return "strict"
    return None


def read_base(base: Base, *, reader=None, extra_files: dict[str, bytes] | None = None, store: Store | None = None,
              listing: Listing | None = None, memo: dict[str, dict] | None = None) -> Listing:
    """Read every file of ``base.root`` into ``base``: files, model, and each
    file's own diagnostics. ``extra_files`` (relative name -> bytes) replace or
    add files in memory; ``reader`` replaces the file reader (tests);
    ``store`` is the cache; ``listing`` the files already listed (and
    hashed); ``memo`` positions known from an earlier run (relative name ->
    {(pointer, target): position}) for files read back from the cache.
    Returns the listing."""
    root = base.root
    custom_reader = reader
    reader = reader or fast.reader()
    parser = parser_name(reader) if custom_reader is None else None
    if listing is None:
        listing = Listing(root, extra_files=extra_files, store=store, parser=parser, read=custom_reader is None)
    if listing.salt is None:
        store = None
    diags = base.findings
    diags.extend(listing.problems)
    memo = memo or {}
    files = listing.files

    path, rel, raw, key = files[0]
    src = None
    if store is not None and key is not None:
        src = _cached_sources(store.get("sources", key), path, rel, key, memo.get(rel), diags)
    if src is None:
        src = _parse(path, rel, raw, reader, rel in listing.extra)
        problems = check_sources_file(src.data) if src.data is not None else []
        diags.extend(src.diagnostics)
        diags.extend(_problem_diagnostics(src, problems))
        if store is not None and key is not None:
            store.put("sources", key, json.dumps({"file": json.loads(entry.encode(
                src.data is not None, src.diagnostics, problems, [], [], _positions(src, problems))), "data": src.data}))
    base.files.append(src)
    files[0] = (path, rel, None, key)
    if src.data is not None:
        build_sources(base, src)

    claims = files[1:]
    results: list = [None] * len(claims)
    missed = []
    for k, (path, rel, raw, key) in enumerate(claims):
        if store is not None and key is not None:
            got = store.get("file", key)
            if got is not None:
                try:
                    results[k] = entry.decode(got, rel)
                    continue
                except Exception:  # anything an entry that is not ours can hold: a miss
                    pass
        missed.append(k)
    listing.misses = len(missed) + (0 if isinstance(src, CachedFile) else 1)
    ahead = _read_ahead(claims, missed, store, reader, listing.extra) if custom_reader is None else None
    pack = ahead is not None  # a large base: its files' data is kept packed
    try:
        for k, (path, rel, raw, key) in enumerate(claims):
            done = results[k]
            got = next(ahead) if ahead is not None and k in ahead.wanted else None
            # the bytes are not kept (a worker has its own copy): only files ahead may still be read here
            files[k + 1] = claims[k] = (path, rel, None, key)
            if done is not None:  # read back from the cache
                lf = CachedFile(path, rel, key, done.diagnostics, memo.get(rel))
                diags.extend(done.diagnostics)
                diags.extend(_problem_diagnostics(lf, done.problems, done.positions))
                base.files.append(lf)
                add_claims(base, lf, done.topics, done.claims)
                continue
            if type(got) is tuple:  # read, checked and stored by a worker
                try:
                    done = entry.decode(json.loads(got[1]), rel)
                except Exception:  # never expected (the worker wrote it): this process reads the file
                    done = None
                if done is not None:
                    lf = FastFile(path=path, rel=rel, packed=got[0], raw=raw if rel in listing.extra else None)
                    diags.extend(diagnostics_of(lf, done.problems))
                    base.files.append(lf)
                    add_claims(base, lf, done.topics, done.claims)
                    continue
                got = None
            here = got if got is not None else _read_here(path, rel, raw, reader, rel in listing.extra, store, key, pack)
            base.files.append(here.lf)
            diags.extend(here.diagnostics)
            add_claims(base, here.lf, here.topics, here.claims)
    finally:
        if ahead is not None:
            ahead.close()  # the workers are done (or not needed): stop them before the checks run
    return listing


def _parse(path: Path, rel: str, raw: bytes | None, reader, in_memory: bool = False) -> LoadedFile:
    """One file read from its bytes as ``reader`` reads the file. A file
    given in memory keeps its bytes (its positions are found there, never in
    what the disk holds); one read from disk does not (a large base would
    hold all its text twice), and is read again for its positions."""
    if raw is None:
        return reader(path, rel)
    if reader is fast.read_fast:
        return read_fast_bytes(raw, rel, path) if in_memory else fast.read_bytes(raw, path, rel)
    if reader is load_file:
        return load_bytes(raw, rel, path)
    return reader(path, rel)


def _positions(lf: LoadedFile, problems: list[Problem]) -> list | None:
    """The positions of a strictly read file's problems (known at no cost,
    kept with them in the cache); None for a file read by the fast path."""
    if not lf.positions_known or not problems:
        return None
    return [list(lf.locate(p.pointer, p.target)) for p in problems]


def _problem_diagnostics(lf, problems: list[Problem], positions: list | None = None) -> list[Diagnostic]:
    if positions is None and lf.positions_known:
        positions = _positions(lf, problems)
    if positions is None:
        return diagnostics_of(lf, problems)
    rel = lf.rel
    return [Diagnostic(rel, pos[0], pos[1], pr.code, pr.message, pr.severity, pos[2], pos[3])
            for pr, pos in zip(problems, positions)]


def _cached_sources(got, path: Path, rel: str, key: str, memo, diags: list[Diagnostic]):
    """sources.yaml read back from the cache: its file (data included), or None."""
    if type(got) is not dict or set(got) != {"file", "data"}:
        return None
    try:
        done = entry.decode(got["file"], rel)
    except Exception:  # anything an entry that is not ours can hold: a miss
        return None
    data = got["data"]
    if done.parsed != (data is not None):
        return None
    lf = CachedFile(path, rel, key, done.diagnostics, memo, data=data)
    diags.extend(done.diagnostics)
    diags.extend(_problem_diagnostics(lf, done.problems, done.positions))
    return lf


@dataclass(slots=True)
class _Here:
    """One claims file read by this process: the file, its own diagnostics
    (reading problems, then shape problems), its topics and claims."""

    lf: LoadedFile
    diagnostics: list[Diagnostic]
    topics: list
    claims: list


def _read_here(path: Path, rel: str, raw: bytes | None, reader, in_memory: bool, store: Store | None,
               key: str | None, pack: bool) -> _Here:
    """One claims file parsed, checked and built by this process (and kept
    in the cache); ``pack``: its data is kept packed (a large base)."""
    lf = _parse(path, rel, raw, reader, in_memory)
    diags = list(lf.diagnostics)
    if lf.data is None:
        topics, records, problems = [], [], []
    else:
        problems = check_claims_file(lf.data)
        topics, records = claims_of(lf.data, rel)
        diags.extend(_problem_diagnostics(lf, problems))
    if store is not None and key is not None:
        try:
            store.put("file", key, entry.encode(lf.data is not None, lf.diagnostics, problems, topics,
                                                records, _positions(lf, problems)))
        except entry.Uncacheable:
            pass
    if pack and type(lf) is FastFile:
        lf.pack()
    return _Here(lf, diags, topics, records)


class _Ahead:
    """The results of the files shared with worker processes, in file order:
    a worker's (its data packed, its result as JSON text), a :class:`_Here`
    where this process read the file itself, or None where it must."""

    def __init__(self, shared, wanted: set[int]) -> None:
        self.shared = shared  # each piece's results, a list
        self.wanted = wanted
        self.left: list = []

    def __next__(self):
        while not self.left:
            self.left = next(self.shared)[::-1]
        return self.left.pop()

    def close(self) -> None:
        self.shared.close()


#: The files of a large base are handed out about this many at a time (one
#: file per piece for a base of up to that many files): the processes finish
#: within a file of each other.
READ_PIECES = 1024


def _read_ahead(claims: list[tuple], missed: list[int], store: Store | None, reader,
                extra: frozenset[str]) -> _Ahead | None:
    """Workers sharing the reading of the missed claim files with this
    process (:func:`.sharing.pieces`: each process takes the next files
    when it is free), where they are many enough; None for a serial read.
    A worker parses a file's bytes (read before the fork), checks it,
    builds its topics and claims, stores the result in the cache, and sends
    the data and the result; this process does the same for the files it
    takes, keeping what it built. Files given in memory are read the same
    way."""
    if fast.reader() is not fast.read_fast:  # strict loader forced, or no yaml_rs
        return None
    todo = [k for k in missed if claims[k][2] is not None]
    total = sum(len(claims[k][2]) for k in todo)
    if parallel.jobs(total, len(todo)) < 2:
        return None

    def work_one(k: int):
        path, rel, raw, key = claims[k]
        ok, data = fast.fast_bytes_data(raw)
        if not ok:
            return None  # the main process reads it strictly
        problems = check_claims_file(data)
        topics, records = claims_of(data, rel)
        try:
            text = entry.encode(True, [], problems, topics, records)
        except entry.Uncacheable:
            return None  # the main process reads it
        if store is not None and key is not None:
            store.put("file", key, text)
        import marshal

        return marshal.dumps(data), text

    def work(ks: list[int]) -> list:
        return [work_one(k) for k in ks]

    def own(ks: list[int]) -> list[_Here]:
        out = []
        for k in ks:
            path, rel, raw, key = claims[k]
            out.append(_read_here(path, rel, raw, reader, rel in extra, store, key, True))
        return out

    return _Ahead(sharing.pieces(todo, work, own=own, large=True, count=READ_PIECES), set(todo))


# --- positions found by a worker -------------------------------------------------
# ``validate`` on a large base places thousands of diagnostics (reading each
# file again, :meth:`.fast.FastFile.locate_many`). A worker forked before the
# base is read (:class:`.sharing.Standby`: small, so it copies little) places
# those of part of the files while this process places the others.


def placer() -> sharing.Standby:
    """A worker, forked now, to place diagnostics later (:class:`Placing`)."""
    return sharing.Standby(_locate_file)


def large(root: Path) -> bool:
    """The claims files of ``root`` are many enough to be read by several
    processes (by their sizes on disk: nothing is read)."""
    if parallel.shares(2, True) < 2:  # one CPU, CLAIMCHECK_JOBS=1, not Linux: no need to look
        return False
    sizes = []
    for path, _, problem in iter_claim_files(root):
        if problem is None:
            try:
                sizes.append(path.stat().st_size)
            except OSError:
                pass
    return parallel.jobs(sum(sizes), len(sizes)) > 1


def _locate_file(item: tuple) -> list:
    path, rel, packed, requests = item
    return FastFile(path=path, rel=rel, packed=packed).locate_many(requests)


class Placing:
    """The placing of ``validate``'s diagnostics shared with a worker forked
    when this is made (for a large base only: :func:`large`). Give
    :attr:`early` to :func:`claimcheck.base.open_base`: the CC505 check then
    runs first and its diagnostics' files, about :data:`EARLY_SHARE` of
    them, go to the worker while the other checks run. :meth:`finish` places
    the others here meanwhile (sending the worker about half first, where
    the checks did not run) and takes the worker's positions back; what is
    found is given to the files (:meth:`.fast.FastFile.know`), so placing
    them then costs lookups. A worker that died or stalls leaves its files to
    this process."""

    #: The share of the diagnostics the worker takes when it starts before the
    #: checks after CC505 have run (it has a head start).
    EARLY_SHARE = 0.65

    def __init__(self, root: Path) -> None:
        self.worker = placer() if large(root) else None
        self.asked = False
        self.theirs: list[tuple[FastFile, list]] = []

    @property
    def early(self):
        """The hook for :func:`claimcheck.rules.run.check_base`, or None."""
        return self._early if self.worker is not None else None

    def _early(self, base: Base, found: list[Diagnostic]) -> None:
        self._send(base, found, self.EARLY_SHARE)

    def _send(self, base: Base, found: list[Diagnostic], share: float) -> None:
        self.asked = True
        load = [0, 0]  # diagnostics here, there
        for f, requests in _requests(base, found):
            packed = f.shareable() if type(f) is FastFile else None
            if packed is not None and load[1] <= share * (load[0] + load[1]):
                self.theirs.append((f, requests))
                load[1] += len(requests)
            else:
                load[0] += len(requests)
        if self.theirs and not self.worker.send([(f.path, f.rel, f.shareable(), r) for f, r in self.theirs]):
            self.theirs = []  # the worker is gone: every file is placed here, when asked

    def finish(self, base: Base) -> None:
        if self.worker is None or not self.worker.ready and not self.asked:
            return
        if not self.asked:
            self._send(base, [], 0.5)
        if not self.theirs:
            return
        sent = {id(f) for f, _ in self.theirs}
        t = time.monotonic()
        for f, requests in _requests(base, []):
            if id(f) not in sent:
                found = f.locate_many(requests)
                if type(f) is FastFile:
                    f.know(requests, found)
        results = self.worker.results(sharing.stall_limit(time.monotonic() - t))
        if results is None:
            return  # the worker died or stalled: its files are placed here, when asked
        for (f, requests), (ok, found) in zip(self.theirs, results):
            if ok:
                f.know(requests, found)

    def close(self) -> None:
        if self.worker is not None:
            self.worker.close()


def _requests(base: Base, found: list[Diagnostic]) -> list[tuple[LoadedFile, list]]:
    """Each file holding diagnostics still at a pointer (``base``'s, its
    acknowledged warnings, and ``found``), with their (pointer, target)."""
    wanted = base.findings + [d for d, _ in base.ignored_findings] + found
    out = []
    for rel, ks in unplaced_by_file(wanted).items():
        f = base.file(rel)
        if f is not None:
            out.append((f, [(wanted[k].pointer, wanted[k].target) for k in ks]))
    return out


# --- a base from files read elsewhere -----------------------------------------
# Reading a file (its syntax, the shape of its records) depends on its name and
# bytes only, so one reading can serve several bases: ``claimcheck diff``
# builds the two sides of a change from one reading of the files they share,
# and files of a git revision come as bytes, not from a folder.


@dataclass(slots=True)
class FileRead:
    """One file as read and checked on its own: the loaded file and its own
    diagnostics (reading problems, then the shape problems of its records,
    placed when printed). Not changed by building a base from it, so bases
    may share it, and its topics and claims (:meth:`model`, built once: the
    model's records are never changed once built)."""

    lf: LoadedFile
    diagnostics: list[Diagnostic]
    _model: tuple | None = None

    def model(self) -> tuple[list, list]:
        """(topics, claims) of a claims file, as :func:`.build.claims_of` gives them."""
        if self._model is None:
            self._model = claims_of(self.lf.data, self.lf.rel)
        return self._model


def file_read(lf: LoadedFile, problems: list[Problem] | None = None) -> FileRead:
    """``lf`` with its own diagnostics; ``problems``: its shape problems where
    already found (a worker process checked it), else they are found here."""
    diags = list(lf.diagnostics)
    if lf.data is not None:
        if problems is None:
            problems = (check_sources_file if lf.rel == SOURCES_FILE else check_claims_file)(lf.data)
        if problems:
            diags.extend(_problem_diagnostics(lf, problems))
    return FileRead(lf, diags)


def read_bytes(raw: bytes, rel: str, path: Path) -> FileRead:
    """One file given as bytes (``rel`` decides whether it is read as
    sources.yaml or a claims file; ``path`` is where it would be on disk, kept
    for messages only: positions are found in ``raw``)."""
    if fast.reader() is fast.read_fast:
        lf = read_fast_bytes(raw, rel, path)
    else:
        lf = load_bytes(raw, rel, path)
    return file_read(lf)


def read_many_bytes(items: list[tuple[bytes, str, Path]]) -> list[FileRead]:
    """:func:`read_bytes` of each (bytes, relative name, path), in order:
    shared with worker processes where they are many enough in all (as
    :func:`read_base` reads a folder), a worker parsing and checking a file
    and sending its data back packed."""
    if fast.reader() is not fast.read_fast or parallel.jobs(sum(len(raw) for raw, _, _ in items), len(items)) < 2:
        return [read_bytes(*it) for it in items]

    def work_one(k: int):
        raw, rel, _ = items[k]
        ok, data = fast.fast_bytes_data(raw)
        if not ok:
            return None  # the main process reads it strictly
        import marshal

        return marshal.dumps(data), (check_sources_file if rel == SOURCES_FILE else check_claims_file)(data)

    def work(ks: list[int]) -> list:
        return [work_one(k) for k in ks]

    def own(ks: list[int]) -> list[FileRead]:
        return [read_bytes(*items[k]) for k in ks]

    out: list[FileRead] = []
    for results in sharing.pieces(list(range(len(items))), work, own=own, large=True, count=READ_PIECES):
        for got in results:
            raw, rel, path = items[len(out)]
            if type(got) is FileRead:
                out.append(got)
            elif got is None:
                out.append(read_bytes(raw, rel, path))
            else:
                out.append(file_read(FastFile(path=path, rel=rel, packed=got[0], raw=raw), got[1]))
    return out


def read_disk_file(path: Path, rel: str) -> FileRead:
    """One file read from disk as :func:`read_base` reads it."""
    return file_read(fast.reader()(path, rel))


def build_base(base: Base, sources: FileRead, claims: Iterable[FileRead],
               problems: Iterable[Diagnostic] = ()) -> None:
    """Fill ``base`` (files, model, each file's own diagnostics) from files
    already read, as :func:`read_base` does from its folder: ``sources``, then
    ``problems`` (files that could not be listed), then ``claims`` in the
    order given (sorted by name, as the loader lists them)."""
    diags = base.findings
    base.files.append(sources.lf)
    diags.extend(sources.diagnostics)
    if sources.lf.data is not None:
        build_sources(base, sources.lf)
    diags.extend(problems)
    for fr in claims:
        base.files.append(fr.lf)
        diags.extend(fr.diagnostics)
        if fr.lf.data is not None:
            add_claims(base, fr.lf, *fr.model())
