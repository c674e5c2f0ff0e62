"""Pytest configuration: the hypothesis profiles, the ``slow`` marker, and a
cache folder of the session's own for every command the tests run.

The helpers the tests share (running the CLI, building small claim bases,
reading fixture files) are in tests/helpers.py.

Hypothesis profiles: ``ci`` (the default: bounded, so the fuzz tests stay well
under a minute on two cores) and ``long`` (a campaign). Pick one with
``HYPOTHESIS_PROFILE=long`` or ``pytest --hypothesis-profile=long``.
"""

from __future__ import annotations

import os

import pytest
from datetime import timedelta

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
