"""Shared test fixtures: hand-made claim bases and the hypothesis profiles.

``make_base(tmp_path, sources=..., files={...})`` writes a small claim base and
returns its root. It is both a plain function (``from tests.conftest import
make_base``) and a fixture of the same name that returns that function.

Hypothesis profiles: ``ci`` (the default: bounded, so the fuzz tests stay well
under a minute on two cores) and ``long`` (a campaign). Pick one with
``HYPOTHESIS_PROFILE=long`` or ``pytest --hypothesis-profile=long``.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any, Mapping

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=60,
    deadline=timedelta(seconds=5),  # one small example taking 5 s is a hang
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.register_profile(
    "long",
    max_examples=20_000,
    deadline=timedelta(seconds=5),
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(autouse=True, scope="session")
def _session_cache(tmp_path_factory):
    """Commands run by the tests use a cache folder of the session's own,
    never the developer's (~/.cache/claimcheck): shared by every test, so
    the tests also run on what earlier tests left in it."""
    folder = tmp_path_factory.mktemp("claimcheck-cache")
    folder.chmod(0o700)
    before = os.environ.get("CLAIMCHECK_CACHE_DIR")
    os.environ["CLAIMCHECK_CACHE_DIR"] = str(folder)
    yield folder
    if before is None:
        os.environ.pop("CLAIMCHECK_CACHE_DIR", None)
    else:
        os.environ["CLAIMCHECK_CACHE_DIR"] = before


# A small valid sources.yaml: three stances (one neutral), four sources.
SOURCES_YAML = """\
stances:
  government: Government and its allies
  opposition: Armed opposition
  independent: {description: No side in the conflict, neutral: true}
sources:
  - id: gov
    name: Ministry of Defence
    kind: government
    stance: government
    reliability: D
  - id: gov-tv
    name: State TV
    kind: outlet
    stance: government
    part_of: gov
  - id: monitor
    name: Independent Monitor
    kind: monitor
    stance: independent
    reliability: B
  - id: rebels
    name: Rebel Command
    kind: armed-group
    stance: opposition
    reliability: E
"""

# A small valid claims file against SOURCES_YAML.
CLAIMS_YAML = """\
topics:
  town/killed:
    title: People killed in the town
    unit: people
claims:
  - id: gov-killed
    statement: The ministry says 40 people were killed.
    claimant: gov
    topic: town/killed
    figure: 40
    as_of: 2018-05-01
    status: unverified
    reported_by:
      - outlet: gov-tv
        date: 2018-05-02
        quote: Forty people were killed, the ministry said.
  - id: monitor-killed
    statement: The monitor counts about 300 dead.
    claimant: monitor
    topic: town/killed
    figure: about 300
    status: unverified
    notes: Counted from hospital records.
"""


def _as_bytes(content: Any) -> bytes:
    if isinstance(content, bytes):
        return content
    if isinstance(content, str):
        return content.encode("utf-8")
    import yaml

    return yaml.safe_dump(content, allow_unicode=True, sort_keys=False).encode("utf-8")


def make_base(
    tmp_path: Path,
    sources: Any = SOURCES_YAML,
    files: Mapping[str, Any] | None = None,
) -> Path:
    """Write a claim base under ``tmp_path/base`` and return its root.

    ``sources`` is the content of sources.yaml and each value of ``files``
    (relative path -> content, e.g. ``{"claims/a.yaml": CLAIMS_YAML}``) the
    content of one file: text, bytes, or plain data dumped as YAML. ``None``
    for ``sources`` leaves sources.yaml out. ``claims/`` always exists.
    """
    root = tmp_path / "base"
    (root / "claims").mkdir(parents=True, exist_ok=True)
    if sources is not None:
        (root / "sources.yaml").write_bytes(_as_bytes(sources))
    for rel, content in (files or {}).items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(_as_bytes(content))
    return root


@pytest.fixture(name="make_base")
def make_base_fixture():
    """The :func:`make_base` function, for tests that prefer a fixture."""
    return make_base
