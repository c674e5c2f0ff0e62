"""Finding, reading and checking a claim base.

``open_base(root)`` reads ``sources.yaml`` and ``claims/**/*.yaml``, checks each
record's shape, builds the :class:`~claimcheck.model.Base` from the records
that are usable, then runs the checks between records. Every problem lands in
``base.diagnostics`` with its file, line and column; nothing here raises on bad
input. Commands that answer questions (conflicts, bias...) use the same base
and may warn that it has errors.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Iterator

from .diagnostics import Diagnostic
from .model import Appearance, Base, Claim, Source, Stance, Topic
from .schema import Problem, check_claims_file, check_sources_file
from .yamlload import LoadedFile

SOURCES_FILE = "sources.yaml"
CLAIMS_DIR = "claims"
YAML_SUFFIXES = (".yaml", ".yml")
ENV_ROOT = "CLAIMCHECK_ROOT"


class NoBase(Exception):
    """No claim base where one was looked for (exit 2)."""


def find_root(option: str | os.PathLike | None = None, cwd: Path | None = None) -> Path:
    """``--root``, else ``$CLAIMCHECK_ROOT``, else the nearest folder at or above
    the working directory that holds ``sources.yaml``."""
    given = option if option is not None else os.environ.get(ENV_ROOT) or None
    if given is not None:
        root = Path(given).expanduser()
        where = "--root" if option is not None else f"${ENV_ROOT}"
        if not root.is_dir():
            raise NoBase(f"{where} {str(given)!r} is not a folder")
        if not (root / SOURCES_FILE).is_file():
            raise NoBase(f"{where} {str(given)!r} holds no {SOURCES_FILE}: not a claim base (create one with 'claimcheck init')")
        return root.resolve()
    here = (cwd or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / SOURCES_FILE).is_file():
            return folder
    raise NoBase(
        f"no claim base found: no {SOURCES_FILE} in {str(here)!r} or any folder above it; "
        f"give --root DIR, set ${ENV_ROOT}, or create one with 'claimcheck init'"
    )


def iter_claim_files(root: Path) -> Iterator[tuple[Path, str, Diagnostic | None]]:
    """Yield (path, relative name, problem) for each YAML file under claims/,
    sorted. Symlinks that loop or lead out of the base are refused, not followed."""
    cdir = root / CLAIMS_DIR
    if not cdir.is_dir():
        return
    root_real = root.resolve()
    if cdir.is_symlink():
        problem = _symlink_problem(cdir, root_real, CLAIMS_DIR)
        if problem is not None:
            yield cdir, CLAIMS_DIR, problem
            return
    out: list[tuple[Path, str, Diagnostic | None]] = []
    for dirpath, dirnames, filenames in os.walk(cdir, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        base = Path(dirpath)
        for d in list(dirnames):
            p = base / d
            if p.is_symlink():
                dirnames.remove(d)
                rel = _rel_name(p, root)
                problem = _symlink_problem(p, root_real, rel)
                out.append((p, rel, problem or Diagnostic(rel, 1, 1, "CC111", "symlinked folder not followed: move the files into claims/")))
        for name in filenames:
            if name.startswith(".") or not name.endswith(YAML_SUFFIXES):
                continue
            p = base / name
            rel = _rel_name(p, root)
            problem = _symlink_problem(p, root_real, rel) if p.is_symlink() else None
            out.append((p, rel, problem))
    out.sort(key=lambda t: t[1])
    yield from out


def _rel_name(p: Path, root: Path) -> str:
    """The name shown in diagnostics. A file name that is not valid UTF-8
    (held by Python as lone surrogates) is shown with ``\\xff`` escapes, so
    JSON, SARIF and the terminal can always encode it."""
    rel = p.relative_to(root).as_posix()
    try:
        rel.encode("utf-8")
    except UnicodeEncodeError:
        rel = rel.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return rel


def _symlink_problem(p: Path, root_real: Path, rel: str) -> Diagnostic | None:
    try:
        target = p.resolve(strict=True)
    except (OSError, RuntimeError):
        return Diagnostic(rel, 1, 1, "CC111", "symlink loops or leads nowhere: refused, not followed")
    if not target.is_relative_to(root_real):
        return Diagnostic(rel, 1, 1, "CC111", "symlink leads out of the claim base: refused, not followed")
    return None


def _resolve(lf: LoadedFile, problems: list[Problem]) -> list[Diagnostic]:
    out = []
    for pr in problems:
        line, col, eline, ecol = lf.locate(pr.pointer, pr.target)
        out.append(Diagnostic(lf.rel, line, col, pr.code, pr.message, pr.severity, eline, ecol))
    return out


def _opt_text(v: Any) -> str | None:
    return v if isinstance(v, str) and v.strip() else None


def _date_text(v: Any) -> str | None:
    if isinstance(v, int) and not isinstance(v, bool):
        return str(v)
    return v if isinstance(v, str) else None


def open_base(root: Path, *, reader=None, extra_files: dict[str, bytes] | None = None,
              evidence: bool | None = None) -> Base:
    """Read and check the whole base. ``extra_files`` (relative name -> bytes)
    replace or add files in memory: authoring checks a new record together
    with the base before anything is written. ``evidence`` True or False
    (with or without id lists) says the caller will ask for every claim's
    evidence: the CC505 check then computes it once for both
    (:func:`claimcheck.xref.compute_evidence` finds it in ``base.memo``).

    The cyclic garbage collector is paused while the base is built (millions
    of acyclic objects made it rescan the growing heap: a third of the time
    of validate on 100,000 claims); a large base is then frozen out of later
    collections (gc.freeze), since it lives as long as the command."""
    import gc

    was_enabled = gc.isenabled()
    gc.disable()
    try:
        base = _open_base(root, reader, extra_files, evidence)
    finally:
        if was_enabled:
            gc.enable()
    if len(base.claim_records) >= FREEZE_AT:
        gc.freeze()
    return base


#: Bases with at least this many claim records are moved out of the garbage
#: collector's sight once built (gc.freeze).
FREEZE_AT = 5000


def _open_base(root: Path, reader, extra_files: dict[str, bytes] | None, evidence: bool | None) -> Base:
    from .yamlload import load_bytes

    custom_reader = reader
    reader = reader or _default_reader()
    base = Base(root=root)
    if evidence is not None:
        from .xref import EVIDENCE_WANTED

        base.memo[EVIDENCE_WANTED] = evidence
    diags = base.diagnostics
    extra = dict(extra_files or {})

    def read(path: Path, rel: str) -> LoadedFile:
        if rel in extra:
            return load_bytes(extra.pop(rel), rel, path)
        return reader(path, rel)

    # sources.yaml
    src = read(root / SOURCES_FILE, SOURCES_FILE)
    base.files.append(src)
    diags.extend(src.diagnostics)
    if src.data is not None:
        diags.extend(_resolve(src, check_sources_file(src.data)))
        _build_sources(base, src)

    # claims
    listed = []
    for path, rel, problem in iter_claim_files(root):
        if problem is not None:
            diags.append(problem)
            continue
        listed.append((path, rel))
    on_disk = {rel for _, rel in listed}
    for rel in sorted(extra):
        if rel.startswith(CLAIMS_DIR + "/") and rel.endswith(YAML_SUFFIXES) and rel not in on_disk:
            listed.append((root / rel, rel))
    listed.sort(key=lambda t: t[1])
    ahead = _read_ahead(listed, extra) if custom_reader is None else None
    from .fastload import FastFile

    try:
        for path, rel in listed:
            got = next(ahead) if ahead is not None else None
            if got is not None:  # read and checked by a worker (claimcheck.parallel)
                lf = FastFile(path=path, rel=rel, data=got[0])
                problems = got[1]
            else:
                lf = read(path, rel)
                problems = None if lf.data is None else check_claims_file(lf.data)
            base.files.append(lf)
            diags.extend(lf.diagnostics)
            if lf.data is None:
                continue
            if problems:
                diags.extend(_resolve(lf, problems))
            _build_claims(base, lf)
    finally:
        if ahead is not None:
            ahead.close()  # the workers are done (or not needed): stop them before the checks run

    from .checks import check_base

    diags.extend(check_base(base))
    diags.sort(key=lambda d: d.sort_key)
    return base


def _read_ahead(listed: list[tuple[Path, str]], extra: dict[str, bytes]):
    """Workers reading the claims files ahead of the loop that builds the
    model, where the base is large enough (:mod:`claimcheck.parallel`); None
    for a serial read. Files given in memory are left to the loop."""
    from . import fastload, parallel

    if fastload.reader() is not fastload.read_fast:  # strict loader forced, or no yaml_rs
        return None
    paths: list[Path | None] = []
    total = 0
    for path, rel in listed:
        if rel in extra:
            paths.append(None)
            continue
        paths.append(path)
        try:
            total += path.stat().st_size
        except OSError:
            pass
    n = parallel.jobs(total, len(listed))
    return parallel.read_ahead(paths, n) if n > 1 else None


def _default_reader():
    from . import fastload

    return fastload.reader()


def _build_sources(base: Base, lf: LoadedFile) -> None:
    data = lf.data
    if not isinstance(data, dict):
        return
    stances = data.get("stances")
    if isinstance(stances, dict):
        for sid, desc in stances.items():
            if isinstance(desc, dict):
                d = desc.get("description")
                base.stances[sid] = Stance(sid, d if isinstance(d, str) else "", desc.get("neutral") is True)
            else:
                base.stances[sid] = Stance(sid, desc if isinstance(desc, str) else "")
    pub = data.get("publisher")
    if isinstance(pub, dict):
        base.publisher = pub
    sources = data.get("sources")
    if not isinstance(sources, list):
        return
    for i, rec in enumerate(sources):
        if not isinstance(rec, dict):
            continue
        sid, name, stance = rec.get("id"), rec.get("name"), rec.get("stance")
        if not (isinstance(sid, str) and isinstance(name, str) and isinstance(stance, str)):
            continue
        if sid in base.sources:
            continue  # reported by checks as a duplicate
        rel_ = rec.get("reliability")
        aliases = rec.get("aliases")
        base.sources[sid] = Source(
            id=sid,
            name=name,
            stance=stance,
            kind=_opt_text(rec.get("kind")),
            reliability=rel_ if rel_ in ("A", "B", "C", "D", "E", "F") else "F",
            declared_reliability=rel_ in ("A", "B", "C", "D", "E", "F"),
            part_of=_opt_text(rec.get("part_of")),
            url=_opt_text(rec.get("url")),
            aliases=tuple(a for a in aliases if isinstance(a, str)) if isinstance(aliases, list) else (),
            notes=_opt_text(rec.get("notes")),
            rel=lf.rel,
            index=i,
        )


_REQUIRED_TEXT = ("id", "statement", "claimant", "topic", "status")


def _build_claims(base: Base, lf: LoadedFile) -> None:
    """Every claim whose required fields are text enters the model, so the
    checks between records see it even when other fields are wrong."""
    from .figures import FigureError, parse_figure

    data = lf.data
    if not isinstance(data, dict):
        return
    topics = data.get("topics")
    if isinstance(topics, dict):
        for tid, attrs in topics.items():
            attrs = attrs if isinstance(attrs, dict) else {}
            t = Topic(
                id=tid,
                title=_opt_text(attrs.get("title")),
                unit=_opt_text(attrs.get("unit")),
                cumulative=attrs.get("cumulative") is True,
                notes=_opt_text(attrs.get("notes")),
                rel=lf.rel,
            )
            base.topic_decls.append((t, lf))
            base.topics.setdefault(tid, t)
    claims = data.get("claims")
    if not isinstance(claims, list):
        return
    rel = lf.rel
    records = base.claim_records
    first = base.claims
    for i, rec in enumerate(claims):
        if type(rec) is not dict and not isinstance(rec, dict):
            continue
        get = rec.get
        cid, statement, claimant, topic, status = get("id"), get("statement"), get("claimant"), get("topic"), get("status")
        if not (isinstance(cid, str) and isinstance(statement, str) and isinstance(claimant, str)
                and isinstance(topic, str) and isinstance(status, str)):
            continue
        fig_raw = get("figure")
        figure = None
        fig_text = None
        if fig_raw is not None:
            try:
                figure = parse_figure(fig_raw)
                fig_text = figure.text
            except (FigureError, TypeError, ValueError):
                figure = None
        rb = get("reported_by")
        apps: list[Appearance] = []
        if isinstance(rb, list):
            for a in rb:
                if isinstance(a, dict) and isinstance(a.get("outlet"), str):
                    apps.append(Appearance(a["outlet"], _date_text(a.get("date")), _opt_text(a.get("quote")), _opt_text(a.get("url"))))
        tags = get("tags")
        claim = Claim(
            id=cid,
            statement=statement,
            claimant=claimant,
            topic=topic,
            status=status,
            about=_opt_text(rec.get("about")),
            figure_text=fig_text,
            figure=figure,
            as_of=_date_text(rec.get("as_of")),
            reported_by=tuple(apps),
            supersedes=_opt_text(rec.get("supersedes")),
            tags=tuple(t for t in tags if isinstance(t, str)) if isinstance(tags, list) else (),
            notes=_opt_text(rec.get("notes")),
            rel=rel,
            index=i,
        )
        records.append(claim)
        if cid not in first:
            first[cid] = claim
