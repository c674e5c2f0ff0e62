"""What the tests share: running the CLI, building small claim bases, fixture files.

* :func:`cli` runs ``claimcheck`` in-process (typer's CliRunner) in the fixed
  environment :data:`CLI_ENV` and fails the test on a traceback;
  :func:`cli_env` is the same environment for a subprocess.
* :func:`make_base` writes a small claim base under ``where/base``: text,
  bytes or data per file, or lists of records made with :func:`src`,
  :func:`clm` and :func:`sd_claim`. :func:`open_valid` opens one and asserts
  it has no error.
* The small bases themselves are files under ``tests/fixtures/bases/`` (see
  ``tests/fixtures/README.md``), read here once: :data:`SOURCES_YAML` and
  :data:`CLAIMS_YAML` (the town base, the default), :data:`CHECKDESK_SOURCES`
  and :data:`CHECKDESK_CLAIMS` (with a publisher, for export and import),
  :data:`SD_SOURCES` (the Islamic State, Amaq and a monitor),
  :data:`BIAS_SOURCES` and :data:`BIAS_CLAIMS` (the bias measures).

Import from here (``from tests.helpers import cli, make_base``), never from
another test module.
"""

from __future__ import annotations

import contextlib
import json
import os
import textwrap
import traceback
from pathlib import Path
from typing import Any, Mapping

import yaml

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# --- fixture files -------------------------------------------------------------------


def fixture_path(rel: str) -> Path:
    """The path of ``tests/fixtures/<rel>``; fails if it is not there (a fixture
    is part of the repository: a missing one is a broken checkout, not a skip)."""
    p = FIXTURES / rel
    assert p.exists(), f"fixture {p} is missing"
    return p


def fixture_text(rel: str) -> str:
    return fixture_path(rel).read_bytes().decode("utf-8")


def fixture_json(rel: str) -> Any:
    return json.loads(fixture_text(rel))


# The town base: three stances (one neutral), four sources, two claims on town/killed.
SOURCES_YAML = fixture_text("bases/town/sources.yaml")
CLAIMS_YAML = fixture_text("bases/town/claims/town.yaml")
# The same town with a publisher block, urls and seven claims of every status
# (what the ClaimReview export makes of them: tests/fixtures/README.md).
CHECKDESK_SOURCES = fixture_text("bases/checkdesk/sources.yaml")
CHECKDESK_CLAIMS = fixture_text("bases/checkdesk/claims/town.yaml")
# The Islamic State, Amaq (part_of it) and a neutral monitor; claims come from sd_claim().
SD_SOURCES = fixture_text("bases/south-damascus/sources.yaml")
SD_TOPICS = """\
topics:
  sd/killed/gov:
    title: Government forces killed
    unit: soldiers
"""
# Seven sources of five stances and seventeen claims on six topics, every
# factor of the bias measures worked out in tests/test_bias.py.
BIAS_SOURCES = fixture_text("bases/bias/sources.yaml")
BIAS_CLAIMS = fixture_text("bases/bias/claims/all.yaml")

# Stances a list of source records gets when make_base is given no others.
STANCES = {
    "government": "Syrian government and its allies",
    "jihadist": "Islamic State and its media",
    "coalition": "U.S.-led coalition",
    "independent": {"description": "No side", "neutral": True},
}

# --- records ---------------------------------------------------------------------------


def src(id, stance, reliability=None, part_of=None, kind="armed-group") -> dict:
    """A source record."""
    d = {"id": id, "name": id.upper(), "kind": kind, "stance": stance}
    if reliability:
        d["reliability"] = reliability
    if part_of:
        d["part_of"] = part_of
    return d


def clm(id, claimant, figure=None, topic="t/killed", status="unverified", as_of=None, outlets=(), supersedes=None,
        **extra) -> dict:
    """A claim record; ``outlets`` are outlet ids or whole ``reported_by`` entries."""
    d = {"id": id, "statement": f"Statement of {id}.", "claimant": claimant, "topic": topic, "status": status}
    if figure is not None:
        d["figure"] = figure
    if as_of:
        d["as_of"] = as_of
    if outlets:
        d["reported_by"] = [o if isinstance(o, dict) else {"outlet": o} for o in outlets]
    if supersedes:
        d["supersedes"] = supersedes
    d.update(extra)
    return d


def sd_claim(id="c1", claimant="isis", topic="sd/killed/gov", status="unverified", extra="", indent=2) -> str:
    """A claim record as text at the list's indentation, for a claims file that
    starts with :data:`SD_TOPICS`; ``extra`` lines are appended as given (write
    them indented by four spaces)."""
    body = f"""\
- id: {id}
  statement: Something was said.
  claimant: {claimant}
  topic: {topic}
  status: {status}
"""
    return textwrap.indent(body, " " * indent) + extra


# --- bases -----------------------------------------------------------------------------


def as_bytes(content: Any) -> bytes:
    if isinstance(content, bytes):
        return content
    if isinstance(content, str):
        return content.encode("utf-8")
    return yaml.safe_dump(content, allow_unicode=True, sort_keys=False).encode("utf-8")


def make_base(
    where: Path,
    files: Mapping[str, Any] | None = None,
    *,
    sources: Any = SOURCES_YAML,
    stances: Mapping[str, Any] | None = None,
    claims: list[dict] | None = None,
    topics: Mapping[str, Any] | None = None,
) -> Path:
    """Write a claim base under ``where/base`` and return its root.

    ``files``: relative path -> content of one file (text, bytes, or data
    dumped as YAML), e.g. ``{"claims/a.yaml": CLAIMS_YAML}``.
    ``sources``: the content of sources.yaml (default: the town base's); a
    list of source records (:func:`src`) is written with ``stances``
    (default :data:`STANCES`); None leaves sources.yaml out.
    ``claims``: claim records (:func:`clm`) for ``claims/claims.yaml``, with
    ``topics``; a topic a claim names and ``topics`` lacks gets its id as title.
    ``claims/`` always exists.
    """
    root = Path(where) / "base"
    (root / "claims").mkdir(parents=True, exist_ok=True)
    if isinstance(sources, list):
        sources = {"stances": dict(stances or STANCES), "sources": sources}
    if sources is not None:
        (root / "sources.yaml").write_bytes(as_bytes(sources))
    all_files = dict(files or {})
    if claims is not None:
        declared = dict(topics or {})
        for c in claims:
            declared.setdefault(c["topic"], {"title": c["topic"]})
        all_files["claims/claims.yaml"] = {"topics": declared, "claims": claims}
    for rel, content in all_files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(as_bytes(content))
    return root


def open_valid(root: Path):
    """``open_base(root)``, asserting it holds no error (warnings are allowed)."""
    from claimcheck.base import open_base

    base = open_base(root)
    errors = [d for d in base.diagnostics if d.severity == "error"]
    assert not errors, errors
    return base


# --- the CLI ---------------------------------------------------------------------------

TODAY = "2026-11-21"  # CC504 (a date in the future) is decided against this day
# What every CLI test runs under: a fixed width and day, no colour, and none of
# the variables of a CI runner or a developer's shell that change the output
# (None: removed for the run).
CLI_ENV: dict[str, str | None] = {
    "COLUMNS": "100",
    "NO_COLOR": "1",
    "CLAIMCHECK_TODAY": TODAY,
    "FORCE_COLOR": None,
    "GITHUB_ACTIONS": None,
    "CLAIMCHECK_ROOT": None,
}


def cli_env(env: Mapping[str, str | None] | None = None, *, pythonpath: bool = False) -> dict[str, str]:
    """``os.environ`` with :data:`CLI_ENV` and ``env`` applied, for a
    subprocess; ``pythonpath=True`` puts this repository first on PYTHONPATH
    (so ``python -m claimcheck`` runs this checkout's code)."""
    out = dict(os.environ)
    for key, value in {**CLI_ENV, **(env or {})}.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = value
    if pythonpath:
        out["PYTHONPATH"] = str(REPO) + os.pathsep + out.get("PYTHONPATH", "")
    return out


def cli(*args: Any, input: str | bytes | None = None, env: Mapping[str, str | None] | None = None,
        cwd: Path | None = None, exit_code: int | None = None):
    """Run ``claimcheck ARGS`` in-process and return typer's Result
    (``exit_code``, ``stdout``, ``stderr``, ``output``).

    Paths among ``args`` are passed as strings. ``env`` is applied over
    :data:`CLI_ENV`; ``cwd`` is the working directory for the run. Fails the
    test if the command raised anything but SystemExit or printed a
    traceback, and, with ``exit_code``, if it exited otherwise.
    """
    from typer.testing import CliRunner

    from claimcheck.cli import app

    argv = [os.fspath(a) if isinstance(a, os.PathLike) else a for a in args]
    with contextlib.chdir(cwd) if cwd is not None else contextlib.nullcontext():
        r = CliRunner().invoke(app, argv, env={**CLI_ENV, **(env or {})}, input=input)
    if r.exception is not None and not isinstance(r.exception, SystemExit):
        raise AssertionError(
            f"claimcheck {' '.join(map(str, argv))} raised:\n" + "".join(traceback.format_exception(*r.exc_info))
        )
    try:
        err = r.stderr
    except ValueError:  # click before 8.2 mixes stderr into output unless asked not to
        err = ""
    assert "Traceback" not in r.output + err, r.output
    if exit_code is not None:
        assert r.exit_code == exit_code, r.output
    return r
